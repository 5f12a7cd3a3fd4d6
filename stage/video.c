/* video.c: the screen.  video_text_mode() runs first in loader_main()
   and makes sure of 80x25 colour text for console.c.  video_init(), the
   loader's last BIOS call (after paging_build, so that every error
   before it is still shown), sets the mode the kernel gets and
   describes it in bs->fb.

   The default is that text mode, which kernels written for the Rust
   bootloader seed expect at 0xB8000.  A kernel that asks for
   CKBOOT_VGA_320X200 gets mode 13h: 320x200, one byte a pixel, at
   0xA0000; from then on the loader writes to COM1 only.  */

#include "bios.h"

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

void video_init(struct boot_state *bs)
{
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
	bs->fb = (struct ckboot_framebuffer){
	    .address = VGA_TEXT_ADDR,
	    .width = 80,
	    .height = 25,
	    .pitch = 160,
	    .bpp = 16,
	    .type = CKBOOT_FRAMEBUFFER_EGA_TEXT,
	};
}
