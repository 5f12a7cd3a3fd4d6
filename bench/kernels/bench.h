/* bench.h -- what the benchmark kernels and the floor boot sector share:
   the ports they talk to and the line they print.

   Every benchmark image ends the same way: read the TSC, print it on
   COM1 as "bench tsc 0x<16 hex digits>", write BENCH_EXIT_OK to QEMU's
   isa-debug-exit port.  run-bench takes the wall time from QEMU's exit
   and, under -icount, the TSC from that line.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#ifndef BENCH_H
#define BENCH_H

#define BENCH_COM1 0x3f8	/* 16550 transmit holding register */
#define BENCH_COM1_LSR (BENCH_COM1 + 5)
#define BENCH_LSR_THRE 0x20	/* transmit holding register empty */
#define BENCH_DEBUG_EXIT 0xf4	/* QEMU -device isa-debug-exit,iobase=0xf4 */
#define BENCH_EXIT_OK 0x10	/* QEMU exits with (0x10 << 1) | 1 = 33 */
#define BENCH_EXIT_FAIL 0x11	/* 35 */

/* Multiboot2 (the GRUB kernels), from the Multiboot2 specification.  */
#define MB2_HEADER_MAGIC 0xe85250d6
#define MB2_ARCH_I386 0
#define MB2_BOOTLOADER_MAGIC 0x36d76289	/* in EAX at entry */
#define MB2_STACK_SIZE 4096

#ifndef __ASSEMBLER__
#include <stdint.h>

/* report.c: print TSC and leave QEMU; never returns.  */
void bench_report(uint32_t tsc_lo, uint32_t tsc_hi, uint32_t ok)
	__attribute__((noreturn));
#endif

#endif /* BENCH_H */
