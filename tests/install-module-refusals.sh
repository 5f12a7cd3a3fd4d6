#!/bin/sh
# What ckboot-install refuses of --module, each time with one line
# naming the file (or the option) and the target byte-for-byte as it
# was (a new image not made): a missing file, a directory, a FIFO (at
# once: timeout(1) gives it 20 seconds), a file of 4 GiB, 33 modules, a
# string of 104 bytes, given or a file's name, and modules that do not
# fit in the gap of an MBR disk.  32 modules and a string of 103 bytes
# are taken.  --module-string with no --module before it, twice for one
# --module, and --module with --verify or --restore are usage errors.

. "${srcdir:-.}/install-common.sh"
need "$SFDISK"
need timeout

make_kernel "$tmp/k.elf" 100
img=$tmp/disk.img
mbr_image "$img" 8 'label: dos
start=2048, type=83, bootable'
fill_random "$img" 2048 14336
printf 'module' >"$tmp/m.bin"

# refused MESSAGE ARG...: ckboot-install --kernel ARG... TARGET exits 1
# with "ckboot-install: MESSAGE" as its one line, for the MBR disk and
# for a new image; neither changes.
refused ()
{
	want=$1
	shift
	for t in "$img" "$tmp/new.img"; do
		if test -e "$t"; then b=$(sha256sum <"$t"); else b=none; fi
		timeout -k 5 20 "$CKBOOT_INSTALL" --directory="$CKBOOT_STAGE_DIR" \
			--kernel="$tmp/k.elf" "$@" "$t" >"$tmp/out" 2>"$tmp/err"
		rc=$?
		cat "$tmp/out" "$tmp/err"
		test $rc = 1 || fail "$want: exit status $rc on $t, expected 1"
		test "$(cat "$tmp/err")" = "ckboot-install: $want" ||
			fail "$t: not the one line '$want'"
		if test -e "$t"; then a=$(sha256sum <"$t"); else a=none; fi
		test "$a" = "$b" || fail "$want: $t changed"
	done
}

# usage MESSAGE ARG...: ckboot-install ARG... exits 2 with MESSAGE and
# the line that points to --help; the disk stays as it was.
usage ()
{
	want=$1
	shift
	b=$(sha256sum <"$img")
	"$CKBOOT_INSTALL" --directory="$CKBOOT_STAGE_DIR" "$@" \
		>"$tmp/out" 2>"$tmp/err"
	rc=$?
	cat "$tmp/out" "$tmp/err"
	test $rc = 2 || fail "$*: exit status $rc, expected 2"
	test "$(sed -n 1p "$tmp/err")" = "ckboot-install: $want" &&
		test "$(sed -n 2p "$tmp/err")" = \
			"Try 'ckboot-install --help' for more information." &&
		test "$(wc -l <"$tmp/err")" = 2 ||
		fail "$*: not the usage error '$want'"
	test "$(sha256sum <"$img")" = "$b" || fail "$*: the disk changed"
}

refused "$tmp/none.bin: cannot open module: No such file or directory" \
	--module="$tmp/m.bin" --module="$tmp/none.bin"
mkdir "$tmp/dir" || hard mkdir
refused "$tmp/dir: is a directory, not a module" --module="$tmp/dir"
mkfifo "$tmp/fifo" || hard mkfifo
refused "$tmp/fifo: not a regular file" --module="$tmp/fifo"
truncate -s 4G "$tmp/huge.bin" || hard truncate
refused "$tmp/huge.bin: 4294967296 bytes; a module must be smaller than 4 GiB: the loader reads modules below 4 GiB" \
	--module="$tmp/huge.bin"

# 32 modules, then 33.
set --
for i in $(seq 1 33); do
	printf '%s' "$i" >"$tmp/m$i.bin"
	test $i = 33 || set -- "$@" --module="$tmp/m$i.bin"
done
ckinstall --dry-run --kernel="$tmp/k.elf" "$@" "$img" >/dev/null ||
	fail "32 modules refused"
grep -q "^module table: .*, 32 entries$" "$tmp/out" || fail "no table of 32"
refused "$tmp/m33.bin: module 33 of 33, more than the 32 the loader takes" \
	"$@" --module="$tmp/m33.bin"
# Counted before any is opened and read: a missing one among too many
# is not what is reported.
refused "$tmp/m33.bin: module 33 of 34, more than the 32 the loader takes" \
	"$@" --module="$tmp/m33.bin" --module="$tmp/none.bin"

# Strings: 103 bytes are taken, 104 not; a file's name the same.
s103=$(printf '%0103d' 0)
ckinstall --dry-run --kernel="$tmp/k.elf" --module="$tmp/m.bin" \
	--module-string="$s103" "$img" >/dev/null || fail "103 bytes refused"
grep -q "; string: $s103\$" "$tmp/out" || fail "the string of 103 bytes not listed"
refused "$tmp/m.bin: --module-string of 104 bytes, more than the 103 the loader takes for a module" \
	--module="$tmp/m.bin" --module-string="${s103}1"
long=$tmp/${s103}1
cp "$tmp/m.bin" "$long" || hard cp
refused "$long: a name of 104 bytes, more than the 103 the loader takes for a module's string; give a shorter --module-string" \
	--module="$long"
ckinstall --dry-run --kernel="$tmp/k.elf" --module="$long" \
	--module-string=short "$img" >/dev/null ||
	fail "a long name with a short --module-string refused"

# More than the gap holds: the message counts the modules.
head -c 2000000 /dev/urandom >"$tmp/big.bin" || hard head
expect_refusal "$img" \
	'disk\.img: ckboot needs 2\.[0-9] MiB \(loader, kernel and modules\), the gap before the first partition has 1023\.5 KiB$' \
	--kernel="$tmp/k.elf" --module="$tmp/m.bin" --module="$tmp/big.bin" "$img"
test "$(wc -l <"$tmp/err")" = 1 || fail "gap: not one line"
expect_refusal "$img" \
	'needs 2\.[0-9] MiB \(loader, command line, kernel and modules\), ' \
	--cmdline=quiet --kernel="$tmp/k.elf" --module="$tmp/big.bin" "$img"

# Usage errors.
usage "--module-string='x' comes before any --module" \
	--kernel="$tmp/k.elf" --module-string=x "$img"
usage "--module-string='x' comes before any --module" \
	--kernel="$tmp/k.elf" --module-string=x --module="$tmp/m.bin" "$img"
usage "a second --module-string for --module='$tmp/m.bin'" \
	--kernel="$tmp/k.elf" --module="$tmp/m.bin" --module-string=x \
	--module-string=y "$img"
usage "--verify checks an install: it takes no kernel, manifest, settings, --cmdline, --module, --backup, --restore, --activate, --image-size, --force or --dry-run" \
	--verify --module="$tmp/m.bin" "$img"
usage "--restore undoes an install: it takes no kernel, manifest, settings, --cmdline, --module, --backup, --activate, --image-size or --dry-run" \
	--restore="$tmp/undo" --module="$tmp/m.bin" "$img"
exit 0
