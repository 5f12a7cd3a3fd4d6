/* Unit tests of libckboot through its public header, as another tool
   would use it: the CRC-32 (both the PCLMULQDQ folding and the table
   path), checking a kernel, settings and their refusals, and a plan
   carried out on a new image file.  Linked with libckboot.la.

   Needs CKBOOT_STAGE_DIR (tests/Makefile.am sets it) for the install
   case: the built mbr.bin and loader.bin.  */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ckboot.h"
#include "crc_bitwise.h"

static int failures;

static void check(int ok, const char *what, ...)
{
	va_list ap;

	if (ok)
		return;
	va_start(ap, what);
	fputs("FAIL: ", stdout);
	vprintf(what, ap);
	putchar('\n');
	va_end(ap);
	failures++;
}

/* ---- CRC-32 ---- */

static void test_crc(void)
{
	enum { N = 8192 + 64 };
	static unsigned char buf[N];
	uint32_t x = 7, c;
	size_t len, off, cut;

	puts("crc: check value, and agreement with the definition");
	check(ckb_crc32(0, "123456789", 9) == 0xcbf43926U, "check value");
	for (size_t i = 0; i < N; i++) {
		x = x * 1103515245U + 12345U;
		buf[i] = x >> 16;
	}
	/* Lengths around every multiple of 16 up to a few folds, and
	   long ones, at every alignment: the folding path takes 64 bytes
	   and more, the tables the rest.  */
	for (off = 0; off < 16; off++)
		for (len = 0; len < 300; len++)
			check(ckb_crc32(0x1234, buf + off, len) ==
				  crc32_bitwise(0x1234, buf + off, len),
			      "crc of %zu bytes at offset %zu", len, off);
	for (len = 4000; len < 8192; len += 997)
		check(ckb_crc32(0, buf + 3, len) == crc32_bitwise(0, buf + 3, len),
		      "crc of %zu bytes", len);
	for (cut = 0; cut < 8192; cut += 1111) {
		c = ckb_crc32(0, buf, cut);
		check(ckb_crc32(c, buf + cut, 8192 - cut) ==
			  crc32_bitwise(0, buf, 8192),
		      "chained at %zu", cut);
		check(ckb_crc32_combine(c, ckb_crc32(0, buf + cut, N - cut),
					N - cut) == crc32_bitwise(0, buf, N),
		      "combined at %zu", cut);
	}
	check(ckb_crc32_combine(0x1234, 0, 0) == 0x1234, "combined with nothing");
}

/* ---- a kernel file ---- */

#define KBASE 0xffffffff80000000ULL

static void put16(unsigned char *p, uint16_t v)
{
	p[0] = v, p[1] = v >> 8;
}

static void put32(unsigned char *p, uint32_t v)
{
	put16(p, v), put16(p + 2, v >> 16);
}

static void put64(unsigned char *p, uint64_t v)
{
	put32(p, v), put32(p + 4, v >> 32);
}

/* An ELF64 x86-64 executable of two pages: headers, then one page of
   code (R+X) linked at KBASE.  */
static void make_kernel(unsigned char *f, size_t size)
{
	unsigned char *ph = f + 64;

	memset(f, 0, size);
	memcpy(f, "\177ELF\2\1\1", 7);
	put16(f + 16, 2);	/* ET_EXEC */
	put16(f + 18, 62);	/* EM_X86_64 */
	put32(f + 20, 1);
	put64(f + 24, KBASE);	/* e_entry */
	put64(f + 32, 64);	/* e_phoff */
	put16(f + 52, 64);	/* e_ehsize */
	put16(f + 54, 56);	/* e_phentsize */
	put16(f + 56, 1);	/* e_phnum */
	put16(f + 58, 64);	/* e_shentsize */
	put32(ph, 1);		/* PT_LOAD */
	put32(ph + 4, 5);	/* PF_R | PF_X */
	put64(ph + 8, 0x1000);	/* p_offset */
	put64(ph + 16, KBASE);	/* p_vaddr */
	put64(ph + 32, 0x1000); /* p_filesz */
	put64(ph + 40, 0x1000); /* p_memsz */
	put64(ph + 48, 0x1000); /* p_align */
	memset(f + 0x1000, 0xf4, 0x1000); /* hlt */
}

static int write_file(const char *path, const void *buf, size_t len)
{
	FILE *f = fopen(path, "wb");
	int ok = f && fwrite(buf, 1, len, f) == len;

	if (f && fclose(f) != 0)
		ok = 0;
	return ok ? 0 : -1;
}

static void test_kernel(const char *dir, char *kpath, size_t kpathlen)
{
	static unsigned char f[0x2000];
	struct ckb_kernel k;
	struct ckb_error err;
	char bad[512];

	puts("kernel: a good one is read, bad ones are refused by name");
	make_kernel(f, sizeof f);
	snprintf(kpath, kpathlen, "%s/kernel.elf", dir);
	check(write_file(kpath, f, sizeof f) == 0, "write %s", kpath);
	check(ckb_kernel_open(kpath, &k, &err) == 0, "open: %s", err.msg);
	check(k.size == sizeof f, "size %llu", (unsigned long long)k.size);
	check(k.entry == KBASE, "entry");
	check(k.nseg == 1 && k.seg[0].vaddr == KBASE, "one segment");
	check(k.crc32 == crc32_bitwise(0, f, sizeof f), "recorded CRC");
	ckb_kernel_close(&k);

	snprintf(bad, sizeof bad, "%s/bad.elf", dir);
	put16(f + 18, 3); /* EM_386 */
	check(write_file(bad, f, sizeof f) == 0, "write %s", bad);
	check(ckb_kernel_open(bad, &k, &err) < 0, "EM_386 accepted");
	check(strstr(err.msg, bad) == err.msg &&
		  strstr(err.msg, "x86-64") != NULL && !strchr(err.msg, '\n'),
	      "EM_386 message: %s", err.msg);
	check(write_file(bad, "not an elf file", 15) == 0, "write %s", bad);
	check(ckb_kernel_open(bad, &k, &err) < 0 &&
		  strstr(err.msg, "not an ELF file") != NULL,
	      "not-ELF message: %s", err.msg);
	unlink(bad);
}

