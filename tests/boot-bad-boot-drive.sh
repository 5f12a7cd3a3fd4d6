#!/bin/sh
# boot-bad-boot-drive.sh -- some BIOSes start the boot sector with
# garbage in DL.  The boot sector takes anything but a floppy (0-0x0f)
# or a hard disk (0x80-0x8f) for the first hard disk, as GRUB's does,
# and the loader and the kernel's boot info get 0x80.  The test option
# ROM rom-boot-dl-3f.rom (tests/kernels/optionrom.S), booted first,
# reads the disk's sector 0 to 0:7C00 and jumps to it with DL = 0x3f,
# which it says on QEMU's debug console: the boot must have gone that
# way, not through the BIOS's own.
. "${srcdir:-.}/boot-common.sh"

rom=$kernels/rom-boot-dl-3f.rom
test -f "$rom" || { echo "$test_name: $rom not built"; exit 99; }

install_kernel handoff.elf "$tmp/disk.img"
boot_keep "$tmp/disk.img" "$tmp/serial.log" --memory=64M --timeout=30 \
	--qemu-arg=-option-rom --qemu-arg="$rom,bootindex=0" \
	--qemu-arg=-debugcon --qemu-arg="file:$tmp/bev.log" \
	--expect-line='fact: boot-drive=0x80' || exit $?
cat "$tmp/bev.log"
grep -q -x 'bev: boot sector at 0000:7c00, dl=3f' "$tmp/bev.log" || {
	echo "$test_name: FAIL: the option ROM did not boot the disk"
	exit 1
}
exit 0
