#!/bin/sh
# A FIFO given as --kernel, --manifest or --restore is refused at once,
# on one line naming it, and the target is left as it was (a new image
# is not made): ckboot-install used to wait in open() for a writer that
# never came.  timeout(1) gives each run 20 seconds; its exit status 124
# is a failure.

. "${srcdir:-.}/install-common.sh"

need timeout
mkfifo "$tmp/fifo" || hard mkfifo
make_kernel "$tmp/k.elf" 100
mbr_image "$tmp/disk.img" 8 'start=2048, type=83, bootable'

# fifo_refused WHAT TARGET ARG...: ckboot-install ARG... TARGET exits 1
# in time with "FIFO: not a regular file" alone, TARGET unchanged.
fifo_refused ()
{
	what=$1 f=$2
	shift 2
	if test -e "$f"; then before=$(sha256sum <"$f"); else before=none; fi
	timeout -k 5 20 "$CKBOOT_INSTALL" --directory="$CKBOOT_STAGE_DIR" \
		"$@" "$f" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	cat "$tmp/out" "$tmp/err"
	test $rc != 124 && test $rc != 137 ||
		fail "$what: still waiting on the FIFO after 20 seconds"
	test $rc = 1 || fail "$what: exit status $rc, expected 1"
	test "$(wc -l <"$tmp/err")" = 1 || fail "$what: not one line"
	grep -Fqx "ckboot-install: $tmp/fifo: not a regular file" "$tmp/err" ||
		fail "$what: not the message expected"
	if test -e "$f"; then after=$(sha256sum <"$f"); else after=none; fi
	test "$before" = "$after" || fail "$what: $f changed although refused"
}

fifo_refused --kernel "$tmp/disk.img" --kernel="$tmp/fifo"
fifo_refused "--kernel, new image" "$tmp/new.img" --kernel="$tmp/fifo"
fifo_refused --manifest "$tmp/disk.img" --kernel="$tmp/k.elf" \
	--manifest="$tmp/fifo"
fifo_refused "--manifest, --dry-run" "$tmp/disk.img" --dry-run \
	--kernel="$tmp/k.elf" --manifest="$tmp/fifo"
fifo_refused --restore "$tmp/disk.img" --restore="$tmp/fifo"
exit 0
