/* handoff.c: the test kernel for the boot protocol's entry state and
   memory layout (issue 3), with no configuration at all.

   Built four times from this file: linked in the higher half
   (handoff.elf, 0xffffffff80000000), low (low-1m.elf at 0x100000,
   low-2m.elf at 0x200000), and position-independent (pie.elf, linked
   at TK_PIE_LINKED_AT, 0).  tk.c has recorded the registers at entry and
   set up COM1 and an IDT; kernel_main() checks, in the order the loader
   sets things up: registers, control registers, segments, SSE, the
   stack and its guard page, the kernel's segments (.data, .rodata, a
   multi-MiB .bss, W^X), the memory map, the framebuffer and the rest of
   the boot info.  Any failure ends the run with a line naming it.  */

#include "tk.h"

#ifndef TK_NAME
#define TK_NAME "handoff"
#endif
const char tk_name[] = TK_NAME;

#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1
#define VGA_TEXT  0xb8000ULL

/* CMOS 0x3d: the boot order QEMU gives the BIOS (-boot), first device
   in the low nibble (hw/i386/pc.c, set_boot_dev).  */
#define CMOS_BOOT_ORDER	   0x3d
#define BOOT_DEV_FLOPPY	   1
#define BOOT_DEV_HARD_DISK 2

/* ---- known contents for .rodata and .data ----
   Every word is a function of its index, checked at run time, so a page
   loaded at the wrong offset or not at all is found.  */
#define RO_WORD(i) ((uint32_t)((i)*2654435761U ^ 0x9e3779b9U))
#define RW_WORD(i) ((uint32_t)((i)*40503U + 0x12345678U))
#define X4(f, i)   f(i), f((i) + 1), f((i) + 2), f((i) + 3)
#define X16(f, i)  X4(f, i), X4(f, (i) + 4), X4(f, (i) + 8), X4(f, (i) + 12)
#define X64(f, i)                                                              \
	X16(f, i), X16(f, (i) + 16), X16(f, (i) + 32), X16(f, (i) + 48)
#define X256(f, i)                                                             \
	X64(f, i), X64(f, (i) + 64), X64(f, (i) + 128), X64(f, (i) + 192)
#define X1024(f, i)                                                            \
	X256(f, i), X256(f, (i) + 256), X256(f, (i) + 512), X256(f, (i) + 768)
#define TABLE_WORDS 4096 /* 16 KiB: several pages */

static const uint32_t ro_table[TABLE_WORDS] = {
    X1024(RO_WORD, 0), X1024(RO_WORD, 1024), X1024(RO_WORD, 2048),
    X1024(RO_WORD, 3072)};
static uint32_t rw_table[TABLE_WORDS] = {
    X1024(RW_WORD, 0), X1024(RW_WORD, 1024), X1024(RW_WORD, 2048),
    X1024(RW_WORD, 3072)};

/* The last initialised bytes before .bss: the loader must zero the rest
   of their page, not leave the file's following bytes there.  */
/* clang-format off */
static uint8_t data_tail[24] __attribute__((section(".datatail"))) = {
	0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8,
	9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20
};
/* clang-format on */

/* A "ret" in .data and in .rodata: calling either must fault under NX.  */
static uint8_t data_ret[16] = {0xc3};
static const uint8_t rodata_ret[16] = {0xc3};

#define BIG_BSS (8 * 1024 * 1024)
static uint8_t big_bss[BIG_BSS] __attribute__((aligned(4096)));
static uint64_t small_bss[3];

/* Keep the compiler from folding a read of a constant table.  */
#define LAUNDER(p)                                                             \
	({                                                                     \
		__typeof__(&(p)[0]) p_ = (p);                                  \
		__asm__("" : "+r"(p_));                                        \
		p_;                                                            \
	})

/* ---- registers ---- */
static void check_gprs(const struct ckboot_info *bi)
{
	const struct tk_entry_state *e = &tk_entry;
	const uint64_t zero[] = {e->rax, e->rbx, e->rcx, e->rdx, e->rsi,
				 e->rbp, e->r8,	 e->r9,	 e->r10, e->r11,
				 e->r12, e->r13, e->r14, e->r15};
	static const char *const names[] = {"rax", "rbx", "rcx", "rdx", "rsi",
					    "rbp", "r8",  "r9",	 "r10", "r11",
					    "r12", "r13", "r14", "r15"};
	unsigned i;

	CHECK(e->rdi == (uint64_t)bi, "RDI 0x%llx", (unsigned long long)e->rdi);
	for (i = 0; i < sizeof(zero) / sizeof(zero[0]); i++)
		CHECK(zero[i] == 0, "%s is 0x%llx at entry, expected 0",
		      names[i], (unsigned long long)zero[i]);
	CHECK(!(e->rflags & TK_RFLAGS_IF),
	      "interrupts enabled at entry "
	      "(RFLAGS 0x%llx)",
	      (unsigned long long)e->rflags);
	CHECK(!(e->rflags & TK_RFLAGS_DF),
	      "direction flag set at entry "
	      "(RFLAGS 0x%llx)",
	      (unsigned long long)e->rflags);
	tk_printf("registers: RDI = boot info, RBP and the other GPRs zero, "
		  "IF and DF clear\n");
}

