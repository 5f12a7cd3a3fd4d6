#!/bin/sh
# boot-config-manifest.sh -- the same settings through a Cargo.toml
# (--manifest, boot-manifests/all-settings.toml) for a kernel without a
# note take effect at boot.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-plain.elf "$tmp/disk.img" \
	--manifest="$manifests/all-settings.toml"
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: stack-bottom=0xffff900000000000" \
	--expect-line="fact: stack-size-pages=64" \
	--expect-line="fact: boot-info=0xffffa00000000000" \
	--expect-line="fact: physmap-offset=0xffff800000000000" \
	--expect-line="fact: features=physical-memory recursive-page-table"
