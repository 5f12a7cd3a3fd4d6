#!/bin/sh
# On a block device (a loop device) too, a failed write is rolled back:
# the faulty write moves through every write of the install, and each
# time the device ends byte-for-byte as it was, with exit status 1.

. "${srcdir:-.}/install-common.sh"
test "$(id -u)" = 0 || skip "loop devices need root"
need losetup

fault_shim

make_kernel "$tmp/k.elf" 1500
mbr_image "$tmp/disk.img" 8 'label: dos
start=8192, type=83, bootable'
fill_random "$tmp/disk.img" 8192 4096
cp "$tmp/disk.img" "$tmp/orig.img"
dev=$(losetup -f --show "$tmp/disk.img" 2>/dev/null) || skip "losetup cannot attach"
cleanup="losetup -d $dev;"

n=1
while :; do
	FAULT_PATH=$dev FAULT_NTH=$n LD_PRELOAD=$shim \
		ckinstall --kernel="$tmp/k.elf" "$dev"
	rc=$?
	test $rc = 0 && break
	test $rc = 1 || fail "write $n: exit status $rc"
	grep -q 'restored' "$tmp/err" || fail "write $n: no word of the rollback"
	cmp -s "$dev" "$tmp/orig.img" ||
		fail "write $n: the device was not restored"
	n=$((n + 1))
	test $n -lt 50 || fail "the install never succeeds"
done
test $n -ge 4 || fail "only $((n - 1)) writes faulted: was the shim active?"
losetup -d "$dev"
cleanup=
area_check "$tmp/disk.img" 1 "$tmp/k.elf"
exit 0
