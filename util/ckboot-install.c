/* ckboot-install: install the ckboot BIOS loader and a kernel on an image
   file or a disk.

   The front end only: it reads the command line, then lets libckboot
   do the work in its fixed order -- check the kernel (lib/kernel.c),
   open the modules (lib/module.c), gather the boot settings from the kernel's note, the manifest and the
   options (lib/config.c, lib/manifest.c), check them, plan the install
   (lib/plan.c, which refuses everything it can before the target is
   opened for writing), then print the plan (--dry-run) or carry it out
   (lib/write.c).  No disk logic lives here.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "closeout.h"
#include "error.h"
#include "progname.h"
#include "quote.h"
#include "xalloc.h"
#include "xstrtol.h"

#include "ckboot.h"

#define PROGRAM_NAME "ckboot-install"
#define COPYRIGHT_HOLDER "the ckboot developers"
#define COPYRIGHT_YEAR_CKBOOT 2026

#ifndef PKGLIBDIR
#define PKGLIBDIR "/usr/local/lib/ckboot"
#endif

/* Exit statuses, as --help documents them.  */
enum {
	EXIT_REFUSED = 1,	/* refused or failed, target unchanged */
	EXIT_USAGE = 2,
	EXIT_ROLLBACK_INCOMPLETE = 3
};

/* Long-only options.  The boot settings are numbered from
   OPT_SETTING in enum ckb_setting order.  */
enum {
	OPT_ACTIVATE = CHAR_MAX + 1,
	OPT_BACKUP,
	OPT_CMDLINE,
	OPT_MODULE,
	OPT_MODULE_STRING,
	OPT_RESTORE,
	OPT_VERIFY,
	OPT_HELP,
	OPT_VERSION,
	OPT_SETTING
};

static const struct option long_options[] = {
	{ "kernel", required_argument, NULL, 'k' },
	{ "manifest", required_argument, NULL, 'm' },
	{ "cmdline", required_argument, NULL, OPT_CMDLINE },
	{ "module", required_argument, NULL, OPT_MODULE },
	{ "module-string", required_argument, NULL, OPT_MODULE_STRING },
	{ "kernel-stack-address", required_argument, NULL,
	  OPT_SETTING + CKB_KERNEL_STACK_ADDRESS },
	{ "kernel-stack-size", required_argument, NULL,
	  OPT_SETTING + CKB_KERNEL_STACK_SIZE },
	{ "physical-memory-offset", required_argument, NULL,
	  OPT_SETTING + CKB_PHYSICAL_MEMORY_OFFSET },
	{ "boot-info-address", required_argument, NULL,
	  OPT_SETTING + CKB_BOOT_INFO_ADDRESS },
	{ "recursive-index", required_argument, NULL,
	  OPT_SETTING + CKB_RECURSIVE_INDEX },
	{ "map-physical-memory", no_argument, NULL,
	  OPT_SETTING + CKB_MAP_PHYSICAL_MEMORY },
	{ "recursive-page-table", no_argument, NULL,
	  OPT_SETTING + CKB_RECURSIVE_PAGE_TABLE },
	{ "vga-320x200", no_argument, NULL, OPT_SETTING + CKB_VGA_320X200 },
	{ "framebuffer-width", required_argument, NULL,
	  OPT_SETTING + CKB_FRAMEBUFFER_WIDTH },
	{ "framebuffer-height", required_argument, NULL,
	  OPT_SETTING + CKB_FRAMEBUFFER_HEIGHT },
	{ "framebuffer-bpp", required_argument, NULL,
	  OPT_SETTING + CKB_FRAMEBUFFER_BPP },
	{ "directory", required_argument, NULL, 'd' },
	{ "image-size", required_argument, NULL, 's' },
	{ "force", no_argument, NULL, 'f' },
	{ "activate", required_argument, NULL, OPT_ACTIVATE },
	{ "backup", required_argument, NULL, OPT_BACKUP },
	{ "restore", required_argument, NULL, OPT_RESTORE },
	{ "verify", no_argument, NULL, OPT_VERIFY },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, OPT_HELP },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

