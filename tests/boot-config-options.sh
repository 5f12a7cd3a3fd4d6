#!/bin/sh
# boot-config-options.sh -- the same settings through ckboot-install's
# options for a kernel without a note take effect at boot.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-plain.elf "$tmp/disk.img" \
	--kernel-stack-address=0xffff900000000000 --kernel-stack-size=64 \
	--boot-info-address=0xffffa00000000000 \
	--physical-memory-offset=0xffff800000000000 --map-physical-memory \
	--recursive-page-table
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: stack-bottom=0xffff900000000000" \
	--expect-line="fact: stack-size-pages=64" \
	--expect-line="fact: boot-info=0xffffa00000000000" \
	--expect-line="fact: physmap-offset=0xffff800000000000" \
	--expect-line="fact: features=physical-memory recursive-page-table"
