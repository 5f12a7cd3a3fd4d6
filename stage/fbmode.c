/* fbmode.c: which framebuffer mode a kernel gets.

   The kernel asks for a width, a height and perhaps a depth
   (framebuffer_* in its settings); the firmware side offers every
   linear-framebuffer mode it can set, one at a time (VBE's list on a
   BIOS, GOP's on UEFI), and sets the one chosen here:

   - a mode fits when it is no wider and no taller than asked and of
     the depth asked, or of any depth for 0;
   - of the modes that fit, the one with the most pixels wins, then the
     deeper one, then the one offered first.

   So the exact mode is taken when the firmware has it, and on a screen
   without it the kernel still gets the largest picture it can lay out
   in the size it planned for.  A mode is passed over when its colour
   fields make no pixel, or when its framebuffer, which place.c will
   identity-map, lies below 1 MiB, on the kernel or in memory the map
   calls RAM: better text than a boot that stops or memory the kernel
   is told is free.  kernel_load() has run, so the kernel's segments
   and frames are known.  */

#include "boot.h"

void fbmode_start(struct fb_choice *c, const struct boot_state *bs)
{
	const struct ckboot_config *cfg = &bs->hdr->config;

	*c = (struct fb_choice){
	    .bs = bs,
	    .width = cfg->framebuffer_width,
	    .height = cfg->framebuffer_height,
	    .bpp = cfg->framebuffer_bpp,
	};
}

int fbmode_wanted(const struct fb_choice *c)
{
	return c->width && c->height;
}

/* Each colour 1 to 8 bits, inside the pixel, none on another.  */
static int colours_usable(const struct fb_mode *m, uint32_t bytes)
{
	const struct ckboot_framebuffer_rgb *c = &m->rgb;
	const uint8_t size[3] = {c->red_size, c->green_size, c->blue_size};
	const uint8_t shift[3] = {c->red_shift, c->green_shift, c->blue_shift};
	uint32_t seen = 0, bits, i;

	for (i = 0; i < 3; i++) {
		if (!size[i] || size[i] > 8 || shift[i] + size[i] > bytes * 8)
			return 0;
		bits = ((1U << size[i]) - 1) << shift[i];
		if (seen & bits)
			return 0;
		seen |= bits;
	}
	return 1;
}

static int usable(const struct fb_mode *m)
{
	const struct ckboot_framebuffer *f = &m->fb;
	uint32_t bytes = (f->bpp + 7) / 8;

	return f->type == CKBOOT_FRAMEBUFFER_RGB &&
	       f->address >= LOW_MEMORY_END &&
	       !(f->address & (PAGE_SIZE - 1)) && f->width && f->height &&
	       bytes >= 2 && bytes <= 4 &&
	       f->pitch >= (uint64_t)f->width * bytes &&
	       colours_usable(m, bytes);
}

/* Firmware that counts a 5:5:5 mode's padding bit says 16 bits a
   pixel; others say 15.  Fifteen, so that asking for either depth
   means the same on every machine.  */
static void depth_of_colours(struct fb_mode *m)
{
	const struct ckboot_framebuffer_rgb *c = &m->rgb;

	if (m->fb.bpp == 16 && c->red_size + c->green_size + c->blue_size == 15)
		m->fb.bpp = 15;
}

/* RAM, free, handed out by the loader or free once ACPI is read, as
   opposed to the firmware's reserved ranges and holes, where devices
   are.  */
static int is_ram(uint32_t type)
{
	return type == CKBOOT_MEMORY_USABLE ||
	       type == CKBOOT_MEMORY_BOOTLOADER || type == CKBOOT_MEMORY_KERNEL ||
	       type == CKBOOT_MEMORY_KERNEL_STACK ||
	       type == CKBOOT_MEMORY_PAGE_TABLE ||
	       type == CKBOOT_MEMORY_BOOT_INFO ||
	       type == CKBOOT_MEMORY_MODULE ||
	       type == CKBOOT_MEMORY_ACPI_RECLAIMABLE;
}

static int overlaps(uint64_t start, uint64_t end, uint64_t s2, uint64_t e2)
{
	return start < e2 && s2 < end;
}

/* Where place.c could not identity-map M, or should not: on the
   kernel's pages, or on memory that is RAM (free or the loader's).  */
static int misplaced(const struct boot_state *bs, const struct fb_mode *m)
{
	uint64_t start = m->fb.address, end = start + fbmode_bytes(&m->fb);
	const struct elf_segment *g;
	const struct ckboot_memory_region *r;
	uint32_t i;

	for (i = 0; i < bs->elf.nseg; i++) {
		g = &bs->elf.seg[i];
		if (overlaps(start, end, ALIGN_DOWN(g->vaddr, PAGE_SIZE),
			     ALIGN_UP(g->vaddr + g->memsz, PAGE_SIZE)))
			return 1;
	}
	for (i = 0; i < bs->map.count; i++) {
		r = &bs->map.r[i];
		if (is_ram(r->type) && overlaps(start, end, r->start, r->end))
			return 1;
	}
	return 0;
}

static int fits(const struct fb_choice *c, const struct fb_mode *m)
{
	return m->fb.width <= c->width && m->fb.height <= c->height &&
	       (!c->bpp || m->fb.bpp == c->bpp);
}

static int better(const struct fb_mode *m, const struct fb_mode *best)
{
	uint64_t area = (uint64_t)m->fb.width * m->fb.height;
	uint64_t best_area = (uint64_t)best->fb.width * best->fb.height;

	if (area != best_area)
		return area > best_area;
	return m->fb.bpp > best->fb.bpp;
}

void fbmode_offer(struct fb_choice *c, const struct fb_mode *offered)
{
	struct fb_mode m = *offered;

	depth_of_colours(&m);
	if (!usable(&m) || !fits(c, &m))
		return;
	if (misplaced(c->bs, &m)) {
		c->misplaced++;
		return;
	}
	if (!c->found || better(&m, &c->best)) {
		c->best = m;
		c->found = 1;
	}
}

uint64_t fbmode_bytes(const struct ckboot_framebuffer *fb)
{
	return ALIGN_UP((uint64_t)fb->pitch * fb->height, PAGE_SIZE);
}
