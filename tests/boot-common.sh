# boot-common.sh -- sourced by tests/boot-*.sh: where things are, a scratch
# directory, and the two steps of every boot test.
#
#   install_kernel KERNEL IMAGE [ckboot-install OPTION]...
#   (install_file FILE IMAGE [OPTION]... for a kernel file of its own)
#   boot IMAGE [qemu-boot OPTION]...        (exits with the verdict)
#
# and, for the tests that damage an installed image on purpose,
# find_kernel, put_byte and fix_crc below.  The helpers' own variables
# start with bc_, so that none of them changes a test's.
#
# The Automake harness exports srcdir, top_builddir, CKBOOT_STAGE_DIR and
# QEMU (tests/Makefile.am); by hand, run from tests/ of the build tree:
#   srcdir=../../tests top_builddir=.. sh ../../tests/boot-handoff-ide.sh
#
# Copyright (C) 2026 the ckboot developers.  GPLv3+.

: "${srcdir:=.}"
: "${top_builddir:=..}"
: "${CKBOOT_STAGE_DIR:=$top_builddir/stage}"
: "${QEMU:=qemu-system-x86_64}"
export QEMU

test_name=$(basename "$0" .sh)
kernels=$top_builddir/tests/kernels
manifests=$srcdir/boot-manifests
ckboot_install=$top_builddir/util/ckboot-install
qemu_boot=$srcdir/qemu-boot

# Skip (77) only when QEMU itself is missing; a missing kernel or
# ckboot-install is a broken build, an ERROR (99).
if ! command -v "$QEMU" >/dev/null 2>&1; then
	echo "$test_name: $QEMU not found: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

install_kernel ()
{
	bc_kernel=$kernels/$1
	shift
	test -f "$bc_kernel" ||
		{ echo "$test_name: $bc_kernel not built"; exit 99; }
	install_file "$bc_kernel" "$@"
}

# install_file FILE IMAGE [OPTION]... -- install_kernel for a kernel
# file of the test's own (a test kernel padded or changed).
install_file ()
{
	bc_kernel=$1
	bc_image=$2
	shift 2
	test -x "$ckboot_install" ||
		{ echo "$test_name: $ckboot_install not built"; exit 99; }
	echo "+ ckboot-install --kernel=$(basename "$bc_kernel") $*" \
		"$(basename "$bc_image")"
	if ! "$ckboot_install" --directory="$CKBOOT_STAGE_DIR" \
		--kernel="$bc_kernel" "$bc_image" "$@"; then
		echo "$test_name: FAIL: ckboot-install refused or failed"
		exit 1
	fi
}

boot ()
{
	bc_image=$1
	shift
	echo "+ qemu-boot $* $(basename "$bc_image")"
	sh "$qemu_boot" "$@" "$bc_image"
	bc_status=$?
	case $bc_status in
	0|1|77|99) exit $bc_status ;;
	*) exit 99 ;;
	esac
}

# boot_keep IMAGE LOG [qemu-boot OPTION]... -- boot, keep the serial log,
# return the verdict instead of exiting.
boot_keep ()
{
	bc_image=$1
	bc_log=$2
	shift 2
	echo "+ qemu-boot $* $(basename "$bc_image")"
	sh "$qemu_boot" --serial="$bc_log" "$@" "$bc_image"
}

# ppm_size PPM -- "WIDTH HEIGHT" of a P6 screendump, as QEMU writes
# them: "P6", the size and "255" on three lines, then the pixels.
ppm_size ()
{
	head -n 2 "$1" | tail -n 1
}

# ppm_pixel PPM X Y -- "R G B" of pixel (X, Y).
ppm_pixel ()
{
	bc_skip=$(head -n 3 "$1" | wc -c)
	set -- "$1" "$2" "$3" $(ppm_size "$1")
	od -An -v -tu1 -j $((bc_skip + ($3 * $4 + $2) * 3)) -N 3 "$1" |
		awk '{ print $1, $2, $3 }'
}

# ppm_halves PPM WIDTH HEIGHT -- the screendump is WIDTH x HEIGHT, red
# at the top, green at the bottom (what tests/kernels/vga.c and fb.c
# paint), checked a quarter in from each corner and at the last pixel.
ppm_halves ()
{
	test "$(ppm_size "$1")" = "$2 $3" || {
		echo "$test_name: FAIL: screendump $(ppm_size "$1"), not $2 $3"
		exit 1
	}
	for bc_at in "$(($2 / 4)) $(($3 / 4)) red" \
		"$(($2 * 3 / 4)) $(($3 / 4)) red" \
		"$(($2 / 4)) $(($3 * 3 / 4)) green" \
		"$(($2 - 1)) $(($3 - 1)) green"; do
		set -- "$1" "$2" "$3" $bc_at
		bc_rgb=$(ppm_pixel "$1" "$4" "$5")
		echo "pixel ($4, $5): $bc_rgb"
		set -- "$@" $bc_rgb
		case $6 in
		red) test "$7" -gt 100 && test "$8" -lt 50 && test "$9" -lt 50 ;;
		*) test "$7" -lt 50 && test "$8" -gt 100 && test "$9" -lt 50 ;;
		esac || {
			echo "$test_name: FAIL: pixel ($4, $5) is not $6"
			exit 1
		}
	done
}

