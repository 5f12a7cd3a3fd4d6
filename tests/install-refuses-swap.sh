#!/bin/sh
# A block device in use as swap is refused, even with --force, and left
# unchanged.

. "${srcdir:-.}/install-common.sh"
test "$(id -u)" = 0 || skip "loop devices and swapon need root"
need losetup
need mkswap
need swapon

truncate -s 16M "$tmp/disk.img"
mkswap "$tmp/disk.img" >/dev/null 2>&1 || hard "mkswap failed"
dev=$(losetup -f --show "$tmp/disk.img" 2>/dev/null) || skip "losetup cannot attach"
cleanup="losetup -d $dev;"
swapon "$dev" 2>/dev/null || skip "swapon does not work here"
cleanup="swapoff $dev; $cleanup"

make_kernel "$tmp/k.elf" 100
expect_refusal "$tmp/disk.img" "$dev: is used as swap" \
	--force --kernel="$tmp/k.elf" "$dev"
exit 0
