/* x86 hardware facts for the loader: port I/O, control-register and MSR
   bits, CPUID.  Constants only and one-instruction helpers; no policy.

   The .S files include it too, so the constants are plain numbers (gas
   takes no U suffix) and everything else is under __ASSEMBLER__.  */

#ifndef STAGE_X86_H
#define STAGE_X86_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#endif

#define CR0_PE 0x1 /* bit 0 */
#define CR0_MP 0x2 /* bit 1 */
#define CR0_EM 0x4 /* bit 2 */
#define CR0_TS 0x8 /* bit 3 */
#define CR0_FPU_BITS (CR0_MP | CR0_EM | CR0_TS) /* what cpu_sse_on() sets */
#define CR0_WP 0x10000 /* bit 16 */
#define CR0_PG 0x80000000 /* bit 31 */

#define CR4_PAE 0x20 /* bit 5 */
#define CR4_PGE 0x80 /* bit 7 */
#define CR4_OSFXSR 0x200 /* bit 9 */
#define CR4_OSXMMEXCPT 0x400 /* bit 10 */

#define MSR_EFER 0xc0000080
#define EFER_LME 0x100 /* bit 8 */
#define EFER_NXE 0x800 /* bit 11 */

#define EFLAGS_CF 0x1 /* bit 0 */
#define EFLAGS_IF 0x200 /* bit 9 */
#define EFLAGS_DF 0x400 /* bit 10 */
#define EFLAGS_ID 0x200000 /* bit 21 */

#define CPUID_EXT_FEATURES 0x80000001
#define CPUID_EXT_EDX_NX 0x100000 /* bit 20 */
#define CPUID_EXT_EDX_PDPE1GB 0x4000000 /* bit 26 */
#define CPUID_EXT_EDX_LM 0x20000000 /* bit 29 */
#define CPUID_FEATURES 0x1
#define CPUID_EDX_FXSR 0x1000000 /* bit 24 */
#define CPUID_EDX_SSE 0x2000000 /* bit 25 */
#define CPUID_EDX_SSE2 0x4000000 /* bit 26 */

/* Legacy 8259 PICs: data ports take the interrupt masks.  */
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1

/* 16550 UART at COM1.  */
#define COM1_PORT 0x3f8

/* VGA text buffer and the legacy VGA window.  */
#define VGA_TEXT_ADDR 0xb8000
#define VGA_WINDOW_START 0xa0000
#define VGA_WINDOW_END 0xc0000
#define VGA_MODE13_ADDR 0xa0000

/* Loader GDT selectors (entry.S and longmode.S use the same numbers).  */
#define SEL_CODE32 0x08
#define SEL_DATA32 0x10
#define SEL_CODE16 0x18
#define SEL_DATA16 0x20
#define SEL_CODE64 0x28
#define SEL_DATA64 0x30

/* For entry.S's long-mode check.  */
#define CPUID_EXT_MAX 0x80000000	/* EAX: highest extended leaf */

/* Appended for place.c: where the local APIC's registers are after
   reset (IA32_APIC_BASE), which firmware leaves alone in practice.  */
#define LAPIC_DEFAULT_BASE 0xfee00000

#ifndef __ASSEMBLER__
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

static inline void io_wait(void)
{
	outb(0x80, 0);
}

static inline void cpuid(uint32_t leaf, uint32_t *a, uint32_t *b,
			 uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid"
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(0));
}

static inline __attribute__((noreturn)) void halt_forever(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}
#endif

#endif /* STAGE_X86_H */
