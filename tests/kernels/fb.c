/* fb.c: the linear framebuffer a kernel asks for with framebuffer_width
   and _height.

   fb.elf asks for 1024x768 at any depth in its CKBOOT_CONFIG note;
   tests/boot-framebuffer.sh also installs it with other sizes and
   depths given as options, and on machines where no mode fits.  The
   kernel prints what it got as a fact line and checks it against the
   hardware:

   - an RGB framebuffer must be the mode QEMU's standard VGA (Bochs VBE
     "DISPI" registers) is really in: resolution, depth, linear
     framebuffer on, pitch the virtual width's (other adapters, such as
     the Cirrus, are judged by the screendump alone); its colour fields
     must fit in a pixel without overlapping.  The kernel paints the top half
     red and the bottom half green through those fields, down to the
     last pixel, with a blue and a grey block, and prints READY for the
     harness's screendump;
   - text mode (the loader found no mode that fits) must be the
     80x25 text the boot info describes.  */

#include "tk.h"

const char tk_name[] = "fb";
CKBOOT_CONFIG(.framebuffer_width = 1024, .framebuffer_height = 768);

/* Bochs VBE ("DISPI") registers of QEMU's standard VGA.  */
#define DISPI_INDEX	   0x1ce
#define DISPI_DATA	   0x1cf
#define DISPI_ID	   0
#define DISPI_ID_FIRST	   0xb0c0 /* the IDs the interface has had */
#define DISPI_ID_LAST	   0xb0c5
#define DISPI_XRES	   1
#define DISPI_YRES	   2
#define DISPI_BPP	   3
#define DISPI_ENABLE	   4
#define DISPI_VIRT_WIDTH   6
#define DISPI_ENABLED	   0x01
#define DISPI_LFB_ENABLED  0x40

static uint16_t dispi(uint16_t index)
{
	tk_outw(DISPI_INDEX, index);
	return tk_inw(DISPI_DATA);
}

static uint32_t field(uint8_t size, uint8_t shift)
{
	return (uint32_t)(((1ULL << size) - 1) << shift);
}

/* The colour's top bits, in its field.  */
static uint32_t colour(uint8_t value, uint8_t size, uint8_t shift)
{
	return (uint32_t)(value >> (8 - size)) << shift;
}

static void check_rgb(const struct ckboot_framebuffer *fb,
		      const struct ckboot_framebuffer_rgb *c)
{
	uint32_t bytes = (fb->bpp + 7) / 8, cells = bytes * 8;
	uint32_t r = field(c->red_size, c->red_shift);
	uint32_t g = field(c->green_size, c->green_shift);
	uint32_t b = field(c->blue_size, c->blue_shift);
	uint16_t enable = dispi(DISPI_ENABLE), id = dispi(DISPI_ID);

	CHECK(c->red_size && c->green_size && c->blue_size &&
		  c->red_size <= 8 && c->green_size <= 8 && c->blue_size <= 8,
	      "colour sizes %u:%u:%u", c->red_size, c->green_size,
	      c->blue_size);
	CHECK(c->red_shift + c->red_size <= cells &&
		  c->green_shift + c->green_size <= cells &&
		  c->blue_shift + c->blue_size <= cells && !(r & g) &&
		  !(r & b) && !(g & b),
	      "colour fields red %u@%u green %u@%u blue %u@%u in %u bits",
	      c->red_size, c->red_shift, c->green_size, c->green_shift,
	      c->blue_size, c->blue_shift, cells);
	if (id < DISPI_ID_FIRST || id > DISPI_ID_LAST) {
		tk_printf("fact: vga=not bochs\n");
		return;
	}
	tk_printf("fact: vga=bochs\n");
	CHECK(dispi(DISPI_XRES) == fb->width &&
		  dispi(DISPI_YRES) == fb->height && dispi(DISPI_BPP) == fb->bpp,
	      "the VGA is at %ux%ux%u, the boot info says %ux%ux%u",
	      dispi(DISPI_XRES), dispi(DISPI_YRES), dispi(DISPI_BPP),
	      fb->width, fb->height, fb->bpp);
	CHECK((enable & (DISPI_ENABLED | DISPI_LFB_ENABLED)) ==
		  (DISPI_ENABLED | DISPI_LFB_ENABLED),
	      "VBE enable register 0x%x: linear framebuffer not on", enable);
	CHECK(fb->pitch == dispi(DISPI_VIRT_WIDTH) * bytes,
	      "pitch %u, the VGA's lines are %u pixels of %u bytes", fb->pitch,
	      dispi(DISPI_VIRT_WIDTH), bytes);
}

