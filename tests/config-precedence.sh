#!/bin/bash
# The three sources in increasing precedence: the kernel's CKBOOT_CONFIG
# note, then --manifest, then the options -- whatever the order of the
# options on the command line.  --dry-run and --verbose name the source
# of every value.
. "${srcdir:-.}/config-lib.sh"

k=$tmp/kernel.elf
make_kernel "$k" 0xffffffff80000000 ".kernel_stack_size = 128,
	.boot_info_address = 0xffff880000000000,
	.kernel_stack_address = 0xffff900000100000,
	.features = CKBOOT_MAP_PHYSICAL_MEMORY"
m=$manifests/precedence.toml
note="\(CKBOOT_CONFIG note in $k\)"

dry () { ckinstall --dry-run "$@" "$tmp/new.img" ||
	fail "refused: $(cat "$tmp/err")"; }

# The note alone.
dry --kernel="$k"
expect_line "^kernel-stack-size: +128 pages \(512 KiB\) $note\$"
expect_line "^boot-info-address: +0xffff880000000000 $note\$"
expect_line "^kernel-stack-address: +0xffff900000100000 $note\$"
expect_line "^map-physical-memory: +yes $note\$"

# The manifest overrides the note where it says something.
dry --kernel="$k" --manifest="$m"
expect_line "^kernel-stack-size: +256 pages \(1024 KiB\) \(manifest $m\)\$"
expect_line "^boot-info-address: +0xffff900000000000 \(manifest $m\)\$"
expect_line "^kernel-stack-address: +0xffff900000100000 $note\$"
expect_line "^map-physical-memory: +yes $note\$"

# Options override both, even when given before --manifest.
dry --kernel-stack-size=64 --boot-info-address=0xffffa00000000000 \
	--kernel="$k" --manifest="$m" --vga-320x200 --recursive-page-table \
	--recursive-index=400
expect_line "^kernel-stack-size: +64 pages \(256 KiB\) \(option --kernel-stack-size\)\$"
expect_line "^boot-info-address: +0xffffa00000000000 \(option --boot-info-address\)\$"
expect_line "^kernel-stack-address: +0xffff900000100000 $note\$"
expect_line "^vga-320x200: +yes \(option --vga-320x200\)\$"
expect_line "^recursive-page-table: +yes \(option --recursive-page-table\)\$"
expect_line "^recursive-index: +400 \(option --recursive-index\)\$"
expect_line "^physical-memory-offset: +chosen by the loader \(default\)\$"
# ... and says how: the physical map's rule, on the line after it.
grep -A1 '^physical-memory-offset:' "$tmp/out" | tail -n 1 |
	grep -q '^ *at boot: lowest free level-4 slots from slot 256 up$' ||
	fail "no 'at boot:' rule after physical-memory-offset: $(cat "$tmp/out")"
grep -A1 '^boot-info-address:' "$tmp/out" | grep -q 'at boot' &&
	fail "an 'at boot:' rule for the boot info given by an option"

# --verbose prints the same settings while installing for real.
ckinstall --verbose --kernel="$k" --manifest="$m" --kernel-stack-size=32 \
	"$tmp/new.img" || fail "install refused: $(cat "$tmp/err")"
test -s "$tmp/new.img" || fail "--verbose install wrote no image"
expect_line "^kernel-stack-size: +32 pages \(128 KiB\) \(option --kernel-stack-size\)\$"
expect_line "^boot-info-address: +0xffff900000000000 \(manifest $m\)\$"
exit 0
