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

bev_boot boot-dl-3f 'bev: boot sector at 0000:7c00, dl=3f' \
	--expect-line='fact: boot-drive=0x80'
exit 0
