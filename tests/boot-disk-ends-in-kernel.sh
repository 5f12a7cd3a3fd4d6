#!/bin/sh
# boot-disk-ends-in-kernel.sh -- a disk that ends inside the kernel (an
# image cut short after the install): the loader reads as far as the
# disk goes, three calls a trip to real mode, then retries, tries smaller
# calls, and must say "disk read error" with the first LBA that is not
# there, on the serial port, and halt; not enter the kernel, not fault.
# The cut lies inside the second call of a trip, on IDE, AHCI and
# virtio.
. "${srcdir:-.}/boot-common.sh"

install_kernel big.elf "$tmp/full.img"
find_kernel "$tmp/full.img"
# Trips read 3 x 127 sectors; cut in the second call of the eighth.
cut=$((kernel_lba + 7 * 381 + 127 + 50))
test $((cut * 512 + 65536)) -lt $((kernel_lba * 512 + kernel_size)) ||
	{ echo "$test_name: big.elf too small to cut at LBA $cut"; exit 99; }

for disk in ide ahci virtio; do
	cp "$tmp/full.img" "$tmp/cut.img"
	truncate -s $((cut * 512)) "$tmp/cut.img" || exit 99
	sh "$qemu_boot" --disk=$disk --memory=64M --timeout=60 \
		--expect-fail-line="disk read error 0x01 at LBA $cut" \
		"$tmp/cut.img" || { echo "$test_name: FAIL on $disk"; exit 1; }
done
exit 0
