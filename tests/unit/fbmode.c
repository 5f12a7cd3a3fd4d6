/* Unit tests for stage/fbmode.c: which of the firmware's modes a kernel
   asking for a framebuffer gets.  */

#include <string.h>

#include "boot.h"
#include "unit.h"

static struct ckboot_loader_header hdr;
static struct boot_state bs = {.hdr = &hdr};

/* A mode as VBE would list it, 8:8:8 or 5:6:5 by depth.  */
static struct fb_mode mode(uint32_t id, uint32_t w, uint32_t h, uint32_t bpp)
{
	struct fb_mode m = {id};

	m.fb = (struct ckboot_framebuffer){0xfd000000ULL, w, h,
					   w * ((bpp + 7) / 8), bpp,
					   CKBOOT_FRAMEBUFFER_RGB, 0};
	if (bpp == 16)
		m.rgb = (struct ckboot_framebuffer_rgb){5, 11, 6, 5, 5, 0};
	else if (bpp == 15)
		m.rgb = (struct ckboot_framebuffer_rgb){5, 10, 5, 5, 5, 0};
	else
		m.rgb = (struct ckboot_framebuffer_rgb){8, 16, 8, 8, 8, 0};
	return m;
}

static void request(uint32_t w, uint32_t h, uint32_t bpp)
{
	hdr.config.framebuffer_width = w;
	hdr.config.framebuffer_height = h;
	hdr.config.framebuffer_bpp = bpp;
}

/* The mode chosen from LIST (N modes, offered in order) for a request
   of W x H x BPP: its id, or 0 for none.  */
static uint32_t choose(uint32_t w, uint32_t h, uint32_t bpp,
		       const struct fb_mode *list, size_t n)
{
	struct fb_choice c;
	size_t i;

	request(w, h, bpp);
	fbmode_start(&c, &bs);
	for (i = 0; i < n; i++)
		fbmode_offer(&c, &list[i]);
	return c.found ? c.best.id : 0;
}

#define CHOOSE(w, h, bpp, list) \
	choose(w, h, bpp, list, sizeof list / sizeof list[0])

static void test_rules(void)
{
	const struct fb_mode qemu[] = {
	    mode(0x111, 640, 480, 16),	mode(0x112, 640, 480, 24),
	    mode(0x114, 800, 600, 16),	mode(0x115, 800, 600, 24),
	    mode(0x117, 1024, 768, 16), mode(0x118, 1024, 768, 32),
	    mode(0x140, 1024, 768, 24), mode(0x11a, 1280, 1024, 16),
	    mode(0x150, 1280, 720, 32), mode(0x160, 848, 480, 32),
	};

	unit_case("fbmode: the exact size at the deepest, or the depth asked");
	CHECK_EQ(CHOOSE(1024, 768, 0, qemu), 0x118);
	CHECK_EQ(CHOOSE(1024, 768, 24, qemu), 0x140);
	CHECK_EQ(CHOOSE(1024, 768, 16, qemu), 0x117);
	CHECK_EQ(CHOOSE(640, 480, 24, qemu), 0x112);

	unit_case("fbmode: else the most pixels within the size");
	/* 800x600 has more pixels than 848x480.  */
	CHECK_EQ(CHOOSE(1000, 700, 0, qemu), 0x115);
	CHECK_EQ(CHOOSE(1279, 1023, 0, qemu), 0x118);
	CHECK_EQ(CHOOSE(1280, 1000, 0, qemu), 0x150);	/* 1280x720 */
	CHECK_EQ(CHOOSE(65535, 65535, 0, qemu), 0x11a); /* the largest */
	CHECK_EQ(CHOOSE(900, 500, 32, qemu), 0x160);

	unit_case("fbmode: none when nothing fits");
	CHECK_EQ(CHOOSE(320, 200, 0, qemu), 0);
	CHECK_EQ(CHOOSE(1024, 768, 15, qemu), 0);
	CHECK_EQ(CHOOSE(639, 4000, 0, qemu), 0);
}

