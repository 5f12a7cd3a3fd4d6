/* hello.c -- the smallest useful kernel for ckboot, meant to be copied.

   ckboot's loader has read this file from disk, checked its CRC-32, mapped
   its ELF segments at 0xffffffff80000000 (see kernel.ld), built page
   tables, switched to 64-bit long mode and called kernel_main() below.  We
   print what the loader handed us -- the memory map, the stack, the
   framebuffer, the settings in effect -- on the VGA text screen and on the
   first serial port, then tell QEMU we are done.

   What this code relies on at entry (the manual's "Entry state" lists it
   all; every point is a promise of ckboot's boot protocol, version 1):

   - 64-bit long mode with paging; our segments are mapped as the ELF
     program headers say (.text read-only and executable, .rodata
     read-only, .data and .bss writable, .bss zeroed).
   - RDI holds the address of struct ckboot_info, so in C the boot info is
     simply the first argument of the entry function.
   - RSP points into a fresh kernel stack with a zero return address on it,
     exactly as if kernel_main had been called: ordinary C works from the
     first line.  kernel_main must never return (there is nowhere to go).
   - SSE is enabled, so code from a stock compiler using SSE registers is
     fine.  Interrupts are disabled (IF=0) and there is no usable IDT:
     any exception is a triple fault until a kernel installs its own IDT,
     and it must not enable interrupts before that.
   - The low memory 0x1000-0xfffff, which holds the VGA window at 0xa0000,
     is identity-mapped: the text screen at 0xb8000 is reachable as it is.

   No assembly file is needed: port I/O is two one-line inline functions.

   Build (the Makefile does this; TARGET_CFLAGS come from configure):
	gcc -ffreestanding -fno-pic -fno-pie -fno-stack-protector \
	    -mno-red-zone -mcmodel=kernel -O2 \
	    $(pkg-config --cflags ckboot) -c hello.c
	gcc -nostdlib -static -no-pie -Wl,-z,max-page-size=0x1000 \
	    -Wl,-T,kernel.ld -o hello.elf hello.o
   (-fno-stack-protector: distributions often turn the protector on by
   default, and a kernel has no __stack_chk_fail to call.)
   Boot:
	ckboot-run --kernel=hello.elf

   This file is in the public domain: copy it into your kernel freely.  */

#include <stdarg.h>
#include <stdint.h>
#include <ckboot/bootinfo.h>

/* Ask for a 256 KiB stack (64 pages) instead of the default 2 MiB.
   ckboot-install reads this note from the ELF file; a --manifest or a
   command-line option overrides it.  Features such as
   CKBOOT_MAP_PHYSICAL_MEMORY are requested the same way:
	CKBOOT_CONFIG(.features = CKBOOT_MAP_PHYSICAL_MEMORY);  */
CKBOOT_CONFIG(.kernel_stack_size = 64);

/* QEMU's isa-debug-exit device (-device isa-debug-exit,iobase=0xf4):
   writing V to the port ends QEMU with exit status (V << 1) | 1.
   ckboot-run takes 0x10 (status 33) as success.  On real hardware
   nothing listens there and the write is ignored; we then halt.  */
#define QEMU_EXIT_PORT 0xf4
#define QEMU_EXIT_SUCCESS 0x10
#define QEMU_EXIT_FAILURE 0x11

#define COM1 0x3f8		/* first serial port (16550 UART) */
#define VGA_TEXT ((volatile uint16_t *)0xb8000)
#define VGA_COLUMNS 80
#define VGA_ROWS 25
#define VGA_ATTR 0x0700		/* light grey on black */

static inline void outb(uint16_t port, uint8_t value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t value;

	__asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
	return value;
}

/* ---- output: COM1 and the VGA text screen ---- */

static int vga_enabled;		/* 0 when the screen is not in text mode */
static int vga_row, vga_col;

/* The loader already set COM1 to 115200 8N1, but a kernel should not
   depend on that: program it again, without interrupts.  */
static void serial_init(void)
{
	outb(COM1 + 1, 0x00);	/* no interrupts */
	outb(COM1 + 3, 0x80);	/* DLAB on: next two bytes set the divisor */
	outb(COM1 + 0, 0x01);	/* 115200 baud */
	outb(COM1 + 1, 0x00);
	outb(COM1 + 3, 0x03);	/* 8 data bits, no parity, 1 stop bit */
	outb(COM1 + 2, 0xc7);	/* FIFOs on and cleared */
	outb(COM1 + 4, 0x03);	/* DTR and RTS */
}

