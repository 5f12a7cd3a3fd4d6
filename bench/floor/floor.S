/* floor.S -- the BIOS-read floor: a boot sector that does nothing but
   read, then report.

   The BIOS has loaded this sector to 0x7c00 with DL = boot drive.  It
   reads floor_sectors sectors from LBA floor_lba on with INT 13h AH=42h,
   127 sectors a call (the most EDD 1.1 promises) into one 64 KiB buffer
   that is overwritten each time, reads the TSC, prints it on COM1 the way
   the benchmark kernels do and exits QEMU through isa-debug-exit.  No
   loader can get a kernel into memory faster through the BIOS, so
   run-bench divides the loaders' times by this one.

   run-bench patches floor_sectors (the kernel file's size in sectors)
   and floor_lba at FLOOR_PARAMS_OFFSET; the kernel bytes follow at
   floor_lba so the floor reads the same data from the same place.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include "../kernels/bench.h"

#define FLOOR_PARAMS_OFFSET 0x1b0	/* 432: ends before the disk signature */
#define FLOOR_CHUNK 127			/* sectors per INT 13h call */
#define FLOOR_BUF_SEG 0x1000		/* buffer at 0x10000-0x1fe00 */
#define INT13_EXT_READ 0x42

	.code16
	.section .text
	.globl _start
_start:
	cli
	xor	%ax, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	$0x7c00, %sp
	ljmp	$0, $1f			/* CS:IP = 0:7c00-relative from here */
1:	sti
	mov	%dl, drive
	mov	floor_lba, %eax
	mov	%eax, dap_lba
	mov	floor_sectors, %ebx	/* EBX = sectors left */

read_loop:
	test	%ebx, %ebx
	jz	done
	mov	$FLOOR_CHUNK, %ecx
	cmp	%ecx, %ebx
	jae	2f
	mov	%ebx, %ecx
2:	mov	%cx, dap_count
	mov	$dap, %si
	mov	drive, %dl
	mov	$(INT13_EXT_READ << 8), %ax
	push	%ecx
	int	$0x13
	pop	%ecx
	jc	fail
	addl	%ecx, dap_lba
	sub	%ecx, %ebx
	jmp	read_loop

done:
	rdtsc
	mov	%eax, %ebp
	mov	%edx, %ecx
	mov	$msg_tsc, %si
	call	puts
	mov	%ecx, %eax
	call	hex32
	mov	%ebp, %eax
	call	hex32
	mov	$'\n', %al
	call	putc
	mov	$BENCH_EXIT_OK, %al
	jmp	leave

fail:
	mov	$msg_fail, %si
	call	puts
	mov	$BENCH_EXIT_FAIL, %al
leave:
	out	%al, $BENCH_DEBUG_EXIT
3:	cli
	hlt
	jmp	3b

/* puts: print the NUL-terminated string at DS:SI.  Clobbers AL, SI.  */
puts:
	lodsb
	test	%al, %al
	jz	4f
	call	putc
	jmp	puts
4:	ret

/* hex32: print EAX as 8 hex digits.  Clobbers EAX, EDX, DI.  */
hex32:
	mov	%eax, %edx
	mov	$8, %di
5:	rol	$4, %edx
	mov	%dl, %al
	and	$0xf, %al
	add	$'0', %al
	cmp	$'9', %al
	jbe	6f
	add	$('a' - '9' - 1), %al
6:	call	putc
	dec	%di
	jnz	5b
	ret

/* putc: send AL to COM1 (QEMU's UART is always ready).  Keeps DX,
   which hex32 rotates its value in.  */
putc:
	push	%dx
	mov	$BENCH_COM1, %dx
	out	%al, %dx
	pop	%dx
	ret

msg_tsc:	.asciz	"bench tsc 0x"
msg_fail:	.asciz	"floor: read error\n"

	.balign 4
dap:	.byte	16, 0		/* size, reserved */
dap_count:
	.word	0
	.word	0, FLOOR_BUF_SEG	/* offset, segment */
dap_lba:
	.long	0, 0
drive:	.byte	0

	.org	FLOOR_PARAMS_OFFSET
floor_sectors:
	.long	0
floor_lba:
	.long	1
	.org	510
	.byte	0x55, 0xaa

	.section .note.GNU-stack, "", @progbits
