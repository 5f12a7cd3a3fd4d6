/* longmode.S: the switch to the kernel's page tables and the jump to
   the kernel.

   The loader runs in long mode on entry.S's identity map.  cpu.c's
   longmode_enter() has masked the PICs, set CR0.WP, and EFER.NXE if
   the CPU has it; cpu_sse_on() set the SSE bits of CR0 and CR4 long
   before; interrupts are off.  What is left needs assembly: load CR3 with the
   kernel's level-4 table and enter the kernel in the state the boot
   protocol promises.

   This code has a page of its own (loader.ld puts it after the image,
   entry.S copies it there), which place.c maps read-only and
   executable at its own address: the instructions right after CR3 is
   loaded are fetched through the kernel's page tables.  Nothing is
   written after that point but the kernel stack, and the GDT's
   accessed bits, which live in writable low memory elsewhere.

   longmode_jump(const struct longmode_args *a, uint64_t pml4), System V
   AMD64 ABI.
   In:  a->entry, a->stack_top, a->bootinfo (virtual), PML4 (physical).
   Out: never returns.  The kernel gets RIP = entry, RDI = bootinfo,
        RSP = stack_top - 8 with a zero return address at [RSP],
        every other general register zero, RFLAGS = 2 (IF and DF clear),
        CS = SEL_CODE64, DS = ES = SS = FS = GS = SEL_DATA64, and an
        empty IDT (IDTR limit 0, base 0): the loader's exception table
        points into loader memory the kernel now owns, so rather than
        leave it there to be used by mistake, any exception or NMI
        before the kernel loads its own IDT shuts the machine down, as
        under Limine.  */

#include "x86.h"

/* Offsets in struct longmode_args; cpu.c asserts them.  */
#define LM_ENTRY 0
#define LM_STACK_TOP 8
#define LM_BOOTINFO 16

	.section .longmode, "ax"
	.globl	longmode_code_start
longmode_code_start:

	.code64
	.globl	longmode_jump
longmode_jump:
	movq	%rsi, %cr3		/* the kernel's page tables */
	movl	$SEL_DATA64, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs

	movq	LM_STACK_TOP(%rdi), %rsp
	pushq	$0			/* the kernel's "return address" */
	pushq	LM_ENTRY(%rdi)		/* popped by ret below */
	movq	LM_BOOTINFO(%rdi), %rdi
	pushq	$2			/* RFLAGS: only the reserved bit */
	popfq
	lidt	empty_idt_desc(%rip)

	xorl	%eax, %eax
	xorl	%ebx, %ebx
	xorl	%ecx, %ecx
	xorl	%edx, %edx
	xorl	%esi, %esi
	xorl	%ebp, %ebp
	xorl	%r8d, %r8d
	xorl	%r9d, %r9d
	xorl	%r10d, %r10d
	xorl	%r11d, %r11d
	xorl	%r12d, %r12d
	xorl	%r13d, %r13d
	xorl	%r14d, %r14d
	xorl	%r15d, %r15d
	ret				/* to the entry; RSP = stack_top - 8 */

/* Read through the kernel's page tables, hence in this page.  */
	.p2align 3
empty_idt_desc:
	.word	0			/* limit */
	.quad	0			/* base */

	.globl	longmode_code_end
longmode_code_end:

	.section .note.GNU-stack, "", @progbits
