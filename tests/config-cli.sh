#!/bin/bash
# GNU conventions of ckboot-install (issue 6): --help lists every option
# with its argument and default, the exit statuses and the bug address;
# --version; usage errors exit with status 2 and point to --help.
. "${srcdir:-.}/config-lib.sh"

"$CKBOOT_INSTALL" --help >"$tmp/help" 2>"$tmp/err" || fail "--help failed"
test ! -s "$tmp/err" || fail "--help wrote to stderr"
for opt in -k, --kernel=FILE -m, --manifest=FILE \
	--kernel-stack-address=ADDR --kernel-stack-size=PAGES \
	--physical-memory-offset=ADDR --boot-info-address=ADDR \
	--recursive-index=N --map-physical-memory --recursive-page-table \
	--vga-320x200 -d, --directory=DIR -s, --image-size=SIZE -f, --force \
	--activate=N --backup=FILE --restore=FILE -n, --dry-run -v, --verbose \
	--help --version 'Usage: ckboot-install [OPTION]... --kernel=FILE TARGET' \
	'or:  ckboot-install --restore=FILE TARGET' 'Exit status:' \
	'(default: 512)' 'Report bugs to: ' 'home page: <'; do
	grep -F -q -e "$opt" "$tmp/help" || fail "--help does not mention $opt"
done
awk 'length > 79 { exit 1 }' "$tmp/help" || fail "--help has lines over 79 columns"

"$CKBOOT_INSTALL" --version >"$tmp/version" || fail "--version failed"
head -n 1 "$tmp/version" | grep -E -q '^ckboot-install \(ckboot\) [0-9]+\.[0-9]+' ||
	fail "bad --version line: $(head -n 1 "$tmp/version")"
grep -q '^Copyright (C) ' "$tmp/version" || fail "--version has no copyright"
grep -q '^License GPLv3+' "$tmp/version" || fail "--version has no licence"

make_kernel "$tmp/k.elf"

# usage ARG...: exit status 2, the reason and the pointer to --help.
usage ()
{
	"$CKBOOT_INSTALL" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	test $rc -eq 2 || fail "exit status $rc, not 2, for $*"
	grep -q "^Try 'ckboot-install --help' for more information.\$" \
		"$tmp/err" || fail "no 'Try ... --help' for $*: $(cat "$tmp/err")"
	test ! -s "$tmp/out" || fail "usage error wrote to stdout for $*"
	test ! -e "$tmp/new.img" || fail "usage error created the target"
}
usage
grep -q 'missing TARGET operand' "$tmp/err" || fail "no 'missing TARGET'"
usage --kernel="$tmp/k.elf"
usage "$tmp/new.img"
grep -q 'missing --kernel=FILE' "$tmp/err" || fail "no 'missing --kernel'"
usage --kernel="$tmp/k.elf" "$tmp/new.img" extra
grep -q "extra operand 'extra'" "$tmp/err" || fail "no 'extra operand'"
usage --no-such-option --kernel="$tmp/k.elf" "$tmp/new.img"
usage --kernel "$tmp/new.img" --bogus
usage --kernel="$tmp/k.elf" --activate=5 "$tmp/new.img"
grep -q "invalid partition number '5'" "$tmp/err" || fail "no activate message"
usage --kernel="$tmp/k.elf" --image-size=12Q "$tmp/new.img"
grep -q "invalid image size '12Q'" "$tmp/err" || fail "no image-size message"
usage --restore="$tmp/backup" --kernel="$tmp/k.elf" "$tmp/new.img"
usage --restore="$tmp/backup" --dry-run "$tmp/new.img"
usage --map-physical-memory=yes --kernel="$tmp/k.elf" "$tmp/new.img"

# Short options and the image size suffixes are accepted.
ckinstall -n -k "$tmp/k.elf" -s 8M -d "$CKBOOT_STAGE_DIR" "$tmp/new.img" ||
	fail "short options refused: $(cat "$tmp/err")"
grep -q '8 MiB' "$tmp/out" || fail "--image-size=8M not in the plan"
test ! -e "$tmp/new.img" || fail "-n created the image"

# The stage directory: --directory wins over CKBOOT_STAGE_DIR.
CKBOOT_STAGE_DIR=$tmp/nowhere ckinstall -n -k "$tmp/k.elf" "$tmp/new.img" &&
	fail "a missing stage directory was accepted"
grep -q "$tmp/nowhere" "$tmp/err" || fail "CKBOOT_STAGE_DIR not used: $(cat "$tmp/err")"
CKBOOT_STAGE_DIR=$tmp/nowhere ckinstall -n -k "$tmp/k.elf" \
	--directory="$CKBOOT_STAGE_DIR" "$tmp/new.img" ||
	fail "--directory did not override CKBOOT_STAGE_DIR: $(cat "$tmp/err")"
exit 0
