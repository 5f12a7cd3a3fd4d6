#!/bin/sh
# A block device holding a mounted whole-disk file system is refused, even
# with --force, and left unchanged; once unmounted, --force installs.

. "${srcdir:-.}/install-common.sh"
test "$(id -u)" = 0 || skip "loop devices and mount need root"
need losetup
need mkfs.ext2
need mount

truncate -s 16M "$tmp/disk.img"
mkfs.ext2 -q -F "$tmp/disk.img" >/dev/null || hard "mkfs.ext2 failed"
dev=$(losetup -f --show "$tmp/disk.img" 2>/dev/null) || skip "losetup cannot attach"
cleanup="losetup -d $dev;"
mkdir "$tmp/mnt"
mount -t ext2 -o ro "$dev" "$tmp/mnt" 2>/dev/null || skip "cannot mount ext2"
cleanup="umount $tmp/mnt; $cleanup"

make_kernel "$tmp/k.elf" 100
expect_refusal "$tmp/disk.img" "$dev: is mounted on $tmp/mnt" \
	--force --kernel="$tmp/k.elf" "$dev"

umount "$tmp/mnt"
cleanup="losetup -d $dev;"
ckinstall --force --kernel="$tmp/k.elf" "$dev" || fail "install after umount failed"
exit 0
