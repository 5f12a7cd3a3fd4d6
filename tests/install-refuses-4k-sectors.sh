#!/bin/sh
# A disk with 4096-byte logical sectors is refused clearly and left
# unchanged: the BIOS boot path ckboot writes reads 512-byte sectors.

. "${srcdir:-.}/install-common.sh"
test "$(id -u)" = 0 || skip "loop devices need root"
need losetup

truncate -s 16M "$tmp/disk.img"
dev=$(losetup -b 4096 -f --show "$tmp/disk.img" 2>/dev/null) ||
	skip "losetup cannot make a 4K-sector device"
cleanup="losetup -d $dev;"
make_kernel "$tmp/k.elf" 100
expect_refusal "$tmp/disk.img" "$dev: logical sectors of 4096 bytes" \
	--kernel="$tmp/k.elf" "$dev"
exit 0
