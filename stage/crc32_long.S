/* crc32_long.S: crc32.c's sparse reduction (crc32_fold_run), run in
   64-bit mode for the loader, on the words it copies out of the disk
   bounce buffer.

   The loader is 32-bit code without paging.  There the loop's five
   64-bit words of history do not fit in registers, and under TCG the
   spills cost more than slicing-by-8 saves; in 64-bit mode the loop is
   three to four times faster than slicing.  Copying at the same time,
   it reads each word once, from the buffer the BIOS has just filled.
   So the loader visits long mode once a chunk: cpu.c has built an
   identity map of everything the copies touch and passes its level-4
   table.  In: PAE, CR3, LME, paging on, a far jump to the loader GDT's
   64-bit segment.  Out, as the SDM says (vol. 3A, "Switching Out of
   IA-32e Mode Operation"): back to a 32-bit segment, paging off, LME
   off.  CR3 and CR4.PAE stay as they are, meaningless with paging off:
   each write of them costs QEMU a TLB flush, so they are written only
   when they differ.  cpu.c's longmode_enter() sets both again.

   Interrupts are off, as everywhere in the loader outside real mode.
   The loop touches only mapped memory, so the loader's 32-bit IDT,
   which means nothing in long mode, is never looked at; only an NMI
   would, and shut the machine down, as during longmode.S's switch.

   void crc32_fold_copy_long(struct crc32_fold *f, void *dst,
			     const void *src, uint32_t words,
			     uint32_t pml4), cdecl; WORDS >= 1.
   Copies WORDS words from SRC to DST and reduces them into F: the same
   arithmetic as crc32.c's fold_mix() and crc32_fold_run().  */

#include "x86.h"

/* One word: copied from AT(%rsi) to AT(%rdi), then the word plus
   fold_mix(W2, W3, W4, W5) into W5's register, W2 being two words
   back.  145 and 183 bits differ by 38, hence the pairs.  */
	.macro	fold_step at, w2, w3, w4, w5
	movq	\at(%rsi), %rax
	movq	%rax, \at(%rdi)
	shrq	$20, \w5
	xorq	%rax, \w5
	movq	\w2, %rdx		/* w2 << 17 ^ w2 << 55 */
	shlq	$38, %rdx
	xorq	\w2, %rdx
	shlq	$17, %rdx
	xorq	%rdx, \w5
	movq	\w3, %rdx		/* w3 >> 47 ^ w3 >> 9 */
	shrq	$38, %rdx
	xorq	\w3, %rdx
	shrq	$9, %rdx
	xorq	%rdx, \w5
	movq	\w3, %rdx
	shlq	$19, %rdx
	xorq	%rdx, \w5
	movq	\w4, %rdx
	shrq	$45, %rdx
	xorq	%rdx, \w5
	movq	\w4, %rdx
	shlq	$44, %rdx
	xorq	%rdx, \w5
	.endm

	.text
	.code32
	.globl	crc32_fold_copy_long
crc32_fold_copy_long:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	20(%esp), %ebx		/* f */
	movl	24(%esp), %edi		/* dst */
	movl	28(%esp), %esi		/* src */
	movl	32(%esp), %ebp		/* words */
	movl	36(%esp), %eax		/* pml4 */
	movl	%cr3, %edx
	cmpl	%eax, %edx
	je	1f
	movl	%eax, %cr3
1:	movl	%cr4, %eax
	testl	$CR4_PAE, %eax
	jnz	1f
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
1:	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$CR0_PG, %eax
	movl	%eax, %cr0		/* compatibility mode */
	ljmpl	$SEL_CODE64, $fold64

	.code64
fold64:
	/* Upper halves are undefined after the switch.  */
	movl	%esp, %esp
	movl	%ebx, %ebx
	movl	%edi, %edi
	movl	%esi, %esi

	/* R8 is the newest reduced word, R12 five back.  */
	movq	0(%rbx), %r8
	movq	8(%rbx), %r9
	movq	16(%rbx), %r10
	movq	24(%rbx), %r11
	movq	32(%rbx), %r12

	/* WORDS = 5 * blocks + rest: the rest first, one word a turn, the
	   registers moved back into place each time.  */
	movl	%ebp, %eax
	xorl	%edx, %edx
	movl	$5, %ecx
	divl	%ecx
	movl	%eax, %ebp
	movl	%edx, %ecx
	testl	%ecx, %ecx
	jz	2f
1:	fold_step 0, %r9, %r10, %r11, %r12
	movq	%r12, %rax
	movq	%r11, %r12
	movq	%r10, %r11
	movq	%r9, %r10
	movq	%r8, %r9
	movq	%rax, %r8
	addq	$8, %rsi
	addq	$8, %rdi
	decl	%ecx
	jnz	1b

	/* Then five words a turn, each step's new word replacing the one
	   no longer needed: after five the registers are back in place.
	   No branch inside, so that QEMU translates the turn as one
	   block.  */
2:	testl	%ebp, %ebp
	jz	4f
3:	fold_step 0, %r9, %r10, %r11, %r12
	fold_step 8, %r8, %r9, %r10, %r11
	fold_step 16, %r12, %r8, %r9, %r10
	fold_step 24, %r11, %r12, %r8, %r9
	fold_step 32, %r10, %r11, %r12, %r8
	addq	$40, %rsi
	addq	$40, %rdi
	decl	%ebp
	jnz	3b

4:	movq	%r8, 0(%rbx)
	movq	%r9, 8(%rbx)
	movq	%r10, 16(%rbx)
	movq	%r11, 24(%rbx)
	movq	%r12, 32(%rbx)

	pushq	$SEL_CODE32
	movl	$fold32, %eax		/* an ELF32 object has no 32S relocation */
	pushq	%rax
	lretq

	.code32
fold32:
	movl	%cr0, %eax
	andl	$~CR0_PG, %eax
	movl	%eax, %cr0		/* protected mode, as before */
	movl	$MSR_EFER, %ecx
	rdmsr
	andl	$~EFER_LME, %eax
	wrmsr
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.section .note.GNU-stack, "", @progbits
