#!/bin/sh
# --force overrides each thing in ckboot's way, not the checks: with
# GRUB's boot code in sector 0 and unknown data at LBA 50 of the gap (on
# an MBR disk) or of the BIOS boot partition (on a GPT disk), the plan
# lists both overrides, in a dry run and in a real one, and the install
# changes only the boot code and the sectors of its area.  Without
# --force the first problem refuses, the target unchanged.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"
need "$SGDISK"
need_grub
kernel_for_boot "$tmp/k.elf" 100
used=$(area_sectors "$tmp/k.elf")
test "$used" -gt 50 || hard "the area does not reach its LBA 50"

# one_line MESSAGE: the refusal was that line alone.
one_line ()
{
	test "$(cat "$tmp/err")" = "ckboot-install: $1" ||
		fail "not the one-line refusal '$1'"
}

# check DISK AREA-LBA DATA-LBA AREA-NAME: refusals without --force, then
# the overrides listed and only ckboot's bytes changed with it.
check ()
{
	img=$tmp/$1.img
	cp "$tmp/$1-data.img" "$img"
	dd if=$grubdir/boot.img of="$img" bs=440 count=1 conv=notrunc \
		status=none || hard dd

	# Without GRUB: the data refuses; with it, the boot code first.
	expect_refusal "$tmp/$1-data.img" 'holds data' \
		--kernel="$tmp/k.elf" "$tmp/$1-data.img"
	one_line "$tmp/$1-data.img: $4 holds data at LBA $3 (another boot\
 loader's, or a tool's?); --force overwrites it"
	expect_refusal "$img" 'GRUB' --kernel="$tmp/k.elf" "$img"
	one_line "$img: sector 0 holds GRUB's boot code; --force replaces it"

	before=$(sha256sum <"$img")
	ckinstall --force --dry-run --kernel="$tmp/k.elf" "$img" ||
		fail "--force --dry-run failed"
	test "$(sha256sum <"$img")" = "$before" || fail "--dry-run wrote"
	cp "$tmp/out" "$tmp/dry"
	outside=$(outside_sum "$img" "$2" "$used")
	# Without --verbose, the overrides are still said, on stderr.
	cp "$img" "$tmp/quiet.img"
	ckinstall --force --kernel="$tmp/k.elf" "$tmp/quiet.img" ||
		fail "--force install failed"
	printf 'ckboot-install: %s\n' \
		"note: --force: replacing GRUB's boot code" \
		"note: --force: overwriting unknown data at LBA $3" |
		cmp -s - "$tmp/err" || fail "$1: stderr does not list both overrides"
	ckinstall --force --verbose --kernel="$tmp/k.elf" "$img" ||
		fail "--force install failed"
	for plan in "$tmp/dry" "$tmp/out"; do
		grep '^note: --force' "$plan" >"$tmp/notes"
		printf '%s\n' "note: --force: replacing GRUB's boot code" \
			"note: --force: overwriting unknown data at LBA $3" |
			cmp -s - "$tmp/notes" || {
			cat "$tmp/notes"
			fail "$1: the plan does not list both overrides"
		}
	done
	test "$(outside_sum "$img" "$2" "$used")" = "$outside" ||
		fail "$1: bytes outside the boot code and the area changed"
	area_check "$img" "$2" "$tmp/k.elf"
}

# MBR: the gap is LBA 1-2047.
mbr_image "$tmp/mbr-data.img" 8 'label: dos
start=2048, type=83, bootable'
fill_random "$tmp/mbr-data.img" 2048 8192
fill_random "$tmp/mbr-data.img" 50 1
check mbr 1 50 'the gap before the first partition'
boot_check "$tmp/mbr.img"

# GPT: the BIOS boot partition is LBA 2048-4095; the GPT stays valid.
truncate -s 16M "$tmp/gpt-data.img"
"$SGDISK" --new=1:2048:+1M --typecode=1:ef02 --new=2:0:0 \
	"$tmp/gpt-data.img" >/dev/null || hard sgdisk
fill_random "$tmp/gpt-data.img" 4096 8192
fill_random "$tmp/gpt-data.img" 2098 1
check gpt 2048 2098 'the BIOS boot partition'
"$SGDISK" -v "$tmp/gpt.img" >"$tmp/verify" 2>&1
grep -q 'No problems found' "$tmp/verify" ||
	{ cat "$tmp/verify"; fail "sgdisk -v reports problems"; }
exit 0
