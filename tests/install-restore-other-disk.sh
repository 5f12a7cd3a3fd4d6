#!/bin/sh
# --restore refuses a backup taken from another disk even when that disk
# looks the same (a clone of the same size, the same first sectors after
# the same install): restoring there would destroy what the disk held,
# here GRUB, installed before ckboot went over it with --force.  The
# refusal is one line naming both disks, and the target stays unchanged.
# A disk is known by what stays with it: an image file's inode, the file
# behind a loop device.  So a renamed image, or the same file on another
# loop device, still restores byte for byte; --force restores onto the
# other disk anyway; a backup of the old format (version 1, no identity)
# is refused unless --force.

. "${srcdir:-.}/install-common.sh"

# one_line: the refusal in $tmp/err is a single line.
one_line ()
{
	test "$(wc -l <"$tmp/err")" = 1 || fail "the message is not one line"
}

kernel_for_boot "$tmp/k.elf" 100
mbr_image "$tmp/a.img" 8 'label: dos
label-id: 0x12345678
start=2048, type=83, bootable'
fill_random "$tmp/a.img" 2048 4096
cp "$tmp/a.img" "$tmp/b.img"
cp "$tmp/a.img" "$tmp/a.orig"

# B gets GRUB as grub-install writes it: boot.img in bytes 0-439,
# core.img from LBA 1 (random bytes stand in without grub-pc-bin).
if command -v grub-mkimage >/dev/null 2>&1 && test -r $grubdir/boot.img &&
	grub-mkimage -O i386-pc -p /boot/grub -o "$tmp/core.img" \
		biosdisk part_msdos 2>/dev/null; then
	dd if=$grubdir/boot.img of="$tmp/b.img" bs=440 count=1 conv=notrunc \
		status=none || hard dd
	dd if="$tmp/core.img" of="$tmp/b.img" bs=512 seek=1 conv=notrunc \
		status=none || hard dd
else
	echo "$me: note: no grub-pc-bin; random bytes stand in for GRUB"
	dd if=/dev/urandom of="$tmp/b.img" bs=440 count=1 conv=notrunc \
		status=none || hard dd
	fill_random "$tmp/b.img" 1 100
fi

ckinstall --backup="$tmp/a.bak" --kernel="$tmp/k.elf" "$tmp/a.img" ||
	fail "install on a.img failed"
ckinstall --force --kernel="$tmp/k.elf" "$tmp/b.img" ||
	fail "install on b.img failed"
test "$(range_sum "$tmp/a.img" 0 1024)" = "$(range_sum "$tmp/b.img" 0 1024)" ||
	hard "a.img and b.img differ in LBA 0-1: b.img is no clone"
test "$(file_size "$tmp/a.img")" = "$(file_size "$tmp/b.img")" ||
	hard "a.img and b.img differ in size: b.img is no clone"

# The clone: refused, GRUB's remains and all.
expect_refusal "$tmp/b.img" \
	'^ckboot-install: [^ ]*/b\.img: the backup [^ ]*/a\.bak was taken from another disk, [^ ]*/a\.img \(inode [0-9]+ on device [0-9]+:[0-9]+\), not this one \(inode [0-9]+ on device [0-9]+:[0-9]+\); --force restores it anyway$' \
	--restore="$tmp/a.bak" "$tmp/b.img"
one_line
# A copy of the installed image is another disk too.
cp "$tmp/a.img" "$tmp/copy.img"
expect_refusal "$tmp/copy.img" 'taken from another disk' \
	--restore="$tmp/a.bak" "$tmp/copy.img"

# --force restores onto the clone anyway: its boot code is a.img's old.
cp "$tmp/b.img" "$tmp/b2.img"
ckinstall --force --restore="$tmp/a.bak" "$tmp/b2.img" ||
	fail "--force --restore failed"
test "$(range_sum "$tmp/b2.img" 0 512)" = "$(range_sum "$tmp/a.orig" 0 512)" ||
	fail "--force --restore did not restore"

