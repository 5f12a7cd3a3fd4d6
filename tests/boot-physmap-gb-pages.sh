#!/bin/sh
# boot-physmap-gb-pages.sh -- on a CPU with 1 GiB pages the physical map
# uses them (settings.c checks the leaf size against CPUID).
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-physmap.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=256M --timeout=30 --qemu-arg=-cpu \
	--qemu-arg=qemu64,+pdpe1gb \
	--expect-line="physical map: 1048576 KiB pages"