/* A setting given on the command line, applied after the manifest
   whatever its position, since options take precedence.  */
struct setting_arg {
	enum ckb_setting which;
	const char *value;	/* NULL for a feature */
};

/* A --module, and the --module-string that followed it, if any.  */
struct module_arg {
	const char *path;
	const char *string;	/* NULL: the file's name */
};

struct cli {
	const char *kernel;
	const char *manifest;
	struct module_arg *mod;
	size_t nmod;
	struct ckb_module *modules; /* opened, for c->o */
	const char *restore;
	int verify;
	int dry_run;
	struct setting_arg *set;
	size_t nset;
	struct ckb_install_options o;
};

static void emit_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n",
		program_name);
}

static void print_usage_lines(void)
{
	printf("Usage: %s [OPTION]... --kernel=FILE TARGET\n"
	       "  or:  %s --restore=FILE TARGET\n"
	       "  or:  %s --verify TARGET\n",
	       program_name, program_name, program_name);
	fputs("Install the ckboot BIOS loader and the x86-64 ELF kernel FILE "
	      "on TARGET,\nan image file (created when it does not exist) "
	      "or a disk.  The partition\ntable, the disk signature and every "
	      "partition are left as they are.\n\n", stdout);
}

static void print_settings_help(void)
{
	fputs("Kernel and boot settings:\n"
	      "  -k, --kernel=FILE      the kernel: an ELF64 x86-64 executable"
	      " (required)\n"
	      "  -m, --manifest=FILE    read settings from the kernel's "
	      "Cargo.toml, as the\n"
	      "                         Rust bootloader crate 0.9 did "
	      "(default: none)\n"
	      "      --cmdline=STRING   the kernel's command line, up to 4095 "
	      "bytes, in the\n"
	      "                         boot info (default: none)\n"
	      "      --module=FILE      a file for the loader to load with the "
	      "kernel (an\n"
	      "                         initrd); up to 32, in the order given "
	      "(default: none)\n"
	      "      --module-string=STRING\n"
	      "                         the string the kernel gets with the "
	      "--module before\n"
	      "                         it, up to 103 bytes (default: the "
	      "file's name)\n"
	      "      --kernel-stack-address=ADDR\n"
	      "                         lowest page of the kernel stack, above "
	      "an unmapped\n"
	      "                         guard page (default: chosen by the "
	      "loader)\n"
	      "      --kernel-stack-size=PAGES\n"
	      "                         kernel stack size in 4 KiB pages "
	      "(default: 512)\n"
	      "      --physical-memory-offset=ADDR\n"
	      "                         virtual address where all physical "
	      "memory is mapped,\n"
	      "                         1 GiB aligned (default: chosen by the "
	      "loader)\n"
	      "      --boot-info-address=ADDR\n"
	      "                         virtual address of the boot info "
	      "(default: chosen by\n"
	      "                         the loader)\n"
	      "      --recursive-index=N\n"
	      "                         level-4 slot (1-511) of the recursive "
	      "entry (default:\n"
	      "                         chosen by the loader)\n"
	      "      --map-physical-memory\n"
	      "                         map all physical memory at the offset "
	      "(default: off)\n"
	      "      --recursive-page-table\n"
	      "                         map the level-4 table through itself "
	      "(default: off)\n"
	      "      --vga-320x200      boot in VGA mode 13h, 320x200 with 256 "
	      "colours\n"
	      "                         (default: off, 80x25 text)\n"
	      "      --framebuffer-width=W, --framebuffer-height=H\n"
	      "                         a linear framebuffer: the largest VBE "
	      "mode within\n"
	      "                         WxH pixels (default: none, 80x25 "
	      "text)\n"
	      "      --framebuffer-bpp=N\n"
	      "                         its depth: 15, 16, 24 or 32 bits "
	      "(default: 0, the\n"
	      "                         deepest)\n"
	      "\n"
	      "Settings come from the kernel's CKBOOT_CONFIG note, then the "
	      "manifest, then\nthese options, each overriding the one "
	      "before.  ADDR is hexadecimal (0x...)\nor decimal.\n\n",
	      stdout);
}

