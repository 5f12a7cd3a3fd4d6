/* entry.S: the loader's first instructions.

   mbr.S has read loader.bin to 0x0000:0x8000 and jumped there with DL =
   the BIOS boot drive.  The image opens with a 16-byte jump area and the
   struct ckboot_loader_header that ckboot-install patched (defined here;
   loader.ld puts it at offset 16).  This file sets up the stack, checks
   from the first sector that the whole image was read, keeps DL, loads
   the loader GDT, switches to 32-bit protected mode, moves a small
   kernel that mbr.S read along with the image to the bounce buffer and
   clears .bss.  Then it makes sure the CPU has long mode,
   builds an identity map of the first 4 GiB and enters long mode, in
   which all of the loader's C runs: under QEMU's TCG, 64-bit code has
   a third fewer instructions to translate than the same C built for
   32 bits, and far fewer memory operands, 64-bit values no longer
   being register pairs spilled to the stack.  It calls loader_main()
   in main.c and never returns.

   The 16-bit code and everything realmode.S reaches in real mode (the
   GDT, bios_boot_drive) sit in .entry16, .text16 and .data16, which
   loader.ld keeps below 64 KiB so CS = DS = 0 can address them; .data16
   is copied to its page first.  */

#include <ckboot/layout.h>
#include "x86.h"
#include "pagetable.h"

	.set	TAIL_MAGIC, CKBOOT_LOADER_TAIL_MAGIC	/* loader.ld */

	.code16
	.section .entry, "ax"
	.globl	_start
_start:
	jmp	real_start
	.org	16			/* struct ckboot_loader_header */

/* The header's build-time fields (main.c checks the offsets); loader.ld
   puts it at offset CKBOOT_LOADER_HEADER_OFFSET and computes
   __loader_size, which a 64-bit C initializer could not truncate to
   32 bits.  Not const: the loader reads what the installer wrote.  */
	.section .loader_header, "aw"
	.p2align 3
	.globl	loader_header
loader_header:
	.quad	CKBOOT_LOADER_MAGIC
	.long	CKBOOT_LAYOUT_VERSION
	.long	CKBOOT_LOADER_HEADER_SIZE	/* header_size */
	.long	__loader_size
	.fill	CKBOOT_LOADER_HEADER_SIZE - 20, 1, 0

/* Only the image's first sector is sure to be here: this section, which
   loader.ld keeps in it, makes sure of the rest.  */
	.section .entry16, "ax"
real_start:
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	$CKBOOT_STACK_TOP, %esp
	ljmp	$0, $1f			/* CS = 0, whatever we got */
1:
	/* mbr.S read loader_sectors sectors; if the installer recorded too
	   few, the end of the image is missing, and with it perhaps all
	   that follows this sector (the GDT, the 32-bit code).  */
	movw	$__loader_tail_seg, %ax
	movw	%ax, %es
	cmpl	$TAIL_MAGIC, %es:__loader_tail_off
	jne	truncated
	/* A warm reboot must not find this boot's tail.  */
	movl	$0, %es:__loader_tail_off
	xorw	%ax, %ax
	movw	%ax, %es
	cli
	jmp	whole

/* Say it on the screen through the BIOS, interrupts on as mbr.S left
   them, and on COM1 as the BIOS left it (a UART that is not set up just
   drops the bytes).  */
truncated:
	movw	$truncated_msg, %si
1:	lodsb
	testb	%al, %al
	jz	halt16
	movw	$COM1_PORT, %dx
	outb	%al, %dx
	movb	$0x0e, %ah		/* teletype */
	xorw	%bx, %bx		/* page 0 */
	int	$0x10
	jmp	1b
halt16:	cli
	hlt
	jmp	halt16

truncated_msg:
	.asciz	"ckboot: loader image incomplete: reinstall\r\n"

	.section .text16, "ax"
