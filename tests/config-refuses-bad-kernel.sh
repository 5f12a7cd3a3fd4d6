#!/bin/bash
# Each kind of bad kernel gets one line "ckboot-install: KERNEL: what is
# wrong", exit status 1, and the target untouched (issue 5, "Bad input").
# The bad kernels are made by damaging a good one at known offsets.
. "${srcdir:-.}/config-lib.sh"

k=$tmp/good.elf
make_kernel "$k"
ckinstall --dry-run --kernel="$k" "$tmp/new.img" ||
	fail "the good kernel is refused: $(cat "$tmp/err")"

# bad NAME: a fresh copy of the good kernel to damage.
bad () { cp "$k" "$tmp/$1"; echo "$tmp/$1"; }

refused "missing.elf: cannot open kernel: No such file or directory" \
	--kernel="$tmp/missing.elf"
# Root reads any file, so "unreadable" is only tried as another user.
if test "$(id -u)" != 0; then
	cp "$k" "$tmp/noread.elf"
	chmod 000 "$tmp/noread.elf"
	refused "noread.elf: cannot open kernel: Permission denied" \
		--kernel="$tmp/noread.elf"
fi
mkdir "$tmp/dir.elf"
refused "dir.elf: is a directory" --kernel="$tmp/dir.elf"
: >"$tmp/empty.elf"
refused "empty.elf: empty file" --kernel="$tmp/empty.elf"
echo 'this is not a kernel' >"$tmp/text.elf"
refused "text.elf: not an ELF file" --kernel="$tmp/text.elf"

f=$(bad class32.elf); poke "$f" 4 1 1
refused "class32.elf: 32-bit ELF file" --kernel="$f"
f=$(bad arm.elf); poke "$f" $E_MACHINE 2 40
refused "arm.elf: not an x86-64 kernel (e_machine 40 (ARM))" --kernel="$f"
f=$(bad core.elf); poke "$f" $E_TYPE 2 4
refused "core.elf: core dump (ET_CORE), not a kernel" --kernel="$f"
f=$(bad os.elf); poke "$f" $E_TYPE 2 0xfe00
refused "os.elf: unknown ELF type 65024, expected an executable (ET_EXEC or ET_DYN)" \
	--kernel="$f"
f=$(bad rel.elf); poke "$f" $E_TYPE 2 1
refused "rel.elf: relocatable object file (ET_REL)" --kernel="$f"
head -c 40 "$k" >"$tmp/short.elf"
refused "short.elf: truncated ELF header (40 bytes" --kernel="$tmp/short.elf"
f=$(bad phoff.elf); poke "$f" $E_PHOFF 8 $(($(wc -c <"$k") - 60))
refused "phoff.elf: program headers (offset" --kernel="$f"
grep -q 'outside the file' "$tmp/err" || fail "no 'outside the file'"
f=$(bad segoff.elf); poke "$f" "$(ph 0 $P_OFFSET)" 8 0x7fffffff
refused "segoff.elf: segment 0 (offset 2147483647, " --kernel="$f"
grep -q "outside the file" "$tmp/err" || fail "segoff: $(cat "$tmp/err")"
# A kernel cut short: its section headers (at the end) are gone first.
head -c 8400 "$k" >"$tmp/cut.elf"
refused "cut.elf: section headers (offset" --kernel="$tmp/cut.elf"
head -c 4200 "$k" >"$tmp/cut2.elf"
refused "cut2.elf: segment 1 (offset 8192, " --kernel="$tmp/cut2.elf"
f=$(bad noload.elf)
poke "$f" "$(ph 0 $P_TYPE)" 4 0; poke "$f" "$(ph 1 $P_TYPE)" 4 0
refused "noload.elf: no loadable segment (PT_LOAD)" --kernel="$f"
f=$(bad overlap.elf); poke "$f" "$(ph 1 $P_VADDR)" 8 0xffffffff80000010
refused "overlap.elf: segments at 0xffffffff80000000-0xffffffff80000020 and 0xffffffff80000010-" \
	--kernel="$f"
f=$(bad entry.elf); poke "$f" $E_ENTRY 8 0xffffffff80001000
refused "entry.elf: entry point 0xffffffff80001000 is in a segment that is not executable" \
	--kernel="$f"
f=$(bad entry2.elf); poke "$f" $E_ENTRY 8 0xffffffff80400000
refused "entry2.elf: entry point 0xffffffff80400000 is outside every loadable segment" \
	--kernel="$f"
f=$(bad low.elf); poke "$f" "$(ph 1 $P_VADDR)" 8 0x9000
refused "low.elf: segment 1 at 0x9000: below 1 MiB" --kernel="$f"
f=$(bad hole.elf); poke "$f" "$(ph 1 $P_VADDR)" 8 0x0000800000000000
refused "hole.elf: segment 1 at 0x800000000000-0x80000000" --kernel="$f"
grep -q "not a canonical x86-64 address range" "$tmp/err" || fail "hole: $(cat "$tmp/err")"
f=$(bad straddle.elf); poke "$f" "$(ph 1 $P_VADDR)" 8 0x00007ffffffff000
refused "straddle.elf: segment 1 at 0x7ffffffff000-0x80000000" --kernel="$f"
grep -q "not a canonical x86-64 address range" "$tmp/err" ||
	fail "straddle: $(cat "$tmp/err")"
f=$(bad filesz.elf); poke "$f" "$(ph 1 $P_MEMSZ)" 8 1
refused "filesz.elf: segment 1: file size 8 larger than memory size 1" \
	--kernel="$f"
f=$(bad wrap.elf); poke "$f" "$(ph 1 $P_VADDR)" 8 0xfffffffffffff000
refused "wrap.elf: segment 1 at 0xfffffffffffff000: " --kernel="$f"
grep -q "bytes wrap around the end of the address space" "$tmp/err" ||
	fail "wrap: $(cat "$tmp/err")"
# Program header 2 (the PT_NOTE) turned into a TLS template.
f=$(bad tls.elf)
poke "$f" "$(ph 2 $P_TYPE)" 4 7; poke "$f" "$(ph 2 $P_OFFSET)" 8 0
poke "$f" "$(ph 2 $P_FILESZ)" 8 8; poke "$f" "$(ph 2 $P_MEMSZ)" 8 4
refused "tls.elf: malformed TLS segment (PT_TLS)" --kernel="$f"
poke "$f" "$(ph 2 $P_MEMSZ)" 8 16
poke "$f" "$(ph 2 $P_VADDR)" 8 0xffffffff90000000
refused "tls.elf: TLS template at 0xffffffff90000000 is not inside a loadable segment" \
	--kernel="$f"
make_kernel "$tmp/note-v2.elf" 0xffffffff80000000 \
	".kernel_stack_size = 64"
f=$tmp/note-v2.elf
note=$(grep -obUaP 'CKBOOT\x00' "$f" | head -n 1 | cut -d: -f1)
test -n "$note" || hard "no CKBOOT note in $f"
poke "$f" $((note + 8)) 4 2
refused "note-v2.elf: CKBOOT_CONFIG note version 2 not supported" \
	--kernel="$f"
exit 0
