#!/bin/bash
# ckboot-install finds the kernel's CKBOOT_CONFIG note through the
# section headers (.note.ckboot) and, when they are gone, through the
# PT_NOTE program header; every field of the note reaches the settings.
. "${srcdir:-.}/config-lib.sh"

k=$tmp/kernel.elf
make_kernel "$k" 0x200000 ".kernel_stack_size = 16,
	.kernel_stack_address = 0x40000000000,
	.boot_info_address = 0x50000000000,
	.physical_memory_offset = 0xffff800000000000,
	.recursive_index = 300,
	.features = CKBOOT_MAP_PHYSICAL_MEMORY | CKBOOT_RECURSIVE_PAGE_TABLE |
		    CKBOOT_VGA_320X200"

check_all ()
{
	ckinstall --dry-run --kernel="$1" "$tmp/new.img" ||
		fail "refused: $(cat "$tmp/err")"
	src="\(CKBOOT_CONFIG note in $1\)"
	expect_line "^kernel-stack-size: +16 pages \(64 KiB\) $src\$"
	expect_line "^kernel-stack-address: +0x0000040000000000 $src\$"
	expect_line "^boot-info-address: +0x0000050000000000 $src\$"
	expect_line "^physical-memory-offset: +0xffff800000000000 $src\$"
	expect_line "^recursive-index: +300 $src\$"
	expect_line "^map-physical-memory: +yes $src\$"
	expect_line "^recursive-page-table: +yes $src\$"
	expect_line "^vga-320x200: +yes $src\$"
}

check_all "$k"

# No section headers: only the PT_NOTE program header leads to the note.
cp "$k" "$tmp/nosections.elf"
poke "$tmp/nosections.elf" $E_SHOFF 8 0
poke "$tmp/nosections.elf" $E_SHNUM 2 0
check_all "$tmp/nosections.elf"

# No PT_NOTE (program header 2 blanked): the section is enough.
cp "$k" "$tmp/nophdr.elf"
poke "$tmp/nophdr.elf" "$(ph 2 $P_TYPE)" 4 0
check_all "$tmp/nophdr.elf"

# A kernel without a note gets the defaults.
make_kernel "$tmp/plain.elf" 0x200000
ckinstall --dry-run --kernel="$tmp/plain.elf" "$tmp/new.img" ||
	fail "refused: $(cat "$tmp/err")"
expect_line "^kernel-stack-size: +512 pages \(2048 KiB\) \(default\)\$"
expect_line "^boot-info-address: +chosen by the loader \(default\)\$"
exit 0
