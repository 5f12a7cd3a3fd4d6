#!/bin/sh
# boot-handoff-ahci.sh -- the same handoff checks with the disk on an AHCI
# controller: SeaBIOS's INT 13h then drives AHCI, not the IDE ports.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/disk.img"
boot "$tmp/disk.img" --disk=ahci --memory=64M --timeout=30
