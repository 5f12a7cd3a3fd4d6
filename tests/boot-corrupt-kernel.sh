#!/bin/sh
# boot-corrupt-kernel.sh -- one byte flipped inside the installed kernel:
# the loader's CRC-32 check must say "kernel checksum mismatch" on the
# serial port and halt, not enter the kernel.
. "${srcdir:-.}/boot-common.sh"

image=$tmp/disk.img
install_kernel handoff.elf "$image"
find_kernel "$image"
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
put_byte "$image" $at $((old ^ 255))
echo "flipped byte $at (kernel offset $((kernel_size / 2))):" \
	"$old -> $((old ^ 255))"

boot "$image" --memory=64M --timeout=30 \
	--expect-fail-line="kernel checksum mismatch"
