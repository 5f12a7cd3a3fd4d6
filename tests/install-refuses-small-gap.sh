#!/bin/sh
# An MBR gap too small for the loader and kernel is refused with both
# sizes, and the disk is left unchanged; the message counts a command
# line too when there is one.

. "${srcdir:-.}/install-common.sh"

# Old DOS alignment: the first partition at LBA 63 leaves 31 KiB.
mbr_image "$tmp/disk.img" 8 'label: dos
start=63, size=8000, type=83, bootable'
fill_random "$tmp/disk.img" 63 8000
make_kernel "$tmp/k.elf" 100
expect_refusal "$tmp/disk.img" \
	'needs [0-9.]+ [KM]iB \(loader and kernel\), .*gap .* has 31 KiB' \
	--kernel="$tmp/k.elf" "$tmp/disk.img"
expect_refusal "$tmp/disk.img" \
	'needs [0-9.]+ [KM]iB \(loader, command line and kernel\), .*gap .* has 31 KiB' \
	--kernel="$tmp/k.elf" --cmdline=quiet "$tmp/disk.img"
exit 0
