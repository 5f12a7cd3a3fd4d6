#!/bin/sh
# Installing onto a block device (a loop device over an MBR image with
# partitions) works as on an image file: the partitions keep their bytes,
# and --verify finds the install intact on the device.

. "${srcdir:-.}/install-common.sh"
test "$(id -u)" = 0 || skip "loop devices need root"
need losetup

mbr_image "$tmp/disk.img" 16 'label: dos
start=2048, size=8192, type=83, bootable
start=10240, type=83'
fill_random "$tmp/disk.img" 2048 30720
size=$(file_size "$tmp/disk.img")
rest=$(range_sum "$tmp/disk.img" 440 $((size - 440 - 1047552)))
parts=$(range_sum "$tmp/disk.img" 1048576 $((size - 1048576)))
tbl=$(range_sum "$tmp/disk.img" 440 72)

dev=$(losetup -f --show "$tmp/disk.img" 2>/dev/null) || skip "losetup cannot attach"
cleanup="losetup -d $dev;"
kernel_for_boot "$tmp/k.elf" 200
ckinstall --kernel="$tmp/k.elf" "$dev" || fail "install on $dev failed"
"$CKBOOT_INSTALL" --verify "$dev" >"$tmp/out" 2>&1 ||
	fail "--verify $dev: $(cat "$tmp/out")"
grep -qx "$dev: ckboot is intact" "$tmp/out" || fail "--verify $dev: not intact"
losetup -d "$dev"
cleanup=

test "$(range_sum "$tmp/disk.img" 440 72)" = "$tbl" || fail "table changed"
test "$(range_sum "$tmp/disk.img" 1048576 $((size - 1048576)))" = "$parts" ||
	fail "a partition changed"
area_check "$tmp/disk.img" 1 "$tmp/k.elf"
boot_check "$tmp/disk.img"
exit 0
