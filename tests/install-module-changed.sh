#!/bin/sh
# A module file changed while ckboot-install installs it is refused and
# the install backs out, the target as it was byte for byte (a new
# image removed), as for the kernel (install-kernel-changed-after-check.sh,
# install-kernel-truncated.sh):
#  - edited in place after its CRC-32 was taken, keeping its size:
#    faultwrite.so stops the process after its first write to the
#    --backup file, before the first write to the target, and the test
#    overwrites 4 bytes of the module; once as such an edit is, which
#    moves the file's times, and once with FAULT_SAME_STAT keeping its
#    fstat() as it was, when only the CRC-32 of the module read back
#    from the target can tell;
#  - cut short while it is copied: stopped after the 5th write to the
#    target (the loader and the kernel take at most 3), cut to 512 KiB.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"

fault_shim

# module_install TARGET FAULT_PATH NTH [SAME]: install the kernel and
# the modules into TARGET with --backup=$tmp/undo, stopped after the
# NTH write to FAULT_PATH, "$change" run meanwhile; with SAME,
# FAULT_SAME_STAT holds the module's fstat().  Sets rc.
module_install ()
{
	cp "$tmp/m.orig" "$tmp/m.bin"
	rm -f "$tmp/undo"
	stopped_install "$change" "$2" $3 "${4:+$tmp/m.bin}" \
		--backup="$tmp/undo" --kernel="$tmp/k.elf" \
		--module="$tmp/one.bin" --module="$tmp/m.bin" "$1"
}

# refused WHAT PATTERN: the install failed with one line matching
# "MODULE: PATTERN", and left no backup file.
refused ()
{
	test $rc = 1 || fail "$1: exit status $rc, expected 1"
	test "$(wc -l <"$tmp/err")" = 1 || fail "$1: not one line"
	grep -Eqx "ckboot-install: $tmp/m\\.bin: $2" "$tmp/err" ||
		fail "$1: not the message expected"
	test ! -e "$tmp/undo" || fail "$1: the backup file is left"
}

make_kernel "$tmp/k.elf" 100
printf 'x' >"$tmp/one.bin"
head -c 3000000 /dev/urandom >"$tmp/m.orig" || hard head
msize=$(file_size "$tmp/m.orig")
mbr_image "$tmp/orig.img" 16 'label: dos
start=8192, type=83, bootable'
fill_random "$tmp/orig.img" 8192 24576
orig=$(sha256sum <"$tmp/orig.img")

edit='printf XXXX | dd of="$tmp/m.bin" bs=1 seek=$((msize / 2)) \
	conv=notrunc status=none || hard dd'

# Unedited, the stop changes nothing: installed.
for same in '' same; do
	cp "$tmp/orig.img" "$tmp/disk.img"
	change=:
	module_install "$tmp/disk.img" "$tmp/undo" 1 $same
	test $rc = 0 || fail "unedited${same:+, same stat}: exit status $rc"
	"$CKBOOT_INSTALL" --verify "$tmp/disk.img" >/dev/null ||
		fail "unedited${same:+, same stat}: not intact"
done

change=$edit
for same in '' same; do
	what="edited${same:+, same stat}"
	cp "$tmp/orig.img" "$tmp/disk.img"
	module_install "$tmp/disk.img" "$tmp/undo" 1 $same
	refused "$what" "changed since it was checked; the previous contents were restored, the target is unchanged"
	test "$(sha256sum <"$tmp/disk.img")" = "$orig" ||
		fail "$what: the target changed"

	rm -f "$tmp/new.img"
	module_install "$tmp/new.img" "$tmp/undo" 1 $same
	refused "$what, new image" \
		"changed since it was checked; removed the unfinished image"
	test ! -e "$tmp/new.img" ||
		fail "$what, new image: the unfinished image is left"
done

change='truncate -s 512K "$tmp/m.bin" || hard truncate'
cp "$tmp/orig.img" "$tmp/disk.img"
module_install "$tmp/disk.img" "$tmp/disk.img" 5
refused "cut short" "(truncated while being installed|read error \\(or truncated since it was checked\\)); the previous contents were restored, the target is unchanged"
test "$(sha256sum <"$tmp/disk.img")" = "$orig" ||
	fail "cut short: the target changed"
rm -f "$tmp/new.img"
module_install "$tmp/new.img" "$tmp/new.img" 5
refused "cut short, new image" "(truncated while being installed|read error \\(or truncated since it was checked\\)); removed the unfinished image"
test ! -e "$tmp/new.img" || fail "cut short, new image: the image is left"
exit 0
