#!/bin/sh
# Installing again over an install with modules takes the old modules
# for ckboot's own, never for data in the way, and leaves nothing of
# them behind: in the gap of an MBR disk, fewer modules zero the
# sectors the old ones used (the plan says which), a bigger kernel
# moves the modules over the old ones, no modules at all leave no
# table; the partition and the rest of the gap keep their bytes, and
# --verify finds each install intact.  An old table that is damaged is
# not trusted: what it described is then data, refused without --force.
# On an image ckboot made, modules that do not fit its partition grow
# the image and the partition, as a bigger kernel does.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"

make_kernel "$tmp/k.elf" 100
make_kernel "$tmp/big.elf" 700
head -c 1048577 /dev/urandom >"$tmp/a.bin" || hard head
head -c 2000000 /dev/urandom >"$tmp/b.bin" || hard head
head -c 100000 /dev/urandom >"$tmp/c.bin" || hard head

# reinstall TARGET KERNEL MODULE...: the dry run into $tmp/plan, then
# the install, which --verify must find intact.
reinstall ()
{
	t=$1 k=$2
	shift 2
	for m; do set -- "$@" --module="$m"; shift; done
	ckinstall --dry-run --kernel="$k" "$@" "$t" >/dev/null ||
		fail "$t: the dry run refused"
	cp "$tmp/out" "$tmp/plan"
	ckinstall --kernel="$k" "$@" "$t" >/dev/null || fail "$t: refused"
	"$CKBOOT_INSTALL" --verify "$t" >"$tmp/verify" 2>&1 ||
		fail "$t: --verify: $(cat "$tmp/verify")"
}

# end_of PLAN: the sector after the last one the plan writes in the area.
end_of ()
{
	echo $(( ($(sed -n 's/^writes: .*bytes [0-9]*-\([0-9]*\)$/\1/p' \
		"$1") + 1) / 512 ))
}

# zeros IMAGE FROM TO: the sectors [FROM, TO) of IMAGE are all zero.
zeros ()
{
	test -z "$(dd if="$1" bs=512 skip="$2" count=$(($3 - $2)) \
		status=none | tr -d '\000')" ||
		fail "$1: LBA $2-$(($3 - 1)) not zeroed"
}

img=$tmp/disk.img
mbr_image "$img" 16 'label: dos
start=8192, type=83, bootable'
fill_random "$img" 8192 24576
fill_random "$img" 8100 92
part=$(range_sum "$img" $((8100 * 512)) $((24668 * 512)))

reinstall "$img" "$tmp/k.elf" "$tmp/a.bin" "$tmp/b.bin" "$tmp/c.bin"
table_check "$img" "$tmp/plan" 3
end3=$(end_of "$tmp/plan")

# Fewer modules: the old ones' sectors past the new install are zeroed.
reinstall "$img" "$tmp/k.elf" "$tmp/a.bin"
table_check "$img" "$tmp/plan" 1
module_check "$img" "$tmp/plan" 1 "$tmp/a.bin"
end1=$(plan_lba "$tmp/plan" "module 1")
end1=$(( ${end1% *} + ${end1#* } ))
grep -Fqx "old install:    LBA $end1-$((end3 - 1)) (the rest of the previous, bigger one) zeroed" \
	"$tmp/plan" || fail "the plan does not say the old modules go"
zeros "$img" $end1 $end3
test "$(range_sum "$img" $((8100 * 512)) $((24668 * 512)))" = "$part" ||
	fail "fewer modules: the partition or the end of the gap changed"

# A bigger kernel with the modules again: they move over the old ones.
reinstall "$img" "$tmp/k.elf" "$tmp/a.bin" "$tmp/b.bin" "$tmp/c.bin"
reinstall "$img" "$tmp/big.elf" "$tmp/a.bin" "$tmp/b.bin" "$tmp/c.bin"
table_check "$img" "$tmp/plan" 3
for i in 1 2 3; do
	module_check "$img" "$tmp/plan" $i "$tmp/$(echo a b c | cut -d' ' -f$i).bin"
done
area_check "$img" 1 "$tmp/big.elf"

# No modules: no table, and nothing left of the old ones.
end3=$(end_of "$tmp/plan")
reinstall "$img" "$tmp/k.elf"
grep -q '^module' "$tmp/plan" "$tmp/verify" && fail "modules listed"
set -- $(plan_lba "$tmp/plan" kernel)
zeros "$img" $(($1 + $2)) $end3
test "$(u32_at "$img" $((512 + 16 + 124)))" = 0 ||
	fail "the loader header still counts modules"
test "$(range_sum "$img" $((8100 * 512)) $((24668 * 512)))" = "$part" ||
	fail "the partition or the end of the gap changed"

# A damaged old table: its modules are data to a bigger kernel.
reinstall "$img" "$tmp/k.elf" "$tmp/a.bin" "$tmp/b.bin"
set -- $(plan_lba "$tmp/plan" "module table")
tlba=$1
printf 'X' | dd of="$img" bs=1 seek=$((tlba * 512 + 100)) conv=notrunc \
	status=none || hard dd
expect_refusal "$img" "disk\\.img: the gap before the first partition holds data at LBA $tlba .*; --force overwrites it$" \
	--kernel="$tmp/big.elf" "$img"
test "$(wc -l <"$tmp/err")" = 1 || fail "damaged table: not one line"

# An image ckboot made, too small for the modules: it grows.
ckinstall --kernel="$tmp/k.elf" "$tmp/new.img" >/dev/null ||
	fail "new image refused"
test "$(file_size "$tmp/new.img")" = $((2 * 1048576)) ||
	hard "the new image is not 2 MiB"
reinstall "$tmp/new.img" "$tmp/k.elf" "$tmp/a.bin" "$tmp/b.bin"
grep -q "^partition table change: ckboot's partition 1 grows" "$tmp/plan" ||
	fail "the plan does not grow ckboot's partition"
n=$("$SFDISK" -d "$tmp/new.img" | sed -n 's/.*start= *2048, size= *\([0-9]*\), type=da.*/\1/p')
test -n "$n" && test $n -gt 2048 &&
	test "$(file_size "$tmp/new.img")" = $(((2048 + n) * 512)) ||
	fail "the image and its partition did not grow together"
module_check "$tmp/new.img" "$tmp/plan" 2 "$tmp/b.bin"
end2=$(end_of "$tmp/plan")
reinstall "$tmp/new.img" "$tmp/k.elf" "$tmp/c.bin"
end1=$(plan_lba "$tmp/plan" "module 1")
zeros "$tmp/new.img" $(( ${end1% *} + ${end1#* } )) $end2
exit 0
