/* A small TOML 1.0 reader (see toml.h).  lib/manifest.c hands it a
   Cargo.toml and walks the tree it returns.

   One pass, recursive descent over the text: a line is a [table] header,
   an [[array-of-tables]] header, or a key = value pair; values nest
   through arrays and inline tables.  Each table remembers how it came to
   exist (TOML_F_*), which is what TOML's "no table is defined twice"
   rules need.  Memory comes from gnulib's xalloc: running out is fatal.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "c-ctype.h"
#include "toml.h"
#include "xalloc.h"

/* How a table or an array came to exist.  */
#define TOML_F_IMPLICIT 1	/* parent of a [a.b] header, not defined yet */
#define TOML_F_HEADER 2		/* defined by its own [header] */
#define TOML_F_DOTTED 4		/* made by a dotted key: a.b = 1 */
#define TOML_F_CLOSED 8		/* inline table or array literal */
#define TOML_F_AOT 16		/* array of tables, grown by [[a]] */

#define MAX_KEY_PARTS 64
#define MAX_DEPTH 100		/* nested arrays and inline tables */

struct parser {
	const char *p, *end;
	unsigned line;
	unsigned depth;
	char *err;
	size_t errlen;
	int failed;
};

struct strbuf {
	char *b;
	size_t n, cap;
};

static void sb_add(struct strbuf *sb, char c)
{
	if (sb->n + 1 >= sb->cap)
		sb->b = x2nrealloc(sb->b, &sb->cap, 1);
	sb->b[sb->n++] = c;
	sb->b[sb->n] = 0;
}

static char *sb_finish(struct strbuf *sb)
{
	if (!sb->b)
		return xstrdup("");
	return sb->b;
}

static int error_at(struct parser *P, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Record the first error only: later ones are consequences.  */
static int error_at(struct parser *P, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (P->failed)
		return -1;
	P->failed = 1;
	n = snprintf(P->err, P->errlen, "%u: ", P->line);
	if (n < 0 || (size_t)n >= P->errlen)
		n = 0;
	va_start(ap, fmt);
	vsnprintf(P->err + n, P->errlen - n, fmt, ap);
	va_end(ap);
	return -1;
}

static int at_end(const struct parser *P)
{
	return P->p >= P->end;
}

static int peek(const struct parser *P)
{
	return at_end(P) ? -1 : (unsigned char)*P->p;
}

static int peek_at(const struct parser *P, size_t i)
{
	return (size_t)(P->end - P->p) > i ? (unsigned char)P->p[i] : -1;
}

static int starts(const struct parser *P, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(P->end - P->p) >= n && memcmp(P->p, s, n) == 0;
}

/* A newline is "\n" or "\r\n"; returns its length or 0.  */
static int newline_len(const struct parser *P)
{
	if (peek(P) == '\n')
		return 1;
	if (peek(P) == '\r' && peek_at(P, 1) == '\n')
		return 2;
	return 0;
}

static void skip_newline(struct parser *P)
{
	P->p += newline_len(P);
	P->line++;
}

static void skip_ws(struct parser *P)
{
	while (peek(P) == ' ' || peek(P) == '\t')
		P->p++;
}

static void skip_comment(struct parser *P)
{
	if (peek(P) != '#')
		return;
	while (!at_end(P) && !newline_len(P))
		P->p++;
}

/* Whitespace, comments and newlines, as allowed inside arrays.  */
static void skip_blank(struct parser *P)
{
	for (;;) {
		skip_ws(P);
		skip_comment(P);
		if (!newline_len(P))
			return;
		skip_newline(P);
	}
}

/* After a header or a key/value pair: only a comment may follow.  */
static int expect_eol(struct parser *P)
{
	skip_ws(P);
	skip_comment(P);
	if (at_end(P))
		return 0;
	if (!newline_len(P))
		return error_at(P, "expected the end of the line, found "
				"'%c'", peek(P));
	skip_newline(P);
	return 0;
}

/* ---- values and tables ---- */

static struct toml_value *new_value(struct parser *P, enum toml_type t)
{
	struct toml_value *v = xzalloc(sizeof *v);

	v->type = t;
	v->line = P->line;
	return v;
}

void toml_free(struct toml_value *v)
{
	if (!v)
		return;
	free(v->s);
	for (size_t i = 0; v->type == TOML_ARRAY && i < v->n; i++)
		toml_free(v->item[i]);
	for (size_t i = 0; v->type == TOML_TABLE && i < v->n; i++) {
		free(v->pair[i].key);
		toml_free(v->pair[i].value);
	}
	free(v->item);
	free(v->pair);
	free(v);
}

static struct toml_value *table_find(const struct toml_value *t,
				     const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->pair[i].key, key) == 0)
			return t->pair[i].value;
	return NULL;
}

