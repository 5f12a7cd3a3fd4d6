#!/bin/sh
# boot-low-linked-features.sh -- a kernel linked low (0x200000) with every
# feature and no address: the physical map, the recursive slot, the stack
# and the boot info land clear of the kernel and of each other, and the
# frames behind it all are typed in the memory map.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-low.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: features=physical-memory recursive-page-table vga-320x200"
