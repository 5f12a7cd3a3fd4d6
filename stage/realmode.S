/* realmode.S: bios_calls(), the only road back to real mode and out
   again, and bios_int(), one call through it.

	uint32_t bios_calls(uint8_t vector, struct bios_regs *regs,
			    uint32_t n);
	void bios_int(uint8_t vector, const struct bios_regs *in,
		      struct bios_regs *out);

   Called from the loader's 64-bit C (System V AMD64 ABI).  Copies
   regs[0..n-1] into rm_regs (below 64 KiB), leaves long mode through a
   32-bit segment, paging and then EFER.LME turned off (SDM vol. 3A,
   "Switching Out of IA-32e Mode Operation"), drops through the 16-bit
   GDT selectors to real mode, and for each entry in turn loads the
   registers, runs INT vector and stores what the BIOS left in the same
   entry, stopping after the first call that sets CF; then climbs back
   to protected mode and into long mode again with entry.S's identity
   map, the loader GDT and IDT, copies the entries back and returns how
   many calls were made.  N is 1 to BIOS_CALLS_MAX (bios.h).  Preserves RBX,
   RBP, R12-R15 and the stack like any C function.  Each call runs with
   its entry's EFLAGS, IF included (bios_regs_init() sets it);
   interrupts are off again before the climb back.

   Several calls a trip are for disk.c: under QEMU's TCG each switch of
   CR0.PE or CR0.PG flushes the soft TLB and the jump cache, and a trip
   to real mode and back costs tens of microseconds.

   The stack (below CKBOOT_STACK_TOP) serves both modes: SS = 0 and SP =
   the low half of ESP.  struct bios_regs is laid out in bios.h.

   Nothing here writes to a page that holds code: the vector is not
   patched into an INT instruction but called through the IVT entry
   (pushf, cli, far call: what INT does), and everything written lives
   in .data16, which loader.ld keeps on pages of its own.  Under QEMU's
   TCG a store to a page of translated code takes the self-modifying-
   code path and throws that page's translations away; once per BIOS
   call, that was a tenth of the CPU time of a 32 MiB boot.

   The BIOS runs with the CR0.MP/EM/TS and CR4 it handed over, which
   entry.S recorded, not with the loader's SSE bits (cpu_sse_on()) or
   CR4.PAE: TCG keys its translations on the FPU bits, so the BIOS code
   that the boot sector's calls translated serves the loader's calls
   too, and SSE can be on for all of the loader's own code.  */

#include "x86.h"
#include "bios.h"

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
	.code64
	.globl	bios_int
bios_int:
	movl	%edi, %eax		/* vector */
	movq	%rdx, %rdi		/* out */
	movl	$R_SIZE / 4, %ecx
	cld
	rep movsl			/* onto itself when IN is OUT */
	movq	%rdx, %rsi		/* regs = out */
	movl	%eax, %edi
	movl	$1, %edx		/* n */
	jmp	bios_calls

	.globl	bios_calls
bios_calls:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	cld
	movzbl	%dil, %eax		/* vector */
	movl	(,%rax,4), %eax		/* its IVT entry: segment:offset */
	movl	%eax, int_target
	movl	%edx, rm_count
	movl	$0, rm_done
	movl	$rm_regs, rm_next
	movq	%rsi, saved_regs
	imull	$R_SIZE / 4, %edx, %ecx
	movl	$rm_regs, %edi
	rep movsl
	movq	%rsp, saved_rsp
	sidt	saved_idt

	/* Out of long mode: a 32-bit segment, then paging off.  */
	pushq	$SEL_CODE32
	pushq	$1f
	lretq
	.code32
1:	movl	%cr0, %eax
	andl	$~CR0_PG, %eax
	movl	%eax, %cr0		/* 32-bit protected mode */
	movl	%eax, loader_cr0
	movl	%cr4, %eax
	movl	%eax, loader_cr4
	/* LME off too, as the SDM's procedure has it: a BIOS that turns
	   paging on for itself must not find itself in long mode.  */
	movl	$MSR_EFER, %ecx
	rdmsr
	andl	$~EFER_LME, %eax
	wrmsr

	ljmp	$SEL_CODE16, $1f
	.code16
