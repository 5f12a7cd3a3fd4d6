/* Unit tests for stage/memmap_bios.c: what a scripted BIOS answers to
   E820, E801, 88h and INT 12h becomes the loader's memory map, through
   memmap.c's normalization, as memmap_read() leaves it.

   The BIOS is a fake bios_int() that plays a script of calls: each
   step names the interrupt and function the loader must ask for next
   (and, for E820, the continuation value it must pass back) and what
   the BIOS answers.  A call off the script, or a step never called,
   fails the case, so the order of the fallbacks is checked too.

   memmap_bios.c is #included rather than linked: the BIOS writes each
   E820 entry to the caller's ES:DI, which on the host cannot hold the
   address of the static e820_buf, so the fake writes it there by name.
   low_ptr(), how the loader reads the BIOS data area, is redirected to
   a fake BDA word for the same reason.  */

#include <string.h>

#include "bios.h"
#include "unit.h"

static uint16_t bda_ebda_segment; /* the BDA word at 0x40e */
static uint16_t bda_memory_kib;	  /* and the one at 0x413 */
static volatile void *fake_low_ptr(uintptr_t addr);
#define low_ptr(addr) fake_low_ptr(addr)
#include "../../stage/memmap_bios.c" /* not itself */
#undef low_ptr

#define MIB 0x100000ULL
#define GIB 0x40000000ULL

/* Where memmap_read() puts the loader itself: page 1 to the end of the
   bounce buffer.  */
#define LOADER_END (CKBOOT_BOUNCE_ADDR + CKBOOT_BOUNCE_SIZE)

/* ---- the scripted BIOS ---- */
#define ANY_FUNCTION 0xffffffffU /* INT 12h takes no function number */
#define MAX_STEPS    400
#define FOREVER	     (1U << 20) /* repeats that count as an endless loop */

struct step {
	uint8_t vector;
	uint32_t function; /* EAX the loader must pass */
	uint32_t ebx_in;   /* E820: the continuation it must pass */
	int cf;		   /* the BIOS's answer: CF, EAX..EDX */
	uint32_t eax, ebx, ecx, edx;
	struct e820_entry entry; /* E820: what goes to ES:DI, */
	uint32_t written;	 /* this many bytes of it */
	int repeat;		 /* answer the same way until asked else */
	uint32_t calls;		 /* how often it was answered */
};

static struct step steps[MAX_STEPS];
static unsigned nsteps, at;
static uint32_t e820_cont; /* what the next E820 call must pass in EBX */
static struct memmap m;

static volatile void *fake_low_ptr(uintptr_t addr)
{
	static uint16_t elsewhere;

	if (addr == BDA_EBDA_SEGMENT)
		return &bda_ebda_segment;
	if (addr == BDA_MEMORY_KIB)
		return &bda_memory_kib;
	unit_fail(__FILE__, __LINE__, "read of low memory 0x%lx",
		  (unsigned long)addr);
	return &elsewhere;
}

static struct step *push(uint8_t vector, uint32_t function)
{
	struct step *s = &steps[nsteps];

	if (nsteps == MAX_STEPS) {
		unit_fail(__FILE__, __LINE__, "script too long");
		return s - 1;
	}
	nsteps++;
	memset(s, 0, sizeof *s);
	s->vector = vector;
	s->function = function;
	return s;
}

/* Check the registers of an E820 call against its step.  A repeated
   step is called again with the continuation it gave.  */
static void check_e820_call(const struct step *s, const struct bios_regs *in)
{
	uint32_t ebx_in = s->calls ? s->ebx : s->ebx_in;

	if (in->ebx != ebx_in)
		unit_fail(__FILE__, __LINE__,
			  "call %u: E820 with EBX 0x%x, expected 0x%x", at,
			  in->ebx, ebx_in);
	if (in->edx != E820_SMAP || in->ecx < 20)
		unit_fail(__FILE__, __LINE__,
			  "call %u: E820 with EDX 0x%x ECX %u, expected "
			  "\"SMAP\" and at least 20 bytes",
			  at, in->edx, in->ecx);
	if (in->es != LOW_SEG(&e820_buf) || in->edi != LOW_OFF(&e820_buf))
		unit_fail(__FILE__, __LINE__,
			  "call %u: E820 buffer %04x:%04x is not e820_buf", at,
			  in->es, in->edi);
}

