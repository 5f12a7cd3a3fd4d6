/* entry64.S -- entry of the ckboot benchmark kernels (ELF64).

   ckboot enters here in long mode with RDI = boot info and a stack; the
   TSC is read before anything else so the figure is the loader's time
   alone.  The boot info magic is checked after the read, so a loader that
   reached us wrongly is reported as a failure and not timed.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include "bench.h"

#define CKBOOT_INFO_MAGIC_LO 0x544f4f42	/* "BOOT" */
#define CKBOOT_INFO_MAGIC_HI 0x4f464e49	/* "INFO" */

	.section .text.entry, "ax"
	.code64
	.globl _start
_start:
	rdtsc
	mov	%eax, %r8d
	mov	%edx, %r9d
	xor	%edx, %edx
	cmpl	$CKBOOT_INFO_MAGIC_LO, (%rdi)
	jne	1f
	cmpl	$CKBOOT_INFO_MAGIC_HI, 4(%rdi)
	jne	1f
	inc	%edx
1:	mov	%r8d, %edi		/* bench_report(lo, hi, ok) */
	mov	%r9d, %esi
	call	bench_report

	.section .note.GNU-stack, "", @progbits
