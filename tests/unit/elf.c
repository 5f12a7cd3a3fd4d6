/* Unit tests for stage/elf.c: elf_parse() refuses every malformed
   kernel with a clear message, and kernel_load() maps segments in
   place, copies partial pages, zeroes .bss and sets permissions.  */

#include <string.h>

#include "boot.h"
#include "elf64.h"
#include "elfimg.h"
#include "unit.h"

#define MIB  0x100000ULL
#define HIGH 0xffffffff80000000ULL

static unsigned char file[0x20000];
static struct elf_kernel k;

static struct elf64_ehdr *eh(void)
{
	return (struct elf64_ehdr *)file;
}

static struct elf64_phdr *ph(int i)
{
	return (struct elf64_phdr *)(file + sizeof(struct elf64_ehdr)) + i;
}

/* A good kernel: text, rodata, data+bss, TLS inside data.  */
static const struct seg_spec good[] = {
    {PT_LOAD, PF_R | PF_X, HIGH, 0x1000, 0x2000, 0x2000},
    {PT_LOAD, PF_R, HIGH + 0x2000, 0x3000, 0x800, 0x800},
    {PT_LOAD, PF_R | PF_W, HIGH + 0x3000, 0x4000, 0x1000, 0x9000},
    {PT_TLS, PF_R, HIGH + 0x3100, 0x4100, 0x20, 0x40},
};

static void build_good(void)
{
	elfimg_build(file, 0x5000, HIGH + 0x10, good, 4);
}

static void parse(void)
{
	elf_parse((uintptr_t)file, 0x5000, &k);
}

static void test_parse_good(void)
{
	unit_case("parse: a good kernel");
	build_good();
	parse();
	CHECK_EQ(k.entry, HIGH + 0x10);
	CHECK_EQ(k.nseg, 3);
	CHECK_EQ(k.vstart, HIGH);
	CHECK_EQ(k.vend, HIGH + 0xc000);
	CHECK_EQ(k.seg[2].memsz, 0x9000);
	CHECK_EQ(k.seg[2].flags, PF_R | PF_W);
	CHECK_EQ(k.tls_vaddr, HIGH + 0x3100);
	CHECK_EQ(k.tls_filesz, 0x20);
	CHECK_EQ(k.tls_memsz, 0x40);
}

static void test_parse_header(void)
{
	unit_case("parse: bad ELF headers");
	build_good();
	EXPECT_PANIC("too small", elf_parse((uintptr_t)file, 10, &k));
	file[1] = 'X';
	EXPECT_PANIC("not an ELF file", parse());
	build_good();
	file[EI_CLASS] = 1;
	EXPECT_PANIC("not a 64-bit ELF file", parse());
	build_good();
	file[EI_DATA] = 2;
	EXPECT_PANIC("not a little-endian", parse());
	build_good();
	file[EI_VERSION] = 2;
	EXPECT_PANIC("unknown ELF version", parse());
	build_good();
	eh()->e_machine = 3;
	EXPECT_PANIC("not an x86-64 ELF file (e_machine 3)", parse());
	build_good();
	eh()->e_type = 1;
	EXPECT_PANIC("not an executable ELF file (e_type 1)", parse());
	build_good();
	eh()->e_phentsize = 32;
	EXPECT_PANIC("program headers of 32 bytes", parse());
	build_good();
	eh()->e_phnum = 0;
	EXPECT_PANIC("no usable ELF program headers", parse());
	eh()->e_phnum = PN_XNUM;
	EXPECT_PANIC("no usable ELF program headers", parse());
	build_good();
	eh()->e_phoff = 0x4fe0;
	EXPECT_PANIC("program headers lie outside the file", parse());
	eh()->e_phoff = ~0ULL - 8;
	EXPECT_PANIC("program headers lie outside the file", parse());
	build_good();
	eh()->e_phnum = 0xfff0;
	EXPECT_PANIC("program headers lie outside the file", parse());
}

