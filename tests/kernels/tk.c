/* tk.c: entry, console, verdict, exceptions and probes of the test
   kernels.

   The loader jumps to _start in 64-bit mode with RDI = boot info.  The
   first instructions store every register untouched in tk_entry, so the
   kernels can check the entry state the protocol promises; then
   tk_start() sets up COM1 and an IDT, checks the boot-info header and
   runs kernel_main().  This file is built with -mgeneral-regs-only, so
   a loader that left SSE off is reported by the IDT of tk, not by a
   triple fault in printf.  */

#include <stdarg.h>
#include "tk.h"

struct tk_entry_state tk_entry;
struct ckboot_info *tk_info;
unsigned tk_checks;

/* ---- entry ----
   Offsets follow struct tk_entry_state.  RSP is aligned before the call
   into C whatever the loader gave us; the recorded value is what
   tk_check_stack() judges.  */
__asm__(".section .text.entry, \"ax\", @progbits\n"
	".globl _start\n"
	"_start:\n"
	"	movq %rax, tk_entry+0(%rip)\n"
	"	movq %rbx, tk_entry+8(%rip)\n"
	"	movq %rcx, tk_entry+16(%rip)\n"
	"	movq %rdx, tk_entry+24(%rip)\n"
	"	movq %rsi, tk_entry+32(%rip)\n"
	"	movq %rdi, tk_entry+40(%rip)\n"
	"	movq %rbp, tk_entry+48(%rip)\n"
	"	movq %rsp, tk_entry+56(%rip)\n"
	"	movq %r8, tk_entry+64(%rip)\n"
	"	movq %r9, tk_entry+72(%rip)\n"
	"	movq %r10, tk_entry+80(%rip)\n"
	"	movq %r11, tk_entry+88(%rip)\n"
	"	movq %r12, tk_entry+96(%rip)\n"
	"	movq %r13, tk_entry+104(%rip)\n"
	"	movq %r14, tk_entry+112(%rip)\n"
	"	movq %r15, tk_entry+120(%rip)\n"
	"	pushfq\n"
	"	popq tk_entry+128(%rip)\n"
	"	movq (%rsp), %rax\n"
	"	movq %rax, tk_entry+136(%rip)\n"
	"	xorl %eax, %eax\n"
	"	movw %cs, %ax\n"
	"	movq %rax, tk_entry+144(%rip)\n"
	"	movw %ds, %ax\n"
	"	movq %rax, tk_entry+152(%rip)\n"
	"	movw %es, %ax\n"
	"	movq %rax, tk_entry+160(%rip)\n"
	"	movw %ss, %ax\n"
	"	movq %rax, tk_entry+168(%rip)\n"
	"	movw %fs, %ax\n"
	"	movq %rax, tk_entry+176(%rip)\n"
	"	movw %gs, %ax\n"
	"	movq %rax, tk_entry+184(%rip)\n"
	"	sidt tk_entry+192(%rip)\n"
	"	andq $-16, %rsp\n"
	"	call tk_start\n"
	"	ud2\n"
	".previous\n");

_Static_assert(__builtin_offsetof(struct tk_entry_state, gs) == 184 &&
		   __builtin_offsetof(struct tk_entry_state, idt_limit) == 192,
	       "_start stores at these offsets");

/* ---- COM1 ---- */
static void serial_init(void)
{
	tk_outb(TK_COM1 + 1, 0x00); /* no interrupts */
	tk_outb(TK_COM1 + 3, 0x80); /* DLAB */
	tk_outb(TK_COM1 + 0, 0x01); /* 115200 baud */
	tk_outb(TK_COM1 + 1, 0x00);
	tk_outb(TK_COM1 + 3, 0x03); /* 8N1 */
	tk_outb(TK_COM1 + 2, 0xc7); /* FIFO on, cleared */
	tk_outb(TK_COM1 + 4, 0x03); /* DTR, RTS */
}

void tk_putc(char c)
{
	int spin;

	if (c == '\n')
		tk_putc('\r');
	for (spin = 0; spin < 100000; spin++)
		if (tk_inb(TK_COM1 + 5) & 0x20)
			break;
	tk_outb(TK_COM1, (uint8_t)c);
}

void tk_puts(const char *s)
{
	while (*s)
		tk_putc(*s++);
}

