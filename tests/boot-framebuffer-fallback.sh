#!/bin/sh
# boot-framebuffer-fallback.sh -- the framebuffer on other video BIOSes,
# and without one that fits.  QEMU's Cirrus card has its own VBE BIOS,
# with 24-bit modes only and the framebuffer elsewhere: the kernel gets
# 1024x768x24 there, judged by the screendump.  Where no mode fits (none
# is as small as 100x100) or there is no VBE at all (no VGA card), the
# loader says so on the console and the kernel gets 80x25 text, which
# tests/kernels/fb.c checks.
. "${srcdir:-.}/boot-common.sh"

install_kernel fb.elf "$tmp/disk.img"
(boot "$tmp/disk.img" --memory=64M --timeout=60 \
	--qemu-arg=-vga --qemu-arg=cirrus \
	--expect-line='fact: framebuffer=1024x768x24 pitch 3072 rgb 8@16 8@8 8@0' \
	--expect-line='fact: vga=not bochs' \
	--screendump="$tmp/cirrus.ppm") || exit $?
ppm_halves "$tmp/cirrus.ppm" 1024 768

(boot "$tmp/disk.img" --memory=64M --timeout=60 --qemu-arg=-vga \
	--qemu-arg=none --expect-line='fact: framebuffer=text 80x25' \
	--serial="$tmp/none.log") || exit $?
grep -q '^ckboot: no VBE 2\.0 video BIOS (.*); staying in text mode' \
	"$tmp/none.log" || {
	echo "$test_name: FAIL: no word of the missing VBE BIOS"
	exit 1
}

rm -f "$tmp/disk.img"
install_kernel fb.elf "$tmp/disk.img" --framebuffer-width=100 \
	--framebuffer-height=100
boot "$tmp/disk.img" --memory=64M --timeout=60 \
	--expect-line='fact: framebuffer=text 80x25' \
	--expect-line='ckboot: no VBE linear framebuffer mode within 100x100; staying in text mode'