static void check_control_registers(void)
{
	uint64_t cr0 = TK_READ_CR(0), cr4 = TK_READ_CR(4);
	uint64_t efer = tk_rdmsr(TK_MSR_EFER);

	tk_printf("cr0 0x%llx cr4 0x%llx efer 0x%llx\n",
		  (unsigned long long)cr0, (unsigned long long)cr4,
		  (unsigned long long)efer);
	CHECK((efer & TK_EFER_LMA) && (efer & TK_EFER_LME),
	      "EFER 0x%llx: not in long mode", (unsigned long long)efer);
	CHECK((cr0 & TK_CR0_PG) && (cr0 & TK_CR0_PE) && (cr4 & TK_CR4_PAE),
	      "paging/PAE off");
	CHECK(cr0 & TK_CR0_WP, "CR0.WP clear: the kernel could write .rodata");
	CHECK(!(cr0 & TK_CR0_EM) && (cr0 & TK_CR0_MP) && !(cr0 & TK_CR0_TS),
	      "CR0 0x%llx: SSE needs EM=0, MP=1, TS=0",
	      (unsigned long long)cr0);
	CHECK((cr4 & TK_CR4_OSFXSR) && (cr4 & TK_CR4_OSXMMEXCPT),
	      "CR4 0x%llx: OSFXSR/OSXMMEXCPT not set", (unsigned long long)cr4);
	CHECK(!!(efer & TK_EFER_NXE) == tk_cpu_has_nx(),
	      "EFER.NXE %d but CPUID NX %d", !!(efer & TK_EFER_NXE),
	      tk_cpu_has_nx());
}

/* A descriptor in the loader's GDT, which stays mapped for the kernel.  */
static uint64_t gdt_entry(uint64_t sel)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} gdtr;

	__asm__ volatile("sgdt %0" : "=m"(gdtr));
	CHECK((sel | 7) <= gdtr.limit,
	      "selector 0x%llx beyond the GDT limit "
	      "0x%x",
	      (unsigned long long)sel, gdtr.limit);
	return ((const uint64_t *)gdtr.base)[sel >> 3];
}

#define DESC_P	  (1ULL << 47)
#define DESC_S	  (1ULL << 44)
#define DESC_CODE (1ULL << 43)
#define DESC_W	  (1ULL << 41)
#define DESC_L	  (1ULL << 53)
#define DESC_D	  (1ULL << 54)

static void check_data_selector(const char *name, uint64_t sel)
{
	uint64_t d;

	if (sel == 0) /* the null selector is valid for data in long mode */
		return;
	CHECK((sel & 7) == 0, "%s 0x%llx: not a GDT ring-0 selector", name,
	      (unsigned long long)sel);
	d = gdt_entry(sel);
	CHECK((d & DESC_P) && (d & DESC_S) && !(d & DESC_CODE) && (d & DESC_W),
	      "%s 0x%llx: descriptor 0x%016llx is not a writable data segment",
	      name, (unsigned long long)sel, (unsigned long long)d);
}

static void check_segments(void)
{
	const struct tk_entry_state *e = &tk_entry;
	uint64_t cs = gdt_entry(e->cs);

	tk_printf("segments: cs 0x%llx ds 0x%llx es 0x%llx ss 0x%llx fs 0x%llx "
		  "gs 0x%llx\n",
		  (unsigned long long)e->cs, (unsigned long long)e->ds,
		  (unsigned long long)e->es, (unsigned long long)e->ss,
		  (unsigned long long)e->fs, (unsigned long long)e->gs);
	CHECK((e->cs & 7) == 0 && (cs & DESC_P) && (cs & DESC_CODE) &&
		  (cs & DESC_L) && !(cs & DESC_D),
	      "CS 0x%llx: descriptor 0x%016llx is not 64-bit ring-0 code",
	      (unsigned long long)e->cs, (unsigned long long)cs);
	check_data_selector("DS", e->ds);
	check_data_selector("ES", e->es);
	check_data_selector("SS", e->ss);
	check_data_selector("FS", e->fs);
	check_data_selector("GS", e->gs);
	CHECK(e->ds == e->es && e->es == e->ss,
	      "DS, ES, SS differ: not all reloaded");
	/* The loader's IDT must not be left behind: the protocol hands
	   over an empty one.  */
	CHECK(e->idt_limit == 0 && e->idt_base == 0,
	      "IDTR at entry: base 0x%llx limit 0x%x, not the empty IDT",
	      (unsigned long long)e->idt_base, (unsigned)e->idt_limit);
}