static int step_matches(const struct step *s, uint8_t vector,
			const struct bios_regs *in)
{
	return s->vector == vector &&
	       (s->function == ANY_FUNCTION || s->function == in->eax);
}

void bios_int(uint8_t vector, const struct bios_regs *in, struct bios_regs *out)
{
	struct bios_regs r = *in; /* the BIOS keeps what it does not set */
	struct step *s = &steps[at];

	/* A repeated step that was answered ends when the loader asks
	   for something else.  */
	if (at < nsteps && s->repeat && s->calls &&
	    !step_matches(s, vector, in))
		s = &steps[++at];
	if (at == nsteps || !step_matches(s, vector, in) ||
	    s->calls == FOREVER) {
		unit_fail(__FILE__, __LINE__,
			  "call %u: INT 0x%x EAX 0x%x off the script (%s)", at,
			  vector, in->eax,
			  at == nsteps	  ? "which has ended"
			  : s->calls != 0 ? "the loader loops forever"
					  : "step differs");
		r.eflags |= EFLAGS_CF;
		*out = r;
		at = nsteps; /* one failure is enough */
		return;
	}
	if (!s->repeat)
		at++;
	if (vector == INT_SYSTEM && in->eax == INT15_E820) {
		check_e820_call(s, in);
		if (!s->cf)
			memcpy(&e820_buf, &s->entry, s->written);
	}
	s->calls++;
	r.eflags = s->cf ? r.eflags | EFLAGS_CF : r.eflags & ~EFLAGS_CF;
	r.eax = s->eax;
	r.ebx = s->ebx;
	r.ecx = s->ecx;
	r.edx = s->edx;
	*out = r;
}

static void script_reset(void)
{
	nsteps = at = 0;
	e820_cont = 0;
	bda_ebda_segment = 0x9fc0; /* 1 KiB EBDA below 640 KiB, as QEMU */
	bda_memory_kib = 639;
	memset(&m, 0, sizeof m);
}

/* One E820 entry of SIZE bytes (20, or 24 with ATTRIBUTES), with a
   continuation value for the next call.  BIOSes use offsets or
   indices; 0x18 steps are neither 0 nor the call count.  */
static void e820_sized(uint64_t base, uint64_t length, uint32_t type,
		       uint32_t attributes, uint32_t size)
{
	struct step *s = push(INT_SYSTEM, INT15_E820);

	s->ebx_in = e820_cont;
	e820_cont += 0x18;
	s->eax = E820_SMAP;
	s->ebx = e820_cont;
	s->ecx = size;
	s->entry = (struct e820_entry){base, length, type, attributes};
	s->written = size;
}

static void e820(uint64_t base, uint64_t length, uint32_t type)
{
	e820_sized(base, length, type, E820_ATTR_ENABLED, 24);
}

/* A BIOS that says 24 bytes but writes only the first 20.  */
static void e820_says_24_writes_20(uint64_t base, uint64_t length,
				   uint32_t type)
{
	e820_sized(base, length, type, 0, 24);
	steps[nsteps - 1].written = 20;
}

/* The entry just scripted is the last: EBX 0.  */
static void e820_last(void)
{
	steps[nsteps - 1].ebx = 0;
}

/* An E820 call that fails: CF set, AH = 86h (unsupported).  */
static void e820_cf(void)
{
	struct step *s = push(INT_SYSTEM, INT15_E820);

	s->ebx_in = e820_cont;
	s->cf = 1;
	s->eax = 0x8600;
}

static void e801(uint32_t ax, uint32_t bx, uint32_t cx, uint32_t dx)
{
	struct step *s = push(INT_SYSTEM, INT15_E801);

	s->eax = ax;
	s->ebx = bx;
	s->ecx = cx;
	s->edx = dx;
}

static void fails(uint32_t function)
{
	struct step *s = push(INT_SYSTEM, function);

	s->cf = 1;
	s->eax = 0x8600;
}

static void ext88(uint32_t kib)
{
	push(INT_SYSTEM, INT15_EXT_MEMORY)->eax = kib;
}

