#!/bin/sh
# boot-smbios.sh -- the boot info gives the SMBIOS entry points SeaBIOS
# put in the BIOS area: QEMU's pc machine makes a 32-bit one ("_SM_") by
# default and, with smbios-entry-point-type=64, a 64-bit one ("_SM3_")
# instead.  handoff.elf checks that each address it is given holds its
# anchor and says which it got; here each boot must report the kind
# QEMU made, and only that kind.
. "${srcdir:-.}/boot-common.sh"

"$QEMU" -machine pc,help 2>/dev/null |
	grep -q smbios-entry-point-type ||
	{ echo "$test_name: SKIP: QEMU has no smbios-entry-point-type"
	  exit 77; }

install_kernel handoff.elf "$tmp/disk.img"
for kind in 32 64; do
	boot_keep "$tmp/disk.img" "$tmp/serial-$kind.log" --memory=64M \
		--qemu-arg=-machine \
		--qemu-arg="pc,smbios-entry-point-type=$kind" || exit $?
	tr -d '\r' < "$tmp/serial-$kind.log" | grep '^fact: smbios-' \
		> "$tmp/facts-$kind"
	cat "$tmp/facts-$kind"
	grep -q "^fact: smbios-$kind=0xf[0-9a-f]*$" "$tmp/facts-$kind" ||
		{ echo "$test_name: FAIL: no $kind-bit entry point reported"; exit 1; }
	test "$(wc -l < "$tmp/facts-$kind")" -eq 1 ||
		{ echo "$test_name: FAIL: more than the $kind-bit one"; exit 1; }
done
exit 0
