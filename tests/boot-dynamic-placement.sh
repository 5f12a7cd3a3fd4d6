#!/bin/sh
# boot-dynamic-placement.sh -- every feature (physical map, recursive page
# table, VGA 320x200) and no address: the loader places the stack, the boot
# info, the map and the recursive slot canonically without overlaps
# (checked by the kernel), and the same way on a second boot.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-dynamic.elf "$tmp/disk.img"
for n in 1 2; do
	boot_keep "$tmp/disk.img" "$tmp/serial-$n.log" --memory=64M \
		--timeout=30 || exit 1
	tr -d '\r' < "$tmp/serial-$n.log" | grep '^fact: ' > "$tmp/facts-$n"
done
grep -q '^fact: physmap-offset=' "$tmp/facts-1" &&
	grep -q '^fact: recursive-index=' "$tmp/facts-1" ||
	{ echo "$test_name: FAIL: a feature is missing"; exit 1; }
if ! cmp -s "$tmp/facts-1" "$tmp/facts-2"; then
	echo "$test_name: FAIL: placement differs between two boots"
	diff "$tmp/facts-1" "$tmp/facts-2"
	exit 1
fi
echo "$test_name: the same placement on both boots:"
cat "$tmp/facts-1"
