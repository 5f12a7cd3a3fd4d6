#!/bin/sh
# boot-handoff-virtio.sh -- the same handoff checks with the disk on
# virtio-blk: SeaBIOS's INT 13h then goes through its virtio driver.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/disk.img"
boot "$tmp/disk.img" --disk=virtio --memory=64M --timeout=30
