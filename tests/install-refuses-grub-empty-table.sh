#!/bin/sh
# An MBR without partitions (sfdisk's "label: dos" alone): GRUB's boot
# code there, with or without core.img at LBA 1, is refused unchanged,
# as on a partitioned disk; --force replaces it and says so.  Without
# GRUB, ckboot adds its partition 1 to the empty table as on a new
# image, and keeps the disk signature and bytes 444-445; the disk boots.

. "${srcdir:-.}/install-common.sh"
need_grub "$tmp/core.img"
kernel_for_boot "$tmp/k.elf" 100
used=$(area_sectors "$tmp/k.elf")

# The empty table, with something in bytes 444-445 (0x5A5A marks a
# "copy-protected" disk) that is the user's as much as the signature.
mbr_image "$tmp/empty.img" 8 'label: dos'
printf '\132\132' | dd of="$tmp/empty.img" bs=1 seek=444 conv=notrunc \
	status=none || hard dd
fill_random "$tmp/empty.img" 4096 8192
cp "$tmp/empty.img" "$tmp/boot.img"
dd if=$grubdir/boot.img of="$tmp/boot.img" bs=440 count=1 conv=notrunc \
	status=none || hard dd
cp "$tmp/boot.img" "$tmp/grub.img"
dd if="$tmp/core.img" of="$tmp/grub.img" bs=512 seek=1 conv=notrunc \
	status=none || hard dd

# refused IMAGE: no install, one line naming IMAGE, IMAGE unchanged.
refused ()
{
	expect_refusal "$1" 'GRUB' --kernel="$tmp/k.elf" "$1"
	test "$(cat "$tmp/err")" = "ckboot-install: $1: sector 0 holds\
 GRUB's boot code; --force replaces it" ||
		fail "$1: not the one-line GRUB refusal"
}
refused "$tmp/boot.img"
refused "$tmp/grub.img"
ckinstall --dry-run --kernel="$tmp/k.elf" "$tmp/grub.img" &&
	fail "--dry-run accepted GRUB"

# sector0_kept IMAGE: SHA-256 of what an install on an empty table keeps
# of sector 0 (bytes 440-445 and the three unused entries, 462-509) and
# of everything from LBA 1 to ckboot's area at LBA 2048 and after it.
sector0_kept ()
{
	{
		dd if="$1" bs=1 skip=440 count=6 status=none
		dd if="$1" bs=1 skip=462 count=48 status=none
		dd if="$1" bs=512 skip=1 count=2047 status=none
		dd if="$1" bs=512 skip=$((2048 + used)) status=none
	} | sha256sum | cut -d' ' -f1
}

# --force lists what it overrides; only ckboot's bytes change.
kept=$(sector0_kept "$tmp/grub.img")
ckinstall --force --verbose --kernel="$tmp/k.elf" "$tmp/grub.img" ||
	fail "--force install failed"
grep -Fqx "note: --force: replacing GRUB's boot code" "$tmp/out" ||
	fail "the plan does not list the GRUB boot code replaced"
test "$(sector0_kept "$tmp/grub.img")" = "$kept" ||
	fail "--force changed bytes that are not ckboot's"
area_check "$tmp/grub.img" 2048 "$tmp/k.elf"

# Without GRUB: ckboot's partition 1 from LBA 2048, active, type 0xda;
# the signature, bytes 444-445 and all but the area as they were.
kept=$(sector0_kept "$tmp/empty.img")
ckinstall --kernel="$tmp/k.elf" "$tmp/empty.img" || fail "install failed"
test "$(sector0_kept "$tmp/empty.img")" = "$kept" ||
	fail "the install changed bytes 440-445, 462-509 or past the area"
test "$(od -An -tx1 -j444 -N2 "$tmp/empty.img" | tr -d ' ')" = 5a5a ||
	fail "bytes 444-445 lost"
"$SFDISK" --dump "$tmp/empty.img" >"$tmp/dump" 2>&1 || fail "sfdisk --dump"
grep -q 'start= *2048,.*type=da, bootable' "$tmp/dump" ||
	fail "no active 0xda partition 1 at LBA 2048: $(cat "$tmp/dump")"
area_check "$tmp/empty.img" 2048 "$tmp/k.elf"
ckinstall --dry-run --kernel="$tmp/k.elf" "$tmp/empty.img" ||
	fail "reinstall refused"
grep -q 'reinstall' "$tmp/out" || fail "the second install is no reinstall"
boot_check "$tmp/empty.img"
exit 0
