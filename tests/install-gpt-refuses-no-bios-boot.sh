#!/bin/sh
# A GPT disk without a BIOS boot partition is refused, unchanged, with the
# sgdisk command that would make one.

. "${srcdir:-.}/install-common.sh"
need "$SGDISK"

truncate -s 16M "$tmp/disk.img"
"$SGDISK" --new=1:2048:0 --typecode=1:8300 "$tmp/disk.img" >/dev/null ||
	hard "sgdisk failed"
fill_random "$tmp/disk.img" 2048 2048
make_kernel "$tmp/k.elf" 100
expect_refusal "$tmp/disk.img" 'without a BIOS boot partition' \
	--kernel="$tmp/k.elf" "$tmp/disk.img"
grep -Fq "sgdisk --new=0:0:+1M --typecode=0:ef02 $tmp/disk.img" "$tmp/err" ||
	fail "no sgdisk command in the message"
grep -q 'parted' "$tmp/err" || fail "no parted command in the message"
exit 0
