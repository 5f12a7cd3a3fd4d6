#!/bin/sh
# boot-bios-ext-fail.sh -- a BIOS that claims INT 13h extensions (AH=41h
# says yes) but fails every AH=42h read, as some do: the test option ROM
# rom-ext-refuse-0.rom (tests/kernels/optionrom.S) fails them all with
# status 01h in front of SeaBIOS.  The boot sector must read the loader
# by CHS (AH=02h) once its tries with extensions are spent, and the
# loader the kernel, saying so on the console.  handoff.elf (137
# sectors) is more than the boot sector reads for the loader, so both
# stages read by CHS; the loader's CRC-32 check and the kernel's own
# checks say whether every sector arrived.
. "${srcdir:-.}/boot-common.sh"

rom=$kernels/rom-ext-refuse-0.rom
test -f "$rom" || { echo "$test_name: $rom not built"; exit 99; }
log=$tmp/int13.log
install_kernel handoff.elf "$tmp/disk.img"
boot_keep "$tmp/disk.img" "$tmp/serial.log" --memory=64M --timeout=60 \
	--qemu-arg=-option-rom --qemu-arg="$rom" \
	--qemu-arg=-debugcon --qemu-arg="file:$log" || exit $?

# from_mbr AH: the boot sector (code at 0:7C00-0:7DFF) called AH.
from_mbr ()
{
	grep -q "^int13 ah=$1 from 0000:7[cd][0-9a-f][0-9a-f] " "$log"
}
# from_loader AH: code past the boot sector called AH.
from_loader ()
{
	grep "^int13 ah=$1 from " "$log" |
		grep -v -q " from 0000:7[cd][0-9a-f][0-9a-f] "
}
fail ()
{
	echo "$test_name: FAIL: $*"; exit 1
}

# The ROM's "ext42:" line follows the call's.
awk 'prev ~ / from 0000:7[cd][0-9a-f][0-9a-f] / && /^ext42: .* refused$/ { n++ }
	{ prev = $0 } END { exit !n }' "$log" ||
	fail "the ROM never refused the boot sector's read"
from_mbr 02 || fail "the boot sector never read by CHS"
from_loader 42 || fail "the loader never tried extensions"
from_loader 02 || fail "the loader never read by CHS"
grep -q 'ckboot: INT 13h extensions failed (0x01), reading by CHS' \
	"$tmp/serial.log" || fail "the loader did not say it reads by CHS"
exit 0
