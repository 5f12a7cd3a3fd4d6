/* elf.c: check the kernel's ELF64 file, then map its segments.

   kernel.c has read the file, byte for byte and CRC-checked, to page-
   aligned frames typed KERNEL (bs->kernel_image).  elf_parse() checks
   every field before anything is used, so a bad file stops with a
   message instead of a fault.  kernel_load() then gives each PT_LOAD
   segment its virtual address: pages made only of file bytes are mapped
   where the file already is, without a copy; pages with .bss or with
   the edge of a segment get fresh zeroed frames and their file bytes
   copied.  Physical placement is ours: p_paddr is never read.

   A position-independent kernel (ET_DYN) gets ckboot_pie_bias() added
   to its addresses (<ckboot/layout.h>), and once its segments are
   mapped its R_X86_64_RELATIVE relocations are written through the page
   tables.  ckboot-install refuses any other kind first.  */

#include "boot.h"
#include "elf64.h"

#define MIB 0x100000ULL

/* ---- elf_parse ---- */

static int canonical(uint64_t virt)
{
	uint64_t high = virt >> 47;

	return high == 0 || high == 0x1ffff;
}

static void check_header(const struct elf64_ehdr *eh, uint64_t size)
{
	if (size < sizeof(*eh))
		panic("kernel is too small for an ELF file (%lu bytes)", size);
	if (eh->e_ident[EI_MAG0] != ELFMAG0 || eh->e_ident[1] != ELFMAG1 ||
	    eh->e_ident[2] != ELFMAG2 || eh->e_ident[3] != ELFMAG3)
		panic("kernel is not an ELF file (bad magic)");
	if (eh->e_ident[EI_CLASS] != ELFCLASS64)
		panic("kernel is not a 64-bit ELF file (class %u)",
		      eh->e_ident[EI_CLASS]);
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		panic("kernel is not a little-endian ELF file");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT)
		panic("kernel has unknown ELF version %u",
		      eh->e_ident[EI_VERSION]);
	if (eh->e_machine != EM_X86_64)
		panic("kernel is not an x86-64 ELF file (e_machine %u)",
		      eh->e_machine);
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		panic("kernel is not an executable ELF file (e_type %u)",
		      eh->e_type);
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		panic("kernel has ELF program headers of %u bytes, not %u",
		      eh->e_phentsize, (unsigned int)sizeof(struct elf64_phdr));
	if (eh->e_phnum == 0 || eh->e_phnum == PN_XNUM)
		panic("kernel has no usable ELF program headers (e_phnum %u)",
		      eh->e_phnum);
	if (eh->e_phoff > size ||
	    (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr) >
		size - eh->e_phoff)
		panic("kernel ELF program headers lie outside the file");
}

/* Bytes [OFFSET, OFFSET + LEN) of a file of SIZE bytes, without
   overflow.  */
static int in_file(uint64_t offset, uint64_t len, uint64_t size)
{
	return offset <= size && len <= size - offset;
}

static void check_load(const struct elf64_phdr *ph, uint64_t size)
{
	uint64_t end = ph->p_vaddr + ph->p_memsz;

	if (!in_file(ph->p_offset, ph->p_filesz, size))
		panic("kernel segment at 0x%lx: file bytes 0x%lx+0x%lx lie "
		      "outside the file (%lu bytes)",
		      ph->p_vaddr, ph->p_offset, ph->p_filesz, size);
	if (ph->p_filesz > ph->p_memsz)
		panic("kernel segment at 0x%lx: file size 0x%lx exceeds "
		      "memory size 0x%lx",
		      ph->p_vaddr, ph->p_filesz, ph->p_memsz);
	/* The last page must end below 2^64: ALIGN_UP(end) may not wrap.  */
	if (end < ph->p_vaddr || end > ALIGN_DOWN(~0ULL, PAGE_SIZE))
		panic("kernel segment at 0x%lx (0x%lx bytes) wraps around "
		      "the address space",
		      ph->p_vaddr, ph->p_memsz);
	if (!canonical(ph->p_vaddr) || !canonical(end - 1) ||
	    (ph->p_vaddr ^ (end - 1)) >> 47)
		panic("kernel segment at 0x%lx (0x%lx bytes) is not in "
		      "canonical address space",
		      ph->p_vaddr, ph->p_memsz);
	if (ph->p_vaddr < MIB)
		panic("kernel segment at 0x%lx is below 1 MiB, where the "
		      "loader runs: link the kernel at 1 MiB or higher",
		      ph->p_vaddr);
}

