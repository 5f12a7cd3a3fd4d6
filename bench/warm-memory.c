/* warm-memory.c -- touch, then free, some of the host's memory: run-bench
   runs it before every boot, whichever loader boots.

   When the host is itself a virtual machine whose hypervisor takes back
   the memory its guest frees (free page reporting, ballooning), the
   first touch of memory freed a few seconds ago costs several times that
   of memory freed just now, because the hypervisor has to back it
   again.  Measured on the machine of bench/results.md: 32 MiB in 4-5 ms
   right after another process freed them, 19-79 ms some seconds later.
   A loader that loads a 32 MiB kernel touches 32 MiB of guest RAM that
   QEMU has just mapped, the floor next to nothing; without this, how
   long ago the previous boot ended would decide a good part of a ratio.
   The pages freed here are the first the kernel hands out again, so the
   QEMU started next gets warm ones.

   Usage: warm-memory MIB

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	volatile char *p;
	size_t size, page, i;
	char *end;
	long mib;

	if (argc != 2 || (mib = strtol(argv[1], &end, 10)) <= 0 || *end) {
		fprintf(stderr, "usage: warm-memory MIB\n");
		return 2;
	}
	size = (size_t)mib << 20;
	page = (size_t)sysconf(_SC_PAGESIZE);
	p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		fprintf(stderr, "warm-memory: cannot map %ld MiB: %s\n", mib,
			strerror(errno));
		return 1;
	}
#ifdef MADV_HUGEPAGE
	/* QEMU asks for huge pages for guest RAM: free the same kind.  */
	madvise((void *)p, size, MADV_HUGEPAGE);
#endif
	for (i = 0; i < size; i += page)
		p[i] = 1;
	munmap((void *)p, size);
	return 0;
}
