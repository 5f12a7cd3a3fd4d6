/* kernel.c: bring the kernel's ELF file into memory, the last step of
   loader_main() that touches the disk.

   ckboot-install put the file, byte for byte, in the sectors after the
   loader and recorded where (hdr->kernel_lba), how long
   (hdr->kernel_size) and its CRC-32 in the loader header.  The file is
   read through disk.c's bounce buffer in the largest chunks the BIOS
   takes, several a trip to real mode, and copied to frames above 1 MiB
   that memmap.c hands out.  Then its CRC-32 is computed in one pass,
   mostly in long mode (cpu_crc32_fold()), which is faster under QEMU
   than slicing-by-8 chunk by chunk in 32-bit code, even though the file
   is no longer in the cache.  A damaged image stops here, before
   anything of it is trusted.  */

#include "bios.h"

/* The bounce buffer is free once the disk reads are done: it holds the
   identity map of the visit to long mode.  */
_Static_assert(CPU_FOLD_SCRATCH <= CKBOOT_BOUNCE_SIZE &&
		   CKBOOT_BOUNCE_ADDR % PAGE_SIZE == 0,
	       "scratch for cpu_crc32_fold()");

static uint32_t kernel_crc32(uint64_t image, uint64_t size)
{
	const unsigned char *p = phys_ptr(image);
	struct crc32_fold f;
	uint32_t n = crc32_fold_words(size);

	if (!n)
		return crc32_update(0, p, size);
	cpu_crc32_fold(&f, p, n, phys_ptr(CKBOOT_BOUNCE_ADDR));
	return crc32_fold_finish(&f, p + 8 * n, size - 8 * n);
}

void kernel_read(struct boot_state *bs)
{
	const struct ckboot_loader_header *hdr = bs->hdr;
	uint64_t size = hdr->kernel_size, done, sectors, dest;
	uint32_t n, bytes, crc;

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
		phys_copy(dest + done * CKBOOT_SECTOR_SIZE, CKBOOT_BOUNCE_ADDR,
			  bytes);
	}
	crc = kernel_crc32(dest, size);
	if (crc != hdr->kernel_crc32)
		panic("kernel checksum mismatch: got %08x, expected %08x", crc,
		      hdr->kernel_crc32);
	bs->kernel_image = dest;
	bs->kernel_size = size;
}
