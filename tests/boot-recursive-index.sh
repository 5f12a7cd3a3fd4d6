#!/bin/sh
# boot-recursive-index.sh -- --recursive-index=300 puts the recursive entry
# in level-4 slot 300: the boot info reports that slot and the address
# 0xffff964b2592c000 (slot 300 at every level, sign-extended), and the
# kernel's checks of the recursive entry pass there.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-recursive.elf "$tmp/disk.img" --recursive-index=300
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: recursive-index=300" \
	--expect-line="fact: recursive-addr=0xffff964b2592c000"
