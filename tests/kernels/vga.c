/* vga.c: the screen mode the loader leaves (issue 4's vga-320x200 and
   issue 3's default text mode).

   Built twice: vga.elf asks for VGA 320x200 in its CKBOOT_CONFIG note
   and checks mode 13h -- the boot info's framebuffer fields, the VGA
   graphics controller in graphics mode decoding 0xA0000 -- then paints
   the top half of the screen red and the bottom half green; text.elf has
   no note and checks the 80x25 text mode.  Both then print READY and
   wait: tests/qemu-boot takes a screendump through the QEMU monitor,
   whose size (640x400 for mode 13h double-scanned, 720x400 for text)
   and colours the test script checks.  */

#include "tk.h"

#define MODE13_ADDR 0xa0000ULL
#define TEXT_ADDR   0xb8000ULL
/* The VGA's default palette: index 4 is red, index 2 green.  */
#define COLOUR_TOP    4
#define COLOUR_BOTTOM 2

#ifdef TK_TEXT_MODE
const char tk_name[] = "text";
#else
const char tk_name[] = "vga";
CKBOOT_CONFIG(.features = CKBOOT_VGA_320X200);
#endif

/* Graphics controller Miscellaneous register: bit 0 graphics mode,
   bits 2-3 memory map (1: 0xA0000 64 KiB, 3: 0xB8000 32 KiB).  */
static uint8_t vga_gc_misc(void)
{
	tk_outb(TK_VGA_GC_INDEX, TK_VGA_GC_MISC);
	return tk_inb(TK_VGA_GC_DATA);
}

#ifdef TK_TEXT_MODE
static void check_mode(const struct ckboot_framebuffer *fb)
{
	volatile uint16_t *screen = (volatile uint16_t *)TEXT_ADDR;
	static const char msg[] = "ckboot text-mode test";
	uint8_t misc = vga_gc_misc();
	unsigned i;

	CHECK(fb->address == TEXT_ADDR && fb->width == 80 && fb->height == 25 &&
		  fb->pitch == 160 && fb->bpp == 16 &&
		  fb->type == CKBOOT_FRAMEBUFFER_EGA_TEXT,
	      "framebuffer 0x%llx %ux%u pitch %u bpp %u type %u, expected "
	      "text 0xb8000 80x25 pitch 160 bpp 16 type %u",
	      (unsigned long long)fb->address, fb->width, fb->height, fb->pitch,
	      fb->bpp, fb->type, CKBOOT_FRAMEBUFFER_EGA_TEXT);
	CHECK(!(misc & 1) && ((misc >> 2) & 3) == 3,
	      "VGA graphics controller misc 0x%x: not text mode at 0xb8000",
	      misc);
	for (i = 0; msg[i]; i++)
		screen[12 * 80 + 30 + i] = 0x1f00 | (uint8_t)msg[i];
}
#else
static void check_mode(const struct ckboot_framebuffer *fb)
{
	volatile uint8_t *pixel = (volatile uint8_t *)fb->address;
	uint8_t misc = vga_gc_misc();
	unsigned y, x;

	CHECK(fb->address == MODE13_ADDR && fb->width == 320 &&
		  fb->height == 200 && fb->pitch == 320 && fb->bpp == 8 &&
		  fb->type == CKBOOT_FRAMEBUFFER_INDEXED,
	      "framebuffer 0x%llx %ux%u pitch %u bpp %u type %u, expected "
	      "0xa0000 320x200 pitch 320 bpp 8 indexed (type %u)",
	      (unsigned long long)fb->address, fb->width, fb->height, fb->pitch,
	      fb->bpp, fb->type, CKBOOT_FRAMEBUFFER_INDEXED);
	CHECK((misc & 1) && ((misc >> 2) & 3) == 1,
	      "VGA graphics controller misc 0x%x: not graphics at 0xa0000",
	      misc);
	for (y = 0; y < 200; y++)
		for (x = 0; x < 320; x++)
			pixel[y * 320 + x] =
			    y < 100 ? COLOUR_TOP : COLOUR_BOTTOM;
	CHECK(pixel[0] == COLOUR_TOP && pixel[320 * 199 + 319] == COLOUR_BOTTOM,
	      "the framebuffer does not keep what was drawn");
}
#endif

void kernel_main(struct ckboot_info *bi)
{
	const struct ckboot_framebuffer *fb = &bi->framebuffer;

	CHECK(bi->flags & CKBOOT_INFO_FRAMEBUFFER,
	      "boot info flags 0x%llx: no framebuffer",
	      (unsigned long long)bi->flags);
	tk_printf("fact: framebuffer=0x%llx %ux%u pitch %u bpp %u type %u\n",
		  (unsigned long long)fb->address, fb->width, fb->height,
		  fb->pitch, fb->bpp, fb->type);
	check_mode(fb);
	tk_ready();
}
