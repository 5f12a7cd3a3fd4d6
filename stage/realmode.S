/* realmode.S: bios_int(), the only road back to real mode and out again.

	void bios_int(uint8_t vector, const struct bios_regs *in,
		      struct bios_regs *out);

   Called from 32-bit protected mode (cdecl).  Copies *in into rm_regs
   (below 64 KiB), drops through the 16-bit GDT selectors to real mode,
   loads the registers, runs INT vector, stores what the BIOS left, and
   climbs back to 32-bit mode with the loader GDT and IDT.  Preserves
   EBX, ESI, EDI, EBP and the stack like any C function; clobbers EAX,
   ECX, EDX and EFLAGS.  Interrupts are off again on return.

   The stack (below CKBOOT_STACK_TOP) serves both modes: SS = 0 and SP =
   the low half of ESP.  struct bios_regs is laid out in bios.h.

   Nothing here writes to a page that holds code: the vector is not
   patched into an INT instruction but called through the IVT entry
   (pushf, cli, far call: what INT does), and everything written lives
   in .data16, which loader.ld keeps on pages of its own.  Under QEMU's
   TCG a store to a page of translated code takes the self-modifying-
   code path and throws that page's translations away; once per BIOS
   call, that was a tenth of the CPU time of a 32 MiB boot.  */

#include "x86.h"

	.set	R_EAX, 0
	.set	R_EBX, 4
	.set	R_ECX, 8
	.set	R_EDX, 12
	.set	R_ESI, 16
	.set	R_EDI, 20
	.set	R_EBP, 24
	.set	R_EFLAGS, 28
	.set	R_DS, 32
	.set	R_ES, 34
	.set	R_SIZE, 36

	.section .text16, "ax"
	.code32
	.globl	bios_int
bios_int:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	cld
	movzbl	20(%esp), %eax		/* vector */
	movl	(,%eax,4), %eax		/* its IVT entry: segment:offset */
	movl	%eax, int_target
	movl	24(%esp), %esi		/* in */
	movl	$rm_regs, %edi
	movl	$R_SIZE / 4, %ecx
	rep movsl
	movl	%esp, saved_esp
	sidt	saved_idt

	ljmp	$SEL_CODE16, $1f
	.code16
1:	movw	$SEL_DATA16, %ax	/* 64 KiB limits for real mode */
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	%cr0, %eax
	andl	$~CR0_PE, %eax
	movl	%eax, %cr0
	ljmp	$0, $2f
2:	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	lidt	real_idt_desc

	movl	rm_regs + R_EBX, %ebx
	movl	rm_regs + R_ECX, %ecx
	movl	rm_regs + R_EDX, %edx
	movl	rm_regs + R_ESI, %esi
	movl	rm_regs + R_EDI, %edi
	movl	rm_regs + R_EBP, %ebp
	pushl	rm_regs + R_EFLAGS
	popfl
	movl	rm_regs + R_EAX, %eax
	movw	rm_regs + R_ES, %es
	movw	rm_regs + R_DS, %ds	/* last: it moves our data */

	pushfw				/* INT's frame: FLAGS, CS, IP */
	cli
	lcallw	*%cs:int_target

	movl	%eax, %cs:rm_regs + R_EAX
	movl	%ebx, %cs:rm_regs + R_EBX
	movl	%ecx, %cs:rm_regs + R_ECX
	movl	%edx, %cs:rm_regs + R_EDX
	movl	%esi, %cs:rm_regs + R_ESI
	movl	%edi, %cs:rm_regs + R_EDI
	movl	%ebp, %cs:rm_regs + R_EBP
	pushfl
	popl	%cs:rm_regs + R_EFLAGS
	movw	%ds, %cs:rm_regs + R_DS
	movw	%es, %cs:rm_regs + R_ES

	cli
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %ss
	movl	saved_esp, %esp		/* BIOSes may clobber ESP */
	lgdtl	loader_gdt_desc
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $3f

	.code32
3:	movw	$SEL_DATA32, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	lidt	saved_idt
	cld
	movl	$rm_regs, %esi
	movl	28(%esp), %edi		/* out */
	movl	$R_SIZE / 4, %ecx
	rep movsl
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

	.section .data16, "aw"
	.p2align 2
rm_regs:
	.space	R_SIZE
saved_esp:
	.long	0
saved_idt:
	.word	0
	.long	0
int_target:
	.long	0			/* offset, segment */
real_idt_desc:
	.word	0x3ff			/* the real-mode IVT at 0 */
	.long	0

	.section .note.GNU-stack, "", @progbits
