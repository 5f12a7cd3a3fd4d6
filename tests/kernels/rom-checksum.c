/* rom-checksum -- finish a test option ROM (optionrom.S): pad it with
   zeros to 512 bytes and set its last byte so that all 512 add up to 0
   modulo 256, as the BIOS checks before it runs a ROM; before that, in
   a PnP ROM, the checksum byte of the PnP header, whose 32 bytes must
   add up to 0 too.

   Usage: rom-checksum FILE

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROM_SIZE	  512
#define ROM_PNP_OFFSET	  0x1a /* word: the PnP header's offset, or 0 */
#define PNP_SIZE	  32
#define PNP_CHECKSUM	  9

static unsigned char sum(const unsigned char *p, size_t n)
{
	unsigned s = 0;

	while (n--)
		s += *p++;
	return (unsigned char)s;
}

/* A PnP header at the offset the ROM header gives: fix its checksum.  */
static void fix_pnp(unsigned char *rom)
{
	unsigned off = rom[ROM_PNP_OFFSET] | rom[ROM_PNP_OFFSET + 1] << 8;
	unsigned char *pnp = rom + off;

	if (!off || off + PNP_SIZE > ROM_SIZE - 1 || memcmp(pnp, "$PnP", 4))
		return;
	pnp[PNP_CHECKSUM] = 0;
	pnp[PNP_CHECKSUM] = (unsigned char)(0x100 - sum(pnp, PNP_SIZE));
}

int main(int argc, char **argv)
{
	unsigned char rom[ROM_SIZE] = {0};
	size_t n;
	FILE *f;

	if (argc != 2) {
		fprintf(stderr, "usage: rom-checksum FILE\n");
		return 2;
	}
	f = fopen(argv[1], "r+b");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	n = fread(rom, 1, ROM_SIZE, f);
	if (n == ROM_SIZE) {
		fprintf(stderr, "%s: no room for the checksum byte\n", argv[1]);
		return 1;
	}
	fix_pnp(rom);
	rom[ROM_SIZE - 1] = (unsigned char)(0x100 - sum(rom, ROM_SIZE - 1));
	rewind(f);
	if (fwrite(rom, 1, ROM_SIZE, f) != ROM_SIZE || fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
