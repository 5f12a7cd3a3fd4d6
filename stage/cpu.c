/* cpu.c: what the processor must offer, and the last steps before long
   mode.

   cpu_check() runs before the kernel is mapped: without long mode there
   is nothing to do, and NX and 1 GiB pages decide how the page tables
   are built.  longmode_enter() is the loader's last C: it sets every
   control bit that is harmless while paging is off (CR4.PAE, CR3,
   EFER.LME/NXE), masks the PICs, and leaves only the switch itself to
   longmode.S.  cpu_sse_on() has enabled SSE before.  */

#include "boot.h"
#include "x86.h"

static uint32_t eflags_read(void)
{
	uint32_t f;

	__asm__ volatile("pushfl; popl %0" : "=r"(f));
	return f;
}

static void eflags_write(uint32_t f)
{
	__asm__ volatile("pushl %0; popfl" : : "r"(f) : "cc");
}

static uint32_t cr0_read(void)
{
	uint32_t v;

	__asm__ volatile("movl %%cr0, %0" : "=r"(v));
	return v;
}

static void cr0_write(uint32_t v)
{
	__asm__ volatile("movl %0, %%cr0" : : "r"(v) : "memory");
}

static uint32_t cr4_read(void)
{
	uint32_t v;

	__asm__ volatile("movl %%cr4, %0" : "=r"(v));
	return v;
}

static void cr4_write(uint32_t v)
{
	__asm__ volatile("movl %0, %%cr4" : : "r"(v) : "memory");
}

static void cr3_write(uint32_t v)
{
	__asm__ volatile("movl %0, %%cr3" : : "r"(v) : "memory");
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

/* CPUID exists if EFLAGS.ID can be flipped (486 and later).  */
static int cpuid_present(void)
{
	uint32_t before = eflags_read(), after;

	eflags_write(before ^ EFLAGS_ID);
	after = eflags_read();
	eflags_write(before);
	return (before ^ after) & EFLAGS_ID;
}

void cpu_check(struct cpu_features *f)
{
	uint32_t a, b, c, d;

	if (!cpuid_present())
		panic("this CPU does not support 64-bit long mode (no CPUID)");
	cpuid(CPUID_EXT_MAX, &a, &b, &c, &d);
	if (a < CPUID_EXT_FEATURES)
		panic("this CPU does not support 64-bit long mode");
	cpuid(CPUID_EXT_FEATURES, &a, &b, &c, &d);
	if (!(d & CPUID_EXT_EDX_LM))
		panic("this CPU does not support 64-bit long mode");
	f->long_mode = 1;
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
	uint32_t cr0_set;
	uint32_t reserved;
};
_Static_assert(__builtin_offsetof(struct longmode_args, entry) == 0,
	       "longmode.S LM_ENTRY");
_Static_assert(__builtin_offsetof(struct longmode_args, stack_top) == 8,
	       "longmode.S LM_STACK_TOP");
_Static_assert(__builtin_offsetof(struct longmode_args, bootinfo) == 16,
	       "longmode.S LM_BOOTINFO");
_Static_assert(__builtin_offsetof(struct longmode_args, cr0_set) == 24,
	       "longmode.S LM_CR0_SET");

/* longmode.S */
extern char longmode_code_start[], longmode_code_end[];
__attribute__((noreturn)) void longmode_jump(const struct longmode_args *a);

void longmode_code(uint64_t *start, uint64_t *end)
{
	*start = (uintptr_t)longmode_code_start;
	*end = (uintptr_t)longmode_code_end;
}

/* crc32_long.S */
void crc32_fold_copy_long(struct crc32_fold *f, void *dst, const void *src,
			  uint32_t words, uint32_t pml4);

/* The visits need an identity map of everything they touch, all below
   4 GiB: 2 MiB pages, writable, at most four page directories.  It
   lives in the loader's .bss, zeroed at entry, and grows a whole GiB
   at a time when a copy reaches past it.  */
#define FOLD_MAP_DIRS 4 /* of 1 GiB each */
static struct {
	uint64_t pml4[PT_ENTRIES];
	uint64_t pdpt[PT_ENTRIES];
	uint64_t pd[FOLD_MAP_DIRS][PT_ENTRIES];
} fold_map __attribute__((aligned(4096)));
static uint64_t fold_mapped; /* end of what fold_map maps */

static void fold_map_grow(uint64_t end)
{
	uint32_t i, dirs = ALIGN_UP(end, LARGE_1G) / LARGE_1G;

	if (dirs > FOLD_MAP_DIRS)
		panic("long-mode copy up to %llx, beyond 4 GiB", end);
	for (i = 0; i < dirs * PT_ENTRIES; i++)
		fold_map.pd[i / PT_ENTRIES][i % PT_ENTRIES] =
		    i * LARGE_2M | PTE_P | PTE_W | PTE_PS;
	for (i = 0; i < dirs; i++)
		fold_map.pdpt[i] = (uintptr_t)fold_map.pd[i] | PTE_P | PTE_W;
	fold_map.pml4[0] = (uintptr_t)fold_map.pdpt | PTE_P | PTE_W;
	fold_mapped = dirs * LARGE_1G;
}

void cpu_crc32_fold_copy(struct crc32_fold *f, uint64_t dst, uint64_t src,
			 uint32_t words)
{
	uint64_t end = (dst > src ? dst : src) + 8 * (uint64_t)words;

	if (end > fold_mapped)
		fold_map_grow(end);
	crc32_fold_copy_long(f, phys_ptr(dst), phys_ptr(src), words,
			     (uintptr_t)fold_map.pml4);
}

void longmode_enter(struct boot_state *bs)
{
	/* Static: in the identity-mapped loader image, where longmode.S
	   can still read it once paging is on.  */
	static struct longmode_args args;
	uint64_t efer = EFER_LME;

	args.entry = bs->elf.entry;
	args.stack_top = bs->stack_top;
	args.bootinfo = bs->bootinfo_virt;
	args.cr0_set = CR0_PG | CR0_WP;
	if (bs->cpu.nx)
		efer |= EFER_NXE;

	printf("ckboot: starting the kernel at 0x%llx\n", args.entry);
	__asm__ volatile("cli");
	/* Masked, the legacy PICs cannot send the kernel an interrupt on a
	   vector it did not choose, once it enables interrupts.  */
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	cr4_write(cr4_read() | CR4_PAE);
	cr3_write((uint32_t)bs->pg.pml4);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | efer);
	longmode_jump(&args);
}
