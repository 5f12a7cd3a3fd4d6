# config-lib.sh -- sourced by the tests/config-*.sh scripts (not a test
# itself): scratch directory, small test kernels built with the target
# compiler, ELF patching, and the refusal check they all share.
#
# Environment (set by tests/Makefile.am): srcdir, top_srcdir, top_builddir,
# abs_top_builddir, CKBOOT_STAGE_DIR, TARGET_CC, TARGET_CFLAGS,
# TARGET_LDFLAGS.  CKBOOT_INSTALL overrides the program under test.
#
# Copyright (C) 2026 the ckboot developers.  GPLv3+.

: "${srcdir:=.}"
: "${top_srcdir:=..}"
: "${top_builddir:=..}"
: "${abs_top_builddir:=$(cd "$top_builddir" && pwd)}"
: "${CKBOOT_INSTALL:=$abs_top_builddir/util/ckboot-install}"
: "${CKBOOT_STAGE_DIR:=$abs_top_builddir/stage}"
: "${TARGET_CC:=cc}"
LC_ALL=C
export LC_ALL CKBOOT_STAGE_DIR

me=${0##*/}

fail () { echo "$me: FAIL: $*" >&2; exit 1; }
skip () { echo "$me: SKIP: $*" >&2; exit 77; }
hard () { echo "$me: ERROR: $*" >&2; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/ckb-config.XXXXXX") || hard "mktemp failed"
trap 'rm -rf "$tmp"' 0
trap 'exit 99' 1 2 13 15

test -x "$CKBOOT_INSTALL" || hard "$CKBOOT_INSTALL is not built"
command -v "$TARGET_CC" >/dev/null 2>&1 || skip "no target compiler $TARGET_CC"
manifests=$srcdir/manifests

# The kernels' layout, fixed by the linker script below so that tests can
# name addresses: .text at BASE (one page, R X), the data at BASE + 4 KiB
# (R W), .note.ckboot in the data segment and in a PT_NOTE of its own.
cat >"$tmp/kernel.ld" <<'EOF'
ENTRY(_start)
PHDRS { text PT_LOAD FLAGS(5); data PT_LOAD FLAGS(6); note PT_NOTE; }
SECTIONS {
	. = BASE;
	.text : { *(.text*) } :text
	. = ALIGN(4096);
	.data : { *(.rodata*) *(.data*) } :data
	.note.ckboot : { KEEP(*(.note.ckboot)) } :data :note
	.bss : { *(.bss*) *(COMMON) } :data
	/DISCARD/ : { *(.eh_frame*) *(.comment) *(.note.GNU-stack) }
}
EOF

# make_kernel FILE [BASE [NOTE]]: a small x86-64 kernel linked at BASE
# (default 0xffffffff80000000), with CKBOOT_CONFIG(NOTE) when NOTE is
# given, e.g. ".kernel_stack_size = 128".  It is never booted.
make_kernel ()
{
	_base=${2:-0xffffffff80000000}
	_model=kernel
	case $_base in 0xffffffff8*) ;; *) _model=large ;; esac
	{
		echo '#include <ckboot/bootinfo.h>'
		test -z "$3" || echo "CKBOOT_CONFIG($3);"
		echo 'volatile unsigned long counter = 1;'
		echo 'static char scratch[8192];'
		echo 'void _start(void) { for (;;) scratch[counter++ & 8191]++; }'
	} >"$tmp/kernel.c"
	$TARGET_CC $TARGET_CFLAGS -m64 -mcmodel=$_model -fno-pic \
		-I"$top_srcdir/include" -c -o "$tmp/kernel.o" "$tmp/kernel.c" &&
	$TARGET_CC $TARGET_LDFLAGS -m64 -nostdlib -static -no-pie \
		-Wl,-T,"$tmp/kernel.ld" -Wl,--defsym=BASE="$_base" \
		-Wl,-z,max-page-size=4096 -Wl,--build-id=none \
		-o "$1" "$tmp/kernel.o" ||
		hard "cannot build a test kernel with $TARGET_CC"
}

# poke FILE OFFSET SIZE VALUE: store VALUE little-endian in SIZE bytes
# at OFFSET of FILE (bash arithmetic is 64-bit, so any u64 fits).
poke ()
{
	_bytes= _i=0
	while test $_i -lt "$3"; do
		_bytes=$_bytes$(printf '\\x%02x' $(( ($4 >> (8 * _i)) & 255 )))
		_i=$((_i + 1))
	done
	printf "$_bytes" | dd of="$1" bs=1 seek="$2" conv=notrunc \
		status=none || hard "cannot patch $1"
}

# ELF64 offsets: header fields, and field F of program header N (the
# headers start at 64 in the kernels built above).
E_TYPE=16 E_MACHINE=18 E_ENTRY=24 E_PHOFF=32 E_SHOFF=40 E_PHNUM=56 E_SHNUM=60
ph () { echo $((64 + 56 * $1 + $2)); }
P_TYPE=0 P_FLAGS=4 P_OFFSET=8 P_VADDR=16 P_FILESZ=32 P_MEMSZ=40

# ckinstall ARG...: run ckboot-install with stdout in $tmp/out and
# stderr in $tmp/err; returns its exit status.
ckinstall ()
{
	"$CKBOOT_INSTALL" "$@" >"$tmp/out" 2>"$tmp/err"
}

# expect_line PATTERN: the --dry-run output has a line matching PATTERN
# (a grep -E expression).
expect_line ()
{
	grep -E -q -- "$1" "$tmp/out" ||
		fail "no line matching '$1' in the output:
$(cat "$tmp/out" "$tmp/err")"
}

# refused MESSAGE ARG...: ckboot-install ARG... must exit with status 1,
# say MESSAGE (a fixed string) on one "ckboot-install: " line, and leave
# both targets alone: the existing image byte for byte, and the missing
# one not created.
refused ()
{
	_msg=$1
	shift
	_before=$(sha256sum <"$tmp/disk.img")
	"$CKBOOT_INSTALL" "$@" "$tmp/disk.img" >"$tmp/out" 2>"$tmp/err"
	_rc=$?
	test $_rc -eq 1 || fail "exit status $_rc, not 1, for $*: $(cat "$tmp/err")"
	grep -F -q -- "$_msg" "$tmp/err" ||
		fail "expected '$_msg' for $*, got: $(cat "$tmp/err")"
	test "$(wc -l <"$tmp/err")" -eq 1 ||
		fail "more than one line of diagnostics for $*: $(cat "$tmp/err")"
	grep -q '^ckboot-install: ' "$tmp/err" ||
		fail "diagnostic does not start with the program name"
	test "$(sha256sum <"$tmp/disk.img")" = "$_before" ||
		fail "the image changed although $* was refused"
	"$CKBOOT_INSTALL" "$@" "$tmp/new.img" >/dev/null 2>&1
	_rc=$?
	test $_rc -eq 1 || fail "exit status $_rc, not 1, for $* on a new image"
	test ! -e "$tmp/new.img" || fail "$* created the new image although refused"
}

# An existing image for refused: 4 MiB of a recognisable pattern.
yes 'ckboot config test image' | head -c 4194304 >"$tmp/disk.img"