static void int12(uint32_t kib)
{
	push(INT_LOWMEM, ANY_FUNCTION)->eax = kib;
}

/* Every step was called.  */
static void script_done(void)
{
	if (at < nsteps && steps[at].repeat && steps[at].calls)
		at++;
	if (at != nsteps)
		unit_fail(__FILE__, __LINE__,
			  "the loader made %u of %u scripted calls", at,
			  nsteps);
}

/* ---- checking the map ---- */
struct want {
	uint64_t start, end;
	uint32_t type, attributes;
};

static const char *type_name_of(uint32_t type)
{
	static const char *const names[] = {
	    "?",	"usable", "reserved",	"acpi-reclaimable",
	    "acpi-nvs", "bad",	  "bootloader", "kernel",
	    "stack",	"pt",	  "boot-info",	"firmware-unknown"};

	return type < sizeof names / sizeof names[0] ? names[type] : "?";
}

static void dump_map(void)
{
	uint32_t i;

	for (i = 0; i < m.count; i++)
		printf("  [0x%llx, 0x%llx) %s attr 0x%x\n",
		       (unsigned long long)m.r[i].start,
		       (unsigned long long)m.r[i].end,
		       type_name_of(m.r[i].type), m.r[i].attributes);
}

static void check_map(const struct want *w, uint32_t n, int line)
{
	uint32_t i;
	int bad = m.count != n;

	for (i = 0; i < n && i < m.count; i++)
		if (m.r[i].start != w[i].start || m.r[i].end != w[i].end ||
		    m.r[i].type != w[i].type ||
		    m.r[i].attributes != w[i].attributes) {
			unit_fail(__FILE__, line,
				  "region %u is [0x%llx, 0x%llx) %s attr 0x%x, "
				  "expected [0x%llx, 0x%llx) %s attr 0x%x",
				  i, (unsigned long long)m.r[i].start,
				  (unsigned long long)m.r[i].end,
				  type_name_of(m.r[i].type), m.r[i].attributes,
				  (unsigned long long)w[i].start,
				  (unsigned long long)w[i].end,
				  type_name_of(w[i].type), w[i].attributes);
			bad = 1;
		}
	if (m.count != n)
		unit_fail(__FILE__, line, "%u regions, expected %u", m.count,
			  n);
	if (bad)
		dump_map();
}

#define CHECK_MAP(...)                                                         \
	do {                                                                   \
		static const struct want w_[] = {__VA_ARGS__};                 \
		check_map(w_, sizeof w_ / sizeof w_[0], __LINE__);             \
	} while (0)

/* Every map below 1 MiB: page 0 and the loader are never usable, nor
   is anything from the EBDA up (QEMU's 0x9fc00: the page 0x9f000, so
   LOW_END is 0x9f000); the BIOS's low memory in between is.  */
/* clang-format off */
#define R(s, e, t) {(s), (e), CKBOOT_MEMORY_##t, 0}
/* clang-format on */
#define LOW_MAP(low_end)                                                       \
	R(0, PAGE_SIZE, RESERVED), R(PAGE_SIZE, LOADER_END, BOOTLOADER),       \
	    R(LOADER_END, (low_end), USABLE), R((low_end), MIB, RESERVED)

/* ---- the cases ---- */

/* A QEMU-like map, out of order, with every kind of entry memmap_bios.c
   treats specially.  */