/* SSE instructions run and compute (a #UD or #NM here means the loader
   left SSE off; the IDT reports it).  */
static void check_sse(void)
{
	float in[4] __attribute__((aligned(16))) = {1.5f, 2.5f, -3.0f, 4.0f};
	float out[4] __attribute__((aligned(16)));
	double root;

	__asm__ volatile("movaps %1, %%xmm0\n"
			 "addps %%xmm0, %%xmm0\n"
			 "movaps %%xmm0, %0"
			 : "=m"(out)
			 : "m"(in)
			 : "xmm0");
	CHECK(out[0] == 3.0f && out[1] == 5.0f && out[2] == -6.0f &&
		  out[3] == 8.0f,
	      "addps gave wrong results");
	__asm__ volatile("sqrtsd %1, %0" : "=x"(root) : "x"(2.25));
	CHECK(root == 1.5, "sqrtsd gave a wrong result");
	tk_printf("sse: addps and sqrtsd work\n");
}

/* ---- the kernel's segments ---- */
static void check_contents(void)
{
	const uint32_t *ro = LAUNDER(ro_table);
	uint32_t *rw = LAUNDER(rw_table);
	const uint8_t *tail = LAUNDER(data_tail);
	unsigned i;

	for (i = 0; i < TABLE_WORDS; i++) {
		CHECK(ro[i] == RO_WORD(i),
		      ".rodata word %u at %p is 0x%x, "
		      "expected 0x%x",
		      i, (void *)&ro[i], ro[i], RO_WORD(i));
		CHECK(rw[i] == RW_WORD(i),
		      ".data word %u at %p is 0x%x, "
		      "expected 0x%x",
		      i, (void *)&rw[i], rw[i], RW_WORD(i));
	}
	CHECK(tail[0] == 0xde && tail[23] == 20, ".data tail wrong");
	/* .data is writable.  */
	rw[5] ^= 0xffffffffU;
	CHECK(rw[5] == ~RW_WORD(5), ".data not writable");
	tk_printf(".rodata and .data: %u words each as linked\n", TABLE_WORDS);
}

static void check_bss(void)
{
	const uint64_t *b = LAUNDER((const uint64_t *)big_bss);
	const uint64_t *s = LAUNDER((const uint64_t *)small_bss);
	const uint8_t *after_tail = LAUNDER(data_tail) + sizeof(data_tail);
	uint64_t i;

	for (i = 0; i < BIG_BSS / 8 && b[i] == 0; i++)
		;
	CHECK(i == BIG_BSS / 8, ".bss quadword at %p is 0x%llx, not zero",
	      (void *)&b[i], (unsigned long long)b[i]);
	for (i = 0; i < 3; i++)
		CHECK(s[i] == 0, "small .bss variable not zero");
	/* The bytes between the end of .data and the end of its page.  */
	for (; ((uint64_t)after_tail & (TK_PAGE - 1)) != 0; after_tail++)
		CHECK(*after_tail == 0 ||
			  (after_tail >= (const uint8_t *)small_bss &&
			   after_tail < (const uint8_t *)(small_bss + 3)),
		      "byte at %p after .data's end in its page is 0x%x",
		      (void *)after_tail, *after_tail);
	big_bss[BIG_BSS - 1] = 1;
	big_bss[0] = 1;
	tk_printf(".bss: %u MiB zero and writable\n", BIG_BSS >> 20);
}

