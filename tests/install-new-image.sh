#!/bin/sh
# A target that does not exist becomes a new image: whole MiB, just big
# enough, an MBR with one active partition (type 0xda) covering the ckboot
# area at LBA 2048, the kernel right after the loader; and it boots.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"

kernel_for_boot "$tmp/k.elf" 300
ckinstall --kernel="$tmp/k.elf" "$tmp/disk.img" || fail "install failed"

size=$(file_size "$tmp/disk.img")
test $((size % 1048576)) = 0 || fail "size $size is not whole MiB"
lsize=$(file_size "$CKBOOT_STAGE_DIR/loader.bin")
need=$(( (2048 + (lsize + 511) / 512 + ($(file_size "$tmp/k.elf") + 511) / 512) * 512 ))
test $size -ge $need || fail "image of $size bytes cannot hold $need"
test $size -lt $((need + 1048576)) || fail "image of $size bytes is not just enough"

"$SFDISK" -d "$tmp/disk.img" >"$tmp/table" || fail "sfdisk cannot read the table"
cat "$tmp/table"
grep -Eq 'start= *2048, size= *[0-9]+, type=da, bootable' "$tmp/table" ||
	fail "no active type-0xda partition at LBA 2048"
test "$(grep -c 'start=' "$tmp/table")" = 1 || fail "more than one partition"
test "$(od -An -tx1 -j510 -N2 "$tmp/disk.img" | tr -d ' ')" = 55aa ||
	fail "no 0x55AA"
area_check "$tmp/disk.img" 2048 "$tmp/k.elf"

# --image-size gives a bigger image, and too small a one is refused.
ckinstall --kernel="$tmp/k.elf" --image-size=16777216 "$tmp/big.img" ||
	fail "--image-size install failed"
test "$(file_size "$tmp/big.img")" = 16777216 || fail "--image-size ignored"
expect_refusal "$tmp/small.img" 'needs .*, --image-size gives' \
	--kernel="$tmp/k.elf" --image-size=1048576 "$tmp/small.img"

# A new image where none can be created is refused before anything is
# written.
expect_refusal "$tmp/no/such/dir.img" 'cannot create: No such file' \
	--kernel="$tmp/k.elf" "$tmp/no/such/dir.img"

boot_check "$tmp/disk.img"
exit 0
