/* Unit tests for stage/tables_bios.c: the ACPI RSDP and the SMBIOS
   entry points are found where a BIOS puts them, and only with their
   anchors, lengths and checksums right.

   tables_bios.c is #included rather than linked, with low_ptr()
   redirected to a fake of the EBDA and of 0xE0000-0xFFFFF: on the host
   those addresses are not ours to read.  */

#include <string.h>

#include "bios.h"
#include "unit.h"

#define AREA_START 0xe0000
#define AREA_END   0x100000
#define EBDA	   0x9fc00

static uint8_t area[AREA_END - AREA_START]; /* 0xE0000-0xFFFFF */
static uint8_t ebda[1024];
static uint16_t bda_ebda_segment;
static volatile void *fake_low_ptr(uintptr_t addr);
#define low_ptr(addr) fake_low_ptr(addr)
#include "../../stage/tables_bios.c" /* not itself */
#undef low_ptr

static volatile void *fake_low_ptr(uintptr_t addr)
{
	static uint8_t elsewhere[64];

	if (addr == BDA_EBDA_SEGMENT)
		return &bda_ebda_segment;
	if (addr >= AREA_START && addr < AREA_END)
		return &area[addr - AREA_START];
	if (addr >= EBDA && addr < EBDA + sizeof ebda)
		return &ebda[addr - EBDA];
	unit_fail(__FILE__, __LINE__, "read of low memory 0x%lx",
		  (unsigned long)addr);
	return elsewhere;
}

static uint8_t *at(uintptr_t addr)
{
	return (uint8_t *)fake_low_ptr(addr);
}

/* Set byte FIX of the LEN bytes at P so that they sum to 0.  */
static void fix_sum(uint8_t *p, uint32_t len, uint32_t fix)
{
	uint8_t s = 0;
	uint32_t i;

	p[fix] = 0;
	for (i = 0; i < len; i++)
		s += p[i];
	p[fix] = (uint8_t)-s;
}

/* A 32-bit entry point of LEN bytes at ADDR, checksums right.  */
static void put_smbios32(uintptr_t addr, uint8_t len)
{
	uint8_t *p = at(addr);

	memcpy(p, "_SM_", 4);
	p[5] = len;
	p[6] = 2; /* version 2.8 */
	p[7] = 8;
	memcpy(p + 0x10, "_DMI_", 5);
	fix_sum(p + 0x10, 15, 5);
	fix_sum(p, len, 4);
}

static void put_smbios64(uintptr_t addr)
{
	uint8_t *p = at(addr);

	memcpy(p, "_SM3_", 5);
	p[6] = 0x18;
	p[7] = 3; /* version 3.0 */
	fix_sum(p, 0x18, 5);
}

static void put_rsdp(uint8_t *p, int revision)
{
	memcpy(p, "RSD PTR ", 8);
	p[15] = (uint8_t)revision;
	fix_sum(p, 20, 8);
	if (revision >= 2) {
		p[20] = 36; /* length */
		fix_sum(p, 36, 32);
	}
}

static struct boot_state bs;

static void clean(void)
{
	memset(area, 0, sizeof area);
	memset(ebda, 0, sizeof ebda);
	bda_ebda_segment = EBDA >> 4;
	memset(&bs, 0, sizeof bs);
}

static void test_smbios(void)
{
	unit_case("smbios: none");
	clean();
	smbios_find(&bs);
	CHECK_EQ(bs.smbios32, 0);
	CHECK_EQ(bs.smbios64, 0);

	unit_case("smbios: a 32-bit entry point, and a 64-bit one last");
	clean();
	put_smbios32(0xf59f0, 0x1f);
	put_smbios64(0xfffe0);
	smbios_find(&bs);
	CHECK_EQ(bs.smbios32, 0xf59f0);
	CHECK_EQ(bs.smbios64, 0xfffe0);

	unit_case("smbios: the 2.1 length, 0x1e");
	clean();
	put_smbios32(0xf0000, 0x1e);
	smbios_find(&bs);
	CHECK_EQ(bs.smbios32, 0xf0000);

	unit_case("smbios: what is not an entry point");
	clean();
	put_smbios32(0xf1000, 0x1f);
	at(0xf1000)[0x1a]++;	     /* the _DMI_ part's checksum only: */
	fix_sum(at(0xf1000), 0x1f, 4); /* the whole is right again */
	put_smbios32(0xf1808, 0x1f); /* off the 16-byte grid */
	put_smbios32(0xf2000, 0x21); /* too long */
	put_smbios32(0xf3000, 0x1f);
	at(0xf3000)[0x8]++;	     /* the entry point's own checksum */
	put_smbios64(0xf4000);
	at(0xf4000)[0x10]++;
	put_smbios32(0xe8000, 0x1f); /* below 0xF0000 */
	smbios_find(&bs);
	CHECK_EQ(bs.smbios32, 0);
	CHECK_EQ(bs.smbios64, 0);
}

static void test_rsdp(void)
{
	unit_case("rsdp: in the EBDA first, then in the BIOS area");
	clean();
	put_rsdp(at(0xe1230), 2);
	acpi_find_rsdp(&bs);
	CHECK_EQ(bs.rsdp, 0xe1230);
	put_rsdp(&ebda[0x40], 0);
	acpi_find_rsdp(&bs);
	CHECK_EQ(bs.rsdp, EBDA + 0x40);

	unit_case("rsdp: a bad extended checksum, an EBDA pointer of 0");
	clean();
	put_rsdp(at(0xe1230), 2);
	at(0xe1230)[30]++;
	bda_ebda_segment = 0;
	acpi_find_rsdp(&bs);
	CHECK_EQ(bs.rsdp, 0);
}

int main(void)
{
	test_smbios();
	test_rsdp();
	return unit_status();
}
