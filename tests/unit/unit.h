/* unit.h: the host harness for the loader core's unit tests.

   The tests compile stage/ sources (memmap.c, elf.c, paging.c, ...) with
   the host compiler, unchanged.  host.c stands in for the loader's
   console: printf() output goes to stdout, and panic() records its
   message and longjmp()s back into EXPECT_PANIC, so every panic path
   can be checked for its message.  Memory the stage code treats as
   physical comes from unit_arena(): host memory mapped at a fixed low
   address, so that a "physical address" is also a valid host pointer
   and below the loader's 4 GiB limit, as phys_ptr() assumes.

   Test files include boot.h and this header, not <stdio.h>: boot.h
   declares the loader's void printf().  */

#ifndef TESTS_UNIT_H
#define TESTS_UNIT_H

#include <setjmp.h>
#include <stdint.h>

extern jmp_buf *unit_panic_jmp;
extern char unit_panic_msg[512];

/* Report one failed check (printf-style) and count it.  */
void unit_fail(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Announce a test case; "ok"/"FAIL" lines go to stdout.  */
void unit_case(const char *name);
/* Exit status for main(): 0 if nothing failed, 1 otherwise.  */
int unit_status(void);
/* Message of the last panic contains NEEDLE (else a failure).  */
void unit_check_panic(const char *file, int line, const char *needle);

/* SIZE bytes of zeroed host memory at a fixed address in [1 MiB, 4 GiB),
   page aligned.  Exits 99 if none can be mapped.  */
uint64_t unit_arena(uint64_t size);

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond))                                                   \
			unit_fail(__FILE__, __LINE__, "%s", #cond);            \
	} while (0)

#define CHECK_EQ(a, b)                                                         \
	do {                                                                   \
		unsigned long long a_ = (a), b_ = (b);                         \
		if (a_ != b_)                                                  \
			unit_fail(__FILE__, __LINE__,                          \
				  "%s == 0x%llx, expected %s == 0x%llx", #a,   \
				  a_, #b, b_);                                 \
	} while (0)

/* Run STMT, which must panic with a message containing NEEDLE.  */
#define EXPECT_PANIC(needle, stmt)                                             \
	do {                                                                   \
		jmp_buf jb_;                                                   \
		unit_panic_jmp = &jb_;                                         \
		if (!setjmp(jb_)) {                                            \
			stmt;                                                  \
			unit_panic_jmp = 0;                                    \
			unit_fail(__FILE__, __LINE__,                          \
				  "no panic, expected \"%s\"", needle);        \
		} else {                                                       \
			unit_panic_jmp = 0;                                    \
			unit_check_panic(__FILE__, __LINE__, needle);          \
		}                                                              \
	} while (0)

#endif /* TESTS_UNIT_H */
