#!/bin/sh
# boot-chs-floppy.sh -- a kernel booted from a 1.44 MB floppy (issue 3).
# The BIOS has no INT 13h extensions for a floppy, so the boot sector
# (stage/mbr.S) and the loader (stage/disk.c) must take their CHS road:
# AH=08h for the geometry, AH=02h reads.  handoff.elf runs all its
# checks, and its boot drive must be 0x00: the floppy, not a hard disk
# with extensions.
. "${srcdir:-.}/boot-common.sh"

install_kernel handoff.elf "$tmp/fd.img" --image-size=1474560

# 18 sectors a track, 2 heads: a cylinder is 36 sectors.  The loader
# and the kernel must each span more than one, so that the CHS reads
# cross track, head and cylinder boundaries; else the geometry would
# go untested.
find_kernel "$tmp/fd.img"
loader_sectors=$(le "$tmp/fd.img" $((0x5a + 4)) 2)
kernel_sectors=$(((kernel_size + 511) / 512))
echo "loader: $loader_sectors sectors, kernel: $kernel_sectors sectors"
for n in $loader_sectors $kernel_sectors; do
	test "$n" -gt 36 || {
		echo "$test_name: $n sectors fit in one cylinder: too small"
		exit 99
	}
done

boot "$tmp/fd.img" --disk=floppy --memory=64M --timeout=30 \
	--expect-line="ckboot: starting the kernel at 0xffffffff80000000" \
	--expect-line="fact: boot-drive=0x0"
