#!/bin/sh
# Installing again (another kernel, bigger or smaller) reuses ckboot's
# area: on a new image and in an MBR gap; the partition table and the
# partitions stay as they were.

. "${srcdir:-.}/install-common.sh"

make_kernel "$tmp/a.elf" 300
kernel_for_boot "$tmp/b.elf" 50
make_kernel "$tmp/c.elf" 600

ckinstall --kernel="$tmp/a.elf" "$tmp/new.img" || fail "first install failed"
tbl=$(range_sum "$tmp/new.img" 440 72)
ckinstall --kernel="$tmp/b.elf" "$tmp/new.img" || fail "reinstall failed"
grep -q 'reinstall' "$tmp/out" "$tmp/err" || ckinstall --dry-run \
	--kernel="$tmp/b.elf" "$tmp/new.img" | grep -q reinstall ||
	fail "the plan does not say reinstall"
test "$(range_sum "$tmp/new.img" 440 72)" = "$tbl" || fail "table changed"
area_check "$tmp/new.img" 2048 "$tmp/b.elf"
boot_check "$tmp/new.img"

mbr_image "$tmp/disk.img" 8 'label: dos
start=2048, type=83, bootable'
fill_random "$tmp/disk.img" 2048 12288
tbl=$(range_sum "$tmp/disk.img" 440 72)
part=$(range_sum "$tmp/disk.img" 1048576 $((7 * 1048576)))
for k in a b c b; do
	ckinstall --kernel="$tmp/$k.elf" "$tmp/disk.img" ||
		fail "install of $k.elf failed"
	area_check "$tmp/disk.img" 1 "$tmp/$k.elf"
	test "$(range_sum "$tmp/disk.img" 1048576 $((7 * 1048576)))" = "$part" ||
		fail "the partition changed"
	test "$(range_sum "$tmp/disk.img" 440 72)" = "$tbl" ||
		fail "table changed"
done
boot_check "$tmp/disk.img"
exit 0