# ppm_fb_blocks PPM WIDTH HEIGHT -- the blue and the mid-grey blocks
# tests/kernels/fb.c paints in the bottom eighth: each colour field
# lands in its own channel, at the depth it claims.
ppm_fb_blocks ()
{
	set -- "$1" "$2" "$3" $(ppm_pixel "$1" $(($2 / 16)) $(($3 - $3 / 16)))
	echo "blue block: $4 $5 $6"
	test "$4" -lt 50 && test "$5" -lt 50 && test "$6" -gt 200 || {
		echo "$test_name: FAIL: the blue block is not blue"
		exit 1
	}
	set -- "$1" "$2" "$3" \
		$(ppm_pixel "$1" $(($2 / 2 + $2 / 16)) $(($3 - $3 / 16)))
	echo "grey block: $4 $5 $6"
	for bc_c in "$4" "$5" "$6"; do
		test "$bc_c" -ge 100 && test "$bc_c" -le 160 || {
			echo "$test_name: FAIL: the grey block is not mid-grey"
			exit 1
		}
	done
}

# le IMAGE OFFSET COUNT -- COUNT little-endian bytes at OFFSET as a number.
le ()
{
	od -An -v -tu1 -j "$2" -N "$3" "$1" |
		awk '{ for (i = 1; i <= NF; i++) b[n++] = $i }
		     END { v = 0
			   for (i = n - 1; i >= 0; i--) v = v * 256 + b[i]
			   printf "%.0f\n", v }'
}

# put_byte IMAGE OFFSET VALUE -- overwrite one byte.
put_byte ()
{
	printf "\\$(printf %o "$3")" |
		dd of="$1" bs=1 seek="$2" count=1 conv=notrunc 2>/dev/null
}

# put_le IMAGE OFFSET COUNT VALUE -- overwrite COUNT bytes, little-endian.
put_le ()
{
	i=0
	v=$4
	while test $i -lt "$3"; do
		put_byte "$1" $(($2 + i)) $((v & 255))
		v=$((v >> 8))
		i=$((i + 1))
	done
}

# find_kernel IMAGE -- set loader_lba, kernel_lba, kernel_size and header
# (the byte offset of struct ckboot_loader_header) the way the boot
# sector and the loader find them (include/ckboot/layout.h): struct
# ckboot_mbr_params at 0x5a gives the loader's LBA, the loader header 16
# bytes into the loader gives the kernel's LBA and size.
find_kernel ()
{
	test "$(dd if="$1" bs=1 skip=$((0x5a)) count=4 2>/dev/null)" = KCB1 ||
		{ echo "$test_name: no ckboot MBR parameters at 0x5a"; exit 1; }
	loader_lba=$(le "$1" $((0x5a + 8)) 8)
	header=$((loader_lba * 512 + 16))
	test "$(dd if="$1" bs=1 skip=$header count=8 2>/dev/null)" = \
		CKBOOTLD || { echo "$test_name: no loader header"; exit 1; }
	kernel_lba=$(le "$1" $((header + 24)) 8)
	kernel_size=$(le "$1" $((header + 32)) 8)
	echo "kernel at LBA $kernel_lba, $kernel_size bytes"
}

# fix_crc IMAGE -- record the CRC-32 of the kernel as it now is in the
# loader header (gzip's trailer carries the same IEEE CRC-32), so a
# damaged kernel gets past the checksum to the checks behind it.
fix_crc ()
{
	crc=$(dd if="$1" bs=512 skip="$kernel_lba" 2>/dev/null |
		head -c "$kernel_size" | gzip -c | tail -c 8 | head -c 4 |
		od -An -tu1 |
		awk '{ printf "%.0f\n", $1 + 256 * ($2 + 256 * ($3 + 256 * $4))
		     }')
	put_le "$1" $((header + 20)) 4 "$crc"
}

# bev_boot ROM LINE [qemu-boot OPTION]... -- install handoff.elf and boot
# it through the test option ROM rom-ROM.rom's bootstrap entry (it
# boots first), which must say LINE on the debug console: the boot went
# that way, not through the BIOS's own.
bev_boot ()
{
	bb_rom=$kernels/rom-$1.rom bb_line=$2
	shift 2
	test -f "$bb_rom" || { echo "$test_name: $bb_rom not built"; exit 99; }
	install_kernel handoff.elf "$tmp/disk.img"
	boot_keep "$tmp/disk.img" "$tmp/serial.log" --memory=64M --timeout=30 \
		--qemu-arg=-option-rom --qemu-arg="$bb_rom,bootindex=0" \
		--qemu-arg=-debugcon --qemu-arg="file:$tmp/bev.log" \
		"$@" || exit $?
	cat "$tmp/bev.log"
	grep -q -x "$bb_line" "$tmp/bev.log" || {
		echo "$test_name: FAIL: the option ROM did not boot the disk"
		exit 1
	}
}