static void add_segment(struct elf_kernel *k, const struct elf64_phdr *ph)
{
	struct elf_segment *s;
	uint32_t i;

	if (k->nseg == ELF_MAX_SEGMENTS)
		panic("kernel has more than %u PT_LOAD segments",
		      ELF_MAX_SEGMENTS);
	for (i = 0; i < k->nseg; i++)
		if (ph->p_vaddr < k->seg[i].vaddr + k->seg[i].memsz &&
		    k->seg[i].vaddr < ph->p_vaddr + ph->p_memsz)
			panic("kernel segments at 0x%lx and 0x%lx overlap",
			      k->seg[i].vaddr, ph->p_vaddr);
	s = &k->seg[k->nseg++];
	s->vaddr = ph->p_vaddr;
	s->offset = ph->p_offset;
	s->filesz = ph->p_filesz;
	s->memsz = ph->p_memsz;
	s->flags = ph->p_flags;
	if (ALIGN_DOWN(s->vaddr, PAGE_SIZE) < k->vstart)
		k->vstart = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	if (ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE) > k->vend)
		k->vend = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
}

/* The segment whose file bytes (FILE set) or memory hold the LEN bytes
   at VIRT, or 0.  */
static const struct elf_segment *segment_at(const struct elf_kernel *k,
					    uint64_t virt, uint64_t len,
					    int file)
{
	const struct elf_segment *s;
	uint32_t i;

	for (i = 0; i < k->nseg; i++) {
		s = &k->seg[i];
		if (virt >= s->vaddr && in_file(virt - s->vaddr, len,
						file ? s->filesz : s->memsz))
			return s;
	}
	return 0;
}

/* The TLS template must be part of what is loaded, since the kernel
   copies it from its virtual address.  */
static void check_tls(const struct elf_kernel *k)
{
	if (k->tls_filesz && !segment_at(k, k->tls_vaddr, k->tls_filesz, 0))
		panic("kernel TLS template at 0x%lx is not inside a loaded "
		      "segment",
		      k->tls_vaddr);
}

static void check_entry(const struct elf_kernel *k, uint64_t entry)
{
	const struct elf_segment *s = segment_at(k, entry, 1, 0);

	if (!s || !(s->flags & PF_X))
		panic("kernel entry point 0x%lx is not inside an executable "
		      "segment",
		      entry);
}

/* ---- position-independent kernels ---- */

/* The bias for an ET_DYN kernel's NUM program headers at PH: each
   PT_LOAD segment must fit in the span it gives.  */
static uint64_t pie_bias(const struct elf64_phdr *ph, uint32_t num)
{
	uint64_t lowest = ~0ULL, base;
	uint32_t i;

	for (i = 0; i < num; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_memsz &&
		    ph[i].p_vaddr < lowest)
			lowest = ph[i].p_vaddr;
	base = lowest & ~(CKBOOT_PIE_ALIGN - 1);
	for (i = 0; i < num; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_memsz &&
		    (ph[i].p_memsz > CKBOOT_PIE_SPAN ||
		     ph[i].p_vaddr - base > CKBOOT_PIE_SPAN - ph[i].p_memsz))
			panic("position-independent kernel spans more than "
			      "2 GiB");
	return ckboot_pie_bias(lowest);
}

/* The dynamic section at file bytes [OFFSET, OFFSET + LEN): where the
   RELA table is.  */
