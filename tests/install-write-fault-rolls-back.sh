#!/bin/sh
# When any one write to the target fails (EIO or ENOSPC, made by the
# faultwrite.so shim), ckboot-install exits 1, says it restored the old
# contents, and the target is byte-for-byte what it was (a --backup file
# made for it is removed); a new image is removed.  The faulty write is
# moved through every write of the install.

. "${srcdir:-.}/install-common.sh"

fault_shim

make_kernel "$tmp/k.elf" 2500
gap_image "$tmp/disk.img" 2000
cp "$tmp/disk.img" "$tmp/orig.img"

# install_with_fault N ERRNO TARGET [OPTION]: run with the Nth write
# failing.
install_with_fault ()
{
	FAULT_PATH=$3 FAULT_NTH=$1 FAULT_ERRNO=$2 LD_PRELOAD=$shim \
		ckinstall --force $4 --kernel="$tmp/k.elf" "$3"
}

n=1
while :; do
	for e in EIO ENOSPC; do
		cp "$tmp/orig.img" "$tmp/disk.img"
		rm -f "$tmp/undo"
		install_with_fault $n $e "$tmp/disk.img" --backup="$tmp/undo"
		rc=$?
		test $rc = 0 && break 2
		test $rc = 1 || fail "write $n ($e): exit status $rc"
		grep -q 'restored' "$tmp/err" || fail "write $n: no word of the rollback"
		cmp -s "$tmp/disk.img" "$tmp/orig.img" ||
			fail "write $n ($e): the target was not restored"
		test ! -e "$tmp/undo" ||
			fail "write $n ($e): the moot backup file is left"

		rm -f "$tmp/new.img"
		install_with_fault $n $e "$tmp/new.img" && continue
		test ! -e "$tmp/new.img" || fail "write $n ($e): half-made image left"
	done
	n=$((n + 1))
	test $n -lt 50 || fail "the install never succeeds"
done
test $n -ge 4 || fail "only $((n - 1)) writes faulted: was the shim active?"
area_check "$tmp/disk.img" 1 "$tmp/k.elf"
exit 0
