/* bootinfo.c: fill struct ckboot_info, the kernel's view of the boot.

   paging_build() has allocated and mapped the boot info pages (zeroed,
   typed BOOT_INFO) as the loader's last allocation.  bootinfo_fill()
   allocates nothing, so the memory map it copies is the final one:
   every frame used for the kernel, its stack, the page tables and the
   boot info itself is typed, none is usable.  Layout of the pages:

	+0			struct ckboot_info
	+BOOTINFO_NAME		the loader name, a C string
	+BOOTINFO_CMDLINE	the command line, a C string, if there is one
	+modules_offset()	struct ckboot_module[], one for each module,
				then their strings, each 8-byte aligned
	+map_offset()		struct ckboot_memory_region[], as many as fit

   All addresses written are the kernel's virtual ones.  */

#include "boot.h"

#define BOOTINFO_NAME	  256 /* sizeof (struct ckboot_info), rounded */
#define BOOTINFO_NAME_MAX 96
#define BOOTINFO_CMDLINE  (BOOTINFO_NAME + BOOTINFO_NAME_MAX)

_Static_assert(sizeof(struct ckboot_info) <= BOOTINFO_NAME, "name offset");
_Static_assert(BOOTINFO_CMDLINE % 8 == 0, "memory map alignment");

#ifdef PACKAGE_VERSION
#define LOADER_NAME "ckboot " PACKAGE_VERSION
#else
#define LOADER_NAME "ckboot"
#endif
_Static_assert(sizeof(LOADER_NAME) <= BOOTINFO_NAME_MAX, "loader name");

/* The modules follow the command line, 8-byte aligned.  */
static uint64_t modules_offset(const struct boot_state *bs)
{
	return BOOTINFO_CMDLINE +
	       (bs->cmdline ? ALIGN_UP(bs->cmdline_size + 1, 8) : 0);
}

/* Then the modules' strings, then the memory map.  */
static uint64_t map_offset(const struct boot_state *bs)
{
	uint64_t off = modules_offset(bs) +
		       bs->module_count * sizeof(struct ckboot_module);
	uint32_t i;

	for (i = 0; i < bs->module_count; i++)
		off += ALIGN_UP(bs->modules[i].string_size + 1, 8);
	return off;
}

uint64_t bootinfo_size(const struct boot_state *bs, uint32_t regions)
{
	return ALIGN_UP(map_offset(bs) + (uint64_t)regions *
					     sizeof(struct ckboot_memory_region),
			PAGE_SIZE);
}

/* Regions that fit: the boot info pages are one BOOT_INFO region of the
   map, and nothing else has that type.  */
static uint32_t map_room(const struct boot_state *bs)
{
	const struct ckboot_memory_region *r;
	uint32_t i;

	for (i = 0; i < bs->map.count; i++) {
		r = &bs->map.r[i];
		if (r->type == CKBOOT_MEMORY_BOOT_INFO &&
		    r->start <= bs->bootinfo_phys && bs->bootinfo_phys < r->end)
			return (r->end - bs->bootinfo_phys - map_offset(bs)) /
			       sizeof(struct ckboot_memory_region);
	}
	panic("boot info at 0x%lx is missing from the memory map",
	      bs->bootinfo_phys);
}

/* The virtual address of the recursive entry's view of the level-4
   table: index I at every level, sign-extended.  */
static uint64_t recursive_address(uint64_t i)
{
	uint64_t a = i << 39 | i << 30 | i << 21 | i << 12;

	return (a & (1ULL << 47)) ? a | 0xffff000000000000ULL : a;
}

