/* video.c: the screen.  video_text_mode() runs first in loader_main()
   and makes sure of 80x25 colour text for console.c.  video_choose(),
   before paging_build, finds the linear-framebuffer mode a kernel asked
   for (framebuffer_width and _height) among the VBE modes, so that
   place.c can map it.  video_init(), the loader's last BIOS call (after
   paging_build, so that every error before it is still shown), sets the
   mode the kernel gets and describes it in bs->fb.

   The default is that text mode, which kernels written for the Rust
   bootloader seed expect at 0xB8000.  A kernel that asks for
   CKBOOT_VGA_320X200 gets mode 13h: 320x200, one byte a pixel, at
   0xA0000; one that asks for a framebuffer gets the VBE mode fbmode.c
   chose, or text mode with a message when the BIOS has none that fits.
   Out of text mode the loader writes to COM1 only.  */

#include "bios.h"

#define VBE_MAX_MODES 256

/* What ckboot reads of VBE 3.0's controller and mode information.  */
struct __attribute__((packed)) vbe_info {
	uint32_t signature;
	uint16_t version;
	uint32_t oem_string;
	uint32_t capabilities;
	uint32_t mode_list; /* real-mode far pointer */
	uint8_t rest[494];
};
_Static_assert(sizeof(struct vbe_info) == 512, "VBE controller info");

struct __attribute__((packed)) vbe_mode_info {
	uint16_t attributes;
	uint8_t window_a, window_b;
	uint16_t granularity, window_size, segment_a, segment_b;
	uint32_t window_function;
	uint16_t pitch;
	uint16_t width, height;
	uint8_t char_width, char_height, planes, bpp, banks, memory_model;
	uint8_t bank_size, image_pages, reserved0;
	uint8_t rgb[6]; /* red size, position, green ..., blue ... */
	uint8_t reserved_size, reserved_shift, direct_colour_info;
	uint32_t address;
	uint32_t reserved1;
	uint16_t reserved2;
	/* VBE 3.0: the pitch and layout in linear mode, where they may
	   differ from the banked ones above.  */
	uint16_t linear_pitch;
	uint8_t bank_pages, linear_pages;
	uint8_t linear_rgb[6];
	uint8_t rest[196];
};
_Static_assert(sizeof(struct vbe_mode_info) == 256, "VBE mode info");
_Static_assert(__builtin_offsetof(struct vbe_mode_info, address) == 40 &&
		   __builtin_offsetof(struct vbe_mode_info, linear_rgb) == 54,
	       "VBE mode info layout");

static struct vbe_info vbe_info __attribute__((aligned(16)));
static struct vbe_mode_info vbe_mode __attribute__((aligned(16)));
static uint16_t vbe_modes[VBE_MAX_MODES];

/* One VBE function, BUF (below 1 MiB) at ES:DI if not null; returns
   the status, VBE_STATUS_OK for success.  */
static uint32_t vbe_call(struct bios_regs *r, void *buf)
{
	if (buf) {
		r->es = LOW_SEG(buf);
		r->edi = LOW_OFF(buf);
	}
	bios_int(INT_VIDEO, r, r);
	return r->eax & 0xffff;
}

/* The BIOS's mode numbers into vbe_modes, *N of them.  Returns 0, and
   says so on the console, without VBE 2.0 (the first with linear
   framebuffers).  */
static int vbe_list(uint32_t *n)
{
	struct bios_regs r;
	uint32_t status;
	uintptr_t at;

	phys_zero((uintptr_t)&vbe_info, sizeof vbe_info);
	vbe_info.signature = VBE2_SIGNATURE;
	bios_regs_init(&r);
	r.eax = INT10_VBE_INFO;
	status = vbe_call(&r, &vbe_info);
	if (status != VBE_STATUS_OK || vbe_info.signature != VBE_SIGNATURE ||
	    vbe_info.version < VBE_VERSION_2) {
		printf("ckboot: no VBE 2.0 video BIOS (status %x, version "
		       "%x); staying in text mode\n",
		       status, vbe_info.version);
		return 0;
	}
	/* Copied out: the list may sit in the BIOS's scratch area.  */
	at = FARPTR_LINEAR(vbe_info.mode_list);
	for (*n = 0;; (*n)++, at += 2) {
		uint16_t id = *(volatile uint16_t *)low_ptr(at);

		if (id == VBE_MODE_LIST_END)
			break;
		if (*n == VBE_MAX_MODES) {
			printf("ckboot: the VBE BIOS lists more than %u modes; "
			       "looking at the first %u\n",
			       VBE_MAX_MODES, VBE_MAX_MODES);
			break;
		}
		vbe_modes[*n] = id;
	}
	return 1;
}

/* Mode ID as fbmode.c sees it; 0 if it is not a linear direct-colour
   graphics mode.  */
