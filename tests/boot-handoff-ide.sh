#!/bin/sh
# boot-handoff-ide.sh -- a higher-half kernel (0xffffffff80000000) booted
# from an IDE disk finds the entry state and memory layout of the boot
# protocol (issue 3); tests/kernels/handoff.c lists the checks.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/disk.img"
boot "$tmp/disk.img" --disk=ide --memory=64M --timeout=30
