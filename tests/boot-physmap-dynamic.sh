#!/bin/sh
# boot-physmap-dynamic.sh -- map-physical-memory without an offset: the
# loader picks a canonical place clear of the kernel, stack and boot info,
# and the map works there.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-physmap-dynamic.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=128M --timeout=30
