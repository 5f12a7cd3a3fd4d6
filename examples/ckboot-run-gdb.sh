#!/bin/sh
# ckboot-run-gdb.sh -- ckboot-run --gdb starts the machine stopped with
# QEMU's GDB stub on localhost, and says how to attach; GDB, attached as
# it says, stops at a hardware breakpoint on the example kernel's entry
# point, kernel_main, with RDI pointing at the boot info (its magic read
# through GDB), and the run then ends with the kernel's own verdict.
# The same for the example built as a PIE, which the loader moves: the
# GDB command then loads the symbols where the kernel runs.  GDB's kill
# instead is reported as such.
#
# Exit 77 without QEMU or GDB.

: "${top_builddir:=..}"
: "${abs_top_builddir:=`cd "$top_builddir" && pwd`}"
: "${srcdir:=.}"

run=$top_builddir/util/ckboot-run
stage=--directory=$abs_top_builddir/stage
elf=$abs_top_builddir/examples/hello.elf
gdb=${GDB:-gdb}

if test -z "$QEMU" || test ! -x "$QEMU"; then
	echo "ckboot-run-gdb: no qemu-system-x86_64; skipped"
	exit 77
fi
if ! command -v "$gdb" >/dev/null 2>&1; then
	echo "ckboot-run-gdb: no $gdb; skipped"
	exit 77
fi
export QEMU
for f in "$run" "$abs_top_builddir/stage/loader.bin" "$elf"; do
	test -f "$f" || { echo "ckboot-run-gdb: $f not built" >&2; exit 99; }
done

tmp=`mktemp -d "${TMPDIR:-/tmp}/ckboot-run-gdb.XXXXXX"` || exit 99
trap 'rm -rf "$tmp"' EXIT

# build_pie FILE -- hello.c as a static PIE, as the manual builds one:
# the loader moves it, so GDB needs its symbols moved too.
build_pie () {
	test -n "$TARGET_CC" || return 1
	$TARGET_CC $TARGET_CFLAGS -m64 -fpie -mcmodel=small -mno-red-zone \
		-I"$srcdir/../include" -c -o "$tmp/pie.o" "$srcdir/hello.c" &&
	$TARGET_CC $TARGET_LDFLAGS -m64 -Wl,-pie -Wl,--no-dynamic-linker \
		-Wl,-z,norelro -Wl,-z,max-page-size=4096 -Wl,--build-id=none \
		-Wl,-e,kernel_main -o "$1" "$tmp/pie.o"
}