static void test_parse_segments(void)
{
	int i;

	unit_case("parse: bad segments");
	build_good();
	ph(1)->p_filesz = 0x2001;
	EXPECT_PANIC("lie outside the file", parse());
	ph(1)->p_offset = ~0ULL - 0x10;
	EXPECT_PANIC("lie outside the file", parse());
	build_good();
	ph(1)->p_filesz = 0x801;
	EXPECT_PANIC("file size 0x801 exceeds memory size 0x800", parse());
	build_good();
	ph(1)->p_vaddr = 0x0000800000000000ULL;
	EXPECT_PANIC("not in canonical address space", parse());
	ph(1)->p_vaddr = 0x00007ffffffffc00ULL; /* runs into the hole */
	EXPECT_PANIC("not in canonical address space", parse());
	ph(1)->p_vaddr = 0xfffffffffffff800ULL;
	EXPECT_PANIC("wraps around", parse());
	ph(1)->p_vaddr = 0x1000;
	EXPECT_PANIC("is below 1 MiB", parse());
	build_good();
	ph(1)->p_vaddr = HIGH + 0x1ff0;
	EXPECT_PANIC("overlap", parse());

	unit_case("parse: the entry point must be in an executable segment");
	build_good();
	eh()->e_entry = HIGH + 0x2010; /* rodata */
	EXPECT_PANIC("entry point 0xffffffff80002010 is not inside an "
		     "executable segment",
		     parse());
	eh()->e_entry = HIGH + 0x100000;
	EXPECT_PANIC("not inside an executable segment", parse());

	unit_case("parse: segment counts and TLS");
	build_good();
	for (i = 0; i < 3; i++)
		ph(i)->p_type = PT_NULL;
	EXPECT_PANIC("no PT_LOAD segment", parse());
	build_good();
	ph(1)->p_type = PT_TLS;
	EXPECT_PANIC("more than one PT_TLS", parse());
	build_good();
	ph(3)->p_vaddr = HIGH + 0x20000;
	EXPECT_PANIC("TLS template", parse());
	build_good();
	ph(3)->p_filesz = 0x80;
	EXPECT_PANIC("PT_TLS segment is malformed", parse());
	{
		static struct seg_spec many[ELF_MAX_SEGMENTS + 1];

		for (i = 0; i <= ELF_MAX_SEGMENTS; i++) {
			many[i].type = PT_LOAD;
			many[i].flags = PF_R | PF_X;
			many[i].vaddr = 0x200000 + i * PAGE_SIZE;
			many[i].offset = 0x1000;
			many[i].filesz = many[i].memsz = 0x100;
		}
		elfimg_build(file, 0x5000, 0x200000, many,
			     ELF_MAX_SEGMENTS + 1);
		EXPECT_PANIC("more than 64 PT_LOAD segments", parse());
		/* Empty segments do not count and are not mapped.  */
		many[ELF_MAX_SEGMENTS].memsz = many[ELF_MAX_SEGMENTS].filesz =
		    0;
		elfimg_build(file, 0x5000, 0x200000, many,
			     ELF_MAX_SEGMENTS + 1);
		parse();
		CHECK_EQ(k.nseg, ELF_MAX_SEGMENTS);
	}
}

/* Every byte of [VIRT, VIRT + LEN) reads as FILE[OFFSET...], or as zero
   where OFFSET is ~0.  */
static void check_bytes(struct paging *pg, uint64_t virt, uint64_t offset,
			uint64_t len)
{
	uint64_t i;
	int want, got;

	for (i = 0; i < len; i++) {
		want = offset == ~0ULL ? 0 : file[offset + i];
		got = elfimg_byte(pg, virt + i);
		if (got != want) {
			unit_fail(__FILE__, __LINE__,
				  "byte at 0x%llx is %d, expected %d",
				  (unsigned long long)(virt + i), got, want);
			return;
		}
	}
}