/* ---- settings ---- */

static void test_settings(const char *kpath)
{
	struct ckb_settings s;
	struct ckb_kernel k;
	struct ckb_error err;

	puts("settings: options take effect and bad ones are refused");
	check(ckb_kernel_open(kpath, &k, &err) == 0, "open: %s", err.msg);
	ckb_settings_init(&s);
	ckb_settings_from_kernel(&s, &k);
	check(s.cfg.kernel_stack_size == CKBOOT_DEFAULT_STACK_PAGES,
	      "default stack size %llu",
	      (unsigned long long)s.cfg.kernel_stack_size);
	check(ckb_settings_set_option(&s, CKB_KERNEL_STACK_SIZE, "64", &err) ==
		  0,
	      "stack size 64: %s", err.msg);
	check(ckb_settings_set_option(&s, CKB_KERNEL_STACK_ADDRESS,
				      "0xffff900000000000", &err) == 0,
	      "stack address: %s", err.msg);
	check(s.cfg.kernel_stack_size == 64 &&
		  s.source[CKB_KERNEL_STACK_SIZE] == CKB_SOURCE_OPTION,
	      "stack size from the option");
	check(ckb_settings_check(&s, &k, &err) == 0, "check: %s", err.msg);

	check(ckb_settings_set_option(&s, CKB_KERNEL_STACK_SIZE, "0", &err) ==
		  0,
	      "stack size 0 as a number: %s", err.msg);
	check(ckb_settings_check(&s, &k, &err) < 0 &&
		  strstr(err.msg, "kernel-stack-size") != NULL &&
		  strstr(err.msg, "--kernel-stack-size") != NULL,
	      "stack size 0: %s", err.msg);
	check(ckb_settings_set_option(&s, CKB_KERNEL_STACK_SIZE, "12x", &err) <
		  0,
	      "stack size 12x accepted");
	ckb_settings_init(&s);
	check(ckb_settings_set_option(&s, CKB_KERNEL_STACK_ADDRESS,
				      "0xffffffff80000000", &err) == 0,
	      "stack on the kernel: %s", err.msg);
	check(ckb_settings_check(&s, &k, &err) < 0 &&
		  strstr(err.msg, "kernel-stack-address") != NULL &&
		  strstr(err.msg, "overlaps") != NULL,
	      "stack over the kernel: %s", err.msg);
	ckb_kernel_close(&k);
}

/* ---- an install ---- */

static void test_install(const char *dir, const char *kpath)
{
	const char *stage = getenv("CKBOOT_STAGE_DIR");
	struct ckb_install_options o = {0};
	struct ckb_plan *plan = NULL;
	struct ckb_settings s;
	struct ckb_kernel k;
	struct ckb_error err;
	unsigned char sec[512];
	char img[512], *listing = NULL;
	size_t listlen = 0;
	struct stat st;
	FILE *f;

	puts("install: a plan on a new image file, then carried out");
	if (!stage) {
		check(0, "CKBOOT_STAGE_DIR is not set");
		return;
	}
	snprintf(img, sizeof img, "%s/disk.img", dir);
	check(ckb_kernel_open(kpath, &k, &err) == 0, "open: %s", err.msg);
	ckb_settings_init(&s);
	ckb_settings_from_kernel(&s, &k);
	o.target = img;
	o.stage_dir = stage;
	check(ckb_plan_make(&o, &k, &s.cfg, &plan, &err) == 0, "plan: %s",
	      err.msg);
	if (!plan)
		goto out;
	check(access(img, F_OK) < 0 && errno == ENOENT,
	      "the plan wrote %s", img);
	f = open_memstream(&listing, &listlen);
	ckb_plan_print(f, plan);
	fclose(f);
	check(listing && strstr(listing, kpath) != NULL,
	      "the plan does not name the kernel:\n%s", listing);
	free(listing);
	check(ckb_plan_execute(plan, &err) == 0, "execute: %s", err.msg);
	check(stat(img, &st) == 0 && st.st_size % (1024 * 1024) == 0,
	      "image size is not whole MiB");
	f = fopen(img, "rb");
	check(f && fread(sec, 1, sizeof sec, f) == sizeof sec, "read %s", img);
	if (f)
		fclose(f);
	check(sec[510] == 0x55 && sec[511] == 0xaa, "no boot signature");
	check(sec[CKBOOT_MBR_PARTITION_TABLE] == 0x80,
	      "partition 1 is not active");
	unlink(img);
out:
	ckb_plan_free(plan);
	ckb_kernel_close(&k);
}

int main(void)
{
	char dir[] = "/tmp/ckboot-unit.XXXXXX", kpath[600];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 99;
	}
	test_crc();
	test_kernel(dir, kpath, sizeof kpath);
	test_settings(kpath);
	test_install(dir, kpath);
	unlink(kpath);
	rmdir(dir);
	printf("%s\n", failures ? "FAIL" : "PASS");
	return failures ? 1 : 0;
}