static void serial_putc(char c)
{
	while (!(inb(COM1 + 5) & 0x20))	/* transmit holding register empty */
		;
	outb(COM1, c);
}

/* Scroll with plain loops over volatile memory: GCC may turn a loop over
   ordinary memory into a call to memmove, which a freestanding kernel
   must then provide itself.  */
static void vga_scroll(void)
{
	int i;

	for (i = 0; i < (VGA_ROWS - 1) * VGA_COLUMNS; i++)
		VGA_TEXT[i] = VGA_TEXT[i + VGA_COLUMNS];
	for (i = 0; i < VGA_COLUMNS; i++)
		VGA_TEXT[(VGA_ROWS - 1) * VGA_COLUMNS + i] = VGA_ATTR | ' ';
	vga_row = VGA_ROWS - 1;
}

static void vga_putc(char c)
{
	if (c == '\n') {
		vga_col = 0;
		vga_row++;
	} else {
		VGA_TEXT[vga_row * VGA_COLUMNS + vga_col] =
			VGA_ATTR | (uint8_t)c;
		if (++vga_col == VGA_COLUMNS) {
			vga_col = 0;
			vga_row++;
		}
	}
	if (vga_row == VGA_ROWS)
		vga_scroll();
}

static void vga_clear(void)
{
	int i;

	for (i = 0; i < VGA_ROWS * VGA_COLUMNS; i++)
		VGA_TEXT[i] = VGA_ATTR | ' ';
	vga_row = vga_col = 0;
}

static void putc_both(char c)
{
	if (c == '\n')
		serial_putc('\r');	/* terminals want CR LF */
	serial_putc(c);
	if (vga_enabled)
		vga_putc(c);
}

static void puts_both(const char *s)
{
	while (*s)
		putc_both(*s++);
}

static void put_number(uint64_t n, unsigned base, int width, char pad)
{
	char digits[24];
	int i = 0;

	do {
		digits[i++] = "0123456789abcdef"[n % base];
		n /= base;
	} while (n);
	while (width-- > i)
		putc_both(pad);
	while (i)
		putc_both(digits[--i]);
}

/* A printf just big enough for this file: %s %c %u %x %lu %lx, with a
   width and 0 padding ("%016lx").  */
