#!/bin/sh
# --force installs over a whole-disk file system: the disk then carries a
# new MBR with ckboot's partition, and boots.

. "${srcdir:-.}/install-common.sh"
need mkfs.ext2
need "$SFDISK"

truncate -s 16M "$tmp/disk.img"
mkfs.ext2 -q -F "$tmp/disk.img" >/dev/null || hard "mkfs.ext2 failed"
kernel_for_boot "$tmp/k.elf" 100
ckinstall --force --kernel="$tmp/k.elf" "$tmp/disk.img" ||
	fail "--force install failed"
test "$(file_size "$tmp/disk.img")" = 16777216 || fail "the disk changed size"
"$SFDISK" -d "$tmp/disk.img" | grep -Eq 'start= *2048,.*type=da, bootable' ||
	fail "no ckboot partition"
area_check "$tmp/disk.img" 2048 "$tmp/k.elf"
boot_check "$tmp/disk.img"
exit 0
