/* paging.c: the kernel's 4-level page tables, built before the jump.

   elf.c and place.c describe the kernel's address space through
   paging_map() and paging_map_large(); this file turns that into
   x86-64 page tables in frames memmap.c hands out (typed PAGE_TABLE,
   below 4 GiB, where the loader's identity map reaches).  Permissions
   sit in the last level only: intermediate entries are present and
   writable and never no-execute, so each page is exactly as writable
   and executable as its own entry says.  Nothing here is
   user-accessible.  */

#include "boot.h"

#define PTE_ADDR   UINT64_C(0x000ffffffffff000)

/* cpu_sse_on() has run: the XMM registers may be used.  */
int phys_sse;

#if defined(__i386__) || defined(__x86_64__)
/* Sixty-four bytes a turn through four XMM registers, for phys_zero()
   and phys_copy() once SSE is on.  Under QEMU's TCG every iteration of
   a string instruction is a trip round the emulator's execution loop:
   a 32 MiB kernel copied out of the bounce buffer four bytes at a time
   cost 60 ms of the boot.  The rest of the loader is built without SSE
   (target() lets these two use it), so no XMM value of the compiler's
   is lost here.  */
__attribute__((target("sse2"))) static void sse_zero(void **dst,
						      size_t blocks)
{
	__asm__ volatile("pxor %%xmm0, %%xmm0\n"
			 "1:\tmovdqu %%xmm0, (%0)\n\t"
			 "movdqu %%xmm0, 16(%0)\n\t"
			 "movdqu %%xmm0, 32(%0)\n\t"
			 "movdqu %%xmm0, 48(%0)\n\t"
			 "add $64, %0\n\t"
			 "dec %1\n\t"
			 "jnz 1b"
			 : "+r"(*dst), "+r"(blocks)
			 :
			 : "xmm0", "memory", "cc");
}

__attribute__((target("sse2"))) static void
sse_copy(void **dst, const void **src, size_t blocks)
{
	__asm__ volatile("1:\tmovdqu (%1), %%xmm0\n\t"
			 "movdqu 16(%1), %%xmm1\n\t"
			 "movdqu 32(%1), %%xmm2\n\t"
			 "movdqu 48(%1), %%xmm3\n\t"
			 "movdqu %%xmm0, (%0)\n\t"
			 "movdqu %%xmm1, 16(%0)\n\t"
			 "movdqu %%xmm2, 32(%0)\n\t"
			 "movdqu %%xmm3, 48(%0)\n\t"
			 "add $64, %1\n\t"
			 "add $64, %0\n\t"
			 "dec %2\n\t"
			 "jnz 1b"
			 : "+r"(*dst), "+r"(*src), "+r"(blocks)
			 :
			 : "xmm0", "xmm1", "xmm2", "xmm3", "memory", "cc");
}
#endif

/* What SSE leaves over, and everything before it is on: rep stos/movs
   a word at a time, four times fewer TCG iterations than bytes.  The
   host unit tests build this file too, on any architecture.  */
void phys_zero(uint64_t phys, uint64_t len)
{
	void *dst = phys_ptr(phys);
	size_t n = len;

#if defined(__i386__) || defined(__x86_64__)
	size_t words;

	if (phys_sse && n >= 64) {
		sse_zero(&dst, n / 64);
		n %= 64;
	}
	words = n / 4;
	n %= 4;
	__asm__ volatile("rep stosl" : "+D"(dst), "+c"(words) : "a"(0)
			 : "memory");
	__asm__ volatile("rep stosb" : "+D"(dst), "+c"(n) : "a"(0) : "memory");
#else
	unsigned char *d = dst;

	while (n--)
		*d++ = 0;
#endif
}

void phys_copy(uint64_t dst, uint64_t src, uint64_t len)
{
	void *d = phys_ptr(dst);
	const void *s = phys_ptr(src);
	size_t n = len;

#if defined(__i386__) || defined(__x86_64__)
	size_t words;

	if (phys_sse && n >= 64) {
		sse_copy(&d, &s, n / 64);
		n %= 64;
	}
	words = n / 4;
	n %= 4;
	__asm__ volatile("rep movsl" : "+D"(d), "+S"(s), "+c"(words)
			 : : "memory");
	__asm__ volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
#else
	unsigned char *dp = d;
	const unsigned char *sp = s;

	while (n--)
		*dp++ = *sp++;
#endif
}

static uint64_t *table(uint64_t phys)
{
	return phys_ptr(phys);
}

static uint64_t table_alloc(struct paging *pg)
{
	uint64_t phys =
	    memmap_alloc(pg->map, PAGE_SIZE, PAGE_SIZE, LOADER_ADDRESSABLE,
			 CKBOOT_MEMORY_PAGE_TABLE);

	phys_zero(phys, PAGE_SIZE);
	return phys;
}

void paging_init(struct paging *pg, struct memmap *map, int nx)
{
	pg->map = map;
	pg->nx = nx;
	pg->pml4 = table_alloc(pg);
}