static void test_e820(void)
{
	unit_case("e820: several entries, unknown types, sorted and merged");
	script_reset();
	e820(MIB, 0x7ee0000, E820_TYPE_USABLE); /* to 0x7fe0000 */
	/* A 20-byte entry (ECX 20): no attributes to look at, kept.  */
	e820_sized(0, 0x9fc00, E820_TYPE_USABLE, 0, 20);
	e820(0x9fc00, 0x400, E820_TYPE_RESERVED);
	e820(0xf0000, 0x10000, E820_TYPE_RESERVED);
	e820(0x7fe0000, 0x10000, E820_TYPE_ACPI);
	e820(0x7ff0000, 0x10000, E820_TYPE_NVS);
	/* Types from after this loader (12: persistent memory; 0x77):
	   kept, as firmware-unknown with the raw type in attributes, and
	   not merged with each other.  */
	e820(0x8000000, MIB, 12);
	e820(0x8100000, MIB, 0x77);
	e820(0x8200000, 0x1000, E820_TYPE_BAD);
	/* ACPI 3.0: "enabled" clear means ignore the entry.  */
	e820_sized(0x10000000, 0x1000, E820_TYPE_USABLE, 0, 24);
	/* After it, an entry that claims 24 bytes but leaves the
	   attributes unwritten: they are the ones the loader preset, not
	   the disabled entry's left in the buffer, so it is kept.  */
	e820_says_24_writes_20(0x20000000, 0x1000, E820_TYPE_RESERVED);
	e820(0x30000000, 0, E820_TYPE_RESERVED);	 /* empty: ignored */
	e820(~0ULL - 0xfff, 0x2000, E820_TYPE_RESERVED); /* wraps: ignored */
	e820_sized(0x40000000, 0x1000, E820_TYPE_RESERVED, 0, 16); /* short */
	e820(4 * GIB, GIB, E820_TYPE_USABLE);
	e820(5 * GIB, GIB, E820_TYPE_USABLE); /* adjacent: merged */
	e820(0xfffc0000, 0x40000, E820_TYPE_RESERVED);
	e820_last();
	memmap_read(&m);
	script_done();
	CHECK_MAP(
	    LOW_MAP(0x9f000), R(MIB, 0x7fe0000, USABLE),
	    R(0x7fe0000, 0x7ff0000, ACPI_RECLAIMABLE),
	    R(0x7ff0000, 0x8000000, ACPI_NVS),
	    {0x8000000, 0x8100000, CKBOOT_MEMORY_FIRMWARE_UNKNOWN, 12},
	    {0x8100000, 0x8200000, CKBOOT_MEMORY_FIRMWARE_UNKNOWN, 0x77},
	    R(0x8200000, 0x8201000, BAD), R(0x20000000, 0x20001000, RESERVED),
	    R(0xfffc0000, 4 * GIB, RESERVED), R(4 * GIB, 6 * GIB, USABLE));
}

/* CF after the first entry is how some BIOSes end the list.  */
static void test_e820_cf_ends(void)
{
	unit_case("e820: CF on a later call ends the list");
	script_reset();
	e820(0, 0x9fc00, E820_TYPE_USABLE);
	e820(MIB, 63 * MIB, E820_TYPE_USABLE);
	e820_cf();
	memmap_read(&m);
	script_done();
	CHECK_MAP(LOW_MAP(0x9f000), R(MIB, 64 * MIB, USABLE));
}

/* More entries than the bootloader crate (64) or Linux's boot code
   (128) take: none is dropped.  */
static void test_e820_many(void)
{
	uint32_t i, n = 300;

	unit_case("e820: 300 entries, all kept");
	script_reset();
	e820(0, 0x9fc00, E820_TYPE_USABLE);
	for (i = 0; i < n; i++)
		e820(4 * GIB + i * 0x1000ULL, 0x1000,
		     i % 2 ? E820_TYPE_RESERVED : E820_TYPE_USABLE);
	e820_last();
	memmap_read(&m);
	script_done();
	CHECK_EQ(m.count, n + 4);
	CHECK_EQ(m.r[4].start, 4 * GIB);
	CHECK_EQ(m.r[n + 3].end, 4 * GIB + n * 0x1000ULL);
	CHECK_EQ(m.r[n + 3].type, CKBOOT_MEMORY_RESERVED);
}

/* A BIOS whose continuation never reaches 0 is cut off: E820 gives up
   by itself, and the next method answers.  */
static void test_e820_endless(void)
{
	struct step *s;

	unit_case("e820: an endless list is cut off, then E801");
	script_reset();
	/* Entries too short to use: each call adds nothing, so only a
	   limit on calls ends the loop (entries worth keeping would fill
	   the map first, which panics).  */
	e820_sized(MIB, MIB, E820_TYPE_USABLE, 0, 16);
	s = &steps[nsteps - 1];
	s->repeat = 1;
	e801(15 * 1024, 48 * 16, 0, 0);
	int12(639);
	memmap_read(&m);
	script_done();
	printf("E820 asked %u times\n", s->calls);
	CHECK(s->calls > 1 && s->calls < FOREVER);
	CHECK_MAP(LOW_MAP(0x9f000), R(MIB, 64 * MIB, USABLE));
}