static void print_install_help(void)
{
	printf("Installation:\n"
	       "  -d, --directory=DIR    take mbr.bin and loader.bin from DIR "
	       "(default: the\n"
	       "                         CKBOOT_STAGE_DIR environment "
	       "variable, else\n"
	       "                         %s)\n", PKGLIBDIR);
	fputs("  -s, --image-size=SIZE  size of a new image file, in bytes or "
	      "with a K, M, G\n"
	      "                         or T suffix (default: just big "
	      "enough, in whole MiB)\n"
	      "  -f, --force            install over a file-system signature "
	      "or another boot\n"
	      "                         loader at the start of TARGET "
	      "(default: refuse);\n"
	      "                         with --restore, restore onto a disk "
	      "other than the\n"
	      "                         backup's if its contents match\n"
	      "      --activate=N       mark MBR partition N (1-4) active "
	      "(default: no change)\n"
	      "      --backup=FILE      save every byte the install overwrites "
	      "in FILE\n"
	      "                         (default: none)\n"
	      "      --restore=FILE     undo an install with the bytes saved "
	      "by --backup\n"
	      "      --verify           check the ckboot installed on TARGET "
	      "against the\n"
	      "                         checksums of its install; write "
	      "nothing\n"
	      "  -n, --dry-run          print the settings and the plan; write "
	      "nothing\n"
	      "  -v, --verbose          print the settings, the plan and the "
	      "progress\n"
	      "      --help             display this help and exit\n"
	      "      --version          output version information and exit\n"
	      "\n", stdout);
}

static void print_exit_help(void)
{
	fputs("Exit status:\n"
	      " 0  if the install (or, with --dry-run, its plan) succeeded;"
	      " with --verify,\n"
	      "    if the install on TARGET is intact\n"
	      " 1  if it was refused or failed; TARGET is then unchanged; "
	      "with --verify,\n"
	      "    if it is damaged or absent\n"
	      " 2  for a usage error (a bad option, a missing operand)\n"
	      " 3  if it failed and putting TARGET back failed too; the "
	      "message says what\n"
	      "    is left and names the backup\n", stdout);
}

/* gnulib's emit_bug_reporting_address() would add a line about GNU
   software; ckboot is not a GNU package, so the two lines are ours.  */
static void emit_bug_reporting_address(void)
{
	printf("\nReport bugs to: %s\n", PACKAGE_BUGREPORT);
	printf("%s home page: <%s>\n", PACKAGE_NAME, PACKAGE_URL);
}

static _Noreturn void usage(int status)
{
	if (status != EXIT_SUCCESS) {
		emit_try_help();
		exit(status);
	}
	print_usage_lines();
	print_settings_help();
	print_install_help();
	print_exit_help();
	emit_bug_reporting_address();
	exit(status);
}

/* The lines version_etc() prints, but with ckboot's copyright year:
   version_etc() would print the year of the gnulib snapshot.  */
static _Noreturn void version(void)
{
	printf("%s (%s) %s\n", PROGRAM_NAME, PACKAGE_NAME, PACKAGE_VERSION);
	printf("Copyright (C) %d %s.\n", COPYRIGHT_YEAR_CKBOOT,
	       COPYRIGHT_HOLDER);
	fputs("License GPLv3+: GNU GPL version 3 or later "
	      "<https://gnu.org/licenses/gpl.html>.\n"
	      "This is free software: you are free to change and "
	      "redistribute it.\n"
	      "There is NO WARRANTY, to the extent permitted by law.\n",
	      stdout);
	exit(EXIT_SUCCESS);
}

static _Noreturn void usage_error(const char *fmt, const char *arg)
{
	error(0, 0, fmt, arg);
	usage(EXIT_USAGE);
}

