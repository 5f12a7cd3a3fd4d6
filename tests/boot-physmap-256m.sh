#!/bin/sh
# boot-physmap-256m.sh -- map-physical-memory at 0xffff800000000000 with
# 256 MiB of RAM: the BIOS data area (COM1 0x3f8 at 0x400), the kernel's
# own frames found by a page walk, the top of RAM and the local APIC are
# all reached through the map, with large pages.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-physmap.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=256M --timeout=30 \
	--expect-line="fact: physmap-offset=0xffff800000000000" \
	--expect-line="fact: ram-mib=256"
