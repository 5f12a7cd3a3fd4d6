/* crc32_long.S: crc32.c's sparse reduction (crc32_fold_run) for the
   loader, on the words it copies out of the disk bounce buffer.

   The five 64-bit words of history stay in registers, rotated by
   naming rather than moved, and each word is read once, from the
   buffer the BIOS has just filled, and copied as it is reduced.

   void crc32_fold_copy_long(struct crc32_fold *f, void *dst,
			     const void *src, uint32_t words);
   System V AMD64 ABI; WORDS >= 1.  Copies WORDS words from SRC to DST
   and reduces them into F: the same arithmetic as crc32.c's fold_mix()
   and crc32_fold_run().  */


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
	.code64
	.globl	crc32_fold_copy_long
crc32_fold_copy_long:
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	movq	%rdi, %rbx		/* f */
	movq	%rsi, %rdi		/* dst */
	movq	%rdx, %rsi		/* src */
	movl	%ecx, %ebp		/* words */
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

	popq	%r12
	popq	%rbp
	popq	%rbx
	ret

	.section .note.GNU-stack, "", @progbits