static void expect_fault(enum tk_probe_op op, uint64_t addr, unsigned bits,
			 const char *what)
{
	struct tk_fault f;
	uint64_t v = 0;

	if (op == TK_PROBE_WRITE) /* write back what is there */
		v = *(volatile uint64_t *)addr;
	CHECK(tk_probe(op, addr, &v, &f), "%s at 0x%llx did not fault", what,
	      (unsigned long long)addr);
	CHECK(f.vector == TK_VEC_PF && (f.error & bits) == bits,
	      "%s at 0x%llx: vector %llu error 0x%llx, expected #PF with "
	      "error bits 0x%x",
	      what, (unsigned long long)addr, (unsigned long long)f.vector,
	      (unsigned long long)f.error, bits);
}

static void code_for_text_probe(void)
{
}

static void check_protection(void)
{
	uint64_t v = 0;

	expect_fault(TK_PROBE_WRITE, (uint64_t)&ro_table[100],
		     TK_PF_PRESENT | TK_PF_WRITE, "writing .rodata");
	expect_fault(TK_PROBE_WRITE, (uint64_t)code_for_text_probe & ~7ULL,
		     TK_PF_PRESENT | TK_PF_WRITE, "writing .text");
	if (!tk_cpu_has_nx()) {
		tk_printf("protection: .rodata and .text read-only; CPU has "
			  "no NX, execute checks skipped\n");
		return;
	}
	expect_fault(TK_PROBE_EXEC, (uint64_t)data_ret,
		     TK_PF_PRESENT | TK_PF_FETCH, "executing .data");
	expect_fault(TK_PROBE_EXEC, (uint64_t)rodata_ret,
		     TK_PF_PRESENT | TK_PF_FETCH, "executing .rodata");
	expect_fault(TK_PROBE_EXEC, (uint64_t)big_bss,
		     TK_PF_PRESENT | TK_PF_FETCH, "executing .bss");
	CHECK(!tk_probe(TK_PROBE_EXEC, (uint64_t)code_for_text_probe, &v, NULL),
	      ".text does not execute through a probe");
	tk_printf("protection: .rodata and .text read-only; .data, .rodata, "
		  ".bss no-execute\n");
}

/* ---- boot info ---- */
static void check_vga(const struct ckboot_info *bi)
{
	const struct ckboot_framebuffer *fb = &bi->framebuffer;
	volatile uint16_t *cell = (volatile uint16_t *)(VGA_TEXT + 2 * 79);
	uint16_t old;
	uint8_t misc;

	CHECK(bi->flags & CKBOOT_INFO_FRAMEBUFFER,
	      "no framebuffer flag for the text screen");
	CHECK(fb->address == VGA_TEXT && fb->width == 80 && fb->height == 25 &&
		  fb->pitch == 160 && fb->bpp == 16 &&
		  fb->type == CKBOOT_FRAMEBUFFER_EGA_TEXT,
	      "framebuffer 0x%llx %ux%u pitch %u bpp %u type %u, expected "
	      "0xb8000 80x25 pitch 160 bpp 16 EGA text",
	      (unsigned long long)fb->address, fb->width, fb->height, fb->pitch,
	      fb->bpp, fb->type);
	tk_outb(TK_VGA_GC_INDEX, TK_VGA_GC_MISC);
	misc = tk_inb(TK_VGA_GC_DATA);
	CHECK(!(misc & 1),
	      "VGA graphics controller says graphics mode "
	      "(misc 0x%x), expected text",
	      misc);
	/* The text buffer is identity-mapped and writable.  */
	old = *cell;
	*cell = 0x2f00 | 'K';
	CHECK(*cell == (0x2f00 | 'K'), "VGA text buffer not writable");
	*cell = old;
	if (tk_cpu_has_nx())
		expect_fault(TK_PROBE_EXEC, VGA_TEXT, TK_PF_FETCH,
			     "executing VGA memory");
	tk_printf("framebuffer: 80x25 text at 0xb8000, mapped, writable\n");
}

/* SeaBIOS keeps the ACPI RSDP in the BIOS area below 1 MiB, on a
   16-byte boundary; when the loader's identity map of low memory
   reaches it, its signature is checked too.  */
static void check_rsdp(const struct ckboot_info *bi)
{
	uint64_t sig;

	if (!(bi->flags & CKBOOT_INFO_RSDP)) {
		CHECK(bi->rsdp_address == 0, "RSDP 0x%llx without the flag",
		      (unsigned long long)bi->rsdp_address);
		tk_printf("rsdp: none reported\n");
		return;
	}
	CHECK(bi->rsdp_address % 16 == 0 && bi->rsdp_address >= 0x80000 &&
		  bi->rsdp_address < 0x100000,
	      "RSDP at 0x%llx: not on a 16-byte boundary in the BIOS area",
	      (unsigned long long)bi->rsdp_address);
	if (tk_probe(TK_PROBE_READ, bi->rsdp_address, &sig, NULL)) {
		tk_printf("rsdp: 0x%llx (not identity-mapped here)\n",
			  (unsigned long long)bi->rsdp_address);
		return;
	}
	CHECK(tk_memcmp(&sig, "RSD PTR ", 8) == 0,
	      "no \"RSD PTR \" signature at 0x%llx",
	      (unsigned long long)bi->rsdp_address);
	tk_printf("rsdp: \"RSD PTR \" at 0x%llx\n",
		  (unsigned long long)bi->rsdp_address);
}

