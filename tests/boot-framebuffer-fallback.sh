#!/bin/sh
# boot-framebuffer-fallback.sh -- the framebuffer on other video BIOSes,
# and without one that fits.  QEMU's Cirrus card has its own VBE BIOS,
# with 24-bit modes only and the framebuffer elsewhere: the kernel gets
# 1024x768x24 there, judged by the screendump.  Where there is no VBE at
# all (no VGA card), where the BIOS fails to set the mode it listed (a
# test option ROM makes it), and where no mode fits (none is as small as
# 100x100), the loader says so on the console and the kernel gets 80x25
# text, which tests/kernels/fb.c checks, with the card in text mode.
. "${srcdir:-.}/boot-common.sh"

install_kernel fb.elf "$tmp/disk.img"
(boot "$tmp/disk.img" --memory=64M --timeout=60 \
	--qemu-arg=-vga --qemu-arg=cirrus \
	--expect-line='fact: framebuffer=1024x768x24 pitch 3072 rgb 8@16 8@8 8@0' \
	--expect-line='fact: vga=not bochs' \
	--screendump="$tmp/cirrus.ppm") || exit $?
ppm_halves "$tmp/cirrus.ppm" 1024 768
ppm_fb_blocks "$tmp/cirrus.ppm" 1024 768

(boot "$tmp/disk.img" --memory=64M --timeout=60 --qemu-arg=-vga \
	--qemu-arg=none --expect-line='fact: framebuffer=text 80x25' \
	--serial="$tmp/none.log") || exit $?
grep -q '^ckboot: no VBE 2\.0 video BIOS (.*); staying in text mode' \
	"$tmp/none.log" || {
	echo "$test_name: FAIL: no word of the missing VBE BIOS"
	exit 1
}

# A video BIOS that lists the mode but fails to set it.
rom=$kernels/rom-vbe-refuse-set.rom
test -f "$rom" || { echo "$test_name: $rom not built"; exit 99; }
(boot "$tmp/disk.img" --memory=64M --timeout=60 --qemu-arg=-option-rom \
	--qemu-arg="$rom" --qemu-arg=-debugcon \
	--qemu-arg="file:$tmp/rom.log" \
	--expect-line='fact: framebuffer=text 80x25' \
	--serial="$tmp/refused.log") || exit $?
grep -q -x 'int10 4f02 refused' "$tmp/rom.log" || {
	echo "$test_name: FAIL: the option ROM saw no VBE set-mode call"
	exit 1
}
grep -q '^ckboot: VBE mode [0-9a-f]* (1024x768) could not be set (status 14f); staying in text mode' \
	"$tmp/refused.log" || {
	echo "$test_name: FAIL: no word of the mode that could not be set"
	exit 1
}

rm -f "$tmp/disk.img"
install_kernel fb.elf "$tmp/disk.img" --framebuffer-width=100 \
	--framebuffer-height=100
boot "$tmp/disk.img" --memory=64M --timeout=60 \
	--expect-line='fact: framebuffer=text 80x25' \
	--expect-line='ckboot: no VBE linear framebuffer mode within 100x100; staying in text mode'