/* ---- printf ---- */
static void put_number(uint64_t v, unsigned base, int width, char pad)
{
	char buf[24];
	int n = 0;

	do {
		buf[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > n)
		tk_putc(pad);
	while (n--)
		tk_putc(buf[n]);
}

static void tk_vprintf(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		int width = 0, lng = 0, left = 0;
		char pad = ' ';
		uint64_t v;
		const char *s;

		if (*fmt != '%') {
			tk_putc(*fmt);
			continue;
		}
		if (*++fmt == '-')
			left = 1, fmt++;
		if (*fmt == '0')
			pad = '0';
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		while (*fmt == 'l' || *fmt == 'z')
			lng++, fmt++;
		switch (*fmt) {
		case 's':
			s = va_arg(ap, const char *);
			tk_puts(s);
			for (v = 0; s[v]; v++)
				;
			while (left && width-- > (int)v)
				tk_putc(' ');
			break;
		case 'c':
			tk_putc((char)va_arg(ap, int));
			break;
		case 'p':
			tk_puts("0x");
			put_number((uint64_t)va_arg(ap, void *), 16, 0, ' ');
			break;
		case 'd':
			if (lng) {
				int64_t s = va_arg(ap, int64_t);

				if (s < 0)
					tk_putc('-'), s = -s;
				put_number((uint64_t)s, 10, width, pad);
			} else {
				int s = va_arg(ap, int);

				if (s < 0)
					tk_putc('-'), s = -s;
				put_number((uint64_t)s, 10, width, pad);
			}
			break;
		case 'u':
		case 'x':
			v = lng ? va_arg(ap, uint64_t) : va_arg(ap, unsigned);
			put_number(v, *fmt == 'u' ? 10 : 16, width, pad);
			break;
		case '%':
			tk_putc('%');
			break;
		default:
			tk_putc('?');
		}
	}
}

void tk_printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tk_vprintf(fmt, ap);
	va_end(ap);
}

void tk_fact(const char *name, uint64_t value)
{
	tk_printf("fact: %s=0x%llx\n", name, (unsigned long long)value);
}

void tk_fact_u(const char *name, uint64_t value)
{
	tk_printf("fact: %s=%llu\n", name, (unsigned long long)value);
}

/* ---- verdict ---- */
static __attribute__((noreturn)) void tk_exit(uint8_t code)
{
	tk_outb(TK_EXIT_PORT, code);
	/* Not under QEMU with isa-debug-exit: stop here, visibly.  */
	for (;;)
		__asm__ volatile("cli; hlt");
}

void tk_pass(void)
{
	tk_printf("%s: %u checks passed\nPASS\n", tk_name, tk_checks);
	tk_exit(TK_EXIT_PASS);
}

void tk_fail(const char *fmt, ...)
{
	va_list ap;

	tk_puts("FAIL: ");
	va_start(ap, fmt);
	tk_vprintf(fmt, ap);
	va_end(ap);
	tk_putc('\n');
	tk_exit(TK_EXIT_FAIL);
}

/* The harness polls the serial log for READY, takes a screendump through
   the QEMU monitor and quits QEMU; until then the picture must stay.  */
void tk_ready(void)
{
	tk_printf("%s: %u checks passed\nPASS\nREADY\n", tk_name, tk_checks);
	for (;;)
		__asm__ volatile("pause");
}

/* ---- exceptions ---- */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error, rip, cs, rflags, rsp, ss;
};

/* The stubs' address table is read-only, but in a position-independent
   build (pie.elf) its words are relocated at boot: compilers put such
   tables in .data.rel.ro, kept in a writable segment, rather than make
   the linker write relocations into read-only pages (DT_TEXTREL).  */
#ifdef __PIE__
#define TK_TABLE_SECTION ".data.rel.ro"
#else
#define TK_TABLE_SECTION ".rodata"
#endif

/* One stub per exception vector: push a zero where the CPU pushes no
   error code, then the vector number, then the common path.  */
