/* console.c: the loader's voice, from loader_main()'s first step on.

   Everything goes to COM1 (115200 8N1, for logs and headless machines)
   and to the VGA text buffer, until video.c switches the screen to a
   graphics mode and calls console_text_off().  Direct hardware access,
   no BIOS calls: printf() and panic() work in any state of the loader.
   The printf subset is the one boot.h documents, plus widths.  */

#include <stdarg.h>
#include "bios.h"

#define VGA_COLS	   80
#define VGA_ROWS	   25
#define VGA_ATTR	   0x07 /* light grey on black */
#define VGA_CRTC_INDEX	   0x3d4
#define VGA_CRTC_DATA	   0x3d5
#define VGA_CRTC_CURSOR_HI 0x0e
#define VGA_CRTC_CURSOR_LO 0x0f

/* 16550 registers, offsets from COM1_PORT.  */
#define UART_DATA	    0
#define UART_IER	    1
#define UART_FCR	    2
#define UART_LCR	    3
#define UART_MCR	    4
#define UART_LSR	    5
#define UART_LCR_DLAB	    0x80
#define UART_LCR_8N1	    0x03
#define UART_LSR_THRE	    0x20
#define UART_DIVISOR_115200 1

static volatile uint16_t *const vga = (volatile uint16_t *)VGA_TEXT_ADDR;
static int console_ready;
static int text_on;
static int serial_on;
static unsigned int row, col;

static void serial_init(void)
{
	outb(COM1_PORT + UART_IER, 0);
	outb(COM1_PORT + UART_LCR, UART_LCR_DLAB);
	outb(COM1_PORT + UART_DATA, UART_DIVISOR_115200 & 0xff);
	outb(COM1_PORT + UART_IER, UART_DIVISOR_115200 >> 8);
	outb(COM1_PORT + UART_LCR, UART_LCR_8N1);
	outb(COM1_PORT + UART_FCR, 0x07); /* FIFOs on and cleared */
	outb(COM1_PORT + UART_MCR, 0x03); /* DTR, RTS */
	/* No UART answers 0xff from the line status register.  */
	serial_on = inb(COM1_PORT + UART_LSR) != 0xff;
}

static void serial_putc(char c)
{
	unsigned int spin;

	if (!serial_on)
		return;
	/* Bounded: a missing or stuck UART must not hang the boot.  */
	for (spin = 0; spin < 100000; spin++)
		if (inb(COM1_PORT + UART_LSR) & UART_LSR_THRE)
			break;
	outb(COM1_PORT + UART_DATA, c);
}

static void vga_cursor(void)
{
	unsigned int pos = row * VGA_COLS + col;

	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_HI);
	outb(VGA_CRTC_DATA, pos >> 8);
	outb(VGA_CRTC_INDEX, VGA_CRTC_CURSOR_LO);
	outb(VGA_CRTC_DATA, pos & 0xff);
}

static void vga_scroll(void)
{
	unsigned int i;

	for (i = 0; i < (VGA_ROWS - 1) * VGA_COLS; i++)
		vga[i] = vga[i + VGA_COLS];
	for (; i < VGA_ROWS * VGA_COLS; i++)
		vga[i] = VGA_ATTR << 8 | ' ';
	row = VGA_ROWS - 1;
}

static void vga_putc(char c)
{
	if (c == '\n') {
		col = 0;
		row++;
	} else {
		vga[row * VGA_COLS + col] = VGA_ATTR << 8 | (uint8_t)c;
		if (++col == VGA_COLS) {
			col = 0;
			row++;
		}
	}
	if (row == VGA_ROWS)
		vga_scroll();
}

static void console_putc(char c)
{
	if (c == '\n')
		serial_putc('\r');
	serial_putc(c);
	if (text_on)
		vga_putc(c);
}

void console_init(void)
{
	volatile uint32_t *cells = (volatile uint32_t *)VGA_TEXT_ADDR;
	uint32_t blank = VGA_ATTR << 8 | ' ';
	unsigned int i;

	serial_init();
	/* The BIOS left its banner on the screen; start clean, two cells a
	   store: under QEMU each store to the VGA window is a call into
	   the device model.  */
	for (i = 0; i < VGA_ROWS * VGA_COLS / 2; i++)
		cells[i] = blank << 16 | blank;
	row = col = 0;
	text_on = 1;
	console_ready = 1;
	vga_cursor();
}

void console_text_off(void)
{
	text_on = 0;
}

static void put_str(const char *s, int width, char pad)
{
	int len = 0;

	while (s[len])
		len++;
	for (; width > len; width--)
		console_putc(pad);
	while (*s)
		console_putc(*s++);
}

/* Format V in BASE into the end of BUF; returns the first digit.  */
static char *format_u64(char *end, uint64_t v, unsigned int base)
{
	static const char digits[] = "0123456789abcdef";

	*--end = '\0';
	do {
		*--end = digits[v % base];
		v /= base;
	} while (v);
	return end;
}

static void vprintf_(const char *fmt, va_list ap)
{
	char buf[24], *s;
	int width, longs;
	char pad;
	uint64_t v;

	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			console_putc(*fmt);
			continue;
		}
		fmt++;
		pad = ' ';
		if (*fmt == '0') {
			pad = '0';
			fmt++;
		}
		for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
			width = width * 10 + (*fmt - '0');
		for (longs = 0; *fmt == 'l'; fmt++)
			longs++;
		switch (*fmt) {
		case 'd':
			if (longs > 1)
				v = va_arg(ap, long long);
			else if (longs)
				v = va_arg(ap, long);
			else
				v = va_arg(ap, int);
			if ((int64_t)v < 0) {
				console_putc('-');
				v = -v;
			}
			put_str(format_u64(buf + sizeof buf, v, 10), width,
				pad);
			break;
		case 'u':
		case 'x':
			if (longs > 1)
				v = va_arg(ap, unsigned long long);
			else if (longs)
				v = va_arg(ap, unsigned long);
			else
				v = va_arg(ap, unsigned int);
			put_str(format_u64(buf + sizeof buf, v,
					   *fmt == 'u' ? 10 : 16),
				width, pad);
			break;
		case 'p':
			v = (uintptr_t)va_arg(ap, void *);
			put_str("0x", 0, ' ');
			put_str(format_u64(buf + sizeof buf, v, 16), 8, '0');
			break;
		case 's':
			s = va_arg(ap, char *);
			put_str(s ? s : "(null)", width, ' ');
			break;
		case 'c':
			console_putc(va_arg(ap, int));
			break;
		case '%':
			console_putc('%');
			break;
		default: /* unknown: show it rather than guess */
			console_putc('%');
			if (!*fmt)
				return;
			console_putc(*fmt);
		}
	}
}

void printf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vprintf_(fmt, ap);
	va_end(ap);
	if (text_on)
		vga_cursor();
}

/* Write "ckboot: MESSAGE" on the screen and COM1 and stop for good:
   interrupts off, so nothing but a reset gets the machine going again.  */
void panic(const char *fmt, ...)
{
	va_list ap;

	__asm__ volatile("cli");
	if (!console_ready) /* a fault before loader_main() got there */
		console_init();
	if (col)
		console_putc('\n');
	put_str("ckboot: ", 0, ' ');
	va_start(ap, fmt);
	vprintf_(fmt, ap);
	va_end(ap);
	console_putc('\n');
	if (text_on)
		vga_cursor();
	halt_forever();
}
