/* Unit tests for stage/fbmode.c: which of the firmware's modes a kernel
   asking for a framebuffer gets.  */

#include <string.h>

#include "boot.h"
#include "unit.h"

static struct fb_mode mode(uint32_t id, uint32_t w, uint32_t h, uint32_t bpp)
{
	struct fb_mode m = {id};

	m.fb = (struct ckboot_framebuffer){0xfd000000ULL, w, h,
					   w * ((bpp + 7) / 8), bpp,
					   CKBOOT_FRAMEBUFFER_RGB, 0};
	return m;
}

/* The mode chosen from LIST (N modes, offered in order) for a request
   of W x H x BPP: its id, or 0 for none.  */
static uint32_t choose(uint32_t w, uint32_t h, uint32_t bpp,
		       const struct fb_mode *list, size_t n)
{
	struct ckboot_config cfg = {.framebuffer_width = w,
				    .framebuffer_height = h,
				    .framebuffer_bpp = bpp};
	struct fb_choice c;
	size_t i;

	fbmode_start(&c, &cfg);
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
	CHECK_EQ(CHOOSE(1000, 700, 0, qemu), 0x115);	/* 800x600 > 848x480 */
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
	struct fb_mode list[6];
	struct ckboot_config none = {0};
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
	list[5] = mode(6, 640, 480, 32);
	CHECK_EQ(choose(800, 600, 0, list, 6), 6);

	unit_case("fbmode: no request, no framebuffer");
	fbmode_start(&c, &none);
	CHECK(!fbmode_wanted(&c));
	none.framebuffer_width = 640;
	fbmode_start(&c, &none);
	CHECK(!fbmode_wanted(&c));

	unit_case("fbmode: whole pages of the framebuffer");
	list[0] = mode(1, 800, 600, 24);
	CHECK_EQ(fbmode_bytes(&list[0].fb), 1441792); /* 1440000 rounded up */
}

int main(void)
{
	test_rules();
	test_ties_and_junk();
	return unit_status();
}
