/* gen-blob: write SIZE bytes of incompressible data for big.elf.

   big.elf carries this file in its .rodata and regenerates the same
   stream at boot (blob.h), so a kernel of more than 16 MiB must arrive
   byte for byte: a compressing or short read, a wrong sector or a page
   mapped twice shows as the first offset that differs.

   Usage: gen-blob SIZE OUTPUT  */

#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include "blob.h"

int main(int argc, char **argv)
{
	uint64_t state = BLOB_SEED, size, i;
	FILE *out;

	if (argc != 3) {
		fprintf(stderr, "usage: gen-blob SIZE OUTPUT\n");
		return 2;
	}
	size = strtoull(argv[1], NULL, 0);
	out = fopen(argv[2], "wb");
	if (!out) {
		perror(argv[2]);
		return 1;
	}
	for (i = 0; i < size; i += 8) {
		uint64_t w = blob_next(&state);
		unsigned char b[8];
		int j;

		for (j = 0; j < 8; j++)
			b[j] = (unsigned char)(w >> (8 * j));
		fwrite(b, 1, size - i < 8 ? size - i : 8, out);
	}
	if (fclose(out) != 0) {
		perror(argv[2]);
		return 1;
	}
	return 0;
}
