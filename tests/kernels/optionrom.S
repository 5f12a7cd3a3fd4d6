/* optionrom.S -- a legacy option ROM for the boot tests, handed to
   SeaBIOS with QEMU's -option-rom.  It stands for the disk and network
   ROMs of real PCs, which hook INT 13h and may take conventional memory
   for themselves.  Its init entry, which the BIOS calls at POST:

   - hooks INT 13h: each call then writes one line to the debug console
     (port 0xe9, QEMU's -debugcon),
	int13 ah=42 from 0000:8a3c if=1
     giving AH, the caller's return address and the interrupt flag the
     caller ran with (in the FLAGS the INT pushed), and goes on to the
     BIOS's handler;
   - built with -DBASEMEM_KIB=N, also sets the conventional memory size
     in the BIOS data area (INT 12h's answer) to N KiB, as a ROM that
     keeps its data at the top of conventional memory does.

   rom-checksum pads the image to 512 bytes and sets the checksum byte.  */

#define DEBUGCON_PORT	 0xe9
#define IVT_INT13	 (0x13 * 4)
#define BDA_MEMORY_KIB	 0x413
#define FLAGS_IF_HIGH	 0x02 /* IF is bit 9: bit 1 of the high byte */

	.code16
	.section .text, "ax"
	.globl	_start
_start:
	.byte	0x55, 0xaa		/* signature */
	.byte	1			/* size in 512-byte blocks */
	jmp	init			/* offset 3: the init entry */

/* The BIOS copied the ROM to shadow RAM, writable until POST ends:
   old13 can be written here, and is only read later.  */
init:
	pushw	%ds
	pushl	%eax
	xorw	%ax, %ax
	movw	%ax, %ds
	movl	IVT_INT13, %eax
	movl	%eax, %cs:old13
	movw	$int13, IVT_INT13
	movw	%cs, IVT_INT13 + 2
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
	popw	%bp
	ljmp	*%cs:old13

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

msg_ah:	 .asciz	"int13 ah="
msg_from: .asciz " from "
msg_if:	 .asciz	" if="

	.p2align 2
old13:	.long	0
