/* memmap.c: the physical memory map and the frame allocator.

   memmap_bios.c (or a future UEFI front end) records what the firmware
   reports with memmap_add(), overlaps, unknown types and odd alignment
   included, and marks the loader's own memory.  memmap_normalize() turns
   that into the form struct ckboot_memory_region promises kernels:
   sorted, disjoint, whole pages.  From then on the map is the allocator:
   memmap_alloc() takes the lowest usable fit and retypes it, so every
   frame the loader hands out (kernel, stack, page tables, boot info) is
   recorded in the very map the kernel receives.

   Firmware and loader only; no BIOS calls here.  */

#include "boot.h"

#define MIB	       0x100000ULL
#define MEMMAP_END_MAX ALIGN_DOWN(~0ULL, PAGE_SIZE)

/* Which of two overlapping claims on memory is believed: the more
   restrictive one.  Bad RAM must never be used; firmware reservations
   (known or not) beat ACPI tables that are merely reclaimable; anything
   the loader placed beats plain usable memory.  */
static int type_rank(uint32_t type)
{
	switch (type) {
	case CKBOOT_MEMORY_USABLE:
		return 0;
	case CKBOOT_MEMORY_BOOTLOADER:
	case CKBOOT_MEMORY_KERNEL:
	case CKBOOT_MEMORY_KERNEL_STACK:
	case CKBOOT_MEMORY_PAGE_TABLE:
	case CKBOOT_MEMORY_BOOT_INFO:
	case CKBOOT_MEMORY_MODULE:
		return 1;
	case CKBOOT_MEMORY_ACPI_RECLAIMABLE:
		return 2;
	case CKBOOT_MEMORY_BAD:
		return 4;
	default: /* RESERVED, ACPI_NVS, FIRMWARE_UNKNOWN, ... */
		return 3;
	}
}

/* Nonzero if A wins over B.  Equal ranks are settled by type, then by
   attributes, so the outcome never depends on the firmware's order.  */
static int region_beats(const struct ckboot_memory_region *a,
			const struct ckboot_memory_region *b)
{
	if (type_rank(a->type) != type_rank(b->type))
		return type_rank(a->type) > type_rank(b->type);
	if (a->type != b->type)
		return a->type > b->type;
	return a->attributes > b->attributes;
}

static void memmap_full(void)
{
	panic("memory map full: more than %u regions", MEMMAP_MAX);
}

void memmap_add(struct memmap *m, uint64_t start, uint64_t end, uint32_t type,
		uint32_t attributes)
{
	if (end <= start)
		return;
	if (m->count >= MEMMAP_MAX)
		memmap_full();
	m->r[m->count].start = start;
	m->r[m->count].end = end;
	m->r[m->count].type = type;
	m->r[m->count].attributes = attributes;
	m->count++;
}

/* Usable memory shrinks to the whole pages inside it; everything else
   grows to the pages it touches, so a page that is partly reserved is
   reserved.  Returns 0 if nothing is left.  */
static int region_to_pages(struct ckboot_memory_region *r)
{
	if (r->type == CKBOOT_MEMORY_USABLE) {
		if (r->start > MEMMAP_END_MAX)
			return 0;
		r->start = ALIGN_UP(r->start, PAGE_SIZE);
		r->end = ALIGN_DOWN(r->end, PAGE_SIZE);
	} else {
		r->start = ALIGN_DOWN(r->start, PAGE_SIZE);
		r->end = r->end > MEMMAP_END_MAX ? MEMMAP_END_MAX
						 : ALIGN_UP(r->end, PAGE_SIZE);
	}
	return r->start < r->end;
}

/* Append [START, END) to M, merged with the last region if it is the
   same kind and touches it.  */
