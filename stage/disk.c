/* disk.c: read sectors of the boot drive through the BIOS, for
   kernel.c.  Everything lands in the bounce buffer at
   CKBOOT_BOUNCE_ADDR, below 1 MiB where the BIOS can write; kernel.c
   copies it to its place above 1 MiB.

   INT 13h extensions (AH=42h) move up to 127 sectors a call, the most
   EDD 1.1 promises; from a hard disk, disk_read_some() makes up to
   three such calls back to back in one trip to real mode.  Without
   extensions (old BIOSes, some floppy emulations) CHS reads (AH=02h) go
   a track at a time.  A read that fails is retried after a reset; if it
   keeps failing with many sectors, smaller calls are tried, since some
   BIOSes (USB in particular) take less than 127 sectors at a time, and
   if even one sector fails with extensions, CHS is tried before giving
   up, as GRUB does: some BIOSes claim extensions they do not have.  */

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

/* A floppy (or a USB stick emulating one) may do ISA DMA, which cannot
   cross a 64 KiB boundary: its reads stay in the bounce buffer's first
   32 KiB, which end on one.  */
#define DMA_SAFE_SECTORS 64
_Static_assert((CKBOOT_BOUNCE_ADDR + DMA_SAFE_SECTORS * CKBOOT_SECTOR_SIZE) %
			   0x10000 ==
		       0,
	       "the bounce buffer's first 32 KiB must end on a DMA boundary");

static struct {
	uint8_t drive;
	int ext;	     /* INT 13h extensions present */
	uint32_t max;	     /* sectors a call */
	uint32_t heads, spt; /* CHS geometry, without extensions */
} disk;

static struct disk_packet dap[BIOS_CALLS_MAX]; /* .bss: below 1 MiB */

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

/* Nonzero if the BIOS gave the drive's CHS geometry.  */
static int chs_geometry(void)
{
	struct bios_regs r;

	bios_regs_init(&r);
	r.eax = INT13_GET_PARAMS;
	r.edx = disk.drive;
	bios_int(INT_DISK, &r, &r);
	disk.spt = r.ecx & 0x3f;
	disk.heads = ((r.edx >> 8) & 0xff) + 1;
	return !(r.eflags & EFLAGS_CF) && disk.spt;
}

void disk_init(uint8_t drive)
{
	disk.drive = drive;
	disk.ext = ext_present(drive);
	if (disk.ext && (drive & BIOS_DRIVE_HARD_DISK)) {
		disk.max = INT13_EXT_MAX_SECTORS;
	} else if (disk.ext) {
		disk.max = DMA_SAFE_SECTORS;
	} else if (chs_geometry()) {
		/* A track is at most 63 sectors.  */
		disk.max = DMA_SAFE_SECTORS;
	} else {
		panic("cannot get the geometry of BIOS drive 0x%02x", drive);
	}
}

static int chs_reaches(uint64_t lba)
{
	return lba < (uint64_t)CHS_MAX_CYLINDERS * disk.heads * disk.spt;
}

/* Extensions failed with STATUS on the single sector at LBA: nonzero if
   CHS reads can take over.  Where CHS cannot reach, the BIOS's status is
   the news.  */
static int ext_to_chs(uint64_t lba, int status)
{
	if (!disk.ext || !chs_geometry() || !chs_reaches(lba))
		return 0;
	printf("ckboot: INT 13h extensions failed (0x%02x), reading by CHS\n",
	       status);
	disk.ext = 0;
	disk.max = DMA_SAFE_SECTORS;
	return 1;
}

/* An AH=42h call in R for COUNT sectors at LBA to bounce buffer OFFSET,
   through packet P.  */
static void ext_call(struct bios_regs *r, struct disk_packet *p, uint64_t lba,
		     uint32_t count, uint32_t offset)
{
	*p = (struct disk_packet){
	    .size = sizeof(*p),
	    .count = count,
	    .buf = LOW_FARPTR(CKBOOT_BOUNCE_ADDR + offset),
	    .lba = lba,
	};
	bios_regs_init(r);
	r->eax = INT13_EXT_READ;
	r->edx = disk.drive;
	r->ds = LOW_SEG(p);
	r->esi = LOW_OFF(p);
}

