/* kernel.c: bring the kernel's ELF file into memory, the first big read
   of loader_main() (module.c reads the modules the same way after it,
   cmdline.c a few sectors after them).

   ckboot-install put the file, byte for byte, in the sectors after the
   loader (and the command line's) and recorded where (hdr->kernel_lba), how long
   (hdr->kernel_size) and its CRC-32 in the loader header.  The file is
   read through disk.c's bounce buffer in the largest chunks the BIOS
   takes, several a trip to real mode, and copied to frames above 1 MiB
   that memmap.c hands out.  Its CRC-32 is computed as it is copied: all
   but the last 38-45 bytes by crc32.c's sparse reduction, in
   crc32_long.S's loop, which reads each word once.  Under TCG that is
   as fast as slicing-by-8 for a 9 KiB kernel and faster from 64 KiB
   on, and the loader never builds slicing-by-8's tables.  A kernel of
   CKBOOT_PREREAD_MAX sectors or fewer was read by mbr.S along with the
   loader, and entry.S moved it to the bounce buffer: it is copied from
   there without a trip to the BIOS.  A damaged image stops here,
   before anything of it is trusted.  */

#include "bios.h"

/* Copy the COUNT sectors of a file (SIZE bytes, under 4 GiB) from
   sector FIRST on out of the bounce buffer.  Their words among the
   first FOLD of the file are copied and reduced into F; a
   chunk starts on a sector, so on a word.  */
static void kernel_chunk(struct crc32_fold *f, uint64_t dest, uint32_t size,
			 uint32_t first, uint32_t count, uint32_t fold)
{
	uint32_t at = first * CKBOOT_SECTOR_SIZE, words = 0;
	uint32_t bytes = count * CKBOOT_SECTOR_SIZE;

	if (bytes > size - at)
		bytes = size - at;
	if (fold > at / 8) {
		words = fold - at / 8;
		if (words > bytes / 8)
			words = bytes / 8;
		crc32_fold_copy_long(f, phys_ptr(dest + at),
				     phys_ptr(CKBOOT_BOUNCE_ADDR), words);
	}
	phys_copy(dest + at + 8 * words, CKBOOT_BOUNCE_ADDR + 8 * words,
		  bytes - 8 * words);
}

/* Sectors of the kernel's first SECTORS that mbr.S read with the loader
   and entry.S moved to the bounce buffer.  */
static uint32_t preread(const struct ckboot_loader_header *hdr,
			uint32_t sectors)
{
	if (hdr->kernel_preread > CKBOOT_PREREAD_MAX) /* entry.S moved none */
		return 0;
	return hdr->kernel_preread < sectors ? hdr->kernel_preread : sectors;
}

uint32_t image_read(struct boot_state *bs, uint64_t lba, uint64_t size,
		    uint64_t dest, uint32_t preread_sectors)
{
	uint32_t done, sectors, fold, n;
	struct crc32_fold f;

	fold = crc32_fold_words(size); /* 0 only below 64 bytes */
	crc32_fold_start(&f);
	sectors = (size + CKBOOT_SECTOR_SIZE - 1) / CKBOOT_SECTOR_SIZE;
	done = preread_sectors < sectors ? preread_sectors : sectors;
	if (done)
		kernel_chunk(&f, dest, size, 0, done, fold);
	if (done < sectors)
		disk_open(bs);
	for (; done < sectors; done += n) {
		n = disk_read_some(lba + done, sectors - done);
		kernel_chunk(&f, dest, size, done, n, fold);
	}
	if (fold)
		return crc32_fold_finish(&f, phys_ptr(dest + 8 * fold),
					 size - 8 * fold);
	return crc32_update(0, phys_ptr(dest), size);
}

void kernel_read(struct boot_state *bs)
{
	const struct ckboot_loader_header *hdr = bs->hdr;
	uint64_t size = hdr->kernel_size, dest;
	uint32_t sectors, crc;

	if (!size)
		panic("no kernel in the loader header: run ckboot-install");
	if (size >= LOADER_ADDRESSABLE)
		panic("kernel of %lu bytes is too large", size);
	dest = memmap_alloc(&bs->map, ALIGN_UP(size, PAGE_SIZE), PAGE_SIZE,
			    LOADER_ADDRESSABLE, CKBOOT_MEMORY_KERNEL);
	printf("ckboot: loading kernel (%lu KiB)\n", (size + 1023) / 1024);

	sectors = (size + CKBOOT_SECTOR_SIZE - 1) / CKBOOT_SECTOR_SIZE;
	crc = image_read(bs, hdr->kernel_lba, size, dest,
			 preread(hdr, sectors));
	if (crc != hdr->kernel_crc32)
		panic("kernel checksum mismatch: got %08x, expected %08x", crc,
		      hdr->kernel_crc32);
	bs->kernel_image = dest;
	bs->kernel_size = size;
}
