#!/bin/sh
# boot-modules.sh -- the modules given to ckboot-install (--module)
# reach the kernel whole, in their order, with their strings: the test
# kernel (tests/kernels/tk_mem.c) takes each one's CRC-32 where the boot
# info says it is mapped, which must be the file's, as gzip computes
# it.  The kernel also checks their frames, padding, permissions and
# guard pages, and the settings kernels that nothing else is mapped.
# 32 modules with the longest strings and the longest command line fit
# in the boot info.  A damaged module or table, a table missing or
# counted wrong, and a module larger than memory, stop the boot with a
# message.
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
# They take the lowest free level-4 slot once the stack and boot info
# (and the physical map, two slots under QEMU) have theirs.
for k in handoff.elf low-1m.elf settings-physmap.elf settings-recursive.elf \
	text.elf; do
	install_kernel $k "$tmp/$k.img" "$@"
	shot=
	test $k = text.elf && shot=--screendump=$tmp/text.ppm
	slot=0xffff808000000000
	test $k = settings-physmap.elf && slot=0xffff818000000000
	IFS='
'
	(boot "$tmp/$k.img" --memory=64M --timeout=60 $expect $shot \
		"--expect-line=fact: modules-address=$slot") || exit $?
	unset IFS
done

# As many modules as there can be, each with the longest string, and
# the longest command line: the boot info holds them all.
line=$(head -c 4095 /dev/zero | tr '\0' c)
s103=$(head -c 99 /dev/zero | tr '\0' s)
set --
i=1
while test $i -le 32; do
	printf '%s' "$i" >"$tmp/m$i"
	set -- "$@" --module="$tmp/m$i" --module-string="$s103$(printf %04d $i)"
	i=$((i + 1))
done
install_kernel handoff.elf "$tmp/full.img" --cmdline="$line" "$@"
(boot "$tmp/full.img" --memory=64M --timeout=60 \
	--expect-line='fact: modules=32' \
	--expect-line="fact: module-32=${s103}0032 size=2 crc32=$(crc32 "$tmp/m32")" \
	--expect-line='fact: cmdline-length=4095') || exit $?

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
cp "$img" "$tmp/no-table.img"
put_byte "$tmp/no-table.img" $((table_lba * 512)) 0
(boot "$tmp/no-table.img" --memory=64M --timeout=30 \
	--expect-fail-line="ckboot: no module table of 4 entries at LBA $table_lba: reinstall") ||
	exit $?
# module_count, the last word of the loader header.
cp "$img" "$tmp/bad-count.img"
put_byte "$tmp/bad-count.img" $((header + 124)) 33
(boot "$tmp/bad-count.img" --memory=64M --timeout=30 \
	--expect-fail-line='ckboot: 33 modules in the loader header, at most 32') ||
	exit $?

head -c $((40 * 1024 * 1024)) /dev/zero >"$tmp/huge.bin"
install_kernel handoff.elf "$tmp/huge.img" --module="$tmp/huge.bin"
boot "$tmp/huge.img" --memory=32M --timeout=60 \
	--expect-fail-line='ckboot: out of memory: need 40960 KiB for module 1 (huge.bin)'
