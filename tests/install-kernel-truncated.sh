#!/bin/sh
# A kernel file cut short by another program while ckboot-install copies
# it is refused, and the install backs out: a new image is removed, an
# existing target is left as it was.  libckboot reads the kernel through
# mapped windows, where such a cut turns into SIGBUS rather than a short
# read; lib/window.c turns that back into an error.  faultwrite.so stops
# the process after its 4th write to the image, the test cuts the
# kernel in half, and lets it go on.

. "${srcdir:-.}/install-common.sh"

fault_shim

# cut_during TARGET: install $tmp/k.elf into TARGET, stopped after the
# 4th write to it, the kernel truncated to half meanwhile; sets rc.
cut_during ()
{
	cp "$tmp/k.orig" "$tmp/k.elf"
	stopped_install 'truncate -s $(($(stat -c %s "$tmp/k.orig") / 2)) \
		"$tmp/k.elf" || hard truncate' "$1" 4 '' --force \
		--kernel="$tmp/k.elf" "$1"
}

make_kernel "$tmp/k.orig" 6000

# A new image: refused, and not left behind.
rm -f "$tmp/new.img"
cut_during "$tmp/new.img"
test $rc = 1 || fail "new image: exit status $rc, expected 1"
test ! -e "$tmp/new.img" || fail "new image: the unfinished image is left"
test "$(wc -l < "$tmp/err")" = 1 || fail "new image: not one line"
grep -q "k.elf: truncated while being installed; removed the unfinished image" \
	"$tmp/err" || fail "new image: no word of the truncation"

# An existing image with a partition: unchanged, byte for byte.
mbr_image "$tmp/orig.img" 24 'label: dos
start=16384, type=83'
fill_random "$tmp/orig.img" 16384 8192
cp "$tmp/orig.img" "$tmp/disk.img"
cut_during "$tmp/disk.img"
test $rc = 1 || fail "existing image: exit status $rc, expected 1"
cmp -s "$tmp/disk.img" "$tmp/orig.img" ||
	fail "existing image: the target changed"
grep -q "k.elf: truncated while being installed; the previous contents were restored" \
	"$tmp/err" || fail "existing image: no word of the truncation"
exit 0
