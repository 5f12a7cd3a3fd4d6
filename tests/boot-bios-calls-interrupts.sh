#!/bin/sh
# boot-bios-calls-interrupts.sh -- the loader calls the BIOS with
# interrupts on, as the BIOS starts the boot sector and as GRUB and Linux
# call it: a BIOS that waits for a disk, USB or timer interrupt inside
# INT 13h hangs or times out otherwise.  The test option ROM
# (tests/kernels/optionrom.S) hooks INT 13h and logs each call, with
# the caller's return address and interrupt flag, on QEMU's debug
# console.  handoff.elf (137 sectors) is too big for the boot sector to
# read along with the loader, so the loader reads it with INT 13h of its
# own, from realmode.S's bios_calls; every call logged, the BIOS's, the
# boot sector's and the loader's, must have had IF set.
. "${srcdir:-.}/boot-common.sh"

nm=${TARGET_NM:-nm}
elf=$CKBOOT_STAGE_DIR/loader.elf
rom=$kernels/rom-int13.rom
command -v "$nm" >/dev/null 2>&1 ||
	{ echo "$test_name: SKIP: no $nm"; exit 77; }
test -f "$elf" || { echo "$test_name: $elf not built"; exit 99; }
test -f "$rom" || { echo "$test_name: $rom not built"; exit 99; }
# bios_calls up to calls_done: where the loader's INT 13h calls return.
range=$("$nm" "$elf" | awk '$3 == "bios_calls" { lo = $1 }
	$3 == "calls_done" { hi = $1 } END { print lo, hi }')
set -- $range
test $# = 2 || { echo "$test_name: no bios_calls in $elf"; exit 99; }
lo=$((0x$1)) hi=$((0x$2))

install_kernel handoff.elf "$tmp/disk.img"
for disk in ide ahci; do
	log=$tmp/int13-$disk.log
	boot_keep "$tmp/disk.img" "$tmp/serial-$disk.log" --disk=$disk \
		--memory=64M --timeout=30 --qemu-arg=-option-rom \
		--qemu-arg="$rom" --qemu-arg=-debugcon \
		--qemu-arg="file:$log" || exit $?
	cat "$log"
	test -s "$log" ||
		{ echo "$test_name: FAIL: $disk: the ROM logged no INT 13h"; exit 1; }
	off=$(grep -v ' if=1$' "$log")
	test -z "$off" || {
		echo "$test_name: FAIL: $disk: INT 13h called with interrupts off:"
		echo "$off"
		exit 1
	}
	loader=$(awk -v lo=$lo -v hi=$hi '$4 ~ /^0000:/ {
		ip = 0; h = substr($4, 6)
		for (i = 1; i <= 4; i++)
			ip = ip * 16 + index("0123456789abcdef", substr(h, i, 1)) - 1
		if (ip >= lo && ip < hi) n++ } END { print n + 0 }' "$log")
	echo "$disk: $loader INT 13h calls from the loader, all with IF=1"
	test "$loader" -gt 0 || {
		echo "$test_name: FAIL: $disk: no INT 13h call from the loader"
		exit 1
	}
done
exit 0
