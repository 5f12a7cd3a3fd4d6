#!/bin/sh
# boot-recursive.sh -- recursive-page-table: the level-4 slot the boot info
# names points at CR3's table (read through the recursive address, entry by
# entry), and a level-1 entry written through it maps page 0.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-recursive.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=64M --timeout=30
