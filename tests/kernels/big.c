/* big.c: a kernel of more than 16 MiB must arrive intact (issue 3).

   The build links blob.bin, BLOB_SIZE bytes of gen-blob output, into
   .rodata (as _binary_blob_bin_start/_end); this kernel regenerates the
   stream and compares every byte, so any sector read wrongly, short or
   out of order is reported with its offset.  */

#include "tk.h"
#include "blob.h"

const char tk_name[] = "big";

extern const uint8_t _binary_blob_bin_start[], _binary_blob_bin_end[];

static void check_blob(void)
{
	const uint8_t *p = _binary_blob_bin_start;
	uint64_t size = _binary_blob_bin_end - _binary_blob_bin_start;
	uint64_t state = BLOB_SEED, i;

	CHECK(size == BLOB_SIZE, "blob is %llu bytes, built with %llu",
	      (unsigned long long)size, (unsigned long long)BLOB_SIZE);
	for (i = 0; i < size; i += 8) {
		uint64_t w = blob_next(&state);
		unsigned j;

		for (j = 0; j < 8 && i + j < size; j++)
			if (p[i + j] != (uint8_t)(w >> (8 * j)))
				tk_fail("blob byte at offset %llu (0x%llx, "
					"address %p) is 0x%02x, expected "
					"0x%02x",
					(unsigned long long)(i + j),
					(unsigned long long)(i + j),
					(void *)&p[i + j], p[i + j],
					(uint8_t)(w >> (8 * j)));
	}
	tk_checks++;
	tk_printf("blob: %llu bytes (%llu MiB) at %p arrived intact\n",
		  (unsigned long long)size, (unsigned long long)(size >> 20),
		  (void *)p);
}

void kernel_main(struct ckboot_info *bi)
{
	CHECK(bi->kernel_image_size > BLOB_SIZE,
	      "kernel image %llu bytes, smaller than its blob",
	      (unsigned long long)bi->kernel_image_size);
	tk_check_stack();
	tk_memmap_check();
	check_blob();
}