__asm__(".macro TK_ISR vec\n"
	"	.p2align 4\n"
	"tk_isr_\\vec:\n"
	"	.if \\vec == 8 || \\vec == 10 || \\vec == 11 || \\vec == 12 || "
	"\\vec == 13 || \\vec == 14 || \\vec == 17 || \\vec == 21 || "
	"\\vec == 29 || \\vec == 30\n"
	"	.else\n"
	"	pushq $0\n"
	"	.endif\n"
	"	pushq $\\vec\n"
	"	jmp tk_isr_common\n"
	".endm\n"
	".text\n"
	".irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,"
	"22,23,24,25,26,27,28,29,30,31\n"
	"	TK_ISR \\v\n"
	".endr\n"
	"tk_isr_common:\n"
	"	pushq %rax\n	pushq %rbx\n	pushq %rcx\n	pushq %rdx\n"
	"	pushq %rsi\n	pushq %rdi\n	pushq %rbp\n	pushq %r8\n"
	"	pushq %r9\n	pushq %r10\n	pushq %r11\n	pushq %r12\n"
	"	pushq %r13\n	pushq %r14\n	pushq %r15\n"
	"	cld\n"
	"	movq %rsp, %rdi\n"
	"	movq %rsp, %rbx\n"
	"	andq $-16, %rsp\n"
	"	call tk_trap\n"
	"	movq %rbx, %rsp\n"
	"	popq %r15\n	popq %r14\n	popq %r13\n	popq %r12\n"
	"	popq %r11\n	popq %r10\n	popq %r9\n	popq %r8\n"
	"	popq %rbp\n	popq %rdi\n	popq %rsi\n	popq %rdx\n"
	"	popq %rcx\n	popq %rbx\n	popq %rax\n"
	"	addq $16, %rsp\n"
	"	iretq\n"
	".section " TK_TABLE_SECTION "\n"
	"	.p2align 3\n"
	"tk_isr_table:\n"
	".irp v, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,"
	"22,23,24,25,26,27,28,29,30,31\n"
	"	.quad tk_isr_\\v\n"
	".endr\n"
	".previous\n");

/* The probe: remember RSP, arm, touch; an exception while armed comes
   back through tk_probe_recover with EAX = 1 and this RSP.  */
uint64_t tk_probe_rsp;
uint8_t tk_probe_armed;
static struct tk_fault probe_fault;

__asm__(".text\n"
	"tk_probe_asm:\n"
	"	movq %rsp, tk_probe_rsp(%rip)\n"
	"	movb $1, tk_probe_armed(%rip)\n"
	"	cmpl $1, %edi\n"
	"	je 1f\n"
	"	cmpl $2, %edi\n"
	"	je 2f\n"
	"	movq (%rsi), %rax\n"
	"	movq %rax, (%rdx)\n"
	"	jmp 3f\n"
	"1:	movq (%rdx), %rax\n"
	"	movq %rax, (%rsi)\n"
	"	jmp 3f\n"
	"2:	call *%rsi\n"
	"3:	movb $0, tk_probe_armed(%rip)\n"
	"	xorl %eax, %eax\n"
	"	ret\n"
	"tk_probe_recover:\n"
	"	movl $1, %eax\n"
	"	ret\n");

int tk_probe_asm(int op, uint64_t addr, uint64_t *val);
extern char tk_probe_recover[];
extern const uint64_t tk_isr_table[32];

/* clang-format off */
static const char *const vector_names[32] = {
	"#DE divide error", "#DB debug", "NMI", "#BP breakpoint",
	"#OF overflow", "#BR bound", "#UD invalid opcode",
	"#NM device not available", "#DF double fault", "coprocessor",
	"#TS invalid TSS", "#NP segment not present", "#SS stack fault",
	"#GP general protection", "#PF page fault", "15", "#MF x87",
	"#AC alignment check", "#MC machine check", "#XM SIMD",
	"#VE virtualization", "#CP control protection", "22", "23", "24",
	"25", "26", "27", "28", "29", "30", "31"
};
/* clang-format on */

void tk_trap(struct trap_frame *f)
{
	uint64_t cr2 = TK_READ_CR(2);

	if (tk_probe_armed) {
		tk_probe_armed = 0;
		probe_fault =
		    (struct tk_fault){f->vector, f->error, cr2, f->rip};
		f->rip = (uint64_t)tk_probe_recover;
		f->rsp = tk_probe_rsp;
		return;
	}
	tk_printf(
	    "unexpected exception %s (vector %llu), error code 0x%llx\n"
	    "  rip 0x%llx cs 0x%llx rflags 0x%llx rsp 0x%llx cr2 0x%llx\n",
	    vector_names[f->vector & 31], (unsigned long long)f->vector,
	    (unsigned long long)f->error, (unsigned long long)f->rip,
	    (unsigned long long)f->cs, (unsigned long long)f->rflags,
	    (unsigned long long)f->rsp, (unsigned long long)cr2);
	tk_fail("%s: exception %llu at rip 0x%llx", tk_name,
		(unsigned long long)f->vector, (unsigned long long)f->rip);
}

int tk_probe(enum tk_probe_op op, uint64_t addr, uint64_t *val,
	     struct tk_fault *f)
{
	uint64_t dummy = 0;
	int faulted;

	faulted = tk_probe_asm(op, addr, val ? val : &dummy);
	if (faulted && f)
		*f = probe_fault;
	return faulted;
}

