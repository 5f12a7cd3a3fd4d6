/* report.c -- the last thing every benchmark kernel does.

   entry64.S (ckboot, long mode) and entry-mb2.S (GRUB, 32-bit protected
   mode) have read the TSC as their first instruction and call this with
   it; the same source is compiled for both modes.  Nothing here needs
   the firmware or the loader to have set up COM1: QEMU's 16550 sends
   whatever is written to its holding register.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include "bench.h"

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

/* A real 16550 needs THRE; the bound keeps a missing UART from hanging
   the benchmark.  */
static void com1_putc(char c)
{
	for (int i = 0; i < 100000; i++)
		if (inb(BENCH_COM1_LSR) & BENCH_LSR_THRE)
			break;
	outb(BENCH_COM1, c);
}

static void com1_puts(const char *s)
{
	while (*s)
		com1_putc(*s++);
}

static void com1_hex32(uint32_t v)
{
	for (int shift = 28; shift >= 0; shift -= 4)
		com1_putc("0123456789abcdef"[(v >> shift) & 0xf]);
}

void bench_report(uint32_t tsc_lo, uint32_t tsc_hi, uint32_t ok)
{
	com1_puts(ok ? "bench tsc 0x" : "bench: bad entry state, tsc 0x");
	com1_hex32(tsc_hi);
	com1_hex32(tsc_lo);
	com1_puts("\n");
	outb(BENCH_DEBUG_EXIT, ok ? BENCH_EXIT_OK : BENCH_EXIT_FAIL);
	for (;;)
		__asm__ volatile("cli; hlt");
}
