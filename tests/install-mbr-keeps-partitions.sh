#!/bin/sh
# On a disk with an MBR partition table, ckboot writes boot code bytes
# 0-439 and its area in the gap before the first partition, and nothing
# else: the disk signature, the table, 0x55AA and every partition byte
# keep their checksums.

. "${srcdir:-.}/install-common.sh"

mbr_image "$tmp/disk.img" 24 'label: dos
label-id: 0x12345678
start=2048, size=8192, type=83, bootable
start=10240, size=16384, type=7
start=26624, type=5
start=28672, size=4096, type=83
start=34816, size=4096, type=82'
fill_random "$tmp/disk.img" 2048 8192
fill_random "$tmp/disk.img" 10240 16384
fill_random "$tmp/disk.img" 28672 4096
fill_random "$tmp/disk.img" 34816 4096
"$SFDISK" -d "$tmp/disk.img" >"$tmp/table.before" || hard sfdisk

kernel_for_boot "$tmp/k.elf" 200
end=$(( 512 * (1 + ($(file_size "$CKBOOT_STAGE_DIR/loader.bin") + 511) / 512 +
	($(file_size "$tmp/k.elf") + 511) / 512) ))
size=$(file_size "$tmp/disk.img")
sig_before=$(range_sum "$tmp/disk.img" 440 72)
rest_before=$(range_sum "$tmp/disk.img" 1048576 $((size - 1048576)))
gap_tail_before=$(range_sum "$tmp/disk.img" $end $((1048576 - end)))

ckinstall --kernel="$tmp/k.elf" "$tmp/disk.img" || fail "install failed"

test "$(file_size "$tmp/disk.img")" = $size || fail "the image changed size"
test "$(range_sum "$tmp/disk.img" 440 72)" = "$sig_before" ||
	fail "disk signature, partition table or 0x55AA changed"
test "$(range_sum "$tmp/disk.img" 1048576 $((size - 1048576)))" = \
	"$rest_before" || fail "a partition (or an EBR) changed"
test "$(range_sum "$tmp/disk.img" $end $((1048576 - end)))" = \
	"$gap_tail_before" || fail "the gap after ckboot's area changed"
"$SFDISK" -d "$tmp/disk.img" >"$tmp/table.after" || fail "sfdisk cannot read it"
cmp "$tmp/table.before" "$tmp/table.after" || fail "sfdisk sees another table"
area_check "$tmp/disk.img" 1 "$tmp/k.elf"

boot_check "$tmp/disk.img"
exit 0
