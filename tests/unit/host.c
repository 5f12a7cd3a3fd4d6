/* host.c: what the loader core needs from its surroundings, on the host.

   In the loader, console.c provides printf() and panic() and longmode.S
   the trampoline page.  Here printf() writes to stdout (marked "# ",
   so it reads as commentary in the test log), panic() keeps its message
   for EXPECT_PANIC and jumps back to it, and unit_arena() supplies
   memory whose host address can serve as a physical one.  See unit.h.  */

#undef _FORTIFY_SOURCE /* printf() is replaced below */
#include <setjmp.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "unit.h"

jmp_buf *unit_panic_jmp;
char unit_panic_msg[512];
static int failures;
static const char *current_case = "(setup)";

/* The stage code's printf: boot.h declares it void, which is call-
   compatible with this definition.  */
int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	fputs("# ", stdout);
	va_start(ap, fmt);
	n = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return n;
}

__attribute__((noreturn)) void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(unit_panic_msg, sizeof unit_panic_msg, fmt, ap);
	va_end(ap);
	if (unit_panic_jmp)
		longjmp(*unit_panic_jmp, 1);
	fprintf(stdout, "FAIL %s: unexpected panic: %s\n", current_case,
		unit_panic_msg);
	exit(1);
}

/* longmode.S is 32-bit code and is not built for the host; its page
   sits at a typical place in the loader image.  */
void longmode_code(uint64_t *start, uint64_t *end)
{
	*start = 0x9000;
	*end = 0xa000;
}

void unit_case(const char *name)
{
	current_case = name;
	fprintf(stdout, "# case %s\n", name);
}

void unit_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stdout, "FAIL %s (%s:%d): ", current_case, file, line);
	va_start(ap, fmt);
	vfprintf(stdout, fmt, ap);
	va_end(ap);
	fputc('\n', stdout);
	failures++;
}

void unit_check_panic(const char *file, int line, const char *needle)
{
	if (!strstr(unit_panic_msg, needle))
		unit_fail(file, line, "panic \"%s\", expected \"%s\"",
			  unit_panic_msg, needle);
	else
		fprintf(stdout, "# panicked as expected: %s\n", unit_panic_msg);
}

int unit_status(void)
{
	fflush(stdout);
	if (failures)
		fprintf(stdout, "%d check(s) failed\n", failures);
	return failures ? 1 : 0;
}

/* Mapped at a hint in the first 4 GiB and kept only if the kernel gave
   exactly that address; the first free hint wins.  */
uint64_t unit_arena(uint64_t size)
{
	uintptr_t hint;
	void *p;

	for (hint = 0x10000000; hint < 0xf0000000; hint += 0x10000000) {
		p = mmap((void *)hint, size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == (void *)hint)
			return hint;
		if (p != MAP_FAILED)
			munmap(p, size);
	}
	fprintf(stdout, "cannot map %llu bytes below 4 GiB for the test\n",
		(unsigned long long)size);
	exit(99);
}
