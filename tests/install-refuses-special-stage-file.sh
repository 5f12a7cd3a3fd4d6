#!/bin/sh
# A stage file that is not a regular file -- a FIFO, which a blocking
# open would wait on for ever, or a directory -- is refused at once in
# one line naming it; the target stays unchanged, a new one is not made.

. "${srcdir:-.}/install-common.sh"
need mkfifo
need timeout
make_kernel "$tmp/k.elf" 100
mbr_image "$tmp/disk.img" 8 'label: dos
start=2048, type=83'
fill_random "$tmp/disk.img" 2048 8192

# refused DIR FILE: with DIR as the stage directory, FILE is refused.
refused ()
{
	before=$(sha256sum <"$tmp/disk.img")
	for target in "$tmp/disk.img" "$tmp/new.img"; do
		timeout 60 "$CKBOOT_INSTALL" --directory="$1" \
			--kernel="$tmp/k.elf" "$target" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		cat "$tmp/out" "$tmp/err"
		test $rc != 124 || fail "$1/$2: still waiting after 60 s"
		test $rc = 1 || fail "$1/$2: exit status $rc, expected 1"
		test "$(cat "$tmp/err")" = \
			"ckboot-install: $1/$2: not a regular file" ||
			fail "$1/$2: not the one-line refusal"
	done
	test "$(sha256sum <"$tmp/disk.img")" = "$before" ||
		fail "$1/$2: the target changed"
	test ! -e "$tmp/new.img" || fail "$1/$2: a new image was made"
}

mkdir "$tmp/fifo-mbr" "$tmp/fifo-loader" "$tmp/dir-loader" || hard mkdir
cp "$CKBOOT_STAGE_DIR/loader.bin" "$tmp/fifo-mbr/" || hard cp
mkfifo "$tmp/fifo-mbr/mbr.bin" || hard mkfifo
refused "$tmp/fifo-mbr" mbr.bin

cp "$CKBOOT_STAGE_DIR/mbr.bin" "$tmp/fifo-loader/" || hard cp
mkfifo "$tmp/fifo-loader/loader.bin" || hard mkfifo
refused "$tmp/fifo-loader" loader.bin

cp "$CKBOOT_STAGE_DIR/mbr.bin" "$tmp/dir-loader/" || hard cp
mkdir "$tmp/dir-loader/loader.bin" || hard mkdir
refused "$tmp/dir-loader" loader.bin
exit 0
