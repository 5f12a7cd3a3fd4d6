/* a20.c: open the A20 gate, in loader_main() once the console is up.

   With A20 masked, address bit 20 reads as zero and everything from
   1 MiB up aliases the first megabyte: the kernel could not be loaded.
   Firmware differs in which door works, so try them from the gentlest
   to the bluntest and verify after each, as Linux's a20.c does: already
   on?  INT 15h AX=2401h; the keyboard controller; "fast A20" port 0x92.
   The loader's identity map reaches 1 MiB up directly.  */

#include "bios.h"

#define A20_PROBE_TRIES 1000 /* some gates need a moment to open */
#define KBC_SPIN	100000

static volatile uint32_t a20_probe;

/* Is A20 on?  Write a word below 1 MiB and look for it 1 MiB higher; a
   match might be chance, so change the word and look again.  */
static int a20_on(void)
{
	volatile uint32_t *low = &a20_probe;
	volatile uint32_t *high =
	    (volatile uint32_t *)((uintptr_t)low + 0x100000);
	uint32_t saved = *low;
	int i, on = 0;

	for (i = 0; i < 2 && !on; i++) {
		*low = 0x4132304f ^ i; /* "O02A" */
		__asm__ volatile("" ::: "memory");
		on = *high != *low;
	}
	*low = saved;
	return on;
}

static int a20_wait_on(void)
{
	int i;

	for (i = 0; i < A20_PROBE_TRIES; i++) {
		if (a20_on())
			return 1;
		io_wait();
	}
	return 0;
}

static void a20_bios(void)
{
	struct bios_regs r;

	bios_regs_init(&r);
	r.eax = INT15_A20_ENABLE;
	bios_int(INT_SYSTEM, &r, &r);
}

/* Wait until the 8042 can take a byte; 0 if it never can (no 8042).  */
static int kbc_ready(void)
{
	int i;

	for (i = 0; i < KBC_SPIN; i++) {
		uint8_t status = inb(KBC_STATUS);

		if (status == 0xff) /* nothing on the bus */
			return 0;
		if (status & KBC_STATUS_OBF) { /* drop stale input */
			(void)inb(KBC_DATA);
			continue;
		}
		if (!(status & KBC_STATUS_IBF))
			return 1;
		io_wait();
	}
	return 0;
}

static void a20_kbc(void)
{
	if (!kbc_ready())
		return;
	outb(KBC_COMMAND, KBC_CMD_WRITE_OUTPUT);
	if (!kbc_ready())
		return;
	outb(KBC_DATA, KBC_OUTPUT_A20_ON);
	kbc_ready();
}

static void a20_port92(void)
{
	uint8_t v = inb(PORT_SYSTEM_CONTROL_A);

	/* Bit 0 resets the machine: never write it as 1.  */
	if (!(v & SCA_A20))
		outb(PORT_SYSTEM_CONTROL_A, (v | SCA_A20) & ~SCA_RESET);
}

void a20_enable(void)
{
	if (a20_on())
		return;
	a20_bios();
	if (a20_wait_on())
		return;
	a20_kbc();
	if (a20_wait_on())
		return;
	a20_port92();
	if (a20_wait_on())
		return;
	panic("cannot enable the A20 line");
}
