/* Unit tests for stage/a20.c: the doors to the A20 gate are tried in
   order (already open?  INT 15h AX=2401h, the 8042, port 0x92), each is
   judged by the wrap-around test alone, and a gate nothing opens is a
   panic, not a hang.

   The machine is simulated.  Its memory wraps for real: the page 1 MiB
   above the probe word is the same file page mapped twice while the
   gate is closed, and a page of its own once it is open, so a20.c's
   check reads exactly what it would on a PC.  Port I/O and bios_int()
   are fakes that model the BIOS call, the 8042 (status, stale output
   bytes, command D1h and the output port byte) and System Control
   Port A, and log which door was used.

   a20.c is #included rather than linked: x86.h's inb()/outb()/
   io_wait() are renamed away as it is read and the fakes take their
   names, and the probe word becomes a pointer into the simulated
   memory.  */

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define inb	x86_inb
#define outb	x86_outb
#define io_wait x86_io_wait
#include "bios.h"
#undef inb
#undef outb
#undef io_wait
#include "unit.h"

static uint8_t inb(uint16_t port);
static void outb(uint16_t port, uint8_t v);
static void io_wait(void);
#define a20_probe (*a20_probe_ptr)
#include "../../stage/a20.c" /* not itself */
#undef a20_probe

#define MIB	  0x100000UL
#define PAGE	  4096UL
#define PROBE_AT  0x7c0	     /* where in its page the probe word lives */
#define KBC_STALE 0xfa	     /* a byte the 8042 had waiting */
#define FOREVER	  (1U << 22) /* status reads that count as a hang */

/* ---- the simulated machine ---- */
static struct {
	int gate;	    /* A20 open */
	int bios_opens;	    /* INT 15h AX=2401h works */
	int kbc;	    /* an 8042 answers (else the bus reads 0xff) */
	int kbc_opens;	    /* its output port bit 1 drives the gate */
	int kbc_busy;	    /* input buffer full, for ever */
	int kbc_stale;	    /* bytes waiting in its output buffer */
	int kbc_command;    /* D1h written: the next data byte is the port */
	uint8_t kbc_port;   /* the output port byte last written */
	unsigned kbc_reads; /* of its status */
	uint8_t port92;	    /* System Control Port A */
	int port92_opens;   /* its bit 1 drives the gate */
	unsigned delay;	    /* io_wait()s between a door and the gate */
	unsigned pending;   /* countdown to an opening under way */
	char log[16];	    /* doors used: B(IOS), K(BC), P(ort 0x92) */
} pc;

static int mem_fd = -1;
static unsigned char *low_page;	 /* the probe word's page... */
static unsigned char *high_page; /* ...and the page 1 MiB above it */

static void log_door(char c)
{
	size_t n = strlen(pc.log);

	if (n + 1 < sizeof pc.log)
		pc.log[n] = c;
}

