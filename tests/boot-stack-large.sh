#!/bin/sh
# boot-stack-large.sh -- --kernel-stack-size=4096 gives a 16 MiB stack at a
# place the loader picks: every page of it takes a write, RSP starts at its
# top, and the page below faults.
. "${srcdir:-.}/boot-common.sh"

install_kernel settings-plain.elf "$tmp/disk.img" --kernel-stack-size=4096
boot "$tmp/disk.img" --memory=64M --timeout=30 \
	--expect-line="fact: stack-size-pages=4096"
