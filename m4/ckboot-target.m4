# ckboot-target.m4 -- find a compiler that can build the boot-time code.
#
# The loader runs in 16-bit real mode, 32-bit protected mode and 64-bit
# long mode, and the test kernels are freestanding 64-bit code.  A
# compiler is accepted only when it proves here that it can do all of
# that, the way GRUB's configure probes TARGET_CC.

# CKBOOT_TARGET_TRY(CC) -- sets ckboot_target_fail to "" or to the reason.
AC_DEFUN([CKBOOT_TARGET_TRY],
[ckboot_target_fail=
ckb_dir=conftest.target
rm -rf $ckb_dir && mkdir $ckb_dir
cat > $ckb_dir/t.c <<'CKBEOF'
typedef unsigned long long u64;
static volatile u64 v = 0x123456789ULL;
u64 ckb_div(u64 a) { return a / v + a % v; }
void ckb_start(void) { for (;;) __asm__ volatile("hlt"); }
CKBEOF
# The real-mode entry and the mode switches are assembly (stage/*.S):
# .code16, .code32 and .code64 in one object, linked flat: a 32-bit one
# for the boot sector, a 64-bit one with the loader's C.
cat > $ckb_dir/m.S <<'CKBEOF'
	.code16
	.globl	ckb_boot
ckb_boot:
	xorw	%ax, %ax
	movw	%ax, %ds
	ljmp	$[]0, $[]1f
1:	.code32
	movl	$[]0x12345678, %eax
	.code64
	movq	$[]0x123456789, %rax
	hlt
CKBEOF
ckb_flags="$TARGET_CFLAGS"
ckb_try () {
	echo "$[]1" >&AS_MESSAGE_LOG_FD
	eval "$[]1" >&AS_MESSAGE_LOG_FD 2>&1
}
if ! ckb_try "$1 $ckb_flags $TARGET_CFLAGS_16 -c $ckb_dir/t.c -o $ckb_dir/t16.o"; then
	ckboot_target_fail="cannot compile 16-bit code ($TARGET_CFLAGS_16)"
elif ! ckb_try "$1 $TARGET_CFLAGS_32 $TARGET_LDFLAGS -Wl,-m,elf_i386 -Wl,-e,ckb_start -Wl,-Ttext=0x8000 -o $ckb_dir/t16.elf $ckb_dir/t16.o -lgcc"; then
	ckboot_target_fail="cannot link 16-bit code with its libgcc (on Debian: apt-get install gcc-multilib)"
elif ! ckb_try "$1 $ckb_flags $TARGET_CFLAGS_32 -c $ckb_dir/m.S -o $ckb_dir/m.o" ||
     ! ckb_try "$1 $TARGET_CFLAGS_32 $TARGET_LDFLAGS -Wl,-m,elf_i386 -Wl,-e,ckb_boot -Wl,-Ttext=0x7c00 -o $ckb_dir/m.elf $ckb_dir/m.o"; then
	ckboot_target_fail="cannot assemble and link .code16/.code32/.code64 code"
elif ! ckb_try "$TARGET_OBJCOPY -O binary $ckb_dir/m.elf $ckb_dir/m.bin" ||
     ! test -s $ckb_dir/m.bin; then
	ckboot_target_fail="$TARGET_OBJCOPY cannot make a flat binary of 16-bit code"
elif ! ckb_try "$1 $ckb_flags $TARGET_CFLAGS_32 -mno-sse -mno-mmx -mno-80387 -c $ckb_dir/t.c -o $ckb_dir/t32.o"; then
	ckboot_target_fail="cannot compile freestanding 32-bit code ($TARGET_CFLAGS_32)"
elif ! ckb_try "$1 $TARGET_CFLAGS_32 $TARGET_LDFLAGS -Wl,-m,elf_i386 -Wl,-e,ckb_start -Wl,-Ttext=0x8000 -o $ckb_dir/t32.elf $ckb_dir/t32.o -lgcc"; then
	ckboot_target_fail="cannot link 32-bit code with its libgcc (on Debian: apt-get install gcc-multilib)"
elif ! ckb_try "$TARGET_OBJCOPY -O binary $ckb_dir/t32.elf $ckb_dir/t32.bin" ||
     ! test -s $ckb_dir/t32.bin; then
	ckboot_target_fail="$TARGET_OBJCOPY cannot make a flat binary"
elif ! ckb_try "$1 $ckb_flags $TARGET_CFLAGS_64 -mcmodel=kernel -c $ckb_dir/t.c -o $ckb_dir/t64.o"; then
	ckboot_target_fail="cannot compile freestanding 64-bit code ($TARGET_CFLAGS_64)"
elif ! ckb_try "$1 $TARGET_CFLAGS_64 $TARGET_LDFLAGS -Wl,-e,ckb_start -Wl,-Ttext=0xffffffff80000000 -o $ckb_dir/t64.elf $ckb_dir/t64.o"; then
	ckboot_target_fail="cannot link a 64-bit higher-half kernel"
elif ! ckb_try "$1 $ckb_flags $TARGET_CFLAGS_64 -mno-sse -mno-mmx -mno-80387 -c $ckb_dir/t.c -o $ckb_dir/l64.o" ||
     ! ckb_try "$1 $ckb_flags $TARGET_CFLAGS_64 -c $ckb_dir/m.S -o $ckb_dir/m64.o" ||
     ! ckb_try "$1 $TARGET_CFLAGS_64 $TARGET_LDFLAGS -Wl,-m,elf_x86_64 -Wl,-e,ckb_boot -Wl,-Ttext=0x8000 -o $ckb_dir/l64.elf $ckb_dir/m64.o $ckb_dir/l64.o"; then
	ckboot_target_fail="cannot link the loader's 64-bit C with .code16/.code32 code at 0x8000"
elif ! ckb_try "$TARGET_OBJCOPY -I binary -O elf64-x86-64 -B i386:x86-64 $ckb_dir/m.bin $ckb_dir/blob.o" ||
     ! ckb_try "$1 $TARGET_CFLAGS_64 $TARGET_LDFLAGS -Wl,-e,ckb_start -Wl,-Ttext=0xffffffff80000000 -o $ckb_dir/t64b.elf $ckb_dir/t64.o $ckb_dir/blob.o"; then
	ckboot_target_fail="$TARGET_OBJCOPY cannot turn a file into a 64-bit object (-I binary -O elf64-x86-64)"
elif ! ckb_try "$ckb_nm $ckb_dir/t64.o" ||
     ! $ckb_nm $ckb_dir/t64.o 2>/dev/null | grep ckb_div >/dev/null; then
	ckboot_target_fail="$ckb_nm cannot read its objects"
fi
rm -rf $ckb_dir
])

