#!/bin/sh
# --cmdline=STRING: the kernel's command line goes in the sectors between
# the loader and the kernel, zero-padded, with its length and CRC-32 in
# the loader header.  On an MBR disk with partitions every byte outside
# the boot code and those sectors stays as it was; a reinstall without
# a command line moves the kernel down and clears what the longer
# install left; --backup/--restore undoes an install with one byte for
# byte; the kernel sees the line when booted.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"

loader_sectors=$(( ($(file_size "$CKBOOT_STAGE_DIR/loader.bin") + 511) / 512 ))
kernel_for_boot "$tmp/k.elf" 60
ksectors=$(( ($(file_size "$tmp/k.elf") + 511) / 512 ))
# 700 bytes, two sectors, with the characters a shell and a kernel's
# parser care about.
line="root=/dev/sda1 console=ttyS0,115200 quiet init=\"/sbin/my init\" x=é"
while test ${#line} -lt 700; do line="$line pad=$(( ${#line} ))"; done
line=$(printf '%s' "$line" | head -c 700)
printf '%s' "$line" >"$tmp/line"
test "$(file_size "$tmp/line")" = 700 || hard "the line is not 700 bytes"

mbr_image "$tmp/disk.img" 8 'label: dos
start=2048, type=83, bootable'
# Random bytes in the gap too: --force, as a user with a disk of
# unknown history would; they must survive past the area.
fill_random "$tmp/disk.img" 1 2047
fill_random "$tmp/disk.img" 2048 14336
cp "$tmp/disk.img" "$tmp/orig.img"
area=$((loader_sectors + 2 + ksectors))
outside=$(outside_sum "$tmp/disk.img" 1 $area)

ckinstall --force --backup="$tmp/undo" --cmdline="$line" \
	--kernel="$tmp/k.elf" "$tmp/disk.img" ||
	fail "install with --cmdline failed"
test "$(outside_sum "$tmp/disk.img" 1 $area)" = "$outside" ||
	fail "bytes outside the loader, command line and kernel changed"
# The line, then zeros to the end of its second sector.
at=$(( (1 + loader_sectors) * 512 ))
test "$(range_sum "$tmp/disk.img" $at 700)" = \
	"$(sha256sum <"$tmp/line" | cut -d' ' -f1)" ||
	fail "the command line is not in the sectors after the loader"
test "$(range_sum "$tmp/disk.img" $((at + 700)) 324)" = \
	"$(head -c 324 /dev/zero | sha256sum | cut -d' ' -f1)" ||
	fail "the command line's last sector is not zero-padded"
klba=$((1 + loader_sectors + 2))
test "$(range_sum "$tmp/disk.img" $((klba * 512)) "$(file_size "$tmp/k.elf")")" = \
	"$(sha256sum <"$tmp/k.elf" | cut -d' ' -f1)" ||
	fail "the kernel is not right after the command line"
# Header: cmdline_size at 116, its CRC-32 at 120 (gzip's trailer has
# the same CRC).
header=$((512 + 16))
size=$(od -An -tu4 -j $((header + 116)) -N 4 "$tmp/disk.img" | tr -d ' ')
test "$size" = 700 || fail "cmdline_size is $size, not 700"
crc=$(od -An -tx4 -j $((header + 120)) -N 4 "$tmp/disk.img" | tr -d ' ')
want=$(gzip -c <"$tmp/line" | tail -c 8 | head -c 4 | od -An -tx4 | tr -d ' ')
test "$crc" = "$want" || fail "cmdline_crc32 is $crc, not $want"
if test -r "$boot_kernel" && test -n "$QEMU"; then
	"$srcdir/qemu-boot" --timeout=60 --expect-line="fact: cmdline=$line" \
		"$tmp/disk.img" || fail "the kernel did not get the line"
fi

# Again without a line: the kernel moves down two sectors, and the two
# the longer install used past the new end are zeroed.
ckinstall --kernel="$tmp/k.elf" "$tmp/disk.img" || fail "reinstall failed"
test "$(outside_sum "$tmp/disk.img" 1 $area)" = "$outside" ||
	fail "the reinstall changed bytes outside the old area"
area_check "$tmp/disk.img" 1 "$tmp/k.elf"
size=$(od -An -tu4 -j $((header + 116)) -N 4 "$tmp/disk.img" | tr -d ' ')
test "$size" = 0 || fail "cmdline_size is $size after a reinstall without"
test "$(range_sum "$tmp/disk.img" $(( (1 + loader_sectors + ksectors) * 512 )) 1024)" = \
	"$(head -c 1024 /dev/zero | sha256sum | cut -d' ' -f1)" ||
	fail "the old install's last two sectors are not cleared"
if test -r "$boot_kernel" && test -n "$QEMU"; then
	"$srcdir/qemu-boot" --timeout=60 --expect-line="fact: cmdline=none" \
		"$tmp/disk.img" || fail "the kernel still sees a command line"
fi

# The backup of the first install undoes both, back to the disk it was.
cp "$tmp/orig.img" "$tmp/disk2.img"
ckinstall --force --backup="$tmp/undo2" --cmdline="$line" \
	--kernel="$tmp/k.elf" \
	"$tmp/disk2.img" || fail "second install with --cmdline failed"
ckinstall --restore="$tmp/undo2" "$tmp/disk2.img" || fail "restore failed"
cmp "$tmp/disk2.img" "$tmp/orig.img" || fail "restore is not byte-exact"
exit 0
