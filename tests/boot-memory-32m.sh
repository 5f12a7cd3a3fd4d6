#!/bin/sh
# boot-memory-32m.sh -- with 32 MiB of RAM the memory map agrees with the
# RAM size QEMU records in CMOS, and the handoff checks pass.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=32M --timeout=30 \
	--expect-line="fact: ram-mib=32"