AC_DEFUN([CKBOOT_PROG_TARGET_CC],
[AC_ARG_WITH([target-cc],
  [AS_HELP_STRING([--with-target-cc=CC],
    [compiler for the boot-time code (default: the first that works of x86_64-elf-gcc, i686-elf-gcc, x86_64-linux-gnu-gcc, i686-linux-gnu-gcc, gcc, clang)])],
  [AS_CASE([$withval],
    [no], [AC_MSG_ERROR([ckboot cannot be built without a target compiler: its boot code is part of every install])],
    [yes], [],
    [TARGET_CC=$withval])])
AC_ARG_VAR([TARGET_CC], [compiler for the boot-time code (stage/, test kernels)])
AC_ARG_VAR([TARGET_CFLAGS], [extra flags for TARGET_CC])
AC_ARG_VAR([TARGET_LDFLAGS], [extra link flags for TARGET_CC])
AC_ARG_VAR([TARGET_OBJCOPY], [objcopy that understands TARGET_CC's objects])
AC_ARG_VAR([TARGET_NM], [nm that understands TARGET_CC's objects])

ckb_user_cflags=$TARGET_CFLAGS
ckb_user_ldflags=$TARGET_LDFLAGS
# What the user gave; each candidate below starts from these again, so
# that one candidate's tools do not stick to the next.
ckb_user_objcopy=$TARGET_OBJCOPY
ckb_user_nm=$TARGET_NM
ckb_base_cflags="-ffreestanding -fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables -mno-red-zone -fno-builtin -nostdlib -O2 -g0 -Wall"
TARGET_CFLAGS_16=-m16
TARGET_CFLAGS_32=-m32
TARGET_CFLAGS_64=-m64

# ckb_tools CC -- choose objcopy/nm to go with CC.
ckb_tools () {
	ckb_prefix=
	case $[]1 in
	*-gcc) ckb_prefix=`echo "$[]1" | sed 's/gcc$//'` ;;
	esac
	ckb_objcopy=$ckb_user_objcopy ckb_nm=$ckb_user_nm
	if test -z "$ckb_objcopy"; then
		if test -n "$ckb_prefix" && command -v "${ckb_prefix}objcopy" >/dev/null 2>&1; then
			ckb_objcopy=${ckb_prefix}objcopy
		elif command -v objcopy >/dev/null 2>&1; then
			ckb_objcopy=objcopy
		else
			ckb_objcopy=llvm-objcopy
		fi
	fi
	if test -z "$ckb_nm"; then
		if test -n "$ckb_prefix" && command -v "${ckb_prefix}nm" >/dev/null 2>&1; then
			ckb_nm=${ckb_prefix}nm
		else
			ckb_nm=nm
		fi
	fi
}

ckb_try_cc () {
	ckb_tools "$[]1"
	TARGET_CFLAGS="$ckb_base_cflags $ckb_user_cflags"
	TARGET_LDFLAGS="-nostdlib -static -no-pie $ckb_user_ldflags"
	TARGET_OBJCOPY=$ckb_objcopy
	CKBOOT_TARGET_TRY([$[]1])
}

if test -n "$TARGET_CC"; then
	AC_MSG_CHECKING([whether $TARGET_CC can build the boot-time code])
	if command -v "${TARGET_CC%% *}" >/dev/null 2>&1; then
		ckb_try_cc "$TARGET_CC"
	else
		ckboot_target_fail="not found"
	fi
	if test -n "$ckboot_target_fail"; then
		AC_MSG_RESULT([no])
		AC_MSG_ERROR([target compiler $TARGET_CC: $ckboot_target_fail (see config.log)])
	fi
	AC_MSG_RESULT([yes])
	TARGET_NM=$ckb_nm
else
	ckb_why=
	for ckb_cc in x86_64-elf-gcc i686-elf-gcc x86_64-linux-gnu-gcc i686-linux-gnu-gcc gcc clang; do
		command -v $ckb_cc >/dev/null 2>&1 || continue
		AC_MSG_CHECKING([whether $ckb_cc can build the boot-time code])
		ckb_try_cc $ckb_cc
		if test -z "$ckboot_target_fail"; then
			AC_MSG_RESULT([yes])
			TARGET_CC=$ckb_cc
			TARGET_NM=$ckb_nm
			break
		fi
		AC_MSG_RESULT([no: $ckboot_target_fail])
		ckb_why="$ckb_why
  $ckb_cc: $ckboot_target_fail"
	done
	if test -z "$TARGET_CC"; then
		AC_MSG_ERROR([no compiler can build ckboot's boot-time code.$ckb_why
On Debian and Ubuntu, install one with: apt-get install gcc gcc-multilib
or pass --with-target-cc=CC (for example a cross x86_64-elf-gcc).])
	fi
fi
AC_SUBST([TARGET_CFLAGS_16])
AC_SUBST([TARGET_CFLAGS_32])
AC_SUBST([TARGET_CFLAGS_64])
CKBOOT_TARGET_NOALIGN
CKBOOT_TARGET_LTO
])

# CKBOOT_TARGET_NOALIGN -- TARGET_CFLAGS_NOALIGN: the flags among
# -fno-align-* that TARGET_CC takes without a warning.  The loader runs
# once: padding buys it nothing, and on IDE the BIOS reads it at about
# 65 us a sector under QEMU; at 32 KiB or less the boot sector also
# reads it in a single call.
AC_DEFUN([CKBOOT_TARGET_NOALIGN],
[AC_MSG_CHECKING([which -fno-align flags $TARGET_CC takes])
TARGET_CFLAGS_NOALIGN=
ckb_dir=conftest.noalign
rm -rf $ckb_dir && mkdir $ckb_dir
echo 'int ckb_f(int x) { while (x > 3) x -= 3; return x; }' > $ckb_dir/a.c
for ckb_flag in -fno-align-functions -fno-align-jumps -fno-align-loops \
		-fno-align-labels; do
	if ckb_try "$TARGET_CC $TARGET_CFLAGS $TARGET_CFLAGS_32 -Werror $ckb_flag -c $ckb_dir/a.c -o $ckb_dir/a.o"; then
		TARGET_CFLAGS_NOALIGN="$TARGET_CFLAGS_NOALIGN $ckb_flag"
	fi
done
rm -rf $ckb_dir
TARGET_CFLAGS_NOALIGN=`echo $TARGET_CFLAGS_NOALIGN`
AC_MSG_RESULT([${TARGET_CFLAGS_NOALIGN:-none}])
AC_SUBST([TARGET_CFLAGS_NOALIGN])
])

# CKBOOT_TARGET_LTO -- TARGET_LTO: -flto when TARGET_CC can link the
# loader's mix (64-bit C called from assembly that starts in .code16,
# at 0x8000) with link-time optimization, keeps the C function that
# only the assembly calls, and warns of nothing (but Clang's usual
# "-no-pie unused"), else empty.  Across files the optimizer inlines
# what is called once, which makes the loader smaller and gives QEMU
# fewer instructions to translate (stage/Makefile.am has the figures).
# --disable-lto turns it off.
AC_DEFUN([CKBOOT_TARGET_LTO],
[AC_ARG_ENABLE([lto],
  [AS_HELP_STRING([--disable-lto],
    [link the loader without link-time optimization])],
  [], [enable_lto=yes])
AC_MSG_CHECKING([whether $TARGET_CC can link the loader with -flto])
TARGET_LTO=
if test "x$enable_lto" = xno; then
	AC_MSG_RESULT([not tried (--disable-lto)])
else
	ckb_dir=conftest.lto
	rm -rf $ckb_dir && mkdir $ckb_dir
	cat > $ckb_dir/c.c <<'CKBEOF'
static int ckb_twice(int x) { return 2 * x; }
int ckb_main(int x) { return ckb_twice(x) + 1; }
CKBEOF
	cat > $ckb_dir/m.S <<'CKBEOF'
	.code16
	.globl	ckb_boot
ckb_boot:
	ljmp	$[]0, $[]1f
1:	.code64
	call	ckb_main
	hlt
	.section .note.GNU-stack, "", @progbits
CKBEOF
	ckb_lto="-flto -Os"
	if ckb_try "$TARGET_CC $TARGET_CFLAGS $TARGET_CFLAGS_64 $ckb_lto -c $ckb_dir/c.c -o $ckb_dir/c.o 2>$ckb_dir/err" &&
	   ckb_try "$TARGET_CC $TARGET_CFLAGS $TARGET_CFLAGS_64 -c $ckb_dir/m.S -o $ckb_dir/m.o" &&
	   ckb_try "$TARGET_CC $TARGET_CFLAGS_64 $TARGET_LDFLAGS $ckb_lto -Wl,-m,elf_x86_64 -Wl,-e,ckb_boot -Wl,-Ttext=0x8000 -o $ckb_dir/l.elf $ckb_dir/m.o $ckb_dir/c.o 2>>$ckb_dir/err" &&
	   ! grep -v -e '-no-pie' $ckb_dir/err >/dev/null &&
	   $TARGET_NM $ckb_dir/l.elf 2>/dev/null | grep ckb_main >/dev/null; then
		TARGET_LTO=-flto
		AC_MSG_RESULT([yes])
	else
		AC_MSG_RESULT([no])
	fi
	rm -rf $ckb_dir
fi
AC_SUBST([TARGET_LTO])
])