static void parse_dynamic(struct elf_kernel *k, uint64_t image,
			  uint64_t offset, uint64_t len)
{
	const struct elf64_dyn *d = phys_ptr(image + offset);
	const struct elf_segment *s;
	uint64_t n = len / sizeof(*d), rela = 0, relasz = 0, i;
	uint64_t relaent = sizeof(struct elf64_rela);

	for (i = 0; i < n && d[i].d_tag != DT_NULL; i++) {
		/* A PLT table (of ifuncs, say) is RELA too, but not ours.  */
		if (d[i].d_tag == DT_REL || d[i].d_tag == DT_RELR ||
		    ((d[i].d_tag == DT_JMPREL || d[i].d_tag == DT_PLTRELSZ) &&
		     d[i].d_val))
			panic("kernel has relocations the loader does not "
			      "apply (dynamic tag %ld)",
			      d[i].d_tag);
		switch (d[i].d_tag) {
		case DT_NEEDED:
			panic("kernel needs shared libraries (DT_NEEDED)");
		case DT_RELA:
			rela = d[i].d_val;
			break;
		case DT_RELASZ:
			relasz = d[i].d_val;
			break;
		case DT_RELAENT:
			relaent = d[i].d_val;
			break;
		}
	}
	if (!relasz)
		return;
	if (relaent != sizeof(struct elf64_rela))
		panic("kernel RELA entries of %lu bytes, not %u", relaent,
		      (unsigned int)sizeof(struct elf64_rela));
	if (relasz % relaent)
		panic("kernel RELA table of %lu bytes is not whole entries",
		      relasz);
	rela += k->bias;
	s = segment_at(k, rela, relasz, 1);
	if (!s)
		panic("kernel relocations at 0x%lx are not in a loaded "
		      "segment's file bytes",
		      rela);
	k->rela_vaddr = rela;
	k->rela_offset = s->offset + (rela - s->vaddr);
	k->rela_count = relasz / relaent;
}

void elf_parse(uint64_t image, uint64_t size, struct elf_kernel *k)
{
	const struct elf64_ehdr *eh = phys_ptr(image);
	const struct elf64_phdr *ph;
	struct elf64_phdr p;
	uint64_t dyn_offset = 0, dyn_size = 0;
	int tls = 0, dyn = 0;
	uint32_t i;

	check_header(eh, size);
	k->nseg = 0;
	k->vstart = ~0ULL;
	k->vend = 0;
	k->tls_vaddr = k->tls_filesz = k->tls_memsz = 0;
	k->rela_offset = k->rela_count = 0;
	ph = phys_ptr(image + eh->e_phoff);
	k->pie = eh->e_type == ET_DYN;
	k->bias = k->pie ? pie_bias(ph, eh->e_phnum) : 0;
	for (i = 0; i < eh->e_phnum; i++) {
		p = ph[i];
		p.p_vaddr += k->bias;
		if (p.p_type == PT_TLS) {
			if (tls++)
				panic(
				    "kernel has more than one PT_TLS segment");
			if (!in_file(p.p_offset, p.p_filesz, size) ||
			    p.p_filesz > p.p_memsz)
				panic("kernel PT_TLS segment is malformed");
			k->tls_vaddr = p.p_vaddr;
			k->tls_filesz = p.p_filesz;
			k->tls_memsz = p.p_memsz;
		}
		if (p.p_type == PT_DYNAMIC && k->pie) {
			if (dyn++)
				panic("kernel has more than one PT_DYNAMIC "
				      "segment");
			if (!in_file(p.p_offset, p.p_filesz, size))
				panic("kernel PT_DYNAMIC segment lies outside "
				      "the file");
			dyn_offset = p.p_offset;
			dyn_size = p.p_filesz;
		}
		if (p.p_type != PT_LOAD || p.p_memsz == 0)
			continue;
		check_load(&p, size);
		add_segment(k, &p);
	}
	if (!k->nseg)
		panic("kernel has no PT_LOAD segment");
	check_tls(k);
	check_entry(k, eh->e_entry + k->bias);
	k->entry = eh->e_entry + k->bias;
	if (dyn_size)
		parse_dynamic(k, image, dyn_offset, dyn_size);
}

/* ---- kernel_load ---- */

/* Fresh frames are taken in runs, as large as the segment needs and the
   memory map allows, and zeroed once.  */
struct frame_run {
	uint64_t next;
	uint64_t left; /* frames in the current run */
	uint64_t want; /* frames the segment still needs */
};

static uint64_t fresh_frame(struct memmap *map, struct frame_run *fr)
{
	uint64_t n, at = MEMMAP_NONE;

	if (!fr->left) {
		for (n = fr->want ? fr->want : 1; n; n >>= 1) {
			at = memmap_try_alloc(map, n * PAGE_SIZE, PAGE_SIZE,
					      LOADER_ADDRESSABLE,
					      CKBOOT_MEMORY_KERNEL);
			if (at != MEMMAP_NONE)
				break;
		}
		if (at == MEMMAP_NONE) /* not even one page: this panics */
			memmap_alloc(map, fr->want * PAGE_SIZE, PAGE_SIZE,
				     LOADER_ADDRESSABLE, CKBOOT_MEMORY_KERNEL);
		phys_zero(at, n * PAGE_SIZE);
		fr->next = at;
		fr->left = n;
	}
	if (fr->want)
		fr->want--;
	fr->left--;
	fr->next += PAGE_SIZE;
	return fr->next - PAGE_SIZE;
}

