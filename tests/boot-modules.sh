#!/bin/sh
# boot-modules.sh -- the modules given to ckboot-install (--module)
# reach the kernel whole, in their order, with their strings: the test
# kernel (tests/kernels/tk_mem.c) takes each one's CRC-32 where the boot
# info says it is mapped, which must be the file's, as gzip computes
# it.  The kernel also checks their frames, padding, permissions and
# guard pages, and the settings kernels that nothing else is mapped.
# A damaged module or table, and a module larger than memory, stop the
# boot with a message.
. "${srcdir:-.}/boot-common.sh"

# crc32 FILE -- the CRC-32 (IEEE) of FILE in hex, from gzip's trailer.
crc32 ()
{
	gzip -c <"$1" | tail -c 8 | od -An -tx4 -N4 | tr -d ' '
}

printf x >"$tmp/one.bin"
: >"$tmp/empty.bin"
head -c 3000000 /dev/urandom >"$tmp/big.bin"
head -c 5000 /dev/urandom >"$tmp/mid.bin"
set -- --module="$tmp/one.bin" \
	--module="$tmp/empty.bin" --module-string='two words' \
	--module="$tmp/big.bin" --module="$tmp/mid.bin"
expect="--expect-line=fact: modules=4
--expect-line=fact: module-1=one.bin size=1 crc32=$(crc32 "$tmp/one.bin")
--expect-line=fact: module-2=two words size=0 crc32=00000000
--expect-line=fact: module-3=big.bin size=3000000 crc32=$(crc32 "$tmp/big.bin")
--expect-line=fact: module-4=mid.bin size=5000 crc32=$(crc32 "$tmp/mid.bin")"

# Higher half, linked low, with the page tables readable (frames and
# mappings checked), and a kernel the boot sector reads with the loader
# (text.elf, which waits for its screen to be taken).
for k in handoff.elf low-1m.elf settings-physmap.elf settings-recursive.elf \
	text.elf; do
	install_kernel $k "$tmp/$k.img" "$@"
	shot=
	test $k = text.elf && shot=--screendump=$tmp/text.ppm
	IFS='
'
	(boot "$tmp/$k.img" --memory=64M --timeout=60 $expect $shot) ||
		exit $?
	unset IFS
done

install_kernel handoff.elf "$tmp/none.img"
(boot "$tmp/none.img" --memory=64M --timeout=30 \
	--expect-line='fact: modules=none') || exit $?

# The table (16 + 4 * 128 bytes: two sectors) is in the sectors after
# the kernel's last; then one.bin's sector, empty.bin's none, big.bin.
img=$tmp/handoff.elf.img
find_kernel "$img"
table_lba=$((kernel_lba + (kernel_size + 511) / 512))
cp "$img" "$tmp/bad-module.img"
put_byte "$tmp/bad-module.img" $(((table_lba + 3) * 512 + 100000)) 0
put_byte "$tmp/bad-module.img" $(((table_lba + 3) * 512 + 100001)) 1
(boot "$tmp/bad-module.img" --memory=64M --timeout=60 \
	--expect-fail-line='ckboot: module 3 (big.bin) damaged (CRC-32 ') ||
	exit $?
cp "$img" "$tmp/bad-table.img"
put_byte "$tmp/bad-table.img" $((table_lba * 512 + 16 + 128 + 8)) 7
(boot "$tmp/bad-table.img" --memory=64M --timeout=30 \
	--expect-fail-line='ckboot: module table damaged (CRC-32 ') || exit $?

head -c $((40 * 1024 * 1024)) /dev/zero >"$tmp/huge.bin"
install_kernel handoff.elf "$tmp/huge.img" --module="$tmp/huge.bin"
boot "$tmp/huge.img" --memory=32M --timeout=60 \
	--expect-fail-line='ckboot: out of memory: need 40960 KiB for module 1 (huge.bin)'