1:	movw	$SEL_DATA16, %ax	/* 64 KiB limits for real mode */
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	loader_cr0, %eax
	andl	$~(CR0_PE | CR0_FPU_BITS), %eax
	orl	bios_cr0_fpu, %eax
	movl	bios_cr4, %edx
	movl	%edx, %cr4
	movl	%eax, %cr0
	ljmp	$0, $2f
2:	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	lidt	real_idt_desc

	/* One call: the entry at rm_next, addressed through BP, which is
	   loaded last.  CS = 0 reaches .data16 whatever the BIOS left in
	   DS and ES.  */
next_call:
	movw	%cs:rm_next, %bp
	movl	%cs:R_EBX(%bp), %ebx
	movl	%cs:R_ECX(%bp), %ecx
	movl	%cs:R_EDX(%bp), %edx
	movl	%cs:R_ESI(%bp), %esi
	movl	%cs:R_EDI(%bp), %edi
	pushl	%cs:R_EFLAGS(%bp)
	popfl
	movl	%cs:R_EAX(%bp), %eax
	movw	%cs:R_ES(%bp), %es
	movw	%cs:R_DS(%bp), %ds
	movl	%cs:R_EBP(%bp), %ebp

	pushfw				/* INT's frame: FLAGS, CS, IP */
	cli
	lcallw	*%cs:int_target

	pushfl
	pushl	%ebp
	movw	%cs:rm_next, %bp
	movl	%eax, %cs:R_EAX(%bp)
	movl	%ebx, %cs:R_EBX(%bp)
	movl	%ecx, %cs:R_ECX(%bp)
	movl	%edx, %cs:R_EDX(%bp)
	movl	%esi, %cs:R_ESI(%bp)
	movl	%edi, %cs:R_EDI(%bp)
	popl	%cs:R_EBP(%bp)
	popl	%cs:R_EFLAGS(%bp)
	movw	%ds, %cs:R_DS(%bp)
	movw	%es, %cs:R_ES(%bp)

	cli
	incl	%cs:rm_done
	testb	$EFLAGS_CF, %cs:R_EFLAGS(%bp)
	jnz	calls_done
	movl	%cs:rm_done, %eax
	cmpl	%cs:rm_count, %eax
	jae	calls_done
	addw	$R_SIZE, %cs:rm_next
	jmp	next_call

calls_done:
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %ss
	movl	saved_rsp, %esp		/* BIOSes may clobber ESP */
	lgdtl	loader_gdt_desc
	movl	loader_cr4, %eax
	movl	%eax, %cr4
	movl	loader_cr0, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $3f

	/* Back into long mode the way entry.S first went: CR4.PAE is on
	   again (loader_cr4), EFER.LME is set again, and CR3 is written
	   only if the BIOS changed it, each write costing QEMU a TLB
	   flush.  */
	.code32
3:	movw	$SEL_DATA32, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	$loader_pml4, %eax
	movl	%cr3, %edx
	cmpl	%eax, %edx
	je	1f
	movl	%eax, %cr3
1:	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$CR0_PG, %eax
	movl	%eax, %cr0		/* compatibility mode */
	ljmpl	$SEL_CODE64, $4f

	.code64
4:	movl	$SEL_DATA64, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movq	saved_rsp, %rsp
	lidt	saved_idt
	cld
	movl	rm_count, %ecx
	imull	$R_SIZE / 4, %ecx, %ecx
	movl	$rm_regs, %esi
	movq	saved_regs, %rdi
	rep movsl
	movl	rm_done, %eax
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

	.section .data16, "aw"
	.p2align 3
saved_rsp:
	.quad	0
saved_regs:
	.quad	0			/* bios_calls()'s REGS */
saved_idt:
	.word	0
	.quad	0
	.p2align 2
	.globl	bios_cr0_fpu, bios_cr4
bios_cr0_fpu:
	.long	0			/* the BIOS's CR0 & CR0_FPU_BITS */
bios_cr4:
	.long	0
loader_cr0:
	.long	0
loader_cr4:
	.long	0
rm_regs:
	.space	R_SIZE * BIOS_CALLS_MAX
rm_count:
	.long	0
rm_done:
	.long	0
rm_next:
	.long	0			/* the entry of the call under way */
int_target:
	.long	0			/* offset, segment */
real_idt_desc:
	.word	0x3ff			/* the real-mode IVT at 0 */
	.long	0

	.section .note.GNU-stack, "", @progbits
