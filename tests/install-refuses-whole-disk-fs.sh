#!/bin/sh
# A disk with no partition table but a file system or volume at its start
# (ext2, FAT, and the signatures of NTFS, ISO 9660, LUKS, LVM, swap) is
# refused, unchanged, and the message names what is there.

. "${srcdir:-.}/install-common.sh"
need mkfs.ext2
need mkfs.vfat
make_kernel "$tmp/k.elf" 100

truncate -s 16M "$tmp/ext2.img"
mkfs.ext2 -q -F "$tmp/ext2.img" >/dev/null || hard "mkfs.ext2 failed"
expect_refusal "$tmp/ext2.img" 'ext2/ext3/ext4 file system.*--force' \
	--kernel="$tmp/k.elf" "$tmp/ext2.img"

truncate -s 16M "$tmp/vfat.img"
mkfs.vfat "$tmp/vfat.img" >/dev/null || hard "mkfs.vfat failed"
expect_refusal "$tmp/vfat.img" 'FAT file system.*--force' \
	--kernel="$tmp/k.elf" "$tmp/vfat.img"

# sig NAME OFFSET BYTES(printf format) PATTERN
sig ()
{
	truncate -s 16M "$tmp/$1.img"
	printf "$3" | dd of="$tmp/$1.img" bs=1 seek=$2 conv=notrunc status=none
	expect_refusal "$tmp/$1.img" "$4" --kernel="$tmp/k.elf" "$tmp/$1.img"
}
sig ntfs 3 'NTFS    ' 'NTFS'
sig iso 32769 'CD001' 'ISO 9660'
sig luks 0 'LUKS\272\276' 'LUKS'
sig lvm 512 'LABELONE' 'LVM'
sig swap 4086 'SWAPSPACE2' 'swap'
exit 0