# attach PORT KERNEL SYMBOLS [kill]: one run of ckboot-run --gdb=PORT
# for KERNEL, which must say to attach with "gdb SYMBOLS -ex 'target
# remote 127.0.0.1:PORT'"; that command, run as said, must stop at
# kernel_main, then let the kernel finish, or with "kill" end QEMU
# there.  Returns 2 when the port was taken, to try another.  (A time
# limit all the same, so that a hang cannot hold up make check.)
attach () {
	port=$1 kernel=$2 mode=${4-finish}
	hint="gdb $3 -ex 'target remote 127.0.0.1:$port'"
	last=continue
	test $mode = finish || last=kill
	rm -f "$tmp/out" "$tmp/err" "$tmp/gdb"
	"$run" $stage --kernel="$kernel" --gdb=$port --timeout=120 \
		>"$tmp/out" 2>"$tmp/err" &
	job=$!
	# ckboot-run says how to attach just before it starts QEMU; QEMU
	# then opens the port at once, or fails at once when it is taken
	# (and GDB must not drive whatever holds it), so GDB may have to try
	# again for a while.  (GDB's own status is no use: the last
	# "continue" ends with the machine, and the connection.)
	i=0
	while :; do
		said=`sed -n 's/^ckboot-run: the machine waits for GDB: gdb //p' \
			"$tmp/err"`
		test -z "$said" || sleep 1
		if grep -e 'in use' "$tmp/err" >/dev/null; then
			wait $job
			return 2
		fi
		if test -n "$said"; then
			eval "\"\$gdb\" -batch -nx -ex 'set pagination off' $said" \
				"-ex 'hbreak kernel_main' -ex continue" \
				"-ex 'p/x \$pc' -ex 'p/x *(unsigned long *)\$rdi'" \
				"-ex $last" >"$tmp/gdb" 2>&1
			grep -e 'Connection refused' "$tmp/gdb" >/dev/null ||
				break
		fi
		if ! kill -0 $job 2>/dev/null; then
			wait $job
			status=$? job=
			break
		fi
		i=$((i + 1))
		if test $i -ge 300; then
			kill $job
			echo "FAIL: GDB never attached"
			cat "$tmp/err" "$tmp/gdb"
			return 1
		fi
		sleep 0.2
	done
	if test -n "$job"; then
		wait $job
		status=$?
	fi
	cat "$tmp/err" "$tmp/gdb"
	fail=0
	grep -F -x -e "ckboot-run: the machine waits for GDB: $hint" \
		"$tmp/err" >/dev/null ||
		{ echo "FAIL: not the line: ckboot-run: ... $hint"; fail=1; }
	grep -e '^Breakpoint 1, 0x[0-9a-f]* in kernel_main' "$tmp/gdb" \
		>/dev/null ||
		{ echo "FAIL: GDB did not stop at kernel_main"; fail=1; }
	entry=`sed -n 's/^Hardware assisted breakpoint 1 at \(0x[0-9a-f]*\)$/\1/p' \
		"$tmp/gdb"`
	grep -e "^\\\$1 = $entry\$" "$tmp/gdb" >/dev/null && test -n "$entry" ||
		{ echo "FAIL: \$pc is not the breakpoint's address ($entry)"; fail=1; }
	grep -e '^\$2 = 0x4f464e49544f4f42$' "$tmp/gdb" >/dev/null ||
		{ echo "FAIL: RDI does not point at the boot info magic"; fail=1; }
	if test $mode = kill; then
		grep -e "QEMU ended without a verdict: GDB's kill" "$tmp/err" \
			>/dev/null ||
			{ echo "FAIL: no message for GDB's kill"; fail=1; }
		test $status -eq 1 ||
			{ echo "FAIL: exit status $status after kill, expected 1"
			  fail=1; }
		return $fail
	fi
	grep -e 'hello: done' "$tmp/out" >/dev/null ||
		{ echo "FAIL: the kernel did not run to its end"; fail=1; }
	test $status -eq 0 ||
		{ echo "FAIL: ckboot-run exit status $status, expected 0"; fail=1; }
	return $fail
}

# attach_somewhere KERNEL SYMBOLS: attach on a free port.
attach_somewhere () {
	base=$((20000 + $$ % 20000))
	for try in 0 1 2 3 4; do
		attach $((base + try * 97)) "$@"
		rc=$?
		test $rc -eq 2 || return $rc
		echo "port $((base + try * 97)) in use; trying another"
	done
	return 1
}

attach_somewhere "$elf" "$elf" || exit 1
attach_somewhere "$elf" "$elf" kill || exit 1
# A name with a space, which the shell and GDB must both be given quoted.
mkdir "$tmp/a dir" || exit 99
pie="$tmp/a dir/pie.elf"
build_pie "$pie" || { echo "FAIL: cannot build hello.c as a PIE"; exit 1; }
attach_somewhere "$pie" \
	"-ex 'symbol-file -o 0xffffffff80000000 \"$pie\"'" || exit 1

# Usage errors.
for port in 0 08 65536 x ''; do
	"$run" $stage --kernel="$elf" --gdb=$port >"$tmp/out" 2>"$tmp/err"
	status=$?
	test $status -eq 2 &&
		grep -e "invalid GDB port '$port'" "$tmp/err" >/dev/null ||
		{ echo "FAIL: --gdb=$port: status $status"; cat "$tmp/err"; exit 1; }
done
echo "ok: ckboot-run --gdb"
exit 0
