/* tk: the test kernels' small runtime.

   The loader has entered a test kernel at _start (tk.c) in long mode with
   RDI = boot info.  tk.c records the machine state at entry, installs an
   IDT that reports every exception on COM1, checks the boot-info header
   and calls the kernel's kernel_main().  Each test kernel then asserts
   one group of boot-protocol promises with CHECK() and returns; tk_pass()
   and tk_fail() end the run through QEMU's isa-debug-exit device, whose
   exit status (33 pass, 35 fail) is the test verdict (tests/qemu-boot).

   Faults a test wants to see (guard page, .rodata write, NX execute) are
   provoked with tk_probe(): an exception inside a probe is recorded and
   the probe returns instead of failing the run.  */

#ifndef TK_H
#define TK_H

#include <stdint.h>
#include <stddef.h>
#include <ckboot/bootinfo.h>

#define TK_PAGE 4096ULL

/* QEMU's isa-debug-exit: writing V exits QEMU with status (V << 1) | 1.  */
#define TK_EXIT_PORT 0xf4
#define TK_EXIT_PASS 0x10 /* QEMU exit 33 */
#define TK_EXIT_FAIL 0x11 /* QEMU exit 35 */

#define TK_COM1 0x3f8

/* Control registers, EFER, RFLAGS (kept here: kernels do not include the
   loader's stage/x86.h, they check the loader from outside).  */
#define TK_CR0_PE	  (1ULL << 0)
#define TK_CR0_MP	  (1ULL << 1)
#define TK_CR0_EM	  (1ULL << 2)
#define TK_CR0_TS	  (1ULL << 3)
#define TK_CR0_WP	  (1ULL << 16)
#define TK_CR0_PG	  (1ULL << 31)
#define TK_CR4_PAE	  (1ULL << 5)
#define TK_CR4_OSFXSR	  (1ULL << 9)
#define TK_CR4_OSXMMEXCPT (1ULL << 10)
#define TK_MSR_EFER	  0xc0000080U
#define TK_EFER_LME	  (1ULL << 8)
#define TK_EFER_LMA	  (1ULL << 10)
#define TK_EFER_NXE	  (1ULL << 11)
#define TK_RFLAGS_IF	  (1ULL << 9)
#define TK_RFLAGS_DF	  (1ULL << 10)

/* Page-table entry bits.  */
#define TK_PTE_P    (1ULL << 0)
#define TK_PTE_W    (1ULL << 1)
#define TK_PTE_PS   (1ULL << 7)
#define TK_PTE_NX   (1ULL << 63)
#define TK_PTE_ADDR 0x000ffffffffff000ULL

/* Exception vectors the tests provoke.  */
#define TK_VEC_UD     6
#define TK_VEC_GP     13
#define TK_VEC_PF     14
#define TK_PF_PRESENT (1U << 0)
#define TK_PF_WRITE   (1U << 1)
#define TK_PF_FETCH   (1U << 4)

/* CMOS: QEMU stores the RAM size there for the BIOS (hw/i386/pc.c).  */
#define TK_CMOS_INDEX 0x70
#define TK_CMOS_DATA  0x71

/* The BIOS data area word at physical 0x400 is COM1's I/O port.  */
#define TK_BDA_COM1 0x400

/* VGA graphics controller: index 6 (Miscellaneous) says graphics or text
   and which memory window the adapter decodes.  */
#define TK_VGA_GC_INDEX 0x3ce
#define TK_VGA_GC_DATA	0x3cf
#define TK_VGA_GC_MISC	6

/* Registers as _start found them, before any instruction changed them.  */
struct tk_entry_state {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp, rsp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t rflags, ret_addr; /* RFLAGS, and the quadword at [RSP] */
	uint64_t cs, ds, es, ss, fs, gs;
	uint16_t idt_limit; /* IDTR as stored by sidt: limit, then base */
	uint64_t idt_base __attribute__((packed));
	uint8_t idt_pad[6];
};

extern struct tk_entry_state tk_entry;
extern struct ckboot_info *tk_info;
/* Each test kernel names itself for the log.  */
extern const char tk_name[];

/* Each test kernel defines this; returning means every check passed.  */
void kernel_main(struct ckboot_info *info);

/* ---- output and verdict ---- */
void tk_putc(char c);
void tk_puts(const char *s);
/* %s %c %d %u %x %lx %lu %llx %llu %p, with a width, 0-padding for
   numbers and '-' (left-justified) for strings.  */
void tk_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void tk_pass(void);
__attribute__((noreturn)) void tk_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* For screendump tests: print PASS and READY, then wait for the harness
   to take its picture and quit QEMU.  */
__attribute__((noreturn)) void tk_ready(void);

extern unsigned tk_checks;

/* A failed check ends the run at once with the file, line and what was
   expected: the serial log then names the broken promise.  */
#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		tk_checks++;                                                   \
		if (!(cond)) {                                                 \
			tk_printf("%s:%d: check failed: %s: ", __FILE__,       \
				  __LINE__, #cond);                            \
			tk_fail(__VA_ARGS__);                                  \
		}                                                              \
	} while (0)

