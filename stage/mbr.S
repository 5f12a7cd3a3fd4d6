/* mbr.S: the boot sector, first link of the chain.

   The BIOS has loaded sector 0 to 0x0000:0x7C00 and jumped here with DL
   = the boot drive.  We read the loader (loader_sectors sectors from
   loader_lba, both patched in by ckboot-install) to 0x0000:0x8000,
   check the first half of its header magic, and jump to it with DL =
   the boot drive.
   For a kernel of CKBOOT_PREREAD_MAX sectors or fewer the count covers
   the kernel too, which follows the loader on the disk (entry.S takes
   it over).

   INT 13h extensions read 64 sectors (32 KiB) a call, so no call
   crosses a 64 KiB boundary, and go on from where a BIOS that read
   fewer stopped; without extensions, CHS reads go one
   sector at a time (only very old BIOSes and floppies take that road).
   A failed read is retried after a disk reset.  After TRIES failures
   CHS takes over (GRUB's boot sector too goes to CHS when AH=42h
   fails): some BIOSes claim extensions that fail, or lack packet reads,
   which is not asked.  (If CHS was the road already, the geometry is
   asked again.)  TRIES more, and a short
   message goes to the screen and to COM1 (as the BIOS left it: a UART
   that is not set up drops the bytes), and the machine halts:

	ckboot: read error	the BIOS could not read the loader
	ckboot: no loader	no loader where the parameters point

   Layout: a jump at 0, bytes 3-0x59 zero (room for a FAT BPB), struct
   ckboot_mbr_params at 0x5A, code, then nothing past byte 439: the disk
   signature, partition table and 0x55AA belong to the user.  The .org
   directives make the build fail if the code grows into them.  The
   image ends with 0x55AA so it boots as it is; ckboot-install copies
   bytes 0-439 only.

   Nothing here is addressed through CS, so a BIOS that jumps to
   07C0:0000 instead of 0000:7C00 does as well.

   Space is tight, so variables are addressed from BP = 0x7C00 with
   8-bit displacements, and they live in RAM where the BPB would be
   (bytes 0x10-0x1F, cleared first; the copy on disk is not touched).
   The disk address packet for AH=42h sits over the parameters:
   ckboot_mbr_params.loader_lba is at offset 8 of both, so it serves as
   the running LBA once loader_sectors has been taken.  */

#include <ckboot/layout.h>
#include "x86.h"

/* The stack sits right below us for the few calls made here; the
   loader moves it to CKBOOT_STACK_TOP, out of this page.  */
	.set	MBR_ADDR, 0x7c00	/* the BIOS loaded us here; also SP, BP */
	.set	LOADER_ADDR, CKBOOT_LOADER_ADDR
	.set	HEADER, LOADER_ADDR + CKBOOT_LOADER_HEADER_OFFSET
	.set	EXT_CHUNK, 64		/* sectors per AH=42h call */
	.set	TRIES, 3		/* failed reads before CHS, then more */

	/* struct ckboot_mbr_params, and the packet laid over it.  */
	.set	PARAMS, CKBOOT_MBR_PARAMS_OFFSET
	.set	P_SECTORS, PARAMS + 4
	.set	DAP, PARAMS
	.set	DAP_COUNT, DAP + 2
	.set	DAP_OFFSET, DAP + 4	/* over P_SECTORS */
	.set	DAP_SEGMENT, DAP + 6
	.set	DAP_LBA, DAP + 8	/* = loader_lba */

	/* Scratch in the BPB room, all cleared at start.  */
	.set	SCRATCH, 0x10
	.set	SPT, 0x10		/* dword; 0: use extensions */
	.set	HEADS, 0x14		/* dword */
	.set	REMAINING, 0x18		/* word: sectors to read */
	.set	ERRORS, 0x1a		/* byte */
	.set	DRIVE, 0x1b		/* byte */
	.set	SCRATCH_END, 0x1c

	.code16
	.section .text, "ax"
	.globl	_start
_start:
	jmp	start
	nop
	.org	PARAMS
	.long	0x3142434b		/* CKBOOT_MBR_MAGIC "CKB1" */
	.word	0			/* loader_sectors */
	.word	0			/* reserved */
	.quad	0			/* loader_lba */

start:
	xorw	%ax, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss		/* no interrupt before SP */
	movw	$MBR_ADDR, %sp
	cld
	movw	%sp, %bp
	movw	$MBR_ADDR + SCRATCH, %di
	movw	$SCRATCH_END - SCRATCH, %cx
	rep stosb
	/* Some BIOSes pass garbage in DL: anything but a floppy (0-0x0f)
	   or a hard disk (0x80-0x8f) is taken for the first hard disk,
	   as GRUB's boot sector does.  */
	testb	$0x70, %dl
	jz	1f
	movb	$0x80, %dl
