/* main.c: loader_main(), the whole boot sequence of the BIOS loader.

   entry.S has switched to 64-bit long mode, moved a small kernel
   that mbr.S read along to the bounce buffer, cleared .bss and called
   us.  Each step below either succeeds or panics with a message on the
   screen and COM1.  cpu.c's check and SSE switch come first, before any
   trip to real mode; then the firmware steps, while BIOS calls are
   still possible; the core steps (elf.c, place.c, paging.c,
   bootinfo.c) then build the kernel's world and longmode.S jumps into
   it.  */

#include "bios.h"

/* entry.S: filled at build time there, completed by ckboot-install
   (kernel_lba, kernel_size, kernel_crc32, config).  */
extern struct ckboot_loader_header loader_header;
_Static_assert(__builtin_offsetof(struct ckboot_loader_header, version) ==
		       8 &&
		   __builtin_offsetof(struct ckboot_loader_header,
				      header_size) == 12 &&
		   __builtin_offsetof(struct ckboot_loader_header,
				      loader_size) == 16,
	       "entry.S's loader_header");

static struct boot_state boot_state;

/* ---- CPU exceptions while the loader runs ---- */

struct __attribute__((packed)) idt_gate {
	uint16_t offset_low;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_high;
	uint32_t reserved;
};
_Static_assert(sizeof(struct idt_gate) == 16, "64-bit IDT gate");

#define IDT_GATE_INTERRUPT 0x8e /* present, ring 0, interrupt gate */
#define EXCEPTIONS	     32
#define EXCEPTION_STUB_SIZE  16 /* entry.S */

extern char exception_stubs[]; /* entry.S */
static struct idt_gate idt[EXCEPTIONS];

/* The BIOS left the real-mode IVT in IDTR, which long mode would read
   as gates: a fault would run garbage.  Point every exception at
   entry.S's stubs instead; bios_int() keeps this IDT across its trips
   to real mode.  longmode.S replaces it (or the kernel does).  */
static void exceptions_init(void)
{
	struct __attribute__((packed)) {
		uint16_t limit;
		uint64_t base;
	} desc = {sizeof(idt) - 1, (uintptr_t)idt};
	uint32_t i, stub;

	for (i = 0; i < EXCEPTIONS; i++) {
		/* The loader lies below 4 GiB: offset_high stays 0.  */
		stub = (uintptr_t)exception_stubs + i * EXCEPTION_STUB_SIZE;
		idt[i] = (struct idt_gate){
		    .offset_low = stub & 0xffff,
		    .selector = SEL_CODE64,
		    .type = IDT_GATE_INTERRUPT,
		    .offset_mid = stub >> 16,
		};
	}
	__asm__ volatile("lidt %0" : : "m"(desc));
}

/* From entry.S's stubs: a loader bug or a firmware surprise.  */
void exception_report(uint64_t vector, uint64_t error, uint64_t rip)
{
	static const char names[EXCEPTIONS][4] = {
	    "DE", "DB", "NMI", "BP", "OF", "BR", "UD", "NM", "DF", "-",	 "TS",
	    "NP", "SS", "GP",  "PF", "-",  "MF", "AC", "MC", "XM", "VE", "CP",
	    "-",  "-",	"-",   "-",  "-",  "-",	 "-",  "-",  "-",  "-",
	};

	panic("CPU exception %u (#%s) in the loader at rip %08x, "
	      "error code %x",
	      (uint32_t)vector, vector < EXCEPTIONS ? names[vector] : "?",
	      (uint32_t)rip, (uint32_t)error);
}

void loader_main(void)
{
	struct boot_state *bs = &boot_state;

	bs->boot_drive = bios_boot_drive;
	bs->hdr = &loader_header;

	exceptions_init();
	/* Before the first trip to real mode, so that realmode.S is
	   translated once, with SSE on (cpu.c says why).  A panic here
	   reaches COM1, and the screen if the BIOS left it in text.  */
	cpu_check(&bs->cpu);
	cpu_sse_on();
	video_text_mode(); /* the screen console.c writes to */
	console_init();	   /* from here on, failures are seen */
	a20_enable();
	memmap_read(&bs->map);
	acpi_find_rsdp(bs);
	smbios_find(bs);
	kernel_read(bs);
	modules_read(bs);
	cmdline_read(bs); /* the last BIOS disk access */
	kernel_load(bs);
	video_choose(bs); /* knowing the kernel; paging_build maps it */
	paging_build(bs);
	video_init(bs);	    /* the last BIOS call, so that errors */
	bootinfo_fill(bs);  /* before it still reach the screen */
	longmode_enter(bs); /* does not return */
}
