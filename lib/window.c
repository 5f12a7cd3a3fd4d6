/* window.c: read-only mappings of part of a file, for a file's CRC-32
   and the read-back of an image (file.c, write.c).

   Reading through a mapping saves copying every byte into a buffer,
   but a file that another program truncates meanwhile turns the next
   access to a page past its new end into SIGBUS, where read() would
   have returned short.  window_guard() runs the accesses with SIGBUS
   turned into a failed return, so a kernel shortened while it is being
   installed is refused and the install rolled back, as before.
   Threads started inside window_guard() catch their own SIGBUS with
   window_catch().

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>

#include "window.h"

/* mmap() wants offsets at multiples of the page size; this is the
   largest page size Linux uses for files.  */
#define WINDOW_ALIGN 65536

int window_map(struct window *w, int fd, uint64_t off, size_t len)
{
	uint64_t start = off & ~(uint64_t)(WINDOW_ALIGN - 1);

	w->maplen = len + (size_t)(off - start);
	w->map = mmap(NULL, w->maplen, PROT_READ, MAP_SHARED | MAP_POPULATE, fd,
		      (off_t)start);
	if (w->map == MAP_FAILED) {
		w->map = NULL;
		return -1;
	}
	w->p = (const uint8_t *)w->map + (off - start);
	return 0;
}

void window_unmap(struct window *w)
{
	if (w->map)
		munmap(w->map, w->maplen);
	w->map = NULL;
}

/* Each thread's innermost window_catch(): SIGBUS is delivered to the
   thread that touched the vanished page, and returns there.  */
static _Thread_local sigjmp_buf *bus_jump;

static void on_sigbus(int sig)
{
	if (!bus_jump) {
		/* Not one of ours: let the access fault again, fatally.  */
		signal(sig, SIG_DFL);
		return;
	}
	siglongjmp(*bus_jump, 1);
}

int window_catch(int (*fn)(void *), void *arg)
{
	sigjmp_buf here, *outer = bus_jump;
	volatile int r = -1;

	bus_jump = &here;
	if (sigsetjmp(here, 1) == 0)
		r = fn(arg);
	bus_jump = outer;
	return r;
}

int window_guard(int (*fn)(void *), void *arg)
{
	struct sigaction sa = {.sa_handler = on_sigbus}, old;
	int r;

	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &old) < 0)
		return -1;
	r = window_catch(fn, arg);
	sigaction(SIGBUS, &old, NULL);
	return r;
}