static uint64_t segment_flags(const struct elf_segment *s)
{
	uint64_t flags = 0;

	if (s->flags & PF_W)
		flags |= PTE_W;
	if (!(s->flags & PF_X))
		flags |= PTE_NX;
	return flags;
}

/* The file page at OFFSET holds bytes of another segment too: mapping
   it in place for S would let S's permissions leak to those bytes, or
   theirs to S.  Such pages are copied.  */
static int file_page_shared(const struct elf_kernel *k,
			    const struct elf_segment *s, uint64_t offset)
{
	const struct elf_segment *o;
	uint32_t i;

	for (i = 0; i < k->nseg; i++) {
		o = &k->seg[i];
		if (o != s && o->filesz && o->offset < offset + PAGE_SIZE &&
		    offset < o->offset + o->filesz)
			return 1;
	}
	return 0;
}

/* Physical frame in the file image that can back page VIRT of S as it
   is, or MEMMAP_NONE: only a page made wholly of S's file bytes, with
   the file page aligned to the virtual page.  */
static uint64_t in_place_frame(const struct boot_state *bs,
			       const struct elf_segment *s, uint64_t virt)
{
	uint64_t offset = s->offset + (virt - s->vaddr);

	if (virt < s->vaddr || virt + PAGE_SIZE > s->vaddr + s->filesz)
		return MEMMAP_NONE;
	if ((offset | bs->kernel_image) & (PAGE_SIZE - 1))
		return MEMMAP_NONE;
	if (file_page_shared(&bs->elf, s, offset))
		return MEMMAP_NONE;
	return bs->kernel_image + offset;
}

/* The first page of the file, at or after page-aligned OFFSET, that
   holds bytes of a segment other than S, or ~0.  */
static uint64_t next_shared_page(const struct elf_kernel *k,
				 const struct elf_segment *s, uint64_t offset)
{
	const struct elf_segment *o;
	uint64_t first = ~0ULL, page;
	uint32_t i;

	for (i = 0; i < k->nseg; i++) {
		o = &k->seg[i];
		if (o == s || !o->filesz || o->offset + o->filesz <= offset)
			continue;
		page = ALIGN_DOWN(o->offset, PAGE_SIZE);
		if (page < offset)
			page = offset;
		if (page < first)
			first = page;
	}
	return first;
}

/* Bytes from page VIRT of S on that in_place_frame() maps, one page
   after the other, or 0 if VIRT is not one of them: the answer for a
   whole run of pages at once, since a multi-MiB segment is thousands.  */
static uint64_t in_place_run(const struct boot_state *bs,
			     const struct elf_segment *s, uint64_t virt)
{
	uint64_t end, shared;

	if (in_place_frame(bs, s, virt) == MEMMAP_NONE)
		return 0;
	end = ALIGN_DOWN(s->vaddr + s->filesz, PAGE_SIZE);
	shared = next_shared_page(&bs->elf, s, s->offset + (virt - s->vaddr));
	if (shared != ~0ULL && s->vaddr + (shared - s->offset) < end)
		end = s->vaddr + (shared - s->offset);
	return end - virt;
}

/* Copy S's file bytes that fall in page VIRT into FRAME.  */
static void copy_file_bytes(const struct boot_state *bs,
			    const struct elf_segment *s, uint64_t virt,
			    uint64_t frame)
{
	uint64_t from = virt > s->vaddr ? virt : s->vaddr;
	uint64_t to = s->vaddr + s->filesz;

	if (to > virt + PAGE_SIZE)
		to = virt + PAGE_SIZE;
	if (from < to)
		phys_copy(frame + (from - virt),
			  bs->kernel_image + s->offset + (from - s->vaddr),
			  to - from);
}

/* Pages going to consecutive frames are mapped by one paging_map()
   call: a multi-MiB .bss is thousands of pages, and under TCG a walk of
   the tables per page shows in the boot time.  */
struct map_run {
	uint64_t virt, phys, size;
};

static void run_flush(struct boot_state *bs, struct map_run *r, uint64_t flags)
{
	if (r->size)
		paging_map(&bs->pg, r->virt, r->phys, r->size, flags);
	r->size = 0;
}