static void emit(struct memmap *m, uint64_t start, uint64_t end,
		 const struct ckboot_memory_region *kind)
{
	struct ckboot_memory_region *last = m->count ? &m->r[m->count - 1] : 0;

	if (last && last->end == start && last->type == kind->type &&
	    last->attributes == kind->attributes) {
		last->end = end;
		return;
	}
	if (m->count >= MEMMAP_MAX)
		memmap_full();
	m->r[m->count].start = start;
	m->r[m->count].end = end;
	m->r[m->count].type = kind->type;
	m->r[m->count].attributes = kind->attributes;
	m->count++;
}

/* Where the claims change next after POS, and which claim wins at POS
   (null if none covers it).  */
static uint64_t sweep_step(const struct ckboot_memory_region *in, uint32_t n,
			   uint64_t pos,
			   const struct ckboot_memory_region **best)
{
	uint64_t next = ~0ULL;
	uint32_t i;

	*best = 0;
	for (i = 0; i < n; i++) {
		if (in[i].start > pos) {
			if (in[i].start < next)
				next = in[i].start;
		} else if (in[i].end > pos) {
			if (in[i].end < next)
				next = in[i].end;
			if (!*best || region_beats(&in[i], *best))
				*best = &in[i];
		}
	}
	return next;
}

/* A sweep over every boundary: each stretch between two boundaries gets
   the type of the strongest claim on it.  Quadratic, but maps have tens
   of entries and this runs once or twice per boot; it needs no sorting
   and cannot get overlaps wrong.  */
void memmap_normalize(struct memmap *m)
{
	static struct ckboot_memory_region in[MEMMAP_MAX];
	const struct ckboot_memory_region *best;
	uint32_t i, n = 0;
	uint64_t pos, next;

	for (i = 0; i < m->count; i++) {
		in[n] = m->r[i];
		if (region_to_pages(&in[n]))
			n++;
	}
	m->count = 0;
	if (!n)
		return;
	pos = ~0ULL;
	for (i = 0; i < n; i++)
		if (in[i].start < pos)
			pos = in[i].start;
	while (pos != ~0ULL) {
		next = sweep_step(in, n, pos, &best);
		if (best)
			emit(m, pos, next, best);
		pos = next;
	}
}

/* Sorted, disjoint, whole pages: what normalize produces.  */
static int memmap_is_normal(const struct memmap *m)
{
	uint32_t i;

	for (i = 0; i < m->count; i++) {
		if ((m->r[i].start | m->r[i].end) & (PAGE_SIZE - 1) ||
		    m->r[i].start >= m->r[i].end)
			return 0;
		if (i && m->r[i - 1].end > m->r[i].start)
			return 0;
	}
	return 1;
}

static void insert_at(struct memmap *m, uint32_t at,
		      const struct ckboot_memory_region *r)
{
	uint32_t i;

	if (m->count >= MEMMAP_MAX)
		memmap_full();
	for (i = m->count; i > at; i--)
		m->r[i] = m->r[i - 1];
	m->r[at] = *r;
	m->count++;
}

static void remove_range(struct memmap *m, uint32_t from, uint32_t to)
{
	uint32_t i;

	for (i = to; i < m->count; i++)
		m->r[from + i - to] = m->r[i];
	m->count -= to - from;
}

/* Make ADDR a region boundary; returns the index of the first region
   at or after ADDR.  */
static uint32_t split_at(struct memmap *m, uint64_t addr)
{
	struct ckboot_memory_region upper;
	uint32_t i;

	for (i = 0; i < m->count && m->r[i].end <= addr; i++)
		;
	if (i < m->count && m->r[i].start < addr) {
		upper = m->r[i];
		upper.start = addr;
		m->r[i].end = addr;
		insert_at(m, i + 1, &upper);
		i++;
	}
	return i;
}

static int same_kind(const struct ckboot_memory_region *a,
		     const struct ckboot_memory_region *b)
{
	return a->end == b->start && a->type == b->type &&
	       a->attributes == b->attributes;
}

/* Unlike memmap_add(), the new type replaces whatever was there (holes
   included): the loader knows what it put in that memory.  */
