/* The kernel file, as ckboot-install sees it before installing it.

   ckboot-install copies the kernel's ELF file byte for byte behind the
   loader; at boot stage/elf.c checks it again and maps its PT_LOAD
   segments.  Everything the loader would refuse is refused here first,
   at install time, where the message reaches a terminal instead of a
   screen that halts, and the target is still untouched.

   The file is never read whole: only the ELF header, the program
   headers, the section headers and the note sections are read, and the
   CRC-32 the loader checks is computed over 2 MiB windows of the file,
   mapped one at a time (file.c), so a kernel with a 2 GiB .data section
   costs a few MiB of memory.
   Fields are decoded from little-endian bytes, so the host's byte order
   does not matter.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <elf.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ckboot.h"
#include "file.h"

#ifndef DT_RELR			/* glibc before 2.36 */
#define DT_RELR 36
#endif
#ifndef SHT_RELR
#define SHT_RELR 19
#endif

#define PAGE_SIZE 4096ULL
#define LOW_MEMORY_END 0x100000ULL	/* the loader and the BIOS below */
#define NOTE_SECTION_MAX (1024 * 1024)	/* larger note sections are skipped */
#define EHDR_SIZE 64
#define PHDR_SIZE 56
#define SHDR_SIZE 64

/* The ELF header fields ckboot uses, decoded.  */
struct elf_header {
	uint16_t type, machine, ehsize, phentsize, phnum;
	uint16_t shentsize, shnum, shstrndx;
	uint32_t version;
	uint64_t entry, phoff, shoff;
};

struct elf_phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, filesz, memsz, align;
};

static uint16_t le16(const unsigned char *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
	return le16(p) | (uint32_t)le16(p + 2) << 16;
}

static uint64_t le64(const unsigned char *p)
{
	return le32(p) | (uint64_t)le32(p + 4) << 32;
}

