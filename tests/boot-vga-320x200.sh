#!/bin/sh
# boot-vga-320x200.sh -- the vga-320x200 feature really switches the VGA to
# mode 13h: the kernel checks the framebuffer fields (0xa0000, 320x200,
# pitch 320, 8 bpp indexed) and the graphics controller, paints the top
# half red and the bottom half green, and QEMU's screendump is then the
# 320x200 picture QEMU renders double-scanned as 640x400 (text mode would
# be 720x400), with those colours.
. "${srcdir:-.}/boot-common.sh"

# pixel PPM X Y -- "R G B" of pixel (X, Y) of a 640-wide P6 file with a
# 15-byte header.
pixel ()
{
	od -An -v -tu1 -j $((15 + ($3 * 640 + $2) * 3)) -N 3 "$1" |
		awk '{ print $1, $2, $3 }'
}

install_kernel vga.elf "$tmp/disk.img"
(boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--screendump="$tmp/screen.ppm") || exit $?

header=$(head -c 15 "$tmp/screen.ppm" | tr '\n' ' ')
echo "screendump header: $header"
test "$header" = "P6 640 400 255 " ||
	{ echo "$test_name: FAIL: screendump not 640x400 (mode 13h)"; exit 1; }
set -- $(pixel "$tmp/screen.ppm" 100 50)
echo "pixel (100, 50): $*"
test "$1" -gt 100 && test "$2" -lt 50 && test "$3" -lt 50 ||
	{ echo "$test_name: FAIL: the top half is not red"; exit 1; }
set -- $(pixel "$tmp/screen.ppm" 500 350)
echo "pixel (500, 350): $*"
test "$1" -lt 50 && test "$2" -gt 100 && test "$3" -lt 50 ||
	{ echo "$test_name: FAIL: the bottom half is not green"; exit 1; }
