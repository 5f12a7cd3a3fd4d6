#!/bin/sh
# SIGTERM, SIGINT or SIGHUP in the middle of an install leaves the target
# as it was or fully installed, never half.  Until the boot sector is
# written the install backs out (a new image is removed, a --backup file
# made for it too); after, it completes.  Either way it says so on one
# line, no undo file is left in TMPDIR, and the signal then ends
# ckboot-install as it would have.  The faultwrite.so shim raises the
# signal after each write of the install in turn, and once the process is
# stopped mid-kernel while a real kill(1) arrives.  A --restore
# interrupted likewise completes.  A reader that goes away (-v 2>&1 |
# head -c1: SIGPIPE) never stops the install halfway either: it
# completes, then dies of the SIGPIPE.

. "${srcdir:-.}/install-common.sh"

fault_shim
TMPDIR=$tmp/tmpdir
export TMPDIR
mkdir "$TMPDIR" || hard mkdir

# no_strays WHEN: nothing left in TMPDIR (an undo file).
no_strays ()
{
	test -z "$(ls -A "$TMPDIR")" ||
		fail "$1: left in TMPDIR: $(ls -A "$TMPDIR")"
}

signum ()
{
	case $1 in
	HUP) echo 1 ;; INT) echo 2 ;; PIPE) echo 13 ;; TERM) echo 15 ;;
	esac
}