const struct toml_value *toml_get(const struct toml_value *table,
				  const char *key)
{
	if (!table || table->type != TOML_TABLE)
		return NULL;
	return table_find(table, key);
}

static void table_add(struct toml_value *t, char *key, struct toml_value *v)
{
	if (t->n == t->cap)
		t->pair = x2nrealloc(t->pair, &t->cap, sizeof *t->pair);
	t->pair[t->n].key = key;
	t->pair[t->n].value = v;
	t->n++;
}

static void array_add(struct toml_value *a, struct toml_value *v)
{
	if (a->n == a->cap)
		a->item = x2nrealloc(a->item, &a->cap, sizeof *a->item);
	a->item[a->n++] = v;
}

const char *toml_type_name(enum toml_type t)
{
	static const char *const names[] = {
		"string", "integer", "float", "boolean", "date-time",
		"array", "table",
	};

	return t < sizeof names / sizeof names[0] ? names[t] : "value";
}

/* ---- strings ---- */

static void put_utf8(struct strbuf *sb, uint32_t c)
{
	if (c < 0x80) {
		sb_add(sb, c);
	} else if (c < 0x800) {
		sb_add(sb, 0xc0 | c >> 6);
		sb_add(sb, 0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		sb_add(sb, 0xe0 | c >> 12);
		sb_add(sb, 0x80 | (c >> 6 & 0x3f));
		sb_add(sb, 0x80 | (c & 0x3f));
	} else {
		sb_add(sb, 0xf0 | c >> 18);
		sb_add(sb, 0x80 | (c >> 12 & 0x3f));
		sb_add(sb, 0x80 | (c >> 6 & 0x3f));
		sb_add(sb, 0x80 | (c & 0x3f));
	}
}

/* \uXXXX or \UXXXXXXXX: N hex digits naming a Unicode scalar value.  */
static int parse_unicode(struct parser *P, int n, struct strbuf *sb)
{
	uint32_t c = 0;

	for (int i = 0; i < n; i++) {
		int d = peek(P);

		if (d < 0 || !c_isxdigit(d))
			return error_at(P, "\\%c escape needs %d hex digits",
					n == 4 ? 'u' : 'U', n);
		c = c * 16 + (c_isdigit(d) ? d - '0' : c_tolower(d) - 'a' + 10);
		P->p++;
	}
	if (c > 0x10ffff || (c >= 0xd800 && c < 0xe000))
		return error_at(P, "\\%c%0*X is not a Unicode scalar value",
				n == 4 ? 'u' : 'U', n, c);
	put_utf8(sb, c);
	return 0;
}

/* After a backslash in a multi-line basic string: a backslash at the end
   of a line eats the newline and the whitespace that follows.  */
static int line_ending_backslash(struct parser *P)
{
	const char *save = P->p;

	skip_ws(P);
	if (!newline_len(P)) {
		P->p = save;
		return 0;
	}
	for (;;) {
		skip_ws(P);
		if (!newline_len(P))
			return 1;
		skip_newline(P);
	}
}

static int parse_escape(struct parser *P, int multiline, struct strbuf *sb)
{
	int c;

	if (multiline && line_ending_backslash(P))
		return 0;
	c = peek(P);
	P->p++;
	switch (c) {
	case 'b': sb_add(sb, '\b'); return 0;
	case 't': sb_add(sb, '\t'); return 0;
	case 'n': sb_add(sb, '\n'); return 0;
	case 'f': sb_add(sb, '\f'); return 0;
	case 'r': sb_add(sb, '\r'); return 0;
	case '"': sb_add(sb, '"'); return 0;
	case '\\': sb_add(sb, '\\'); return 0;
	case 'u': return parse_unicode(P, 4, sb);
	case 'U': return parse_unicode(P, 8, sb);
	default:
		P->p--;
		return error_at(P, "invalid escape sequence in a string");
	}
}

/* Control characters other than tab may not appear raw in strings.  */
static int bad_char(int c)
{
	return (c < 0x20 && c != '\t') || c == 0x7f;
}

/* The closing delimiter of a multi-line string: three quotes, but up to
   two more quotes just before them belong to the string.  */
static int multiline_close(struct parser *P, char q, struct strbuf *sb)
{
	char three[4] = { q, q, q, 0 };
	int extra = 0;

	if (!starts(P, three))
		return 0;
	while (extra < 2 && peek_at(P, 3 + extra) == q)
		extra++;
	for (int i = 0; i < extra; i++)
		sb_add(sb, q);
	P->p += 3 + extra;
	return 1;
}

static int string_body(struct parser *P, char q, int multiline,
		       struct strbuf *sb)
{
	for (;;) {
		int c = peek(P);

		if (c < 0 || (!multiline && newline_len(P)))
			return error_at(P, "unterminated string");
		if (multiline && multiline_close(P, q, sb))
			return 0;
		if (!multiline && c == q) {
			P->p++;
			return 0;
		}
		if (multiline && newline_len(P)) {
			if (peek(P) == '\r')
				P->p++;
			sb_add(sb, '\n');
			skip_newline(P);
			continue;
		}
		if (bad_char(c))
			return error_at(P, "control character 0x%02x in a "
					"string", c);
		P->p++;
		if (c == '\\' && q == '"') {
			if (parse_escape(P, multiline, sb) < 0)
				return -1;
		} else {
			sb_add(sb, c);
		}
	}
}

/* A string of any of the four kinds, starting at its quote.  */
static char *parse_string(struct parser *P, int allow_multiline)
{
	char q = *P->p;
	char three[4] = { q, q, q, 0 };
	int multiline = starts(P, three);
	struct strbuf sb = { 0 };

	if (multiline && !allow_multiline) {
		error_at(P, "a key cannot be a multi-line string");
		return NULL;
	}
	P->p += multiline ? 3 : 1;
	/* A newline right after the opening delimiter is trimmed.  */
	if (multiline && newline_len(P))
		skip_newline(P);
	if (string_body(P, q, multiline, &sb) < 0) {
		free(sb.b);
		return NULL;
	}
	return sb_finish(&sb);
}

/* ---- numbers, booleans, date-times ---- */

static int token_char(int c)
{
	return c >= 0 && (c_isalnum(c) || c == '_' || c == '+' || c == '-' ||
			  c == '.' || c == ':');
}

/* A date-time may hold one space: "1979-05-27 07:32:00".  */
static size_t token_length(const struct parser *P)
{
	size_t n = 0;

	while (token_char(peek_at(P, n)))
		n++;
	if (n == 10 && P->p[4] == '-' && peek_at(P, n) == ' ' &&
	    c_isdigit(peek_at(P, n + 1)) && c_isdigit(peek_at(P, n + 2)) &&
	    peek_at(P, n + 3) == ':') {
		n++;
		while (token_char(peek_at(P, n)))
			n++;
	}
	return n;
}

/* Underscores only between two digits of the base.  */
static int underscores_ok(const char *s, int base)
{
	for (const char *p = s; *p; p++) {
		if (*p != '_')
			continue;
		if (p == s || !p[1])
			return 0;
		if (base == 16 ? !c_isxdigit(p[-1]) || !c_isxdigit(p[1])
			       : !c_isdigit(p[-1]) || !c_isdigit(p[1]))
			return 0;
	}
	return 1;
}

static void strip_underscores(char *s)
{
	char *d = s;

	for (; *s; s++)
		if (*s != '_')
			*d++ = *s;
	*d = 0;
}

static int digit_value(int c)
{
	if (c_isdigit(c))
		return c - '0';
	if (c_isxdigit(c))
		return c_tolower(c) - 'a' + 10;
	return 99;
}

/* Digits of BASE, sign already consumed; NEG for a minus.  */
static int parse_digits(const char *s, int base, int neg, int64_t *out)
{
	uint64_t v = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : INT64_MAX;

	if (!*s)
		return -1;
	for (; *s; s++) {
		int d = digit_value((unsigned char)*s);

		if (d >= base || v > (limit - d) / base)
			return -1;
		v = v * base + d;
	}
	*out = neg ? (int64_t)(0 - v) : (int64_t)v;
	return 0;
}

static int parse_integer(struct parser *P, char *tok, int64_t *out)
{
	int neg = tok[0] == '-', base = 10, r;
	char *s = tok + (tok[0] == '+' || tok[0] == '-'), *digits;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'o' || s[1] == 'b')) {
		if (s != tok)
			return error_at(P, "'%s': no sign allowed on a "
					"hexadecimal, octal or binary integer",
					tok);
		base = s[1] == 'x' ? 16 : s[1] == 'o' ? 8 : 2;
		s += 2;
	} else if (s[0] == '0' && s[1]) {
		return error_at(P, "'%s': leading zeros are not allowed", tok);
	}
	if (!underscores_ok(s, base))
		return error_at(P, "'%s': misplaced '_' in a number", tok);
	digits = xstrdup(s);
	strip_underscores(digits);
	r = parse_digits(digits, base, neg, out);
	free(digits);
	if (r < 0)
		return error_at(P, "'%s' is not a valid integer or is out of "
				"range", tok);
	return 0;
}

