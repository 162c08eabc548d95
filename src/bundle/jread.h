/* jread.h: reading JSON objects through declarative field tables.
 *
 * A reader walks a jansson tree, copies what a table of fields describes
 * into a C struct (strings into an arena), rejects unknown fields and
 * wrong types, and on the first problem fills an error that names the
 * source, the JSON path and the problem:
 *   bundle.json: $.agreements[3].value.currency: "USDD" is not an ISO 4217 code
 */
#ifndef PAVILION_BUNDLE_JREAD_H
#define PAVILION_BUNDLE_JREAD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "domain/enums.h"
#include "util/error.h"

struct arena;

#define JREAD_PATH_MAX 512
#define JREAD_STRING_MAX 8192
#define JREAD_KEY_MAX 64

struct jread {
	struct arena *arena;
	const char *source;
	struct error *err;
	char path[JREAD_PATH_MAX];
	size_t path_len;
};

enum jfield_type {
	JF_STRING,        /* const char * */
	JF_KEY,           /* const char *: 1-64 of [A-Za-z0-9._-] */
	JF_TEXT,          /* struct text: {"ko": ..., "en": ...} */
	JF_COUNT,         /* int64_t, a whole number >= 0 */
	JF_BOOL,          /* bool */
	JF_ENUM,          /* int: a code of table */
	JF_SECTORS,       /* uint32_t: an array of sector codes */
	JF_COUNTRY,       /* const char *: ISO 3166-1 alpha-2 */
	JF_ZONE,          /* const char *: an IANA time zone */
	JF_DATE,          /* const char *: YYYY-MM-DD */
	JF_PARTIAL_DATE,  /* const char *: YYYY, YYYY-MM or YYYY-MM-DD */
	JF_JSON,          /* json_t *: borrowed, read by the caller */
	JF_SLUG,          /* const char *: a mission slug (jread_slug_valid) */
};

struct jfield {
	const char *name;
	enum jfield_type type;
	bool required;
	size_t offset;
	const struct enum_table *table;
};

#define JFIELD(name, type, required, st, member) \
	{ name, type, required, offsetof(st, member), NULL }
#define JFIELD_ENUM(name, required, st, member, table) \
	{ name, JF_ENUM, required, offsetof(st, member), &(table) }

void jread_init(struct jread *r, struct arena *a, const char *source,
		struct error *err);

/* Reads obj (which must be a JSON object) into target.  Fields absent or
 * null leave the target's member as it was (callers preset defaults).
 * Returns 0, or -1 with r->err filled. */
int jread_object(struct jread *r, json_t *obj, const struct jfield *fields,
		 size_t n_fields, void *target);

/* Path bookkeeping: push returns the mark to pop back to. */
size_t jread_push_field(struct jread *r, const char *name);
size_t jread_push_index(struct jread *r, size_t index);
void jread_pop(struct jread *r, size_t mark);

/* Fails at the current path: "source: $.path: message". */
int jread_fail(struct jread *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Fails at the current path plus ".name". */
int jread_fail_field(struct jread *r, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Checks that v is an array (NULL and null count as empty) and returns
 * its length; -1 with the error filled otherwise. */
long jread_array(struct jread *r, json_t *v, const char *name);

/* The rules of keys and slugs, the one check the bundle reader, the API
 * and CSV imports all use, and the words their messages give.  A slug
 * that is all digits would read as an id in every command, so none is. */
#define JREAD_KEY_RULE "1-64 letters, digits, '-', '_' or '.'"
#define JREAD_SLUG_RULE \
	"1-64 lower-case letters, digits and '-', not first, not all digits"
bool jread_key_valid(const char *s);
bool jread_slug_valid(const char *s);

#endif
