# install-common.sh -- sourced by the tests/install-*.sh scripts (it is not
# a test itself): scratch directory, tools, test kernels, and the checks
# they share.
#
# Environment (set by tests/Makefile.am): srcdir, top_builddir,
# abs_top_builddir, CKBOOT_STAGE_DIR, TARGET_CC, TARGET_CFLAGS, QEMU,
# SFDISK, SGDISK.  CKBOOT_INSTALL overrides the program under test.
#
# Copyright (C) 2026 the ckboot developers.  GPLv3+.

: "${srcdir:=.}"
: "${top_builddir:=..}"
: "${abs_top_builddir:=$(cd "$top_builddir" && pwd)}"
: "${CKBOOT_INSTALL:=$abs_top_builddir/util/ckboot-install}"
: "${CKBOOT_STAGE_DIR:=$abs_top_builddir/stage}"
: "${SFDISK:=sfdisk}"
: "${SGDISK:=sgdisk}"
LC_ALL=C
export LC_ALL

me=${0##*/}

fail () { echo "$me: FAIL: $*" >&2; exit 1; }
skip () { echo "$me: SKIP: $*" >&2; exit 77; }
hard () { echo "$me: ERROR: $*" >&2; exit 99; }
need () { command -v "$1" >/dev/null 2>&1 || skip "$1 not found"; }

# Commands run on exit, before the scratch directory goes (losetup -d...).
cleanup=
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ckb-install.XXXXXX") || hard "mktemp failed"
trap 'eval "$cleanup"; rm -rf "$tmp"' 0
trap 'exit 99' 1 2 13 15

test -x "$CKBOOT_INSTALL" || hard "$CKBOOT_INSTALL is not built"
test -r "$CKBOOT_STAGE_DIR/mbr.bin" && test -r "$CKBOOT_STAGE_DIR/loader.bin" ||
	hard "no mbr.bin and loader.bin in $CKBOOT_STAGE_DIR"

# ckinstall ARG... : run ckboot-install on the build tree's stage files,
# keeping stdout in $tmp/out and stderr in $tmp/err (and the log).
ckinstall ()
{
	"$CKBOOT_INSTALL" --directory="$CKBOOT_STAGE_DIR" "$@" \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	cat "$tmp/out" "$tmp/err"
	return $rc
}

# make_kernel FILE KIB: a small valid x86-64 kernel whose file is about
# KIB KiB (a .data array pads it).  It never runs: boot checks use the
# kernels of tests/kernels/.
make_kernel ()
{
	cat >"$tmp/k.c" <<EOF
static volatile char pad[$2 * 1024] = { 1 };
void _start (void) { for (;;) pad[0]++; }
EOF
	${TARGET_CC:-cc} -m64 -ffreestanding -fno-pic -fno-pie -O1 \
		-fno-asynchronous-unwind-tables -fno-stack-protector \
		-nostdlib -static -no-pie -Wl,-Ttext-segment=0x200000 \
		-Wl,-z,max-page-size=4096 -Wl,--build-id=none \
		-o "$1" "$tmp/k.c" || hard "cannot build a test kernel"
}

# A kernel that boots and checks the handoff, if the tests helper's
# kernels are built; boot_check uses it.
boot_kernel=$abs_top_builddir/tests/kernels/handoff.elf

# need_grub [CORE]: GRUB's files as grub-install writes them, from
# Debian's grub-pc-bin: $grubdir/boot.img, and with CORE a core.img for
# an MBR disk made there by grub-mkimage.  Skips the test without them.
grubdir=/usr/lib/grub/i386-pc
need_grub ()
{
	test -r $grubdir/boot.img || skip "grub-pc-bin is not installed"
	test -n "$1" || return 0
	need grub-mkimage
	grub-mkimage -O i386-pc -p /boot/grub -o "$1" biosdisk part_msdos ||
		skip "grub-mkimage cannot make an i386-pc core.img"
}

# kernel_for_boot FILE KIB: the handoff kernel if there is one (so the
# image can be booted), else a made-up one.
kernel_for_boot ()
{
	if test -r "$boot_kernel"; then
		cp "$boot_kernel" "$1"
	else
		make_kernel "$1" "$2"
	fi
}

# boot_check IMAGE: boot IMAGE in QEMU when it holds the handoff kernel
# and QEMU is there; a failed boot fails the test.
boot_check ()
{
	test -r "$boot_kernel" && test -x "$srcdir/qemu-boot" &&
		test -n "$QEMU" || {
		echo "$me: note: not booted (no QEMU or no test kernel)"
		return 0
	}
	"$srcdir/qemu-boot" --timeout=60 "$1" || fail "$1 does not boot"
}

# range_sum FILE OFFSET LENGTH: SHA-256 of LENGTH bytes at OFFSET.
range_sum ()
{
	dd if="$1" bs=64K iflag=skip_bytes,count_bytes skip="$2" count="$3" \
		status=none | sha256sum | cut -d' ' -f1
}

file_size () { stat -c %s "$1"; }

# fill_random FILE FIRST_LBA COUNT: random bytes into sectors.
fill_random ()
{
	dd if=/dev/urandom of="$1" bs=512 seek="$2" count="$3" conv=notrunc \
		status=none || hard "dd failed"
}

# expect_refusal FILE PATTERN ARG...: ckboot-install ARG... must exit 1
# with a message matching the extended regexp PATTERN and leave FILE
# byte-for-byte unchanged (FILE may not exist: it must not appear).
expect_refusal ()
{
	f=$1 pat=$2
	shift 2
	if test -e "$f"; then before=$(sha256sum <"$f"); else before=none; fi
	ckinstall "$@"
	rc=$?
	test $rc = 1 || fail "exit status $rc, expected 1 (refusal)"
	grep -Eq "$pat" "$tmp/err" || fail "no message matching '$pat'"
	if test -e "$f"; then after=$(sha256sum <"$f"); else after=none; fi
	test "$before" = "$after" || fail "$f changed although refused"
}

# area_check FILE LBA KERNEL: the kernel file lies right after the
# loader, which starts at LBA.
area_check ()
{
	lsize=$(file_size "$CKBOOT_STAGE_DIR/loader.bin")
	klba=$(( $2 + (lsize + 511) / 512 ))
	test "$(range_sum "$1" $((klba * 512)) "$(file_size "$3")")" = \
		"$(sha256sum <"$3" | cut -d' ' -f1)" ||
		fail "$1: the kernel is not at LBA $klba"
}

# area_sectors KERNEL: the sectors ckboot's area uses for KERNEL, the
# loader's and the kernel's, each rounded up.
area_sectors ()
{
	echo $(( ($(file_size "$CKBOOT_STAGE_DIR/loader.bin") + 511) / 512 +
		($(file_size "$1") + 511) / 512 ))
}

# outside_sum FILE LBA SECTORS: SHA-256 of every byte of FILE that an
# install whose area uses SECTORS sectors from LBA must not change: all
# but the boot code (bytes 0-439) and those sectors.
outside_sum ()
{
	{
		dd if="$1" bs=64K iflag=skip_bytes,count_bytes skip=440 \
			count=$(($2 * 512 - 440)) status=none
		dd if="$1" bs=64K iflag=skip_bytes skip=$((($2 + $3) * 512)) \
			status=none
	} | sha256sum | cut -d' ' -f1
}

# mbr_image FILE MIB SFDISK-SCRIPT: an image with that MBR table.
mbr_image ()
{
	need "$SFDISK"
	truncate -s "$2M" "$1" || hard truncate
	echo "$3" | "$SFDISK" -q "$1" >/dev/null 2>&1 || hard "sfdisk failed"
}

# gap_image FILE LBA: an 8 MiB MBR image with one bootable partition
# from LBA 8192, full of random data, and "gap data" at LBA in the gap,
# so that a rollback has bytes of the user's to put back.
gap_image ()
{
	mbr_image "$1" 8 'label: dos
start=8192, type=83, bootable'
	fill_random "$1" 8192 4096
	printf 'gap data' | dd of="$1" bs=512 seek="$2" conv=notrunc \
		status=none || hard dd
}

# fault_shim: the path of faultwrite.so, the LD_PRELOAD shim that fails
# or signals at a chosen write (tests/faultwrite.c), in $shim.
fault_shim ()
{
	shim=$abs_top_builddir/tests/.libs/faultwrite.so
	test -r "$shim" || shim=$abs_top_builddir/tests/faultwrite.so
	test -r "$shim" || hard "faultwrite.so is not built"
}

# each_write_corrupted ORIG ARG...: ckboot-install ARG... TARGET with
# its Nth write to TARGET reporting success but with its last byte
# inverted (faultwrite.so), for N = 1, 2, ... until an install succeeds,
# TARGET a copy of ORIG, $tmp/disk.img, and a new image.  Each install
# that fails must exit 1 with one line, the copy restored and the new
# image removed; the lines go to $tmp/caught.  $tmp/disk.img is left
# installed.
each_write_corrupted ()
{
	orig=$1
	shift
	n=1
	: >"$tmp/caught"
	while :; do
		cp "$orig" "$tmp/disk.img"
		FAULT_PATH=$tmp/disk.img FAULT_NTH=$n FAULT_CORRUPT=1 \
			LD_PRELOAD=$shim ckinstall "$@" "$tmp/disk.img" >/dev/null
		rc=$?
		test $rc = 0 && break
		test $rc = 1 || fail "write $n: exit status $rc"
		test "$(wc -l <"$tmp/err")" = 1 || fail "write $n: not one line"
		grep -q 'restored' "$tmp/err" ||
			fail "write $n: no word of the rollback"
		cmp -s "$tmp/disk.img" "$orig" ||
			fail "write $n: the target was not restored"
		cat "$tmp/err" >>"$tmp/caught"

		rm -f "$tmp/new.img"
		FAULT_PATH=$tmp/new.img FAULT_NTH=$n FAULT_CORRUPT=1 \
			LD_PRELOAD=$shim ckinstall "$@" "$tmp/new.img" >/dev/null
		rc=$?
		test $rc = 1 || fail "new image, write $n: exit status $rc"
		test ! -e "$tmp/new.img" ||
			fail "new image, write $n: half-made image left"
		n=$((n + 1))
		test $n -lt 50 || fail "the install never succeeds"
	done
}

# wait_file FILE: wait until FILE exists, as a background helper's sign
# that it holds what it was started to hold; an error after 10 s.
wait_file ()
{
	i=0
	while test ! -e "$1"; do
		sleep 0.1
		i=$((i + 1))
		test $i -lt 100 || hard "the holder did not start ($1)"
	done
}

# stopped_install CHANGE FAULT_PATH NTH SAME ARG...: ckboot-install
# ARG..., stopped by faultwrite.so after its NTH write to FAULT_PATH,
# the shell command CHANGE run meanwhile, then let go on; unless SAME
# is empty, FAULT_SAME_STAT keeps the fstat() of the file SAME as it
# was.  Sets rc; stdout and stderr in $tmp/out and $tmp/err.
stopped_install ()
{
	(fpath=$2 nth=$3 same=$4
	shift 4
	exec env FAULT_PATH="$fpath" FAULT_NTH=$nth FAULT_SIGNAL=STOP \
		${same:+FAULT_SAME_STAT="$same"} LD_PRELOAD="$shim" \
		"$CKBOOT_INSTALL" --directory="$CKBOOT_STAGE_DIR" "$@" \
		>"$tmp/out" 2>"$tmp/err") &
	pid=$!
	wait_stopped $pid
	eval "$1"
	kill -CONT $pid
	wait $pid
	rc=$?
	cat "$tmp/err"
}

# wait_stopped PID: wait until PID is stopped (FAULT_SIGNAL=STOP); fail
# if it ends first or is not stopped within a minute.
wait_stopped ()
{
	i=0
	until test "$(sed 's/.*) \(.\).*/\1/' /proc/$1/stat 2>/dev/null)" = T
	do
		test -e /proc/$1 || fail "it ran to the end without stopping"
		i=$((i + 1))
		test $i -lt 600 || { kill -9 $1; fail "it never stopped"; }
		sleep 0.1
	done
}

# verify STATUS PATTERN FILE: --verify FILE exits with STATUS, FILE
# unchanged, and (for STATUS 1) says PATTERN in its one line on stderr.
verify ()
{
	before=$(sha256sum <"$3")
	"$CKBOOT_INSTALL" --verify "$3" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	cat "$tmp/out" "$tmp/err"
	test $rc = "$1" || fail "$3: --verify exit status $rc, expected $1"
	test "$(sha256sum <"$3")" = "$before" || fail "$3: --verify changed it"
	if test "$1" = 0; then
		test ! -s "$tmp/err" || fail "$3: a message although intact"
		grep -qx "$3: ckboot is intact" "$tmp/out" ||
			fail "$3: not said to be intact"
	else
		test "$(wc -l <"$tmp/err")" -eq 1 || fail "$3: not one line"
		grep -Eq "^ckboot-install: $3: $2" "$tmp/err" ||
			fail "$3: no message matching '$2'"
	fi
}

# put FILE OFFSET BYTES: overwrite bytes (printf escapes) at OFFSET.
put ()
{
	printf "$3" | dd of="$1" bs=1 seek="$2" conv=notrunc status=none ||
		hard dd
}

# damaged OFFSET BYTES PATTERN: $tmp/bad.img, a copy of $img with BYTES
# at OFFSET, fails --verify saying PATTERN.
damaged ()
{
	cp "$img" "$tmp/bad.img" || hard cp
	put "$tmp/bad.img" "$1" "$2"
	verify 1 "$3" "$tmp/bad.img"
}

# ---- modules (ckboot-install --module) ----

# crc32_of FILE: its CRC-32 (IEEE, as ckboot's), 0x and 8 hex digits,
# from the trailer gzip writes.
crc32_of ()
{
	printf '0x%s\n' "$(gzip -c <"$1" | tail -c 8 | od -An -N 4 -t x4 |
		tr -d ' ')"
}