void memmap_mark(struct memmap *m, uint64_t start, uint64_t end, uint32_t type)
{
	struct ckboot_memory_region r = {.type = type};
	uint32_t a, b;

	start = ALIGN_DOWN(start, PAGE_SIZE);
	end = ALIGN_UP(end, PAGE_SIZE);
	if (end <= start)
		return;
	if (!memmap_is_normal(m))
		memmap_normalize(m);
	a = split_at(m, start);
	b = split_at(m, end);
	remove_range(m, a, b);
	r.start = start;
	r.end = end;
	insert_at(m, a, &r);
	if (a + 1 < m->count && same_kind(&m->r[a], &m->r[a + 1])) {
		m->r[a].end = m->r[a + 1].end;
		remove_range(m, a + 1, a + 2);
	}
	if (a > 0 && same_kind(&m->r[a - 1], &m->r[a])) {
		m->r[a - 1].end = m->r[a].end;
		remove_range(m, a, a + 1);
	}
}

uint64_t memmap_try_alloc(struct memmap *m, uint64_t size, uint64_t align,
			  uint64_t limit, uint32_t type)
{
	uint64_t start, end;
	uint32_t i;

	size = ALIGN_UP(size, PAGE_SIZE);
	if (align < PAGE_SIZE)
		align = PAGE_SIZE;
	if (!size || (align & (align - 1)))
		panic("memmap_alloc: bad request (%lu bytes, align %lu)",
		      size, align);
	if (!memmap_is_normal(m))
		memmap_normalize(m);
	for (i = 0; i < m->count && m->r[i].start < limit; i++) {
		if (m->r[i].type != CKBOOT_MEMORY_USABLE)
			continue;
		start = m->r[i].start < MIB ? MIB : m->r[i].start;
		start = ALIGN_UP(start, align);
		end = m->r[i].end < limit ? m->r[i].end : limit;
		if (start < end && end - start >= size) {
			memmap_mark(m, start, start + size, type);
			return start;
		}
	}
	return MEMMAP_NONE;
}

static const char *type_name(uint32_t type)
{
	switch (type) {
	case CKBOOT_MEMORY_KERNEL:
		return "the kernel";
	case CKBOOT_MEMORY_KERNEL_STACK:
		return "the kernel stack";
	case CKBOOT_MEMORY_PAGE_TABLE:
		return "page tables";
	case CKBOOT_MEMORY_BOOT_INFO:
		return "the boot info";
	default:
		return "the loader";
	}
}

static uint64_t typed_bytes(const struct memmap *m, uint32_t type)
{
	uint64_t bytes = 0;
	uint32_t i;

	for (i = 0; i < m->count; i++)
		if (m->r[i].type == type)
			bytes += m->r[i].end - m->r[i].start;
	return bytes;
}

uint64_t memmap_alloc(struct memmap *m, uint64_t size, uint64_t align,
		      uint64_t limit, uint32_t type)
{
	uint64_t at = memmap_try_alloc(m, size, align, limit, type);
	/* The modules are read first: when they took the room, say so.  */
	uint64_t modules = typed_bytes(m, CKBOOT_MEMORY_MODULE);

	if (at == MEMMAP_NONE && modules)
		panic("out of memory: need %lu KiB for %s between 1 MiB "
		      "and %lu MiB, with %lu KiB taken by the modules",
		      ALIGN_UP(size, PAGE_SIZE) >> 10, type_name(type),
		      limit >> 20, modules >> 10);
	if (at == MEMMAP_NONE)
		panic("out of memory: need %lu KiB for %s between 1 MiB "
		      "and %lu MiB",
		      ALIGN_UP(size, PAGE_SIZE) >> 10, type_name(type),
		      limit >> 20);
	return at;
}

uint64_t memmap_top(const struct memmap *m)
{
	uint64_t top = 0;
	uint32_t i;

	for (i = 0; i < m->count; i++)
		if (m->r[i].end > top)
			top = m->r[i].end;
	return top;
}
