#!/bin/sh
# boot-packed-segments.sh -- a kernel linked with -n (packed.elf): its
# segments' file offsets disagree with their addresses modulo 4 KiB and
# .text and .rodata share a file page, so the loader cannot map the file
# in place and must copy; the handoff checks, W^X included, still pass.
. "${srcdir:-.}/boot-common.sh"

install_kernel packed.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=64M --timeout=30