static void put(volatile uint8_t *p, uint32_t v, uint32_t bytes)
{
	uint32_t i;

	for (i = 0; i < bytes; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t get(volatile uint8_t *p, uint32_t bytes)
{
	uint32_t i, v = 0;

	for (i = 0; i < bytes; i++)
		v |= (uint32_t)p[i] << (8 * i);
	return v;
}

/* Top half red, bottom half green; in the bottom eighth, a blue block
   at the left and a mid-grey one from the middle, whose shades tell
   every field from the others (tests/boot-framebuffer.sh samples them).  */
static uint32_t shade(const struct ckboot_framebuffer *fb,
		      const struct ckboot_framebuffer_rgb *c, uint32_t x,
		      uint32_t y)
{
	if (y < fb->height / 2)
		return colour(0xff, c->red_size, c->red_shift);
	if (y >= fb->height - fb->height / 8 && x < fb->width / 8)
		return colour(0xff, c->blue_size, c->blue_shift);
	if (y >= fb->height - fb->height / 8 && x >= fb->width / 2 &&
	    x < fb->width / 2 + fb->width / 8)
		return colour(0x80, c->red_size, c->red_shift) |
		       colour(0x80, c->green_size, c->green_shift) |
		       colour(0x80, c->blue_size, c->blue_shift);
	return colour(0xff, c->green_size, c->green_shift);
}

static void paint(const struct ckboot_framebuffer *fb,
		  const struct ckboot_framebuffer_rgb *c)
{
	volatile uint8_t *base = (volatile uint8_t *)fb->address;
	uint32_t bytes = (fb->bpp + 7) / 8, x, y;
	uint32_t red = colour(0xff, c->red_size, c->red_shift);
	uint32_t green = colour(0xff, c->green_size, c->green_shift);
	volatile uint8_t *last;

	for (y = 0; y < fb->height; y++)
		for (x = 0; x < fb->width; x++)
			put(base + (uint64_t)y * fb->pitch + x * bytes,
			    shade(fb, c, x, y), bytes);
	last = base + (uint64_t)(fb->height - 1) * fb->pitch +
	       (fb->width - 1) * bytes;
	CHECK(get(base, bytes) == red && get(last, bytes) == green,
	      "the framebuffer does not keep what was drawn");
}

/* A card that is there (not -vga none) must be in text mode at 0xB8000,
   whatever a failed mode set left: the VGA graphics controller's
   Miscellaneous register says graphics (bit 0) or text, and which
   window it decodes (bits 2-3, 3: 0xB8000).  */
static void check_text_mode(void)
{
	uint8_t misc;

	tk_outb(TK_VGA_GC_INDEX, TK_VGA_GC_MISC);
	misc = tk_inb(TK_VGA_GC_DATA);
	if (misc == 0xff) {
		tk_printf("fact: vga=none\n");
		return;
	}
	CHECK(!(misc & 1) && ((misc >> 2) & 3) == 3,
	      "VGA graphics controller misc 0x%x: not text mode at 0xb8000",
	      misc);
}

void kernel_main(struct ckboot_info *bi)
{
	const struct ckboot_framebuffer *fb = &bi->framebuffer;
	const struct ckboot_framebuffer_rgb *c = &bi->framebuffer_rgb;

	CHECK(bi->flags & CKBOOT_INFO_FRAMEBUFFER,
	      "boot info flags 0x%llx: no framebuffer",
	      (unsigned long long)bi->flags);
	if (fb->type != CKBOOT_FRAMEBUFFER_RGB) {
		tk_printf("fact: framebuffer=text %ux%u\n", fb->width,
			  fb->height);
		CHECK(fb->type == CKBOOT_FRAMEBUFFER_EGA_TEXT &&
			  fb->address == 0xb8000 && fb->width == 80 &&
			  fb->height == 25,
		      "framebuffer type %u at 0x%llx, %ux%u: neither RGB nor "
		      "80x25 text",
		      fb->type, (unsigned long long)fb->address, fb->width,
		      fb->height);
		check_text_mode();
		tk_pass();
	}
	tk_printf("fact: framebuffer=%ux%ux%u pitch %u rgb %u@%u %u@%u "
		  "%u@%u\n",
		  fb->width, fb->height, fb->bpp, fb->pitch, c->red_size,
		  c->red_shift, c->green_size, c->green_shift, c->blue_size,
		  c->blue_shift);
	tk_printf("fact: framebuffer-address=0x%llx\n",
		  (unsigned long long)fb->address);
	check_rgb(fb, c);
	paint(fb, c);
	tk_ready();
}
