#!/bin/sh
# Installing again (another kernel, bigger or smaller) reuses ckboot's
# area: on a new image (whose partition and file grow if they must) and
# in an MBR gap, where the partition table and partitions stay as they
# were and a smaller kernel clears what a bigger one left.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"

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

# A kernel too big for the new image's partition: the image and its
# partition grow, nothing else changes.
make_kernel "$tmp/d.elf" 1500
ckinstall --kernel="$tmp/d.elf" "$tmp/new.img" || fail "growing reinstall failed"
area_check "$tmp/new.img" 2048 "$tmp/d.elf"
test "$(file_size "$tmp/new.img")" = $((3 * 1048576)) ||
	fail "the image did not grow to 3 MiB"
"$SFDISK" -d "$tmp/new.img" | grep -Eq 'start= *2048, size= *4096, type=da' ||
	fail "ckboot's partition did not grow"

mbr_image "$tmp/disk.img" 8 'label: dos
start=2048, type=83, bootable'
fill_random "$tmp/disk.img" 2048 12288
tbl=$(range_sum "$tmp/disk.img" 440 72)
part=$(range_sum "$tmp/disk.img" 1048576 $((7 * 1048576)))
# Past the last (small) kernel the gap must end up as it was, although
# bigger kernels were there before.
bend=$(( 512 * (1 + ($(file_size "$CKBOOT_STAGE_DIR/loader.bin") + 511) / 512 +
	($(file_size "$tmp/b.elf") + 511) / 512) ))
tail=$(range_sum "$tmp/disk.img" $bend $((1048576 - bend)))
for k in a b c b; do
	ckinstall --kernel="$tmp/$k.elf" "$tmp/disk.img" ||
		fail "install of $k.elf failed"
	area_check "$tmp/disk.img" 1 "$tmp/$k.elf"
	test "$(range_sum "$tmp/disk.img" 1048576 $((7 * 1048576)))" = "$part" ||
		fail "the partition changed"
	test "$(range_sum "$tmp/disk.img" 440 72)" = "$tbl" ||
		fail "table changed"
done
test "$(range_sum "$tmp/disk.img" $bend $((1048576 - bend)))" = "$tail" ||
	fail "the bigger kernels left bytes behind in the gap"
boot_check "$tmp/disk.img"
exit 0
