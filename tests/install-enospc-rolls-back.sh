#!/bin/sh
# A sparse image on a file system that fills up during the install (a
# small tmpfs): the write fails with ENOSPC, the old bytes are put back
# without needing new space, the image is byte-for-byte as before, and
# the exit status is 1.

. "${srcdir:-.}/install-common.sh"
test "$(id -u)" = 0 || skip "mounting a tmpfs needs root"
need mount

mkdir "$tmp/mnt"
mount -t tmpfs -o size=768k tmpfs "$tmp/mnt" 2>/dev/null ||
	skip "cannot mount a tmpfs"
cleanup="umount $tmp/mnt;"

make_kernel "$tmp/k.elf" 1500
img=$tmp/mnt/disk.img
mbr_image "$img" 8 'label: dos
start=8192, type=83, bootable'
fill_random "$img" 8192 256
printf 'gap data' | dd of="$img" bs=512 seek=3 conv=notrunc status=none
cp "$img" "$tmp/orig.img"

ckinstall --force --kernel="$tmp/k.elf" "$img"
rc=$?
test $rc = 1 || fail "exit status $rc, expected 1"
grep -q 'No space left' "$tmp/err" || fail "no ENOSPC in the message"
grep -q 'restored' "$tmp/err" || fail "no word of the rollback"
cmp "$img" "$tmp/orig.img" || fail "the image was not restored"
exit 0
