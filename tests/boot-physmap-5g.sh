#!/bin/sh
# boot-physmap-5g.sh -- map-physical-memory with 5 GiB of RAM: the map
# covers RAM above 4 GiB (to 0x140000000) as well as the first 4 GiB.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-physmap.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=5G --timeout=60 \
	--expect-line="fact: physmap-offset=0xffff800000000000" \
	--expect-line="fact: physmap-top=0x140000000" \
	--expect-line="fact: ram-mib=5120"
