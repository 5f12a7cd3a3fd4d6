/* optionrom.S -- a legacy option ROM for the boot tests, handed to
   SeaBIOS with QEMU's -option-rom.  It stands for the disk and network
   ROMs of real PCs, which hook INT 13h and may take conventional memory
   for themselves, for BIOSes that read fewer sectors than asked, and
   for BIOSes that start the boot sector with a bad boot drive in DL.
   Its builds:

   - plain: the init entry, which SeaBIOS calls before it boots, hooks
     INT 13h: each call then writes one line to the debug console (port
     0xe9, QEMU's -debugcon),
	int13 ah=42 from 0000:8a3c if=1
     giving AH, the caller's return address and the interrupt flag the
     caller ran with (in the FLAGS the INT pushed), and goes on to the
     BIOS's handler;
   - -DBASEMEM_KIB=N: the same, and the init entry also sets the
     conventional memory size in the BIOS data area (INT 12h's answer)
     to N KiB, as a ROM that keeps its data at the top of conventional
     memory does;
   - -DEXT_LIMIT=N: the same, and an AH=42h read of more than N sectors
     is cut to N in the caller's packet before the BIOS sees it, so that
     the BIOS reads N and writes N back as the count it moved, as USB
     BIOSes that stop short do ("ext42: 7f sectors asked, 40 read");
     with -DEXT_REFUSE as well, it fails with status 01h instead, as
     BIOSes that take only so many sectors a call do ("ext42: 7f sectors
     asked, refused");
   - -DBOOT_DL=N: a PnP ROM with a bootstrap entry (BEV) instead, which
     boots the first hard disk as the BIOS would (sector 0 to 0:7C00)
     but with DL = N, and says so on the debug console; give it
     bootindex=0 so that SeaBIOS boots it.  With -DBOOT_CS=0x7c0 as
     well, it jumps to the sector as 07C0:0000, as some BIOSes do.
   - -DVBE_REFUSE_SET: the init entry hooks INT 10h instead, and VBE's
     set-mode call (AX=4F02h) then fails with status 014Fh after saying
     "int10 4f02 refused" on the debug console, as a video BIOS that
     lists a mode it cannot set does; every other call goes on to the
     video BIOS.

   rom-checksum pads the image to 512 bytes and sets the checksum bytes.  */

#define DEBUGCON_PORT	 0xe9
#define IVT_INT10	 (0x10 * 4)
#define IVT_INT13	 (0x13 * 4)
#define VBE_SET_MODE	 0x4f02
#define VBE_FAILED	 0x014f /* AH 01h: the function failed */
#define BDA_MEMORY_KIB	 0x413
#define FLAGS_IF_HIGH	 0x02 /* IF is bit 9: bit 1 of the high byte */
#define ROM_PNP_OFFSET	 0x1a /* word: offset of the PnP header, or 0 */
#define BOOT_SECTOR	 0x7c00
#ifndef BOOT_CS
#define BOOT_CS		 0
#endif
#define BOOT_IP		 (BOOT_SECTOR - BOOT_CS * 16)

	.code16
	.section .text, "ax"
	.globl	_start
_start:
	.byte	0x55, 0xaa		/* signature */
	.byte	1			/* size in 512-byte blocks */
	jmp	init			/* offset 3: the init entry */
	.org	ROM_PNP_OFFSET
#ifdef BOOT_DL
	.word	pnp
#else
	.word	0			/* a legacy ROM */
#endif

#ifdef BOOT_DL
/* The PnP expansion header: only the bootstrap entry matters here.  */
	.p2align 4
pnp:	.ascii	"$PnP"
	.byte	1			/* revision */
	.byte	2			/* length, 16-byte units */
	.word	0			/* next header */
	.byte	0
	.byte	0			/* checksum: rom-checksum sets it */
	.long	0			/* device id */
	.word	0			/* manufacturer string */
	.word	product			/* product string, for the boot menu */
	.byte	1, 0, 0			/* type: mass storage */
	.byte	0			/* indicators */
	.word	0			/* boot connection vector */
	.word	0			/* disconnect vector */
	.word	bev			/* bootstrap entry vector */
	.word	0
	.word	0			/* static resources */
product: .asciz	"ckboot test: bad DL"

init:
	lret

/* What INT 19h does, but with DL = BOOT_DL and CS:IP = BOOT_CS:BOOT_IP,
   and saying so on the debug console ("bev: boot sector at 0000:7c00,
   dl=3f"), so that a test can tell this boot from the BIOS's own.  A
   failed read halts: the BIOS would boot the disk itself.  */
bev:
	xorw	%ax, %ax
	movw	%ax, %es
	movw	$BOOT_SECTOR, %bx
	movw	$0x0201, %ax		/* read one sector */
	movw	$0x0001, %cx		/* cylinder 0, sector 1 */
	movw	$0x0080, %dx		/* head 0, the first hard disk */
	int	$0x13
	jc	halt
	movw	$msg_bev, %si
	call	puts
	movw	$BOOT_CS, %ax
	call	puthex16
	movb	$':', %al
	outb	%al, $DEBUGCON_PORT
	movw	$BOOT_IP, %ax
	call	puthex16
	movw	$msg_dl, %si
	call	puts
	movb	$BOOT_DL, %al
	call	puthex8
	movb	$'\n', %al
	outb	%al, $DEBUGCON_PORT
	movb	$BOOT_DL, %dl
	ljmp	$BOOT_CS, $BOOT_IP
halt:
	cli
	hlt
	jmp	halt