static int canonical(uint64_t virt)
{
	uint64_t high = virt >> 47;

	return high == 0 || high == 0x1ffff;
}

static unsigned int index_at(uint64_t virt, int level)
{
	return (virt >> (12 + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

/* The entry for VIRT in the table of LEVEL (1 = page table, 4 = PML4),
   creating the tables above it if CREATE; null if one is missing.  */
static uint64_t *walk(struct paging *pg, uint64_t virt, int level, int create)
{
	uint64_t t = pg->pml4, *e;
	int l;

	for (l = 4; l > level; l--) {
		e = &table(t)[index_at(virt, l)];
		if (!(*e & PTE_P)) {
			if (!create)
				return 0;
			*e = table_alloc(pg) | PTE_P | PTE_W;
		} else if (*e & PTE_PS) {
			panic("cannot map 0x%lx: inside a large page", virt);
		}
		t = *e & PTE_ADDR;
	}
	return &table(t)[index_at(virt, level)];
}

static uint64_t leaf_flags(struct paging *pg, uint64_t flags)
{
	flags &= PTE_W | PTE_NX;
	if (!pg->nx)
		flags &= ~PTE_NX;
	return flags | PTE_P;
}

static void check_range(uint64_t virt, uint64_t phys, uint64_t size,
			uint64_t unit)
{
	if ((virt | phys | size) & (unit - 1))
		panic("cannot map 0x%lx -> 0x%lx (%lu bytes): not aligned",
		      virt, phys, size);
	if (!canonical(virt) || !canonical(virt + size - 1) ||
	    virt + size - 1 < virt)
		panic("cannot map 0x%lx (%lu bytes): not canonical", virt,
		      size);
}

/* Fill entry E of a LEVEL table (1: 4 KiB page, 2: 2 MiB, 3: 1 GiB)
   for VIRT.  A 4 KiB page already mapped to the same frame (two
   segments sharing it) gets the union of the permissions: writable if
   either is, executable if either is.  Any other double mapping is a
   bug upstream.  */
static void set_entry(uint64_t *e, uint64_t want, uint64_t virt, int level)
{
	if (!(*e & PTE_P))
		*e = want;
	else if (level == 1 && (*e & PTE_ADDR) == (want & PTE_ADDR))
		*e = (*e | (want & PTE_W)) & (want | ~PTE_NX);
	else if (level == 1)
		panic("cannot map 0x%lx: already mapped to 0x%lx", virt,
		      *e & PTE_ADDR);
	else
		panic("cannot map 0x%lx: already mapped", virt);
}

/* One walk per table rather than per entry: a 1 TiB physical map is half
   a million 2 MiB entries, and under QEMU's TCG every instruction of the
   loop shows in the boot time.  */
static void map_range(struct paging *pg, uint64_t virt, uint64_t phys,
		      uint64_t size, uint64_t leaf, int level)
{
	uint64_t unit = 1ULL << (12 + 9 * (level - 1)), off = 0, *e;
	unsigned int i;

	while (off < size) {
		e = walk(pg, virt + off, level, 1);
		for (i = index_at(virt + off, level);
		     i < PT_ENTRIES && off < size; i++, e++, off += unit)
			set_entry(e, (phys + off) | leaf, virt + off, level);
	}
}

void paging_map(struct paging *pg, uint64_t virt, uint64_t phys, uint64_t size,
		uint64_t flags)
{
	if (!size)
		return;
	check_range(virt, phys, size, PAGE_SIZE);
	map_range(pg, virt, phys, size, leaf_flags(pg, flags), 1);
}

void paging_map_large(struct paging *pg, uint64_t virt, uint64_t phys,
		      uint64_t size, uint64_t flags, int gb)
{
	if (!size)
		return;
	check_range(virt, phys, size, gb ? LARGE_1G : LARGE_2M);
	map_range(pg, virt, phys, size, leaf_flags(pg, flags) | PTE_PS,
		  gb ? 3 : 2);
}

uint64_t paging_lookup(struct paging *pg, uint64_t virt)
{
	uint64_t t = pg->pml4, e, mask;
	int l;

	if (!canonical(virt))
		return ~0ULL;
	for (l = 4; l >= 1; l--) {
		e = table(t)[index_at(virt, l)];
		if (!(e & PTE_P))
			return ~0ULL;
		if (l == 1 || ((l == 2 || l == 3) && (e & PTE_PS))) {
			mask = (1ULL << (12 + 9 * (l - 1))) - 1;
			return ((e & PTE_ADDR) & ~mask) | (virt & mask);
		}
		t = e & PTE_ADDR;
	}
	return ~0ULL;
}

/* The entry goes in last, after every walk: a walk through it would
   take the level-4 table for a lower one.  NX, since nothing is run
   through it.  */
void paging_recursive(struct paging *pg, uint32_t index)
{
	uint64_t *e = &table(pg->pml4)[index & (PT_ENTRIES - 1)];

	if (*e & PTE_P)
		panic("level-4 entry %u is in use, cannot make it recursive",
		      index);
	*e = pg->pml4 | leaf_flags(pg, PTE_W | PTE_NX);
}
