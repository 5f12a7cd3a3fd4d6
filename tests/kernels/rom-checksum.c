/* rom-checksum -- finish a test option ROM (optionrom.S): pad it with
   zeros to 512 bytes and set its last byte so that all 512 add up to 0
   modulo 256, as the BIOS checks before it runs a ROM.

   Usage: rom-checksum FILE

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <stdio.h>
#include <stdlib.h>

#define ROM_SIZE 512

int main(int argc, char **argv)
{
	unsigned char rom[ROM_SIZE] = {0};
	unsigned sum = 0;
	size_t n, i;
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
	for (i = 0; i < ROM_SIZE - 1; i++)
		sum += rom[i];
	rom[ROM_SIZE - 1] = (unsigned char)(0x100 - sum % 0x100);
	rewind(f);
	if (fwrite(rom, 1, ROM_SIZE, f) != ROM_SIZE || fclose(f) != 0) {
		perror(argv[1]);
		return 1;
	}
	return 0;
}