1:	movb	%dl, DRIVE(%bp)

	movw	P_SECTORS(%bp), %ax
	testw	%ax, %ax
	jz	bad_loader
	movw	%ax, REMAINING(%bp)
	movw	$16, DAP(%bp)		/* size; reserved byte 0 */
	movl	$(LOADER_ADDR >> 4) << 16, DAP_OFFSET(%bp)

	movb	$0x41, %ah		/* extensions present? */
	movw	$0x55aa, %bx
	int	$0x13
	jc	chs_init
	cmpw	$0xaa55, %bx
	je	next			/* no packet reads: they fail, then CHS */

chs_init:
	movb	$0x08, %ah		/* geometry */
	movb	DRIVE(%bp), %dl
	xorw	%di, %di		/* ES:DI = 0 guards buggy BIOSes */
	int	$0x13			/* (ES: the buffer's, after CHS reads) */
	jc	read_error
	andw	$0x3f, %cx
	jz	read_error
	movw	%cx, SPT(%bp)
	movzbw	%dh, %ax		/* a second time too: 256 heads */
	incw	%ax
	movw	%ax, HEADS(%bp)

/* Read up to REMAINING sectors to the packet's buffer: CF on error,
   CX = sectors read.  */
next:
	movw	REMAINING(%bp), %cx
	jcxz	loaded
	movb	DRIVE(%bp), %dl
	cmpb	$0, SPT(%bp)
	jne	read_chs
	cmpw	$EXT_CHUNK, %cx
	jbe	1f
	movw	$EXT_CHUNK, %cx
1:	movw	%cx, DAP_COUNT(%bp)
	pushw	%cx
	leaw	DAP(%bp), %si
	movb	$0x42, %ah
	int	$0x13
	popw	%cx
	jc	read_done
	/* The BIOS writes back the sectors it moved, which a USB BIOS may
	   leave short of those asked: go on from there.  0, or more than
	   asked, means all of them (AX - 1 >= CX, unsigned).  */
	movw	DAP_COUNT(%bp), %ax
	decw	%ax
	cmpw	%cx, %ax
	jae	read_done		/* CF clear */
	incw	%ax
	xchgw	%ax, %cx
	clc
read_done:
	jnc	advance
	incb	ERRORS(%bp)
	cmpb	$2 * TRIES, ERRORS(%bp)
	je	read_error
	xorb	%ah, %ah		/* reset, then retry */
	movb	DRIVE(%bp), %dl
	int	$0x13
	cmpb	$TRIES, ERRORS(%bp)
	je	chs_init
	jmp	next
advance:
	subw	%cx, REMAINING(%bp)
	addw	%cx, DAP_LBA(%bp)	/* 32 bits do: the loader lies */
	adcw	$0, DAP_LBA + 2(%bp)	/* well below 2 TiB */
	shlw	$5, %cx			/* sector = 32 paragraphs */
	addw	%cx, DAP_SEGMENT(%bp)
	jmp	next

/* Half the magic is check enough here; entry.S checks that the image
   is whole.  */
loaded:
	cmpl	$(CKBOOT_LOADER_MAGIC & 0xffffffff), HEADER
	jne	bad_loader
	movb	DRIVE(%bp), %dl
	ljmp	$0, $LOADER_ADDR

/* One sector, the packet's LBA, by CHS.  */
read_chs:
	movl	DAP_LBA(%bp), %eax
	xorl	%edx, %edx
	divl	SPT(%bp)		/* EAX = track, EDX = sector - 1 */
	incw	%dx
	movw	%dx, %cx
	xorl	%edx, %edx
	divl	HEADS(%bp)		/* EAX = cylinder, EDX = head */
	cmpl	$1023, %eax
	ja	read_error		/* beyond CHS: cannot be read */
	movb	%al, %ch
	shlb	$6, %ah
	orb	%ah, %cl
	movb	%dl, %dh
	movb	DRIVE(%bp), %dl
	movw	DAP_SEGMENT(%bp), %es
	xorw	%bx, %bx
	movw	$0x0201, %ax
	int	$0x13
	movw	$1, %cx
	jmp	read_done

read_error:
	movw	$read_err, %si
	jmp	fail
bad_loader:
	movw	$no_loader, %si
fail:
	lodsb
	testb	%al, %al
	jz	halt
	movw	$COM1_PORT, %dx
	outb	%al, %dx
	movb	$0x0e, %ah		/* teletype */
	xorw	%bx, %bx		/* page 0 */
	int	$0x10
	jmp	fail
halt:
	cli
	hlt
	jmp	halt

read_err: .asciz "ckboot: read error"
no_loader: .asciz "ckboot: no loader"

	.org	440			/* fails if code reaches 440 */
	.org	510
	.byte	0x55, 0xaa

	.section .note.GNU-stack, "", @progbits
