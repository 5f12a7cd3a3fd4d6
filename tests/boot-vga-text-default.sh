#!/bin/sh
# boot-vga-text-default.sh -- without vga-320x200 the screen stays in 80x25
# text mode: the framebuffer fields say so (0xb8000, 80x25, EGA text), the
# graphics controller is in text mode, and QEMU's screendump is the
# 720x400 text-mode picture.
. "${srcdir:-.}/boot-common.sh"

install_kernel text.elf "$tmp/disk.img"
(boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--screendump="$tmp/screen.ppm") || exit $?

header=$(head -c 15 "$tmp/screen.ppm" | tr '\n' ' ')
echo "screendump header: $header"
test "$header" = "P6 720 400 255 " ||
	{ echo "$test_name: FAIL: screendump not 720x400 (text mode)"; exit 1; }