/* The SMBIOS entry points, if any: in the BIOS area on a 16-byte
   boundary, with their anchors (boot-smbios.sh asks QEMU for one kind
   or the other).  */
static void check_smbios_entry(const char *name, const char *fact,
			       uint64_t a, const char *anchor, uint32_t len)
{
	uint64_t word;

	if (!a)
		return;
	CHECK(a % 16 == 0 && a >= 0xf0000 && a < 0x100000,
	      "SMBIOS %s entry point at 0x%llx: not on a 16-byte boundary "
	      "in 0xF0000-0xFFFFF",
	      name, (unsigned long long)a);
	CHECK(!tk_probe(TK_PROBE_READ, a, &word, NULL) &&
		  tk_memcmp(&word, anchor, len) == 0,
	      "no \"%s\" anchor at 0x%llx", anchor, (unsigned long long)a);
	tk_fact(fact, a);
}

static void check_smbios(const struct ckboot_info *bi)
{
	if (!(bi->flags & CKBOOT_INFO_SMBIOS)) {
		CHECK(!bi->smbios_entry_32 && !bi->smbios_entry_64,
		      "SMBIOS entry points without the flag");
		tk_printf("smbios: none reported\n");
		return;
	}
	CHECK(bi->smbios_entry_32 || bi->smbios_entry_64,
	      "the SMBIOS flag without an entry point");
	check_smbios_entry("32-bit", "smbios-32", bi->smbios_entry_32, "_SM_",
			   4);
	check_smbios_entry("64-bit", "smbios-64", bi->smbios_entry_64, "_SM3_",
			   5);
}

/* The BIOS drive number the image was booted from, as QEMU was told to
   boot: 0x80, the first hard disk, by default; 0x00 for the first floppy
   (qemu-boot --disk=floppy, -boot a), where the BIOS has no INT 13h
   extensions and both stages read by CHS.  */
static uint32_t expected_boot_drive(void)
{
	uint8_t first = tk_cmos_read(CMOS_BOOT_ORDER) & 0xf;

	CHECK(first == BOOT_DEV_FLOPPY || first == BOOT_DEV_HARD_DISK,
	      "CMOS boot order 0x%x: QEMU boots neither a floppy nor a hard "
	      "disk first",
	      tk_cmos_read(CMOS_BOOT_ORDER));
	return first == BOOT_DEV_FLOPPY ? 0x00 : 0x80;
}

extern char __kernel_start[], __kernel_end[];

static void check_kernel_fields(const struct ckboot_info *bi)
{
	uint64_t start = (uint64_t)__kernel_start & ~(TK_PAGE - 1);
	uint64_t end = ((uint64_t)__kernel_end + TK_PAGE - 1) & ~(TK_PAGE - 1);
	const struct ckboot_memory_region *r;
	uint64_t pa;
	uint32_t drive;

	CHECK(bi->kernel_virtual_start == start &&
		  bi->kernel_virtual_end == end,
	      "kernel virtual range [0x%llx, 0x%llx), linked [0x%llx, 0x%llx)",
	      (unsigned long long)bi->kernel_virtual_start,
	      (unsigned long long)bi->kernel_virtual_end,
	      (unsigned long long)start, (unsigned long long)end);
	CHECK(bi->kernel_image_size > 0 &&
		  bi->kernel_image_address % TK_PAGE == 0,
	      "kernel image at 0x%llx, %llu bytes",
	      (unsigned long long)bi->kernel_image_address,
	      (unsigned long long)bi->kernel_image_size);
	for (pa = bi->kernel_image_address;
	     pa < bi->kernel_image_address + bi->kernel_image_size;
	     pa += TK_PAGE) {
		r = tk_region_of(pa);
		CHECK(r && r->type == CKBOOT_MEMORY_KERNEL,
		      "kernel image frame 0x%llx typed %s, expected kernel",
		      (unsigned long long)pa, r ? tk_type_name(r->type) : "-");
	}
	drive = expected_boot_drive();
	tk_fact("boot-drive", bi->boot_drive);
	CHECK(bi->boot_drive == drive, "boot drive 0x%x, expected 0x%x",
	      bi->boot_drive, drive);
	check_rsdp(bi);
	check_smbios(bi);
	if (bi->loader_name)
		tk_printf("loader: %s\n", (const char *)bi->loader_name);
}

