#!/bin/bash
# The framebuffer settings: read from the kernel's note (also from notes
# made before the note had them), overridden by the options, shown by
# --dry-run, and refused when they cannot make a framebuffer, with the
# target untouched.  boot-framebuffer.sh proves they take effect.
. "${srcdir:-.}/config-lib.sh"

dry_run ()
{
	ckinstall --dry-run "$@" "$tmp/new.img" ||
		fail "refused: $*: $(cat "$tmp/err")"
}

make_kernel "$tmp/plain.elf"
dry_run --kernel="$tmp/plain.elf"
expect_line '^framebuffer-width: +none \(text mode\) \(default\)$'
expect_line '^framebuffer-height: +none \(text mode\) \(default\)$'
expect_line '^framebuffer-bpp: +not used \(no framebuffer\) \(default\)$'

k=$tmp/fb.elf
make_kernel "$k" 0xffffffff80000000 ".framebuffer_width = 1280,
	.framebuffer_height = 1024, .framebuffer_bpp = 16"
note="\(CKBOOT_CONFIG note in $k\)"
dry_run --kernel="$k"
expect_line "^framebuffer-width: +1280 pixels $note\$"
expect_line '^ +at boot: the largest VBE mode that fits, else text mode$'
expect_line "^framebuffer-height: +1024 pixels $note\$"
expect_line "^framebuffer-bpp: +16 bits a pixel $note\$"

dry_run --kernel="$k" --framebuffer-width=800 --framebuffer-height=600 \
	--framebuffer-bpp=0
expect_line '^framebuffer-width: +800 pixels \(option --framebuffer-width\)$'
expect_line '^framebuffer-height: +600 pixels \(option --framebuffer-height\)$'
expect_line '^framebuffer-bpp: +the deepest mode \(option --framebuffer-bpp\)$'
# Zero for both sides from options turns the note's framebuffer off;
# its depth then means nothing.
dry_run --kernel="$k" --framebuffer-width=0 --framebuffer-height=0
expect_line '^framebuffer-width: +none \(text mode\) \(option --framebuffer-width\)$'
expect_line "^framebuffer-bpp: +not used \(no framebuffer\) $note\$"
refused "--framebuffer-height=0: turns the framebuffer off only with framebuffer-width=0 as well" \
	--kernel="$k" --framebuffer-height=0

# A note of the first layout, 56 bytes, ends before the framebuffer
# fields: the bytes after it are not read as settings.
cp "$k" "$tmp/v1.elf"
at=$(grep -obUa CKBOOT "$tmp/v1.elf" | head -n 1 | cut -d: -f1)
test -n "$at" || hard "no CKBOOT note name in $k"
poke "$tmp/v1.elf" $((at - 12 + 4)) 4 56	# descsz
poke "$tmp/v1.elf" $((at + 8 + 4)) 4 56		# config.size
dry_run --kernel="$tmp/v1.elf"
expect_line '^framebuffer-width: +none \(text mode\) \(default\)$'
expect_line "^kernel-stack-size: +512 pages \(2048 KiB\) \(default\)\$"
cp "$k" "$tmp/v0.elf"
poke "$tmp/v0.elf" $((at + 8 + 4)) 4 64
refused "v0.elf: CKBOOT_CONFIG note of 72 bytes says size 64, expected 72 (or 56, before the framebuffer fields)" \
	--kernel="$tmp/v0.elf"

# What cannot make a framebuffer.
K=--kernel=$tmp/plain.elf
refused "--framebuffer-width=800: given without framebuffer-height: a framebuffer needs both" \
	$K --framebuffer-width=800
refused "--framebuffer-height=600: given without framebuffer-width: a framebuffer needs both" \
	$K --framebuffer-height=600
refused "--framebuffer-bpp=32: given without framebuffer-width and framebuffer-height" \
	$K --framebuffer-bpp=32
refused "--framebuffer-bpp=12: not a depth of a VBE direct-colour mode: use 15, 16, 24 or 32, or 0 for the deepest" \
	$K --framebuffer-width=800 --framebuffer-height=600 --framebuffer-bpp=12
refused "--framebuffer-width=800: conflicts with --vga-320x200: the kernel can have one screen mode, choose one" \
	$K --framebuffer-width=800 --framebuffer-height=600 --vga-320x200
refused "--vga-320x200: conflicts with $k: CKBOOT_CONFIG note: framebuffer-width 1280: the kernel can have one screen mode, choose one" \
	--kernel="$k" --vga-320x200
dry_run --kernel="$tmp/plain.elf" --vga-320x200
expect_line '^framebuffer-width: +none \(vga-320x200\) \(default\)$'
refused "--framebuffer-width=65536: too large (a VBE mode is at most 65535 pixels a side)" \
	$K --framebuffer-width=65536 --framebuffer-height=600
refused "--framebuffer-height=0x1_0000_0000: too large" \
	$K --framebuffer-width=800 --framebuffer-height=0x1_0000_0000
refused "--framebuffer-bpp=4294967328: not a depth of a VBE direct-colour mode" \
	$K --framebuffer-width=800 --framebuffer-height=600 \
	--framebuffer-bpp=4294967328
refused "--framebuffer-bpp=70000: not a depth of a VBE direct-colour mode" \
	$K --framebuffer-width=800 --framebuffer-height=600 \
	--framebuffer-bpp=70000
refused "--framebuffer-width=wide: not a number" \
	$K --framebuffer-width=wide --framebuffer-height=600
make_kernel "$tmp/reserved.elf" 0xffffffff80000000 ".reserved = 1"
refused "reserved.elf: CKBOOT_CONFIG note: reserved word 0x1 is not zero" \
	--kernel="$tmp/reserved.elf"
make_kernel "$tmp/huge.elf" 0xffffffff80000000 ".framebuffer_width = 70000,
	.framebuffer_height = 600"
refused "huge.elf: CKBOOT_CONFIG note: framebuffer-width 70000: too large" \
	--kernel="$tmp/huge.elf"
make_kernel "$tmp/half.elf" 0xffffffff80000000 ".framebuffer_height = 600"
refused "half.elf: CKBOOT_CONFIG note: framebuffer-height 600: given without framebuffer-width" \
	--kernel="$tmp/half.elf"
exit 0
