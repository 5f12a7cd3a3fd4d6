/* The boot settings: kernel stack, physical-memory map, recursive page
   table, boot-info address, VGA mode, framebuffer.  ckboot-install
   gathers them from three sources, each overriding the one before --
   the kernel's CKBOOT_CONFIG note, then the --manifest Cargo.toml
   (manifest.c), then the command-line options -- checks them against
   the kernel here, and records the result in the loader header, which
   stage/place.c obeys at boot.  Every value remembers where it came
   from, so --dry-run can show it and every refusal can name it.

   The rules (doc/ckboot.texi, "Configuration", says the same):
   - addresses are 4 KiB aligned; the physical-memory offset 1 GiB
     aligned, since the loader maps physical memory with 1 GiB pages
     where the CPU has them;
   - addresses are canonical and the ranges they start are at or above
     1 MiB: the loader keeps [0, 1 MiB) identity-mapped for itself (its
     code, its GDT, the VGA window) when it enters the kernel, as
     stage/place.c says; the lower half above that is fine;
   - the stack (with the unmapped guard page below it), the boot info
     (64 KiB reserved: the structure and the memory map after it), the
     physical map (1 TiB reserved, two level-4 slots: how much RAM a
     machine has is not known at install time, and the map reaches the
     highest address the firmware reports, which on QEMU is a reserved
     range just below 1 TiB) and the level-4 slot
     of the recursive entry overlap neither the kernel nor each other;
   - a physical-memory offset needs map-physical-memory, a recursive
     index needs recursive-page-table (the seed refused the former too).
   - a framebuffer needs a width and a height, at most 65535 each, a
     depth of 15, 16, 24 or 32 bits or 0 (the deepest), and not
     vga-320x200 as well.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "ckboot.h"
#include "settings.h"

#define PAGE 4096ULL
#define KIB 1024ULL
#define GIB (1ULL << 30)
#define LOW_MEMORY_END 0x100000ULL	/* the loader's identity map */
#define BOOT_INFO_RESERVE (64 * KIB)
#define PHYSMAP_RESERVE (1024 * GIB)
#define L4_SLOT_SIZE (512 * GIB)
#define MAX_STACK_PAGES (GIB / PAGE)
#define MAX_RECURSIVE_INDEX 511
#define MAX_FRAMEBUFFER_SIDE 65535	/* VBE's 16-bit resolutions */

#define TOO_LARGE "too large (a VBE mode is at most %d pixels a side)"
static const char not_a_depth[] =
	"not a depth of a VBE direct-colour mode: use 15, 16, 24 or 32, or 0 "
	"for the deepest";

static const char *const setting_names[CKB_SETTING_COUNT] = {
	[CKB_KERNEL_STACK_ADDRESS] = "kernel-stack-address",
	[CKB_KERNEL_STACK_SIZE] = "kernel-stack-size",
	[CKB_PHYSICAL_MEMORY_OFFSET] = "physical-memory-offset",
	[CKB_BOOT_INFO_ADDRESS] = "boot-info-address",
	[CKB_RECURSIVE_INDEX] = "recursive-index",
	[CKB_MAP_PHYSICAL_MEMORY] = "map-physical-memory",
	[CKB_RECURSIVE_PAGE_TABLE] = "recursive-page-table",
	[CKB_VGA_320X200] = "vga-320x200",
	[CKB_FRAMEBUFFER_WIDTH] = "framebuffer-width",
	[CKB_FRAMEBUFFER_HEIGHT] = "framebuffer-height",
	[CKB_FRAMEBUFFER_BPP] = "framebuffer-bpp",
};

const char *ckb_setting_name(enum ckb_setting s)
{
	return s < CKB_SETTING_COUNT ? setting_names[s] : "?";
}

static int is_feature(enum ckb_setting w)
{
	return w == CKB_MAP_PHYSICAL_MEMORY || w == CKB_RECURSIVE_PAGE_TABLE ||
	       w == CKB_VGA_320X200;
}

static int is_address(enum ckb_setting w)
{
	return w == CKB_KERNEL_STACK_ADDRESS ||
	       w == CKB_PHYSICAL_MEMORY_OFFSET || w == CKB_BOOT_INFO_ADDRESS;
}