static int is_float_token(const char *tok)
{
	const char *s = tok + (tok[0] == '+' || tok[0] == '-');

	if (strcmp(s, "inf") == 0 || strcmp(s, "nan") == 0)
		return 1;
	return s[0] != '0' || s[1] != 'x' ? strpbrk(s, ".eE") != NULL : 0;
}

static int parse_float(struct parser *P, char *tok, double *out)
{
	const char *s = tok + (tok[0] == '+' || tok[0] == '-');
	char *end;

	if (strcmp(s, "inf") == 0 || strcmp(s, "nan") == 0) {
		*out = strcmp(s, "inf") == 0 ? INFINITY : NAN;
		if (tok[0] == '-')
			*out = -*out;
		return 0;
	}
	if (!underscores_ok(tok, 10) || !c_isdigit(s[0]) ||
	    (s[0] == '0' && c_isdigit(s[1])))
		return error_at(P, "'%s' is not a valid float", tok);
	for (const char *p = strchr(s, '.'); p; p = NULL)
		if (!c_isdigit(p[1]))
			return error_at(P, "'%s': a digit must follow '.'",
					tok);
	strip_underscores(tok);
	errno = 0;
	*out = strtod(tok, &end);
	if (*end || errno == ERANGE)
		return error_at(P, "'%s' is not a valid float", tok);
	return 0;
}

