/* kernel.c: bring the kernel's ELF file into memory, the last step of
   loader_main() that touches the disk.

   ckboot-install put the file, byte for byte, in the sectors after the
   loader and recorded where (hdr->kernel_lba), how long
   (hdr->kernel_size) and its CRC-32 in the loader header.  The file is
   read through disk.c's bounce buffer in the largest chunks the BIOS
   takes, several a trip to real mode, copied to frames above 1 MiB that
   memmap.c hands out, and its CRC-32 is computed on the way, while each
   chunk is still in the cache.
   A damaged image stops here, before anything of it is trusted.  */

#include "bios.h"

void kernel_read(struct boot_state *bs)
{
	const struct ckboot_loader_header *hdr = bs->hdr;
	const void *bounce = phys_ptr(CKBOOT_BOUNCE_ADDR);
	uint64_t size = hdr->kernel_size, done, sectors, dest;
	uint32_t n, bytes, crc = 0;

	if (!size)
		panic("no kernel in the loader header: run ckboot-install");
	if (size >= LOADER_ADDRESSABLE)
		panic("kernel of %llu bytes is too large", size);
	dest = memmap_alloc(&bs->map, ALIGN_UP(size, PAGE_SIZE), PAGE_SIZE,
			    LOADER_ADDRESSABLE, CKBOOT_MEMORY_KERNEL);
	printf("ckboot: loading kernel (%llu KiB)\n", (size + 1023) / 1024);

	disk_init(bs->boot_drive);
	sectors = (size + CKBOOT_SECTOR_SIZE - 1) / CKBOOT_SECTOR_SIZE;
	for (done = 0; done < sectors; done += n) {
		n = disk_read_some(hdr->kernel_lba + done, sectors - done);
		bytes = n * CKBOOT_SECTOR_SIZE;
		if (bytes > size - done * CKBOOT_SECTOR_SIZE)
			bytes = size - done * CKBOOT_SECTOR_SIZE;
		crc = crc32_update(crc, bounce, bytes);
		phys_copy(dest + done * CKBOOT_SECTOR_SIZE, CKBOOT_BOUNCE_ADDR,
			  bytes);
	}
	if (crc != hdr->kernel_crc32)
		panic("kernel checksum mismatch: got %08x, expected %08x", crc,
		      hdr->kernel_crc32);
	bs->kernel_image = dest;
	bs->kernel_size = size;
}
