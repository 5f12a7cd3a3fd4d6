/* A small TOML 1.0 reader for the manifests ckboot-install reads
   (lib/manifest.c): a kernel's Cargo.toml.  It parses the whole language
   that Cargo.toml files use -- comments, the four string forms with
   escapes, integers, floats, booleans, date-times (kept as text), arrays,
   inline tables, [table] and [[array]] headers, dotted and quoted keys --
   into a tree, and refuses redefinitions as TOML does.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#ifndef CKBOOT_TOML_H
#define CKBOOT_TOML_H

#include <stddef.h>
#include <stdint.h>

enum toml_type {
	TOML_STRING,
	TOML_INTEGER,
	TOML_FLOAT,
	TOML_BOOLEAN,
	TOML_DATETIME,		/* kept as its text in .s */
	TOML_ARRAY,
	TOML_TABLE
};

struct toml_value;

struct toml_pair {
	char *key;
	struct toml_value *value;
};

struct toml_value {
	enum toml_type type;
	unsigned line;		/* where it was defined, for messages */
	unsigned flags;		/* TOML_F_*: how a table or array was made */
	char *s;		/* STRING, DATETIME: UTF-8, NUL-terminated */
	int64_t i;		/* INTEGER; BOOLEAN as 0 or 1 */
	double f;		/* FLOAT */
	struct toml_value **item; /* ARRAY */
	struct toml_pair *pair;	/* TABLE, in file order */
	size_t n, cap;		/* items or pairs */
};

/* Parse LEN bytes of TEXT.  Returns the root table, or NULL with
   "LINE: what is wrong" in ERR.  */
struct toml_value *toml_parse(const char *text, size_t len, char *err,
			      size_t errlen);
void toml_free(struct toml_value *v);

/* The value of KEY in TABLE, or NULL (also when TABLE is not a table).  */
const struct toml_value *toml_get(const struct toml_value *table,
				  const char *key);
/* "string", "integer", ... for messages.  */
const char *toml_type_name(enum toml_type t);

#endif /* CKBOOT_TOML_H */
