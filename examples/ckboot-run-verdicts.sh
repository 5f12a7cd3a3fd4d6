#!/bin/sh
# ckboot-run-verdicts.sh -- ckboot-run turns each way a boot can end into
# the right exit status and message: the kernel's success and failure
# values, a triple fault, a loader error, a timeout and usage errors.
#
# Uses the example kernel and, for the triple fault, a two-line kernel
# built here with the target compiler.  Exit 77 without QEMU.

: "${top_builddir:=..}"
: "${abs_top_builddir:=`cd "$top_builddir" && pwd`}"
: "${srcdir:=.}"

run=$top_builddir/util/ckboot-run
stage=--directory=$abs_top_builddir/stage
hello=--kernel=$abs_top_builddir/examples/hello.elf

if test -z "$QEMU" || test ! -x "$QEMU"; then
	echo "ckboot-run-verdicts: no qemu-system-x86_64; skipped"
	exit 77
fi
export QEMU
for f in "$run" "$abs_top_builddir/stage/loader.bin" \
	 "$abs_top_builddir/examples/hello.elf"; do
	test -f "$f" || { echo "ckboot-run-verdicts: $f not built" >&2; exit 99; }
done

tmp=`mktemp -d "${TMPDIR:-/tmp}/ckboot-run-verdicts.XXXXXX"` || exit 99
trap 'rm -rf "$tmp"' EXIT
fail=0

# expect STATUS PATTERN ARGS... -- run ckboot-run ARGS, check its exit
# status and that a line of its stderr matches PATTERN.
expect () {
	want=$1 pattern=$2
	shift 2
	"$run" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	last=`tail -n 1 "$tmp/err"`
	if test $got -ne $want; then
		echo "FAIL: ckboot-run $*: exit status $got, expected $want"
		cat "$tmp/err"
		fail=1
	elif test -n "$pattern" &&
	     ! grep -e "$pattern" "$tmp/err" >/dev/null; then
		echo "FAIL: ckboot-run $*: no message /$pattern/ in:"
		cat "$tmp/err"
		fail=1
	else
		echo "ok: ckboot-run $* -> $got${last:+: $last}"
	fi
}

# The kernel's success, with the serial output on stdout.
expect 0 '' $stage $hello
grep -e 'hello: done' "$tmp/out" >/dev/null ||
	{ echo "FAIL: no kernel output on stdout"; fail=1; }
# Any other value is the kernel's failure.
expect 1 'the kernel reported failure: it wrote 0x10' \
	$stage $hello --success-code=0x11
# Options pass through to ckboot-install, QEMU arguments after --.
expect 0 '' $stage $hello --kernel-stack-size=16 --disk=ahci -- -m 64
grep -e 'stack: .*(64 KiB)' "$tmp/out" >/dev/null ||
	{ echo "FAIL: --kernel-stack-size did not reach the kernel"; fail=1; }
# An option's value in the next word, with spaces and quotes in it.
expect 0 '' $stage $hello --cmdline "two  words, 'quoted' \$HOME"
grep -F -e "command line: two  words, 'quoted' \$HOME" "$tmp/out" >/dev/null ||
	{ echo "FAIL: --cmdline did not reach the kernel whole"; fail=1; }
# A module that takes the loader seconds to read (32 MiB under TCG:
# longer than the two quiet seconds that make a last "ckboot:" line a
# loader error) reaches the kernel.
head -c 33554432 /dev/zero >"$tmp/big.bin" || exit 99
expect 0 '' $stage $hello --module="$tmp/big.bin" --memory=128M --timeout=120
grep -e '^module 1: big.bin, 33554432 bytes' "$tmp/out" >/dev/null ||
	{ echo "FAIL: the module did not reach the kernel"; fail=1; }
# A loader error stops QEMU at once (a 32-bit CPU: no long mode).
expect 1 'loader error, QEMU stopped: ckboot: this CPU does not support' \
	$stage $hello --timeout=60 -- -cpu qemu32
# A kernel that never reports (the CPU never starts: -S).
expect 1 'timed out after 2 seconds' $stage $hello --timeout=2 -- -S
# ckboot-install refusing the settings.
expect 1 'ckboot-install: --kernel-stack-size=0' \
	$stage $hello --kernel-stack-size=0
# Usage errors.
expect 2 'no kernel given' $stage
expect 2 "unknown disk type 'scsi'" $stage $hello --disk=scsi
expect 2 "unexpected argument 'extra'" $stage $hello extra
expect 2 'invalid success code' $stage $hello --success-code=200

# SIGTERM while the kernel runs: QEMU and the temporary image go at
# once, not when the timeout ends (-S: the CPU never starts).
mkdir "$tmp/t"
TMPDIR=$tmp/t "$run" $stage $hello --timeout=120 -- -S >/dev/null 2>&1 &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10; do
	ls "$tmp"/t/ckboot-run.*/qemu.pid >/dev/null 2>&1 && break
	sleep 1
done
qpid=`cat "$tmp"/t/ckboot-run.*/qemu.pid 2>/dev/null`
kill -TERM $pid
sleep 3
if test -z "$qpid"; then
	echo "FAIL: SIGTERM case: QEMU never started"
	fail=1
elif kill -0 "$qpid" 2>/dev/null; then
	echo "FAIL: SIGTERM: QEMU (pid $qpid) still runs"
	kill "$qpid"
	fail=1
elif ls -d "$tmp"/t/ckboot-run.* >/dev/null 2>&1; then
	echo "FAIL: SIGTERM: the temporary directory was left"
	fail=1
else
	echo "ok: SIGTERM stops QEMU and removes the temporary image"
fi
wait $pid 2>/dev/null

# A triple fault: int3 with no IDT.
if test -n "$TARGET_CC"; then
	printf 'void kernel_main(void) { __asm__ volatile("int3"); }\n' \
		>"$tmp/fault.c"
	if $TARGET_CC $TARGET_CFLAGS -m64 -mcmodel=kernel -c \
		-o "$tmp/fault.o" "$tmp/fault.c" &&
	   $TARGET_CC -m64 $TARGET_LDFLAGS -Wl,-z,max-page-size=0x1000 \
		-Wl,--build-id=none \
		-Wl,-T,"$srcdir/kernel.ld" -o "$tmp/fault.elf" "$tmp/fault.o"
	then
		expect 1 'the machine reset (a triple fault?)' \
			$stage --kernel="$tmp/fault.elf"
	else
		echo "FAIL: cannot build the faulting kernel"
		fail=1
	fi
fi
exit $fail