static void test_load_high(void)
{
	/* Text ends and data starts in the same page; .bss spans pages.  */
	static const struct seg_spec seg[] = {
	    {PT_LOAD, PF_R | PF_X, HIGH, 0x1000, 0x2800, 0x2800},
	    {PT_LOAD, PF_R | PF_W, HIGH + 0x2800, 0x3800, 0x900, 0x5000},
	};
	struct boot_state *bs;
	uint64_t pte, v;

	unit_case("load: higher-half kernel, shared page, .bss");
	elfimg_build(file, 0x4100, HIGH, seg, 2);
	bs = elfimg_boot_state(file, 0x4100, 64, 1, 0);
	kernel_load(bs);
	/* Whole file pages: in place, read-only, executable.  */
	CHECK_EQ(paging_lookup(&bs->pg, HIGH), bs->kernel_image + 0x1000);
	CHECK_EQ(paging_lookup(&bs->pg, HIGH + 0x1234),
		 bs->kernel_image + 0x2234);
	pte = elfimg_pte(&bs->pg, HIGH);
	CHECK(!(pte & PTE_W) && !(pte & PTE_NX));
	/* The shared page: one frame, both segments' bytes, union of the
	   permissions.  */
	v = paging_lookup(&bs->pg, HIGH + 0x2000);
	CHECK(v < bs->kernel_image || v >= bs->kernel_image + 0x5000);
	CHECK_EQ(elfimg_type(&bs->map, v), CKBOOT_MEMORY_KERNEL);
	pte = elfimg_pte(&bs->pg, HIGH + 0x2000);
	CHECK((pte & PTE_W) && !(pte & PTE_NX));
	check_bytes(&bs->pg, HIGH, 0x1000, 0x3100);
	/* .bss: zero, writable, no-execute, to the last page.  */
	check_bytes(&bs->pg, HIGH + 0x3100, ~0ULL, 0x4700);
	pte = elfimg_pte(&bs->pg, HIGH + 0x3000);
	CHECK((pte & PTE_W) && (pte & PTE_NX));
	pte = elfimg_pte(&bs->pg, HIGH + 0x7000);
	CHECK((pte & PTE_W) && (pte & PTE_NX));
	CHECK_EQ(elfimg_pte(&bs->pg, HIGH + 0x8000), 0);
	CHECK_EQ(elfimg_pte(&bs->pg, HIGH - 0x1000), 0);
	CHECK_EQ(elfimg_type(&bs->map, paging_lookup(&bs->pg, HIGH + 0x5000)),
		 CKBOOT_MEMORY_KERNEL);
	CHECK_EQ(bs->elf.vstart, HIGH);
	CHECK_EQ(bs->elf.vend, HIGH + 0x8000);
}

static void test_load_reversed(void)
{
	/* The shared page again, its later segment listed first.  */
	static const struct seg_spec seg[] = {
	    {PT_LOAD, PF_R | PF_W, HIGH + 0x2800, 0x3800, 0x900, 0x5000},
	    {PT_LOAD, PF_R | PF_X, HIGH, 0x1000, 0x2800, 0x2800},
	};
	struct boot_state *bs;
	uint64_t pte;

	unit_case("load: shared page, segments in reverse order");
	elfimg_build(file, 0x4100, HIGH, seg, 2);
	bs = elfimg_boot_state(file, 0x4100, 64, 1, 0);
	kernel_load(bs);
	check_bytes(&bs->pg, HIGH, 0x1000, 0x3100);
	check_bytes(&bs->pg, HIGH + 0x3100, ~0ULL, 0x4700);
	pte = elfimg_pte(&bs->pg, HIGH + 0x2000);
	CHECK((pte & PTE_W) && !(pte & PTE_NX));
	pte = elfimg_pte(&bs->pg, HIGH + 0x1000);
	CHECK(!(pte & PTE_W) && !(pte & PTE_NX));
	pte = elfimg_pte(&bs->pg, HIGH + 0x3000);
	CHECK((pte & PTE_W) && (pte & PTE_NX));
}