#ifdef TK_PIE_LINKED_AT
/* A position-independent build runs where <ckboot/bootinfo.h> says:
   the lowest address, rounded down to 1 GiB, at CKBOOT_PIE_BASE.  Code
   finds its data relative to RIP, but a pointer stored at link time
   (volatile: read from memory, not folded) is right only if the loader
   applied its relocation; so are tk.c's IDT handlers, from a table in
   .data.rel.ro.  */
static int pie_marker;
static int *const volatile pie_pointer = &pie_marker;

static void check_pie(void)
{
	uint64_t want = CKBOOT_PIE_BASE +
			((uint64_t)TK_PIE_LINKED_AT & (CKBOOT_PIE_ALIGN - 1));

	CHECK((uint64_t)__kernel_start == want,
	      "linked at 0x%llx, runs at 0x%llx, expected 0x%llx",
	      (unsigned long long)TK_PIE_LINKED_AT,
	      (unsigned long long)__kernel_start, (unsigned long long)want);
	CHECK(pie_pointer == &pie_marker,
	      "a pointer set at link time holds 0x%llx, the variable is at "
	      "0x%llx: relocation not applied",
	      (unsigned long long)pie_pointer,
	      (unsigned long long)&pie_marker);
	tk_fact("pie-start", (uint64_t)__kernel_start);
}
#endif

static void check_placement(const struct ckboot_info *bi)
{
	uint64_t b = (uint64_t)bi, top = bi->kernel_stack_top;

	CHECK(tk_is_canonical(b) && tk_is_canonical(bi->memory_map),
	      "boot info or memory map address not canonical");
	CHECK(b + bi->size <= bi->kernel_virtual_start ||
		  b >= bi->kernel_virtual_end,
	      "boot info 0x%llx inside the kernel", (unsigned long long)b);
	CHECK(b + bi->size <= top - bi->kernel_stack_size || b >= top,
	      "boot info 0x%llx inside the stack", (unsigned long long)b);
	CHECK(bi->kernel_stack_size == CKBOOT_DEFAULT_STACK_PAGES * TK_PAGE,
	      "stack size %llu bytes, default is %u pages",
	      (unsigned long long)bi->kernel_stack_size,
	      CKBOOT_DEFAULT_STACK_PAGES);
	CHECK(!(bi->flags & (CKBOOT_INFO_PHYSICAL_MEMORY |
			     CKBOOT_INFO_RECURSIVE_PAGE_TABLE)),
	      "flags 0x%llx: features nobody asked for",
	      (unsigned long long)bi->flags);
}

/* Low memory is identity-mapped from 4 KiB to 1 MiB; page 0 is not, so
   a null pointer faults.  */
static void check_low_memory(void)
{
	uint64_t v;
	struct tk_fault f;

	CHECK(tk_probe(TK_PROBE_READ, 0, &v, &f) && f.vector == TK_VEC_PF,
	      "reading address 0 did not page-fault");
	CHECK(!tk_probe(TK_PROBE_READ, 0x1000, &v, NULL) &&
		  !tk_probe(TK_PROBE_READ, 0xff000, &v, NULL),
	      "low memory 0x1000-0xfffff is not mapped");
	tk_printf("low memory: page 0 faults, 0x1000-0xfffff mapped\n");
}

static void check_pic(void)
{
	uint8_t m1 = tk_inb(PIC1_DATA), m2 = tk_inb(PIC2_DATA);

	CHECK(m1 == 0xff && m2 == 0xff,
	      "PIC masks 0x%x 0x%x, expected all "
	      "masked",
	      m1, m2);
}

void kernel_main(struct ckboot_info *bi)
{
	check_gprs(bi);
	check_control_registers();
	check_segments();
	check_sse();
	check_pic();
	tk_check_stack();
	check_contents();
	check_bss();
	check_protection();
	tk_memmap_print();
	tk_memmap_check();
	tk_memmap_check_size();
	check_kernel_fields(bi);
#ifdef TK_PIE_LINKED_AT
	check_pie();
#endif
	check_placement(bi);
	check_vga(bi);
	check_low_memory();
	tk_check_frame_types();
}
