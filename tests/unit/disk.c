/* Unit tests for stage/disk.c: what the loader reads through INT 13h
   from a simulated BIOS disk lands in the bounce buffer whole and in
   order, however the BIOS behaves.  A trip makes as many AH=42h calls
   as the bounce buffer holds, up to BIOS_CALLS_MAX; a call that reads
   less than asked (and says so in the packet, as EDD allows) ends the
   trip there; a BIOS that takes fewer sectors a
   call gets smaller calls; without extensions, CHS reads stay inside a
   track; a disk that cannot be read is a panic naming the LBA.

   The BIOS is a fake bios_int() and bios_calls().  Sector S of its disk
   holds S in every 32-bit word, so a sector out of place or a hole in
   the buffer shows.  The bounce buffer is a host array that stands for
   CKBOOT_BOUNCE_ADDR on: the fake turns the real-mode buffer address
   each call carries into an offset in it.

   disk.c is #included rather than linked, to reach its packets (on the
   host, a packet's address does not fit the segment:offset DS:SI the
   loader passes, so the fake takes packet I for call I by name) and
   its state (disk.max).  */

#include <string.h>

#include "bios.h"
#include "unit.h"
#include "../../stage/disk.c" /* not itself */

#define SECTOR	     CKBOOT_SECTOR_SIZE
#define DISK_SECTORS 0x100000 /* 512 MiB */
#define GARBAGE	     0xee
#define STATUS_BAD_COMMAND 0x01
#define STATUS_SEEK_FAILED 0x40

static uint8_t bounce[CKBOOT_BOUNCE_SIZE];

/* ---- the simulated BIOS ---- */
static struct {
	int ext;	    /* AH=41h: the extensions are there */
	uint32_t spt, heads; /* AH=08h: the geometry; 0 spt: the call fails */
	uint32_t max;	    /* AH=42h: more sectors a call fail with 01h */
	uint32_t short_read; /* this read (from 1) stops short ... */
	uint32_t short_count; /* ... after this many, and says so */
	int zero_count;	    /* AH=42h leaves 0 in the packet's count */
	int broken;	    /* every read fails */
	int ext_broken;	    /* every AH=42h read fails with 01h */
	uint32_t reads, trips, resets, most;
	int off_track;	    /* a CHS read went past its track */
} bios;

static void fail(struct bios_regs *r, uint8_t status)
{
	r->eflags |= EFLAGS_CF;
	r->eax = (r->eax & 0xffff00ff) | (uint32_t)status << 8;
}

static void ok(struct bios_regs *r)
{
	r->eflags &= ~EFLAGS_CF;
	r->eax &= 0xffff00ff;
}

/* COUNT sectors from LBA to real-mode address LINEAR; returns how many
   the BIOS transferred, or 0 after failing the call in R.  */
static uint32_t transfer(struct bios_regs *r, uint64_t lba, uint32_t count,
			 uint32_t linear)
{
	uint32_t at = linear - CKBOOT_BOUNCE_ADDR, i, w, *word;

	bios.reads++;
	if (bios.broken || lba + count > DISK_SECTORS) {
		fail(r, STATUS_SEEK_FAILED);
		return 0;
	}
	if (linear < CKBOOT_BOUNCE_ADDR ||
	    at + (uint64_t)count * SECTOR > sizeof bounce) {
		unit_fail(__FILE__, __LINE__,
			  "read of %u sectors to 0x%x: outside the bounce "
			  "buffer",
			  count, linear);
		fail(r, STATUS_BAD_COMMAND);
		return 0;
	}
	if (bios.reads == bios.short_read && bios.short_count < count)
		count = bios.short_count;
	if (count > bios.most)
		bios.most = count;
	for (i = 0; i < count; i++)
		for (w = 0; w < SECTOR / 4; w++) {
			word = (uint32_t *)&bounce[at + i * SECTOR + w * 4];
			*word = (uint32_t)(lba + i);
		}
	ok(r);
	return count;
}

static void ext_read_call(struct bios_regs *r, struct disk_packet *p)
{
	uint32_t linear = (p->buf >> 16) * 16 + (p->buf & 0xffff), got;

	if (p->size != sizeof *p || !p->count ||
	    (p->buf & 0xffff) + p->count * SECTOR > 0x10000) {
		unit_fail(__FILE__, __LINE__,
			  "bad packet: size %u, %u sectors to %04x:%04x",
			  p->size, p->count, p->buf >> 16, p->buf & 0xffff);
		fail(r, STATUS_BAD_COMMAND);
		return;
	}
	if (p->count > bios.max || bios.ext_broken) {
		bios.reads++;
		p->count = 0;
		fail(r, STATUS_BAD_COMMAND);
		return;
	}
	got = transfer(r, p->lba, p->count, linear);
	p->count = bios.zero_count ? 0 : got;
}

