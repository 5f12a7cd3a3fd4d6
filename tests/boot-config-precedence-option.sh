#!/bin/sh
# boot-config-precedence-option.sh -- options override the manifest and
# the note: the stack size (128 pages, over the manifest's 96 and the
# note's 64) and the physical-memory offset (over the note's) come from
# the options, the boot-info address from the manifest, the stack address
# from the note.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-precedence.elf "$tmp/disk.img" \
	--manifest="$manifests/precedence.toml" --kernel-stack-size=128 \
	--physical-memory-offset=0xffff880000000000
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: stack-bottom=0xffff900000000000" \
	--expect-line="fact: stack-size-pages=128" \
	--expect-line="fact: boot-info=0xffffa10000000000" \
	--expect-line="fact: physmap-offset=0xffff880000000000" \
	--expect-line="fact: features=physical-memory"