__attribute__((format(printf, 1, 2))) static void print(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	for (; *fmt; fmt++) {
		char pad = ' ';
		int width = 0, is_long = 0;

		if (*fmt != '%') {
			putc_both(*fmt);
			continue;
		}
		if (*++fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + *fmt++ - '0';
		if (*fmt == 'l')
			is_long = 1, fmt++;
		switch (*fmt) {
		case 's':
			puts_both(va_arg(ap, const char *));
			break;
		case 'c':
			putc_both((char)va_arg(ap, int));
			break;
		case 'u':
		case 'x':
			put_number(is_long ? va_arg(ap, uint64_t)
					   : va_arg(ap, unsigned),
				   *fmt == 'u' ? 10 : 16, width, pad);
			break;
		default:
			putc_both('%');
			putc_both(*fmt);
			break;
		}
	}
	va_end(ap);
}

/* ---- the boot info ---- */

static const char *memory_type_name(uint32_t type)
{
	static const char *const names[] = {
		[CKBOOT_MEMORY_USABLE] = "usable",
		[CKBOOT_MEMORY_RESERVED] = "reserved",
		[CKBOOT_MEMORY_ACPI_RECLAIMABLE] = "ACPI reclaimable",
		[CKBOOT_MEMORY_ACPI_NVS] = "ACPI NVS",
		[CKBOOT_MEMORY_BAD] = "bad",
		[CKBOOT_MEMORY_BOOTLOADER] = "bootloader",
		[CKBOOT_MEMORY_KERNEL] = "kernel",
		[CKBOOT_MEMORY_KERNEL_STACK] = "kernel stack",
		[CKBOOT_MEMORY_PAGE_TABLE] = "page tables",
		[CKBOOT_MEMORY_BOOT_INFO] = "boot info",
		[CKBOOT_MEMORY_FIRMWARE_UNKNOWN] = "firmware (unknown type)",
		[CKBOOT_MEMORY_MODULE] = "modules",
	};

	if (type < sizeof names / sizeof names[0] && names[type])
		return names[type];
	return "?";
}

/* One line per region; physical addresses, END exclusive.  Returns the
   total of the usable regions.  */
static uint64_t print_memory_map(const struct ckboot_info *info)
{
	const struct ckboot_memory_region *r =
		(const struct ckboot_memory_region *)info->memory_map;
	uint64_t i, usable = 0;

	print("memory map (%lu regions):\n", info->memory_map_count);
	for (i = 0; i < info->memory_map_count; i++) {
		print("  %016lx-%016lx %s", r[i].start, r[i].end,
		      memory_type_name(r[i].type));
		if (r[i].type == CKBOOT_MEMORY_FIRMWARE_UNKNOWN)
			print(" %u", r[i].attributes);	/* raw E820 type */
		print("\n");
		if (r[i].type == CKBOOT_MEMORY_USABLE)
			usable += r[i].end - r[i].start;
	}
	return usable;
}

static void print_framebuffer(const struct ckboot_info *info)
{
	const struct ckboot_framebuffer *fb = &info->framebuffer;

	if (!(info->flags & CKBOOT_INFO_FRAMEBUFFER)) {
		print("framebuffer: none reported\n");
		return;
	}
	print("framebuffer: %lx, %ux%u, pitch %u, %u bpp, %s\n", fb->address,
	      fb->width, fb->height, fb->pitch, fb->bpp,
	      fb->type == CKBOOT_FRAMEBUFFER_EGA_TEXT	? "EGA text"
	      : fb->type == CKBOOT_FRAMEBUFFER_INDEXED	? "indexed colour"
	      : fb->type == CKBOOT_FRAMEBUFFER_RGB	? "RGB"
							: "unknown type");
	if (fb->type == CKBOOT_FRAMEBUFFER_RGB)
		print("  red %u bits at %u, green %u at %u, blue %u at %u\n",
		      info->framebuffer_rgb.red_size,
		      info->framebuffer_rgb.red_shift,
		      info->framebuffer_rgb.green_size,
		      info->framebuffer_rgb.green_shift,
		      info->framebuffer_rgb.blue_size,
		      info->framebuffer_rgb.blue_shift);
}

/* Settings that change the address space (ckboot-install --dry-run shows
   where each one came from).  */
static void print_settings(const struct ckboot_info *info)
{
	print("boot info at %lx, loader %s, BIOS drive %x\n",
	      (uint64_t)info, (const char *)info->loader_name,
	      info->boot_drive);
	print("kernel: %lx-%lx, file at %lx (%lu bytes)\n",
	      info->kernel_virtual_start, info->kernel_virtual_end,
	      info->kernel_image_address, info->kernel_image_size);
	if (info->flags & CKBOOT_INFO_PHYSICAL_MEMORY)
		print("physical memory mapped at %lx\n",
		      info->physical_memory_offset);
	else
		print("physical memory not mapped (map-physical-memory off)\n");
	if (info->flags & CKBOOT_INFO_RECURSIVE_PAGE_TABLE)
		print("recursive page table: level-4 slot %u, table at %lx\n",
		      info->recursive_index, info->recursive_page_table_addr);
	else
		print("recursive page table: off\n");
	if (info->rsdp_address)
		print("ACPI RSDP at physical %lx\n", info->rsdp_address);
	else
		print("ACPI RSDP: not found\n");
	if (info->flags & CKBOOT_INFO_CMDLINE)
		print("command line: %s\n", (const char *)info->cmdline);
	else
		print("command line: none\n");
	if (info->smbios_entry_64)
		print("SMBIOS 3 entry point at physical %lx\n",
		      info->smbios_entry_64);
	if (info->smbios_entry_32)
		print("SMBIOS entry point at physical %lx\n",
		      info->smbios_entry_32);
}

/* The files given to ckboot-install --module, each with the start of
   its first line, if that is text.  */
static void print_modules(const struct ckboot_info *info)
{
	const struct ckboot_module *m =
		(const struct ckboot_module *)info->modules;
	uint64_t i, n;

	if (!(info->flags & CKBOOT_INFO_MODULES)) {
		print("modules: none\n");
		return;
	}
	for (i = 0; i < info->module_count; i++) {
		const char *text = (const char *)m[i].address;

		print("module %lu: %s, %lu bytes at %lx (physical %lx)\n",
		      i + 1, (const char *)m[i].string, m[i].size,
		      m[i].address, m[i].physical);
		if (m[i].size == 0 || text[0] < ' ' || text[0] > '~')
			continue;
		print("  starts: ");
		for (n = 0; n < m[i].size && n < 60 && text[n] >= ' ' &&
			    text[n] <= '~';
		     n++)
			putc_both(text[n]);
		putc_both('\n');
	}
}

/* In VGA mode 13h (vga-320x200) there is no text to write to: paint the
   first 16 palette colours as bars to show that the mode is set.  */
static void paint_bars(const struct ckboot_framebuffer *fb)
{
	volatile uint8_t *pixels = (volatile uint8_t *)fb->address;
	uint32_t x, y;

	for (y = 0; y < fb->height; y++)
		for (x = 0; x < fb->width; x++)
			pixels[y * fb->pitch + x] = x * 16 / fb->width;
}

/* An 8-bit colour VALUE in a field of SIZE bits from bit SHIFT.  */
static uint32_t channel(uint32_t value, uint8_t size, uint8_t shift)
{
	value = size <= 8 ? value >> (8 - size) : value << (size - 8);
	return value << shift;
}

/* A linear framebuffer (framebuffer-width and -height) has no text
   either: fade red in from left to right and blue from top to bottom,
   through the colour fields the boot info gives.  */
static void paint_rgb(const struct ckboot_info *info)
{
	const struct ckboot_framebuffer *fb = &info->framebuffer;
	const struct ckboot_framebuffer_rgb *c = &info->framebuffer_rgb;
	uint32_t bytes = (fb->bpp + 7) / 8, x, y, i, pixel;
	volatile uint8_t *line;

	for (y = 0; y < fb->height; y++) {
		line = (volatile uint8_t *)fb->address +
		       (uint64_t)y * fb->pitch;
		for (x = 0; x < fb->width; x++) {
			pixel = channel(x * 255 / fb->width, c->red_size,
					c->red_shift) |
				channel(y * 255 / fb->height, c->blue_size,
					c->blue_shift);
			for (i = 0; i < bytes; i++)
				line[x * bytes + i] = pixel >> (8 * i);
		}
	}
}

/* ---- the end ---- */

__attribute__((noreturn)) static void qemu_exit(uint8_t code)
{
	outb(QEMU_EXIT_PORT, code);
	/* Still here: real hardware, or QEMU without isa-debug-exit.  */
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* The ELF entry point (ENTRY in kernel.ld).  */
__attribute__((noreturn)) void kernel_main(struct ckboot_info *info)
{
	uint64_t stack_bottom, here, usable;

	serial_init();
	/* The screen is in 80x25 text mode unless the kernel asked for
	   vga-320x200, which the boot info reports as an indexed
	   framebuffer, or for a linear framebuffer (RGB).  */
	vga_enabled = !(info->flags & CKBOOT_INFO_FRAMEBUFFER) ||
		      info->framebuffer.type == CKBOOT_FRAMEBUFFER_EGA_TEXT;
	if (vga_enabled)
		vga_clear();
	else if (info->framebuffer.type == CKBOOT_FRAMEBUFFER_INDEXED)
		paint_bars(&info->framebuffer);
	else if (info->framebuffer.type == CKBOOT_FRAMEBUFFER_RGB)
		paint_rgb(info);

	/* Check the magic before trusting anything else in the structure.  */
	if (info->magic != CKBOOT_INFO_MAGIC ||
	    info->version != CKBOOT_PROTOCOL_VERSION) {
		print("hello: not booted by ckboot protocol %u (magic %lx)\n",
		      CKBOOT_PROTOCOL_VERSION, info->magic);
		qemu_exit(QEMU_EXIT_FAILURE);
	}
	print("Hello from a ckboot kernel!\n");
	usable = print_memory_map(info);
	print("usable memory: %lu KiB (%lu MiB)\n", usable >> 10, usable >> 20);

	/* The address of a local variable shows where RSP is.  */
	stack_bottom = info->kernel_stack_top - info->kernel_stack_size;
	here = (uint64_t)&stack_bottom;
	print("stack: %lx-%lx (%lu KiB), rsp %lx\n", stack_bottom,
	      info->kernel_stack_top, info->kernel_stack_size >> 10, here);
	print_framebuffer(info);
	print_settings(info);
	print_modules(info);

	if (here < stack_bottom || here >= info->kernel_stack_top) {
		print("hello: the stack is not where the boot info says\n");
		qemu_exit(QEMU_EXIT_FAILURE);
	}
	print("hello: done\n");
	qemu_exit(QEMU_EXIT_SUCCESS);
}
