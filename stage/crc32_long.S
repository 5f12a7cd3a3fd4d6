/* crc32_long.S: crc32.c's sparse reduction (crc32_fold_run), run in
   64-bit mode for the loader.

   The loader is 32-bit code without paging.  There the loop's five
   64-bit words of history do not fit in registers, and under TCG the
   spills cost more than slicing-by-8 saves; in 64-bit mode the loop is
   three to four times faster than slicing.  So the loader visits long
   mode for it: cpu.c has built an identity map of everything below the
   end of the words and passes its level-4 table.  In: PAE, LME, paging
   on, a far jump to the loader GDT's 64-bit segment.  Out, as the SDM
   says (vol. 3A, "Switching Out of IA-32e Mode Operation"): back to a
   32-bit segment, paging off, then LME; CR3, CR4 and EFER as they were.

   Interrupts are off, as everywhere in the loader outside real mode.
   The loop reads only mapped memory, so the loader's 32-bit IDT, which
   means nothing in long mode, is never looked at.

   void crc32_fold_long(struct crc32_fold *f, const void *buf,
			uint32_t words, uint32_t pml4), cdecl; WORDS >= 1.
   The same arithmetic as crc32.c's fold_mix() and crc32_fold_run().  */

#include "x86.h"

/* One reduced word from [RSI] into W5's register: the word read plus
   fold_mix(W2, W3, W4, W5), W2 being two words back.  145 and 183 bits
   differ by 38, hence the pairs.  */
	.macro	fold_step w2, w3, w4, w5
	shrq	$20, \w5
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
	xorq	(%rsi), \w5
	addq	$8, %rsi
	.endm

	.text
	.code32
	.globl	crc32_fold_long
crc32_fold_long:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	movl	%cr3, %eax
	pushl	%eax
	movl	%cr4, %eax
	pushl	%eax
	movl	$MSR_EFER, %ecx
	rdmsr
	pushl	%eax
	orl	$EFER_LME, %eax
	wrmsr
	movl	32(%esp), %edi		/* f */
	movl	36(%esp), %esi		/* buf */
	movl	40(%esp), %ebp		/* words */
	movl	44(%esp), %eax		/* pml4 */
	movl	%eax, %cr3
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	%cr0, %eax
	orl	$CR0_PG, %eax
	movl	%eax, %cr0		/* compatibility mode */
	ljmpl	$SEL_CODE64, $fold64

	.code64
fold64:
	/* Upper halves are undefined after the switch.  */
	movl	%esp, %esp
	movl	%edi, %edi
	movl	%esi, %esi
	movl	%ebp, %ebp

	/* R8 is the newest reduced word, R12 five back.  The first word
	   takes the inverted start value; nothing comes before it.  */
	movl	$0xffffffff, %r8d
	xorq	(%rsi), %r8
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	addq	$8, %rsi
	decl	%ebp

	/* WORDS - 1 = 5 * blocks + rest: the rest first, one word a turn,
	   the registers moved back into place each time.  */
	movl	%ebp, %eax
	xorl	%edx, %edx
	movl	$5, %ecx
	divl	%ecx
	movl	%eax, %ebp
	movl	%edx, %ecx
	testl	%ecx, %ecx
	jz	2f
1:	fold_step %r9, %r10, %r11, %r12
	movq	%r12, %rax
	movq	%r11, %r12
	movq	%r10, %r11
	movq	%r9, %r10
	movq	%r8, %r9
	movq	%rax, %r8
	decl	%ecx
	jnz	1b

	/* Then five words a turn, each step's new word replacing the one
	   no longer needed: after five the registers are back in place.
	   No branch inside, so that QEMU translates the turn as one
	   block.  */
2:	testl	%ebp, %ebp
	jz	4f
3:	fold_step %r9, %r10, %r11, %r12
	fold_step %r8, %r9, %r10, %r11
	fold_step %r12, %r8, %r9, %r10
	fold_step %r11, %r12, %r8, %r9
	fold_step %r10, %r11, %r12, %r8
	decl	%ebp
	jnz	3b
4:	movq	%r8, 0(%rdi)
	movq	%r9, 8(%rdi)
	movq	%r10, 16(%rdi)
	movq	%r11, 24(%rdi)
	movq	%r12, 32(%rdi)

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
	popl	%eax
	wrmsr
	popl	%eax
	movl	%eax, %cr4
	popl	%eax
	movl	%eax, %cr3
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.section .note.GNU-stack, "", @progbits
