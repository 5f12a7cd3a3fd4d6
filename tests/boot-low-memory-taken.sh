#!/bin/sh
# boot-low-memory-taken.sh -- an option ROM that keeps data at the top
# of conventional memory lowers the size in the BIOS data area (INT
# 12h's answer) and may leave the EBDA where it was.  The test option
# ROM (tests/kernels/optionrom.S) does that, to 500 KiB and to 400 KiB.
# With 500 KiB the boot must go on, and the kernel find 0x7d000 to 1 MiB
# reserved and the memory below it usable (SeaBIOS's E820 follows the
# BDA; tests/unit/memmap_bios.c has a BIOS whose E820 does not).  400
# KiB is less than the 480 KiB the loader and its bounce buffer take,
# and the loader must say so and stop.
. "${srcdir:-.}/boot-common.sh"

for kib in 400 500; do
	test -f "$kernels/rom-basemem-$kib.rom" ||
		{ echo "$test_name: rom-basemem-$kib.rom not built"; exit 99; }
done

install_kernel handoff.elf "$tmp/disk.img"
log=$tmp/serial-500.log
boot_keep "$tmp/disk.img" "$log" --memory=64M --timeout=30 \
	--qemu-arg=-option-rom --qemu-arg="$kernels/rom-basemem-500.rom" ||
	exit $?
for region in '[0x000000078000, 0x00000007d000) usable (1)' \
	'[0x00000007d000, 0x000000100000) reserved (2)'; do
	tr -d '\r' < "$log" | grep -F -x -q "  $region" || {
		echo "$test_name: FAIL: no memory map region $region"
		exit 1
	}
	echo "memory map has $region"
done

boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--qemu-arg=-option-rom --qemu-arg="$kernels/rom-basemem-400.rom" \
	--expect-fail-line='only 400 KiB of conventional memory, the loader needs 480'
