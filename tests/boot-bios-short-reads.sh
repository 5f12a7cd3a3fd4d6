#!/bin/sh
# boot-bios-short-reads.sh -- the loader's disk reads against BIOSes
# that take fewer sectors than asked, as USB BIOSes do: the test option
# ROM (tests/kernels/optionrom.S) sits in front of SeaBIOS's INT 13h.
#   rom-ext-short-40.rom   cuts every AH=42h read of more than 64
#                          sectors to 64, which the BIOS then reads and
#                          writes back as the count it moved: the
#                          loader must read on from there;
#   rom-ext-refuse-40.rom  fails such reads with status 01h: the loader
#                          must retry with fewer sectors a call.
# handoff.elf (137 sectors) is read by the loader itself in calls of up
# to 127; the loader's CRC-32 check, then the kernel's own checks, say
# whether every sector arrived where it belongs.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/disk.img"
for what in short:'ext42: 7f sectors asked, 40 read' \
	refuse:'ext42: 7f sectors asked, refused'; do
	rom=$kernels/rom-ext-${what%%:*}-40.rom
	line=${what#*:}
	test -f "$rom" || { echo "$test_name: $rom not built"; exit 99; }
	log=$tmp/int13-${what%%:*}.log
	boot_keep "$tmp/disk.img" "$tmp/serial.log" --memory=64M --timeout=30 \
		--qemu-arg=-option-rom --qemu-arg="$rom" \
		--qemu-arg=-debugcon --qemu-arg="file:$log" || exit $?
	grep ext42 "$log"
	grep -q -x "$line" "$log" || {
		echo "$test_name: FAIL: $(basename "$rom") never cut a read short"
		exit 1
	}
done
exit 0
