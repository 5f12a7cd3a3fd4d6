#!/bin/sh
# An MBR disk with no active partition: the install warns that some BIOSes
# will not boot it and changes no table byte; --activate=N marks partition
# N active, the only table change ckboot makes.

. "${srcdir:-.}/install-common.sh"

kernel_for_boot "$tmp/k.elf" 100
mbr_image "$tmp/disk.img" 8 'label: dos
start=2048, size=4096, type=83
start=6144, type=83'
fill_random "$tmp/disk.img" 2048 8192
tbl=$(range_sum "$tmp/disk.img" 440 72)
ckinstall --kernel="$tmp/k.elf" "$tmp/disk.img" || fail "install failed"
grep -q 'warning: .*active.*some BIOSes' "$tmp/err" || fail "no warning"
test "$(range_sum "$tmp/disk.img" 440 72)" = "$tbl" || fail "table changed"

cp "$tmp/disk.img" "$tmp/before.img"
ckinstall --activate=2 --kernel="$tmp/k.elf" "$tmp/disk.img" ||
	fail "--activate=2 failed"
cmp -l "$tmp/before.img" "$tmp/disk.img" | awk '{ print $1, $2, $3 }' >"$tmp/diff"
test "$(cat "$tmp/diff")" = "463 0 200" ||
	{ cat "$tmp/diff"; fail "--activate=2 changed more than partition 2's flag"; }

expect_refusal "$tmp/disk.img" 'activate=3: no such' --activate=3 \
	--kernel="$tmp/k.elf" "$tmp/disk.img"
boot_check "$tmp/disk.img"
exit 0
