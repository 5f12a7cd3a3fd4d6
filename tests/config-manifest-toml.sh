#!/bin/bash
# The manifest reader parses TOML properly, not line by line: escapes,
# literal and multi-line strings, quoted and dotted keys, nested inline
# tables, arrays of tables, CRLF line ends, comments everywhere, and the
# other tables of a real Cargo.toml, which it must get through intact.
. "${srcdir:-.}/config-lib.sh"

make_kernel "$tmp/k.elf"

# Lines end in CRLF; "\u0030x" is "0x"; ''' strings keep backslashes.
printf '%s\r\n' \
	'# a comment before everything' \
	'[package]' \
	'name = "kernel" # a comment after a value' \
	"description = '''" \
	'  [package.metadata.bootloader] in a string is not a table \n' \
	"'''" \
	'keywords = [ "os", # inside an array' \
	'  "kernel" ]' \
	'' \
	'[[bin]]' \
	'name = "kernel"' \
	'test = false' \
	'[[bin]]' \
	'name = "tool"' \
	'' \
	'[profile.release]' \
	'opt-level = 3' \
	'lto = true' \
	'debug = 1.5e0' \
	'' \
	'[target."cfg(target_arch = \"x86_64\")".dependencies]' \
	'bootloader = { version = "0.9", features = ["vga_320x200"], nested = { a = [1, 2, { b = "c" }] } }' \
	'' \
	'[package.metadata."bootloader"]' \
	'"kernel-stack-address" = "\u0030xffff_9000_0000_0000"' \
	"boot-info-address = '18446638520593285120'" \
	'kernel-stack-size = 1_024' \
	>"$tmp/Cargo.toml"

ckinstall --dry-run --kernel="$tmp/k.elf" --manifest="$tmp/Cargo.toml" \
	"$tmp/new.img" || fail "refused: $(cat "$tmp/err")"
src="\(manifest $tmp/Cargo.toml\)"
expect_line "^kernel-stack-address: +0xffff900000000000 $src\$"
expect_line "^boot-info-address: +0xffffa00000000000 $src\$"
expect_line "^kernel-stack-size: +1024 pages \(4096 KiB\) $src\$"
expect_line "^vga-320x200: +yes $src\$"
exit 0
