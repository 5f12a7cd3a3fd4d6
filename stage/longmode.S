/* longmode.S: the switch to 64-bit long mode and the jump to the kernel.

   cpu.c's longmode_enter() has masked the PICs and set CR4.PAE, CR3
   (the kernel's level-4 table) and EFER.LME (and NXE); cpu_sse_on()
   set the SSE bits of CR0 and CR4 long before; interrupts are off.
   What is left needs assembly: turn paging on, which activates long
   mode, far-jump into the loader GDT's 64-bit code segment (entry.S's
   loader_gdt, still loaded, identity-mapped like all low memory), and
   enter the kernel in the state the boot protocol promises.

   This code has a page of its own (loader.ld puts it after the image,
   entry.S copies it there), which place.c maps read-only and
   executable at its own address: the instructions right after paging
   is on are fetched through the kernel's page tables.  Nothing is
   written here after that point but the kernel stack, and the GDT's
   accessed bits, which live in writable low memory elsewhere.

   longmode_jump(const struct longmode_args *a), cdecl, 32-bit.
   In:  a->entry, a->stack_top, a->bootinfo (64-bit, virtual),
        a->cr0_set (CR0_PG | CR0_WP).
   Out: never returns.  The kernel gets RIP = entry, RDI = bootinfo,
        RSP = stack_top - 8 with a zero return address at [RSP],
        every other general register zero, RFLAGS = 2 (IF and DF clear),
        CS = SEL_CODE64, DS = ES = SS = FS = GS = SEL_DATA64, and an
        empty IDT (IDTR limit 0, base 0): the loader's 32-bit exception
        table means nothing in long mode, so rather than leave it there
        to be used by mistake, any exception or NMI before the kernel
        loads its own IDT shuts the machine down, as under Limine.  */

#include "x86.h"

/* Offsets in struct longmode_args; cpu.c asserts them.  */
#define LM_ENTRY 0
#define LM_STACK_TOP 8
#define LM_BOOTINFO 16
#define LM_CR0_SET 24

	.section .longmode, "ax"
	.globl	longmode_code_start
longmode_code_start:

	.code32
	.globl	longmode_jump
longmode_jump:
	movl	4(%esp), %esi
	movl	%cr0, %eax
	orl	LM_CR0_SET(%esi), %eax
	movl	%eax, %cr0		/* paging on: IA-32e compatibility mode */
	ljmpl	$SEL_CODE64, $long64

	.code64
long64:
	movl	$SEL_DATA64, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movw	%ax, %fs
	movw	%ax, %gs

	/* The upper halves of the registers are undefined after the
	   switch: a 32-bit move clears them.  */
	movl	%esi, %esi
	movq	LM_STACK_TOP(%rsi), %rsp
	movq	LM_BOOTINFO(%rsi), %rdi
	pushq	$0			/* the kernel's "return address" */
	pushq	LM_ENTRY(%rsi)		/* popped by ret below */
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