/* Dates and times: "1979-05-27", "07:32:00", "1979-05-27T07:32:00Z".
   Only their shape is checked; they are kept as text.  */
static int is_datetime_token(const char *tok, size_t n)
{
	if (n >= 10 && c_isdigit(tok[0]) && tok[4] == '-' && tok[7] == '-')
		return 1;
	return n >= 8 && c_isdigit(tok[0]) && tok[2] == ':';
}

static struct toml_value *parse_scalar(struct parser *P)
{
	size_t n = token_length(P);
	char *tok = ximemdup0(P->p, n);
	struct toml_value *v = NULL;
	int r = 0;

	if (n == 0) {
		error_at(P, "expected a value");
	} else if (strcmp(tok, "true") == 0 || strcmp(tok, "false") == 0) {
		v = new_value(P, TOML_BOOLEAN);
		v->i = tok[0] == 't';
	} else if (is_datetime_token(tok, n)) {
		v = new_value(P, TOML_DATETIME);
		v->s = xstrdup(tok);
	} else if (!c_isdigit(tok[0]) && tok[0] != '+' && tok[0] != '-' &&
		   strcmp(tok, "inf") != 0 && strcmp(tok, "nan") != 0) {
		error_at(P, "'%s' is not a value; strings need quotes", tok);
	} else if (is_float_token(tok)) {
		v = new_value(P, TOML_FLOAT);
		r = parse_float(P, tok, &v->f);
	} else {
		v = new_value(P, TOML_INTEGER);
		r = parse_integer(P, tok, &v->i);
	}
	free(tok);
	P->p += n;
	if (r < 0) {
		toml_free(v);
		return NULL;
	}
	return v;
}

/* ---- keys ---- */

static int bare_key_char(int c)
{
	return c >= 0 && (c_isalnum(c) || c == '_' || c == '-');
}

static char *parse_key_part(struct parser *P)
{
	const char *start = P->p;

	if (peek(P) == '"' || peek(P) == '\'')
		return parse_string(P, 0);
	while (bare_key_char(peek(P)))
		P->p++;
	if (P->p == start) {
		error_at(P, "expected a key");
		return NULL;
	}
	return ximemdup0(start, P->p - start);
}

struct key {
	char *part[MAX_KEY_PARTS];
	size_t n;
};

static void key_free(struct key *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->part[i]);
	k->n = 0;
}

/* "a.b.c" for messages.  */
static const char *key_text(const struct key *k, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = 0;
	for (size_t i = 0; i < k->n && n < len; i++) {
		int r = snprintf(buf + n, len - n, "%s%s", i ? "." : "",
				 k->part[i]);
		if (r < 0)
			break;
		n += r;
	}
	return buf;
}

