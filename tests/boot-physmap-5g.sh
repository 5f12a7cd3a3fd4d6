#!/bin/sh
# boot-physmap-5g.sh -- map-physical-memory with 5 GiB of RAM: the map
# covers the RAM above 4 GiB (QEMU puts 2 GiB there, up to 0x180000000) as
# well as the first 4 GiB.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-physmap.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=5G --timeout=60 \
	--expect-line="fact: physmap-offset=0xffff800000000000" \
	--expect-line="fact: usable-top=0x180000000" \
	--expect-line="fact: ram-mib=5120"