msg_bev: .asciz	"bev: boot sector at "
msg_dl:	 .asciz	", dl="
#elif defined(VBE_REFUSE_SET)

/* As for INT 13h below: a second call must not hook INT 10h onto
   itself.  */
init:
	pushw	%ds
	pushl	%eax
	xorw	%ax, %ax
	movw	%ax, %ds
	cmpw	$int10, IVT_INT10
	jne	2f
	movw	%cs, %ax
	cmpw	%ax, IVT_INT10 + 2
	je	1f
2:	movl	IVT_INT10, %eax
	movl	%eax, %cs:old10
	movw	$int10, IVT_INT10
	movw	%cs, IVT_INT10 + 2
1:	popl	%eax
	popw	%ds
	lret

int10:
	cmpw	$VBE_SET_MODE, %ax
	je	1f
	ljmp	*%cs:old10
1:	pushw	%si
	movw	$msg_refused, %si
	call	puts
	popw	%si
	movw	$VBE_FAILED, %ax
	iret

msg_refused: .asciz "int10 4f02 refused\n"
	.p2align 2
old10:	.long	0
#else

/* SeaBIOS calls a legacy ROM's init entry as the ROM's boot connection
   vector, after POST, and may call it again; the ROM is in shadow RAM,
   where old13 can be written then.  A second call must not hook INT 13h
   onto itself.  */
init:
	pushw	%ds
	pushl	%eax
	xorw	%ax, %ax
	movw	%ax, %ds
	cmpw	$int13, IVT_INT13
	jne	2f
	movw	%cs, %ax
	cmpw	%ax, IVT_INT13 + 2
	je	1f
2:	movl	IVT_INT13, %eax
	movl	%eax, %cs:old13
	movw	$int13, IVT_INT13
	movw	%cs, IVT_INT13 + 2
1:
#ifdef BASEMEM_KIB
	movw	$BASEMEM_KIB, BDA_MEMORY_KIB
#endif
	popl	%eax
	popw	%ds
	lret

/* Stack on entry: IP, CS, FLAGS of the caller.  */
int13:
	pushw	%bp
	movw	%sp, %bp
	pushw	%ax
	pushw	%bx
	pushw	%si
	movw	%ax, %bx		/* AH, kept for the line */
	movw	$msg_ah, %si
	call	puts
	movb	%bh, %al
	call	puthex8
	movw	$msg_from, %si
	call	puts
	movw	4(%bp), %ax		/* caller's CS */
	call	puthex16
	movb	$':', %al
	outb	%al, $DEBUGCON_PORT
	movw	2(%bp), %ax		/* caller's IP */
	call	puthex16
	movw	$msg_if, %si
	call	puts
	movb	$'0', %al
	testb	$FLAGS_IF_HIGH, 7(%bp)
	jz	1f
	movb	$'1', %al
1:	outb	%al, $DEBUGCON_PORT
	movb	$'\n', %al
	outb	%al, $DEBUGCON_PORT
	popw	%si
	popw	%bx
	popw	%ax
#ifdef EXT_LIMIT
	call	ext_limit
	jc	refuse
#endif
	popw	%bp
	ljmp	*%cs:old13

#ifdef EXT_LIMIT
#define DAP_COUNT 2
/* An AH=42h call for more than EXT_LIMIT sectors: log it and cut the
   count in the packet at DS:SI, or (EXT_REFUSE) return CF set.  */
ext_limit:
	cmpb	$0x42, %ah
	jne	2f
	cmpw	$EXT_LIMIT, DAP_COUNT(%si)
	jbe	2f
	pushw	%ax
	pushw	%si
	movb	DAP_COUNT(%si), %ah	/* 127 at most: a byte; puts keeps AH */
	movw	$msg_ext, %si
	call	puts
	movb	%ah, %al
	call	puthex8
	movw	$msg_asked, %si
	call	puts
#ifdef EXT_REFUSE
	movw	$msg_refused, %si
	call	puts
	popw	%si
	popw	%ax
	stc
	ret
#else
	movb	$EXT_LIMIT, %al
	call	puthex8
	movw	$msg_read, %si
	call	puts
	popw	%si
	popw	%ax
	movw	$EXT_LIMIT, DAP_COUNT(%si)
#endif
2:	clc
	ret

/* Status 01h, "bad command", with CF set in the FLAGS IRET restores.  */
refuse:
	movb	$0x01, %ah
	orb	$1, 6(%bp)
	popw	%bp
	iret

msg_ext:   .asciz "ext42: "
msg_asked: .asciz " sectors asked, "
msg_read:  .asciz " read\n"
msg_refused: .asciz "refused\n"
#endif

msg_ah:	 .asciz	"int13 ah="
msg_from: .asciz " from "
msg_if:	 .asciz	" if="

	.p2align 2
old13:	.long	0
#endif

/* The NUL-terminated string at CS:SI.  Clobbers AL and SI.  */
puts:
	movb	%cs:(%si), %al
	testb	%al, %al
	jz	1f
	outb	%al, $DEBUGCON_PORT
	incw	%si
	jmp	puts
1:	ret

/* AX, then AL, in hex.  Clobber AX.  */
puthex16:
	pushw	%ax
	movb	%ah, %al
	call	puthex8
	popw	%ax
puthex8:
	pushw	%ax
	shrb	$4, %al
	call	puthex4
	popw	%ax
puthex4:
	andb	$0xf, %al
	addb	$'0', %al
	cmpb	$'9', %al
	jbe	1f
	addb	$'a' - '9' - 1, %al
1:	outb	%al, $DEBUGCON_PORT
	ret
