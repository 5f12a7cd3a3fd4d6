/* cmdline.c: the kernel's command line.

   ckboot-install wrote it (ckboot-install --cmdline) in the sectors
   between the loader image and the kernel, and its length and CRC-32
   in the loader header.  The boot sector read it along with the
   loader, but entry.S has copied longmode.S's page over it, and .bss
   may reach it, so it is read again, after the kernel: until
   kernel_read() is done the bounce buffer holds a small kernel's
   sectors.  A damaged line stops the boot, as a damaged
   kernel does; bootinfo.c hands a good one to the kernel.  */

#include "bios.h"

static char cmdline[CKBOOT_CMDLINE_MAX];

void cmdline_read(struct boot_state *bs)
{
	const struct ckboot_loader_header *hdr = bs->hdr;
	uint32_t size = hdr->cmdline_size, crc, done, got;
	uint32_t sectors = (size + CKBOOT_SECTOR_SIZE - 1) / CKBOOT_SECTOR_SIZE;

	if (!size)
		return;
	if (size >= CKBOOT_CMDLINE_MAX || hdr->kernel_lba < sectors)
		panic("command line of %u bytes before LBA %lu: not ckboot-"
		      "install's, reinstall",
		      size, hdr->kernel_lba);
	disk_open(bs);
	for (done = 0; done < sectors; done += got) {
		got = disk_read_some(hdr->kernel_lba - sectors + done,
				     sectors - done);
		phys_copy((uintptr_t)cmdline + done * CKBOOT_SECTOR_SIZE,
			  CKBOOT_BOUNCE_ADDR, got * CKBOOT_SECTOR_SIZE);
	}
	crc = crc32_update(0, cmdline, size);
	if (crc != hdr->cmdline_crc32)
		panic("command line damaged (CRC-32 %08x, expected %08x): "
		      "reinstall",
		      crc, hdr->cmdline_crc32);
	cmdline[size] = 0;
	bs->cmdline = (uintptr_t)cmdline;
	bs->cmdline_size = size;
}
