#!/bin/sh
# boot-bios-cs-07c0.sh -- some BIOSes start the boot sector at 07C0:0000
# rather than 0000:7C00: the same bytes, another CS.  The boot sector
# addresses nothing through CS, so it must boot as well.  The test
# option ROM rom-boot-cs-7c0.rom (tests/kernels/optionrom.S), booted
# first, reads the disk's sector 0 to 0:7C00 and jumps to 07C0:0000
# with DL = 0x80, which it says on QEMU's debug console: the boot must
# have gone that way, not through the BIOS's own.
. "${srcdir:-.}/boot-common.sh"

rom=$kernels/rom-boot-cs-7c0.rom
test -f "$rom" || { echo "$test_name: $rom not built"; exit 99; }

install_kernel handoff.elf "$tmp/disk.img"
boot_keep "$tmp/disk.img" "$tmp/serial.log" --memory=64M --timeout=30 \
	--qemu-arg=-option-rom --qemu-arg="$rom,bootindex=0" \
	--qemu-arg=-debugcon --qemu-arg="file:$tmp/bev.log" || exit $?
cat "$tmp/bev.log"
grep -q -x 'bev: boot sector at 07c0:0000, dl=80' "$tmp/bev.log" || {
	echo "$test_name: FAIL: the option ROM did not boot the disk"
	exit 1
}
exit 0
