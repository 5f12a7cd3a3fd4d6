#!/bin/sh
# boot-low-linked-1m.sh -- a kernel linked low, at 0x100000, boots with the
# same handoff checks: the loader picks its frames itself and keeps its own
# low mappings out of the kernel's way.
. "${srcdir:-.}/boot-common.sh"

install_kernel low-1m.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=64M --timeout=30
