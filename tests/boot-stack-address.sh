#!/bin/sh
# boot-stack-address.sh -- kernel-stack-address and kernel-stack-size from
# the kernel's note take effect exactly: the stack is [0xffff900000000000,
# +64 pages), RSP starts at its top, the page below faults
# (tests/kernels/settings.c, preset STACK).
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-stack.elf "$tmp/disk.img"
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: stack-bottom=0xffff900000000000" \
	--expect-line="fact: stack-top=0xffff900000040000" \
	--expect-line="fact: stack-size-pages=64"
