#!/bin/sh
# --backup=FILE keeps every byte an install overwrites (and never
# overwrites an older backup); --restore=FILE puts the disk back byte for
# byte, and refuses a backup of another disk (leaving that disk
# unchanged) or a damaged backup.

. "${srcdir:-.}/install-common.sh"

make_kernel "$tmp/k.elf" 200
mbr_image "$tmp/disk.img" 8 'label: dos
start=2048, type=83, bootable'
fill_random "$tmp/disk.img" 2048 4096
# Something in the gap, so that the restore has non-zero bytes to undo.
printf 'old gap data' | dd of="$tmp/disk.img" bs=512 seek=5 conv=notrunc \
	status=none
dd if=/dev/urandom of="$tmp/disk.img" bs=1 count=300 seek=100 conv=notrunc \
	status=none
cp "$tmp/disk.img" "$tmp/orig.img"
cp "$tmp/disk.img" "$tmp/other.img"

ckinstall --force --backup="$tmp/undo" --kernel="$tmp/k.elf" "$tmp/disk.img" ||
	fail "install failed"
test -s "$tmp/undo" || fail "no backup file"
cmp -s "$tmp/disk.img" "$tmp/orig.img" && fail "the install wrote nothing"

# An existing backup is never overwritten: it may be the only way back.
cp "$tmp/undo" "$tmp/undo.copy"
expect_refusal "$tmp/disk.img" 'undo: exists; ckboot does not overwrite a backup' \
	--force --backup="$tmp/undo" --kernel="$tmp/k.elf" "$tmp/disk.img"
cmp -s "$tmp/undo" "$tmp/undo.copy" || fail "the old backup changed"

# Another disk: same content as the original, never installed on.
expect_refusal "$tmp/other.img" 'not taken from this disk' \
	--restore="$tmp/undo" "$tmp/other.img"
# Another disk with ckboot, installed separately.
mbr_image "$tmp/third.img" 8 'label: dos
start=2048, type=83, bootable'
ckinstall --kernel="$tmp/k.elf" "$tmp/third.img" || fail "install failed"
expect_refusal "$tmp/third.img" 'not taken from this disk' \
	--restore="$tmp/undo" "$tmp/third.img"
# A damaged backup.
cp "$tmp/undo" "$tmp/bad"
printf 'X' | dd of="$tmp/bad" bs=1 seek=200 conv=notrunc status=none
expect_refusal "$tmp/disk.img" 'damaged' --restore="$tmp/bad" "$tmp/disk.img"

ckinstall --restore="$tmp/undo" "$tmp/disk.img" || fail "restore failed"
cmp "$tmp/disk.img" "$tmp/orig.img" || fail "restore is not byte-exact"

# A new image: restoring its backup removes it again.
ckinstall --backup="$tmp/undo2" --kernel="$tmp/k.elf" "$tmp/new.img" ||
	fail "install failed"
ckinstall --restore="$tmp/undo2" "$tmp/new.img" || fail "restore failed"
test ! -e "$tmp/new.img" || fail "the restored new image is still there"
exit 0
