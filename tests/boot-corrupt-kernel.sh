#!/bin/sh
# boot-corrupt-kernel.sh -- one byte flipped inside the installed kernel:
# the loader's CRC-32 check must say "kernel checksum mismatch" on the
# serial port and halt, not enter the kernel.  The kernel's place is read
# from the image the way the boot sector and the loader find it
# (include/ckboot/layout.h): struct ckboot_mbr_params at 0x5a gives the
# loader's LBA, the loader header 16 bytes into the loader gives the
# kernel's LBA and size.
. "${srcdir:-.}/boot-common.sh"

# le IMAGE OFFSET COUNT -- COUNT little-endian bytes at OFFSET as a number.
le ()
{
	od -An -v -tu1 -j "$2" -N "$3" "$1" |
		awk '{ for (i = 1; i <= NF; i++) b[n++] = $i }
		     END { v = 0; for (i = n - 1; i >= 0; i--) v = v * 256 + b[i]
			   printf "%.0f\n", v }'
}

bytes ()
{
	dd if="$1" bs=1 skip="$2" count="$3" 2>/dev/null
}

image=$tmp/disk.img
install_kernel handoff.elf "$image"

test "$(bytes "$image" $((0x5a)) 4)" = KCB1 ||
	{ echo "$test_name: no ckboot MBR parameters at 0x5a"; exit 1; }
loader_lba=$(le "$image" $((0x5a + 8)) 8)
header=$((loader_lba * 512 + 16))
test "$(bytes "$image" $header 8)" = CKBOOTLD ||
	{ echo "$test_name: no loader header at LBA $loader_lba + 16"; exit 1; }
kernel_lba=$(le "$image" $((header + 24)) 8)
kernel_size=$(le "$image" $((header + 32)) 8)
kernel_bytes=$(wc -c < "$kernels/handoff.elf")
test "$kernel_size" -eq "$kernel_bytes" ||
	{ echo "$test_name: header says $kernel_size bytes, kernel has" \
		"$kernel_bytes"; exit 1; }
cmp -s -i "$((kernel_lba * 512)):0" -n "$kernel_bytes" "$image" \
	"$kernels/handoff.elf" ||
	{ echo "$test_name: the kernel is not at LBA $kernel_lba"; exit 1; }

# Flip every bit of one byte in the middle of the kernel file.
at=$((kernel_lba * 512 + kernel_size / 2))
old=$(le "$image" $at 1)
printf "\\$(printf %o $((old ^ 0xff)))" |
	dd of="$image" bs=1 seek=$at count=1 conv=notrunc 2>/dev/null
echo "flipped byte $at (kernel offset $((kernel_size / 2))):" \
	"$old -> $((old ^ 0xff))"

boot "$image" --memory=64M --timeout=30 \
	--expect-fail-line="kernel checksum mismatch"