static uint64_t parse_image_size(const char *arg)
{
	uintmax_t v;

	/* "0" in the suffixes allows 1M = 1MiB = 1024 KiB, 1MB = 10^6.  */
	if (xstrtoumax(arg, NULL, 10, &v, "kKMGT0") != LONGINT_OK)
		usage_error("invalid image size %s", quote(arg));
	return v;
}

static int parse_activate(const char *arg)
{
	if (arg[0] < '1' || arg[0] > '4' || arg[1])
		usage_error("invalid partition number %s for --activate: "
			    "use 1 to 4", quote(arg));
	return arg[0] - '0';
}

/* --module-string names the string of the --module before it.  */
static void set_module_string(struct cli *c, const char *arg)
{
	if (c->nmod == 0)
		usage_error("--module-string=%s comes before any --module",
			    quote(arg));
	if (c->mod[c->nmod - 1].string)
		usage_error("a second --module-string for --module=%s",
			    quote(c->mod[c->nmod - 1].path));
	c->mod[c->nmod - 1].string = arg;
}

static void parse_option(struct cli *c, int opt, char *arg)
{
	switch (opt) {
	case 'k': c->kernel = arg; break;
	case 'm': c->manifest = arg; break;
	case 'd': c->o.stage_dir = arg; break;
	case 's': c->o.image_size = parse_image_size(arg); break;
	case 'f': c->o.force = 1; break;
	case 'n': c->dry_run = 1; break;
	case 'v': c->o.verbose = 1; break;
	case OPT_ACTIVATE: c->o.activate = parse_activate(arg); break;
	case OPT_BACKUP: c->o.backup = arg; break;
	case OPT_CMDLINE: c->o.cmdline = arg; break;
	case OPT_MODULE: c->mod[c->nmod++].path = arg; break;
	case OPT_MODULE_STRING: set_module_string(c, arg); break;
	case OPT_RESTORE: c->restore = arg; break;
	case OPT_VERIFY: c->verify = 1; break;
	case OPT_HELP: usage(EXIT_SUCCESS);
	case OPT_VERSION: version();
	default:
		if (opt < OPT_SETTING ||
		    opt >= OPT_SETTING + CKB_SETTING_COUNT)
			usage(EXIT_USAGE);
		c->set[c->nset].which = opt - OPT_SETTING;
		c->set[c->nset].value = arg;
		c->nset++;
	}
}

/* Operands and the combinations getopt cannot check.  */
static void check_operands(struct cli *c, int argc, char **argv)
{
	if (optind == argc)
		usage_error("missing TARGET operand%s", "");
	if (optind + 1 < argc)
		usage_error("extra operand %s", quote(argv[optind + 1]));
	c->o.target = argv[optind];
	if (c->restore && (c->kernel || c->manifest || c->nset ||
			   c->o.backup || c->o.activate || c->o.image_size ||
			   c->o.cmdline || c->nmod || c->dry_run))
		usage_error("--restore undoes an install: it takes no kernel, "
			    "manifest, settings, --cmdline, --module, "
			    "--backup, --activate, --image-size or "
			    "--dry-run%s", "");
	if (c->verify && (c->restore || c->kernel || c->manifest || c->nset ||
			  c->o.backup || c->o.activate || c->o.image_size ||
			  c->o.cmdline || c->nmod || c->o.force || c->dry_run))
		usage_error("--verify checks an install: it takes no kernel, "
			    "manifest, settings, --cmdline, --module, "
			    "--backup, --restore, --activate, --image-size, "
			    "--force or --dry-run%s", "");
	if (!c->restore && !c->verify && !c->kernel)
		usage_error("missing --kernel=FILE%s", "");
}

static void parse_args(struct cli *c, int argc, char **argv)
{
	int opt;

	c->set = xnmalloc(argc, sizeof *c->set);
	c->mod = xcalloc(argc, sizeof *c->mod);
	while ((opt = getopt_long(argc, argv, "k:m:d:s:fnv", long_options,
				  NULL)) != -1)
		parse_option(c, opt, optarg);
	check_operands(c, argc, argv);
	if (!c->o.stage_dir) {
		const char *env = getenv("CKBOOT_STAGE_DIR");

		c->o.stage_dir = env && *env ? env : PKGLIBDIR;
	}
}

