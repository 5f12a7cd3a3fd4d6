#!/bin/bash
# A bad --manifest is refused with one line naming the file (and the
# line, where there is one) and the setting, exit status 1, target
# untouched: unknown keys, integer addresses and malformed numbers as the
# seed refused them, no bootloader table, TOML errors, bad values.
. "${srcdir:-.}/config-lib.sh"

k=$tmp/kernel.elf
make_kernel "$k"
m=$manifests

refused "missing.toml: cannot open manifest: No such file or directory" \
	--kernel="$k" --manifest="$tmp/missing.toml"
refused "bad-unknown-key.toml:6: unknown key 'kernel-stack-adress' in [package.metadata.bootloader]" \
	--kernel="$k" --manifest="$m/bad-unknown-key.toml"
refused "bad-integer-address.toml:5: kernel-stack-address must be a string such as \"0xffff800000000000\"" \
	--kernel="$k" --manifest="$m/bad-integer-address.toml"
refused "bad-number.toml:5: boot-info-address \"0xffff8000zz000000\": not a number" \
	--kernel="$k" --manifest="$m/bad-number.toml"
refused "bad-no-table.toml: no [package.metadata.bootloader] table and no bootloader dependency" \
	--kernel="$k" --manifest="$m/bad-no-table.toml"
refused "bad-syntax.toml:6: duplicate key 'kernel-stack-size'" \
	--kernel="$k" --manifest="$m/bad-syntax.toml"
refused "bad-feature.toml:5: unknown bootloader feature \"map-physical-memory\"" \
	--kernel="$k" --manifest="$m/bad-feature.toml"
refused "bad-default-feature.toml:12: unknown bootloader feature \"map_physical_memry\"" \
	--kernel="$k" --manifest="$m/bad-default-feature.toml"
refused "bad-unaligned.toml: kernel-stack-address 0xffff800000001234: not 4 KiB aligned" \
	--kernel="$k" --manifest="$m/bad-unaligned.toml"
refused "bad-zero-stack.toml: kernel-stack-size 0: the stack needs at least one page" \
	--kernel="$k" --manifest="$m/bad-zero-stack.toml"
refused "bad-offset-without-map.toml: physical-memory-offset 0xffff800000000000: given without the map-physical-memory feature" \
	--kernel="$k" --manifest="$m/bad-offset-without-map.toml"

# TOML errors found while parsing, each with its line.
toml () { printf '%s\n' "$@" >"$tmp/Cargo.toml"; }
toml '[package.metadata.bootloader]' 'kernel-stack-address = "0xffff800000000000'
refused "Cargo.toml:2: unterminated string" --kernel="$k" --manifest="$tmp/Cargo.toml"
toml '[package.metadata.bootloader]' '[package.metadata.bootloader]'
refused "Cargo.toml:2: table [package.metadata.bootloader] already defined (line 1)" \
	--kernel="$k" --manifest="$tmp/Cargo.toml"
toml '[dependencies]' 'bootloader = { version = "0.9", features = ["sse" }'
refused "Cargo.toml:2: expected ',' or ']' in an array" \
	--kernel="$k" --manifest="$tmp/Cargo.toml"
toml '[package.metadata.bootloader]' 'kernel-stack-size = 0x1_0000_0000_0000_0000'
refused "Cargo.toml:2: '0x1_0000_0000_0000_0000' is not a valid integer or is out of range" \
	--kernel="$k" --manifest="$tmp/Cargo.toml"
toml '[package.metadata.bootloader]' 'kernel-stack-size = -4'
refused "Cargo.toml:2: kernel-stack-size -4: must not be negative" \
	--kernel="$k" --manifest="$tmp/Cargo.toml"
toml '[package.metadata.bootloader]' 'kernel-stack-size = "64"'
refused "Cargo.toml:2: kernel-stack-size must be an integer, not a TOML string" \
	--kernel="$k" --manifest="$tmp/Cargo.toml"
toml '[package.metadata]' 'bootloader = "0.9"'
refused "Cargo.toml:2: package.metadata.bootloader must be a table" \
	--kernel="$k" --manifest="$tmp/Cargo.toml"
toml '[dependencies]' 'bootloader = { version = "0.9", features = "sse" }'
refused "Cargo.toml:2: the bootloader dependency's features must be an array of strings" \
	--kernel="$k" --manifest="$tmp/Cargo.toml"
toml '[package.metadata.bootloader]' 'kernel-stack-size = 64 extra'
refused "Cargo.toml:2: expected the end of the line, found 'e'" \
	--kernel="$k" --manifest="$tmp/Cargo.toml"
exit 0
