#!/bin/bash
# Bad boot settings are refused at install time with one line naming the
# setting and its source, exit status 1, the target untouched (issue 4,
# "Bad configuration is refused").  The kernel's segments are at
# 0xffffff80000000-0xffffffff80001000 (text) and the next pages (data).
. "${srcdir:-.}/config-lib.sh"

k=$tmp/kernel.elf
make_kernel "$k"
K=--kernel=$k

# Alignment, canonical form, the loader's low memory.
refused "--kernel-stack-address=0xffff800000001234: not 4 KiB aligned" \
	$K --kernel-stack-address=0xffff800000001234
refused "--boot-info-address=0x800000000000: not a canonical x86-64 address" \
	$K --boot-info-address=0x800000000000
refused "--physical-memory-offset=0xffff800000200000: not 1 GiB aligned" \
	$K --map-physical-memory --physical-memory-offset=0xffff800000200000
refused "--boot-info-address=0x80000: the 64 KiB reserved for the boot info would reach below 1 MiB" \
	$K --boot-info-address=0x80000
refused "--kernel-stack-address=0x0: the stack with its guard page would reach below 1 MiB" \
	$K --kernel-stack-address=0
refused "--kernel-stack-address=0xffff800000000000: the stack with its guard page would start at 0xffff7ffffffff000, below the higher half's first canonical address" \
	$K --kernel-stack-address=0xffff800000000000
refused "--boot-info-address=0xfffffffffffff000: the 64 KiB reserved for the boot info would not fit above it" \
	$K --boot-info-address=0xfffffffffffff000
refused "--kernel-stack-address=0x7ffffffff000: the stack with its guard page would not fit above it" \
	$K --kernel-stack-address=0x7ffffffff000
refused "--physical-memory-offset=0x7fc000000000: the 1 TiB reserved for the physical map would not fit above it" \
	$K --map-physical-memory --physical-memory-offset=0x7fc000000000

# Overlaps: with the kernel, and with each other.
refused "--kernel-stack-address=0xffffffff80002000: the stack with its guard page overlaps the kernel segment 0xffffffff80001000-" \
	$K --kernel-stack-address=0xffffffff80002000
refused "--boot-info-address=0xffffffff7fff8000: the 64 KiB reserved for the boot info overlaps the kernel segment 0xffffffff80000000-" \
	$K --boot-info-address=0xffffffff7fff8000
refused "--boot-info-address=0xffff800000100000: the 64 KiB reserved for the boot info overlaps the stack with its guard page 0xffff800000000000-0xffff800000101000 (--kernel-stack-address=0xffff800000001000)" \
	$K --kernel-stack-address=0xffff800000001000 --kernel-stack-size=256 \
	--boot-info-address=0xffff800000100000
refused "overlaps the 64 KiB reserved for the boot info 0xffff800000000000-0xffff800000010000 (--boot-info-address=0xffff800000000000)" \
	$K --boot-info-address=0xffff800000000000 --map-physical-memory \
	--physical-memory-offset=0xffff800000000000
refused "--physical-memory-offset=0xffffff0000000000: the 1 TiB reserved for the physical map overlaps the kernel segment" \
	$K --map-physical-memory --physical-memory-offset=0xffffff0000000000

# Sizes, indexes, and settings without their feature.
refused "--kernel-stack-size=0: the stack needs at least one page" \
	$K --kernel-stack-size=0
refused "--kernel-stack-size=262145: absurdly large" \
	$K --kernel-stack-size=262145
refused "--recursive-index=512: not a level-4 slot" \
	$K --recursive-page-table --recursive-index=512
refused "--recursive-index=511: conflicting recursive index: level-4 slot 511 (0xffffff8000000000-0x10000000000000000) holds the kernel segment" \
	$K --recursive-page-table --recursive-index=511
refused "--recursive-index=256: conflicting recursive index: level-4 slot 256 (0xffff800000000000-0xffff808000000000) holds the stack" \
	$K --recursive-page-table --recursive-index=256 \
	--kernel-stack-address=0xffff800000200000
refused "--physical-memory-offset=0xffff800000000000: given without the map-physical-memory feature" \
	$K --physical-memory-offset=0xffff800000000000
refused "--recursive-index=3: given without the recursive-page-table feature" \
	$K --recursive-index=3

# Malformed numbers.
refused "--kernel-stack-address=0xffff8000zz000000: not a number" \
	$K --kernel-stack-address=0xffff8000zz000000
refused "--kernel-stack-size=12pages: not a number" \
	$K --kernel-stack-size=12pages
refused "--boot-info-address=0x10000000000000000: not a number" \
	$K --boot-info-address=0x10000000000000000

# The same rules for the kernel's own note, which is named as the source.
make_kernel "$tmp/note.elf" 0xffffffff80000000 \
	".kernel_stack_address = 0xffff800000000800"
refused "note.elf: CKBOOT_CONFIG note: kernel-stack-address 0xffff800000000800: not 4 KiB aligned" \
	--kernel="$tmp/note.elf"
make_kernel "$tmp/note2.elf" 0xffffffff80000000 \
	".features = CKBOOT_RECURSIVE_PAGE_TABLE, .recursive_index = 511"
refused "note2.elf: CKBOOT_CONFIG note: recursive-index 511: conflicting recursive index" \
	--kernel="$tmp/note2.elf"
# The boundaries themselves are accepted: a guard page at exactly 1 MiB,
# a physical map ending where the kernel's slot begins, a boot info
# ending where the kernel begins, the highest free recursive slot.
accepted ()
{
	ckinstall --dry-run "$@" "$tmp/new.img" ||
		fail "refused: $*: $(cat "$tmp/err")"
}
accepted $K --kernel-stack-address=0x101000
accepted $K --map-physical-memory --physical-memory-offset=0xfffffe8000000000
accepted $K --boot-info-address=0xffffffff7fff0000
accepted $K --recursive-page-table --recursive-index=510
accepted $K --kernel-stack-address=0x7ffffffff000 --kernel-stack-size=1
exit 0
