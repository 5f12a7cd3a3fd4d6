/* --manifest FILE: the boot settings as the Rust bootloader crate 0.9's
   users wrote them, in their kernel's Cargo.toml, so a kernel moving to
   ckboot keeps its configuration.  Two places are read:

	[package.metadata.bootloader]
	kernel-stack-address = "0xFFFF800000000000"	# strings: hex or
	kernel-stack-size = 128				# decimal; pages
	physical-memory-offset = "0x0000f00000000000"
	boot-info-address = "18446603336221196288"

	[dependencies]
	bootloader = { version = "0.9", features = ["map_physical_memory"] }

   (or the [dependencies.bootloader] table form, or a dependency renamed
   with package = "bootloader"), and the kernel's own default features,
   which Cargo builds it with: [features] default =
   ["bootloader/vga_320x200"], directly or through other features.  As
   in the Rust crate, addresses must be strings, since TOML integers
   stop at 2^63, and an unknown key is an error rather than a silently
   ignored typo.  ckboot adds one key,
   recursive-index, for --recursive-index.  The features "binary" and
   "sse" are accepted and ignored: ckboot needs no build feature and
   always enables SSE.  The values are recorded with config.c's
   ckb_settings_set(); config.c checks them.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ckboot.h"
#include "file.h"
#include "settings.h"
#include "toml.h"

#define MANIFEST_MAX (4 * 1024 * 1024)	/* far more than any Cargo.toml */

#define MAX_BOOTLOADER_DEPS 8	/* keys naming the bootloader crate */

struct manifest {
	const char *path;
	struct ckb_settings *s;
	struct ckb_error *err;
	const char *dep[MAX_BOOTLOADER_DEPS]; /* "bootloader", or renamed */
	int ndep;
};

static int mfail(const struct manifest *m, unsigned line, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));

