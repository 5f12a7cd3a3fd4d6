#!/bin/sh
# boot-config-note.sh -- every setting through the kernel's CKBOOT_CONFIG
# note (stack address and size, boot-info address, physical map at its
# offset, recursive page table) takes effect at boot.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-all.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: stack-bottom=0xffff900000000000" \
	--expect-line="fact: stack-size-pages=64" \
	--expect-line="fact: boot-info=0xffffa00000000000" \
	--expect-line="fact: physmap-offset=0xffff800000000000" \
	--expect-line="fact: features=physical-memory recursive-page-table"
