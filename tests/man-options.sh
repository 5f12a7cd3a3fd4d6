#!/bin/sh
# man-options.sh -- every option that a program's --help prints is
# described in its manual page.
#
# The pages are made from --help by help2man, but a page shipped in the
# tarball or left over from an older build can still lag behind the
# program; this catches that.  Options are compared by their long names
# (--kernel-stack-size), after undoing groff's escapes (\-, \fB...\fR).

: "${top_builddir:=..}"
: "${top_srcdir:=..}"

fail=0

# page_text FILE -- the page's source with the troff escapes that can sit
# inside an option name removed.
page_text () {
	sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g' -e 's/\\f(..//g' \
	    -e 's/\\(hy/-/g' -e 's/\\&//g' "$1"
}

# check PROGRAM PAGE
check () {
	prog=$top_builddir/util/$1
	page=$top_builddir/man/$2
	test -f "$page" || page=$top_srcdir/man/$2
	if test ! -x "$prog"; then
		echo "man-options: $prog has not been built" >&2
		exit 99
	fi
	if test ! -f "$page"; then
		echo "man-options: $2 has not been made" >&2
		exit 99
	fi
	options=`"$prog" --help | grep -o -e '--[[:alnum:]][[:alnum:]-]*' |
		sort -u`
	if test -z "$options"; then
		echo "man-options: $1 --help printed no options" >&2
		exit 99
	fi
	text=`page_text "$page"`
	for opt in $options; do
		if printf '%s\n' "$text" | grep -e "$opt\([^[:alnum:]-]\|$\)" >/dev/null; then
			:
		else
			echo "FAIL: $1: $opt is in --help but not in $page"
			fail=1
		fi
	done
	echo "$1: `echo $options | wc -w` options checked against $page"
}

check ckboot-install ckboot-install.8
check ckboot-run ckboot-run.1
exit $fail
