#!/bin/sh
# boot-big-kernel-virtio.sh -- the 17 MiB kernel arrives intact from a
# virtio-blk disk too: the loader's large INT 13h transfers go through
# SeaBIOS's virtio driver instead of ATA.
. "${srcdir:-.}/boot-common.sh"

install_kernel big.elf "$tmp/disk.img"
boot "$tmp/disk.img" --disk=virtio --memory=128M --timeout=60
