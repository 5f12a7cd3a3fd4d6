/* fbmode.c: which framebuffer mode a kernel gets.

   The kernel asks for a width, a height and perhaps a depth
   (framebuffer_* in its settings); the firmware side offers every
   linear-framebuffer mode it can set, one at a time (VBE's list on a
   BIOS, GOP's on UEFI), and sets the one chosen here:

   - a mode fits when it is no wider and no taller than asked, and of
     the depth asked, or of any depth for 0;
   - of the modes that fit, the one with the most pixels wins, then the
     deeper one, then the one offered first.

   So the exact mode is taken when the firmware has it, and on a screen
   without it the kernel still gets the largest picture it can lay out
   in the size it planned for.  */

#include "boot.h"

void fbmode_start(struct fb_choice *c, const struct ckboot_config *cfg)
{
	*c = (struct fb_choice){
	    .width = cfg->framebuffer_width,
	    .height = cfg->framebuffer_height,
	    .bpp = cfg->framebuffer_bpp,
	};
}

int fbmode_wanted(const struct fb_choice *c)
{
	return c->width && c->height;
}

static int usable(const struct fb_mode *m)
{
	const struct ckboot_framebuffer *f = &m->fb;
	uint64_t bytes = ((uint64_t)f->bpp + 7) / 8;

	return f->type == CKBOOT_FRAMEBUFFER_RGB && f->address &&
	       !(f->address & (PAGE_SIZE - 1)) && f->width && f->height &&
	       bytes >= 2 && bytes <= 4 && f->pitch >= f->width * bytes;
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

void fbmode_offer(struct fb_choice *c, const struct fb_mode *m)
{
	if (!usable(m) || !fits(c, m))
		return;
	if (!c->found || better(m, &c->best)) {
		c->best = *m;
		c->found = 1;
	}
}

uint64_t fbmode_bytes(const struct ckboot_framebuffer *fb)
{
	return ALIGN_UP((uint64_t)fb->pitch * fb->height, PAGE_SIZE);
}
