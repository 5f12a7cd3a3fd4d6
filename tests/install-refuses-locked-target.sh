#!/bin/sh
# ckboot-install holds its target under an exclusive flock() from the
# probe to the end, the lock sfdisk --lock and systemd-repart take and
# udev respects.  While another program holds it, the install waits up
# to 5 seconds, then is refused with exit status 1 and the image
# unchanged; a lock let go within that time is waited for.  Stopped in
# the middle of its writes, ckboot-install itself holds the lock.  On a
# file system without locks (flock() fails with ENOLCK: the faultwrite.so
# shim) the install goes on without one; where an exclusive lock needs
# a descriptor open for writing (NFSv4; the shim again), it gets one.
# --verify takes a shared lock: refused as well while another program
# holds the exclusive one, not kept out by another reader's.

. "${srcdir:-.}/install-common.sh"
need flock

make_kernel "$tmp/k.elf" 100
gap_image "$tmp/disk.img" 2000

# hold FILE SECONDS: lock FILE in the background for that long, with
# flock(1) running sleep, whose PID goes to $sleeper (killing it ends
# flock and the lock); the lock is held when hold returns.
hold ()
{
	rm -f "$tmp/held"
	flock "$1" sh -c "echo \$\$ >'$tmp/held.new' &&
		mv '$tmp/held.new' '$tmp/held' && exec sleep $2" &
	holder=$!
	wait_file "$tmp/held"
	sleeper=$(cat "$tmp/held")
	cleanup="kill $sleeper 2>/dev/null;"
}

hold "$tmp/disk.img" 30
expect_refusal "$tmp/disk.img" "disk.img: locked by another program" \
	--kernel="$tmp/k.elf" "$tmp/disk.img"
test "$(wc -l <"$tmp/err")" = 1 || fail "the refusal is not one line"
# --verify does not read while the lock is held either.
"$CKBOOT_INSTALL" --verify "$tmp/disk.img" >"$tmp/out" 2>"$tmp/err"
test $? = 1 && grep -q "disk.img: locked by another program" "$tmp/err" ||
	fail "--verify read a locked target: $(cat "$tmp/err")"
kill $sleeper
wait $holder 2>/dev/null

# Let go after a second: the install waits, then goes on.
hold "$tmp/disk.img" 1
ckinstall --kernel="$tmp/k.elf" "$tmp/disk.img" ||
	fail "the install did not wait for a lock held for a second"
wait $holder 2>/dev/null
# A reader's shared lock does not keep --verify out.
flock -s "$tmp/disk.img" "$CKBOOT_INSTALL" --verify "$tmp/disk.img" \
	>"$tmp/out" 2>&1 || fail "--verify under a shared lock: $(cat "$tmp/out")"

# Stopped after its first write, ckboot-install holds the lock.
fault_shim
cp "$tmp/disk.img" "$tmp/again.img"
FAULT_PATH=$tmp/again.img FAULT_NTH=1 FAULT_SIGNAL=STOP LD_PRELOAD=$shim \
	"$CKBOOT_INSTALL" --directory="$CKBOOT_STAGE_DIR" \
	--kernel="$tmp/k.elf" "$tmp/again.img" >"$tmp/out" 2>&1 &
pid=$!
cleanup="kill -9 $pid 2>/dev/null;"
wait_stopped $pid
if flock -n "$tmp/again.img" true; then
	kill -9 $pid
	fail "another program got the lock in the middle of the install"
fi
kill -CONT $pid
wait $pid || fail "the install failed after it was continued"
flock -n "$tmp/again.img" true || fail "the lock outlived ckboot-install"

# Without locks, a lock held all the same (flock(1) is not under the
# shim) neither delays nor stops the install: only the way without a
# lock gets past it.
gap_image "$tmp/nolocks.img" 2000
hold "$tmp/nolocks.img" 30
start=$(date +%s)
FAULT_NO_LOCKS=$tmp/nolocks.img LD_PRELOAD=$shim \
	ckinstall --kernel="$tmp/k.elf" "$tmp/nolocks.img" ||
	fail "the install failed where flock() has no locks"
test $(($(date +%s) - start)) -lt 4 ||
	fail "the install without locks waited for the lock"
test "$(dd if="$tmp/nolocks.img" bs=1 skip=$((0x5a)) count=4 2>/dev/null)" = \
	KCB1 || fail "no ckboot boot sector after the install without a lock"
kill $sleeper
wait $holder 2>/dev/null

gap_image "$tmp/nfs4.img" 2000
FAULT_LOCK_NEEDS_WRITE=$tmp/nfs4.img LD_PRELOAD=$shim \
	ckinstall --kernel="$tmp/k.elf" "$tmp/nfs4.img" ||
	fail "no install where a lock needs a descriptor open for writing"
exit 0
