/* realmode.S: bios_calls(), the only road back to real mode and out
   again, and bios_int(), one call through it.

	uint32_t bios_calls(uint8_t vector, struct bios_regs *regs,
			    uint32_t n);
	void bios_int(uint8_t vector, const struct bios_regs *in,
		      struct bios_regs *out);

   Called from 32-bit protected mode (cdecl).  Copies regs[0..n-1] into
   rm_regs (below 64 KiB), drops through the 16-bit GDT selectors to
   real mode, and for each entry in turn loads the registers, runs INT
   vector and stores what the BIOS left in the same entry, stopping
   after the first call that sets CF; then climbs back to 32-bit mode
   with the loader GDT and IDT, copies the entries back and returns how
   many calls were made.  N is 1 to BIOS_CALLS_MAX (bios.h).  Preserves
   EBX, ESI, EDI, EBP and the stack like any C function; clobbers EAX,
   ECX, EDX and EFLAGS.  Interrupts are off again on return.

   Several calls a trip are for disk.c: under QEMU's TCG each switch of
   CR0.PE flushes the soft TLB and the jump cache, and a trip to real
   mode and back costs about 40 us, an eighth of a 127-sector read.

   The stack (below CKBOOT_STACK_TOP) serves both modes: SS = 0 and SP =
   the low half of ESP.  struct bios_regs is laid out in bios.h.

   Nothing here writes to a page that holds code: the vector is not
   patched into an INT instruction but called through the IVT entry
   (pushf, cli, far call: what INT does), and everything written lives
   in .data16, which loader.ld keeps on pages of its own.  Under QEMU's
   TCG a store to a page of translated code takes the self-modifying-
   code path and throws that page's translations away; once per BIOS
   call, that was a tenth of the CPU time of a 32 MiB boot.

   Once bios_keep_fpu_state() has recorded them, the BIOS runs with the
   CR0.MP/EM/TS and CR4 it handed over, not with the loader's SSE bits
   (cpu_sse_on()): TCG keys its translations on those bits, so the BIOS
   code that the boot sector's calls translated serves the loader's
   calls too, and SSE can be on for all of the loader's own code.  */

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
	.code32
	.globl	bios_int
bios_int:
	pushl	%esi
	pushl	%edi
	movl	16(%esp), %esi		/* in */
	movl	20(%esp), %edi		/* out */
	movl	$R_SIZE / 4, %ecx
	cld
	rep movsl			/* onto itself when IN is OUT */
	popl	%edi
	popl	%esi
	pushl	$1			/* n */
	pushl	16(%esp)		/* regs = out */
	pushl	12(%esp)		/* vector */
	call	bios_calls
	addl	$12, %esp
	ret

	.globl	bios_calls
bios_calls:
	pushl	%ebp
	pushl	%ebx
	pushl	%esi
	pushl	%edi
	cld
	movzbl	20(%esp), %eax		/* vector */
	movl	(,%eax,4), %eax		/* its IVT entry: segment:offset */
	movl	%eax, int_target
	movl	28(%esp), %ecx		/* n */
	movl	%ecx, rm_count
	movl	$0, rm_done
	movl	$rm_regs, rm_next
	imull	$R_SIZE / 4, %ecx, %ecx
	movl	24(%esp), %esi		/* regs */
	movl	$rm_regs, %edi
	rep movsl
	movl	%esp, saved_esp
	sidt	saved_idt
	movl	%cr0, %eax
	movl	%eax, loader_cr0
	cmpl	$0, bios_fpu_kept
	je	1f
	movl	%cr4, %eax
	movl	%eax, loader_cr4
1:

	ljmp	$SEL_CODE16, $1f
	.code16
1:	movw	$SEL_DATA16, %ax	/* 64 KiB limits for real mode */
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	loader_cr0, %eax
	andl	$~CR0_PE, %eax
	cmpl	$0, bios_fpu_kept
	je	1f
	andl	$~CR0_FPU_BITS, %eax
	orl	bios_cr0_fpu, %eax
	movl	bios_cr4, %edx
	movl	%edx, %cr4
1:	movl	%eax, %cr0
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
	movl	saved_esp, %esp		/* BIOSes may clobber ESP */
	lgdtl	loader_gdt_desc
	cmpl	$0, bios_fpu_kept
	je	1f
	movl	loader_cr4, %eax
	movl	%eax, %cr4
1:	movl	loader_cr0, %eax
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
	movl	rm_count, %ecx
	imull	$R_SIZE / 4, %ecx, %ecx
	movl	$rm_regs, %esi
	movl	24(%esp), %edi		/* regs */
	rep movsl
	movl	rm_done, %eax
	popl	%edi
	popl	%esi
	popl	%ebx
	popl	%ebp
	ret

/* void bios_keep_fpu_state(void): record the BIOS's CR0.MP/EM/TS and
   CR4 for the trips that follow.  After cpu_check(), which makes sure
   there is a CR4, and before cpu_sse_on() changes them.  */
	.globl	bios_keep_fpu_state
bios_keep_fpu_state:
	movl	%cr0, %eax
	andl	$CR0_FPU_BITS, %eax
	movl	%eax, bios_cr0_fpu
	movl	%cr4, %eax
	movl	%eax, bios_cr4
	movl	$1, bios_fpu_kept
	ret

	.section .data16, "aw"
	.p2align 2
bios_fpu_kept:
	.long	0
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
