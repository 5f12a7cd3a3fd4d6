#!/bin/sh
# On a GPT disk ckboot goes into the BIOS boot partition and writes boot
# code into the protective MBR only: both GPT headers and entry arrays stay
# byte-identical, sgdisk --verify stays clean, every other partition and
# the protective MBR's entry keep their checksums.  --activate, which
# would mark that entry active, is refused; on a hybrid MBR too, naming
# the sfdisk command that marks one of its partitions.

. "${srcdir:-.}/install-common.sh"
need "$SGDISK"

truncate -s 32M "$tmp/disk.img"
"$SGDISK" --new=1:2048:+4M --typecode=1:8300 \
	--new=2:0:+1M --typecode=2:ef02 --new=3:0:0 --typecode=3:0700 \
	"$tmp/disk.img" >/dev/null || hard "sgdisk failed"
"$SGDISK" -i 2 "$tmp/disk.img" | tee "$tmp/p2"
first=$(sed -n 's/^First sector: \([0-9]*\).*/\1/p' "$tmp/p2")
last=$(sed -n 's/^Last sector: \([0-9]*\).*/\1/p' "$tmp/p2")
test -n "$first" && test -n "$last" || hard "cannot read partition 2"
fill_random "$tmp/disk.img" 2048 8192
fill_random "$tmp/disk.img" $((last + 1)) 8192

size=$(file_size "$tmp/disk.img")
sectors=$((size / 512))
head_before=$(range_sum "$tmp/disk.img" 440 $((first * 512 - 440)))
tail_before=$(range_sum "$tmp/disk.img" $(((last + 1) * 512)) \
	$(((sectors - last - 1) * 512)))

kernel_for_boot "$tmp/k.elf" 200
for n in 1 2; do
	expect_refusal "$tmp/disk.img" \
		"disk\.img: --activate=$n: a GPT disk has no MBR partitions to mark active" \
		--activate=$n --kernel="$tmp/k.elf" "$tmp/disk.img"
	test "$(wc -l <"$tmp/err")" = 1 || fail "--activate: not one line"
done
cp "$tmp/disk.img" "$tmp/hybrid.img"
"$SGDISK" --hybrid=1 "$tmp/hybrid.img" >/dev/null || hard "sgdisk --hybrid"
expect_refusal "$tmp/hybrid.img" 'hybrid MBR' --activate=2 \
	--kernel="$tmp/k.elf" "$tmp/hybrid.img"
test "$(cat "$tmp/err")" = "ckboot-install: $tmp/hybrid.img: --activate=2:\
 ckboot leaves the hybrid MBR of a GPT disk as it is (sfdisk\
 --label-nested=dos --activate $tmp/hybrid.img 2 sets the flag)" ||
	fail "--activate on a hybrid MBR: not the one-line refusal"
if command -v "$SFDISK" >/dev/null 2>&1; then
	cp "$tmp/hybrid.img" "$tmp/flagged.img"
	"$SFDISK" --label-nested=dos --activate "$tmp/flagged.img" 2 ||
		fail "the sfdisk command of the message failed"
	test "$(cmp -l "$tmp/hybrid.img" "$tmp/flagged.img" |
		awk '{ print $1, $2, $3 }')" = "463 0 200" ||
		fail "the sfdisk command did not just mark partition 2"
fi
ckinstall --kernel="$tmp/k.elf" "$tmp/disk.img" || fail "install failed"

# Bytes 440 up to the BIOS boot partition hold the protective MBR's
# table, both the primary header and entries and partition 1.
test "$(range_sum "$tmp/disk.img" 440 $((first * 512 - 440)))" = \
	"$head_before" || fail "something before the BIOS boot partition changed"
test "$(range_sum "$tmp/disk.img" $(((last + 1) * 512)) \
	$(((sectors - last - 1) * 512)))" = "$tail_before" ||
	fail "something after the BIOS boot partition changed (backup GPT?)"
"$SGDISK" -v "$tmp/disk.img" >"$tmp/verify" 2>&1
cat "$tmp/verify"
grep -q 'No problems found' "$tmp/verify" || fail "sgdisk -v reports problems"
area_check "$tmp/disk.img" "$first" "$tmp/k.elf"

boot_check "$tmp/disk.img"
exit 0
