#!/bin/sh
# ckboot-install reads back the module table and the modules it wrote,
# as it does the kernel (install-readback-catches-bad-write.sh).  The
# faultwrite.so shim makes one write to the target report success with
# its last byte inverted, moved through every write of an install with
# two modules: each such install exits 1 with one line, the target as
# it was (a new image removed); every write of the modules is caught
# with a line naming the module and the LBA that differs, and the
# table's with one naming the table.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"

fault_shim

# The big module: two whole 1 MiB chunks and a third that ends inside
# a sector.
make_kernel "$tmp/k.elf" 100
head -c $((2 * 1048576 + 1000)) /dev/urandom >"$tmp/big.bin" || hard head
printf 'small module' >"$tmp/small.bin"
mbr_image "$tmp/orig.img" 16 'label: dos
start=8192, type=83, bootable'
fill_random "$tmp/orig.img" 8192 24576

each_write_corrupted "$tmp/orig.img" --kernel="$tmp/k.elf" \
	--module="$tmp/big.bin" --module="$tmp/small.bin"
modules=$(grep -Ec "disk\.img: the module read back from LBA [0-9]+ on differs from $tmp/(big|small)\.bin; " \
	"$tmp/caught")
table=$(grep -c "disk\.img: the module table read back differs from what was written; " \
	"$tmp/caught")
# big.bin: two whole chunks, the third's whole sectors, its last sector
# padded; small.bin: its one padded sector.
test $modules = 5 || fail "$modules damaged module writes caught, not 5"
test $table = 1 || fail "the damaged table write was not caught"
"$CKBOOT_INSTALL" --verify "$tmp/disk.img" >/dev/null || fail "not intact"
exit 0