static _Noreturn void fail(const struct ckb_error *err)
{
	error(EXIT_REFUSED, 0, "%s", err->msg);
	abort();
}

/* The effective settings: the kernel's note, then the manifest, then
   the options.  */
static void gather_settings(const struct cli *c, const struct ckb_kernel *k,
			    struct ckb_settings *s)
{
	struct ckb_error err;

	ckb_settings_init(s);
	ckb_settings_from_kernel(s, k);
	if (c->manifest && ckb_settings_from_manifest(s, c->manifest,
						      &err) < 0)
		fail(&err);
	for (size_t i = 0; i < c->nset; i++)
		if (ckb_settings_set_option(s, c->set[i].which,
					    c->set[i].value, &err) < 0)
			fail(&err);
	if (ckb_settings_check(s, k, &err) < 0)
		fail(&err);
}

/* Each --module, opened and its CRC-32 taken, into C->o.  */
static void open_modules(struct cli *c)
{
	struct ckb_error err;

	/* Before reading any of them whole for its CRC-32.  */
	if (ckb_module_count_check(c->nmod,
				   c->nmod > CKBOOT_MODULES_MAX
				       ? c->mod[CKBOOT_MODULES_MAX].path
				       : NULL,
				   &err) < 0)
		fail(&err);
	c->modules = xnmalloc(c->nmod ? c->nmod : 1, sizeof *c->modules);
	for (size_t i = 0; i < c->nmod; i++)
		if (ckb_module_open(c->mod[i].path, c->mod[i].string,
				    &c->modules[i], &err) < 0)
			fail(&err);
	c->o.modules = c->modules;
	c->o.nmodules = c->nmod;
}

static void close_modules(struct cli *c)
{
	for (size_t i = 0; i < c->nmod; i++)
		ckb_module_close(&c->modules[i]);
	free(c->modules);
}

static int install(struct cli *c)
{
	struct ckb_kernel k;
	struct ckb_settings s;
	struct ckb_plan *plan;
	struct ckb_error err;
	int r;

	if (ckb_kernel_open(c->kernel, &k, &err) < 0)
		fail(&err);
	open_modules(c);
	gather_settings(c, &k, &s);
	if (ckb_plan_make(&c->o, &k, &s.cfg, &plan, &err) < 0)
		fail(&err);
	if (c->dry_run || c->o.verbose) {
		ckb_settings_print(stdout, &s);
		ckb_plan_print(stdout, plan);
		fflush(stdout);
	}
	r = c->dry_run ? 0 : ckb_plan_execute(plan, &err);
	ckb_plan_free(plan);
	close_modules(c);
	ckb_kernel_close(&k);
	if (r == -2)
		error(EXIT_ROLLBACK_INCOMPLETE, 0, "%s", err.msg);
	if (r < 0)
		fail(&err);
	return EXIT_SUCCESS;
}

static int restore(const struct cli *c)
{
	struct ckb_error err;
	int r = c->o.force ? ckb_restore_forced(c->restore, c->o.target, &err)
			   : ckb_restore(c->restore, c->o.target, &err);

	if (r == -2)
		error(EXIT_ROLLBACK_INCOMPLETE, 0, "%s", err.msg);
	if (r < 0)
		fail(&err);
	return EXIT_SUCCESS;
}

/* The findings go to standard output; what is wrong, in one line, to
   standard error.  */
static int verify(const struct cli *c)
{
	struct ckb_error err;

	if (ckb_verify(c->o.target, c->o.stage_dir, stdout, &err) < 0) {
		fflush(stdout);
		fail(&err);
	}
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	struct cli c = { 0 };

	set_program_name(argv[0]);
	atexit(close_stdout);
	parse_args(&c, argc, argv);
	if (c.verify)
		return verify(&c);
	return c.restore ? restore(&c) : install(&c);
}