/* A dotted key: a . "b c" . 'd'.  On failure K holds nothing.  */
static int parse_key(struct parser *P, struct key *k)
{
	k->n = 0;
	for (;;) {
		char *part;

		skip_ws(P);
		part = parse_key_part(P);
		if (!part || k->n == MAX_KEY_PARTS) {
			free(part);
			key_free(k);
			return part ? error_at(P, "key has too many parts") : -1;
		}
		k->part[k->n++] = part;
		skip_ws(P);
		if (peek(P) != '.')
			return 0;
		P->p++;
	}
}

/* ---- tree building ---- */

static struct toml_value *parse_value(struct parser *P);

/* Step from table T into its sub-table NAME for a header or a dotted
   key, creating it with FLAGS if missing.  DOTTED: reached through a
   dotted key, which may not extend tables defined elsewhere.  */
static struct toml_value *descend(struct parser *P, struct toml_value *t,
				  char *name, unsigned flags, int dotted)
{
	struct toml_value *v = table_find(t, name);

	if (!v) {
		v = new_value(P, TOML_TABLE);
		v->flags = flags;
		table_add(t, xstrdup(name), v);
		return v;
	}
	if (v->type == TOML_ARRAY && (v->flags & TOML_F_AOT) && !dotted)
		return v->item[v->n - 1];
	if (v->type != TOML_TABLE || (v->flags & TOML_F_CLOSED) ||
	    (dotted && !(v->flags & TOML_F_DOTTED))) {
		error_at(P, "'%s' is already defined (line %u) as %s",
			 name, v->line, v->type == TOML_TABLE
			 ? "a table that cannot be extended here"
			 : toml_type_name(v->type));
		return NULL;
	}
	return v;
}

/* key = value inside table T.  */
static int parse_keyval(struct parser *P, struct toml_value *t)
{
	struct key k;
	struct toml_value *v;
	int r = -1;

	if (parse_key(P, &k) < 0)
		goto out;
	for (size_t i = 0; i + 1 < k.n && t; i++)
		t = descend(P, t, k.part[i], TOML_F_DOTTED, 1);
	if (!t)
		goto out;
	if (peek(P) != '=') {
		error_at(P, "expected '=' after key '%s'", k.part[k.n - 1]);
		goto out;
	}
	P->p++;
	skip_ws(P);
	if (table_find(t, k.part[k.n - 1])) {
		error_at(P, "duplicate key '%s'", k.part[k.n - 1]);
		goto out;
	}
	v = parse_value(P);
	if (!v)
		goto out;
	table_add(t, k.part[--k.n], v);
	r = 0;
out:
	key_free(&k);
	return r;
}

static struct toml_value *parse_array(struct parser *P)
{
	struct toml_value *a = new_value(P, TOML_ARRAY);

	a->flags = TOML_F_CLOSED;
	P->p++;
	for (;;) {
		struct toml_value *v;

		skip_blank(P);
		if (peek(P) == ']')
			break;
		v = parse_value(P);
		if (!v)
			goto fail;
		array_add(a, v);
		skip_blank(P);
		if (peek(P) == ',') {
			P->p++;
			continue;
		}
		if (peek(P) != ']') {
			error_at(P, "expected ',' or ']' in an array");
			goto fail;
		}
		break;
	}
	P->p++;
	return a;
fail:
	toml_free(a);
	return NULL;
}

/* { a = 1, b.c = "x" } on one line, closed once parsed.  */
static struct toml_value *parse_inline_table(struct parser *P)
{
	struct toml_value *t = new_value(P, TOML_TABLE);

	P->p++;
	skip_ws(P);
	if (peek(P) == '}')
		goto done;
	for (;;) {
		if (parse_keyval(P, t) < 0)
			goto fail;
		skip_ws(P);
		if (peek(P) == '}')
			break;
		if (peek(P) != ',') {
			error_at(P, "expected ',' or '}' in an inline table "
				 "(which must fit on one line)");
			goto fail;
		}
		P->p++;
		skip_ws(P);
	}
done:
	P->p++;
	t->flags = TOML_F_CLOSED;
	return t;
fail:
	toml_free(t);
	return NULL;
}

/* Tables made by dotted keys inside an inline table are closed too.  */
static void close_tables(struct toml_value *v)
{
	if (v->type != TOML_TABLE && v->type != TOML_ARRAY)
		return;
	v->flags |= TOML_F_CLOSED;
	for (size_t i = 0; v->type == TOML_TABLE && i < v->n; i++)
		close_tables(v->pair[i].value);
}

