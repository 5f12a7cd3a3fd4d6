#!/bin/sh
# boot-cpu-32bit.sh -- on processors without long mode (a 486, QEMU's
# 32-bit model) the loader must say so on the serial port and halt,
# before it switches SSE on or asks the BIOS anything more: no fault,
# no silent hang.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/disk.img"
for cpu in 486 qemu32; do
	echo "CPU model $cpu"
	boot_keep "$tmp/disk.img" "$tmp/serial-$cpu.log" --memory=64M \
		--timeout=30 --qemu-arg=-cpu --qemu-arg=$cpu \
		--expect-fail-line="this CPU does not support 64-bit long mode" ||
		exit $?
done
exit 0
