/* Sector 0 and the start of a disk: the MBR partition table, and the
   other things that may sit there instead (a whole-disk file system,
   an encrypted or LVM volume) or next to it (another boot loader's
   code).  plan.c asks these questions before it chooses the area.

   The parsers read untrusted bytes: every offset is bounded by the
   buffer, and tests/fuzz/fuzz-ptable.c runs them under libFuzzer.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "disk.h"

#define MBR_ENTRY_SIZE 16

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint16_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = v, p[1] = v >> 8, p[2] = v >> 16, p[3] = v >> 24;
}

/* Check entries for sense and against each other.  */
static int check_entries(const struct mbr_table *m, uint64_t nsectors,
			 char *why, size_t whylen)
{
	for (int i = 0; i < 4; i++) {
		const struct mbr_entry *e = &m->e[i];
		uint64_t end = (uint64_t)e->lba + e->count;

		if (e->type == MBR_TYPE_EMPTY)
			continue;
		if (e->status != 0 && e->status != MBR_ACTIVE) {
			snprintf(why, whylen, "entry %d has boot flag 0x%02x",
				 i + 1, e->status);
			return -1;
		}
		if (e->lba == 0 || e->count == 0) {
			snprintf(why, whylen,
				 "entry %d starts at LBA %" PRIu32
				 " with %" PRIu32 " sectors",
				 i + 1, e->lba, e->count);
			return -1;
		}
		/* A GPT's protective entry may claim more than the disk
		   has (0xffffffff for disks over 2 TiB).  */
		if (e->type != MBR_TYPE_GPT && end > nsectors) {
			snprintf(why, whylen,
				 "partition %d ends at sector %" PRIu64
				 ", past the end of the disk (%" PRIu64
				 " sectors)",
				 i + 1, end, nsectors);
			return -1;
		}
		for (int j = 0; j < i; j++) {
			const struct mbr_entry *o = &m->e[j];

			if (o->type != MBR_TYPE_EMPTY &&
			    e->lba < o->lba + (uint64_t)o->count &&
			    o->lba < end) {
				snprintf(why, whylen,
					 "partitions %d and %d overlap", j + 1,
					 i + 1);
				return -1;
			}
		}
	}
	return 0;
}

int mbr_parse(const uint8_t *sec, uint64_t nsectors, struct mbr_table *m,
	      char *why, size_t whylen)
{
	memset(m, 0, sizeof *m);
	if (sec[510] != 0x55 || sec[511] != 0xaa) {
		snprintf(why, whylen, "no 0x55AA boot signature");
		return -1;
	}
	m->disk_signature = le32(sec + CKBOOT_MBR_DISK_SIGNATURE);
	m->first_lba = nsectors;
	for (int i = 0; i < 4; i++) {
		const uint8_t *p =
		    sec + CKBOOT_MBR_PARTITION_TABLE + i * MBR_ENTRY_SIZE;
		struct mbr_entry *e = &m->e[i];

		e->status = p[0];
		e->type = p[4];
		e->lba = le32(p + 8);
		e->count = le32(p + 12);
		if (e->type == MBR_TYPE_EMPTY)
			continue;
		m->nused++;
		m->nactive += e->status == MBR_ACTIVE;
		m->protective |= e->type == MBR_TYPE_GPT;
		if (e->lba < m->first_lba)
			m->first_lba = e->lba;
	}
	return check_entries(m, nsectors, why, whylen);
}

/* CHS fields say "use the LBA fields" (0xfe/0xff/0xff), as fdisk writes
   for anything past cylinder 1023; ckboot's loader reads by LBA.  */
void mbr_set_entry(uint8_t *sec, int i, const struct mbr_entry *e)
{
	uint8_t *p = sec + CKBOOT_MBR_PARTITION_TABLE + i * MBR_ENTRY_SIZE;
	static const uint8_t chs_max[3] = {0xfe, 0xff, 0xff};

	p[0] = e->status;
	memcpy(p + 1, chs_max, 3);
	p[4] = e->type;
	memcpy(p + 5, chs_max, 3);
	put_le32(p + 8, e->lba);
	put_le32(p + 12, e->count);
}

