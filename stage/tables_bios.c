/* tables_bios.c: find the firmware's tables for the boot info where a
   BIOS puts them, as the specifications say; a UEFI front end will take
   them from the configuration table instead.  The kernel gets their
   physical addresses, or 0 for a table there is none of.

   - The ACPI RSDP (bs->rsdp; ACPI 5.2.5.1): on a 16-byte boundary in
     the first KiB of the EBDA, or in 0xE0000-0xFFFFF.
   - The SMBIOS entry points (bs->smbios32, bs->smbios64; DSP0134 5.2):
     on a 16-byte boundary in 0xF0000-0xFFFFF, "_SM_" for the 32-bit
     one, "_SM3_" for the 64-bit one of SMBIOS 3.0; a BIOS may have
     both.  */

#include "bios.h"

#define RSDP_SIGNATURE	 "RSD PTR "
#define RSDP_V1_LENGTH	 20
#define RSDP_V2_LENGTH	 36
#define RSDP_BIOS_START	 0xe0000
#define RSDP_BIOS_END	 0x100000
#define RSDP_EBDA_LENGTH 1024

#define SMBIOS_START	     0xf0000
#define SMBIOS_END	     0x100000
#define SMBIOS_MAX_LENGTH    0x20 /* of either entry point, read as far */
#define SMBIOS32_MIN_LENGTH  0x1e /* at offset 5: 0x1f (2.1 said 0x1e) */
#define SMBIOS32_DMI	     0x10 /* "_DMI_", checksummed over 15 bytes */
#define SMBIOS32_DMI_LENGTH  15
#define SMBIOS64_MIN_LENGTH  0x18 /* at offset 6 */

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

/* The LEN bytes at A begin with SIG.  All reads go through low_ptr(),
   which tests/unit/tables_bios.c points at a fake BIOS area.  */
static int has_signature(uintptr_t a, const char *sig, uint32_t len)
{
	const volatile char *p = low_ptr(a);
	uint32_t i;

	for (i = 0; i < len; i++)
		if (p[i] != sig[i])
			return 0;
	return 1;
}

static int rsdp_valid(uintptr_t addr)
{
	const volatile struct rsdp *r = low_ptr(addr);

	if (!has_signature(addr, RSDP_SIGNATURE, 8))
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

/* A 32-bit entry point at A: its own checksum, and the intermediate
   "_DMI_" anchor's.  */
static int smbios32_valid(uintptr_t a)
{
	const volatile uint8_t *p = low_ptr(a);

	return has_signature(a, "_SM_", 4) && p[5] >= SMBIOS32_MIN_LENGTH &&
	       p[5] <= SMBIOS_MAX_LENGTH && !sum(p, p[5]) &&
	       has_signature(a + SMBIOS32_DMI, "_DMI_", 5) &&
	       !sum(p + SMBIOS32_DMI, SMBIOS32_DMI_LENGTH);
}

static int smbios64_valid(uintptr_t a)
{
	const volatile uint8_t *p = low_ptr(a);

	return has_signature(a, "_SM3_", 5) && p[6] >= SMBIOS64_MIN_LENGTH &&
	       p[6] <= SMBIOS_MAX_LENGTH && !sum(p, p[6]);
}

void smbios_find(struct boot_state *bs)
{
	uintptr_t a;

	bs->smbios32 = bs->smbios64 = 0;
	for (a = SMBIOS_START; a + SMBIOS_MAX_LENGTH <= SMBIOS_END; a += 16) {
		if (!bs->smbios32 && smbios32_valid(a))
			bs->smbios32 = a;
		if (!bs->smbios64 && smbios64_valid(a))
			bs->smbios64 = a;
	}
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
