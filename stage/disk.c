/* disk.c: read sectors of the boot drive through the BIOS, for
   kernel.c.  Everything lands in the 64 KiB bounce buffer at
   CKBOOT_BOUNCE_ADDR, below 1 MiB where the BIOS can write; kernel.c
   copies it to its place above 1 MiB.

   INT 13h extensions (AH=42h) move up to 127 sectors a call, the most
   EDD 1.1 promises.  Without them (old BIOSes, some floppy emulations)
   CHS reads (AH=02h) go a track at a time.  A read that fails is
   retried after a reset; if it keeps failing with many sectors, smaller
   calls are tried before giving up, since some BIOSes (USB in
   particular) take less than 127 sectors at a time.  */

#include "bios.h"

#define DISK_TRIES	       3
#define INT13_STATUS_UNDEFINED 0xbb /* for CF set with AH = 0 */
#define CHS_MAX_CYLINDERS      1024
#define BIOS_DRIVE_HARD_DISK   0x80

struct __attribute__((packed)) disk_packet {
	uint8_t size;
	uint8_t reserved;
	uint16_t count;
	uint32_t buf; /* segment:offset */
	uint64_t lba;
};
_Static_assert(sizeof(struct disk_packet) == 16, "EDD disk address packet");
_Static_assert((CKBOOT_BOUNCE_ADDR + CKBOOT_BOUNCE_SIZE / 2) % 0x10000 == 0,
	       "the bounce buffer's first half must end on a DMA boundary");

static struct {
	uint8_t drive;
	int ext;	     /* INT 13h extensions present */
	uint32_t max;	     /* sectors a call */
	uint32_t heads, spt; /* CHS geometry, without extensions */
} disk;

static struct disk_packet dap; /* .bss: below 1 MiB */

static int int13_status(const struct bios_regs *r)
{
	if (!(r->eflags & EFLAGS_CF))
		return 0;
	return (r->eax >> 8) & 0xff ? (r->eax >> 8) & 0xff
				    : INT13_STATUS_UNDEFINED;
}

static int ext_present(uint8_t drive)
{
	struct bios_regs r;

	bios_regs_init(&r);
	r.eax = INT13_EXT_CHECK;
	r.ebx = INT13_EXT_MAGIC;
	r.edx = drive;
	bios_int(INT_DISK, &r, &r);
	return !(r.eflags & EFLAGS_CF) && (r.ebx & 0xffff) == 0xaa55 &&
	       (r.ecx & INT13_EXT_SUBSET_DAP);
}

static void chs_geometry(uint8_t drive)
{
	struct bios_regs r;

	bios_regs_init(&r);
	r.eax = INT13_GET_PARAMS;
	r.edx = drive;
	bios_int(INT_DISK, &r, &r);
	disk.spt = r.ecx & 0x3f;
	disk.heads = ((r.edx >> 8) & 0xff) + 1;
	if ((r.eflags & EFLAGS_CF) || !disk.spt)
		panic("cannot get the geometry of BIOS drive 0x%02x", drive);
}

void disk_init(uint8_t drive)
{
	disk.drive = drive;
	disk.ext = ext_present(drive);
	if (disk.ext && (drive & BIOS_DRIVE_HARD_DISK)) {
		disk.max = INT13_EXT_MAX_SECTORS;
	} else if (disk.ext) {
		/* A floppy (or a USB stick emulating one) may do ISA DMA,
		   which cannot cross 64 KiB: stay in the first half of
		   the bounce buffer, which ends on such a boundary.  */
		disk.max = CKBOOT_BOUNCE_SIZE / CKBOOT_SECTOR_SIZE / 2;
	} else {
		chs_geometry(drive);
		/* A track is at most 63 sectors: within the bounce buffer
		   and never across a 64 KiB boundary, as ISA DMA needs.  */
		disk.max = CKBOOT_BOUNCE_SIZE / CKBOOT_SECTOR_SIZE / 2;
	}
}

uint32_t disk_max_sectors(void)
{
	return disk.max;
}

static int ext_read(uint64_t lba, uint32_t count, uint32_t offset)
{
	struct bios_regs r;

	dap = (struct disk_packet){
	    .size = sizeof(dap),
	    .count = count,
	    .buf = LOW_FARPTR(CKBOOT_BOUNCE_ADDR) + offset,
	    .lba = lba,
	};
	bios_regs_init(&r);
	r.eax = INT13_EXT_READ;
	r.edx = disk.drive;
	r.ds = LOW_SEG(&dap);
	r.esi = LOW_OFF(&dap);
	bios_int(INT_DISK, &r, &r);
	return int13_status(&r);
}

/* COUNT sectors within one track.  */
static int chs_read(uint64_t lba, uint32_t count, uint32_t offset)
{
	struct bios_regs r;
	uint64_t cyl = lba / disk.spt / disk.heads;
	uint32_t head = (lba / disk.spt) % disk.heads;
	uint32_t sector = lba % disk.spt + 1;

	if (cyl >= CHS_MAX_CYLINDERS)
		panic("LBA %llu is beyond the reach of CHS and the BIOS has "
		      "no INT 13h extensions",
		      lba);
	bios_regs_init(&r);
	r.eax = INT13_READ | count;
	r.ecx = (cyl & 0xff) << 8 | (cyl >> 2 & 0xc0) | sector;
	r.edx = head << 8 | disk.drive;
	r.es = LOW_SEG(CKBOOT_BOUNCE_ADDR);
	r.ebx = LOW_OFF(CKBOOT_BOUNCE_ADDR) + offset;
	bios_int(INT_DISK, &r, &r);
	return int13_status(&r);
}

static void disk_reset(void)
{
	struct bios_regs r;

	bios_regs_init(&r);
	r.eax = INT13_RESET;
	r.edx = disk.drive;
	bios_int(INT_DISK, &r, &r);
}

/* Read COUNT sectors at LBA to bounce buffer OFFSET, retrying; returns
   0 or the last INT 13h status.  */
static int read_tries(uint64_t lba, uint32_t count, uint32_t offset)
{
	int i, status = 0;

	for (i = 0; i < DISK_TRIES; i++) {
		status = disk.ext ? ext_read(lba, count, offset)
				  : chs_read(lba, count, offset);
		if (!status)
			return 0;
		disk_reset();
	}
	return status;
}

void disk_read(uint64_t lba, uint32_t count)
{
	uint32_t n, offset = 0;
	int status;

	while (count) {
		n = count < disk.max ? count : disk.max;
		if (!disk.ext && n > disk.spt - lba % disk.spt)
			n = disk.spt - lba % disk.spt;
		status = read_tries(lba, n, offset);
		if (status && n > 1) {
			disk.max = n / 2; /* from now on */
			continue;
		}
		if (status)
			panic("disk read error 0x%02x at LBA %llu", status,
			      lba);
		lba += n;
		count -= n;
		offset += n * CKBOOT_SECTOR_SIZE;
	}
}