/* Sectors an AH=42h call that succeeded read of the WANT asked for
   through P.  EDD has the BIOS write the number it transferred back to
   the packet, and a USB BIOS may stop short.  A count of zero is taken
   as a BIOS that does not report, one above WANT as nonsense: both
   mean the whole call.  */
static uint32_t ext_got(const struct disk_packet *p, uint32_t want)
{
	if (!disk.ext || !p->count || p->count > want)
		return want;
	return p->count;
}

static int ext_read(uint64_t lba, uint32_t count, uint32_t offset)
{
	struct bios_regs r;

	ext_call(&r, &dap[0], lba, count, offset);
	bios_int(INT_DISK, &r, &r);
	return int13_status(&r);
}

/* COUNT sectors within one track.  Whatever CHS reaches has an LBA
   below 2^24, so the arithmetic is 32-bit: single DIVs, not libgcc's
   64-bit helpers.  */
static int chs_read(uint64_t lba, uint32_t count, uint32_t offset)
{
	struct bios_regs r;
	uint32_t track, cyl, head, sector;

	if (!chs_reaches(lba))
		panic("LBA %lu is beyond the reach of CHS and the BIOS has "
		      "no working INT 13h extensions",
		      lba);
	track = (uint32_t)lba / disk.spt;
	cyl = track / disk.heads;
	head = track % disk.heads;
	sector = (uint32_t)lba % disk.spt + 1;
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

/* COUNT sectors at LBA to the start of the bounce buffer, one call at
   a time.  */
static void disk_read(uint64_t lba, uint32_t count)
{
	uint32_t n, offset = 0;
	int status;

	while (count) {
		n = count < disk.max ? count : disk.max;
		/* 32 bits are enough: chs_read() refuses an LBA above them.  */
		if (!disk.ext && n > disk.spt - (uint32_t)lba % disk.spt)
			n = disk.spt - (uint32_t)lba % disk.spt;
		status = read_tries(lba, n, offset);
		if (status && n > 1) {
			disk.max = n / 2; /* from now on */
			continue;
		}
		if (status && ext_to_chs(lba, status))
			continue;
		if (status)
			panic("disk read error 0x%02x at LBA %lu", status,
			      lba);
		n = ext_got(&dap[0], n);
		lba += n;
		count -= n;
		offset += n * CKBOOT_SECTOR_SIZE;
	}
}

uint32_t disk_read_some(uint64_t lba, uint32_t count)
{
	struct bios_regs r[BIOS_CALLS_MAX];
	uint32_t want[BIOS_CALLS_MAX];
	uint32_t calls = 0, done = 0, n, made, i;

	while (disk.ext && (disk.drive & BIOS_DRIVE_HARD_DISK) &&
	       calls < BIOS_CALLS_MAX && done < count) {
		n = count - done < disk.max ? count - done : disk.max;
		if ((done + n) * CKBOOT_SECTOR_SIZE > CKBOOT_BOUNCE_SIZE)
			break;
		ext_call(&r[calls], &dap[calls], lba + done, n,
			 done * CKBOOT_SECTOR_SIZE);
		want[calls++] = n;
		done += n;
	}
	made = calls ? bios_calls(INT_DISK, r, calls) : 0;
	/* A call that read less leaves a hole before the next one's
	   sectors: what follows it in the buffer is not the disk's.  */
	for (done = 0, i = 0; i < made && !int13_status(&r[i]); i++) {
		n = ext_got(&dap[i], want[i]);
		done += n;
		if (n < want[i])
			break;
	}
	if (done)
		return done;
	/* One call at a time: floppies, CHS, and a trip whose first call
	   failed (retries, smaller calls, or the panic).  */
	n = count < disk.max ? count : disk.max;
	disk_read(lba, n);
	return n;
}
