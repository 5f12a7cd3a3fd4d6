#!/bin/sh
# boot-loader-fault.sh -- a CPU exception in the loader itself must be
# reported, not end in a triple fault: the loader's IDT sends every
# vector to entry.S's stubs and exception_report() (stage/main.c) names
# it on the serial port and halts.  The first bytes of
# crc32_fold_copy_long() (crc32_long.S, which kernel.c calls for any
# kernel of 64 bytes or more, after the console is up) in the installed
# loader are overwritten, once with UD2 (#UD, for which the stub pushes
# the missing error code) and once with a store through a non-canonical
# address (#GP, whose error code the CPU pushes), and the message must
# give the vector and the faulting instruction's address, which
# stage/loader.elf's symbol table gives.  An assembly function, because
# link-time optimization may inline a C one into its caller.
. "${srcdir:-.}/boot-common.sh"

nm=${TARGET_NM:-nm}
elf=$CKBOOT_STAGE_DIR/loader.elf
command -v "$nm" >/dev/null 2>&1 ||
	{ echo "$test_name: SKIP: no $nm"; exit 77; }
test -f "$elf" || { echo "$test_name: $elf not built"; exit 99; }
fn=crc32_fold_copy_long
addr=$("$nm" "$elf" | awk -v fn=$fn '$3 == fn { print $1 }')
test -n "$addr" || { echo "$test_name: no $fn in $elf"; exit 1; }
addr=$((0x$addr))

install_kernel handoff.elf "$tmp/disk.img"
# find_kernel checks the MBR parameters and the loader header and sets
# loader_lba.
find_kernel "$tmp/disk.img"
at=$((loader_lba * 512 + addr - 0x8000)) # loader.bin runs at 0x8000

# UD2.
cp "$tmp/disk.img" "$tmp/ud.img"
put_byte "$tmp/ud.img" $at $((0x0f))
put_byte "$tmp/ud.img" $((at + 1)) $((0x0b))
line=$(printf 'CPU exception 6 (#UD) in the loader at rip %08x, error code 0' \
	$addr)
boot_keep "$tmp/ud.img" "$tmp/serial-ud.log" --memory=64M --timeout=30 \
	--expect-fail-line="$line" || exit $?

# movabs $0x8000000000000000, %rax; movb $0, (%rax): the store is the
# one that faults, ten bytes in (13 bytes, over the function's first six
# instructions).
cp "$tmp/disk.img" "$tmp/gp.img"
i=0
for b in 0x48 0xb8 0 0 0 0 0 0 0 0x80 0xc6 0x00 0x00; do
	put_byte "$tmp/gp.img" $((at + i)) $((b))
	i=$((i + 1))
done
line=$(printf 'CPU exception 13 (#GP) in the loader at rip %08x, error code 0' \
	$((addr + 10)))
boot_keep "$tmp/gp.img" "$tmp/serial-gp.log" --memory=64M --timeout=30 \
	--expect-fail-line="$line" || exit $?
exit 0