static struct toml_value *parse_value(struct parser *P)
{
	struct toml_value *v;
	int c = peek(P);

	if (++P->depth > MAX_DEPTH) {
		error_at(P, "values nested too deeply");
		return NULL;
	}
	if (c == '"' || c == '\'') {
		char *s = parse_string(P, 1);

		v = s ? new_value(P, TOML_STRING) : NULL;
		if (v)
			v->s = s;
	} else if (c == '[') {
		v = parse_array(P);
	} else if (c == '{') {
		v = parse_inline_table(P);
		if (v)
			close_tables(v);
	} else {
		v = parse_scalar(P);
	}
	P->depth--;
	return v;
}

/* The last part of a [header]: a table defined once.  A table made
   implicitly as the parent of an earlier header may be defined now.  */
static struct toml_value *header_table(struct parser *P, struct toml_value *t,
				       const struct key *k)
{
	const char *name = k->part[k->n - 1];
	struct toml_value *v = table_find(t, name);
	char buf[256];

	if (!v) {
		v = new_value(P, TOML_TABLE);
		v->flags = TOML_F_HEADER;
		table_add(t, xstrdup(name), v);
		return v;
	}
	if (v->type == TOML_TABLE && v->flags == TOML_F_IMPLICIT) {
		v->flags = TOML_F_HEADER;
		return v;
	}
	error_at(P, "table [%s] already defined (line %u)",
		 key_text(k, buf, sizeof buf), v->line);
	return NULL;
}

/* The last part of an [[header]]: append a table to the array.  */
static struct toml_value *header_array(struct parser *P, struct toml_value *t,
				       const char *name)
{
	struct toml_value *a = table_find(t, name), *v;

	if (!a) {
		a = new_value(P, TOML_ARRAY);
		a->flags = TOML_F_AOT;
		table_add(t, xstrdup(name), a);
	} else if (a->type != TOML_ARRAY || !(a->flags & TOML_F_AOT)) {
		error_at(P, "'%s' already defined (line %u) as %s, not an "
			 "array of tables", name, a->line,
			 toml_type_name(a->type));
		return NULL;
	}
	v = new_value(P, TOML_TABLE);
	v->flags = TOML_F_HEADER;
	array_add(a, v);
	return v;
}

/* [a.b.c] or [[a.b.c]]: returns the table that following pairs fill.  */
static struct toml_value *parse_header(struct parser *P,
				       struct toml_value *root)
{
	int aot = peek_at(P, 1) == '[';
	struct toml_value *t = root, *v = NULL;
	struct key k;

	P->p += aot ? 2 : 1;
	if (parse_key(P, &k) < 0)
		return NULL;
	if (!starts(P, aot ? "]]" : "]")) {
		error_at(P, "expected '%s' to close the table header",
			 aot ? "]]" : "]");
		goto out;
	}
	P->p += aot ? 2 : 1;
	for (size_t i = 0; i + 1 < k.n && t; i++)
		t = descend(P, t, k.part[i], TOML_F_IMPLICIT, 0);
	if (t && aot)
		v = header_array(P, t, k.part[k.n - 1]);
	else if (t)
		v = header_table(P, t, &k);
	if (v && expect_eol(P) < 0)
		v = NULL;
out:
	key_free(&k);
	return v;
}

static int parse_line(struct parser *P, struct toml_value *root,
		      struct toml_value **cur)
{
	skip_ws(P);
	skip_comment(P);
	if (at_end(P))
		return 0;
	if (newline_len(P)) {
		skip_newline(P);
		return 0;
	}
	if (peek(P) == '[') {
		*cur = parse_header(P, root);
		return *cur ? 0 : -1;
	}
	if (parse_keyval(P, *cur) < 0)
		return -1;
	return expect_eol(P);
}

struct toml_value *toml_parse(const char *text, size_t len, char *err,
			      size_t errlen)
{
	struct parser P = { .p = text, .end = text + len, .line = 1,
			    .err = err, .errlen = errlen };
	struct toml_value *root = new_value(&P, TOML_TABLE), *cur = root;

	root->flags = TOML_F_HEADER;
	if (len >= 3 && memcmp(text, "\xef\xbb\xbf", 3) == 0)
		P.p += 3;	/* a UTF-8 byte-order mark */
	while (!at_end(&P))
		if (parse_line(&P, root, &cur) < 0) {
			error_at(&P, "syntax error");
			toml_free(root);
			return NULL;
		}
	return root;
}
