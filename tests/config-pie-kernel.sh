#!/bin/bash
# Position-independent kernels (ET_DYN), as gcc -static-pie and Rust's
# x86_64-unknown-none target make them: ckboot-install takes one, shows
# where it will run and how many relocations the loader applies, and
# refuses, in one line and with the target untouched, what the loader
# could not run: packed relocations (DT_RELR), shared libraries
# (DT_NEEDED), relocations other than R_X86_64_RELATIVE, PLT ones (an
# ifunc's), relocations outside the kernel or in their own table, two
# dynamic sections, or relocations with no PT_DYNAMIC to find them by.  The kernels are linked here with the linker's own script for
# a PIE; the damaged ones are patched where readelf says.  The boot
# tests boot-pie-kernel*.sh run such kernels.
. "${srcdir:-.}/config-lib.sh"

command -v readelf >/dev/null 2>&1 || skip "no readelf"

# make_pie FILE [LDFLAG]...: a PIE linked at 0 with one pointer set at
# link time (an R_X86_64_RELATIVE relocation).
make_pie ()
{
	_out=$1
	shift
	{
		echo 'volatile unsigned long counter = 1;'
		echo 'static char scratch[8192];'
		echo 'char *volatile where = scratch;'
		echo 'void _start(void) { for (;;) where[counter++ & 8191]++; }'
	} >"$tmp/pie.c"
	$TARGET_CC $TARGET_CFLAGS -m64 -fpie -c -o "$tmp/pie.o" "$tmp/pie.c" &&
	$TARGET_CC $TARGET_LDFLAGS -m64 -nostdlib -Wl,-pie \
		-Wl,--no-dynamic-linker -Wl,-z,max-page-size=4096 \
		-Wl,--build-id=none "$@" -o "$_out" "$tmp/pie.o" ||
		hard "cannot link a PIE with $TARGET_CC"
	test "$(od -An -tu2 -j $E_TYPE -N 2 "$_out" | tr -d ' ')" = 3 ||
		hard "$_out is not ET_DYN"
}