static void test_load_low(uint64_t base)
{
	/* A multi-MiB .bss, as in kernels with static heaps.  */
	const struct seg_spec seg[] = {
	    {PT_LOAD, PF_R | PF_X, base, 0x1000, 0x3000, 0x3000},
	    {PT_LOAD, PF_R | PF_W, base + 0x3000, 0x4000, 0x1000, 8 * MIB},
	};
	struct boot_state *bs;
	uint64_t v;

	elfimg_build(file, 0x5000, base + 0x100, seg, 2);
	bs = elfimg_boot_state(file, 0x5000, 64, 1, 0);
	kernel_load(bs);
	CHECK_EQ(paging_lookup(&bs->pg, base), bs->kernel_image + 0x1000);
	CHECK_EQ(paging_lookup(&bs->pg, base + 0x3000),
		 bs->kernel_image + 0x4000);
	check_bytes(&bs->pg, base, 0x1000, 0x4000);
	for (v = base + 0x4000; v < base + 0x3000 + 8 * MIB; v += 0x1ff8) {
		if (elfimg_byte(&bs->pg, v) != 0) {
			unit_fail(__FILE__, __LINE__,
				  ".bss byte at 0x%llx is not zero",
				  (unsigned long long)v);
			break;
		}
	}
	check_bytes(&bs->pg, base + 0x3000 + 8 * MIB - 0x100, ~0ULL, 0x100);
	CHECK_EQ(elfimg_pte(&bs->pg, base + 0x3000 + 8 * MIB), 0);
	CHECK_EQ(elfimg_type(&bs->map,
			     paging_lookup(&bs->pg, base + 0x3000 + 4 * MIB)),
		 CKBOOT_MEMORY_KERNEL);
}