static int vbe_describe(uint16_t id, struct fb_mode *m)
{
	const uint16_t need = VBE_ATTR_SUPPORTED | VBE_ATTR_COLOUR |
			      VBE_ATTR_GRAPHICS | VBE_ATTR_LINEAR;
	const struct vbe_mode_info *v = &vbe_mode;
	int v3 = vbe_info.version >= VBE_VERSION_3;
	const uint8_t *rgb;
	struct bios_regs r;

	phys_zero((uintptr_t)&vbe_mode, sizeof vbe_mode);
	bios_regs_init(&r);
	r.eax = INT10_VBE_MODE_INFO;
	r.ecx = id;
	if (vbe_call(&r, &vbe_mode) != VBE_STATUS_OK ||
	    (v->attributes & need) != need ||
	    v->memory_model != VBE_MEMORY_DIRECT)
		return 0;
	/* Some VBE 3.0 BIOSes leave the linear fields zero.  */
	rgb = v3 && (v->linear_rgb[0] | v->linear_rgb[2] | v->linear_rgb[4])
		  ? v->linear_rgb
		  : v->rgb;
	m->id = id;
	m->fb = (struct ckboot_framebuffer){
	    .address = v->address,
	    .width = v->width,
	    .height = v->height,
	    .pitch = v3 && v->linear_pitch ? v->linear_pitch : v->pitch,
	    .bpp = v->bpp,
	    .type = CKBOOT_FRAMEBUFFER_RGB,
	};
	m->rgb = (struct ckboot_framebuffer_rgb){
	    .red_size = rgb[0],
	    .red_shift = rgb[1],
	    .green_size = rgb[2],
	    .green_shift = rgb[3],
	    .blue_size = rgb[4],
	    .blue_shift = rgb[5],
	};
	return 1;
}

void video_choose(struct boot_state *bs)
{
	struct fb_choice c;
	struct fb_mode m;
	uint32_t i, n;

	fbmode_start(&c, bs);
	if (!fbmode_wanted(&c))
		return;
	if (!vbe_list(&n))
		return;
	for (i = 0; i < n; i++)
		if (vbe_describe(vbe_modes[i], &m))
			fbmode_offer(&c, &m);
	if (!c.found) {
		printf("ckboot: no VBE linear framebuffer mode within %ux%u",
		       c.width, c.height);
		if (c.bpp)
			printf(" of %u bits a pixel", c.bpp);
		if (c.misplaced)
			printf(" (%u that fit would lie on the kernel or on "
			       "RAM)",
			       c.misplaced);
		printf("; staying in text mode\n");
		return;
	}
	bs->fb = c.best.fb;
	bs->fb_rgb = c.best.rgb;
	bs->fb_mode = c.best.id;
}

static void video_set_mode(uint8_t mode)
{
	struct bios_regs r;

	bios_regs_init(&r);
	r.eax = INT10_SET_MODE | mode;
	bios_int(INT_VIDEO, &r, &r); /* no status to check */
}

/* Most BIOSes hand over in mode 3, 80x25 colour text at 0xB8000, where
   console.c writes; some leave a logo or a monochrome mode behind.  */
void video_text_mode(void)
{
	struct bios_regs r;

	bios_regs_init(&r);
	r.eax = INT10_GET_MODE;
	bios_int(INT_VIDEO, &r, &r);
	/* AL = mode (bit 7: "screen not cleared"), AH = columns.  */
	if ((r.eax & 0x7f) != VIDEO_MODE_TEXT80 || (r.eax >> 8 & 0xff) != 80)
		video_set_mode(VIDEO_MODE_TEXT80);
}

static void text_framebuffer(struct boot_state *bs)
{
	bs->fb = (struct ckboot_framebuffer){
	    .address = VGA_TEXT_ADDR,
	    .width = 80,
	    .height = 25,
	    .pitch = 160,
	    .bpp = 16,
	    .type = CKBOOT_FRAMEBUFFER_EGA_TEXT,
	};
}

/* Mode 4F02h clears the screen (bit 15 of BX clear).  A failure may
   leave the card half set up: text mode is set again, which the kernel
   sees in the boot info; the identity map place.c made for the
   framebuffer stays, unused.  */
static void vbe_set(struct boot_state *bs)
{
	struct bios_regs r;
	uint32_t status;

	bios_regs_init(&r);
	r.eax = INT10_VBE_SET_MODE;
	r.ebx = bs->fb_mode | VBE_MODE_LINEAR;
	status = vbe_call(&r, 0);
	if (status == VBE_STATUS_OK) {
		console_text_off();
		return;
	}
	video_set_mode(VIDEO_MODE_TEXT80);
	printf("ckboot: VBE mode %x (%ux%u) could not be set (status %x); "
	       "staying in text mode\n",
	       bs->fb_mode, bs->fb.width, bs->fb.height, status);
	text_framebuffer(bs);
}

void video_init(struct boot_state *bs)
{
	if (bs->fb.type == CKBOOT_FRAMEBUFFER_RGB) {
		vbe_set(bs);
		return;
	}
	if (bs->hdr->config.features & CKBOOT_VGA_320X200) {
		console_text_off();
		video_set_mode(VIDEO_MODE_320X200);
		bs->fb = (struct ckboot_framebuffer){
		    .address = VGA_MODE13_ADDR,
		    .width = 320,
		    .height = 200,
		    .pitch = 320,
		    .bpp = 8,
		    .type = CKBOOT_FRAMEBUFFER_INDEXED,
		};
		return;
	}
	text_framebuffer(bs);
}
