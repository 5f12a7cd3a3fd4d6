#!/bin/sh
# --dry-run prints the plan (layout, LBAs, sizes) and writes nothing: no
# new image appears, an existing disk keeps every byte and its mtime.

. "${srcdir:-.}/install-common.sh"

make_kernel "$tmp/k.elf" 100
ckinstall --dry-run --kernel="$tmp/k.elf" "$tmp/new.img" ||
	fail "--dry-run failed"
test ! -e "$tmp/new.img" || fail "--dry-run created the image"
grep -q 'LBA 2048' "$tmp/out" || fail "the plan shows no LBAs"

mbr_image "$tmp/disk.img" 8 'label: dos
start=2048, type=83'
fill_random "$tmp/disk.img" 2048 1024
touch -d '2001-01-01 00:00:00' "$tmp/disk.img"
before=$(sha256sum <"$tmp/disk.img")
ckinstall --dry-run --kernel="$tmp/k.elf" "$tmp/disk.img" ||
	fail "--dry-run failed"
test "$(sha256sum <"$tmp/disk.img")" = "$before" || fail "--dry-run wrote"
test "$(stat -c %Y "$tmp/disk.img")" = "$(date -d '2001-01-01 00:00:00' +%s)" ||
	fail "--dry-run touched the image"
grep -q 'gap' "$tmp/out" || fail "the plan does not name the gap"
grep -Eq 'kernel: .*LBA [0-9]+-[0-9]+' "$tmp/out" || fail "no kernel LBAs"
grep -q 'active' "$tmp/out" "$tmp/err" || fail "no warning about an active partition"
exit 0