static uint64_t feature_bit(enum ckb_setting w)
{
	switch (w) {
	case CKB_MAP_PHYSICAL_MEMORY:
		return CKBOOT_MAP_PHYSICAL_MEMORY;
	case CKB_RECURSIVE_PAGE_TABLE:
		return CKBOOT_RECURSIVE_PAGE_TABLE;
	case CKB_VGA_320X200:
		return CKBOOT_VGA_320X200;
	default:
		return 0;
	}
}

static int is_framebuffer(enum ckb_setting w)
{
	return w == CKB_FRAMEBUFFER_WIDTH || w == CKB_FRAMEBUFFER_HEIGHT ||
	       w == CKB_FRAMEBUFFER_BPP;
}

/* The 64-bit field of struct ckboot_config behind an address or size
   setting.  */
static uint64_t *field(struct ckboot_config *c, enum ckb_setting w)
{
	switch (w) {
	case CKB_KERNEL_STACK_ADDRESS:
		return &c->kernel_stack_address;
	case CKB_KERNEL_STACK_SIZE:
		return &c->kernel_stack_size;
	case CKB_PHYSICAL_MEMORY_OFFSET:
		return &c->physical_memory_offset;
	case CKB_BOOT_INFO_ADDRESS:
		return &c->boot_info_address;
	default:
		return &c->recursive_index;
	}
}

/* The same for the 32-bit framebuffer fields.  */
static uint32_t *field32(struct ckboot_config *c, enum ckb_setting w)
{
	switch (w) {
	case CKB_FRAMEBUFFER_WIDTH:
		return &c->framebuffer_width;
	case CKB_FRAMEBUFFER_HEIGHT:
		return &c->framebuffer_height;
	default:
		return &c->framebuffer_bpp;
	}
}

/* Setting W's value in C: 0 or 1 for a feature.  */
static uint64_t config_value(const struct ckboot_config *c,
			     enum ckb_setting w)
{
	struct ckboot_config *m = (struct ckboot_config *)c;

	if (is_feature(w))
		return (c->features & feature_bit(w)) != 0;
	if (is_framebuffer(w))
		return *field32(m, w);
	return *field(m, w);
}

static uint64_t value_of(const struct ckb_settings *s, enum ckb_setting w)
{
	return config_value(&s->cfg, w);
}

void ckb_settings_init(struct ckb_settings *s)
{
	memset(s, 0, sizeof *s);
	s->cfg.version = CKBOOT_CONFIG_VERSION;
	s->cfg.size = sizeof s->cfg;
	s->cfg.kernel_stack_size = CKBOOT_DEFAULT_STACK_PAGES;
}

void ckb_settings_set(struct ckb_settings *s, enum ckb_setting which,
		      uint64_t value, enum ckb_source src, const char *file)
{
	if (is_feature(which) && value)
		s->cfg.features |= feature_bit(which);
	else if (is_feature(which))
		s->cfg.features &= ~feature_bit(which);
	else if (is_framebuffer(which))
		/* Too large either way: ckb_settings_check() says so.  */
		*field32(&s->cfg, which) =
		    value > UINT32_MAX ? UINT32_MAX : value;
	else
		*field(&s->cfg, which) = value;
	s->source[which] = src;
	s->source_file[which] = file;
}

static unsigned digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return 99;
}

