/* memmap_bios.c: ask the BIOS which physical memory exists, third step
   of loader_main().  memmap.c (firmware-independent) then sorts and
   merges the map and allocates frames from it.

   E820 is the real answer; E801 and then 88h are for machines from
   before it (as in Linux's arch/x86/boot/memory.c).  Every region the
   firmware reports is kept, unknown types included: the kernel decides
   what to do with them.  Then the memory the loader itself occupies is
   marked, so the allocator never hands it out.  */

#include "bios.h"

struct __attribute__((packed)) e820_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;
	uint32_t attributes; /* ACPI 3.0: only in 24-byte entries */
};
_Static_assert(sizeof(struct e820_entry) == 24, "E820 entry");

#define E820_MAX_CALLS 4096    /* a broken BIOS must not loop us forever */
#define LOW_MEMORY_CAP 0x9f000 /* if nothing better is known */
#define ONE_MIB	       0x100000ULL
#define SIXTEEN_MIB    0x1000000ULL

static struct e820_entry e820_buf; /* below 1 MiB, as INT 15h needs */

static uint32_t e820_type(uint32_t type)
{
	switch (type) {
	case E820_TYPE_USABLE:
		return CKBOOT_MEMORY_USABLE;
	case E820_TYPE_RESERVED:
		return CKBOOT_MEMORY_RESERVED;
	case E820_TYPE_ACPI:
		return CKBOOT_MEMORY_ACPI_RECLAIMABLE;
	case E820_TYPE_NVS:
		return CKBOOT_MEMORY_ACPI_NVS;
	case E820_TYPE_BAD:
		return CKBOOT_MEMORY_BAD;
	default:
		return CKBOOT_MEMORY_FIRMWARE_UNKNOWN;
	}
}

/* Returns 1 if the entry went into the map, 0 if it was ignored.  */
static int e820_add(struct memmap *m, const struct e820_entry *e, uint32_t size)
{
	uint32_t type = e820_type(e->type);

	/* ACPI 3.0: an entry whose "enabled" bit is clear is to be ignored.  */
	if (size >= 24 && !(e->attributes & E820_ATTR_ENABLED))
		return 0;
	if (!e->length || e->base + e->length < e->base)
		return 0;
	memmap_add(m, e->base, e->base + e->length, type,
		   type == CKBOOT_MEMORY_FIRMWARE_UNKNOWN ? e->type : 0);
	return 1;
}

/* Returns the number of entries added, 0 if E820 is not usable.  */
static uint32_t e820_read(struct memmap *m)
{
	struct bios_regs r;
	uint32_t calls, count = 0, next = 0;

	for (calls = 0; calls < E820_MAX_CALLS; calls++) {
		/* A BIOS that writes only 20 bytes leaves this set.  */
		e820_buf.attributes = E820_ATTR_ENABLED;
		bios_regs_init(&r);
		r.eax = INT15_E820;
		r.ebx = next;
		r.ecx = sizeof(e820_buf);
		r.edx = E820_SMAP;
		r.es = LOW_SEG(&e820_buf);
		r.edi = LOW_OFF(&e820_buf);
		bios_int(INT_SYSTEM, &r, &r);

		/* CF after the first entry means "no more" on some BIOSes.  */
		if (r.eflags & EFLAGS_CF)
			break;
		/* Some BIOSes stop returning SMAP in the middle of the list:
		   the map is then untrustworthy (Linux drops it too).  */
		if (r.eax != E820_SMAP) {
			m->count = 0;
			return 0;
		}
		if ((r.ecx & 0xff) >= 20)
			count += e820_add(m, &e820_buf, r.ecx & 0xff);
		next = r.ebx;
		if (!next)
			break;
	}
	return count;
}

/* Conventional memory in bytes, from INT 12h.  */
static uint64_t low_memory(void)
{
	struct bios_regs r;
	uint64_t kib;

	bios_regs_init(&r);
	bios_int(INT_LOWMEM, &r, &r);
	kib = r.eax & 0xffff;
	if (kib < 64 || kib > 640)
		return LOW_MEMORY_CAP;
	return kib * 1024;
}