static void test_ties_and_junk(void)
{
	struct fb_mode list[10];
	struct fb_choice c;

	unit_case("fbmode: equal modes: the first offered");
	list[0] = mode(1, 800, 600, 32);
	list[1] = mode(2, 800, 600, 32);
	CHECK_EQ(choose(800, 600, 0, list, 2), 1);

	unit_case("fbmode: modes that cannot be used are passed over");
	list[0] = mode(1, 800, 600, 32);
	list[0].fb.pitch = 800 * 4 - 4;		/* lines overlap */
	list[1] = mode(2, 800, 600, 32);
	list[1].fb.address = 0;
	list[2] = mode(3, 800, 600, 32);
	list[2].fb.address = 0xfd000800ULL;	/* not page aligned */
	list[3] = mode(4, 800, 600, 8);		/* not direct colour */
	list[4] = mode(5, 800, 600, 32);
	list[4].fb.type = CKBOOT_FRAMEBUFFER_INDEXED;
	list[5] = mode(6, 800, 600, 32);
	list[5].fb.address = 0xa0000;		/* below 1 MiB */
	list[6] = mode(7, 800, 600, 32);
	list[6].rgb.green_shift = 12;		/* on red */
	list[7] = mode(8, 800, 600, 32);
	list[7].rgb.blue_size = 0;
	list[8] = mode(9, 800, 600, 16);
	list[8].rgb.red_shift = 12;		/* past the pixel */
	list[9] = mode(10, 640, 480, 32);
	CHECK_EQ(choose(800, 600, 0, list, 10), 10);

	unit_case("fbmode: 5:5:5 is 15 bits a pixel, whatever VBE says");
	list[0] = mode(1, 800, 600, 16);
	list[0].rgb = (struct ckboot_framebuffer_rgb){5, 10, 5, 5, 5, 0};
	list[1] = mode(2, 800, 600, 16);
	CHECK_EQ(choose(800, 600, 15, list, 2), 1);
	CHECK_EQ(choose(800, 600, 16, list, 2), 2);
	CHECK_EQ(choose(800, 600, 0, list, 2), 2);	/* 5:6:5 is deeper */
	request(800, 600, 15);
	fbmode_start(&c, &bs);
	fbmode_offer(&c, &list[0]);
	CHECK(c.found);
	CHECK_EQ(c.best.fb.bpp, 15);

	unit_case("fbmode: no request, no framebuffer");
	request(0, 0, 0);
	fbmode_start(&c, &bs);
	CHECK(!fbmode_wanted(&c));
	request(640, 0, 0);
	fbmode_start(&c, &bs);
	CHECK(!fbmode_wanted(&c));

	unit_case("fbmode: whole pages of the framebuffer");
	list[0] = mode(1, 800, 600, 24);
	CHECK_EQ(fbmode_bytes(&list[0].fb), 1441792); /* 1440000 rounded up */
}

/* Not on the kernel, nor on RAM; a reserved range is where devices
   are.  */
static void test_placement(void)
{
	struct fb_mode list[2];
	struct fb_choice c;

	list[0] = mode(1, 1024, 768, 32);	/* 0xfd000000, 3 MiB */
	list[1] = mode(2, 800, 600, 32);
	list[1].fb.address = 0xe0000000ULL;

	unit_case("fbmode: a framebuffer on the kernel is passed over");
	bs.elf.nseg = 1;
	bs.elf.seg[0] = (struct elf_segment){.vaddr = 0xfd200000ULL,
					     .memsz = 0x1000};
	request(1024, 768, 0);
	fbmode_start(&c, &bs);
	fbmode_offer(&c, &list[0]);
	fbmode_offer(&c, &list[1]);
	CHECK_EQ(c.best.id, 2);
	CHECK_EQ(c.misplaced, 1);
	bs.elf.seg[0].vaddr = 0xfd300000ULL;	/* just past it */
	CHECK_EQ(choose(1024, 768, 0, list, 2), 1);
	bs.elf.nseg = 0;

	unit_case("fbmode: a framebuffer on RAM is passed over");
	bs.map.count = 2;
	bs.map.r[0] = (struct ckboot_memory_region){0xe0000000ULL,
						    0xe0100000ULL,
						    CKBOOT_MEMORY_USABLE, 0};
	bs.map.r[1] = (struct ckboot_memory_region){0xfc000000ULL,
						    0x100000000ULL,
						    CKBOOT_MEMORY_RESERVED, 0};
	CHECK_EQ(choose(1024, 768, 0, list + 1, 1), 0);
	CHECK_EQ(choose(1024, 768, 0, list, 1), 1);
	bs.map.r[1].type = CKBOOT_MEMORY_PAGE_TABLE;
	CHECK_EQ(choose(1024, 768, 0, list, 1), 0);
	/* A module, read before the mode is chosen, as much as any.  */
	bs.map.r[1].type = CKBOOT_MEMORY_MODULE;
	CHECK_EQ(choose(1024, 768, 0, list, 1), 0);
	bs.map.count = 0;
}

int main(void)
{
	test_rules();
	test_ties_and_junk();
	test_placement();
	return unit_status();
}
