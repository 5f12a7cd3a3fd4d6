#!/bin/sh
# boot-big-kernel.sh -- a kernel of more than 16 MiB (17 MiB of
# incompressible .rodata) arrives byte for byte: big.elf regenerates the
# pseudo-random stream and compares.
. "${srcdir:-.}/boot-common.sh"

install_kernel big.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=128M --timeout=60
