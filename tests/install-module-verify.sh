#!/bin/sh
# ckboot-install --verify checks the modules of an install: the module
# table (its magic, the count the loader header gives, its CRC-32, each
# module on the disk) and each module's CRC-32.  On copies of an image
# with three modules, one changed byte in a module, in the table's
# entries or in its header, a loader header that counts another number
# of modules, and an image cut short in the middle of a module each get
# one line naming the target and the module (by its string, escaped as
# the plan shows it) or the table, status 1, and the copy unchanged.

. "${srcdir:-.}/install-common.sh"

make_kernel "$tmp/k.elf" 100
printf 'x' >"$tmp/one.bin"
head -c 100000 /dev/urandom >"$tmp/initrd.img" || hard head
: >"$tmp/empty.bin"
tab=$(printf '\t')
img=$tmp/new.img
ckinstall --kernel="$tmp/k.elf" --module="$tmp/one.bin" \
	--module="$tmp/initrd.img" --module-string="initrd${tab}x" \
	--module="$tmp/empty.bin" "$img" >/dev/null || fail "install refused"
"$CKBOOT_INSTALL" --verify "$img" >"$tmp/list" 2>&1 ||
	fail "--verify: $(cat "$tmp/list")"
grep -qx "$img: ckboot is intact" "$tmp/list" || fail "not intact"
set -- $(plan_lba "$tmp/list" "module table")
tlba=$1
set -- $(plan_lba "$tmp/list" "module 2")
m2=$1 m2s=$2
crc2=$(crc32_of "$tmp/initrd.img")
grep -Fqx "module 2:       LBA $m2-$((m2 + m2s - 1)) ($m2s sectors), 100000 bytes, CRC-32 $crc2; string: initrd\\011x" \
	"$tmp/list" || fail "no line for module 2"
grep -Fqx "module 3:       LBA $((m2 + m2s)) (0 sectors), 0 bytes, CRC-32 0x00000000; string: empty.bin" \
	"$tmp/list" || fail "no line for module 3"

x='0x[0-9a-f]{8}'
damaged $((m2 * 512 + 5000)) '\377\377' \
	"module 2 \\(initrd\\\\011x\\) damaged: CRC-32 $x, the table says $crc2; reinstall$"
damaged $((tlba * 512 + 16 + 128 + 30)) 'Z' \
	"module table at LBA $tlba-$tlba damaged \\(CRC-32 $x, the table says $x\\): reinstall$"
damaged $((tlba * 512)) 'X' \
	"module table at LBA $tlba-$tlba is not one \\(magic $x\\): reinstall$"
damaged $((tlba * 512 + 8)) '\100' \
	"module table at LBA $tlba-$tlba has entries of 64 bytes, not 128: reinstall$"
# module_count, the last word of the loader header.
damaged $((2048 * 512 + 16 + 124)) '\002' \
	"module table at LBA $tlba-$tlba lists 3 modules, the loader header 2: reinstall$"
damaged $((2048 * 512 + 16 + 124)) '\041' \
	"the loader header counts 33 modules, more than 32: reinstall$"

# A gap before module 3, in a table whose CRC-32 is made right again:
# ckboot-install puts each module right after the one before, and a
# reinstall counts every sector up to the last for ckboot's own.
le32 ()
{
	printf '\\%03o\\%03o\\%03o\\%03o' $(($1 & 255)) $((($1 >> 8) & 255)) \
		$((($1 >> 16) & 255)) $((($1 >> 24) & 255))
}
cp "$img" "$tmp/bad.img" || hard cp
e3=$((tlba * 512 + 16 + 2 * 128))
lba3=$(u64_at "$tmp/bad.img" $e3)
put "$tmp/bad.img" $e3 "$(le32 $((lba3 + 1)))"
dd if="$tmp/bad.img" bs=1 skip=$((tlba * 512 + 16)) count=$((3 * 128)) \
	status=none >"$tmp/entries" || hard dd
put "$tmp/bad.img" $((tlba * 512 + 12)) "$(le32 $(crc32_of "$tmp/entries"))"
verify 1 "module table at LBA $tlba-$tlba has module 3 at LBA $((lba3 + 1)), \
not right after what comes before it: reinstall$" "$tmp/bad.img"

# Cut short in the middle of module 2.
head -c $(((m2 + 10) * 512)) "$img" >"$tmp/bad.img" || hard head
verify 1 "module table at LBA $tlba-$tlba has module 2 at LBA \
$m2-$((m2 + m2s - 1)), past LBA $((m2 + 9)): reinstall$" "$tmp/bad.img"
exit 0