static void chs_read_call(struct bios_regs *r)
{
	uint32_t count = r->eax & 0xff, sector = r->ecx & 0x3f;
	uint32_t cyl = (r->ecx >> 8 & 0xff) | (r->ecx & 0xc0) << 2;
	uint32_t head = r->edx >> 8 & 0xff;
	uint64_t lba = ((uint64_t)cyl * bios.heads + head) * bios.spt +
		       sector - 1;

	if (!sector || sector + count - 1 > bios.spt || head >= bios.heads)
		bios.off_track = 1;
	if (transfer(r, lba, count, (r->es & 0xffff) * 16 + (r->ebx & 0xffff)))
		r->eax = (r->eax & 0xffffff00) | count; /* AL: sectors read */
}

static void disk_call(struct bios_regs *r, struct disk_packet *p)
{
	switch (r->eax & 0xff00) {
	case INT13_RESET:
		bios.resets++;
		ok(r);
		break;
	case INT13_EXT_CHECK & 0xff00:
		if (!bios.ext || (r->ebx & 0xffff) != INT13_EXT_MAGIC) {
			fail(r, STATUS_BAD_COMMAND);
			break;
		}
		ok(r);
		r->ebx = 0xaa55;
		r->ecx = INT13_EXT_SUBSET_DAP;
		break;
	case INT13_GET_PARAMS:
		if (!bios.spt) {
			fail(r, STATUS_BAD_COMMAND);
			break;
		}
		ok(r);
		r->ecx = 0xff00 | bios.spt; /* 256 cylinders */
		r->edx = (bios.heads - 1) << 8 | 1;
		break;
	case INT13_EXT_READ:
		ext_read_call(r, p);
		break;
	case INT13_READ:
		chs_read_call(r);
		break;
	default:
		fail(r, STATUS_BAD_COMMAND);
	}
}

void bios_int(uint8_t vector, const struct bios_regs *in, struct bios_regs *out)
{
	struct bios_regs r = *in;

	if (vector != INT_DISK) {
		unit_fail(__FILE__, __LINE__, "INT 0x%x, not INT 13h", vector);
		fail(&r, STATUS_BAD_COMMAND);
	} else {
		disk_call(&r, &dap[0]);
	}
	*out = r;
}

uint32_t bios_calls(uint8_t vector, struct bios_regs *regs, uint32_t n)
{
	uint32_t i;

	bios.trips++;
	if (vector != INT_DISK || n < 1 || n > BIOS_CALLS_MAX) {
		unit_fail(__FILE__, __LINE__, "bios_calls(0x%x, %u)", vector,
			  n);
		return 0;
	}
	for (i = 0; i < n; i++) {
		disk_call(&regs[i], &dap[i]);
		if (regs[i].eflags & EFLAGS_CF)
			return i + 1;
	}
	return n;
}

/* A BIOS with the extensions (or, with SPT, only CHS) and DRIVE set up
   by disk_init().  */
static void machine(uint8_t drive, int ext, uint32_t spt)
{
	memset(&bios, 0, sizeof bios);
	bios.ext = ext;
	bios.spt = spt;
	bios.heads = 2;
	bios.max = INT13_EXT_MAX_SECTORS;
	memset(bounce, GARBAGE, sizeof bounce);
	disk_init(drive);
}

/* The first SECTORS of the bounce buffer hold the disk's sectors from
   LBA on, in order.  */
static void check_bounce(uint64_t lba, uint32_t sectors)
{
	uint32_t i, w, word;

	for (i = 0; i < sectors; i++)
		for (w = 0; w < SECTOR / 4; w++) {
			memcpy(&word, &bounce[i * SECTOR + w * 4], 4);
			if (word != (uint32_t)(lba + i)) {
				unit_fail(__FILE__, __LINE__,
					  "bounce sector %u holds 0x%x, "
					  "expected LBA 0x%x",
					  i, word, (uint32_t)(lba + i));
				return;
			}
		}
}

/* Read from LBA on, COUNT sectors at most: WANT of them must come, whole
   and in order in the bounce buffer.  */
static void read_expect(uint64_t lba, uint32_t count, uint32_t want)
{
	uint32_t n = disk_read_some(lba, count);

	CHECK_EQ(n, want);
	check_bounce(lba, n);
}

/* ---- cases ---- */

static void test_trip(void)
{
	unit_case("hard disk: three 127-sector calls a trip");
	machine(0x80, 1, 0);
	read_expect(1000, 5000, 3 * INT13_EXT_MAX_SECTORS);
	CHECK_EQ(bios.trips, 1);
	CHECK_EQ(bios.reads, 3);

	unit_case("hard disk: the end of the kernel in a trip");
	machine(0x80, 1, 0);
	read_expect(77, 200, 200);
	CHECK_EQ(bios.reads, 2);
}

