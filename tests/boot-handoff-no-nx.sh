#!/bin/sh
# boot-handoff-no-nx.sh -- on a CPU without NX the loader must not set
# EFER.NXE or no-execute bits (a #GP or reserved-bit fault otherwise); the
# kernel checks NXE follows CPUID.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=64M --timeout=30 --qemu-arg=-cpu \
	--qemu-arg=qemu64,-nx
