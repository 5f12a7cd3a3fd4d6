/* GPT: find the BIOS boot partition that holds ckboot's area on a GPT
   disk.  ckboot writes only boot code into the protective MBR and its
   files into that partition, so both headers and both entry arrays
   stay as they are; they are checked here (CRCs, positions, sizes) so
   that ckboot never trusts, nor installs beside, a damaged table.

   The disk is read through a callback so that tests/fuzz/fuzz-ptable.c
   can run this parser over a buffer.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "disk.h"

#define GPT_SIGNATURE  "EFI PART"
#define GPT_HEADER_MIN 92
#define GPT_ENTRY_MIN  128
/* No partitioning tool writes more than 128 entries of 128 bytes; a
   bigger array is refused rather than read into memory.  */
#define GPT_ARRAY_MAX (1024 * 1024)

/* 21686148-6449-6E6F-744E-656564454649, "Hah!IdontNeedEFI", as stored
   (the first three fields little-endian).  */
static const uint8_t bios_boot_guid[16] = "Hah!IdontNeedEFI";

struct gpt_header {
	uint64_t my_lba, alt_lba, first_usable, last_usable, entries_lba;
	uint32_t nentries, entry_size, entries_crc;
};

static uint64_t le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int gpt_present(const uint8_t *lba1)
{
	return memcmp(lba1, GPT_SIGNATURE, 8) == 0;
}

/* Check the header in SEC, read from LBA, on a disk of NSECTORS.  */
static int header_parse(uint8_t *sec, uint64_t lba, uint64_t nsectors,
			struct gpt_header *h, const char *which, char *why,
			size_t whylen)
{
	uint32_t size = le32(sec + 12), crc = le32(sec + 16);

	if (!gpt_present(sec)) {
		snprintf(why, whylen, "no %s GPT header at LBA %" PRIu64, which,
			 lba);
		return -1;
	}
	if (size < GPT_HEADER_MIN || size > SECTOR) {
		snprintf(why, whylen, "%s GPT header size %" PRIu32, which,
			 size);
		return -1;
	}
	memset(sec + 16, 0, 4);
	if (ckb_crc32(0, sec, size) != crc) {
		snprintf(why, whylen, "%s GPT header CRC mismatch", which);
		return -1;
	}
	h->my_lba = le64(sec + 24);
	h->alt_lba = le64(sec + 32);
	h->first_usable = le64(sec + 40);
	h->last_usable = le64(sec + 48);
	h->entries_lba = le64(sec + 72);
	h->nentries = le32(sec + 80);
	h->entry_size = le32(sec + 84);
	h->entries_crc = le32(sec + 88);
	if (h->my_lba != lba || h->alt_lba >= nsectors || h->alt_lba == 0 ||
	    h->first_usable > h->last_usable || h->last_usable >= nsectors) {
		snprintf(why, whylen, "%s GPT header has LBAs outside the disk",
			 which);
		return -1;
	}
	if (h->entry_size < GPT_ENTRY_MIN || h->entry_size % 8 ||
	    (uint64_t)h->nentries * h->entry_size > GPT_ARRAY_MAX ||
	    h->entries_lba >= nsectors ||
	    h->entries_lba +
		    ((uint64_t)h->nentries * h->entry_size + SECTOR - 1) /
			SECTOR >
		nsectors) {
		snprintf(why, whylen, "%s GPT entry array is malformed", which);
		return -1;
	}
	return 0;
}

/* Read the header at LBA and its entry array; *ARRAY is malloc'd.  */
static int read_table(disk_read_fn read, void *ctx, uint64_t lba,
		      uint64_t nsectors, struct gpt_header *h, uint8_t **array,
		      const char *which, char *why, size_t whylen)
{
	uint8_t sec[SECTOR];
	size_t len;

	*array = NULL;
	if (read(ctx, sec, SECTOR, lba * SECTOR) < 0) {
		snprintf(why, whylen, "cannot read the %s GPT header", which);
		return -1;
	}
	if (header_parse(sec, lba, nsectors, h, which, why, whylen) < 0)
		return -1;
	len = (size_t)h->nentries * h->entry_size;
	*array = malloc(len ? len : 1);
	if (!*array) {
		snprintf(why, whylen, "out of memory");
		return -1;
	}
	if (read(ctx, *array, len, h->entries_lba * SECTOR) < 0) {
		snprintf(why, whylen, "cannot read the %s GPT entries", which);
		return -1;
	}
	if (ckb_crc32(0, *array, len) != h->entries_crc) {
		snprintf(why, whylen, "%s GPT entry array CRC mismatch", which);
		return -1;
	}
	return 0;
}

static void find_bios_boot(const struct gpt_header *h, const uint8_t *array,
			   struct gpt_info *g)
{
	for (uint32_t i = 0; i < h->nentries; i++) {
		const uint8_t *e = array + (size_t)i * h->entry_size;

		if (memcmp(e, bios_boot_guid, 16) != 0)
			continue;
		if (g->nbios++ == 0) {
			g->bios_index = i + 1;
			g->bios_first = le64(e + 32);
			g->bios_last = le64(e + 40);
		}
	}
}

/* The BIOS boot partition must lie where partitions may.  */
static int check_bios_boot(const struct gpt_info *g, char *why, size_t whylen)
{
	if (g->nbios == 0)
		return 0;
	if (g->bios_first > g->bios_last || g->bios_first < g->first_usable ||
	    g->bios_last > g->last_usable) {
		snprintf(why, whylen,
			 "BIOS boot partition %" PRIu32 " (LBA %" PRIu64
			 "-%" PRIu64 ") lies outside the usable LBAs",
			 g->bios_index, g->bios_first, g->bios_last);
		return -1;
	}
	return 0;
}

int gpt_parse(disk_read_fn read, void *ctx, uint64_t nsectors,
	      struct gpt_info *g, char *why, size_t whylen)
{
	struct gpt_header h, b;
	uint8_t *array = NULL, *barray = NULL;
	int ret = -1;

	memset(g, 0, sizeof *g);
	if (nsectors < 3) {
		snprintf(why, whylen, "disk too small for a GPT");
		return -1;
	}
	if (read_table(read, ctx, 1, nsectors, &h, &array, "primary", why,
		       whylen) < 0)
		goto out;
	if (read_table(read, ctx, h.alt_lba, nsectors, &b, &barray, "backup",
		       why, whylen) < 0)
		goto out;
	if (b.alt_lba != 1 || b.entries_crc != h.entries_crc) {
		snprintf(why, whylen, "backup GPT does not match the primary");
		goto out;
	}
	g->alt_lba = h.alt_lba;
	g->first_usable = h.first_usable;
	g->last_usable = h.last_usable;
	g->entries_lba = h.entries_lba;
	g->nentries = h.nentries;
	g->entry_size = h.entry_size;
	find_bios_boot(&h, array, g);
	ret = check_bios_boot(g, why, whylen);
out:
	free(array);
	free(barray);
	return ret;
}
