#!/bin/sh
# boot-bios-cs-07c0.sh -- some BIOSes start the boot sector at 07C0:0000
# rather than 0000:7C00: the same bytes, another CS.  The boot sector
# addresses nothing through CS, so it must boot as well.  The test
# option ROM rom-boot-cs-7c0.rom (tests/kernels/optionrom.S), booted
# first, reads the disk's sector 0 to 0:7C00 and jumps to 07C0:0000
# with DL = 0x80, which it says on QEMU's debug console: the boot must
# have gone that way, not through the BIOS's own.
. "${srcdir:-.}/boot-common.sh"

bev_boot boot-cs-7c0 'bev: boot sector at 07c0:0000, dl=80'
exit 0
