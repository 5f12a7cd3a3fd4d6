/* libFuzzer target for the kernel ELF checks, lib/kernel.c: every input
   is written to a memory file and opened with ckb_kernel_open(), which
   must refuse it or accept it without crashing, leaking or hanging.
   "make fuzz" (tests/fuzz.am) runs it over the corpus in tests/fuzz/elf:
   small kernels built by gcc and ld, with and without a CKBOOT_CONFIG
   note, and damaged copies of them.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#define _GNU_SOURCE
#include <config.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "ckboot.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ckb_kernel k;
	struct ckb_error err;
	char path[64];
	int fd = memfd_create("fuzz-elf", MFD_CLOEXEC);

	if (fd < 0) {
		perror("memfd_create");
		abort();
	}
	if (size && write(fd, data, size) != (ssize_t)size) {
		perror("write");
		abort();
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
	if (ckb_kernel_open(path, &k, &err) == 0) {
		/* What an accepted kernel promises the installer.  */
		if (k.nseg == 0 || k.nseg > CKB_MAX_SEGMENTS ||
		    k.size != size || k.vstart >= k.vend)
			abort();
		ckb_kernel_close(&k);
	}
	close(fd);
	return 0;
}
