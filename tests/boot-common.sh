# boot-common.sh -- sourced by tests/boot-*.sh: where things are, a scratch
# directory, and the two steps of every boot test.
#
#   install_kernel KERNEL IMAGE [ckboot-install OPTION]...
#   boot IMAGE [qemu-boot OPTION]...        (exits with the verdict)
#
# The Automake harness exports srcdir, top_builddir, CKBOOT_STAGE_DIR and
# QEMU (tests/Makefile.am); by hand, run from tests/ of the build tree:
#   srcdir=../../tests top_builddir=.. sh ../../tests/boot-handoff-ide.sh
#
# Copyright (C) 2026 the ckboot developers.  GPLv3+.

: "${srcdir:=.}"
: "${top_builddir:=..}"
: "${CKBOOT_STAGE_DIR:=$top_builddir/stage}"
: "${QEMU:=qemu-system-x86_64}"
export QEMU

test_name=$(basename "$0" .sh)
kernels=$top_builddir/tests/kernels
manifests=$srcdir/boot-manifests
ckboot_install=$top_builddir/util/ckboot-install
qemu_boot=$srcdir/qemu-boot

# Skip (77) only when QEMU itself is missing; a missing kernel or
# ckboot-install is a broken build, an ERROR (99).
if ! command -v "$QEMU" >/dev/null 2>&1; then
	echo "$test_name: $QEMU not found: skipped"
	exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 99' HUP INT TERM

install_kernel ()
{
	kernel_name=$1
	kernel=$kernels/$1
	image=$2
	shift 2
	test -f "$kernel" || { echo "$test_name: $kernel not built"; exit 99; }
	test -x "$ckboot_install" ||
		{ echo "$test_name: $ckboot_install not built"; exit 99; }
	echo "+ ckboot-install --kernel=$kernel_name $* $(basename "$image")"
	if ! "$ckboot_install" --directory="$CKBOOT_STAGE_DIR" \
		--kernel="$kernel" "$image" "$@"; then
		echo "$test_name: FAIL: ckboot-install refused or failed"
		exit 1
	fi
}

boot ()
{
	image=$1
	shift
	echo "+ qemu-boot $* $(basename "$image")"
	sh "$qemu_boot" "$@" "$image"
	status=$?
	case $status in
	0|1|77|99) exit $status ;;
	*) exit 99 ;;
	esac
}

# boot_keep IMAGE LOG [qemu-boot OPTION]... -- boot, keep the serial log,
# return the verdict instead of exiting.
boot_keep ()
{
	image=$1
	log=$2
	shift 2
	echo "+ qemu-boot $* $(basename "$image")"
	sh "$qemu_boot" --serial="$log" "$@" "$image"
}
