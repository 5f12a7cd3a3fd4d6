/* main.c: loader_main(), the whole boot sequence of the BIOS loader.

   entry.S has switched to 32-bit protected mode, cleared .bss and
   called us.  Each step below either succeeds or panics with a message
   on the screen and COM1.  The firmware steps come first, while BIOS
   calls are still possible; the core steps (cpu.c, elf.c, place.c,
   paging.c, bootinfo.c) then build the kernel's world and longmode.S
   jumps into it.  */

#include "bios.h"

extern char __loader_size[]; /* loader.ld: bytes of loader.bin */

/* Filled at build time here, completed by ckboot-install (kernel_lba,
   kernel_size, kernel_crc32, config); loader.ld puts it at offset
   CKBOOT_LOADER_HEADER_OFFSET of loader.bin.  Not const: the compiler
   must read what the installer wrote, not what is written here.  */
__attribute__((section(".loader_header"), used,
	       aligned(8))) struct ckboot_loader_header loader_header = {
    .magic = CKBOOT_LOADER_MAGIC,
    .version = CKBOOT_LAYOUT_VERSION,
    .header_size = sizeof(struct ckboot_loader_header),
    .loader_size = (uint32_t)__loader_size,
};

static struct boot_state boot_state;

void loader_main(void)
{
	struct boot_state *bs = &boot_state;

	bs->boot_drive = bios_boot_drive;
	bs->hdr = &loader_header;

	video_text_mode(); /* the screen console.c writes to */
	console_init();	   /* from here on, failures are seen */
	a20_enable();
	memmap_read(&bs->map);
	acpi_find_rsdp(bs);
	kernel_read(bs); /* the last BIOS disk access */
	cpu_check(&bs->cpu);
	kernel_load(bs);
	paging_build(bs);
	video_init(bs);	    /* the last BIOS call, so that errors */
	bootinfo_fill(bs);  /* before it still reach the screen */
	longmode_enter(bs); /* does not return */
}
