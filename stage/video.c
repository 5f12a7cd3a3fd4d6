/* video.c: choose the screen mode the kernel gets and describe it in
   bs->fb.  Runs while BIOS calls are still possible (before kernel_read
   and long before longmode_enter).

   The default is the 80x25 text mode the BIOS left, which kernels
   written for the Rust bootloader seed expect at 0xB8000.  A kernel that
   asks for CKBOOT_VGA_320X200 gets mode 13h: 320x200, one byte a pixel,
   at 0xA0000.  After that the loader writes to COM1 only.  */

#include "bios.h"

static void video_set_mode(uint8_t mode)
{
	struct bios_regs r;

	bios_regs_init(&r);
	r.eax = INT10_SET_MODE | mode;
	bios_int(INT_VIDEO, &r, &r); /* no status to check */
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
