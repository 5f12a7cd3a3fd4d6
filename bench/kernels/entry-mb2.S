/* entry-mb2.S -- entry of the GRUB benchmark kernels (Multiboot2, ELF32).

   GRUB's multiboot2 command finds the header below (it must lie in the
   first 32 KiB of the file, 8-byte aligned) and enters _start in 32-bit
   protected mode with EAX = MB2_BOOTLOADER_MAGIC and no stack.  As in
   entry64.S, the TSC is read first.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include "bench.h"

	.section .multiboot2, "a"
	.balign 8
mb2_header:
	.long	MB2_HEADER_MAGIC
	.long	MB2_ARCH_I386
	.long	mb2_header_end - mb2_header
	.long	-(MB2_HEADER_MAGIC + MB2_ARCH_I386 + (mb2_header_end - mb2_header))
	.word	0, 0			/* end tag: type 0, flags 0 */
	.long	8			/* size 8 */
mb2_header_end:

	.section .text.entry, "ax"
	.code32
	.globl _start
_start:
	mov	%eax, %ebx		/* the magic, before rdtsc clobbers it */
	rdtsc
	mov	$mb2_stack_top, %esp
	xor	%ecx, %ecx
	cmp	$MB2_BOOTLOADER_MAGIC, %ebx
	jne	1f
	inc	%ecx
1:	push	%ecx			/* bench_report(lo, hi, ok), cdecl */
	push	%edx
	push	%eax
	call	bench_report

	.section .bss
	.balign 16
	.space	MB2_STACK_SIZE
mb2_stack_top:

	.section .note.GNU-stack, "", @progbits