static void test_load_copies(void)
{
	/* Offsets not congruent with addresses: every page is copied.  */
	static const struct seg_spec odd[] = {
	    {PT_LOAD, PF_R | PF_X, 0x200000, 0x1100, 0x3000, 0x3000},
	};
	/* Two segments whose whole pages come from one file page.  */
	static const struct seg_spec alias[] = {
	    {PT_LOAD, PF_R | PF_X, 0x200000, 0x1000, 0x2000, 0x2000},
	    {PT_LOAD, PF_R | PF_W, 0x400000, 0x2000, 0x1000, 0x1000},
	};
	/* The same with the shared file page in the middle of the first.  */
	static const struct seg_spec middle[] = {
	    {PT_LOAD, PF_R | PF_X, 0x200000, 0x1000, 0x4000, 0x4000},
	    {PT_LOAD, PF_R | PF_W, 0x400000, 0x3000, 0x1000, 0x1000},
	};
	struct boot_state *bs;
	uint64_t v;

	unit_case("load: incongruent offsets are copied");
	elfimg_build(file, 0x5000, 0x200000, odd, 1);
	bs = elfimg_boot_state(file, 0x5000, 64, 1, 0);
	kernel_load(bs);
	for (v = 0x200000; v < 0x203000; v += PAGE_SIZE)
		CHECK(paging_lookup(&bs->pg, v) >= bs->kernel_image + 0x5000);
	check_bytes(&bs->pg, 0x200000, 0x1100, 0x3000);

	unit_case("load: a file image off page alignment is copied");
	elfimg_build(file, 0x5000, 0x200000, alias, 1);
	bs = elfimg_boot_state(file, 0x5000 + PAGE_SIZE, 64, 1, 0);
	bs->kernel_image += 0x10;
	bs->kernel_size = 0x5000;
	memcpy((void *)(uintptr_t)bs->kernel_image, file, 0x5000);
	kernel_load(bs);
	for (v = 0x200000; v < 0x202000; v += PAGE_SIZE)
		CHECK(paging_lookup(&bs->pg, v) >= bs->kernel_image + 0x5000);
	check_bytes(&bs->pg, 0x200000, 0x1000, 0x2000);

	unit_case("load: a file page two segments use is not shared");
	elfimg_build(file, 0x5000, 0x200000, alias, 2);
	bs = elfimg_boot_state(file, 0x5000, 64, 1, 0);
	kernel_load(bs);
	CHECK_EQ(paging_lookup(&bs->pg, 0x200000), bs->kernel_image + 0x1000);
	CHECK(paging_lookup(&bs->pg, 0x201000) != bs->kernel_image + 0x2000);
	CHECK(paging_lookup(&bs->pg, 0x400000) != bs->kernel_image + 0x2000);
	CHECK(paging_lookup(&bs->pg, 0x400000) !=
	      paging_lookup(&bs->pg, 0x201000));
	check_bytes(&bs->pg, 0x200000, 0x1000, 0x2000);
	check_bytes(&bs->pg, 0x400000, 0x2000, 0x1000);

	unit_case("load: in place on both sides of a shared file page");
	elfimg_build(file, 0x5000, 0x200000, middle, 2);
	bs = elfimg_boot_state(file, 0x5000, 64, 1, 0);
	kernel_load(bs);
	CHECK_EQ(paging_lookup(&bs->pg, 0x200000), bs->kernel_image + 0x1000);
	CHECK_EQ(paging_lookup(&bs->pg, 0x201000), bs->kernel_image + 0x2000);
	CHECK(paging_lookup(&bs->pg, 0x202000) != bs->kernel_image + 0x3000);
	CHECK_EQ(paging_lookup(&bs->pg, 0x203000), bs->kernel_image + 0x4000);
	CHECK(paging_lookup(&bs->pg, 0x400000) != bs->kernel_image + 0x3000);
	check_bytes(&bs->pg, 0x200000, 0x1000, 0x4000);
	check_bytes(&bs->pg, 0x400000, 0x3000, 0x1000);

	unit_case("load: without NX nothing is marked no-execute");
	elfimg_build(file, 0x5000, 0x200000, alias, 2);
	bs = elfimg_boot_state(file, 0x5000, 64, 0, 0);
	kernel_load(bs);
	CHECK(!(elfimg_pte(&bs->pg, 0x400000) & PTE_NX));
	CHECK(elfimg_pte(&bs->pg, 0x400000) & PTE_W);
}

/* ---- position-independent kernels ---- */

/* Text at 0, data (two pages) at 0x1000, and at 0x3000 a read-only
   page with the dynamic section and, 0x100 into it, the RELA table.  */
static const struct seg_spec pie[] = {
    {PT_LOAD, PF_R | PF_X, 0, 0x1000, 0x1000, 0x1000},
    {PT_LOAD, PF_R | PF_W, 0x1000, 0x2000, 0x2000, 0x2000},
    {PT_LOAD, PF_R, 0x3000, 0x4000, 0x1000, 0x1000},
    {PT_DYNAMIC, PF_R | PF_W, 0x3000, 0x4000, 0x60, 0x60},
};
#define PIE_DYN	 0x4000 /* file offsets */
#define PIE_RELA 0x4100

static void put_dyn(int i, int64_t tag, uint64_t val)
{
	struct elf64_dyn *d = (struct elf64_dyn *)(file + PIE_DYN) + i;

	d->d_tag = tag;
	d->d_val = val;
}

static void put_rela(int i, uint64_t offset, uint32_t type, int64_t addend)
{
	struct elf64_rela *r = (struct elf64_rela *)(file + PIE_RELA) + i;

	r->r_offset = offset;
	r->r_info = type;
	r->r_addend = addend;
}

/* The PIE above with NRELA relocations (filled in by the caller) and
   the dynamic section that points at them.  */
static void build_pie(int nrela)
{
	elfimg_build(file, 0x5000, 0x10, pie, 4);
	eh()->e_type = ET_DYN;
	put_dyn(0, DT_RELA, 0x3100);
	put_dyn(1, DT_RELASZ, nrela * sizeof(struct elf64_rela));
	put_dyn(2, DT_RELAENT, sizeof(struct elf64_rela));
	put_dyn(3, DT_NULL, 0);
}