static void fill_optional(const struct boot_state *bs, struct ckboot_info *info)
{
	if (bs->physmap_offset) {
		info->flags |= CKBOOT_INFO_PHYSICAL_MEMORY;
		info->physical_memory_offset = bs->physmap_offset;
	}
	if (bs->recursive_index) {
		info->flags |= CKBOOT_INFO_RECURSIVE_PAGE_TABLE;
		info->recursive_index = bs->recursive_index;
		info->recursive_page_table_addr =
		    recursive_address(bs->recursive_index);
	}
	if (bs->fb.type != CKBOOT_FRAMEBUFFER_NONE) {
		info->flags |= CKBOOT_INFO_FRAMEBUFFER;
		info->framebuffer = bs->fb;
		if (bs->fb.type == CKBOOT_FRAMEBUFFER_RGB)
			info->framebuffer_rgb = bs->fb_rgb;
	}
	if (bs->rsdp) {
		info->flags |= CKBOOT_INFO_RSDP;
		info->rsdp_address = bs->rsdp;
	}
	if (bs->smbios32 || bs->smbios64) {
		info->flags |= CKBOOT_INFO_SMBIOS;
		info->smbios_entry_32 = bs->smbios32;
		info->smbios_entry_64 = bs->smbios64;
	}
	if (bs->elf.tls_memsz) {
		info->flags |= CKBOOT_INFO_TLS;
		info->tls_template = bs->elf.tls_vaddr;
		info->tls_file_size = bs->elf.tls_filesz;
		info->tls_memory_size = bs->elf.tls_memsz;
	}
}

static void fill_modules(const struct boot_state *bs, struct ckboot_info *info)
{
	struct ckboot_module *out;
	uint64_t at = modules_offset(bs), str;
	uint32_t i;

	if (!bs->module_count)
		return;
	out = phys_ptr(bs->bootinfo_phys + at);
	str = at + bs->module_count * sizeof(*out);
	for (i = 0; i < bs->module_count; i++) {
		const struct boot_module *m = &bs->modules[i];

		phys_copy(bs->bootinfo_phys + str, (uintptr_t)m->string,
			  m->string_size + 1);
		out[i] = (struct ckboot_module){
		    .address = m->virt,
		    .physical = m->phys,
		    .size = m->size,
		    .string = bs->bootinfo_virt + str,
		};
		str += ALIGN_UP(m->string_size + 1, 8);
	}
	info->flags |= CKBOOT_INFO_MODULES;
	info->modules = bs->bootinfo_virt + at;
	info->module_count = bs->module_count;
}

void bootinfo_fill(struct boot_state *bs)
{
	struct ckboot_info *info = phys_ptr(bs->bootinfo_phys);
	uint64_t map_bytes;

	if (bs->map.count > map_room(bs))
		panic("memory map of %u regions does not fit in the boot info",
		      bs->map.count);
	phys_zero(bs->bootinfo_phys, map_offset(bs));
	info->magic = CKBOOT_INFO_MAGIC;
	info->version = CKBOOT_PROTOCOL_VERSION;
	info->size = sizeof(*info);
	info->kernel_stack_top = bs->stack_top;
	info->kernel_stack_size = bs->stack_top - bs->stack_bottom;
	info->kernel_image_address = bs->kernel_image;
	info->kernel_image_size = bs->kernel_size;
	info->kernel_virtual_start = bs->elf.vstart;
	info->kernel_virtual_end = bs->elf.vend;
	info->boot_drive = bs->boot_drive;
	fill_optional(bs, info);

	phys_copy(bs->bootinfo_phys + BOOTINFO_NAME,
		  (uint64_t)(uintptr_t)LOADER_NAME, sizeof(LOADER_NAME));
	info->loader_name = bs->bootinfo_virt + BOOTINFO_NAME;

	map_bytes = bs->map.count * sizeof(struct ckboot_memory_region);
	if (bs->cmdline) {
		phys_copy(bs->bootinfo_phys + BOOTINFO_CMDLINE, bs->cmdline,
			  bs->cmdline_size + 1);
		info->flags |= CKBOOT_INFO_CMDLINE;
		info->cmdline = bs->bootinfo_virt + BOOTINFO_CMDLINE;
	}
	fill_modules(bs, info);
	phys_copy(bs->bootinfo_phys + map_offset(bs),
		  (uint64_t)(uintptr_t)bs->map.r, map_bytes);
	info->memory_map = bs->bootinfo_virt + map_offset(bs);
	info->memory_map_count = bs->map.count;
}