/* "FILE:LINE: problem", or "FILE: problem" when LINE is 0.  */
static int mfail(const struct manifest *m, unsigned line, const char *fmt,
		 ...)
{
	char *msg = m->err->msg;
	size_t len = sizeof m->err->msg;
	va_list ap;
	int n;

	if (line)
		n = snprintf(msg, len, "%s:%u: ", m->path, line);
	else
		n = snprintf(msg, len, "%s: ", m->path);
	if (n < 0 || (size_t)n >= len)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(msg + n, len - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* The file opened to be read, or NULL: a FIFO or a device is no
   Cargo.toml, and reading one could wait for ever.  */
static FILE *open_manifest(const struct manifest *m)
{
	struct stat st;
	int fd = file_open_read(m->path, &st), e;
	FILE *f;

	if (fd < 0) {
		mfail(m, 0, "cannot open manifest: %s", strerror(errno));
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		mfail(m, 0, "not a regular file");
		return NULL;
	}
	f = fdopen(fd, "rb");
	if (!f) {
		e = errno;
		close(fd);
		mfail(m, 0, "cannot open manifest: %s", strerror(e));
	}
	return f;
}

static char *read_manifest(const struct manifest *m, size_t *len)
{
	FILE *f = open_manifest(m);
	char *buf;

	if (!f)
		return NULL;
	buf = malloc(MANIFEST_MAX + 1);
	if (!buf) {
		fclose(f);
		mfail(m, 0, "%s", strerror(ENOMEM));
		return NULL;
	}
	*len = fread(buf, 1, MANIFEST_MAX + 1, f);
	if (ferror(f) || *len > MANIFEST_MAX) {
		mfail(m, 0, ferror(f) ? "read error: %s"
				      : "too large for a Cargo.toml%s",
		      ferror(f) ? strerror(errno) : "");
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

/* ---- [package.metadata.bootloader] ---- */

static const struct key {
	const char *name;
	enum ckb_setting which;
} metadata_keys[] = {
	{ "kernel-stack-address", CKB_KERNEL_STACK_ADDRESS },
	{ "kernel-stack-size", CKB_KERNEL_STACK_SIZE },
	{ "physical-memory-offset", CKB_PHYSICAL_MEMORY_OFFSET },
	{ "boot-info-address", CKB_BOOT_INFO_ADDRESS },
	{ "recursive-index", CKB_RECURSIVE_INDEX },
};

static const struct key *find_key(const char *name)
{
	for (size_t i = 0; i < sizeof metadata_keys / sizeof *metadata_keys;
	     i++)
		if (strcmp(metadata_keys[i].name, name) == 0)
			return &metadata_keys[i];
	return NULL;
}

/* An address: a string holding a hexadecimal or decimal number.  */
static int read_address(const struct manifest *m, const char *name,
			const struct toml_value *v, uint64_t *out)
{
	if (v->type == TOML_INTEGER)
		return mfail(m, v->line, "%s must be a string such as "
			     "\"0xffff800000000000\": TOML integers cannot "
			     "hold every 64-bit address", name);
	if (v->type != TOML_STRING)
		return mfail(m, v->line, "%s must be a string, not a TOML "
			     "%s", name, toml_type_name(v->type));
	if (ckb_parse_u64(v->s, out) < 0)
		return mfail(m, v->line, "%s \"%s\": not a number (write "
			     "hexadecimal as \"0x...\", or decimal)", name,
			     v->s);
	return 0;
}

/* A count: a non-negative TOML integer.  */
static int read_count(const struct manifest *m, const char *name,
		      const struct toml_value *v, uint64_t *out)
{
	if (v->type != TOML_INTEGER)
		return mfail(m, v->line, "%s must be an integer, not a TOML "
			     "%s", name, toml_type_name(v->type));
	if (v->i < 0)
		return mfail(m, v->line, "%s %lld: must not be negative",
			     name, (long long)v->i);
	*out = v->i;
	return 0;
}

static int apply_metadata(const struct manifest *m,
			  const struct toml_value *t)
{
	for (size_t i = 0; i < t->n; i++) {
		const char *name = t->pair[i].key;
		const struct toml_value *v = t->pair[i].value;
		const struct key *k = find_key(name);
		uint64_t x;
		int r;

		if (!k)
			return mfail(m, v->line, "unknown key '%s' in "
				     "[package.metadata.bootloader] (known: "
				     "kernel-stack-address, kernel-stack-size,"
				     " physical-memory-offset, "
				     "boot-info-address, recursive-index)",
				     name);
		if (k->which == CKB_KERNEL_STACK_SIZE ||
		    k->which == CKB_RECURSIVE_INDEX)
			r = read_count(m, name, v, &x);
		else
			r = read_address(m, name, v, &x);
		if (r < 0)
			return -1;
		ckb_settings_set(m->s, k->which, x, CKB_SOURCE_MANIFEST,
				 m->path);
	}
	return 0;
}

/* ---- the bootloader dependency's features ---- */

/* Feature NAME of the bootloader crate is on (LINE: where it was).  */
static int apply_feature_name(const struct manifest *m, const char *name,
			      unsigned line)
{
	static const struct {
		const char *name;
		int which;	/* -1: accepted, nothing to do */
	} features[] = {
		{ "map_physical_memory", CKB_MAP_PHYSICAL_MEMORY },
		{ "recursive_page_table", CKB_RECURSIVE_PAGE_TABLE },
		{ "vga_320x200", CKB_VGA_320X200 },
		{ "binary", -1 },
		{ "sse", -1 },
	};

	for (size_t i = 0; i < sizeof features / sizeof *features; i++) {
		if (strcmp(name, features[i].name) != 0)
			continue;
		if (features[i].which >= 0)
			ckb_settings_set(m->s, features[i].which, 1,
					 CKB_SOURCE_MANIFEST, m->path);
		return 0;
	}
	return mfail(m, line, "unknown bootloader feature \"%s\" (known: "
		     "map_physical_memory, recursive_page_table, vga_320x200,"
		     " binary, sse)", name);
}

static int apply_feature(const struct manifest *m, const struct toml_value *v)
{
	if (v->type != TOML_STRING)
		return mfail(m, v->line, "bootloader features must be "
			     "strings");
	return apply_feature_name(m, v->s, v->line);
}

/* DEP is the dependency's value: "0.9" or { version = ..., features }.  */
static int apply_dependency(const struct manifest *m,
			    const struct toml_value *dep)
{
	const struct toml_value *f = toml_get(dep, "features");

	if (!f)
		return 0;
	if (f->type != TOML_ARRAY)
		return mfail(m, f->line, "the bootloader dependency's "
			     "features must be an array of strings");
	for (size_t i = 0; i < f->n; i++)
		if (apply_feature(m, f->item[i]) < 0)
			return -1;
	return 0;
}

/* True if entry KEY = V of a dependency table is the bootloader crate.  */
static int is_bootloader(const char *key, const struct toml_value *v)
{
	const struct toml_value *pkg = toml_get(v, "package");

	if (pkg && pkg->type == TOML_STRING)
		return strcmp(pkg->s, "bootloader") == 0;
	return strcmp(key, "bootloader") == 0;
}

/* Apply every bootloader dependency in the table DEPS; count them.  */
static int scan_dependencies(struct manifest *m,
			     const struct toml_value *deps, int *found)
{
	if (!deps || deps->type != TOML_TABLE)
		return 0;
	for (size_t i = 0; i < deps->n; i++) {
		if (!is_bootloader(deps->pair[i].key, deps->pair[i].value))
			continue;
		++*found;
		if (m->ndep < MAX_BOOTLOADER_DEPS)
			m->dep[m->ndep++] = deps->pair[i].key;
		if (apply_dependency(m, deps->pair[i].value) < 0)
			return -1;
	}
	return 0;
}

/* [dependencies], and [target.'cfg(...)'.dependencies] too.  */
static int apply_dependencies(struct manifest *m,
			      const struct toml_value *root, int *found)
{
	const struct toml_value *targets = toml_get(root, "target");

	if (scan_dependencies(m, toml_get(root, "dependencies"), found) < 0)
		return -1;
	for (size_t i = 0; targets && targets->type == TOML_TABLE &&
			   i < targets->n; i++)
		if (scan_dependencies(m, toml_get(targets->pair[i].value,
						  "dependencies"),
				      found) < 0)
			return -1;
	return 0;
}

/* ---- the kernel's own features ---- */

/* If ENTRY of a [features] list is "DEP/NAME" or "DEP?/NAME" for a
   bootloader dependency DEP, NAME; else NULL.  */
static const char *bootloader_feature(const struct manifest *m,
				      const char *entry)
{
	const char *slash = strchr(entry, '/');
	size_t len;

	if (!slash)
		return NULL;
	len = (size_t)(slash - entry);
	if (len > 0 && entry[len - 1] == '?')
		len--;
	for (int i = 0; i < m->ndep; i++)
		if (strlen(m->dep[i]) == len &&
		    strncmp(entry, m->dep[i], len) == 0)
			return slash + 1;
	return NULL;
}

/* Feature NAME of the kernel is on: apply what it turns on in the
   bootloader crate, and the kernel's features it names in turn.  DEPTH
   bounds a cycle (which Cargo refuses anyway).  */
static int apply_kernel_feature(const struct manifest *m,
				const struct toml_value *features,
				const char *name, size_t depth)
{
	const struct toml_value *list = toml_get(features, name);
	const char *dep_feature;

	if (!list || list->type != TOML_ARRAY || depth > features->n)
		return 0;
	for (size_t i = 0; i < list->n; i++) {
		const struct toml_value *v = list->item[i];

		if (v->type != TOML_STRING)
			continue; /* Cargo's business, not ours */
		dep_feature = bootloader_feature(m, v->s);
		if (dep_feature) {
			if (apply_feature_name(m, dep_feature, v->line) < 0)
				return -1;
		} else if (!strchr(v->s, '/') && strncmp(v->s, "dep:", 4) &&
			   apply_kernel_feature(m, features, v->s,
						depth + 1) < 0) {
			return -1;
		}
	}
	return 0;
}

/* Cargo builds the kernel with its default features, so
   [features] default = ["bootloader/map_physical_memory"] turns that
   feature on as surely as the dependency's own features list does.  */
static int apply_default_features(const struct manifest *m,
				  const struct toml_value *root)
{
	const struct toml_value *features = toml_get(root, "features");

	if (!features || features->type != TOML_TABLE || m->ndep == 0)
		return 0;
	return apply_kernel_feature(m, features, "default", 0);
}

static int apply_manifest(struct manifest *m, const struct toml_value *root)
{
	const struct toml_value *meta =
		toml_get(toml_get(toml_get(root, "package"), "metadata"),
			 "bootloader");
	int found = 0;

	if (meta && meta->type != TOML_TABLE)
		return mfail(m, meta->line, "package.metadata.bootloader "
			     "must be a table");
	if (apply_dependencies(m, root, &found) < 0 ||
	    apply_default_features(m, root) < 0)
		return -1;
	if (!meta && !found)
		return mfail(m, 0, "no [package.metadata.bootloader] table "
			     "and no bootloader dependency: not the "
			     "manifest of a kernel for the bootloader crate");
	return meta ? apply_metadata(m, meta) : 0;
}

int ckb_settings_from_manifest(struct ckb_settings *s, const char *path,
			       struct ckb_error *err)
{
	struct manifest m = { .path = path, .s = s, .err = err };
	struct toml_value *root;
	char why[CKB_ERRLEN / 2];
	size_t len;
	char *text = read_manifest(&m, &len);
	int r;

	if (!text)
		return -1;
	root = toml_parse(text, len, why, sizeof why);
	free(text);
	if (!root) {
		/* WHY is "LINE: problem".  */
		snprintf(err->msg, sizeof err->msg, "%s:%s", path, why);
		return -1;
	}
	r = apply_manifest(&m, root);
	toml_free(root);
	return r;
}
