#!/bin/sh
# boot-config-precedence-manifest.sh -- a manifest overrides the kernel's
# note setting by setting: the stack size (96 pages) and the boot-info
# address come from boot-manifests/precedence.toml, the stack address and
# the physical-memory offset the manifest does not set from the note.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-precedence.elf "$tmp/disk.img" \
	--manifest="$manifests/precedence.toml"
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: stack-bottom=0xffff900000000000" \
	--expect-line="fact: stack-size-pages=96" \
	--expect-line="fact: boot-info=0xffffa10000000000" \
	--expect-line="fact: physmap-offset=0xffff800000000000" \
	--expect-line="fact: features=physical-memory"
