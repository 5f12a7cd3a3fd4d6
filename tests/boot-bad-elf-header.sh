#!/bin/sh
# boot-bad-elf-header.sh -- a kernel whose ELF header points its program
# headers far outside the file, with a CRC-32 that matches the damage: the
# loader must check the header before using it, print "kernel ELF program
# headers lie outside the file" and halt, not fault.
. "${srcdir:-.}/boot-common.sh"

image=$tmp/disk.img
install_kernel handoff.elf "$image"
find_kernel "$image"
# e_phoff, 8 bytes at offset 0x20 of the ELF header.
put_le "$image" $((kernel_lba * 512 + 0x20)) 8 $((0x7fffff000))
fix_crc "$image"

boot "$image" --memory=64M --timeout=30 \
	--expect-fail-line="kernel ELF program headers lie outside the file"