static int e801_read(struct memmap *m)
{
	struct bios_regs r;
	uint32_t below16, above16;

	bios_regs_init(&r);
	r.eax = INT15_E801;
	bios_int(INT_SYSTEM, &r, &r);
	if (r.eflags & EFLAGS_CF)
		return 0;
	/* The result is in AX/BX on some BIOSes, CX/DX on others.  */
	if ((r.ecx & 0xffff) || (r.edx & 0xffff)) {
		below16 = r.ecx & 0xffff; /* KiB from 1 MiB */
		above16 = r.edx & 0xffff; /* 64 KiB from 16 MiB */
	} else {
		below16 = r.eax & 0xffff;
		above16 = r.ebx & 0xffff;
	}
	if (below16 > 15 * 1024)
		return 0;
	memmap_add(m, 0, low_memory(), CKBOOT_MEMORY_USABLE, 0);
	memmap_add(m, ONE_MIB, ONE_MIB + below16 * 1024ULL,
		   CKBOOT_MEMORY_USABLE, 0);
	if (below16 == 15 * 1024 && above16)
		memmap_add(m, SIXTEEN_MIB, SIXTEEN_MIB + above16 * 65536ULL,
			   CKBOOT_MEMORY_USABLE, 0);
	return 1;
}

static int ext_memory_read(struct memmap *m)
{
	struct bios_regs r;

	bios_regs_init(&r);
	r.eax = INT15_EXT_MEMORY;
	bios_int(INT_SYSTEM, &r, &r);
	if (r.eflags & EFLAGS_CF)
		return 0;
	memmap_add(m, 0, low_memory(), CKBOOT_MEMORY_USABLE, 0);
	memmap_add(m, ONE_MIB, ONE_MIB + (r.eax & 0xffff) * 1024ULL,
		   CKBOOT_MEMORY_USABLE, 0);
	return 1;
}

/* Where the EBDA starts, rounded down to a page; the VGA window if the
   BIOS data area holds nothing sane.  */
static uint64_t ebda_start(void)
{
	volatile uint16_t *seg = low_ptr(BDA_EBDA_SEGMENT);
	uint64_t ebda = (uint64_t)*seg << 4;

	if (ebda < EBDA_LOWEST || ebda >= VGA_WINDOW_START)
		return VGA_WINDOW_START;
	return ALIGN_DOWN(ebda, PAGE_SIZE);
}

/* Where conventional memory ends: the lower of the EBDA and the size in
   the BIOS data area (INT 12h's answer), which an option ROM lowers to
   keep data of its own below 640 KiB.  A size too small to be true is
   ignored, as Linux does (arch/x86/kernel/ebda.c).  */
static uint64_t low_memory_end(void)
{
	volatile uint16_t *kib = low_ptr(BDA_MEMORY_KIB);
	uint64_t end = ebda_start(), size = (uint64_t)*kib * 1024;

	return size >= LOW_MEMORY_LOWEST && size < end ? size : end;
}

void memmap_read(struct memmap *m)
{
	uint64_t low_end = low_memory_end();

	/* The loader already lies there: stop before its disk reads fill
	   the bounce buffer over what the BIOS or a ROM keeps at the top.  */
	if (low_end < CKBOOT_BOUNCE_ADDR + CKBOOT_BOUNCE_SIZE)
		panic("only %u KiB of conventional memory, the loader needs %u",
		      (uint32_t)(low_end >> 10),
		      (CKBOOT_BOUNCE_ADDR + CKBOOT_BOUNCE_SIZE) >> 10);
	m->count = 0;
	if (!e820_read(m) && !e801_read(m) && !ext_memory_read(m))
		panic("the BIOS reports no memory map (E820, E801, 88h)");

	/* The more restrictive type wins in memmap_normalize(), so these
	   override whatever usable memory the BIOS reported there.  The
	   top of conventional memory (EBDA, option ROMs' data), the VGA
	   window and the BIOS ROM are never usable, even when a BIOS's
	   E820 forgets to say so.  */
	memmap_add(m, 0, PAGE_SIZE, CKBOOT_MEMORY_RESERVED, 0);
	memmap_add(m, PAGE_SIZE, CKBOOT_BOUNCE_ADDR + CKBOOT_BOUNCE_SIZE,
		   CKBOOT_MEMORY_BOOTLOADER, 0);
	memmap_add(m, low_end, ONE_MIB, CKBOOT_MEMORY_RESERVED, 0);
	memmap_normalize(m);
}
