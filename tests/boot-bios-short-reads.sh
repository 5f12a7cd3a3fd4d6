#!/bin/sh
# boot-bios-short-reads.sh -- the loader's disk reads against BIOSes
# that take fewer sectors than asked, as USB BIOSes do: the test option
# ROM (tests/kernels/optionrom.S) sits in front of SeaBIOS's INT 13h.
#   rom-ext-short-40.rom   cuts every AH=42h read of more than 64
#                          sectors to 64, which the BIOS then reads and
#                          writes back as the count it moved: the
#                          loader must read on from there;
#   rom-ext-short-20.rom   the same from 32 sectors on, which cuts the
#                          boot sector's reads of the loader too (64
#                          sectors a call): it must read on as well;
#   rom-ext-refuse-40.rom  fails such reads with status 01h: the loader
#                          must retry with fewer sectors a call.
# handoff.elf (137 sectors) is read by the loader itself in calls of up
# to 127; the loader's CRC-32 check, then the kernel's own checks, say
# whether every sector arrived where it belongs, and a loader with a
# hole does not get that far.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/disk.img"
# rom_boot NAME: boot behind rom-NAME.rom, its INT 13h log in $log.
rom_boot ()
{
	rom=$kernels/rom-$1.rom
	log=$tmp/int13-$1.log
	test -f "$rom" || { echo "$test_name: $rom not built"; exit 99; }
	boot_keep "$tmp/disk.img" "$tmp/serial.log" --memory=64M --timeout=30 \
		--qemu-arg=-option-rom --qemu-arg="$rom" \
		--qemu-arg=-debugcon --qemu-arg="file:$log" || exit $?
	grep ext42 "$log"
}

# expect_line WHAT LINE: LINE, whole, is in $log.
expect_line ()
{
	grep -q -x "$2" "$log" ||
		{ echo "$test_name: FAIL: the ROM never $1"; exit 1; }
}

rom_boot ext-short-40
expect_line "cut a 127-sector read" 'ext42: 7f sectors asked, 40 read'
rom_boot ext-refuse-40
expect_line "refused a 127-sector read" 'ext42: 7f sectors asked, refused'

# The boot sector's calls return to 0:7cxx; the ROM's line follows.
rom_boot ext-short-20
awk 'prev ~ / from 0000:7c[0-9a-f][0-9a-f] / && /^ext42: .* read$/ { n++ }
	{ prev = $0 } END { exit !n }' "$log" ||
	{ echo "$test_name: FAIL: the ROM never cut a boot sector read"; exit 1; }
exit 0
