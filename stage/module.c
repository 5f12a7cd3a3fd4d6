/* module.c: the boot modules (ckboot-install --module), read after the
   kernel and in the same way (kernel.c's image_read()).

   ckboot-install wrote the module table in the sectors after the
   kernel's last, and each module's file after it; the loader header
   says how many entries the table has.  The table is checked whole,
   its CRC-32 first, before any of its LBAs is used.  Each module gets
   frames of its own, typed MODULE, the tail of its last page zeroed;
   place.c maps them and bootinfo.c describes them.  A damaged module
   stops the boot, as a damaged kernel does.  */

#include "bios.h"

#define TABLE_BYTES                                                          \
	ALIGN_UP(sizeof(struct ckboot_module_table) +                        \
		     CKBOOT_MODULES_MAX * sizeof(struct ckboot_module_entry), \
		 CKBOOT_SECTOR_SIZE)

static union {
	struct ckboot_module_table t;
	uint8_t bytes[TABLE_BYTES];
} table;

static const struct ckboot_module_entry *entries(void)
{
	return (const void *)(table.bytes + sizeof table.t);
}

/* Read the table's sectors from LBA and check it holds COUNT entries.  */
static void table_read(struct boot_state *bs, uint64_t lba, uint32_t count)
{
	uint32_t bytes = sizeof table.t + count * sizeof(struct ckboot_module_entry);
	uint32_t sectors = ALIGN_UP(bytes, CKBOOT_SECTOR_SIZE) /
			   CKBOOT_SECTOR_SIZE;
	uint32_t done, got, crc;

	disk_open(bs);
	for (done = 0; done < sectors; done += got) {
		got = disk_read_some(lba + done, sectors - done);
		phys_copy((uintptr_t)table.bytes + done * CKBOOT_SECTOR_SIZE,
			  CKBOOT_BOUNCE_ADDR, got * CKBOOT_SECTOR_SIZE);
	}
	if (table.t.magic != CKBOOT_MODULE_TABLE_MAGIC ||
	    table.t.count != count ||
	    table.t.entry_size != sizeof(struct ckboot_module_entry))
		panic("no module table of %u entries at LBA %lu: reinstall",
		      count, lba);
	crc = crc32_update(0, entries(), count * sizeof(struct ckboot_module_entry));
	if (crc != table.t.crc32)
		panic("module table damaged (CRC-32 %08x, expected %08x): "
		      "reinstall",
		      crc, table.t.crc32);
}

static void module_read(struct boot_state *bs, uint32_t i)
{
	const struct ckboot_module_entry *e = &entries()[i];
	struct boot_module *m = &bs->modules[i];
	uint32_t crc;

	if (e->string_size >= CKBOOT_MODULE_STRING_MAX ||
	    e->string[e->string_size] || e->size >= LOADER_ADDRESSABLE)
		panic("module %u: bad table entry: reinstall", i + 1);
	m->size = e->size;
	m->pages = ALIGN_UP(e->size ? e->size : 1, PAGE_SIZE);
	m->string = e->string;
	m->string_size = e->string_size;
	m->phys = memmap_try_alloc(&bs->map, m->pages, PAGE_SIZE,
				   LOADER_ADDRESSABLE, CKBOOT_MEMORY_MODULE);
	if (m->phys == MEMMAP_NONE)
		panic("out of memory: need %lu KiB for module %u (%s) below "
		      "4 GiB",
		      m->pages >> 10, i + 1, m->string);
	crc = image_read(bs, e->lba, e->size, m->phys, 0);
	phys_zero(m->phys + e->size, m->pages - e->size);
	if (crc != e->crc32)
		panic("module %u (%s) damaged (CRC-32 %08x, expected %08x): "
		      "reinstall",
		      i + 1, m->string, crc, e->crc32);
}

void modules_read(struct boot_state *bs)
{
	const struct ckboot_loader_header *hdr = bs->hdr;
	uint32_t count = hdr->module_count, i;
	uint64_t kib = 0;

	if (!count)
		return;
	if (count > CKBOOT_MODULES_MAX)
		panic("%u modules in the loader header, at most %u: not "
		      "ckboot-install's, reinstall",
		      count, CKBOOT_MODULES_MAX);
	table_read(bs, hdr->kernel_lba + ALIGN_UP(hdr->kernel_size,
						  CKBOOT_SECTOR_SIZE) /
					     CKBOOT_SECTOR_SIZE,
		   count);
	for (i = 0; i < count; i++)
		kib += (entries()[i].size + 1023) / 1024;
	printf("ckboot: loading %u module%s (%lu KiB)\n", count,
	       count == 1 ? "" : "s", kib);
	for (i = 0; i < count; i++)
		module_read(bs, i);
	bs->module_count = count;
}
