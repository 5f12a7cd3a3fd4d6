#!/bin/sh
# A GPT disk without a BIOS boot partition is refused, unchanged, in one
# line that names the disk and the sgdisk command that would make one.

. "${srcdir:-.}/install-common.sh"
need "$SGDISK"

truncate -s 16M "$tmp/disk.img"
"$SGDISK" --new=1:2048:0 --typecode=1:8300 "$tmp/disk.img" >/dev/null ||
	hard "sgdisk failed"
fill_random "$tmp/disk.img" 2048 2048
make_kernel "$tmp/k.elf" 100
expect_refusal "$tmp/disk.img" 'without a BIOS boot partition' \
	--kernel="$tmp/k.elf" "$tmp/disk.img"
test "$(cat "$tmp/err")" = "ckboot-install: $tmp/disk.img: GPT disk without\
 a BIOS boot partition; create one of at least 1 MiB (sgdisk\
 --new=0:0:+1M --typecode=0:ef02 $tmp/disk.img)" ||
	fail "not the one-line refusal with the sgdisk command"
exit 0