# section_field FILE SECTION N: field N (3 address, 4 offset) of
# SECTION in readelf -S, as a number.
section_field ()
{
	_hex=$(LC_ALL=C readelf -W -S "$1" |
		awk -v s="$2" -v f="$3" '{ sub(/^ *\[ *[0-9]+\] */, "") }
			$1 == s { print $f; exit }')
	test -n "$_hex" && echo $((0x$_hex))
}
offset_of () { section_field "$1" "$2" 4; }

# phdr_index FILE TYPE: the index of the first program header of TYPE.
phdr_index ()
{
	LC_ALL=C readelf -W -l "$1" |
		awk -v t="$2" '/^Program Headers:/ { on = 1; next }
			on && /^ +[A-Z_]+ +0x/ { if ($1 == t) { print n; exit }
						 n++ }'
}

k=$tmp/pie.elf
make_pie "$k"
ckinstall --dry-run --kernel="$k" "$tmp/new.img" ||
	fail "the PIE is refused: $(cat "$tmp/err")"
expect_line '^ +position-independent: runs at 0xffffffff80000000-0xffffffff8[0-9a-f]+, [1-9][0-9]* relocations? applied at boot$'
expect_line '^ +moved by 0xffffffff80000000 from where it was linked \(GDB: symbol-file -o 0xffffffff80000000 .*\.elf\)$'

# -z pack-relative-relocs (binutils 2.38 on) makes DT_RELR.
if $TARGET_CC $TARGET_LDFLAGS -m64 -nostdlib -Wl,-pie -Wl,--no-dynamic-linker \
	-Wl,-z,pack-relative-relocs -o "$tmp/relr.elf" "$tmp/pie.o" 2>/dev/null &&
   readelf -d "$tmp/relr.elf" | grep -q '(RELR)'; then
	refused "relr.elf: has packed relocations (DT_RELR)" \
		--kernel="$tmp/relr.elf"
else
	echo "$me: this linker makes no DT_RELR; that case not tried"
fi

dyn=$(offset_of "$k" .dynamic)
rela=$(offset_of "$k" .rela.dyn)
test -n "$dyn" && test -n "$rela" || hard "no .dynamic or .rela.dyn in $k"

cp "$k" "$tmp/needed.elf"
poke "$tmp/needed.elf" "$dyn" 8 1		# the first tag: DT_NEEDED
refused "needed.elf: needs shared libraries (DT_NEEDED)" \
	--kernel="$tmp/needed.elf"

cp "$k" "$tmp/abs64.elf"
poke "$tmp/abs64.elf" $((rela + 8)) 8 $(((1 << 32) | 1))	# R_X86_64_64
refused "abs64.elf: relocation 0 at 0x" --kernel="$tmp/abs64.elf"
grep -q 'has type 1 (R_X86_64_64); ckboot applies R_X86_64_RELATIVE only' \
	"$tmp/err" || fail "abs64: $(cat "$tmp/err")"

cp "$k" "$tmp/outside.elf"
poke "$tmp/outside.elf" "$rela" 8 0x40000000
refused "outside.elf: relocation 0 at 0xffffffffc0000000 lies outside the kernel's segments" \
	--kernel="$tmp/outside.elf"

cp "$k" "$tmp/self.elf"		# relocation 0 aimed at the table
poke "$tmp/self.elf" "$rela" 8 "$(section_field "$k" .rela.dyn 3)"
refused "self.elf: relocation 0 at 0xffffffff8" --kernel="$tmp/self.elf"
grep -q 'falls in the relocation table' "$tmp/err" ||
	fail "self: $(cat "$tmp/err")"

i=$(phdr_index "$k" GNU_STACK)
test -n "$i" || hard "no GNU_STACK program header in $k"
cp "$k" "$tmp/twodyn.elf"
poke "$tmp/twodyn.elf" "$(ph "$i" $P_TYPE)" 4 2	# a second PT_DYNAMIC
refused "twodyn.elf: more than one dynamic section header (PT_DYNAMIC)" \
	--kernel="$tmp/twodyn.elf"

# An ifunc makes an R_X86_64_IRELATIVE in the PLT table (DT_JMPREL).
{
	echo 'volatile int counter;'
	echo 'static int one(void) { return 1; }'
	echo 'static int (*pick(void))(void) { return one; }'
	echo 'int f(void) __attribute__((ifunc("pick")));'
	echo 'void _start(void) { for (;;) counter += f(); }'
} >"$tmp/ifunc.c"
if $TARGET_CC $TARGET_CFLAGS -m64 -fpie -c -o "$tmp/ifunc.o" "$tmp/ifunc.c" \
	2>/dev/null; then
	$TARGET_CC $TARGET_LDFLAGS -m64 -nostdlib -Wl,-pie \
		-Wl,--no-dynamic-linker -o "$tmp/ifunc.elf" "$tmp/ifunc.o" ||
		hard "cannot link an ifunc PIE"
	refused "ifunc.elf: has PLT relocations (DT_JMPREL)" \
		--kernel="$tmp/ifunc.elf"
else
	echo "$me: $TARGET_CC has no ifuncs (not a GNU target); that case not tried"
fi

# A linker script whose PHDRS leave out PT_DYNAMIC: the relocations are
# in the file, but the loader could not find them.
cat >"$tmp/nodyn.ld" <<'EOT'
PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD FLAGS(6); }
SECTIONS {
	.text : { *(.text*) } :text
	.rela.dyn : { *(.rela.*) } :text
	.dynsym : { *(.dynsym) } :text
	.dynstr : { *(.dynstr) } :text
	.gnu.hash : { *(.gnu.hash) } :text
	. = ALIGN(4096);
	.dynamic : { *(.dynamic) } :data
	.data : { *(.data*) } :data
	.bss : { *(.bss*) } :data
	/DISCARD/ : { *(.interp) *(.note*) *(.eh_frame*) *(.comment) }
}
EOT
make_pie "$tmp/nodyn.elf" -Wl,-T,"$tmp/nodyn.ld"
refused "nodyn.elf: relocations at 0x" --kernel="$tmp/nodyn.elf"
grep -q 'that the dynamic section does not list: the loader would not apply them' \
	"$tmp/err" || fail "nodyn: $(cat "$tmp/err")"
# The same with a PT_DYNAMIC that .dynamic was not given: ld makes it
# empty, silently.
sed 's/^PHDRS { \(.*\) }$/PHDRS { \1 dyn PT_DYNAMIC; }/' "$tmp/nodyn.ld" \
	>"$tmp/emptydyn.ld"
grep -q 'dyn PT_DYNAMIC' "$tmp/emptydyn.ld" || hard "emptydyn.ld not made"
make_pie "$tmp/emptydyn.elf" -Wl,-T,"$tmp/emptydyn.ld"
refused "emptydyn.elf: relocations at 0x" --kernel="$tmp/emptydyn.elf"
# A dynamic section cut short before DT_RELA, and a DT_RELASZ of 0:
# the loader would miss the table.
i=$(phdr_index "$k" DYNAMIC)
cp "$k" "$tmp/cutdyn.elf"
poke "$tmp/cutdyn.elf" "$(ph "$i" $P_FILESZ)" 8 16
refused "cutdyn.elf: relocations at 0x" --kernel="$tmp/cutdyn.elf"
at=$(od -An -v -tu8 -j "$dyn" -N 4096 "$k" | tr -s ' ' '\n' | sed '/^$/d' |
	awk -v d="$dyn" 'NR % 2 == 1 && $1 == 8 { print d + NR * 8; exit }')
test -n "$at" || hard "no DT_RELASZ in $k"
cp "$k" "$tmp/short.elf"
poke "$tmp/short.elf" "$at" 8 0		# DT_RELASZ
refused "short.elf: relocations at 0x" --kernel="$tmp/short.elf"

# A kernel must fit in the top 2 GiB.
make_pie "$tmp/wide.elf" -Wl,--section-start=.bss=0x90000000
refused "wide.elf: position-independent kernel: segment" --kernel="$tmp/wide.elf"
grep -q 'so it cannot run in the top 2 GiB' "$tmp/err" ||
	fail "wide: $(cat "$tmp/err")"
exit 0