static void test_short_call(void)
{
	unit_case("a call that reads less ends the trip (second call)");
	machine(0x80, 1, 0);
	bios.short_read = 2;
	bios.short_count = 100;
	read_expect(5000, 5000, INT13_EXT_MAX_SECTORS + 100);

	unit_case("a call that reads less ends the trip (first call)");
	machine(0x80, 1, 0);
	bios.short_read = 1;
	bios.short_count = 1;
	read_expect(5000, 5000, 1);

	unit_case("a BIOS that leaves 0 in the count read the whole call");
	machine(0x80, 1, 0);
	bios.zero_count = 1;
	read_expect(9, 5000, 3 * INT13_EXT_MAX_SECTORS);
}

static void test_small_calls(void)
{
	unit_case("a BIOS that takes 64 sectors a call gets 63");
	machine(0x80, 1, 0);
	bios.max = 64;
	read_expect(300, 5000, INT13_EXT_MAX_SECTORS);
	CHECK_EQ(disk.max, 63);
	CHECK_EQ(bios.resets, 3);
	memset(bounce, GARBAGE, sizeof bounce);
	read_expect(300 + INT13_EXT_MAX_SECTORS, 5000, BIOS_CALLS_MAX * 63);
	CHECK_EQ(bios.most, 63);
}

static void test_one_call_path(void)
{
	unit_case("floppy with extensions: one DMA-safe call at a time");
	machine(0x00, 1, 0);
	read_expect(40, 1000, DMA_SAFE_SECTORS);
	CHECK_EQ(bios.trips, 0);

	unit_case("floppy with extensions: a short call is read on from");
	machine(0x00, 1, 0);
	bios.short_read = 1;
	bios.short_count = 40;
	read_expect(40, 1000, DMA_SAFE_SECTORS);
	CHECK_EQ(bios.reads, 2);
}

static void test_chs(void)
{
	unit_case("CHS: calls stay inside a track");
	machine(0x00, 0, 18);
	read_expect(10, 1000, DMA_SAFE_SECTORS);
	CHECK(!bios.off_track);
	CHECK_EQ(bios.most, 18);

	unit_case("CHS: an LBA beyond 1024 cylinders");
	machine(0x80, 0, 63);
	EXPECT_PANIC("beyond the reach of CHS",
		     disk_read_some(1024ULL * 2 * 63, 1));

	unit_case("CHS: no geometry");
	EXPECT_PANIC("cannot get the geometry of BIOS drive 0x80",
		     machine(0x80, 0, 0));
}

static void test_ext_to_chs(void)
{
	unit_case("extensions that fail even for a sector: CHS takes over");
	machine(0x80, 1, 63);
	bios.ext_broken = 1;
	read_expect(1000, 5000, INT13_EXT_MAX_SECTORS);
	CHECK_EQ(disk.ext, 0);
	CHECK(!bios.off_track);
	CHECK_EQ(bios.most, 63);
	memset(bounce, GARBAGE, sizeof bounce);
	read_expect(1000 + INT13_EXT_MAX_SECTORS, 5000, DMA_SAFE_SECTORS);
	CHECK_EQ(bios.trips, 1); /* the first read's, which failed */

	unit_case("extensions that fail where CHS cannot reach: their status");
	machine(0x80, 1, 63);
	bios.ext_broken = 1;
	EXPECT_PANIC("disk read error 0x01 at LBA 129030",
		     disk_read_some(1024ULL * 2 * 63 + 6, 1));
	CHECK_EQ(disk.ext, 1);

	unit_case("a failing disk, in CHS reach: CHS tried, its status");
	machine(0x80, 1, 63);
	bios.broken = 1;
	EXPECT_PANIC("disk read error 0x40 at LBA 500",
		     disk_read_some(500, 1));
	CHECK_EQ(disk.ext, 0);
}

static void test_errors(void)
{
	unit_case("a disk that cannot be read: panic with the LBA");
	machine(0x80, 1, 0);
	bios.broken = 1;
	EXPECT_PANIC("disk read error 0x40 at LBA 4242",
		     disk_read_some(4242, 10));
	CHECK_EQ(bios.resets, 3 * 4); /* 10, 5, 2 and 1 sectors */

	unit_case("reading past the end of the disk");
	machine(0x80, 1, 0);
	EXPECT_PANIC("disk read error 0x40 at LBA",
		     disk_read_some(DISK_SECTORS - 5, 10));
}

int main(void)
{
	test_trip();
	test_short_call();
	test_small_calls();
	test_one_call_path();
	test_chs();
	test_ext_to_chs();
	test_errors();
	return unit_status();
}