# The signals to raise: SIGINT only if this shell was not started with
# it ignored (as a background job is), since the shell cannot undo that.
sigs="TERM HUP"
ign=$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status 2>/dev/null)
test -n "$ign" && test $((0x${ign#????????} & 2)) = 0 && sigs="$sigs INT"

make_kernel "$tmp/k.elf" 2500
gap_image "$tmp/orig.img" 2000
# What an install that nobody stops makes.
cp "$tmp/orig.img" "$tmp/ref.img"
ckinstall --force --kernel="$tmp/k.elf" "$tmp/ref.img" || fail "install failed"
ckinstall --kernel="$tmp/k.elf" "$tmp/ref-new.img" || fail "install failed"
no_strays "an install"

# signalled N SIG TARGET OPTION...: install with SIG raised after the
# Nth write to TARGET; sets rc.
signalled ()
{
	n=$1 s=$2 f=$3
	shift 3
	FAULT_PATH=$f FAULT_NTH=$n FAULT_SIGNAL=$s LD_PRELOAD=$shim \
		ckinstall "$@" --kernel="$tmp/k.elf" "$f"
	rc=$?
}

n=1 backed=0 finished=0
while :; do
	for sig in $sigs; do
		want=$((128 + $(signum $sig)))
		cp "$tmp/orig.img" "$tmp/disk.img"
		rm -f "$tmp/undo"
		signalled $n $sig "$tmp/disk.img" --force --backup="$tmp/undo"
		test $rc = 0 && break 2 # past the last write: no signal
		at="write $n, SIG$sig"
		test $rc = $want || fail "$at: exit status $rc, expected $want"
		cmp -s "$tmp/disk.img" "$tmp/orig.img" ||
			cmp -s "$tmp/disk.img" "$tmp/ref.img" ||
			fail "$at: the target is neither as it was nor installed"
		# One line of ours (the shell may add "Terminated"), after
		# the notes of what --force overrides.
		test "$(grep 'ckboot-install: ' "$tmp/err" |
			grep -vc '^ckboot-install: note: ')" = 1 ||
			fail "$at: not one line"
		if cmp -s "$tmp/disk.img" "$tmp/orig.img"; then
			backed=$((backed + 1))
			grep -q "disk.img: interrupted by SIG$sig; the previous contents were restored" \
				"$tmp/err" || fail "$at: no word of the rollback"
			test ! -e "$tmp/undo" ||
				fail "$at: the backup of a backed-out install is left"
		else
			finished=$((finished + 1))
			grep -q "disk.img: SIG$sig came after the boot sector was written; the install is complete" \
				"$tmp/err" || fail "$at: no word of the end"
			test -s "$tmp/undo" || fail "$at: the backup is gone"
		fi
		no_strays "$at"

		rm -f "$tmp/new.img"
		signalled $n $sig "$tmp/new.img"
		test $rc = $want || fail "$at, new image: exit status $rc"
		if test -e "$tmp/new.img"; then
			cmp -s "$tmp/new.img" "$tmp/ref-new.img" ||
				fail "$at: half-made image left"
		else
			grep -q "new.img: interrupted by SIG$sig; removed the unfinished image" \
				"$tmp/err" || fail "$at: no word of the removal"
		fi
		no_strays "$at, new image"
	done
	n=$((n + 1))
	test $n -lt 50 || fail "the install never succeeds"
done
test $backed -ge 4 && test $finished -ge 1 ||
	fail "$backed installs backed out, $finished finished: was the shim active?"

# A --restore stopped at any of its writes completes.
cp "$tmp/orig.img" "$tmp/disk.img"
rm -f "$tmp/undo"
ckinstall --force --backup="$tmp/undo" --kernel="$tmp/k.elf" "$tmp/disk.img" ||
	fail "install failed"
cp "$tmp/disk.img" "$tmp/installed.img"
n=1
while :; do
	cp "$tmp/installed.img" "$tmp/disk.img"
	FAULT_PATH=$tmp/disk.img FAULT_NTH=$n FAULT_SIGNAL=TERM LD_PRELOAD=$shim \
		ckinstall --restore="$tmp/undo" "$tmp/disk.img"
	rc=$?
	test $rc = 0 && break
	test $rc = 143 || fail "restore, write $n: exit status $rc"
	cmp -s "$tmp/disk.img" "$tmp/orig.img" ||
		fail "restore, write $n: stopped halfway"
	n=$((n + 1))
	test $n -lt 20 || fail "the restore never succeeds"
done
test $n -ge 2 || fail "no restore was signalled: was the shim active?"

# A real kill(1): the shim stops the process in the middle of the
# kernel, SIGTERM comes from here, then SIGCONT.
big=$abs_top_builddir/tests/kernels/big.elf
test -r "$big" || { make_kernel "$tmp/big.elf" 6000; big=$tmp/big.elf; }
rm -f "$tmp/big.img"
(exec env FAULT_PATH="$tmp/big.img" FAULT_NTH=4 FAULT_SIGNAL=STOP \
	LD_PRELOAD="$shim" "$CKBOOT_INSTALL" --directory="$CKBOOT_STAGE_DIR" \
	--kernel="$big" "$tmp/big.img" >"$tmp/out" 2>"$tmp/err") &
pid=$!
wait_stopped $pid
kill -TERM $pid
kill -CONT $pid
wait $pid
rc=$?
cat "$tmp/err"
test $rc = 143 || fail "kill: exit status $rc, expected 143"
test ! -e "$tmp/big.img" || fail "kill: the image is left"
grep -q "big.img: interrupted by SIGTERM; removed the unfinished image" \
	"$tmp/err" || fail "kill: no word of the removal"
no_strays "kill"

# Under nohup a SIGHUP is ignored, and so must not stop the install,
# although a blocked signal stays pending even when ignored.
cp "$tmp/orig.img" "$tmp/disk.img"
(trap '' HUP
 FAULT_PATH=$tmp/disk.img FAULT_NTH=1 FAULT_SIGNAL=HUP LD_PRELOAD=$shim \
	ckinstall --force --kernel="$tmp/k.elf" "$tmp/disk.img")
rc=$?
test $rc = 0 || fail "ignored SIGHUP: exit status $rc, expected 0"
cmp -s "$tmp/disk.img" "$tmp/ref.img" ||
	fail "ignored SIGHUP: the install did not complete"
no_strays "ignored SIGHUP"

# SIGPIPE: stderr is a pipe that nobody reads any more (a FIFO whose
# reader has closed), so the first progress line raises it while the
# image is being made.  The install completes, then the SIGPIPE ends it.
mkfifo "$tmp/fifo" || hard mkfifo
exec 3<>"$tmp/fifo"
exec 4>"$tmp/fifo"
exec 3<&-
rm -f "$tmp/new.img"
"$CKBOOT_INSTALL" --directory="$CKBOOT_STAGE_DIR" -v --kernel="$tmp/k.elf" \
	"$tmp/new.img" >"$tmp/out" 2>&4
rc=$?
exec 4>&-
test $rc = 141 || fail "SIGPIPE: exit status $rc, expected 141"
cmp -s "$tmp/new.img" "$tmp/ref-new.img" ||
	fail "SIGPIPE: the image is not fully installed"
no_strays "SIGPIPE"

# The same through head(1): where the SIGPIPE comes is up to the
# scheduler, but the image is complete or absent, and nothing is left.
for i in 1 2 3; do
	rm -f "$tmp/new.img"
	"$CKBOOT_INSTALL" --directory="$CKBOOT_STAGE_DIR" -v \
		--kernel="$tmp/k.elf" "$tmp/new.img" 2>&1 | head -c1 >/dev/null
	test ! -e "$tmp/new.img" || cmp -s "$tmp/new.img" "$tmp/ref-new.img" ||
		fail "head -c1: half-made image left"
	no_strays "head -c1"
done
exit 0