int ckb_parse_u64(const char *s, uint64_t *out)
{
	unsigned base = 10;
	uint64_t v = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return -1;
	for (const char *p = s; *p; p++) {
		unsigned d = digit((unsigned char)*p);

		if (*p == '_' && p > s && p[-1] != '_' &&
		    digit((unsigned char)p[1]) < base)
			continue;
		if (d >= base || v > (UINT64_MAX - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = v;
	return 0;
}

/* The kernel's note: only what it sets (zero means "not set").  */
void ckb_settings_from_kernel(struct ckb_settings *s,
			      const struct ckb_kernel *k)
{
	const struct ckboot_config *n = &k->note;

	if (!k->has_note)
		return;
	for (int w = 0; w < CKB_SETTING_COUNT; w++) {
		uint64_t v = config_value(n, w);

		if (v)
			ckb_settings_set(s, w, v, CKB_SOURCE_NOTE, k->path);
	}
}

int ckb_settings_set_option(struct ckb_settings *s, enum ckb_setting which,
			    const char *value, struct ckb_error *err)
{
	uint64_t v = 1;
	const char *name = ckb_setting_name(which);

	if (which >= CKB_SETTING_COUNT) {
		snprintf(err->msg, sizeof err->msg, "unknown setting %d",
			 (int)which);
		return -1;
	}
	if (is_feature(which) != (value == NULL)) {
		snprintf(err->msg, sizeof err->msg, "--%s: %s", name,
			 value ? "takes no argument" : "needs a value");
		return -1;
	}
	if (value && ckb_parse_u64(value, &v) < 0) {
		snprintf(err->msg, sizeof err->msg, "--%s=%s: not a number "
			 "(write hexadecimal as 0x..., or decimal)", name,
			 value);
		return -1;
	}
	/* Refused before the 32-bit field would cut it short.  */
	if (which == CKB_FRAMEBUFFER_BPP && v > UINT32_MAX) {
		snprintf(err->msg, sizeof err->msg, "--%s=%s: %s", name, value,
			 not_a_depth);
		return -1;
	}
	if (is_framebuffer(which) && which != CKB_FRAMEBUFFER_BPP &&
	    v > MAX_FRAMEBUFFER_SIDE) {
		snprintf(err->msg, sizeof err->msg, "--%s=%s: " TOO_LARGE, name,
			 value, MAX_FRAMEBUFFER_SIDE);
		return -1;
	}
	ckb_settings_set(s, which, v, CKB_SOURCE_OPTION, NULL);
	return 0;
}

/* ---- messages ---- */

static void format_value(const struct ckb_settings *s, enum ckb_setting w,
			 char *buf, size_t len)
{
	uint64_t v = value_of(s, w);

	if (is_feature(w))
		snprintf(buf, len, "%s", v ? "yes" : "no");
	else if (is_address(w))
		snprintf(buf, len, "0x%llx", (unsigned long long)v);
	else
		snprintf(buf, len, "%llu", (unsigned long long)v);
}

/* Where W came from and what it says, to start a message:
   "Cargo.toml: kernel-stack-address 0x1234", "--kernel-stack-size=0",
   "kernel.elf: CKBOOT_CONFIG note: boot-info-address 0x1000".  */
static void label(const struct ckb_settings *s, enum ckb_setting w,
		  char *buf, size_t len)
{
	const char *name = ckb_setting_name(w);
	const char *file = s->source_file[w] ? s->source_file[w] : "?";
	char val[32];

	format_value(s, w, val, sizeof val);
	if (is_feature(w))
		val[0] = 0;
	switch (s->source[w]) {
	case CKB_SOURCE_OPTION:
		snprintf(buf, len, "--%s%s%s", name, val[0] ? "=" : "", val);
		break;
	case CKB_SOURCE_MANIFEST:
		snprintf(buf, len, "%s: %s%s%s", file, name,
			 val[0] ? " " : "", val);
		break;
	case CKB_SOURCE_NOTE:
		snprintf(buf, len, "%s: CKBOOT_CONFIG note: %s%s%s", file,
			 name, val[0] ? " " : "", val);
		break;
	default:
		snprintf(buf, len, "%s%s%s (default)", name,
			 val[0] ? " " : "", val);
		break;
	}
}

static int refuse(struct ckb_error *err, const struct ckb_settings *s,
		  enum ckb_setting w, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* "LABEL: problem" in ERR; returns -1.  */
static int refuse(struct ckb_error *err, const struct ckb_settings *s,
		  enum ckb_setting w, const char *fmt, ...)
{
	char lab[CKB_ERRLEN / 2];
	va_list ap;
	int n;

	label(s, w, lab, sizeof lab);
	n = snprintf(err->msg, sizeof err->msg, "%s: ", lab);
	if (n < 0 || (size_t)n >= sizeof err->msg)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof err->msg - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* ---- checks ---- */

/* What a setting occupies, LAST inclusive so that a range may end at
   the top of the address space.  */
struct region {
	uint64_t start, last;
	char what[160];
};

static int canonical(uint64_t a)
{
	uint64_t top = a >> 47;

	return top == 0 || top == 0x1ffff;
}

static int overlap(const struct region *a, const struct region *b)
{
	return a->start <= b->last && b->start <= a->last;
}

static uint64_t recursive_slot_base(uint64_t index)
{
	uint64_t a = index * L4_SLOT_SIZE;

	return index >= 256 ? a | 0xffff000000000000ULL : a;
}

static int check_sizes(const struct ckb_settings *s, struct ckb_error *err)
{
	uint64_t pages = s->cfg.kernel_stack_size;
	uint64_t index = s->cfg.recursive_index;

	if (pages == 0)
		return refuse(err, s, CKB_KERNEL_STACK_SIZE,
			      "the stack needs at least one page");
	if (pages > MAX_STACK_PAGES)
		return refuse(err, s, CKB_KERNEL_STACK_SIZE,
			      "absurdly large: at most %llu pages (1 GiB)",
			      MAX_STACK_PAGES);
	if (index > MAX_RECURSIVE_INDEX)
		return refuse(err, s, CKB_RECURSIVE_INDEX,
			      "not a level-4 slot: use 1-511, or 0 to let "
			      "the loader choose");
	return 0;
}

/* Settings that mean nothing without their feature.  */
static int check_features(const struct ckb_settings *s,
			  struct ckb_error *err)
{
	if (s->cfg.physical_memory_offset &&
	    !(s->cfg.features & CKBOOT_MAP_PHYSICAL_MEMORY))
		return refuse(err, s, CKB_PHYSICAL_MEMORY_OFFSET,
			      "given without the map-physical-memory "
			      "feature, which it applies to");
	if (s->cfg.recursive_index &&
	    !(s->cfg.features & CKBOOT_RECURSIVE_PAGE_TABLE))
		return refuse(err, s, CKB_RECURSIVE_INDEX,
			      "given without the recursive-page-table "
			      "feature, which it applies to");
	return 0;
}

/* One side of the framebuffer set, the other 0.  The one from the
   higher source is blamed: a 0 given above a size was meant to turn
   the framebuffer off.  */
static int check_sides(const struct ckb_settings *s, struct ckb_error *err)
{
	enum ckb_setting set = CKB_FRAMEBUFFER_HEIGHT;
	enum ckb_setting unset = CKB_FRAMEBUFFER_WIDTH;

	if (s->cfg.framebuffer_width) {
		set = CKB_FRAMEBUFFER_WIDTH;
		unset = CKB_FRAMEBUFFER_HEIGHT;
	}
	if (s->source[unset] > s->source[set])
		return refuse(err, s, unset,
			      "turns the framebuffer off only with %s=0 as "
			      "well",
			      ckb_setting_name(set));
	return refuse(err, s, set,
		      "given without %s: a framebuffer needs both",
		      ckb_setting_name(unset));
}

/* A framebuffer and vga-320x200: the one from the higher source is
   blamed, the other named.  */
static int check_one_screen(const struct ckb_settings *s,
			    struct ckb_error *err)
{
	enum ckb_setting hi = CKB_FRAMEBUFFER_WIDTH, lo = CKB_VGA_320X200;
	char other[CKB_ERRLEN / 4];

	if (s->source[CKB_VGA_320X200] > s->source[CKB_FRAMEBUFFER_WIDTH]) {
		hi = CKB_VGA_320X200;
		lo = CKB_FRAMEBUFFER_WIDTH;
	}
	label(s, lo, other, sizeof other);
	return refuse(err, s, hi,
		      "conflicts with %s: the kernel can have one screen "
		      "mode, choose one",
		      other);
}

/* A framebuffer needs both sides, one of the depths a VBE direct-colour
   mode has, and no other graphics mode beside it.  */
static int check_framebuffer(const struct ckb_settings *s,
			     struct ckb_error *err)
{
	uint32_t w = s->cfg.framebuffer_width, h = s->cfg.framebuffer_height;
	uint32_t bpp = s->cfg.framebuffer_bpp;

	if (w > MAX_FRAMEBUFFER_SIDE || h > MAX_FRAMEBUFFER_SIDE)
		return refuse(err, s, w > MAX_FRAMEBUFFER_SIDE
					  ? CKB_FRAMEBUFFER_WIDTH
					  : CKB_FRAMEBUFFER_HEIGHT,
			      TOO_LARGE, MAX_FRAMEBUFFER_SIDE);
	if (!w != !h)
		return check_sides(s, err);
	/* A depth left over from a lower source whose size was turned
	   off above it means nothing, like any setting of no framebuffer.  */
	if (bpp && !w && s->source[CKB_FRAMEBUFFER_BPP] >=
			     s->source[CKB_FRAMEBUFFER_WIDTH])
		return refuse(err, s, CKB_FRAMEBUFFER_BPP,
			      "given without framebuffer-width and "
			      "framebuffer-height, which it applies to");
	if (w && bpp != 0 && bpp != 15 && bpp != 16 && bpp != 24 && bpp != 32)
		return refuse(err, s, CKB_FRAMEBUFFER_BPP, "%s", not_a_depth);
	if (w && (s->cfg.features & CKBOOT_VGA_320X200))
		return check_one_screen(s, err);
	return 0;
}

/* Setting W on its own: alignment, canonical form, and its range
   (START, SIZE bytes) above 1 MiB and inside one canonical half.  */
static int check_range(const struct ckb_settings *s, enum ckb_setting w,
		       uint64_t start, uint64_t size, const char *what,
		       struct ckb_error *err)
{
	uint64_t addr = value_of(s, w);
	uint64_t align = w == CKB_PHYSICAL_MEMORY_OFFSET ? GIB : PAGE;
	uint64_t last = start + (size - 1);

	if (addr % align)
		return refuse(err, s, w, "not %s aligned%s",
			      align == GIB ? "1 GiB" : "4 KiB",
			      align == GIB ? " (the loader maps physical "
					     "memory with 1 GiB pages)" : "");
	if (!canonical(addr))
		return refuse(err, s, w, "not a canonical x86-64 address "
			      "(bits 63-47 must be all 0 or all 1)");
	/* START > ADDR: the guard page below address 0 wrapped around.  */
	if (start < LOW_MEMORY_END || start > addr)
		return refuse(err, s, w, "%s would reach below 1 MiB, which "
			      "the loader identity-maps for itself", what);
	/* The stack's range starts at its guard page, a page below the
	   address given: 0xffff800000000000 itself is canonical, the
	   page under it is not.  */
	if (!canonical(start))
		return refuse(err, s, w, "%s would start at 0x%llx, below "
			      "the higher half's first canonical address",
			      what, (unsigned long long)start);
	if (size - 1 > UINT64_MAX - start || !canonical(last) ||
	    (start >> 63) != (last >> 63))
		return refuse(err, s, w, "%s would not fit above it in the "
			      "canonical address space", what);
	return 0;
}

/* "0x1000-0x2000" for [START, LAST]; a range that ends at the top of
   the address space ends at 0x10000000000000000.  */
static const char *range_text(uint64_t start, uint64_t last, char *buf,
			      size_t len)
{
	if (last == UINT64_MAX)
		snprintf(buf, len, "0x%llx-0x10000000000000000",
			 (unsigned long long)start);
	else
		snprintf(buf, len, "0x%llx-0x%llx", (unsigned long long)start,
			 (unsigned long long)last + 1);
	return buf;
}

static void describe(const struct ckb_settings *s, enum ckb_setting w,
		     const char *what, struct region *r)
{
	char lab[96], range[48];

	label(s, w, lab, sizeof lab);
	snprintf(r->what, sizeof r->what, "%s %s (%s)", what,
		 range_text(r->start, r->last, range, sizeof range), lab);
}

/* If R overlaps a kernel segment or one of the N regions already
   placed, describe that one in BUF and return 1.  */
static int find_overlap(const struct region *r, const struct region *placed,
			size_t n, const struct ckb_kernel *k, char *buf,
			size_t len)
{
	for (size_t i = 0; i < k->nseg; i++) {
		const struct ckb_segment *g = &k->seg[i];
		struct region seg = {
			.start = g->vaddr & ~(PAGE - 1),
			.last = ((g->vaddr + g->memsz + PAGE - 1) &
				 ~(PAGE - 1)) - 1,
		};

		if (overlap(r, &seg)) {
			snprintf(buf, len, "the kernel segment 0x%llx-0x%llx",
				 (unsigned long long)g->vaddr,
				 (unsigned long long)(g->vaddr + g->memsz));
			return 1;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (overlap(r, &placed[i])) {
			snprintf(buf, len, "%s", placed[i].what);
			return 1;
		}
	return 0;
}

static const struct place {
	enum ckb_setting w;
	const char *what;
} places[] = {
	{ CKB_KERNEL_STACK_ADDRESS, "the stack with its guard page" },
	{ CKB_BOOT_INFO_ADDRESS, "the 64 KiB reserved for the boot info" },
	{ CKB_PHYSICAL_MEMORY_OFFSET,
	  "the 1 TiB reserved for the physical map" },
};

/* The range a placed setting occupies; the guard page below the stack
   is the stack's too.  */
static void place_range(const struct ckb_settings *s, enum ckb_setting w,
			uint64_t *start, uint64_t *size)
{
	uint64_t a = value_of(s, w);

	switch (w) {
	case CKB_KERNEL_STACK_ADDRESS:
		*start = a - PAGE;
		*size = (s->cfg.kernel_stack_size + 1) * PAGE;
		break;
	case CKB_BOOT_INFO_ADDRESS:
		*start = a;
		*size = BOOT_INFO_RESERVE;
		break;
	default:
		*start = a;
		*size = PHYSMAP_RESERVE;
		break;
	}
}

/* The stack, the boot info and the physical map, in that order, each
   checked on its own and against the kernel and the ones before.  */
static int check_addresses(const struct ckb_settings *s,
			   const struct ckb_kernel *k, struct region *placed,
			   size_t *n, struct ckb_error *err)
{
	for (size_t i = 0; i < sizeof places / sizeof places[0]; i++) {
		const struct place *p = &places[i];
		struct region *r = &placed[*n];
		char other[160];
		uint64_t start, size;

		/* Zero from the note means "not set"; written out in a
		   manifest or an option it is an address, and refused.  */
		if (value_of(s, p->w) == 0 &&
		    s->source[p->w] <= CKB_SOURCE_NOTE)
			continue;
		place_range(s, p->w, &start, &size);
		if (check_range(s, p->w, start, size, p->what, err) < 0)
			return -1;
		r->start = start;
		r->last = start + (size - 1);
		describe(s, p->w, p->what, r);
		if (find_overlap(r, placed, *n, k, other, sizeof other))
			return refuse(err, s, p->w, "%s overlaps %s", p->what,
				      other);
		(*n)++;
	}
	return 0;
}

static int check_recursive(const struct ckb_settings *s,
			   const struct ckb_kernel *k,
			   const struct region *placed, size_t n,
			   struct ckb_error *err)
{
	uint64_t index = s->cfg.recursive_index;
	struct region r;
	char other[160], range[48];

	if (index == 0)
		return 0;
	r.start = recursive_slot_base(index);
	r.last = r.start + (L4_SLOT_SIZE - 1);
	if (!find_overlap(&r, placed, n, k, other, sizeof other))
		return 0;
	return refuse(err, s, CKB_RECURSIVE_INDEX, "conflicting recursive "
		      "index: level-4 slot %llu (%s) holds %s",
		      (unsigned long long)index,
		      range_text(r.start, r.last, range, sizeof range), other);
}

int ckb_settings_check(const struct ckb_settings *s,
		       const struct ckb_kernel *k, struct ckb_error *err)
{
	struct region placed[3];
	size_t n = 0;

	if (check_sizes(s, err) < 0 || check_features(s, err) < 0 ||
	    check_framebuffer(s, err) < 0 ||
	    check_addresses(s, k, placed, &n, err) < 0 ||
	    check_recursive(s, k, placed, n, err) < 0)
		return -1;
	return 0;
}

/* ---- --dry-run and --verbose ---- */

static void print_value(FILE *out, const struct ckb_settings *s,
			enum ckb_setting w)
{
	uint64_t v = value_of(s, w);

	if (w == CKB_PHYSICAL_MEMORY_OFFSET &&
	    !(s->cfg.features & CKBOOT_MAP_PHYSICAL_MEMORY))
		fputs("not used (map-physical-memory is off)", out);
	else if (w == CKB_RECURSIVE_INDEX &&
		 !(s->cfg.features & CKBOOT_RECURSIVE_PAGE_TABLE))
		fputs("not used (recursive-page-table is off)", out);
	else if (is_feature(w))
		fputs(v ? "yes" : "no", out);
	else if (is_framebuffer(w) && !s->cfg.framebuffer_width)
		fputs(w == CKB_FRAMEBUFFER_BPP ? "not used (no framebuffer)"
		      : s->cfg.features & CKBOOT_VGA_320X200
			  ? "none (vga-320x200)"
			  : "none (text mode)",
		      out);
	else if (w == CKB_FRAMEBUFFER_BPP && v == 0)
		fputs("the deepest mode", out);
	else if (is_framebuffer(w))
		fprintf(out, "%llu%s", (unsigned long long)v,
			w == CKB_FRAMEBUFFER_BPP ? " bits a pixel" : " pixels");
	else if (v == 0)
		fputs("chosen by the loader", out);
	else if (w == CKB_KERNEL_STACK_SIZE)
		fprintf(out, "%llu pages (%llu KiB)", (unsigned long long)v,
			(unsigned long long)(v * PAGE / KIB));
	else if (w == CKB_RECURSIVE_INDEX)
		fprintf(out, "%llu", (unsigned long long)v);
	else
		fprintf(out, "0x%016llx", (unsigned long long)v);
}

static void print_source(FILE *out, const struct ckb_settings *s,
			 enum ckb_setting w)
{
	const char *file = s->source_file[w] ? s->source_file[w] : "?";

	switch (s->source[w]) {
	case CKB_SOURCE_NOTE:
		fprintf(out, " (CKBOOT_CONFIG note in %s)", file);
		break;
	case CKB_SOURCE_MANIFEST:
		fprintf(out, " (manifest %s)", file);
		break;
	case CKB_SOURCE_OPTION:
		fprintf(out, " (option --%s)", ckb_setting_name(w));
		break;
	default:
		fputs(" (default)", out);
		break;
	}
}

/* For an address the loader chooses: how it chooses (stage/place.c),
   so that the layout of a boot can be foreseen; NULL if it is set or
   not used.  Only the rule: the slots the physical map takes depend on
   the machine's memory map.  */
static const char *loader_rule(const struct ckb_settings *s,
			       enum ckb_setting w)
{
	int physmap = s->cfg.features & CKBOOT_MAP_PHYSICAL_MEMORY;
	int stack_set = s->cfg.kernel_stack_address != 0;

	if (w == CKB_FRAMEBUFFER_WIDTH && s->cfg.framebuffer_width)
		return "the largest VBE mode that fits, else text mode";
	if (value_of(s, w) != 0)
		return NULL;
	switch (w) {
	case CKB_PHYSICAL_MEMORY_OFFSET:
		return physmap ? "lowest free level-4 slots from slot 256 up"
			       : NULL;
	case CKB_KERNEL_STACK_ADDRESS:
		return physmap ? "next free level-4 slot, guard page first"
			       : "first free level-4 slot from 256, guard "
				 "page first";
	case CKB_BOOT_INFO_ADDRESS:
		return stack_set ? "first free level-4 slot from 256 up"
				 : "one unmapped page above the top of the "
				   "stack";
	case CKB_RECURSIVE_INDEX:
		return s->cfg.features & CKBOOT_RECURSIVE_PAGE_TABLE
			   ? "highest free level-4 slot from 510 down"
			   : NULL;
	default:
		return NULL;
	}
}

void ckb_settings_print(FILE *out, const struct ckb_settings *s)
{
	for (int w = 0; w < CKB_SETTING_COUNT; w++) {
		const char *rule = loader_rule(s, w);
		char name[40];

		snprintf(name, sizeof name, "%s:", ckb_setting_name(w));
		fprintf(out, "%-24s", name);
		print_value(out, s, w);
		print_source(out, s, w);
		fputc('\n', out);
		if (rule)
			fprintf(out, "%-24sat boot: %s\n", "", rule);
	}
}
