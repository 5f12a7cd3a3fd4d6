#!/bin/sh
# A disk where GRUB is installed (boot.img in bytes 0-439, core.img in the
# gap from LBA 1, as grub-install writes them) is refused unchanged, naming
# GRUB; --force replaces it (and the disk boots).  Also GRUB's core.img alone in the gap, or in
# a GPT BIOS boot partition, is refused.

. "${srcdir:-.}/install-common.sh"
need_grub "$tmp/core.img"
kernel_for_boot "$tmp/k.elf" 100

mbr_image "$tmp/disk.img" 8 'label: dos
start=2048, type=83, bootable'
fill_random "$tmp/disk.img" 2048 1024
cp "$tmp/disk.img" "$tmp/plain.img"
dd if=$grubdir/boot.img of="$tmp/disk.img" bs=440 count=1 conv=notrunc \
	status=none || hard dd
dd if="$tmp/core.img" of="$tmp/disk.img" bs=512 seek=1 conv=notrunc \
	status=none || hard dd
expect_refusal "$tmp/disk.img" 'GRUB.*--force' --kernel="$tmp/k.elf" \
	"$tmp/disk.img"

# core.img in the gap, some other boot code in sector 0.
dd if="$tmp/core.img" of="$tmp/plain.img" bs=512 seek=1 conv=notrunc \
	status=none || hard dd
expect_refusal "$tmp/plain.img" 'GRUB core.img.*--force' \
	--kernel="$tmp/k.elf" "$tmp/plain.img"

# core.img in a BIOS boot partition.
if command -v "$SGDISK" >/dev/null 2>&1; then
	truncate -s 8M "$tmp/gpt.img"
	"$SGDISK" --new=1:2048:+1M --typecode=1:ef02 --new=2:0:0 \
		"$tmp/gpt.img" >/dev/null || hard sgdisk
	dd if="$tmp/core.img" of="$tmp/gpt.img" bs=512 seek=2048 \
		conv=notrunc status=none || hard dd
	expect_refusal "$tmp/gpt.img" 'BIOS boot partition holds GRUB' \
		--kernel="$tmp/k.elf" "$tmp/gpt.img"
fi

# --force replaces GRUB and keeps the table.
tbl=$(range_sum "$tmp/disk.img" 440 72)
ckinstall --force --kernel="$tmp/k.elf" "$tmp/disk.img" ||
	fail "--force install failed"
test "$(range_sum "$tmp/disk.img" 440 72)" = "$tbl" || fail "table changed"
area_check "$tmp/disk.img" 1 "$tmp/k.elf"
boot_check "$tmp/disk.img"
exit 0
