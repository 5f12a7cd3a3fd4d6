#!/bin/bash
# --manifest reads the seed's Cargo.toml: the [package.metadata.bootloader]
# keys (addresses in hex, with '_', or decimal) and the bootloader
# dependency's features in the inline-table form, the
# [dependencies.bootloader] table form and a renamed dependency, and
# through the kernel's own default features;
# --dry-run shows each value with the manifest as its source and writes
# nothing.
. "${srcdir:-.}/config-lib.sh"

k=$tmp/kernel.elf
make_kernel "$k"

dry () { ckinstall --dry-run --kernel="$k" "$@" "$tmp/new.img" ||
	fail "refused: $(cat "$tmp/err")"; test ! -e "$tmp/new.img" ||
	fail "--dry-run created the image"; }

m=$manifests/blog-os.toml
dry --manifest="$m"
src="\(manifest $m\)"
expect_line "^kernel-stack-address: +0xffffff0000000000 $src\$"
expect_line "^kernel-stack-size: +128 pages \(512 KiB\) $src\$"
expect_line "^physical-memory-offset: +0xffff800000000000 $src\$"
expect_line "^boot-info-address: +0x0000400000000000 $src\$"
expect_line "^map-physical-memory: +yes $src\$"
expect_line "^recursive-page-table: +no \(default\)\$"
expect_line "^vga-320x200: +no \(default\)\$"
expect_line "^recursive-index: +not used"

m=$manifests/table-form.toml
dry --manifest="$m"
src="\(manifest $m\)"
expect_line "^kernel-stack-size: +64 pages \(256 KiB\) $src\$"
expect_line "^recursive-index: +300 $src\$"
expect_line "^recursive-page-table: +yes $src\$"
expect_line "^vga-320x200: +yes $src\$"
expect_line "^map-physical-memory: +no \(default\)\$"
expect_line "^kernel-stack-address: +chosen by the loader \(default\)\$"

m=$manifests/renamed.toml
dry --manifest="$m"
expect_line "^map-physical-memory: +yes \(manifest $m\)\$"
expect_line "^physical-memory-offset: +chosen by the loader \(default\)\$"
expect_line "^kernel-stack-size: +512 pages \(2048 KiB\) \(default\)\$"

# Features turned on through the kernel's own [features] default.
m=$manifests/default-features.toml
dry --manifest="$m"
expect_line "^recursive-page-table: +yes \(manifest $m\)\$"
expect_line "^vga-320x200: +yes \(manifest $m\)\$"
expect_line "^map-physical-memory: +no \(default\)\$"
exit 0
