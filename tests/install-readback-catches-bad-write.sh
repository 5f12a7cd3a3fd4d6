#!/bin/sh
# ckboot-install reads back what it wrote and compares it with the
# kernel file.  The faultwrite.so shim makes one write to the target
# report success with its last byte inverted, moved through every write
# of the install: each such install exits 1 with one line naming the
# kernel and the LBA that differs, and leaves the target as it was (a
# new image is removed).  For an image file, the kernel is compared on
# a second thread, a chunk behind the writes (lib/write.c): this is
# what proves that thread sees every chunk, the last one included.

. "${srcdir:-.}/install-common.sh"

fault_shim

# Four whole 1 MiB chunks and a fifth that ends inside a sector; a
# partition after an 8 MiB gap, full of data.
make_kernel "$tmp/k.elf" 4500
truncate -s +300 "$tmp/k.elf" || hard truncate
mbr_image "$tmp/disk.img" 24 'label: dos
start=16384, type=83, bootable'
fill_random "$tmp/disk.img" 16384 8192
cp "$tmp/disk.img" "$tmp/orig.img"

each_write_corrupted "$tmp/orig.img" --force --kernel="$tmp/k.elf"
caught=$(grep -c "the kernel read back from LBA [0-9]* on differs from .*k\.elf" \
	"$tmp/caught")
# The loader, the five chunks' whole sectors, the last sector padded,
# the boot sector: the kernel's six writes must each have been caught.
test $caught -ge 6 || fail "only $caught damaged kernel writes were caught"
area_check "$tmp/disk.img" 1 "$tmp/k.elf"
exit 0
