/* window.h: read-only mappings of part of a file (window.c), used
   where libckboot reads a kernel or an image it has just written.  */

#ifndef CKBOOT_WINDOW_H
#define CKBOOT_WINDOW_H

#include <stddef.h>
#include <stdint.h>

struct window {
	void *map; /* NULL when nothing is mapped */
	size_t maplen;
	const uint8_t *p; /* the bytes at the offset asked for */
};

/* Map LEN bytes of FD from OFF (any offset) read-only into W, paged in
   at once; 0, or -1 with W->map NULL.  */
int window_map(struct window *w, int fd, uint64_t off, size_t len);
void window_unmap(struct window *w);
/* FN(ARG)'s result, or -1 if a mapped page vanished under it (SIGBUS:
   the file was truncated meanwhile).  */
int window_guard(int (*fn)(void *), void *arg);
/* The same, in a thread started while window_guard() runs (which has
   installed the SIGBUS handler for the whole process).  */
int window_catch(int (*fn)(void *), void *arg);

#endif /* CKBOOT_WINDOW_H */
