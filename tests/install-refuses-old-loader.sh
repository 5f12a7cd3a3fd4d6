#!/bin/sh
# A loader.bin of another layout version -- one from before the command
# line, version 2, whose entry.S would take the command line's sectors
# for the kernel -- is refused in one line naming it and both versions;
# the target stays unchanged, a new image is not made.

. "${srcdir:-.}/install-common.sh"
make_kernel "$tmp/k.elf" 100
mbr_image "$tmp/disk.img" 8 'label: dos
start=2048, type=83'
fill_random "$tmp/disk.img" 2048 8192
before=$(sha256sum <"$tmp/disk.img")

old=$tmp/old-stage
mkdir "$old" || hard mkdir
cp "$CKBOOT_STAGE_DIR/mbr.bin" "$CKBOOT_STAGE_DIR/loader.bin" "$old/" ||
	hard cp
# The header's version, a 32-bit word at offset 16 + 8 of the loader.
printf '\002\000\000\000' |
	dd of="$old/loader.bin" bs=1 seek=24 conv=notrunc status=none ||
	hard dd

# The version this ckboot-install writes, as <ckboot/layout.h> has it.
version=$(sed -n 's/^#define CKBOOT_LAYOUT_VERSION \([0-9]*\)$/\1/p' \
	"${top_srcdir:-..}/include/ckboot/layout.h")
test -n "$version" || hard "no CKBOOT_LAYOUT_VERSION in layout.h"
want="ckboot-install: $old/loader.bin: loader layout version 2, this"
want="$want ckboot-install writes version $version"
for target in "$tmp/disk.img" "$tmp/new.img"; do
	"$CKBOOT_INSTALL" --directory="$old" --kernel="$tmp/k.elf" \
		--cmdline=quiet "$target" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	cat "$tmp/out" "$tmp/err"
	test $rc = 1 || fail "$target: exit status $rc, expected 1"
	test "$(cat "$tmp/err")" = "$want" ||
		fail "$target: not the one-line refusal"
done
test "$(sha256sum <"$tmp/disk.img")" = "$before" || fail "the target changed"
test ! -e "$tmp/new.img" || fail "a new image was made"

# The same directory with the loader as built installs.
cp "$CKBOOT_STAGE_DIR/loader.bin" "$old/" || hard cp
"$CKBOOT_INSTALL" --directory="$old" --kernel="$tmp/k.elf" \
	--cmdline=quiet "$tmp/disk.img" >"$tmp/out" 2>"$tmp/err" ||
	fail "the loader of this version refused: $(cat "$tmp/err")"
exit 0