whole:
	/* .data16 travels in the file right after .text16; loader.ld
	   gives it a page of its own below the image.  */
	movw	$__data16_load, %si
	movw	$__data16_start, %di
	movw	$__data16_size, %cx
	rep movsb
	movb	%dl, bios_boot_drive

	lgdtl	loader_gdt_desc
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$SEL_CODE32, $protected_entry

	.code32
protected_entry:
	movw	$SEL_DATA32, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	$CKBOOT_STACK_TOP, %esp

	/* A small kernel came with the loader (kernel_preread sectors from
	   the next sector boundary on, after the command line's).  .bss
	   and longmode.S's page lie over it: move it to the bounce buffer
	   first, where kernel.c takes it as a chunk already read.  A count
	   above the most the installer writes moves nothing, and kernel.c
	   reads it all.  (cmdline.c reads the command line from the disk
	   again, later.)  */
	movl	loader_header + CKBOOT_LOADER_PREREAD_OFFSET, %ecx
	cmpl	$CKBOOT_PREREAD_MAX, %ecx
	ja	1f
	shll	$7, %ecx		/* 128 words a sector */
	movl	loader_header + CKBOOT_LOADER_CMDLINE_OFFSET, %esi
	addl	$__loader_sector_end + CKBOOT_SECTOR_SIZE - 1, %esi
	andl	$-CKBOOT_SECTOR_SIZE, %esi
	movl	$CKBOOT_BOUNCE_ADDR, %edi
	rep movsl
1:
	/* The BIOS gave us no promise about the memory behind the image.
	   A word a step (loader.ld aligns both ends): under TCG each step
	   of a rep is a trip through the translated loop.  */
	movl	$__bss_start, %edi
	movl	$__bss_end, %ecx
	subl	%edi, %ecx
	shrl	$2, %ecx
	xorl	%eax, %eax
	rep stosl

	movl	$__longmode_load, %esi	/* loader.ld says why */
	movl	$__longmode_start, %edi
	movl	$__longmode_size, %ecx
	rep movsb

	/* The loader's C is 64-bit code: without long mode there is
	   nothing to do.  CPUID exists if EFLAGS.ID can be flipped.  */
	pushfl
	popl	%eax
	movl	%eax, %ecx
	xorl	$EFLAGS_ID, %eax
	pushl	%eax
	popfl
	pushfl
	popl	%eax
	pushl	%ecx
	popfl
	xorl	%ecx, %eax
	movl	$no_cpuid_msg, %esi
	testl	$EFLAGS_ID, %eax
	jz	fail
	movl	$no_long_mode_msg, %esi
	movl	$CPUID_EXT_MAX, %eax
	cpuid
	cmpl	$CPUID_EXT_FEATURES, %eax
	jb	fail
	movl	$CPUID_EXT_FEATURES, %eax
	cpuid
	testl	$CPUID_EXT_EDX_LM, %edx
	jz	fail

	/* The FPU bits of CR0 and the CR4 the BIOS handed over, which
	   realmode.S restores for every BIOS call (it says why).  */
	movl	%cr0, %eax
	andl	$CR0_FPU_BITS, %eax
	movl	%eax, bios_cr0_fpu
	movl	%cr4, %eax
	movl	%eax, bios_cr4

	/* An identity map of the first 4 GiB in 2 MiB pages, for the
	   loader's own use: four page directories under one PDPT.  */
	movl	$loader_pd, %edi
	movl	$(PTE_P | PTE_W | PTE_PS), %eax
	movl	$4 * PT_ENTRIES, %ecx
1:	movl	%eax, (%edi)
	addl	$LARGE_2M, %eax
	addl	$8, %edi
	decl	%ecx
	jnz	1b
	movl	$loader_pdpt, %edi
	movl	$loader_pd + (PTE_P | PTE_W), %eax
	movl	$4, %ecx
1:	movl	%eax, (%edi)
	addl	$4096, %eax
	addl	$8, %edi
	decl	%ecx
	jnz	1b
	movl	$loader_pdpt + (PTE_P | PTE_W), loader_pml4

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$loader_pml4, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$CR0_PG, %eax
	movl	%eax, %cr0		/* paging on: compatibility mode */
	ljmpl	$SEL_CODE64, $long_entry

	.code64