/* A list of nothing but entries to ignore (disabled, empty) is no
   answer: E801 is asked as if E820 had failed.  */
static void test_e820_nothing_kept(void)
{
	unit_case("e820: every entry ignored, then E801");
	script_reset();
	e820_sized(0, 0x9fc00, E820_TYPE_USABLE, 0, 24); /* disabled */
	e820_sized(MIB, 63 * MIB, E820_TYPE_USABLE, 0, 24);
	e820(64 * MIB, 0, E820_TYPE_USABLE);	       /* empty */
	e820(~0ULL - 0xfff, 0x2000, E820_TYPE_USABLE); /* wraps */
	e820_last();
	e801(15 * 1024, 48 * 16, 0, 0);
	int12(639);
	memmap_read(&m);
	script_done();
	CHECK_MAP(LOW_MAP(0x9f000), R(MIB, 64 * MIB, USABLE));
}

/* E820 unsupported: CF on the very first call.  E801 answers in AX/BX
   (KiB between 1 and 16 MiB, 64 KiB blocks above), here for 64 MiB.  */
static void test_e801_ax_bx(void)
{
	unit_case("e820 fails at once: E801 in AX/BX");
	script_reset();
	e820_cf();
	e801(15 * 1024, 48 * 16, 0, 0);
	int12(639);
	memmap_read(&m);
	script_done();
	CHECK_MAP(LOW_MAP(0x9f000), R(MIB, 64 * MIB, USABLE));
}

/* Other BIOSes answer in CX/DX, which then win over AX/BX.  */
static void test_e801_cx_dx(void)
{
	unit_case("e820 fails at once: E801 in CX/DX");
	script_reset();
	e820_cf();
	e801(0x1234, 0x5678, 15 * 1024, 112 * 16);
	int12(639);
	memmap_read(&m);
	script_done();
	CHECK_MAP(LOW_MAP(0x9f000), R(MIB, 128 * MIB, USABLE));
}

/* Less than 15 MiB above 1 MiB (a hole at 15 MiB, or a small machine):
   the count above 16 MiB cannot be placed and is not used.  */
static void test_e801_hole(void)
{
	unit_case("e801: a memory hole below 16 MiB");
	script_reset();
	e820_cf();
	e801(7 * 1024, 48 * 16, 0, 0);
	int12(639);
	memmap_read(&m);
	script_done();
	CHECK_MAP(LOW_MAP(0x9f000), R(MIB, 8 * MIB, USABLE));
}

/* E801 fails too: INT 15h AH=88h, KiB above 1 MiB.  */
static void test_88h(void)
{
	unit_case("e820 and e801 fail: 88h");
	script_reset();
	e820_cf();
	fails(INT15_E801);
	ext88(15 * 1024);
	int12(639);
	memmap_read(&m);
	script_done();
	CHECK_MAP(LOW_MAP(0x9f000), R(MIB, 16 * MIB, USABLE));
}

/* More than 15 MiB between 1 and 16 MiB is nonsense: E801 is not
   believed.  */
static void test_e801_nonsense(void)
{
	unit_case("e801 nonsense: 88h");
	script_reset();
	e820_cf();
	e801(16 * 1024, 0, 0, 0);
	ext88(3 * 1024);
	int12(639);
	memmap_read(&m);
	script_done();
	CHECK_MAP(LOW_MAP(0x9f000), R(MIB, 4 * MIB, USABLE));
}

/* EAX without "SMAP" in the middle of the list: nothing E820 said is
   trusted, the entries before included; E801 answers.  */
static void test_smap_lost(void)
{
	struct step *s;

	unit_case("e820: SMAP lost mid-list, E801 instead");
	script_reset();
	e820(0, 0x9fc00, E820_TYPE_USABLE);
	e820(4 * GIB, GIB, E820_TYPE_USABLE);
	e820(0xfffc0000, 0x40000, E820_TYPE_RESERVED);
	s = &steps[nsteps - 1];
	s->eax = 0; /* and entry and continuation look fine */
	e801(15 * 1024, 48 * 16, 0, 0);
	int12(639);
	memmap_read(&m);
	script_done();
	CHECK_MAP(LOW_MAP(0x9f000), R(MIB, 64 * MIB, USABLE));
}