static void map_page(void *at, int shared)
{
	void *p = shared ? mmap(at, PAGE, PROT_READ | PROT_WRITE,
				MAP_SHARED | MAP_FIXED, mem_fd, 0)
			 : mmap(at, PAGE, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	if (p != at) {
		unit_fail(__FILE__, __LINE__, "cannot map the test's memory");
		exit(99);
	}
}

/* Closed: address bit 20 is dropped, the high page IS the low one.
   Open: the high page is memory of its own, zero.  */
static void gate_set(int open)
{
	pc.gate = open;
	map_page(high_page, !open);
}

/* A door was opened: the gate follows at once or after pc.delay.  */
static void gate_opens(void)
{
	if (pc.gate || pc.pending)
		return;
	if (pc.delay)
		pc.pending = pc.delay;
	else
		gate_set(1);
}

static void io_wait(void)
{
	if (pc.pending && --pc.pending == 0)
		gate_set(1);
}

static uint8_t inb(uint16_t port)
{
	switch (port) {
	case KBC_STATUS:
		if (++pc.kbc_reads == FOREVER) {
			unit_fail(__FILE__, __LINE__,
				  "the 8042 is polled for ever");
			pc.kbc_busy = pc.kbc_stale = 0; /* let it go */
		}
		if (!pc.kbc)
			return 0xff;
		return (pc.kbc_busy ? KBC_STATUS_IBF : 0) |
		       (pc.kbc_stale ? KBC_STATUS_OBF : 0);
	case KBC_DATA:
		if (pc.kbc && pc.kbc_stale) {
			pc.kbc_stale--;
			return KBC_STALE;
		}
		return pc.kbc ? 0 : 0xff;
	case PORT_SYSTEM_CONTROL_A:
		return pc.port92;
	}
	unit_fail(__FILE__, __LINE__, "inb from port 0x%x", port);
	return 0xff;
}

static void kbc_write(uint16_t port, uint8_t v)
{
	if (pc.kbc_busy || !pc.kbc)
		unit_fail(__FILE__, __LINE__,
			  "write 0x%x to the 8042 while it cannot take it", v);
	if (port == KBC_COMMAND) {
		if (v != KBC_CMD_WRITE_OUTPUT)
			unit_fail(__FILE__, __LINE__, "8042 command 0x%x", v);
		pc.kbc_command = 1;
		return;
	}
	if (!pc.kbc_command) {
		unit_fail(__FILE__, __LINE__, "8042 data 0x%x, no command", v);
		return;
	}
	pc.kbc_command = 0;
	pc.kbc_port = v;
	log_door('K');
	if (!(v & 0x01))
		unit_fail(__FILE__, __LINE__,
			  "8042 output port 0x%x holds the CPU in reset", v);
	if (pc.kbc_opens && (v & 0x02))
		gate_opens();
}

static void outb(uint16_t port, uint8_t v)
{
	switch (port) {
	case KBC_COMMAND:
	case KBC_DATA:
		kbc_write(port, v);
		return;
	case PORT_SYSTEM_CONTROL_A:
		log_door('P');
		if (v & SCA_RESET)
			unit_fail(__FILE__, __LINE__,
				  "port 0x92 written 0x%x: machine reset", v);
		pc.port92 = v;
		if (pc.port92_opens && (v & SCA_A20))
			gate_opens();
		return;
	}
	unit_fail(__FILE__, __LINE__, "outb 0x%x to port 0x%x", v, port);
}

void bios_int(uint8_t vector, const struct bios_regs *in, struct bios_regs *out)
{
	struct bios_regs r = *in;

	if (vector != INT_SYSTEM || in->eax != INT15_A20_ENABLE) {
		unit_fail(__FILE__, __LINE__, "INT 0x%x EAX 0x%x", vector,
			  in->eax);
		r.eflags |= EFLAGS_CF;
		*out = r;
		return;
	}
	log_door('B');
	if (pc.bios_opens) {
		gate_opens();
		r.eflags &= ~EFLAGS_CF;
		r.eax = 0;
	} else {
		r.eflags |= EFLAGS_CF;
		r.eax = 0x8600; /* function not supported */
	}
	*out = r;
}

/* A closed gate on a PC with an 8042 and port 0x92 that open nothing
   and a BIOS without 2401h; each case says what works.  */
static void machine_reset(const char *name)
{
	unit_case(name);
	memset(&pc, 0, sizeof pc);
	pc.kbc = 1;
	map_page(low_page, 1);
	memset(low_page, 0, PAGE);
	gate_set(0);
}

static void machine_init(void)
{
	char path[] = "/tmp/unit-a20.XXXXXX";
	unsigned char *arena =
	    (unsigned char *)(uintptr_t)unit_arena(MIB + PAGE);

	mem_fd = mkstemp(path);
	if (mem_fd < 0 || unlink(path) || ftruncate(mem_fd, PAGE)) {
		unit_fail(__FILE__, __LINE__, "no file for the test's memory");
		exit(99);
	}
	low_page = arena;
	high_page = arena + MIB;
	a20_probe_ptr = (volatile uint32_t *)(low_page + PROBE_AT);
}

static void check_log(const char *doors, int line)
{
	if (strcmp(pc.log, doors))
		unit_fail(__FILE__, line, "doors used \"%s\", expected \"%s\"",
			  pc.log, doors);
}

#define CHECK_LOG(doors) check_log((doors), __LINE__)

/* ---- the cases ---- */

static void test_already_on(void)
{
	machine_reset("already on: no door is touched");
	gate_set(1);
	*a20_probe_ptr = 0x12345678;
	a20_enable();
	CHECK_LOG("");
	CHECK_EQ(*a20_probe_ptr, 0x12345678); /* the probe puts it back */
}

/* With the gate open, the high word may hold the pattern by chance:
   the second pattern tells.  */
static void test_chance_match(void)
{
	machine_reset("already on, high word equal by chance");
	gate_set(1);
	*(volatile uint32_t *)(high_page + PROBE_AT) = 0x4132304f;
	a20_enable();
	CHECK_LOG("");
}

static void test_bios(void)
{
	machine_reset("INT 15h AX=2401h opens it");
	pc.bios_opens = 1;
	*a20_probe_ptr = 0xcafe;
	a20_enable();
	CHECK(pc.gate);
	CHECK_LOG("B");
	CHECK_EQ(*a20_probe_ptr, 0xcafe);
}

static void test_kbc(void)
{
	machine_reset("the BIOS fails, the 8042 opens it");
	pc.kbc_opens = 1;
	a20_enable();
	CHECK(pc.gate);
	CHECK_LOG("BK");
	CHECK_EQ(pc.kbc_port, KBC_OUTPUT_A20_ON);
}

/* Bytes left in the 8042's output buffer are drained first; a gate
   that takes a while to follow is waited for.  */
static void test_kbc_stale_slow(void)
{
	machine_reset("the 8042, with stale output and a slow gate");
	pc.kbc_opens = 1;
	pc.kbc_stale = 2;
	pc.delay = 200;
	a20_enable();
	CHECK(pc.gate);
	CHECK_LOG("BK");
	CHECK_EQ(pc.kbc_stale, 0);
}

/* No 8042 (a bus that reads 0xff): port 0x92, keeping the reset bit 0
   even when it reads as 1.  */
static void test_port92(void)
{
	machine_reset("no 8042: port 0x92 opens it, never resetting");
	pc.kbc = 0;
	pc.port92_opens = 1;
	pc.port92 = SCA_RESET | 0x40;
	a20_enable();
	CHECK(pc.gate);
	CHECK_LOG("BP");
	CHECK_EQ(pc.port92, SCA_A20 | 0x40);
	CHECK(pc.kbc_reads < 10); /* no 8042 to wait for */
}

/* An 8042 that never takes a byte is given up on, not waited for for
   ever, and nothing is written to it.  */
static void test_kbc_stuck(void)
{
	machine_reset("8042 stuck busy: port 0x92 opens it");
	pc.kbc_busy = 1;
	pc.port92_opens = 1;
	a20_enable();
	CHECK(pc.gate);
	CHECK_LOG("BP");
}

static void test_nothing(void)
{
	machine_reset("nothing opens it: panic");
	EXPECT_PANIC("cannot enable the A20 line", a20_enable());
	CHECK(!pc.gate);
	CHECK_LOG("BKP");
}

int main(void)
{
	machine_init();
	test_already_on();
	test_chance_match();
	test_bios();
	test_kbc();
	test_kbc_stale_slow();
	test_port92();
	test_kbc_stuck();
	test_nothing();
	return unit_status();
}