struct idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type; /* 0x8e: present, DPL 0, interrupt gate */
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t zero;
};
_Static_assert(sizeof(struct idt_gate) == 16, "IDT gate");

static struct idt_gate idt[32];

/* Gates use whatever code selector the loader left in CS: the kernel
   keeps the loader's GDT, as the protocol allows.  */
static void idt_install(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} idtr = {sizeof(idt) - 1, (uint64_t)idt};
	int i;

	for (i = 0; i < 32; i++) {
		uint64_t h = tk_isr_table[i];

		idt[i] = (struct idt_gate){.offset_low = h & 0xffff,
					   .selector = tk_entry.cs,
					   .type = 0x8e,
					   .offset_mid = (h >> 16) & 0xffff,
					   .offset_high = h >> 32};
	}
	__asm__ volatile("lidt %0" : : "m"(idtr));
}

/* ---- small helpers ---- */
void *tk_memset(void *d, int c, size_t n)
{
	uint8_t *p = d;

	while (n--)
		*p++ = (uint8_t)c;
	return d;
}

int tk_memcmp(const void *a, const void *b, size_t n)
{
	const uint8_t *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

/* GCC may emit calls to these even in freestanding code.  */
void *memset(void *d, int c, size_t n)
{
	return tk_memset(d, c, n);
}

void *memcpy(void *d, const void *s, size_t n)
{
	uint8_t *dp = d;
	const uint8_t *sp = s;

	while (n--)
		*dp++ = *sp++;
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	return tk_memcmp(a, b, n);
}

int tk_cpu_has_nx(void)
{
	uint32_t a, b, c, d;

	tk_cpuid(0x80000001U, &a, &b, &c, &d);
	return (d >> 20) & 1;
}

int tk_cpu_has_gb_pages(void)
{
	uint32_t a, b, c, d;

	tk_cpuid(0x80000001U, &a, &b, &c, &d);
	return (d >> 26) & 1;
}

uint8_t tk_cmos_read(uint8_t reg)
{
	tk_outb(TK_CMOS_INDEX, reg); /* bit 7 clear: NMI stays as it was */
	return tk_inb(TK_CMOS_DATA);
}

/* ---- the stack ---- */
static void check_stack_layout(uint64_t bottom, uint64_t top)
{
	const struct ckboot_info *bi = tk_info;

	CHECK(bi->kernel_stack_size > 0 && bi->kernel_stack_size % TK_PAGE == 0,
	      "stack size 0x%llx is not a page multiple",
	      (unsigned long long)bi->kernel_stack_size);
	CHECK(top % TK_PAGE == 0 && tk_is_canonical(top - 1) &&
		  tk_is_canonical(bottom),
	      "stack [0x%llx, 0x%llx) not page aligned or not canonical",
	      (unsigned long long)bottom, (unsigned long long)top);
	CHECK(tk_entry.rsp == top - 8,
	      "RSP at entry 0x%llx, expected kernel_stack_top - 8 = 0x%llx",
	      (unsigned long long)tk_entry.rsp, (unsigned long long)(top - 8));
	CHECK(tk_entry.rsp % 16 == 8, "RSP at entry 0x%llx: RSP %% 16 != 8",
	      (unsigned long long)tk_entry.rsp);
	CHECK(tk_entry.ret_addr == 0,
	      "return address at [RSP] is 0x%llx, expected 0",
	      (unsigned long long)tk_entry.ret_addr);
	CHECK(bottom >= bi->kernel_virtual_end ||
		  top <= bi->kernel_virtual_start,
	      "stack [0x%llx, 0x%llx) overlaps the kernel [0x%llx, 0x%llx)",
	      (unsigned long long)bottom, (unsigned long long)top,
	      (unsigned long long)bi->kernel_virtual_start,
	      (unsigned long long)bi->kernel_virtual_end);
}

/* Every page from the bottom up to the one we are running on takes a
   write and gives it back; a missing page is an unexpected #PF.  */
static void check_stack_writable(uint64_t bottom)
{
	uint64_t here = (uint64_t)__builtin_frame_address(0);
	uint64_t page;

	for (page = bottom; page + 2 * TK_PAGE <= (here & ~(TK_PAGE - 1));
	     page += TK_PAGE) {
		volatile uint64_t *p = (volatile uint64_t *)page;

		*p = page ^ 0x5a5a5a5a5a5a5a5aULL;
		CHECK(*p == (page ^ 0x5a5a5a5a5a5a5a5aULL),
		      "stack page 0x%llx does not keep what was written",
		      (unsigned long long)page);
	}
}

static void check_stack_guard(uint64_t bottom)
{
	struct tk_fault f;
	uint64_t v = 0x1234;

	CHECK(tk_probe(TK_PROBE_WRITE, bottom - 8, &v, &f),
	      "writing 0x%llx, just below the stack, did not fault: no guard "
	      "page",
	      (unsigned long long)(bottom - 8));
	CHECK(f.vector == TK_VEC_PF && f.cr2 == bottom - 8 &&
		  !(f.error & TK_PF_PRESENT),
	      "guard page write: vector %llu error 0x%llx cr2 0x%llx, "
	      "expected a not-present #PF at 0x%llx",
	      (unsigned long long)f.vector, (unsigned long long)f.error,
	      (unsigned long long)f.cr2, (unsigned long long)(bottom - 8));
	CHECK(tk_probe(TK_PROBE_READ, bottom - TK_PAGE, &v, &f) &&
		  f.vector == TK_VEC_PF,
	      "reading 0x%llx, the guard page, did not page-fault",
	      (unsigned long long)(bottom - TK_PAGE));
}

void tk_check_stack(void)
{
	uint64_t top = tk_info->kernel_stack_top;
	uint64_t bottom = top - tk_info->kernel_stack_size;

	tk_fact("stack-bottom", bottom);
	tk_fact("stack-top", top);
	tk_fact_u("stack-size-pages", tk_info->kernel_stack_size / TK_PAGE);
	check_stack_layout(bottom, top);
	check_stack_writable(bottom);
	check_stack_guard(bottom);
	tk_printf("stack: [0x%llx, 0x%llx) writable, guard page faults\n",
		  (unsigned long long)bottom, (unsigned long long)top);
}

/* ---- start ---- */
/* <ckboot/layout.h>'s CKBOOT_CMDLINE_MAX, which kernels do not see.  */
#define CKBOOT_CMDLINE_MAX_TEST 4096

static void check_header(struct ckboot_info *bi)
{
	CHECK(bi != NULL, "RDI (boot info) is 0");
	CHECK(bi->magic == CKBOOT_INFO_MAGIC, "boot info magic 0x%llx",
	      (unsigned long long)bi->magic);
	CHECK(bi->version == CKBOOT_PROTOCOL_VERSION,
	      "boot info version %u, expected %u", bi->version,
	      CKBOOT_PROTOCOL_VERSION);
	CHECK(bi->size >= sizeof(struct ckboot_info),
	      "boot info size %u, expected at least %u", bi->size,
	      (unsigned)sizeof(struct ckboot_info));
}

/* The command line, when ckboot-install was given one: a C string in
   the boot info's pages, before the memory map.  Printed whole, for
   tests/boot-cmdline.sh to compare.  */
static void check_cmdline(const struct ckboot_info *bi)
{
	const char *s = (const char *)bi->cmdline;
	uint64_t n = 0;

	if (!(bi->flags & CKBOOT_INFO_CMDLINE)) {
		CHECK(bi->cmdline == 0, "no CKBOOT_INFO_CMDLINE, but cmdline "
		      "0x%llx", (unsigned long long)bi->cmdline);
		tk_printf("fact: cmdline=none\n");
		return;
	}
	CHECK(bi->cmdline >= (uint64_t)bi + sizeof *bi &&
		  bi->cmdline < bi->memory_map,
	      "cmdline at 0x%llx, not between the boot info at 0x%llx and "
	      "its memory map at 0x%llx",
	      (unsigned long long)bi->cmdline, (unsigned long long)bi,
	      (unsigned long long)bi->memory_map);
	while (n < CKBOOT_CMDLINE_MAX_TEST && s[n])
		n++;
	CHECK(n > 0 && n < CKBOOT_CMDLINE_MAX_TEST &&
		  bi->cmdline + n < bi->memory_map,
	      "cmdline of %llu bytes runs into the memory map",
	      (unsigned long long)n);
	tk_printf("fact: cmdline=%s\n", s);
	tk_printf("fact: cmdline-length=%llu\n", (unsigned long long)n);
}

void tk_start(struct ckboot_info *bi);

void tk_start(struct ckboot_info *bi)
{
	serial_init();
	tk_info = bi;
	tk_printf("\n%s: entered at _start, boot info at 0x%llx\n", tk_name,
		  (unsigned long long)(uint64_t)bi);
	idt_install();
	check_header(bi);
	check_cmdline(bi);
	tk_check_modules(bi);
	kernel_main(bi);
	tk_pass();
}
