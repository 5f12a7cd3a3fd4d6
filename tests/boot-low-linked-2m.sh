#!/bin/sh
# boot-low-linked-2m.sh -- a kernel linked low, at 0x200000 (a 2 MiB
# boundary), boots with the same handoff checks.
. "${srcdir:-.}/boot-common.sh"

install_kernel low-2m.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=64M --timeout=30
