#!/bin/sh
# boot-memory-5g.sh -- with 5 GiB of RAM (3 GiB below the PCI hole, 2 GiB
# above 4 GiB) the memory map reports all of it, and the handoff checks
# pass.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=5G --timeout=60 \
	--expect-line="fact: ram-mib=5120"
