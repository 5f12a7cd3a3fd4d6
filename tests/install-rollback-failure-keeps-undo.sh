#!/bin/sh
# When the disk stops taking writes halfway (every write from the third
# on fails, the rollback's too), ckboot-install exits 3 and names the
# file holding the old bytes; --restore from that file, once the disk
# works again, puts the disk back byte for byte.  Likewise with --backup.

. "${srcdir:-.}/install-common.sh"

fault_shim
TMPDIR=$tmp
export TMPDIR

make_kernel "$tmp/k.elf" 1500
gap_image "$tmp/orig.img" 7

for backup in '' "--backup=$tmp/undo"; do
	cp "$tmp/orig.img" "$tmp/disk.img"
	FAULT_PATH=$tmp/disk.img FAULT_NTH=3+ LD_PRELOAD=$shim \
		ckinstall --force $backup --kernel="$tmp/k.elf" "$tmp/disk.img"
	rc=$?
	test $rc = 3 || fail "exit status $rc, expected 3"
	cmp -s "$tmp/disk.img" "$tmp/orig.img" && fail "the disk was not damaged"
	file=$(sed -n 's/.*the old bytes are in \(.*\)$/\1/p' "$tmp/err")
	test -n "$file" && test -s "$file" || fail "no undo file named"
	test -z "$backup" || test "$file" = "$tmp/undo" ||
		fail "the message names $file, not the --backup file"
	ckinstall --restore="$file" "$tmp/disk.img" || fail "restore failed"
	cmp "$tmp/disk.img" "$tmp/orig.img" || fail "restore is not byte-exact"
done
exit 0