# The old format, made from a.bak: a 72-byte header of version 1, the
# same records, the trailer's CRC-32 (gzip's) over it all with the state
# word as 0, then the state word "finished".
bsize=$(file_size "$tmp/a.bak")
{
	dd if="$tmp/a.bak" bs=8 count=1 status=none
	printf '\001\000\000\000'
	dd if="$tmp/a.bak" iflag=skip_bytes,count_bytes skip=12 count=52 \
		status=none
	printf '\000\000\000\000'
	dd if="$tmp/a.bak" iflag=skip_bytes,count_bytes skip=68 count=4 \
		status=none
	dd if="$tmp/a.bak" iflag=skip_bytes,count_bytes skip=512 \
		count=$((bsize - 512 - 4)) status=none
} >"$tmp/v1.bak"
gzip -c <"$tmp/v1.bak" | tail -c 8 | head -c 4 >>"$tmp/v1.bak"
printf '\001' | dd of="$tmp/v1.bak" bs=1 seek=64 conv=notrunc status=none
expect_refusal "$tmp/a.img" \
	'v1\.bak: backup format version 1 does not record which disk it was taken from; --force restores' \
	--restore="$tmp/v1.bak" "$tmp/a.img"
one_line

# Renamed, it is the same disk: the round trip is exact.
mv "$tmp/a.img" "$tmp/renamed.img"
ckinstall --restore="$tmp/a.bak" "$tmp/renamed.img" || fail "restore failed"
cmp "$tmp/renamed.img" "$tmp/a.orig" || fail "restore is not byte-exact"
# And the version 1 backup, forced, checked by its contents only.
ckinstall --kernel="$tmp/k.elf" "$tmp/renamed.img" || fail "reinstall failed"
ckinstall --force --restore="$tmp/v1.bak" "$tmp/renamed.img" ||
	fail "--force --restore of a version 1 backup failed"
cmp "$tmp/renamed.img" "$tmp/a.orig" ||
	fail "restore of a version 1 backup is not byte-exact"

# Loop devices: a backup taken through one restores through another
# over the same file, or onto the file itself; a loop device over a
# clone is refused.
test "$(id -u)" = 0 && command -v losetup >/dev/null 2>&1 || {
	echo "$me: note: loop devices not tried (not root, or no losetup)"
	exit 0
}
cp "$tmp/a.orig" "$tmp/x.img"
dev=$(losetup -f --show "$tmp/x.img" 2>/dev/null) || {
	echo "$me: note: loop devices not tried (losetup cannot attach)"
	exit 0
}
cleanup="losetup -d $dev;"
ckinstall --backup="$tmp/x.bak" --kernel="$tmp/k.elf" "$dev" ||
	fail "install on $dev failed"
losetup -d "$dev"
cleanup=
cp "$tmp/x.img" "$tmp/y.img"
# The first free device is taken now, so x.img gets another one.
held=$(losetup -f --show "$tmp/a.orig") || hard "losetup failed"
cleanup="losetup -d $held;"
dy=$(losetup -f --show "$tmp/y.img") || hard "losetup failed"
cleanup="$cleanup losetup -d $dy;"
dx=$(losetup -f --show "$tmp/x.img") || hard "losetup failed"
cleanup="$cleanup losetup -d $dx;"
test "$dx" != "$dev" ||
	echo "$me: note: x.img got $dev again (another test took a device?)"
expect_refusal "$tmp/y.img" "$dy: the backup .* was taken from another disk, $dev \\(inode" \
	--restore="$tmp/x.bak" "$dy"
one_line
ckinstall --restore="$tmp/x.bak" "$dx" || fail "restore through $dx failed"
eval "$cleanup"
cleanup=
cmp "$tmp/x.img" "$tmp/a.orig" || fail "restore through $dx is not byte-exact"

# Taken through a loop device, restored onto its file.
dev=$(losetup -f --show "$tmp/x.img") || hard "losetup failed"
cleanup="losetup -d $dev;"
ckinstall --backup="$tmp/x2.bak" --kernel="$tmp/k.elf" "$dev" ||
	fail "install on $dev failed"
losetup -d "$dev"
cleanup=
ckinstall --restore="$tmp/x2.bak" "$tmp/x.img" ||
	fail "restore of a loop device's backup onto its file failed"
cmp "$tmp/x.img" "$tmp/a.orig" || fail "restore onto the file is not byte-exact"
exit 0