static uint64_t read64(struct paging *pg, uint64_t virt)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | (uint8_t)elfimg_byte(pg, virt + i);
	return v;
}

static void test_pie(void)
{
	struct boot_state *bs;

	unit_case("pie: linked at 0, runs at CKBOOT_PIE_BASE, relocated");
	build_pie(3);
	put_rela(0, 0x1008, R_X86_64_RELATIVE, 0x10);
	put_rela(1, 0x1ffc, R_X86_64_RELATIVE, 0x3123); /* two pages */
	put_rela(2, 0x1010, R_X86_64_NONE, 0);
	bs = elfimg_boot_state(file, 0x5000, 64, 1, 0);
	kernel_load(bs);
	CHECK_EQ(bs->elf.bias, CKBOOT_PIE_BASE);
	CHECK_EQ(bs->elf.entry, CKBOOT_PIE_BASE + 0x10);
	CHECK_EQ(bs->elf.vstart, CKBOOT_PIE_BASE);
	CHECK_EQ(bs->elf.vend, CKBOOT_PIE_BASE + 0x4000);
	CHECK_EQ(bs->elf.rela_count, 3);
	CHECK_EQ(read64(&bs->pg, CKBOOT_PIE_BASE + 0x1008),
		 CKBOOT_PIE_BASE + 0x10);
	CHECK_EQ(read64(&bs->pg, CKBOOT_PIE_BASE + 0x1ffc),
		 CKBOOT_PIE_BASE + 0x3123);
	/* The NONE entry's word is the file's, as elfimg_build wrote it.  */
	CHECK_EQ(read64(&bs->pg, CKBOOT_PIE_BASE + 0x1010),
		 *(uint64_t *)(file + 0x2010));

	unit_case("pie: linked at 2 MiB, runs 2 MiB above the base");
	{
		static const struct seg_spec at2m[] = {
		    {PT_LOAD, PF_R | PF_X, 0x200000, 0x1000, 0x1000, 0x1000},
		};
		elfimg_build(file, 0x2000, 0x200000, at2m, 1);
		eh()->e_type = ET_DYN;
		parse();
		CHECK_EQ(k.vstart, CKBOOT_PIE_BASE + 0x200000);
		CHECK_EQ(k.rela_count, 0);
	}

	unit_case("pie: what the loader refuses");
	build_pie(1);
	put_rela(0, 0x1008, 1 /* R_X86_64_64 */, 0);
	bs = elfimg_boot_state(file, 0x5000, 64, 1, 0);
	EXPECT_PANIC("relocation at 0xffffffff80001008 has type 1",
		     kernel_load(bs));
	build_pie(1);
	put_rela(0, 0x3ffc, R_X86_64_RELATIVE, 0);
	bs = elfimg_boot_state(file, 0x5000, 64, 1, 0);
	EXPECT_PANIC("relocation at 0xffffffff80003ffc is outside",
		     kernel_load(bs));
	build_pie(1);
	put_dyn(3, DT_NEEDED, 1);
	put_dyn(4, DT_NULL, 0);
	EXPECT_PANIC("needs shared libraries", parse());
	build_pie(1);
	put_dyn(0, DT_RELA, 0x9000);
	EXPECT_PANIC("relocations at 0xffffffff80009000 are not in", parse());
	build_pie(1);
	put_dyn(2, DT_RELAENT, 16);
	EXPECT_PANIC("RELA entries of 16 bytes", parse());
	build_pie(1);
	put_dyn(1, DT_RELASZ, 30);
	EXPECT_PANIC("RELA table of 30 bytes is not whole entries", parse());
	build_pie(1);
	put_dyn(3, DT_JMPREL, 0x3200);
	put_dyn(4, DT_NULL, 0);
	EXPECT_PANIC("does not apply (dynamic tag 23)", parse());
	build_pie(1);
	put_dyn(3, DT_PLTRELSZ, 0); /* an empty PLT table is none */
	put_dyn(4, DT_NULL, 0);
	put_rela(0, 0x1008, R_X86_64_RELATIVE, 0);
	parse();
	CHECK_EQ(k.rela_count, 1);
	build_pie(2);
	put_rela(0, 0x3118, R_X86_64_RELATIVE, 0); /* entry 1's r_offset */
	put_rela(1, 0x1008, R_X86_64_RELATIVE, 0);
	bs = elfimg_boot_state(file, 0x5000, 64, 1, 0);
	EXPECT_PANIC("relocation at 0xffffffff80003118 falls in the "
		     "relocation table",
		     kernel_load(bs));
	{
		static const struct seg_spec twodyn[] = {
		    {PT_LOAD, PF_R | PF_X, 0, 0x1000, 0x1000, 0x1000},
		    {PT_LOAD, PF_R | PF_W, 0x1000, 0x2000, 0x2000, 0x2000},
		    {PT_LOAD, PF_R, 0x3000, 0x4000, 0x1000, 0x1000},
		    {PT_DYNAMIC, PF_R | PF_W, 0x3000, 0x4000, 0x60, 0x60},
		    {PT_DYNAMIC, PF_R | PF_W, 0x3000, 0x4000, 0x60, 0x60},
		};
		elfimg_build(file, 0x5000, 0x10, twodyn, 5);
		eh()->e_type = ET_DYN;
		EXPECT_PANIC("more than one PT_DYNAMIC", parse());
	}
	{
		static const struct seg_spec wide[] = {
		    {PT_LOAD, PF_R | PF_X, 0, 0x1000, 0x1000, 0x1000},
		    {PT_LOAD, PF_R | PF_W, 0x7fffe000, 0x2000, 0, 0x3000},
		};
		/* Up to the last page: its end would wrap to 0.  */
		static const struct seg_spec last[] = {
		    {PT_LOAD, PF_R | PF_X, 0, 0x1000, 0x1000, 0x1000},
		    {PT_LOAD, PF_R | PF_W, 0x7fffe000, 0x2000, 0, 0x2000},
		};
		elfimg_build(file, 0x3000, 0x10, wide, 2);
		eh()->e_type = ET_DYN;
		EXPECT_PANIC("spans more than 2 GiB", parse());
		elfimg_build(file, 0x3000, 0x10, last, 2);
		eh()->e_type = ET_DYN;
		EXPECT_PANIC("spans more than 2 GiB", parse());
		ph(1)->p_memsz = 0x1000; /* ends where the last page starts */
		parse();
		CHECK_EQ(k.vend, 0ULL - 0x1000);
	}
}

static void test_load_no_memory(void)
{
	static const struct seg_spec seg[] = {
	    {PT_LOAD, PF_R | PF_X, 0x200000, 0x1000, 0x1000, 0x1000},
	    {PT_LOAD, PF_R | PF_W, 0x300000, 0x2000, 0, 64 * MIB},
	};
	struct boot_state *bs;

	unit_case("load: a .bss larger than memory panics");
	elfimg_build(file, 0x3000, 0x200000, seg, 2);
	bs = elfimg_boot_state(file, 0x3000, 16, 1, 0);
	/* Runs as large as memory allows are taken first; the message
	   gives what is still missing.  */
	EXPECT_PANIC("out of memory: need", kernel_load(bs));
	CHECK(strstr(unit_panic_msg, "KiB for the kernel") != 0);
}

int main(void)
{
	test_parse_good();
	test_parse_header();
	test_parse_segments();
	test_load_high();
	test_load_reversed();
	unit_case("load: kernel linked at 0x100000");
	test_load_low(0x100000);
	unit_case("load: kernel linked at 0x200000");
	test_load_low(0x200000);
	test_load_copies();
	test_pie();
	test_load_no_memory();
	return unit_status();
}
