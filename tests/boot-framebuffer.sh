#!/bin/sh
# boot-framebuffer.sh -- a kernel that asks for a linear framebuffer gets
# the VBE mode it asked for, or the largest that fits, really set.  The
# kernel (tests/kernels/fb.c) checks the boot info against the standard
# VGA's own registers and paints the top half red and the bottom half
# green, with a blue and a mid-grey block, through the colour fields it
# was given; QEMU's screendump must then be the mode's size in those
# colours.  The kernel's note asks for
# 1024x768; options ask for other sizes and each depth.
. "${srcdir:-.}/boot-common.sh"

# fb_boot NAME "WIDTHxHEIGHTxBPP pitch ... rgb ..." [OPTION]...
fb_boot ()
{
	fb_name=$1 fb_fact=$2
	shift 2
	install_kernel fb.elf "$tmp/$fb_name.img" "$@"
	(boot "$tmp/$fb_name.img" --memory=64M --timeout=60 \
		--expect-line="fact: framebuffer=$fb_fact" \
		--expect-line="fact: vga=bochs" \
		--screendump="$tmp/$fb_name.ppm") || exit $?
	set -- $(echo "$fb_fact" | tr x ' ')
	ppm_halves "$tmp/$fb_name.ppm" "$1" "$2"
	ppm_fb_blocks "$tmp/$fb_name.ppm" "$1" "$2"
	rm -f "$tmp/$fb_name.img"
}

fb_boot note '1024x768x32 pitch 4096 rgb 8@16 8@8 8@0'
fb_boot 16bpp '800x600x16 pitch 1600 rgb 5@11 6@5 5@0' \
	--framebuffer-width=800 --framebuffer-height=600 --framebuffer-bpp=16
fb_boot 15bpp '640x480x15 pitch 1280 rgb 5@10 5@5 5@0' \
	--framebuffer-width=640 --framebuffer-height=480 --framebuffer-bpp=15
fb_boot 24bpp '640x480x24 pitch 1920 rgb 8@16 8@8 8@0' \
	--framebuffer-width=640 --framebuffer-height=480 --framebuffer-bpp=24
# No 1000x700 mode: the largest within it, 800x600, at the deepest.
fb_boot fit '800x600x32 pitch 3200 rgb 8@16 8@8 8@0' \
	--framebuffer-width=1000 --framebuffer-height=700
