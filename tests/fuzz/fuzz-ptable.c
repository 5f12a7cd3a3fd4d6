/* libFuzzer target over the partition-table code of libckboot: the
   input is the start of a disk (and, for a GPT, all of a small one).
   mbr.c and gpt.c must reject anything malformed without reading out of
   bounds, leaking or looping.  Run by "make fuzz" in tests/.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <stdint.h>
#include <string.h>

#include "disk.h"

struct image {
	const uint8_t *data;
	size_t size;
};

/* Reads past the end fail, as on a short disk.  */
static int image_read(void *ctx, void *buf, size_t len, uint64_t off)
{
	const struct image *im = ctx;

	if (off > im->size || len > im->size - off)
		return -1;
	memcpy(buf, im->data + off, len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image im = {data, size};
	uint8_t sec[SECTOR] = {0};
	struct mbr_table m;
	struct gpt_info g;
	char why[200];

	memcpy(sec, data, size < SECTOR ? size : SECTOR);
	mbr_parse(sec, size / SECTOR, &m, why, sizeof why);
	mbr_probe_signature(data,
			    size < DISK_HEAD_SIZE ? size : DISK_HEAD_SIZE);
	mbr_probe_boot_code(sec);
	mbr_probe_stage(sec);
	if (size >= 2 * SECTOR && gpt_present(data + SECTOR))
		gpt_parse(image_read, &im, size / SECTOR, &g, why, sizeof why);
	return 0;
}
