#!/bin/sh
# boot-bootinfo-address.sh -- boot-info-address from the kernel's note
# takes effect: RDI and the boot info are at 0xffffa00000000000 exactly.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-boot-info.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: boot-info=0xffffa00000000000"
