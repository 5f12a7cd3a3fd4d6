/* libFuzzer target over ckb_plan_make(): the input is a whole disk image
   (an image file in memory), planned for a small kernel with and
   without --force, with a command line, and with modules.  Covers what
   fuzz-ptable does not: the layout decision, ckboot's own parameters
   read back from a disk (loader LBA, kernel LBA and size, the module
   table of an old install), growing an image, the area checks and the
   plan's printout.  Nothing is written.  Run by "make fuzz".

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>

#include "ckboot.h"

static char stage[64], image[64];
static FILE *devnull;

static void remove_stage(void)
{
	char path[128];

	snprintf(path, sizeof path, "%s/mbr.bin", stage);
	unlink(path);
	snprintf(path, sizeof path, "%s/loader.bin", stage);
	unlink(path);
	rmdir(stage);
}

/* Stage files of plausible size with the magic numbers plan.c checks.  */
static void make_stage(void)
{
	uint8_t mbr[440] = {0xeb, 0xfe}, loader[3000] = {0xeb, 0xfe};
	struct ckboot_loader_header h = {
	    .magic = CKBOOT_LOADER_MAGIC,
	    .version = CKBOOT_LAYOUT_VERSION,
	    .header_size = sizeof h,
	    .loader_size = sizeof loader,
	};
	uint32_t magic = CKBOOT_MBR_MAGIC;
	char path[128];
	FILE *f;

	snprintf(stage, sizeof stage, "/tmp/fuzz-plan-XXXXXX");
	if (!mkdtemp(stage))
		abort();
	memcpy(mbr + CKBOOT_MBR_PARAMS_OFFSET, &magic, 4);
	memcpy(loader + CKBOOT_LOADER_HEADER_OFFSET, &h, sizeof h);
	snprintf(path, sizeof path, "%s/mbr.bin", stage);
	f = fopen(path, "wb");
	fwrite(mbr, sizeof mbr, 1, f);
	fclose(f);
	snprintf(path, sizeof path, "%s/loader.bin", stage);
	f = fopen(path, "wb");
	fwrite(loader, sizeof loader, 1, f);
	fclose(f);
	devnull = fopen("/dev/null", "w");
	atexit(remove_stage);
}

/* Modules as ckb_module_open() leaves them, never read: one empty.  */
static const struct ckb_module modules[] = {
    {.path = "initrd", .fd = -1, .size = 70000, .crc32 = 0x1234,
     .string = "initrd", .string_size = 6},
    {.path = "empty", .fd = -1, .string = "a\tb", .string_size = 3},
    {.path = "font", .fd = -1, .size = 513, .crc32 = 0x5678},
};

static void plan(const char *target, int force, const char *cmdline,
		 size_t nmodules)
{
	struct ckb_install_options o = {.target = target,
					.stage_dir = stage,
					.force = force,
					.cmdline = cmdline,
					.modules = modules,
					.nmodules = nmodules};
	struct ckb_kernel k = {
	    .path = "kernel", .fd = -1, .size = 5000, .crc32 = 0x12345678};
	struct ckboot_config cfg = {0};
	struct ckb_plan *p;
	struct ckb_error err;

	if (ckb_plan_make(&o, &k, &cfg, &p, &err) == 0) {
		ckb_plan_print(devnull, p);
		ckb_plan_free(p);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int fd;

	if (!devnull)
		make_stage();
	fd = memfd_create("disk", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(image, sizeof image, "/proc/self/fd/%d", fd);
	plan(image, 0, NULL, 0);
	plan(image, 1, NULL, 0);
	plan(image, 0, "root=/dev/sda1\tquiet \\ console=ttyS0", 0);
	plan(image, 0, NULL, sizeof modules / sizeof *modules);
	close(fd);
	return 0;
}