# u32_at FILE OFFSET, u64_at FILE OFFSET: a little-endian number.
u32_at () { od -An -j "$2" -N 4 -t u4 "$1" | tr -d ' '; }
u64_at () { od -An -j "$2" -N 8 -t u8 "$1" | tr -d ' '; }

# plan_lba PLAN WHAT: the first LBA and the sector count of the "WHAT:"
# line ("module table", "module 2") of a plan or a --verify listing.
plan_lba ()
{
	sed -n "s/^$2: *LBA \\([0-9]*\\)[-0-9]* (\\([0-9]*\\) sectors\\{0,1\\}).*/\\1 \\2/p" \
		"$1"
}

# module_check IMAGE PLAN N FILE [STRING]: module N of the dry run PLAN
# is FILE's bytes at the LBA the plan gives, its last sector padded with
# zeros; its table entry has that LBA, FILE's size and CRC-32, and
# STRING (default: FILE's name), NUL-padded.
module_check ()
{
	img=$1 plan=$2 n=$3 mf=$4 str=${5-${4##*/}}
	set -- $(plan_lba "$plan" "module $n")
	lba=$1 sectors=$2
	test -n "$lba" || fail "$img: no module $n in the plan"
	size=$(file_size "$mf")
	test $sectors = $(( (size + 511) / 512 )) ||
		fail "$img: module $n has $sectors sectors for $size bytes"
	dd if="$img" bs=64K iflag=skip_bytes,count_bytes skip=$((lba * 512)) \
		count=$((sectors * 512)) status=none >"$tmp/got"
	head -c "$size" "$tmp/got" | cmp -s - "$mf" ||
		fail "$img: module $n is not $mf at LBA $lba"
	test -z "$(tail -c +$((size + 1)) "$tmp/got" | tr -d '\000')" ||
		fail "$img: module $n's last sector is not padded with zeros"
	set -- $(plan_lba "$plan" "module table")
	e=$(( $1 * 512 + 16 + (n - 1) * 128 ))
	test "$(u64_at "$img" $e)" = "$lba" &&
		test "$(u64_at "$img" $((e + 8)))" = "$size" &&
		test "$(printf '0x%08x' "$(u32_at "$img" $((e + 16)))")" = \
			"$(crc32_of "$mf")" &&
		test "$(u32_at "$img" $((e + 20)))" = ${#str} ||
		fail "$img: table entry $n is not LBA $lba, $size bytes, $mf's CRC-32 and ${#str} bytes of string"
	{ printf '%s' "$str"; head -c $((104 - ${#str})) /dev/zero; } >"$tmp/want"
	dd if="$img" bs=1 skip=$((e + 24)) count=104 status=none |
		cmp -s - "$tmp/want" ||
		fail "$img: table entry $n: not the string '$str'"
}

# table_check IMAGE PLAN COUNT: the module table at the LBA of the dry
# run PLAN has ckboot's magic, COUNT entries of 128 bytes and the
# CRC-32 of them; the rest of its last sector is zeros; the loader
# header counts COUNT modules.
table_check ()
{
	img=$1 plan=$2 count=$3
	set -- $(plan_lba "$plan" "module table")
	lba=$1 sectors=$2
	test -n "$lba" || fail "$img: no module table in the plan"
	test $sectors = $(( (16 + count * 128 + 511) / 512 )) ||
		fail "$img: a table of $sectors sectors for $count modules"
	at=$((lba * 512))
	test "$(dd if="$img" bs=1 skip=$at count=4 status=none)" = CMOD ||
		fail "$img: no module table magic at LBA $lba"
	test "$(u32_at "$img" $((at + 4)))" = "$count" &&
		test "$(u32_at "$img" $((at + 8)))" = 128 ||
		fail "$img: the table does not count $count entries of 128 bytes"
	dd if="$img" bs=64K iflag=skip_bytes,count_bytes skip=$((at + 16)) \
		count=$((count * 128)) status=none >"$tmp/entries"
	test "$(printf '0x%08x' "$(u32_at "$img" $((at + 12)))")" = \
		"$(crc32_of "$tmp/entries")" ||
		fail "$img: the table's CRC-32 is not that of its entries"
	test -z "$(dd if="$img" bs=64K iflag=skip_bytes,count_bytes \
		skip=$((at + 16 + count * 128)) \
		count=$((sectors * 512 - 16 - count * 128)) status=none |
		tr -d '\000')" ||
		fail "$img: the table's last sector is not padded with zeros"
	set -- $(plan_lba "$plan" loader)
	test "$(u32_at "$img" $(($1 * 512 + 16 + 124)))" = "$count" ||
		fail "$img: the loader header does not count $count modules"
}

# unwritten FILE PLAN: the bytes of FILE that the plan's "writes:" line
# does not name, in order, on standard output.
unwritten ()
{
	at=0
	for r in $(sed -n 's/^writes: *//p' "$2" | tr -d ',' |
		sed 's/bytes //g'); do
		from=${r%-*} to=${r#*-}
		dd if="$1" bs=64K iflag=skip_bytes,count_bytes skip=$at \
			count=$((from - at)) status=none
		at=$((to + 1))
	done
	dd if="$1" bs=64K iflag=skip_bytes skip=$at status=none
}
