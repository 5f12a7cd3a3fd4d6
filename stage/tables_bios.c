/* tables_bios.c: find the ACPI RSDP for the boot info (bs->rsdp), where the
   ACPI specification (5.2.5.1) says a BIOS puts it: on a 16-byte
   boundary in the first KiB of the EBDA, or in 0xE0000-0xFFFFF.  The
   kernel gets its physical address, or 0 if there is none.  */

#include "bios.h"

#define RSDP_SIGNATURE	 "RSD PTR "
#define RSDP_V1_LENGTH	 20
#define RSDP_V2_LENGTH	 36
#define RSDP_BIOS_START	 0xe0000
#define RSDP_BIOS_END	 0x100000
#define RSDP_EBDA_LENGTH 1024

struct __attribute__((packed)) rsdp {
	char signature[8];
	uint8_t checksum; /* bytes 0-19 sum to 0 */
	char oem[6];
	uint8_t revision; /* 0: ACPI 1.0; 2: has the fields below */
	uint32_t rsdt;
	uint32_t length;
	uint64_t xsdt;
	uint8_t extended_checksum; /* whole LENGTH sums to 0 */
	uint8_t reserved[3];
};
_Static_assert(sizeof(struct rsdp) == RSDP_V2_LENGTH, "ACPI RSDP");

static uint8_t sum(const volatile uint8_t *p, uint32_t len)
{
	uint8_t s = 0;

	while (len--)
		s += *p++;
	return s;
}

static int rsdp_valid(uintptr_t addr)
{
	const volatile struct rsdp *r = (const volatile struct rsdp *)addr;
	static const char sig[] = RSDP_SIGNATURE;
	int i;

	for (i = 0; i < 8; i++)
		if (r->signature[i] != sig[i])
			return 0;
	if (sum((const volatile uint8_t *)r, RSDP_V1_LENGTH))
		return 0;
	if (r->revision >= 2 &&
	    (r->length < RSDP_V2_LENGTH || r->length > 4096 ||
	     sum((const volatile uint8_t *)r, r->length)))
		return 0;
	return 1;
}

static uint64_t rsdp_scan(uintptr_t start, uintptr_t end)
{
	uintptr_t a;

	for (a = start; a + RSDP_V1_LENGTH <= end; a += 16)
		if (rsdp_valid(a))
			return a;
	return 0;
}

void acpi_find_rsdp(struct boot_state *bs)
{
	volatile uint16_t *seg = low_ptr(BDA_EBDA_SEGMENT);
	uintptr_t ebda = (uintptr_t)*seg << 4;

	bs->rsdp = 0;
	if (ebda >= EBDA_LOWEST && ebda < VGA_WINDOW_START)
		bs->rsdp = rsdp_scan(ebda, ebda + RSDP_EBDA_LENGTH);
	if (!bs->rsdp)
		bs->rsdp = rsdp_scan(RSDP_BIOS_START, RSDP_BIOS_END);
}
