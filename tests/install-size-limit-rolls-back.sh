#!/bin/sh
# A target that cannot grow (ulimit -f): a new image that does not fit is
# not left half-made, an empty image file that would have to grow is left
# empty, and the exit status is 1.

. "${srcdir:-.}/install-common.sh"

make_kernel "$tmp/k.elf" 1500
# ulimit -f counts 512-byte blocks in POSIX sh; 1024 blocks = 512 KiB.
(ulimit -f 1024 && ckinstall --kernel="$tmp/k.elf" "$tmp/new.img")
rc=$?
test $rc = 1 || fail "exit status $rc, expected 1"
test ! -e "$tmp/new.img" || fail "the half-made image is still there"

: >"$tmp/empty.img"
(ulimit -f 1024 && ckinstall --kernel="$tmp/k.elf" "$tmp/empty.img")
rc=$?
test $rc = 1 || fail "exit status $rc, expected 1"
test -e "$tmp/empty.img" || fail "the empty image was removed"
test "$(file_size "$tmp/empty.img")" = 0 || fail "the empty image grew"
exit 0