long_entry:
	movl	$SEL_DATA64, %eax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %fs
	movw	%ax, %gs
	movw	%ax, %ss
	movl	$CKBOOT_STACK_TOP, %esp	/* zero-extended into RSP */
	call	loader_main
	jmp	halt64

	.code32
/* Say it on the screen and, for headless machines and logs, on COM1 as
   the BIOS left it.  ESI = the message.  */
fail:
	movl	$VGA_TEXT_ADDR, %edi
	movw	$COM1_PORT, %dx
	movb	$0x07, %ah		/* light grey on black */
1:	lodsb
	testb	%al, %al
	jz	halt
	stosw
	outb	%al, %dx
	jmp	1b
halt:	cli
	hlt
	jmp	halt

no_cpuid_msg:
	.asciz	"ckboot: this CPU does not support 64-bit long mode (no CPUID)\r\n"
no_long_mode_msg:
	.asciz	"ckboot: this CPU does not support 64-bit long mode\r\n"

/* CPU exceptions in the loader: main.c's exceptions_init() points the
   IDT at these stubs, so that a fault is reported by exception_report()
   instead of running through the real-mode IVT the BIOS left in IDTR.
   Each stub pushes a zero where the CPU pushes no error code, then the
   vector, so that exception_report() gets (vector, error code, RIP).  */
	.section .text
	.code64
	.macro	EXCEPTION vector
	.p2align 4			/* main.c: 16 bytes a stub */
	.if	(\vector == 8) || (\vector >= 10 && \vector <= 14) || \
		(\vector == 17) || (\vector == 21) || (\vector == 29) || \
		(\vector == 30)
	.else
	pushq	$0
	.endif
	pushq	$\vector
	jmp	exception_common
	.endm

	.p2align 4
	.globl	exception_stubs
exception_stubs:
	.irp	v, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, \
		16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
	EXCEPTION \v
	.endr

exception_common:
	cld
	popq	%rdi			/* vector */
	popq	%rsi			/* error code */
	movq	(%rsp), %rdx		/* RIP */
	andq	$-16, %rsp		/* the ABI's alignment at a call */
	call	exception_report	/* does not return */
halt64:	cli
	hlt
	jmp	halt64

	.section .data16, "aw"
	.globl	bios_boot_drive
bios_boot_drive:
	.byte	0

/* The loader GDT, also the one the kernel is entered with (longmode.S).
   The selectors are x86.h's SEL_*; the 16-bit pair serves realmode.S on
   its way back to real mode.  */
	.p2align 3
	.globl	loader_gdt
loader_gdt:
	.quad	0			/* null */
	.quad	0x00cf9a000000ffff	/* 0x08 SEL_CODE32: 4 GiB */
	.quad	0x00cf92000000ffff	/* 0x10 SEL_DATA32 */
	.quad	0x00009a000000ffff	/* 0x18 SEL_CODE16: 64 KiB */
	.quad	0x000092000000ffff	/* 0x20 SEL_DATA16 */
	.quad	0x00af9a000000ffff	/* 0x28 SEL_CODE64: L = 1 */
	.quad	0x00cf92000000ffff	/* 0x30 SEL_DATA64 */
loader_gdt_end:

	.p2align 3
	.word	0			/* align the base */
	.globl	loader_gdt_desc
loader_gdt_desc:
	.word	loader_gdt_end - loader_gdt - 1
	.long	loader_gdt
	.long	0			/* upper base for lgdtq */

/* The loader's identity map (above); .bss is cleared before it is
   built.  All of the loader's C runs on it, and longmode.S until it
   loads the kernel's CR3.  */
	.section .bss
	.p2align 12
	.globl	loader_pml4
loader_pml4:
	.space	4096
loader_pdpt:
	.space	4096
loader_pd:
	.space	4 * 4096

	.section .note.GNU-stack, "", @progbits