static int fail(struct ckb_error *err, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(struct ckb_error *err, const char *path, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(err->msg, sizeof err->msg, "%s: ", path);

	if (n < 0 || (size_t)n >= sizeof err->msg)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof err->msg - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* True if [OFF, OFF+LEN) lies inside a file of SIZE bytes.  */
static int in_file(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* x86-64 addresses are canonical when bits 63-47 are all equal.  */
static int canonical(uint64_t a)
{
	uint64_t top = a >> 47;

	return top == 0 || top == 0x1ffff;
}

static int read_at(struct ckb_kernel *k, uint64_t off, void *buf, size_t len,
		   struct ckb_error *err)
{
	return file_read(k->path, k->fd, buf, len, off, err);
}

static const char *machine_name(uint16_t m)
{
	switch (m) {
	case EM_386:
		return " (i386)";
	case EM_ARM:
		return " (ARM)";
	case EM_AARCH64:
		return " (AArch64)";
	case EM_RISCV:
		return " (RISC-V)";
	case EM_PPC64:
		return " (PowerPC 64)";
	default:
		return "";
	}
}

/* e_ident: magic, class, byte order.  SIZE is what the file holds.  */
static int check_ident(const struct ckb_kernel *k, const unsigned char *id,
		       uint64_t size, struct ckb_error *err)
{
	if (size < SELFMAG || memcmp(id, ELFMAG, SELFMAG) != 0)
		return fail(err, k->path, "not an ELF file");
	if (size < EI_NIDENT)
		return fail(err, k->path, "truncated ELF header (%llu bytes)",
			    (unsigned long long)size);
	if (id[EI_CLASS] == ELFCLASS32)
		return fail(err, k->path, "32-bit ELF file; ckboot loads "
			    "64-bit x86-64 kernels (ELFCLASS64)");
	if (id[EI_CLASS] != ELFCLASS64)
		return fail(err, k->path, "unknown ELF class %u",
			    id[EI_CLASS]);
	if (id[EI_DATA] != ELFDATA2LSB)
		return fail(err, k->path, "not a little-endian ELF file");
	if (id[EI_VERSION] != EV_CURRENT)
		return fail(err, k->path, "unknown ELF version %u",
			    id[EI_VERSION]);
	return 0;
}

static void decode_header(const unsigned char *b, struct elf_header *h)
{
	h->type = le16(b + 16);
	h->machine = le16(b + 18);
	h->version = le32(b + 20);
	h->entry = le64(b + 24);
	h->phoff = le64(b + 32);
	h->shoff = le64(b + 40);
	h->ehsize = le16(b + 52);
	h->phentsize = le16(b + 54);
	h->phnum = le16(b + 56);
	h->shentsize = le16(b + 58);
	h->shnum = le16(b + 60);
	h->shstrndx = le16(b + 62);
}

static int check_type(const struct ckb_kernel *k, uint16_t type,
		      struct ckb_error *err)
{
	switch (type) {
	case ET_EXEC:
	case ET_DYN:
		return 0;
	case ET_REL:
		return fail(err, k->path, "relocatable object file (ET_REL), "
			    "not a linked kernel");
	case ET_CORE:
		return fail(err, k->path, "core dump (ET_CORE), not a kernel");
	default:
		return fail(err, k->path, "unknown ELF type %u, expected "
			    "an executable (ET_EXEC or ET_DYN)", type);
	}
}

/* Read and check the ELF header.  */
static int read_header(struct ckb_kernel *k, struct elf_header *h,
		       struct ckb_error *err)
{
	unsigned char b[EHDR_SIZE];
	size_t n = k->size < EHDR_SIZE ? k->size : EHDR_SIZE;

	if (read_at(k, 0, b, n, err) < 0)
		return -1;
	if (check_ident(k, b, k->size, err) < 0)
		return -1;
	if (k->size < EHDR_SIZE)
		return fail(err, k->path, "truncated ELF header (%llu bytes, "
			    "the header alone is %d)",
			    (unsigned long long)k->size, EHDR_SIZE);
	decode_header(b, h);
	if (h->machine != EM_X86_64)
		return fail(err, k->path, "not an x86-64 kernel "
			    "(e_machine %u%s)", h->machine,
			    machine_name(h->machine));
	if (check_type(k, h->type, err) < 0)
		return -1;
	if (h->version != EV_CURRENT)
		return fail(err, k->path, "unknown ELF version %u",
			    h->version);
	if (h->ehsize < EHDR_SIZE)
		return fail(err, k->path, "bad ELF header size %u",
			    h->ehsize);
	return 0;
}

/* Read the program headers into a fresh array of H->phnum entries.  */
static int read_phdrs(struct ckb_kernel *k, const struct elf_header *h,
		      struct elf_phdr **out, struct ckb_error *err)
{
	uint64_t len = (uint64_t)h->phnum * PHDR_SIZE;
	unsigned char *b;
	struct elf_phdr *ph;

	if (h->phnum == 0)
		return fail(err, k->path, "no program headers: "
			    "not a loadable kernel");
	if (h->phnum == PN_XNUM)
		return fail(err, k->path, "too many program headers");
	if (h->phentsize != PHDR_SIZE)
		return fail(err, k->path, "bad program header size %u "
			    "(ELF64 uses %d)", h->phentsize, PHDR_SIZE);
	if (!in_file(h->phoff, len, k->size))
		return fail(err, k->path, "program headers (offset %llu, "
			    "%llu bytes) outside the file (%llu bytes): "
			    "truncated?", (unsigned long long)h->phoff,
			    (unsigned long long)len,
			    (unsigned long long)k->size);
	b = malloc(len);
	ph = calloc(h->phnum, sizeof *ph);
	if (!b || !ph) {
		free(b);
		free(ph);
		return fail(err, k->path, "%s", strerror(ENOMEM));
	}
	if (read_at(k, h->phoff, b, len, err) < 0) {
		free(b);
		free(ph);
		return -1;
	}
	for (size_t i = 0; i < h->phnum; i++) {
		const unsigned char *p = b + i * PHDR_SIZE;

		ph[i] = (struct elf_phdr){
			.type = le32(p),      .flags = le32(p + 4),
			.offset = le64(p + 8), .vaddr = le64(p + 16),
			.filesz = le64(p + 32), .memsz = le64(p + 40),
			.align = le64(p + 48),
		};
	}
	free(b);
	*out = ph;
	return 0;
}

/* One PT_LOAD header, I its index: bounds, sizes, addresses.  */
static int check_load(const struct ckb_kernel *k, size_t i,
		      const struct elf_phdr *p, struct ckb_error *err)
{
	uint64_t last;

	if (!in_file(p->offset, p->filesz, k->size))
		return fail(err, k->path, "segment %zu (offset %llu, %llu "
			    "bytes) outside the file (%llu bytes): "
			    "truncated?", i, (unsigned long long)p->offset,
			    (unsigned long long)p->filesz,
			    (unsigned long long)k->size);
	if (p->filesz > p->memsz)
		return fail(err, k->path, "segment %zu: file size %llu "
			    "larger than memory size %llu", i,
			    (unsigned long long)p->filesz,
			    (unsigned long long)p->memsz);
	/* The page-rounded end must be representable: this also refuses
	   the last page of the address space, which nothing sane uses.  */
	if (p->memsz > (UINT64_MAX & ~(PAGE_SIZE - 1)) - p->vaddr)
		return fail(err, k->path, "segment %zu at 0x%llx: %llu bytes "
			    "wrap around the end of the address space", i,
			    (unsigned long long)p->vaddr,
			    (unsigned long long)p->memsz);
	last = p->vaddr + p->memsz - 1;
	if (!canonical(p->vaddr) || !canonical(last) ||
	    (p->vaddr >> 63) != (last >> 63))
		return fail(err, k->path, "segment %zu at 0x%llx-0x%llx: "
			    "not a canonical x86-64 address range", i,
			    (unsigned long long)p->vaddr,
			    (unsigned long long)last + 1);
	if (p->vaddr < LOW_MEMORY_END)
		return fail(err, k->path, "segment %zu at 0x%llx: below "
			    "1 MiB, which belongs to the BIOS and the loader",
			    i, (unsigned long long)p->vaddr);
	return 0;
}

static int add_segment(struct ckb_kernel *k, const struct elf_phdr *p,
		       struct ckb_error *err)
{
	if (k->nseg == CKB_MAX_SEGMENTS)
		return fail(err, k->path, "more than %d loadable segments "
			    "(PT_LOAD)", CKB_MAX_SEGMENTS);
	k->seg[k->nseg++] = (struct ckb_segment){
		.vaddr = p->vaddr, .offset = p->offset,
		.filesz = p->filesz, .memsz = p->memsz, .flags = p->flags,
	};
	return 0;
}

/* The TLS template: in the file, and inside what is loaded, since the
   kernel copies it from its virtual address (stage/elf.c checks the
   same at boot).  Called before the PT_LOAD segments are all known, so
   the second half is in check_tls_loaded().  */
static int check_tls(const struct ckb_kernel *k, const struct elf_phdr *p,
		     struct ckb_error *err)
{
	if (!in_file(p->offset, p->filesz, k->size) || p->filesz > p->memsz)
		return fail(err, k->path, "malformed TLS segment (PT_TLS): "
			    "%llu bytes at offset %llu, %llu in memory",
			    (unsigned long long)p->filesz,
			    (unsigned long long)p->offset,
			    (unsigned long long)p->memsz);
	return 0;
}

/* The segment whose file bytes (FILE set) or memory hold the LEN bytes
   at VIRT, or NULL.  */
static const struct ckb_segment *segment_at(const struct ckb_kernel *k,
					    uint64_t virt, uint64_t len,
					    int file)
{
	for (size_t i = 0; i < k->nseg; i++) {
		const struct ckb_segment *s = &k->seg[i];

		if (virt >= s->vaddr && in_file(virt - s->vaddr, len,
						file ? s->filesz : s->memsz))
			return s;
	}
	return NULL;
}

static int check_tls_loaded(const struct ckb_kernel *k,
			    const struct elf_phdr *ph, size_t n,
			    struct ckb_error *err)
{
	const struct elf_phdr *t = NULL;

	for (size_t i = 0; i < n; i++)
		if (ph[i].type == PT_TLS)
			t = &ph[i];
	if (!t || t->filesz == 0 || segment_at(k, t->vaddr, t->filesz, 0))
		return 0;
	return fail(err, k->path, "TLS template at 0x%llx is not inside a "
		    "loadable segment", (unsigned long long)t->vaddr);
}

/* Walk the program headers: keep the PT_LOAD segments, refuse what the
   loader cannot run.  Empty PT_LOAD segments map nothing and are
   skipped.  */
static int collect_segments(struct ckb_kernel *k, const struct elf_phdr *ph,
			    size_t n, struct ckb_error *err)
{
	size_t tls = 0;

	for (size_t i = 0; i < n; i++) {
		if (ph[i].type == PT_INTERP)
			return fail(err, k->path, "has an interpreter "
				    "(PT_INTERP): a dynamically linked "
				    "program, not a kernel; link with "
				    "-static -nostdlib (or -static-pie)");
		if (ph[i].type == PT_TLS && ++tls > 1)
			return fail(err, k->path, "more than one TLS "
				    "segment (PT_TLS)");
		if (ph[i].type == PT_TLS && check_tls(k, &ph[i], err) < 0)
			return -1;
		if (ph[i].type != PT_LOAD || ph[i].memsz == 0)
			continue;
		if (check_load(k, i, &ph[i], err) < 0 ||
		    add_segment(k, &ph[i], err) < 0)
			return -1;
	}
	if (k->nseg == 0)
		return fail(err, k->path, "no loadable segment (PT_LOAD)");
	return 0;
}

static int cmp_vaddr(const void *a, const void *b)
{
	const struct ckb_segment *x = a, *y = b;

	return x->vaddr < y->vaddr ? -1 : x->vaddr > y->vaddr;
}

/* Sort the segments by address, refuse overlaps, and record the
   page-aligned span.  Two segments may share a page (linker scripts
   without ALIGN do that); the loader merges their permissions.  */
static int check_overlaps(struct ckb_kernel *k, struct ckb_error *err)
{
	struct ckb_segment *s = k->seg;

	qsort(s, k->nseg, sizeof *s, cmp_vaddr);
	for (size_t i = 1; i < k->nseg; i++)
		if (s[i - 1].vaddr + s[i - 1].memsz > s[i].vaddr)
			return fail(err, k->path, "segments at 0x%llx-0x%llx "
				    "and 0x%llx-0x%llx overlap",
				    (unsigned long long)s[i - 1].vaddr,
				    (unsigned long long)(s[i - 1].vaddr +
							 s[i - 1].memsz),
				    (unsigned long long)s[i].vaddr,
				    (unsigned long long)(s[i].vaddr +
							 s[i].memsz));
	k->vstart = s[0].vaddr & ~(PAGE_SIZE - 1);
	k->vend = 0;
	for (size_t i = 0; i < k->nseg; i++) {
		uint64_t end = (s[i].vaddr + s[i].memsz + PAGE_SIZE - 1) &
			       ~(PAGE_SIZE - 1);

		if (end > k->vend)
			k->vend = end;
	}
	return 0;
}

static int check_entry(struct ckb_kernel *k, struct ckb_error *err)
{
	const struct ckb_segment *s = segment_at(k, k->entry, 1, 0);

	if (!s)
		return fail(err, k->path, "entry point 0x%llx is outside "
			    "every loadable segment",
			    (unsigned long long)k->entry);
	if (!(s->flags & PF_X))
		return fail(err, k->path, "entry point 0x%llx is in a segment "
			    "that is not executable (no PF_X)",
			    (unsigned long long)k->entry);
	return 0;
}

/* ---- the CKBOOT_CONFIG note ---- */

static int record_note(struct ckb_kernel *k, const unsigned char *d,
		       uint64_t descsz, struct ckb_error *err)
{
	struct ckboot_config c;

	if (descsz < 8)
		return fail(err, k->path, "CKBOOT_CONFIG note too short "
			    "(%llu bytes)", (unsigned long long)descsz);
	c.version = le32(d);
	c.size = le32(d + 4);
	if (c.version != CKBOOT_CONFIG_VERSION)
		return fail(err, k->path, "CKBOOT_CONFIG note version %u "
			    "not supported (this ckboot reads version %d)",
			    c.version, CKBOOT_CONFIG_VERSION);
	/* Kernels built before the framebuffer fields have the shorter
	   note; what it lacks reads as "not set".  */
	if ((c.size != sizeof c && c.size != CKBOOT_CONFIG_SIZE_V1) ||
	    descsz < c.size)
		return fail(err, k->path, "CKBOOT_CONFIG note of %llu bytes "
			    "says size %u, expected %zu (or %d, before the "
			    "framebuffer fields)",
			    (unsigned long long)descsz, c.size, sizeof c,
			    CKBOOT_CONFIG_SIZE_V1);
	c.features = le64(d + 8);
	c.kernel_stack_address = le64(d + 16);
	c.kernel_stack_size = le64(d + 24);
	c.physical_memory_offset = le64(d + 32);
	c.boot_info_address = le64(d + 40);
	c.recursive_index = le64(d + 48);
	c.framebuffer_width = c.framebuffer_height = c.framebuffer_bpp = 0;
	c.reserved = 0;
	if (c.size == sizeof c) {
		c.framebuffer_width = le32(d + 56);
		c.framebuffer_height = le32(d + 60);
		c.framebuffer_bpp = le32(d + 64);
		/* Kept zero now, so that a later field can use it.  */
		if (le32(d + 68))
			return fail(err, k->path, "CKBOOT_CONFIG note: "
				    "reserved word 0x%x is not zero",
				    (unsigned)le32(d + 68));
	}
	c.size = sizeof c;
	if (c.features & ~CKBOOT_FEATURES_ALL)
		return fail(err, k->path, "CKBOOT_CONFIG note: unknown "
			    "feature bits 0x%llx",
			    (unsigned long long)(c.features &
						 ~CKBOOT_FEATURES_ALL));
	if (k->has_note && memcmp(&c, &k->note, sizeof c) != 0)
		return fail(err, k->path, "two different CKBOOT_CONFIG "
			    "notes");
	k->note = c;
	k->has_note = 1;
	return 0;
}

static uint64_t align_up(uint64_t x, uint64_t a)
{
	return (x + a - 1) & ~(a - 1);
}

/* Scan LEN bytes of notes, padded to ALIGN (4, or 8 for notes in an
   8-aligned section or segment).  Malformed notes end the scan, unless
   STRICT (the section is ".note.ckboot"), where they are an error.  */
static int scan_notes(struct ckb_kernel *k, const unsigned char *b,
		      uint64_t len, uint64_t align, int strict,
		      struct ckb_error *err)
{
	static const char name[] = CKBOOT_NOTE_NAME;
	uint64_t pos = 0;

	while (len - pos >= 12) {
		uint64_t namesz = le32(b + pos), descsz = le32(b + pos + 4);
		uint32_t type = le32(b + pos + 8);
		uint64_t desc = pos + 12 + align_up(namesz, align);

		if (desc > len || descsz > len - desc)
			break;
		if (namesz == sizeof name &&
		    memcmp(b + pos + 12, name, sizeof name) == 0 &&
		    type == CKBOOT_NOTE_CONFIG &&
		    record_note(k, b + desc, descsz, err) < 0)
			return -1;
		pos = desc + align_up(descsz, align);
		if (pos > len)
			pos = len;
	}
	if (strict && pos != len && !k->has_note)
		return fail(err, k->path, "malformed note in section "
			    ".note.ckboot");
	return 0;
}

/* Read [OFF, OFF+LEN) of the file and scan it for notes.  */
static int scan_region(struct ckb_kernel *k, uint64_t off, uint64_t len,
		       uint64_t align, int strict, struct ckb_error *err)
{
	unsigned char *b;
	int r;

	if (len == 0 || len > NOTE_SECTION_MAX)
		return 0;
	if (!in_file(off, len, k->size))
		return fail(err, k->path, "note at offset %llu (%llu bytes) "
			    "outside the file: truncated?",
			    (unsigned long long)off, (unsigned long long)len);
	b = malloc(len);
	if (!b)
		return fail(err, k->path, "%s", strerror(ENOMEM));
	r = read_at(k, off, b, len, err);
	if (r == 0)
		r = scan_notes(k, b, len, align == 8 ? 8 : 4, strict, err);
	free(b);
	return r;
}

static int scan_note_segments(struct ckb_kernel *k, const struct elf_phdr *ph,
			      size_t n, struct ckb_error *err)
{
	for (size_t i = 0; i < n; i++)
		if (ph[i].type == PT_NOTE &&
		    scan_region(k, ph[i].offset, ph[i].filesz, ph[i].align, 0,
				err) < 0)
			return -1;
	return 0;
}

/* True if section name offset NAME in the string table STR (LEN bytes)
   reads ".note.ckboot".  */
static int is_ckboot_section(const char *str, uint64_t len, uint32_t name)
{
	static const char want[] = ".note.ckboot";

	return str && name < len && len - name >= sizeof want &&
	       memcmp(str + name, want, sizeof want) == 0;
}

/* Read the section-name string table, if there is a sane one.  */
static char *read_shstrtab(struct ckb_kernel *k, const unsigned char *sh,
			   const struct elf_header *h, uint64_t *len)
{
	const unsigned char *s;
	uint64_t off, size;
	struct ckb_error ignored;
	char *str;

	if (h->shstrndx == SHN_UNDEF || h->shstrndx >= h->shnum)
		return NULL;
	s = sh + (size_t)h->shstrndx * SHDR_SIZE;
	off = le64(s + 24);
	size = le64(s + 32);
	if (le32(s + 4) != SHT_STRTAB || size > NOTE_SECTION_MAX ||
	    !in_file(off, size, k->size))
		return NULL;
	str = malloc(size ? size : 1);
	if (str && read_at(k, off, str, size, &ignored) < 0) {
		free(str);
		return NULL;
	}
	*len = size;
	return str;
}

/* A PIE's loaded section of TYPE at link-time address ADDR, SIZE bytes:
   the loader finds relocations only through PT_DYNAMIC, so every table
   of them must be the one the dynamic section lists.  (Without section
   headers, or with the tables merged into other sections, this cannot
   be seen.)  */
static int check_pie_section(const struct ckb_kernel *k, uint32_t type,
			     uint64_t addr, uint64_t size,
			     struct ckb_error *err)
{
	addr += k->bias;
	if (type == SHT_DYNAMIC && !k->has_dynamic)
		return fail(err, k->path, "a dynamic section but no "
			    "PT_DYNAMIC program header, by which the loader "
			    "finds the relocations: give .dynamic one");
	if ((type == SHT_RELA &&
	     !(addr >= k->rela_addr &&
	       in_file(addr - k->rela_addr, size, k->rela_size))) ||
	    type == SHT_REL || type == SHT_RELR)
		return fail(err, k->path, "relocations at 0x%llx (section "
			    "type %u, %llu bytes) that the dynamic section "
			    "does not list: the loader would not apply them",
			    (unsigned long long)addr, type,
			    (unsigned long long)size);
	return 0;
}

/* Scan every SHT_NOTE section and the section named ".note.ckboot",
   whatever its type (a linker script may have made it PROGBITS).  */
static int scan_sections(struct ckb_kernel *k, const unsigned char *sh,
			 const struct elf_header *h, struct ckb_error *err)
{
	uint64_t strlen_ = 0;
	char *str = read_shstrtab(k, sh, h, &strlen_);
	int r = 0;

	for (size_t i = 1; i < h->shnum && r == 0; i++) {
		const unsigned char *s = sh + i * SHDR_SIZE;
		uint32_t type = le32(s + 4);
		int mine = is_ckboot_section(str, strlen_, le32(s));

		if ((type == SHT_NOTE || mine) && type != SHT_NOBITS)
			r = scan_region(k, le64(s + 24), le64(s + 32),
					le64(s + 48), mine, err);
		else if (k->pie && (le64(s + 8) & SHF_ALLOC) && le64(s + 32))
			r = check_pie_section(k, type, le64(s + 16),
					      le64(s + 32), err);
	}
	free(str);
	return r;
}

/* The section headers are optional for loading, but a kernel whose
   section headers lie past its end has been truncated.  */
static int scan_section_notes(struct ckb_kernel *k, const struct elf_header *h,
			      struct ckb_error *err)
{
	uint64_t len = (uint64_t)h->shnum * SHDR_SIZE;
	unsigned char *sh;
	int r;

	if (h->shoff == 0 || h->shnum == 0)
		return 0;
	if (h->shentsize != SHDR_SIZE)
		return fail(err, k->path, "bad section header size %u "
			    "(ELF64 uses %d)", h->shentsize, SHDR_SIZE);
	if (!in_file(h->shoff, len, k->size))
		return fail(err, k->path, "section headers (offset %llu, "
			    "%llu bytes) outside the file (%llu bytes): "
			    "truncated?", (unsigned long long)h->shoff,
			    (unsigned long long)len,
			    (unsigned long long)k->size);
	sh = malloc(len);
	if (!sh)
		return fail(err, k->path, "%s", strerror(ENOMEM));
	r = read_at(k, h->shoff, sh, len, err);
	if (r == 0)
		r = scan_sections(k, sh, h, err);
	free(sh);
	return r;
}

static int open_file(const char *path, struct ckb_kernel *k,
		     struct ckb_error *err)
{
	struct stat st;

	k->path = strdup(path);
	if (!k->path)
		return fail(err, path, "%s", strerror(ENOMEM));
	k->fd = file_open_read(path, &st);
	if (k->fd < 0)
		return fail(err, path, "cannot open kernel: %s",
			    strerror(errno));
	if (S_ISDIR(st.st_mode))
		return fail(err, path, "is a directory, not a kernel");
	if (!S_ISREG(st.st_mode))
		return fail(err, path, "not a regular file");
	if (st.st_size == 0)
		return fail(err, path, "empty file");
	k->size = st.st_size;
	file_stamp(&st, &k->stamp);
	return 0;
}

/* ---- position-independent kernels ---- */

#define DYN_SIZE 16
#define DYN_CHUNK (256 * DYN_SIZE)
#define RELA_SIZE 24
#define RELA_CHUNK (170 * RELA_SIZE)

/* Move an ET_DYN kernel's N program headers at PH, and its entry point
   in H, to the addresses it will run at.  */
static int pie_move(struct ckb_kernel *k, struct elf_phdr *ph, size_t n,
		    struct elf_header *h, struct ckb_error *err)
{
	uint64_t lowest = UINT64_MAX, base;

	for (size_t i = 0; i < n; i++)
		if (ph[i].type == PT_LOAD && ph[i].memsz && ph[i].vaddr < lowest)
			lowest = ph[i].vaddr;
	if (lowest == UINT64_MAX)
		return 0;	/* collect_segments() says what is wrong */
	base = lowest & ~(CKBOOT_PIE_ALIGN - 1);
	for (size_t i = 0; i < n; i++)
		if (ph[i].type == PT_LOAD && ph[i].memsz &&
		    (ph[i].memsz > CKBOOT_PIE_SPAN ||
		     ph[i].vaddr - base > CKBOOT_PIE_SPAN - ph[i].memsz))
			return fail(err, k->path, "position-independent "
				    "kernel: segment %zu at 0x%llx ends more "
				    "than 2 GiB above 0x%llx, so it cannot "
				    "run in the top 2 GiB (short of the last "
				    "page)", i,
				    (unsigned long long)ph[i].vaddr,
				    (unsigned long long)base);
	k->pie = 1;
	k->bias = ckboot_pie_bias(lowest);
	for (size_t i = 0; i < n; i++)
		ph[i].vaddr += k->bias;
	h->entry += k->bias;
	return 0;
}

static const char *reloc_name(uint32_t type)
{
	switch (type) {
	case R_X86_64_64:
		return " (R_X86_64_64)";
	case R_X86_64_GLOB_DAT:
		return " (R_X86_64_GLOB_DAT)";
	case R_X86_64_JUMP_SLOT:
		return " (R_X86_64_JUMP_SLOT)";
	case R_X86_64_DTPMOD64:
		return " (R_X86_64_DTPMOD64)";
	case R_X86_64_TPOFF64:
		return " (R_X86_64_TPOFF64)";
	case R_X86_64_IRELATIVE:
		return " (R_X86_64_IRELATIVE)";
	default:
		return "";
	}
}

/* COUNT RELA entries at file offset OFF, address VIRT: the loader
   applies R_X86_64_RELATIVE ones, inside the kernel's segments but not
   in the table itself, and nothing else.  */
static int check_rela(struct ckb_kernel *k, uint64_t off, uint64_t virt,
		      uint64_t count, struct ckb_error *err)
{
	unsigned char b[RELA_CHUNK];

	for (uint64_t i = 0; i < count;) {
		uint64_t n = count - i < RELA_CHUNK / RELA_SIZE
				     ? count - i : RELA_CHUNK / RELA_SIZE;

		if (read_at(k, off + i * RELA_SIZE, b, n * RELA_SIZE, err) < 0)
			return -1;
		for (uint64_t j = 0; j < n; j++, i++) {
			uint64_t at = le64(b + j * RELA_SIZE) + k->bias;
			uint32_t type = le32(b + j * RELA_SIZE + 8);

			if (type == R_X86_64_NONE)
				continue;
			if (type != R_X86_64_RELATIVE)
				return fail(err, k->path, "relocation %llu at "
					    "0x%llx has type %u%s; ckboot "
					    "applies R_X86_64_RELATIVE only: "
					    "link with -static-pie",
					    (unsigned long long)i,
					    (unsigned long long)at, type,
					    reloc_name(type));
			if (!segment_at(k, at, 8, 0))
				return fail(err, k->path, "relocation %llu at "
					    "0x%llx lies outside the kernel's "
					    "segments", (unsigned long long)i,
					    (unsigned long long)at);
			if (at < virt + count * RELA_SIZE && virt < at + 8)
				return fail(err, k->path, "relocation %llu at "
					    "0x%llx falls in the relocation "
					    "table", (unsigned long long)i,
					    (unsigned long long)at);
			k->relocs++;
		}
	}
	return 0;
}

struct dynamic {
	uint64_t rela, relasz, relaent;
};

/* One entry of the dynamic section, TAG and VAL: 1 at DT_NULL.  */
static int dynamic_entry(struct ckb_kernel *k, uint64_t tag, uint64_t val,
			 struct dynamic *t, struct ckb_error *err)
{
	switch (tag) {
	case DT_NULL:
		return 1;
	case DT_NEEDED:
		return fail(err, k->path, "needs shared libraries "
			    "(DT_NEEDED): not a kernel; link with "
			    "-static-pie");
	case DT_REL:
		return fail(err, k->path, "has REL relocations (DT_REL); "
			    "ckboot applies RELA ones");
	case DT_RELR:
		return fail(err, k->path, "has packed relocations (DT_RELR), "
			    "which ckboot does not apply: link without -z "
			    "pack-relative-relocs");
	case DT_JMPREL:
	case DT_PLTRELSZ:
		if (val)
			return fail(err, k->path, "has PLT relocations "
				    "(DT_JMPREL), as ifuncs make; ckboot "
				    "applies R_X86_64_RELATIVE only");
		return 0;
	case DT_RELA:
		t->rela = val;
		return 0;
	case DT_RELASZ:
		t->relasz = val;
		return 0;
	case DT_RELAENT:
		t->relaent = val;
		return 0;
	default:
		return 0;
	}
}

/* The dynamic section of a PIE, read a chunk at a time, as far as the
   loader reads it: no shared libraries, and RELA relocations the loader
   can apply.  */
static int check_dynamic(struct ckb_kernel *k, const struct elf_phdr *ph,
			 size_t n, struct ckb_error *err)
{
	const struct elf_phdr *d = NULL;
	struct dynamic t = { 0, 0, RELA_SIZE };
	const struct ckb_segment *s;
	unsigned char b[DYN_CHUNK];
	uint64_t end, off, len;
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		if (ph[i].type != PT_DYNAMIC)
			continue;
		if (d)
			return fail(err, k->path, "more than one dynamic "
				    "section header (PT_DYNAMIC)");
		d = &ph[i];
	}
	if (!d)
		return 0;	/* scan_sections() looks for lost tables */
	k->has_dynamic = 1;
	if (!in_file(d->offset, d->filesz, k->size))
		return fail(err, k->path, "dynamic section (PT_DYNAMIC) "
			    "outside the file: truncated?");
	end = d->filesz - d->filesz % DYN_SIZE;
	for (off = 0; off < end && r == 0; off += len) {
		len = end - off < DYN_CHUNK ? end - off : DYN_CHUNK;
		if (read_at(k, d->offset + off, b, len, err) < 0)
			return -1;
		for (uint64_t j = 0; j < len && r == 0; j += DYN_SIZE)
			r = dynamic_entry(k, le64(b + j), le64(b + j + 8), &t,
					  err);
	}
	if (r < 0)
		return -1;
	if (t.relasz == 0)
		return 0;
	if (t.relaent != RELA_SIZE || t.relasz % RELA_SIZE)
		return fail(err, k->path, "RELA relocations of %llu bytes "
			    "each (%llu in all), not %d",
			    (unsigned long long)t.relaent,
			    (unsigned long long)t.relasz, RELA_SIZE);
	t.rela += k->bias;
	s = segment_at(k, t.rela, t.relasz, 1);
	if (!s)
		return fail(err, k->path, "RELA relocations at 0x%llx are "
			    "not in a loadable segment's file bytes",
			    (unsigned long long)t.rela);
	k->rela_addr = t.rela;
	k->rela_size = t.relasz;
	return check_rela(k, s->offset + (t.rela - s->vaddr), t.rela,
			  t.relasz / RELA_SIZE, err);
}

static int check_kernel(struct ckb_kernel *k, struct ckb_error *err)
{
	struct elf_header h = { 0 };
	struct elf_phdr *ph = NULL;
	int r;

	if (read_header(k, &h, err) < 0 || read_phdrs(k, &h, &ph, err) < 0)
		return -1;
	r = h.type == ET_DYN ? pie_move(k, ph, h.phnum, &h, err) : 0;
	k->entry = h.entry;
	if (r == 0)
		r = collect_segments(k, ph, h.phnum, err);
	if (r == 0)
		r = check_overlaps(k, err);
	if (r == 0)
		r = check_tls_loaded(k, ph, h.phnum, err);
	if (r == 0)
		r = check_entry(k, err);
	if (r == 0 && k->pie)
		r = check_dynamic(k, ph, h.phnum, err);
	if (r == 0)
		r = scan_section_notes(k, &h, err);
	if (r == 0)
		r = scan_note_segments(k, ph, h.phnum, err);
	free(ph);
	return r;
}

int ckb_kernel_open(const char *path, struct ckb_kernel *k,
		    struct ckb_error *err)
{
	memset(k, 0, sizeof *k);
	k->fd = -1;
	if (open_file(path, k, err) < 0 || check_kernel(k, err) < 0 ||
	    file_crc32(k->path, k->fd, k->size, &k->crc32, err) < 0) {
		ckb_kernel_close(k);
		return -1;
	}
	return 0;
}

void ckb_kernel_close(struct ckb_kernel *k)
{
	if (k->fd >= 0)
		close(k->fd);
	free(k->path);
	k->fd = -1;
	k->path = NULL;
}
