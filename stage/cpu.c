/* cpu.c: what the processor offers, and the last steps before the
   kernel.

   entry.S has made sure of long mode, in which all of the loader's C
   runs.  cpu_check() runs before the kernel is mapped: NX and 1 GiB
   pages decide how the page tables are built.  longmode_enter() is the
   loader's last C: it sets EFER.NXE and CR0.WP, masks the PICs, and
   leaves the switch to the kernel's page tables and the jump to
   longmode.S.
   cpu_sse_on() has enabled SSE before.  */

#include "boot.h"
#include "x86.h"

static uintptr_t cr0_read(void)
{
	uintptr_t v;

	__asm__ volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static void cr0_write(uintptr_t v)
{
	__asm__ volatile("mov %0, %%cr0" : : "r"(v) : "memory");
}

static uintptr_t cr4_read(void)
{
	uintptr_t v;

	__asm__ volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void cr4_write(uintptr_t v)
{
	__asm__ volatile("mov %0, %%cr4" : : "r"(v) : "memory");
}

static uint64_t rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return (uint64_t)hi << 32 | lo;
}

static void wrmsr(uint32_t msr, uint64_t v)
{
	__asm__ volatile("wrmsr"
			 :
			 : "c"(msr), "a"((uint32_t)v),
			   "d"((uint32_t)(v >> 32)));
}

void cpu_check(struct cpu_features *f)
{
	uint32_t a, b, c, d;

	/* entry.S has made sure of long mode: we run in it.  */
	cpuid(CPUID_EXT_FEATURES, &a, &b, &c, &d);
	f->nx = !!(d & CPUID_EXT_EDX_NX);
	f->gb_pages = !!(d & CPUID_EXT_EDX_PDPE1GB);

	/* Every x86-64 CPU has SSE2, and kernels from a stock compiler use
	   it: something claiming long mode without it is not one we can
	   serve.  */
	cpuid(CPUID_FEATURES, &a, &b, &c, &d);
	if ((d & (CPUID_EDX_FXSR | CPUID_EDX_SSE | CPUID_EDX_SSE2)) !=
	    (CPUID_EDX_FXSR | CPUID_EDX_SSE | CPUID_EDX_SSE2))
		panic("this CPU has long mode but no SSE2 (CPUID.1 EDX 0x%08x)",
		      d);
}

/* SSE on, for the kernel and for phys_copy(): x87 and SSE instructions
   run (EM clear) and a task switch flag is honoured (MP set); FXSAVE
   and SIMD exceptions enabled.  After cpu_check(), which makes sure of
   SSE2, and as early as that: QEMU's TCG keys its translations on
   CR0.MP/EM/TS and CR4.OSFXSR, so code run on both sides of the switch
   is translated twice (on the BIOS side, the loader's trips to real
   mode put the firmware's bits back).  */
void cpu_sse_on(void)
{
	cr0_write((cr0_read() & ~(CR0_EM | CR0_TS)) | CR0_MP);
	cr4_write(cr4_read() | CR4_OSFXSR | CR4_OSXMMEXCPT);
	phys_sse = 1;
}

/* What longmode.S reads, at the offsets it uses (LM_* there).  */
struct longmode_args {
	uint64_t entry;
	uint64_t stack_top;
	uint64_t bootinfo;
};
_Static_assert(__builtin_offsetof(struct longmode_args, entry) == 0,
	       "longmode.S LM_ENTRY");
_Static_assert(__builtin_offsetof(struct longmode_args, stack_top) == 8,
	       "longmode.S LM_STACK_TOP");
_Static_assert(__builtin_offsetof(struct longmode_args, bootinfo) == 16,
	       "longmode.S LM_BOOTINFO");

/* longmode.S */
extern char longmode_code_start[], longmode_code_end[];
__attribute__((noreturn)) void longmode_jump(const struct longmode_args *a,
					     uint64_t pml4);

void longmode_code(uint64_t *start, uint64_t *end)
{
	*start = (uintptr_t)longmode_code_start;
	*end = (uintptr_t)longmode_code_end;
}

void longmode_enter(struct boot_state *bs)
{
	/* Static: in the identity-mapped loader image, where longmode.S
	   can still read it once paging is on.  */
	static struct longmode_args args;
	uint64_t efer = 0;

	args.entry = bs->elf.entry;
	args.stack_top = bs->stack_top;
	args.bootinfo = bs->bootinfo_virt;
	if (bs->cpu.nx)
		efer |= EFER_NXE;

	printf("ckboot: starting the kernel at 0x%lx\n", args.entry);
	__asm__ volatile("cli");
	/* Masked, the legacy PICs cannot send the kernel an interrupt on a
	   vector it did not choose, once it enables interrupts.  */
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	/* Read-only pages of the kernel's tables bind the kernel too.  */
	cr0_write(cr0_read() | CR0_WP);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | efer);
	longmode_jump(&args, bs->pg.pml4);
}
