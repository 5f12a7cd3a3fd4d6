#!/bin/sh
# ckboot-install --verify checks an install without writing: on a new
# image with a command line, with a kernel big and small (read by the
# boot sector with the loader), on an MBR disk reinstalled with a
# shorter kernel and a command line, and on a GPT disk, it says what is
# there and that it is intact; a damaged kernel, command line, loader,
# loader header, boot code, boot signature or boot-sector count, and a
# disk without ckboot, each get one line naming the target and the
# problem, status 1.  No run changes a byte of the target.  Options
# meant for an install are a usage error.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"
need "$SGDISK"

make_kernel "$tmp/k.elf" 100
ksize=$(file_size "$tmp/k.elf")
ksectors=$(( (ksize + 511) / 512 ))
lsectors=$(( ($(file_size "$CKBOOT_STAGE_DIR/loader.bin") + 511) / 512 ))

# A new image with a command line: every part listed.
img=$tmp/new.img
ckinstall --kernel="$tmp/k.elf" --cmdline='root=/dev/sda1 quiet' "$img" ||
	fail "install refused"
verify 0 '' "$img"
kernel_lba=$((2048 + lsectors + 1))
loads=$((lsectors + 1))
test $ksectors -gt 64 || loads=$((loads + ksectors)) # read with the loader
grep -Eq "^boot sector: +LBA 0, loads $loads sectors from LBA 2048$" \
	"$tmp/out" || fail "no boot sector line"
grep -Eq "^loader: +LBA 2048-$((2048 + lsectors - 1)) \($lsectors sectors\), [0-9]+ bytes, layout version [0-9]+$" \
	"$tmp/out" || fail "no loader line"
grep -Eq "^command line: +LBA $((kernel_lba - 1))-$((kernel_lba - 1)) \(1 sector\), 20 bytes: root=/dev/sda1 quiet$" \
	"$tmp/out" || fail "no command line line"
crc=$(sed -n 's/^kernel: .*CRC-32 \(0x[0-9a-f]*\)$/\1/p' "$tmp/out")
grep -Eq "^kernel: +LBA $kernel_lba-$((kernel_lba + ksectors - 1)) \($ksectors sectors\), $ksize bytes, CRC-32 0x[0-9a-f]{8}$" \
	"$tmp/out" || fail "no kernel line"

# Each kind of damage, on a copy.
damaged $((kernel_lba * 512 + 700)) '\377' \
	"kernel at LBA $kernel_lba-$((kernel_lba + ksectors - 1)) damaged \\(CRC-32 0x[0-9a-f]{8}, installed $crc\\): reinstall$"
damaged $(((kernel_lba - 1) * 512 + 3)) 'X' \
	"command line at LBA $((kernel_lba - 1))-$((kernel_lba - 1)) damaged \\(CRC-32 0x[0-9a-f]{8}, installed 0x[0-9a-f]{8}\\): reinstall$"
lsize=$(file_size "$CKBOOT_STAGE_DIR/loader.bin")
damaged $((2048 * 512 + lsize - 2)) '\0' \
	"loader at LBA 2048-$((2048 + lsectors - 1)) damaged \\(its last word is 0x[0-9a-f]{8}\\): reinstall$"
damaged $((2048 * 512 + 16)) 'XXXXXXXX' \
	"no ckboot loader at LBA 2048, where the boot sector points: reinstall$"
damaged $((2048 * 512 + 16 + 12)) '\377' \
	"loader header of 255 bytes at LBA 2048, not 128: reinstall$"
damaged $((0x5a)) 'XXXX' "no ckboot boot sector \\(no parameter block at 0x5a\\)$"
damaged 510 '\0' "sector 0 does not end in 0x55 0xaa: no BIOS boots it$"
damaged 300 '\314' "the boot code in bytes 0-439 is not $CKBOOT_STAGE_DIR/mbr.bin's \\(damaged, or from another build of ckboot\\): reinstall$"
# The boot sector's count (loader_sectors, a 16-bit word at 0x5e).
damaged $((0x5e)) '\001\000' \
	"the boot sector reads 1 sector and the kernel is at LBA $kernel_lba; the loader needs $loads and LBA $kernel_lba: reinstall$"

# A kernel small enough for the boot sector to read it too.
make_kernel "$tmp/small.elf" 4
ssectors=$(( ($(file_size "$tmp/small.elf") + 511) / 512 ))
test $ssectors -le 64 || hard "small.elf has $ssectors sectors"
ckinstall --kernel="$tmp/small.elf" --cmdline=quiet "$tmp/small.img" ||
	fail "install of small.elf refused"
verify 0 '' "$tmp/small.img"
grep -Eq "^boot sector: +LBA 0, loads $((lsectors + 1 + ssectors)) sectors from LBA 2048$" \
	"$tmp/out" || fail "small.elf: not read with the loader"

# An MBR disk with data around the gap, first without ckboot, then
# with, then reinstalled with the small kernel and a command line.
mbr_image "$tmp/mbr.img" 8 'label: dos
start=2048, type=83'
fill_random "$tmp/mbr.img" 2048 8192
verify 1 "no ckboot boot sector \\(no parameter block at 0x5a\\)$" "$tmp/mbr.img"
ckinstall --kernel="$tmp/k.elf" "$tmp/mbr.img" || fail "MBR install refused"
verify 0 '' "$tmp/mbr.img"
grep -q '^command line:' "$tmp/out" && fail "a command line listed"
ckinstall --kernel="$tmp/small.elf" --cmdline='a b' "$tmp/mbr.img" ||
	fail "MBR reinstall refused"
verify 0 '' "$tmp/mbr.img"
grep -Eq '^command line: +LBA [0-9]+-[0-9]+ \(1 sector\), 3 bytes: a b$' \
	"$tmp/out" || fail "MBR reinstall: no command line line"
grep -Eq "^kernel: .* $(file_size "$tmp/small.elf") bytes, " "$tmp/out" ||
	fail "MBR reinstall: not the small kernel"

# A GPT disk with a BIOS boot partition.
truncate -s 16M "$tmp/gpt.img" || hard truncate
"$SGDISK" --new=1:2048:+1M --typecode=1:ef02 --new=2:0:0 \
	--typecode=2:8300 "$tmp/gpt.img" >/dev/null || hard "sgdisk failed"
ckinstall --kernel="$tmp/k.elf" "$tmp/gpt.img" || fail "GPT install refused"
verify 0 '' "$tmp/gpt.img"

# No target; not a disk; options of an install.
"$CKBOOT_INSTALL" --verify "$tmp/none.img" >"$tmp/out" 2>"$tmp/err"
test $? = 1 && grep -qx "ckboot-install: $tmp/none.img: No such file or directory" \
	"$tmp/err" || fail "a missing target not refused"
test ! -e "$tmp/none.img" || fail "--verify made a file"
"$CKBOOT_INSTALL" --verify "$tmp" >"$tmp/out" 2>"$tmp/err"
test $? = 1 && grep -q "$tmp: not an image file or a block device" \
	"$tmp/err" || fail "a directory not refused"
for opt in --kernel="$tmp/k.elf" --cmdline=x --dry-run --force; do
	"$CKBOOT_INSTALL" --verify $opt "$img" >"$tmp/out" 2>"$tmp/err"
	test $? = 2 || fail "--verify $opt: not a usage error"
	grep -q -- '--verify checks an install' "$tmp/err" ||
		fail "--verify $opt: no message"
done
exit 0
