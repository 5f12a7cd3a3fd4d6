#!/bin/bash
# --cmdline: --dry-run shows where the line goes and what it says (a
# control character escaped); a line the loader cannot take is refused
# in one line, the target untouched; --restore takes none.
. "${srcdir:-.}/config-lib.sh"

make_kernel "$tmp/k.elf"
ckinstall --dry-run --kernel="$tmp/k.elf" --cmdline='quiet root=/dev/sda1' \
	"$tmp/new.img" || fail "refused: $(cat "$tmp/err")"
expect_line '^command line: +LBA ([0-9]+)-\1 \(1 sector\), 20 bytes: quiet root=/dev/sda1$'
expect_line '^boot sector: .*: the loader, the command line and the kernel\)$'
ckinstall --dry-run --kernel="$tmp/k.elf" --cmdline="$(head -c 513 /dev/zero | tr '\0' a)" \
	"$tmp/new.img" || fail "refused: $(cat "$tmp/err")"
expect_line '^command line: +LBA [0-9]+-[0-9]+ \(2 sectors\), 513 bytes: a+$'
# A newline or a tab in the line stays on the plan's one line, and a
# backslash is doubled so that the two cannot be confused.
ckinstall --dry-run --kernel="$tmp/k.elf" --cmdline="$(printf 'a\tb\nc\\d')" \
	"$tmp/new.img" || fail "refused: $(cat "$tmp/err")"
expect_line '^command line: +LBA [0-9]+-[0-9]+ \(1 sector\), 7 bytes: a\\011b\\012c\\\\d$'
ckinstall --dry-run --kernel="$tmp/k.elf" --cmdline= "$tmp/new.img" ||
	fail "refused: $(cat "$tmp/err")"
grep -q '^command line:' "$tmp/out" && fail "an empty line got sectors"
test -e "$tmp/new.img" && fail "--dry-run created the image"

refused "--cmdline: 4096 bytes, more than the 4095 the loader takes" \
	--kernel="$tmp/k.elf" --cmdline="$(head -c 4096 /dev/zero | tr '\0' a)"
"$CKBOOT_INSTALL" --restore="$tmp/undo" --cmdline=quiet "$tmp/disk.img" \
	>"$tmp/out" 2>"$tmp/err"
test $? -eq 2 || fail "--restore with --cmdline: not a usage error"
grep -q -- '--cmdline' "$tmp/err" || fail "the usage error does not say --cmdline"
exit 0
