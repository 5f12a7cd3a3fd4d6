#!/bin/sh
# A kernel file edited in place after ckboot-install has checked it and
# taken its CRC-32, but before the area is written, is refused even when
# the edit keeps its size: the CRC-32 in the loader header would not be
# that of the bytes written, and the loader would refuse to boot.  The
# target is left as it was, byte for byte (a new image is removed).
# faultwrite.so stops the process after its first write to the --backup
# file, which comes after the check and before the first write to the
# target; the test overwrites 4 bytes in the middle of the kernel and
# lets it go on.  Once as such an edit is, which moves the file's times,
# and once with FAULT_SAME_STAT keeping the kernel's fstat() as it was at
# the check, as on a file system whose clock has not ticked since: then
# only the CRC-32 of the kernel read back from the target can tell.

. "${srcdir:-.}/install-common.sh"

fault_shim

# edited_during TARGET EDIT [SAME]: install $tmp/k.elf into TARGET with
# --backup=$tmp/undo, stopped after the first write to the backup, the
# kernel edited meanwhile if EDIT is "edit"; with SAME, FAULT_SAME_STAT
# holds the kernel's fstat().  Sets rc.
edited_during ()
{
	cp "$tmp/k.orig" "$tmp/k.elf"
	rm -f "$tmp/undo"
	change=:
	test "$2" != edit || change=edit
	stopped_install $change "$tmp/undo" 1 "${3:+$tmp/k.elf}" --force \
		--backup="$tmp/undo" --kernel="$tmp/k.elf" "$1"
}

edit ()
{
	printf XXXX | dd of="$tmp/k.elf" bs=1 seek=$half conv=notrunc \
		status=none || hard dd
	test "$(file_size "$tmp/k.elf")" = "$ksize" ||
		hard "the edit changed the kernel's size"
	! cmp -s "$tmp/k.elf" "$tmp/k.orig" ||
		hard "the edit left the kernel as it was"
}

# refused WHAT WHY: the install failed with one line, "KERNEL:
# changed since it was checked; WHY", after the notes of what --force
# overrides, and left no backup file.
refused ()
{
	test $rc = 1 || fail "$1: exit status $rc, expected 1"
	test "$(grep -vc '^ckboot-install: note: ' "$tmp/err")" = 1 ||
		fail "$1: not one line"
	grep -Fqx "ckboot-install: $tmp/k.elf: changed since it was checked; $2" \
		"$tmp/err" || fail "$1: not the message expected"
	test ! -e "$tmp/undo" || fail "$1: the backup file is left"
}

make_kernel "$tmp/k.orig" 3000
ksize=$(file_size "$tmp/k.orig")
half=$((ksize / 2))
gap_image "$tmp/orig.img" 2000
orig=$(sha256sum <"$tmp/orig.img")

# Unedited, the stop changes nothing: installed.
for same in '' same; do
	cp "$tmp/orig.img" "$tmp/disk.img"
	edited_during "$tmp/disk.img" none $same
	test $rc = 0 || fail "unedited${same:+, same stat}: exit status $rc"
	area_check "$tmp/disk.img" 1 "$tmp/k.orig"
done

for same in '' same; do
	what="edited${same:+, same stat}"
	cp "$tmp/orig.img" "$tmp/disk.img"
	edited_during "$tmp/disk.img" edit $same
	refused "$what" \
		"the previous contents were restored, the target is unchanged"
	test "$(sha256sum <"$tmp/disk.img")" = "$orig" ||
		fail "$what: the target changed"

	rm -f "$tmp/new.img"
	edited_during "$tmp/new.img" edit $same
	refused "$what, new image" "removed the unfinished image"
	test ! -e "$tmp/new.img" ||
		fail "$what, new image: the unfinished image is left"
done
exit 0