/* INT 12h out of range and a BDA without an EBDA: 0x9f000 and the VGA
   window as limits, the page in between in no region.  */
static void test_low_memory_fallbacks(void)
{
	unit_case("88h: INT 12h nonsense, no EBDA");
	script_reset();
	bda_ebda_segment = 0;
	bda_memory_kib = 0;
	e820_cf();
	fails(INT15_E801);
	ext88(31 * 1024);
	int12(0);
	memmap_read(&m);
	script_done();
	CHECK_MAP(R(0, PAGE_SIZE, RESERVED),
		  R(PAGE_SIZE, LOADER_END, BOOTLOADER),
		  R(LOADER_END, 0x9f000, USABLE),
		  R(VGA_WINDOW_START, MIB, RESERVED), R(MIB, 32 * MIB, USABLE));
}

/* A QEMU-like E820 (639 KiB, then 1-64 MiB usable) with KIB in the
   BDA's memory size: conventional memory must end at LOW_END.  */
static void bda_size_case(const char *name, uint16_t kib, uint64_t low_end)
{
	const struct want w[] = {LOW_MAP(low_end), R(MIB, 64 * MIB, USABLE)};

	unit_case(name);
	script_reset();
	bda_memory_kib = kib;
	e820(0, 0x9fc00, E820_TYPE_USABLE);
	e820(MIB, 63 * MIB, E820_TYPE_USABLE);
	e820_last();
	memmap_read(&m);
	script_done();
	check_map(w, sizeof w / sizeof w[0], __LINE__);
}

/* An option ROM took the top 139 KiB of conventional memory, lowering
   the BDA's size below the EBDA it left where it was: reserved from
   there, whatever E820 says.  */
static void test_rom_took_low_memory(void)
{
	bda_size_case("e820: the BDA's memory size below the EBDA", 500,
		      0x7d000);
	bda_size_case("e820: a BDA memory size off a page: reserved from below",
		      510 /* 0x7f800 */, 0x7f000);
	bda_size_case("e820: a BDA memory size below 128 KiB is ignored", 100,
		      0x9f000);
}

/* Less conventional memory than the loader and its buffer take: a
   panic before the BIOS is asked for anything.  */
static void test_low_memory_too_small(void)
{
	unit_case("conventional memory below the bounce buffer's end: panic");
	script_reset();
	bda_memory_kib = 400;
	EXPECT_PANIC("only 400 KiB of conventional memory, the loader needs 480",
		     memmap_read(&m));
	script_done();

	unit_case("the panic gives the BDA's size as it is, off a page too");
	script_reset();
	bda_memory_kib = 470;
	EXPECT_PANIC("only 470 KiB of conventional memory", memmap_read(&m));
	script_done();

	unit_case("an EBDA below the bounce buffer's end is taken as bogus");
	script_reset();
	bda_ebda_segment = 0x7000;
	bda_memory_kib = 0;
	e820(0, 0x9fc00, E820_TYPE_USABLE);
	e820_last();
	memmap_read(&m);
	script_done();
	CHECK_MAP(R(0, PAGE_SIZE, RESERVED),
		  R(PAGE_SIZE, LOADER_END, BOOTLOADER),
		  R(LOADER_END, 0x9f000, USABLE),
		  R(VGA_WINDOW_START, MIB, RESERVED));
}

static void test_nothing(void)
{
	unit_case("e820, e801 and 88h all fail: panic");
	script_reset();
	e820_cf();
	fails(INT15_E801);
	fails(INT15_EXT_MEMORY);
	EXPECT_PANIC("no memory map", memmap_read(&m));
	script_done();
}

int main(void)
{
	test_e820();
	test_e820_cf_ends();
	test_e820_many();
	test_e820_endless();
	test_e820_nothing_kept();
	test_e801_ax_bx();
	test_e801_cx_dx();
	test_e801_hole();
	test_88h();
	test_e801_nonsense();
	test_smap_lost();
	test_low_memory_fallbacks();
	test_rom_took_low_memory();
	test_low_memory_too_small();
	test_nothing();
	return unit_status();
}