static void run_add(struct boot_state *bs, struct map_run *r, uint64_t virt,
		    uint64_t phys, uint64_t size, uint64_t flags)
{
	if (r->size && r->virt + r->size == virt && r->phys + r->size == phys) {
		r->size += size;
		return;
	}
	run_flush(bs, r, flags);
	r->virt = virt;
	r->phys = phys;
	r->size = size;
}

/* The frame an earlier segment gave page VIRT, or ~0.  Segments do not
   overlap, so only a segment's first and last page can have one.  */
static uint64_t earlier_frame(struct boot_state *bs, uint64_t virt,
			      uint64_t first, uint64_t end)
{
	if (virt != first && virt + PAGE_SIZE != end)
		return ~0ULL;
	return paging_lookup(&bs->pg, virt);
}

static void load_segment(struct boot_state *bs, const struct elf_segment *s)
{
	uint64_t first = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
	uint64_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
	uint64_t flags = segment_flags(s), v, frame, n;
	struct frame_run fr = {0, 0, 0};
	struct map_run run = {0, 0, 0};

	for (v = first; v < end; v += PAGE_SIZE) {
		n = in_place_run(bs, s, v);
		if (n)
			v += n - PAGE_SIZE;
		else if (earlier_frame(bs, v, first, end) == ~0ULL)
			fr.want++;
	}
	for (v = first; v < end; v += PAGE_SIZE) {
		n = in_place_run(bs, s, v);
		if (n) {
			run_add(bs, &run, v, in_place_frame(bs, s, v), n,
				flags);
			v += n - PAGE_SIZE;
			continue;
		}
		/* A page shared with an earlier segment keeps its frame, and
		   paging_map() merges the permissions.  */
		frame = earlier_frame(bs, v, first, end);
		if (frame == ~0ULL)
			frame = fresh_frame(&bs->map, &fr);
		run_add(bs, &run, v, frame, PAGE_SIZE, flags);
		copy_file_bytes(bs, s, v, frame);
	}
	run_flush(bs, &run, flags);
}

/* The 8 bytes at kernel address VIRT, through the page tables: a
   relocation may straddle two pages, and those may be anywhere.  */
static void poke64(struct boot_state *bs, uint64_t virt, uint64_t value)
{
	uint64_t phys = paging_lookup(&bs->pg, virt);
	uint8_t *b;
	int i;

	if ((virt & (PAGE_SIZE - 1)) <= PAGE_SIZE - 8) {
		*(uint64_t *)phys_ptr(phys) = value;
		return;
	}
	for (i = 0; i < 8; i++, value >>= 8) {
		b = phys_ptr(paging_lookup(&bs->pg, virt + i));
		*b = (uint8_t)value;
	}
}

static void relocate(struct boot_state *bs)
{
	const struct elf_kernel *k = &bs->elf;
	const struct elf64_rela *r =
	    phys_ptr(bs->kernel_image + k->rela_offset);
	uint64_t i, at;

	for (i = 0; i < k->rela_count; i++, r++) {
		if (ELF64_R_TYPE(r->r_info) == R_X86_64_NONE)
			continue;
		at = r->r_offset + k->bias;
		if (ELF64_R_TYPE(r->r_info) != R_X86_64_RELATIVE)
			panic("kernel relocation at 0x%lx has type %u; only "
			      "R_X86_64_RELATIVE is applied",
			      at, ELF64_R_TYPE(r->r_info));
		if (!segment_at(k, at, 8, 0))
			panic("kernel relocation at 0x%lx is outside its "
			      "segments",
			      at);
		/* The table may be in a page mapped in place: the file.  */
		if (at < k->rela_vaddr + k->rela_count * sizeof(*r) &&
		    k->rela_vaddr < at + 8)
			panic("kernel relocation at 0x%lx falls in the "
			      "relocation table",
			      at);
		poke64(bs, at, r->r_addend + k->bias);
	}
}

void kernel_load(struct boot_state *bs)
{
	uint32_t i;

	elf_parse(bs->kernel_image, bs->kernel_size, &bs->elf);
	/* In-place pages are kernel memory from now on, whoever read the
	   file in.  */
	memmap_mark(&bs->map, bs->kernel_image,
		    bs->kernel_image + bs->kernel_size, CKBOOT_MEMORY_KERNEL);
	if (!bs->pg.pml4)
		paging_init(&bs->pg, &bs->map, bs->cpu.nx);
	for (i = 0; i < bs->elf.nseg; i++)
		load_segment(bs, &bs->elf.seg[i]);
	relocate(bs);
}
