#!/bin/sh
# boot-early-failures.sh -- the failures caught before the loader's C
# code runs, each of which must print its message on COM1 (as well as
# on the screen) and halt:
#   - the boot sector finds no loader where its parameters point
#     ("ckboot: no loader"): the loader's magic overwritten;
#   - the boot sector cannot read the loader ("ckboot: read error"):
#     its LBA just past the end of the disk, so that extensions fail,
#     then CHS reads (AH=02h) fail as well; and far past it, beyond the
#     reach of CHS, so that no CHS read is even tried;
#   - entry.S finds the loader cut short ("ckboot: loader image
#     incomplete: reinstall"): the boot sector told to read one sector.
# rom-int13.rom (tests/kernels/optionrom.S) logs the boot sector's INT
# 13h calls on QEMU's debug console, to tell the two read errors apart.
. "${srcdir:-.}/boot-common.sh"

rom=$kernels/rom-int13.rom
test -f "$rom" || { echo "$test_name: $rom not built"; exit 99; }
install_kernel handoff.elf "$tmp/good.img"
find_kernel "$tmp/good.img"
sectors=$(($(wc -c < "$tmp/good.img") / 512))

# expect_halt CASE LINE [qemu-boot OPTION]...: boot $tmp/CASE.img, which
# must halt with LINE on COM1.
expect_halt ()
{
	eh_case=$1 eh_line=$2
	shift 2
	sh "$qemu_boot" --memory=64M --timeout=30 --expect-fail-line="$eh_line" \
		"$@" "$tmp/$eh_case.img" ||
		{ echo "$test_name: FAIL: $eh_case: no \"$eh_line\""; exit 1; }
}
# chs_reads CASE: the boot sector's AH=02h calls in $tmp/CASE.log.
chs_reads ()
{
	grep -c '^int13 ah=02 from 0000:7[cd][0-9a-f][0-9a-f] ' "$tmp/$1.log"
}
# bad_lba CASE LBA: an image whose boot sector reads the loader at LBA.
bad_lba ()
{
	cp "$tmp/good.img" "$tmp/$1.img"
	put_le "$tmp/$1.img" $((0x5a + 8)) 8 "$2"
}

cp "$tmp/good.img" "$tmp/no-loader.img"
put_le "$tmp/no-loader.img" "$header" 4 0
expect_halt no-loader "ckboot: no loader"

for c in past-end:$((sectors + 8)) beyond-chs:$((1 << 30)); do
	bad_lba "${c%%:*}" "${c#*:}"
	expect_halt "${c%%:*}" "ckboot: read error" \
		--qemu-arg=-option-rom --qemu-arg="$rom" \
		--qemu-arg=-debugcon --qemu-arg="file:$tmp/${c%%:*}.log"
done
n=$(chs_reads past-end)
test "$n" -ge 3 ||
	{ echo "$test_name: FAIL: past-end: $n CHS reads, not 3 or more"; exit 1; }
n=$(chs_reads beyond-chs)
test "$n" = 0 ||
	{ echo "$test_name: FAIL: beyond-chs: $n CHS reads were tried"; exit 1; }

cp "$tmp/good.img" "$tmp/short.img"
put_le "$tmp/short.img" $((0x5a + 4)) 2 1
expect_halt short "ckboot: loader image incomplete: reinstall"
exit 0
