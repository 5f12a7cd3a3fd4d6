#!/bin/sh
# boot-vga-320x200.sh -- the vga-320x200 feature really switches the VGA to
# mode 13h: the kernel checks the framebuffer fields (0xa0000, 320x200,
# pitch 320, 8 bpp indexed) and the graphics controller, paints the top
# half red and the bottom half green, and QEMU's screendump is then the
# 320x200 picture QEMU renders double-scanned as 640x400 (text mode would
# be 720x400), with those colours.
. "${srcdir:-.}/boot-common.sh"

install_kernel vga.elf "$tmp/disk.img"
(boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--screendump="$tmp/screen.ppm") || exit $?

ppm_halves "$tmp/screen.ppm" 640 400