/* ---- probes: provoke a fault on purpose ---- */
enum tk_probe_op { TK_PROBE_READ, TK_PROBE_WRITE, TK_PROBE_EXEC };

struct tk_fault {
	uint64_t vector, error, cr2, rip;
};

/* Read, write (*VAL) or call ADDR.  Returns 0 when it worked, 1 when it
   raised an exception (described in *F when F is not NULL).  */
int tk_probe(enum tk_probe_op op, uint64_t addr, uint64_t *val,
	     struct tk_fault *f);

/* ---- port I/O and CPU state ---- */
static inline void tk_outb(uint16_t port, uint8_t v)
{
	__asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t tk_inb(uint16_t port)
{
	uint8_t v;

	__asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline void tk_outw(uint16_t port, uint16_t v)
{
	__asm__ volatile("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint16_t tk_inw(uint16_t port)
{
	uint16_t v;

	__asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint64_t tk_rdmsr(uint32_t msr)
{
	uint32_t lo, hi;

	__asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((uint64_t)hi << 32) | lo;
}

#define TK_READ_CR(n)                                                          \
	({                                                                     \
		uint64_t v_;                                                   \
		__asm__ volatile("mov %%cr" #n ", %0" : "=r"(v_));             \
		v_;                                                            \
	})

static inline void tk_cpuid(uint32_t leaf, uint32_t *a, uint32_t *b,
			    uint32_t *c, uint32_t *d)
{
	__asm__ volatile("cpuid"
			 : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
			 : "a"(leaf), "c"(0));
}

static inline void tk_invlpg(uint64_t va)
{
	__asm__ volatile("invlpg (%0)" : : "r"(va) : "memory");
}

int tk_cpu_has_nx(void);
int tk_cpu_has_gb_pages(void);
uint8_t tk_cmos_read(uint8_t reg);

/* ---- memory ---- */
/* tk.c defines these: GCC may emit calls to them in freestanding code.  */
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *tk_memset(void *d, int c, size_t n);
int tk_memcmp(const void *a, const void *b, size_t n);

/* Sign-extend bit 47: the canonical form of a 48-bit address.  */
static inline uint64_t tk_canonical(uint64_t va)
{
	return (uint64_t)((int64_t)(va << 16) >> 16);
}

static inline int tk_is_canonical(uint64_t va)
{
	return tk_canonical(va) == va;
}

/* ---- the memory map (tk_mem.c) ---- */
const struct ckboot_memory_region *tk_regions(void);
/* The region holding physical address PA, or NULL.  */
const struct ckboot_memory_region *tk_region_of(uint64_t pa);
const char *tk_type_name(uint32_t type);
/* Is TYPE memory (RAM the loader or the kernel may own), as opposed to
   firmware-reserved or ACPI ranges?  */
int tk_type_is_ram(uint32_t type);
void tk_memmap_print(void);
/* Sorted, aligned, disjoint, known types, VGA hole not usable.  */
void tk_memmap_check(void);
/* Compare the RAM the map reports with QEMU's RAM size in CMOS; prints
   "fact: ram-mib=N" with the size QEMU was started with.  */
void tk_memmap_check_size(void);

/* ---- page tables (tk_mem.c) ----
   Tables are read through the physical-memory map when the boot info
   offers one, else through the recursive entry (the leaf of a scratch
   page is pointed at the frame).  Without either, the kernel cannot see
   its page tables and these return 0 / fail.  */
int tk_phys_access(void);
/* Copy LEN bytes (within one page) from physical PA.  */
void tk_phys_read(uint64_t pa, void *buf, size_t len);
/* Translate VA: physical address, or ~0 when unmapped.  *LEAF gets the
   leaf entry and *SIZE its page size when not NULL.  */
uint64_t tk_translate(uint64_t va, uint64_t *leaf, uint64_t *size);
/* Every frame behind the kernel, its stack, the boot info and the
   memory map array, and every page-table frame, has its memory-map
   type (KERNEL, KERNEL_STACK, BOOT_INFO, PAGE_TABLE).  */
void tk_check_frame_types(void);
/* Call FN for every page mapping (4 KiB, 2 MiB or 1 GiB leaf) reachable
   from CR3, in address order, except through the recursive slot.  */
typedef void tk_leaf_fn(uint64_t va, uint64_t pa, uint64_t size,
			uint64_t entry);
void tk_walk_mappings(tk_leaf_fn *fn);

/* The boot modules: facts "modules=N" (or "modules=none"),
   "modules-address=0x..." (the first one's) and
   "module-I=STRING size=N crc32=X" for each, after checking where it
   is mapped, its frames, its padding and its permissions.  */
void tk_check_modules(const struct ckboot_info *bi);

/* ---- the stack (tk.c) ---- */
/* RSP at entry is top - 8, [RSP] is 0, the whole range is writable and
   the page below the bottom faults.  */
void tk_check_stack(void);

/* One "fact: NAME=VALUE" line (hex, or decimal for tk_fact_u): the
   serial log then carries what the loader really did, for tests that
   compare it with what they asked for.  */
void tk_fact(const char *name, uint64_t value);
void tk_fact_u(const char *name, uint64_t value);

#endif /* TK_H */
