#!/bin/sh
# ckboot-install --module puts the module table and the modules after
# the kernel: three modules (1 byte, empty, 3 MiB of random bytes, one
# with a --module-string) on a new image, in the gap of an MBR disk, in
# the BIOS boot partition of a GPT disk and on a loop device (as root).
# Each time the table (magic, count, entry size, CRC-32, entries,
# zero padding) and each module's bytes are at the LBAs the dry run
# prints, the loader header counts the modules, --verify lists them as
# the dry run does and finds the install intact, and every byte outside
# the ranges the dry run says it writes is as it was.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"
need "$SGDISK"
need gzip

make_kernel "$tmp/k.elf" 100
printf 'x' >"$tmp/one.bin"
: >"$tmp/empty.bin"
head -c 3000001 /dev/urandom >"$tmp/big.bin" || hard head
string='empty: a string of
two lines'

# install_modules TARGET: the dry run into $tmp/plan, then the install,
# then the checks above.
install_modules ()
{
	t=$1
	ckinstall --dry-run --kernel="$tmp/k.elf" --module="$tmp/one.bin" \
		--module="$tmp/empty.bin" --module-string="$string" \
		--module="$tmp/big.bin" "$t" || fail "$t: dry run refused"
	cp "$tmp/out" "$tmp/plan"
	grep -Eq '^module table: +LBA [0-9]+-[0-9]+ \(1 sector\), 3 entries$' \
		"$tmp/plan" || fail "$t: no module table line"
	grep -Fqx "module 2:       LBA $(plan_lba "$tmp/plan" "module 2" |
		cut -d' ' -f1) (0 sectors), $tmp/empty.bin, 0 bytes, CRC-32 0x00000000; string: empty: a string of\\012two lines" \
		"$tmp/plan" || fail "$t: not the line of the empty module"
	if test -e "$t"; then
		before=$(unwritten "$t" "$tmp/plan" | sha256sum)
	fi
	ckinstall --kernel="$tmp/k.elf" --module="$tmp/one.bin" \
		--module="$tmp/empty.bin" --module-string="$string" \
		--module="$tmp/big.bin" "$t" || fail "$t: install refused"
	test ! -s "$tmp/err" || fail "$t: a message from the install"
	if test -n "$before"; then
		test "$(unwritten "$t" "$tmp/plan" | sha256sum)" = "$before" ||
			fail "$t: a byte outside the writes changed"
	else
		test -z "$(unwritten "$t" "$tmp/plan" | tr -d '\000')" ||
			fail "$t: a byte outside the writes is not zero"
	fi
	table_check "$t" "$tmp/plan" 3
	module_check "$t" "$tmp/plan" 1 "$tmp/one.bin"
	module_check "$t" "$tmp/plan" 2 "$tmp/empty.bin" "$string"
	module_check "$t" "$tmp/plan" 3 "$tmp/big.bin"
	set -- $(plan_lba "$tmp/plan" "module 2")
	set -- $(plan_lba "$tmp/plan" "module 3") "$1"
	test "$1" = "$3" || fail "$t: module 3 does not start where module 2 would"
	"$CKBOOT_INSTALL" --verify "$t" >"$tmp/verify" 2>&1 ||
		fail "$t: --verify: $(cat "$tmp/verify")"
	grep -qx "$t: ckboot is intact" "$tmp/verify" || fail "$t: not intact"
	test "$(grep '^module' "$tmp/verify")" = \
		"$(grep '^module' "$tmp/plan" | sed "s|), $tmp/[a-z]*\.bin, |), |")" ||
		fail "$t: --verify does not list the modules as the dry run does"
	before=
}

# A new image.
before=
install_modules "$tmp/new.img"
area_check "$tmp/new.img" 2048 "$tmp/k.elf"

# An MBR disk whose first partition leaves a 4 MiB gap, with data in
# the partition and at the end of the gap, past where ckboot goes.
mbr_image "$tmp/mbr.img" 16 'label: dos
start=8192, type=83, bootable'
fill_random "$tmp/mbr.img" 8192 24576
fill_random "$tmp/mbr.img" 8000 192
install_modules "$tmp/mbr.img"
area_check "$tmp/mbr.img" 1 "$tmp/k.elf"

# A GPT disk with a 4 MiB BIOS boot partition.
truncate -s 32M "$tmp/gpt.img" || hard truncate
"$SGDISK" --new=1:2048:+4M --typecode=1:ef02 --new=2:0:0 \
	--typecode=2:8300 "$tmp/gpt.img" >/dev/null || hard "sgdisk failed"
fill_random "$tmp/gpt.img" 10240 40960
install_modules "$tmp/gpt.img"
area_check "$tmp/gpt.img" 2048 "$tmp/k.elf"
"$SGDISK" -v "$tmp/gpt.img" >"$tmp/sgdisk" 2>&1
grep -q 'No problems found' "$tmp/sgdisk" || fail "sgdisk -v reports problems"

# A loop device over the MBR disk (read back from the device itself).
if test "$(id -u)" = 0 && command -v losetup >/dev/null 2>&1; then
	mbr_image "$tmp/loop.img" 16 'label: dos
start=8192, type=83, bootable'
	fill_random "$tmp/loop.img" 8192 24576
	if dev=$(losetup -f --show "$tmp/loop.img" 2>/dev/null); then
		cleanup="losetup -d $dev;"
		install_modules "$dev"
		losetup -d "$dev"
		cleanup=
	else
		echo "$me: note: losetup cannot attach; no loop device"
	fi
fi
exit 0