/* A FAT boot sector: a jump, then a BIOS parameter block whose fields
   only take a few values.  */
static int is_fat(const uint8_t *s)
{
	unsigned bps = le16(s + 11), spc = s[13], fats = s[16];

	if (!(s[0] == 0xeb && s[2] == 0x90) && s[0] != 0xe9)
		return 0;
	if (bps < 512 || bps > 4096 || (bps & (bps - 1)))
		return 0;
	if (spc == 0 || (spc & (spc - 1)) || le16(s + 14) == 0)
		return 0;
	return fats == 1 || fats == 2;
}

struct signature {
	const char *name;
	size_t offset;
	const char *magic;
	size_t len;
};

/* Volume signatures at fixed offsets from the start of the disk, as
   blkid finds them.  */
/* clang-format off */
static const struct signature signatures[] = {
	{ "LUKS encrypted volume", 0, "LUKS\xba\xbe", 6 },
	{ "LVM physical volume", 512 + 0, "LABELONE", 8 },
	{ "NTFS file system", 3, "NTFS    ", 8 },
	{ "exFAT file system", 3, "EXFAT   ", 8 },
	{ "ext2/ext3/ext4 file system", 1024 + 56, "\x53\xef", 2 },
	{ "XFS file system", 0, "XFSB", 4 },
	{ "btrfs file system", 65536 + 64, "_BHRfS_M", 8 },
	{ "Linux swap area", 4096 - 10, "SWAPSPACE2", 10 },
	{ "Linux swap area", 4096 - 10, "SWAP-SPACE", 10 },
	{ "ISO 9660 file system", 32768 + 1, "CD001", 5 },
	{ "Linux software RAID member", 4096, "\xfc\x4e\x2b\xa9", 4 },
};
/* clang-format on */

const char *mbr_probe_signature(const uint8_t *head, size_t len)
{
	const size_t n = sizeof signatures / sizeof signatures[0];

	for (size_t i = 0; i < n; i++) {
		const struct signature *s = &signatures[i];

		if (s->offset + s->len <= len &&
		    memcmp(head + s->offset, s->magic, s->len) == 0)
			return s->name;
	}
	if (len >= SECTOR && is_fat(head))
		return "FAT file system";
	return NULL;
}

static int has(const uint8_t *buf, size_t len, const char *s)
{
	return memmem(buf, len, s, strlen(s) + 1) != NULL ||
	       memmem(buf, len, s, strlen(s)) != NULL;
}

/* Strings the boot sectors of other loaders print: GRUB 2's boot.img
   ("GRUB \0Geom\0Hard Disk\0Read\0 Error"), SYSLINUX's mbr.bin, LILO.  */
const char *mbr_probe_boot_code(const uint8_t *sec0)
{
	if (has(sec0, CKBOOT_MBR_CODE_SIZE, "GRUB "))
		return "GRUB";
	if (has(sec0, CKBOOT_MBR_CODE_SIZE, "Missing operating system") &&
	    has(sec0, CKBOOT_MBR_CODE_SIZE, "Boot error"))
		return "SYSLINUX";
	if (has(sec0, CKBOOT_MBR_CODE_SIZE, "LILO"))
		return "LILO";
	return NULL;
}

/* What holds a sector ckboot would overwrite.  GRUB 2's core.img
   starts with diskboot.img, which prints "loading" and " Error"; a GPT
   header behind an MBR without an 0xEE entry was left by an older
   table.  */
const char *mbr_probe_stage(const uint8_t *sec)
{
	if (memmem(sec, SECTOR, "loading\0", 8) &&
	    memmem(sec, SECTOR, " Error", 6))
		return "GRUB core.img";
	if (memmem(sec, SECTOR, "GRUB", 4))
		return "GRUB";
	if (memcmp(sec, "EFI PART", 8) == 0)
		return "a stale GPT header";
	return NULL;
}
