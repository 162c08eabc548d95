/* jread.c: declarative JSON object reading with path-precise errors. */
#include "bundle/jread.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "domain/model.h"
#include "domain/moment.h"
#include "domain/money.h"
#include "domain/tz.h"
#include "util/arena.h"

void jread_init(struct jread *r, struct arena *a, const char *source,
		struct error *err)
{
	r->arena = a;
	r->source = source;
	r->err = err;
	r->path[0] = '$';
	r->path[1] = '\0';
	r->path_len = 1;
}

/* Appends text to the path (cut at the path's ceiling); returns the mark
 * to pop back to.  Paths are built on every field read, so no printf. */
static size_t push(struct jread *r, const char *text, size_t n)
{
	size_t mark = r->path_len;

	if (n > sizeof r->path - 1 - mark)
		n = sizeof r->path - 1 - mark;
	memcpy(r->path + mark, text, n);
	r->path_len = mark + n;
	r->path[r->path_len] = '\0';
	return mark;
}

size_t jread_push_field(struct jread *r, const char *name)
{
	size_t mark = push(r, ".", 1);

	push(r, name, strlen(name));
	return mark;
}

size_t jread_push_index(struct jread *r, size_t index)
{
	char digits[24];
	size_t n = sizeof digits;

	digits[--n] = ']';
	do {
		digits[--n] = (char)('0' + index % 10);
		index /= 10;
	} while (index > 0);
	digits[--n] = '[';
	return push(r, digits + n, sizeof digits - n);
}

void jread_pop(struct jread *r, size_t mark)
{
	r->path_len = mark;
	r->path[mark] = '\0';
}

static int failv(struct jread *r, const char *field, const char *fmt,
		 va_list ap)
{
	char what[ERROR_MESSAGE_MAX / 2];

	vsnprintf(what, sizeof what, fmt, ap);
	error_set(r->err, ERROR_INVALID, "%s: %s%s%s: %s", r->source, r->path,
		  field ? "." : "", field ? field : "", what);
	return -1;
}

int jread_fail(struct jread *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	failv(r, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int jread_fail_field(struct jread *r, const char *name, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	failv(r, name, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "a number";
	case JSON_REAL: return "a number";
	case JSON_TRUE:
	case JSON_FALSE: return "a boolean";
	case JSON_NULL: return "null";
	}
	return "a value";
}

bool jread_key_valid(const char *s)
{
	size_t n = 0;

	for (; s[n] != '\0'; n++) {
		char c = s[n];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return n >= 1 && n <= JREAD_KEY_MAX;
}

bool jread_slug_valid(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= JREAD_KEY_MAX &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n &&
	       s[0] != '-' && strspn(s, "0123456789") != n;
}

long jread_array(struct jread *r, json_t *v, const char *name)
{
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return jread_fail_field(r, name, "expected an array, found %s",
					type_name(v));
	return (long)json_array_size(v);
}

/* A string member, copied into the arena; NULL after a failure. */
static const char *string_value(struct jread *r, json_t *v, const char *name)
{
	size_t len;
	const char *s;

	if (!json_is_string(v)) {
		jread_fail_field(r, name, "expected a string, found %s",
				 type_name(v));
		return NULL;
	}
	len = json_string_length(v);
	if (len > JREAD_STRING_MAX) {
		jread_fail_field(r, name, "longer than %d bytes", JREAD_STRING_MAX);
		return NULL;
	}
	if (memchr(json_string_value(v), '\0', len) != NULL) {
		jread_fail_field(r, name, "contains a NUL character");
		return NULL;
	}
	s = arena_strndup(r->arena, json_string_value(v), len);
	if (s == NULL)
		jread_fail_field(r, name, "out of memory");
	return s;
}

static int read_text(struct jread *r, json_t *v, const char *name,
		     struct text *out)
{
	const char *key;
	json_t *value;
	size_t mark;

	if (!json_is_object(v))
		return jread_fail_field(r, name,
			"expected {\"ko\": ..., \"en\": ...}, found %s",
			type_name(v));
	mark = jread_push_field(r, name);
	json_object_foreach(v, key, value) {
		const char **slot;

		if (strcmp(key, "ko") == 0)
			slot = &out->ko;
		else if (strcmp(key, "en") == 0)
			slot = &out->en;
		else
			return jread_fail(r, "unknown language \"%s\" (ko or en)", key);
		if (json_is_null(value))
			continue;
		if ((*slot = string_value(r, value, key)) == NULL)
			return -1;
	}
	jread_pop(r, mark);
	if ((out->ko == NULL || out->ko[0] == '\0') &&
	    (out->en == NULL || out->en[0] == '\0'))
		return jread_fail_field(r, name, "needs Korean or English text");
	return 0;
}

static int read_sectors(struct jread *r, json_t *v, const char *name,
			uint32_t *out)
{
	size_t i, mark;
	json_t *item;

	if (!json_is_array(v))
		return jread_fail_field(r, name, "expected an array of sectors, found %s",
					type_name(v));
	mark = jread_push_field(r, name);
	json_array_foreach(v, i, item) {
		int s = json_is_string(item) ?
			enum_parse(&enum_sector, json_string_value(item)) : -1;

		if (s < 0) {
			jread_push_index(r, i);
			if (!json_is_string(item))
				return jread_fail(r, "expected a sector code, found %s",
						  type_name(item));
			return jread_fail(r, "\"%s\" is not a sector", json_string_value(item));
		}
		*out |= 1u << s;
	}
	jread_pop(r, mark);
	return 0;
}

static int read_enum(struct jread *r, json_t *v, const struct jfield *f,
		     int *out)
{
	int e;

	if (!json_is_string(v))
		return jread_fail_field(r, f->name, "expected a string, found %s",
					type_name(v));
	e = enum_parse(f->table, json_string_value(v));
	if (e < 0) {
		char codes[512];
		size_t used = 0;

		codes[0] = '\0';
		for (size_t i = 0; i < f->table->count && used < sizeof codes; i++) {
			int n = snprintf(codes + used, sizeof codes - used, "%s%s",
					 i ? ", " : "", f->table->entries[i].code);
			if (n > 0)
				used += (size_t)n;
		}
		return jread_fail_field(r, f->name, "\"%s\" is not a known %s (one of: %s)",
					json_string_value(v), f->table->name, codes);
	}
	*out = e;
	return 0;
}

static int read_field(struct jread *r, json_t *v, const struct jfield *f,
		      void *target)
{
	char *slot = (char *)target + f->offset;
	const char *s;
	char why[256];

	switch (f->type) {
	case JF_TEXT:
		return read_text(r, v, f->name, (struct text *)(void *)slot);
	case JF_SECTORS:
		return read_sectors(r, v, f->name, (uint32_t *)(void *)slot);
	case JF_ENUM:
		return read_enum(r, v, f, (int *)(void *)slot);
	case JF_BOOL:
		if (!json_is_boolean(v))
			return jread_fail_field(r, f->name,
				"expected true or false, found %s", type_name(v));
		*(bool *)(void *)slot = json_is_true(v);
		return 0;
	case JF_COUNT:
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			return jread_fail_field(r, f->name,
				"expected a whole number of at least 0, found %s",
				json_is_integer(v) ? "a negative number" : type_name(v));
		*(int64_t *)(void *)slot = json_integer_value(v);
		return 0;
	case JF_JSON:
		*(json_t **)(void *)slot = v;
		return 0;
	default:
		break;
	}
	if ((s = string_value(r, v, f->name)) == NULL)
		return -1;
	switch (f->type) {
	case JF_KEY:
		if (!jread_key_valid(s))
			return jread_fail_field(r, f->name,
				"\"%s\" is not a key (" JREAD_KEY_RULE ")", s);
		break;
	case JF_SLUG:
		if (!jread_slug_valid(s))
			return jread_fail_field(r, f->name,
				"\"%s\" is not a slug (" JREAD_SLUG_RULE ")", s);
		break;
	case JF_COUNTRY:
		if (!country_valid(s))
			return jread_fail_field(r, f->name,
				"\"%s\" is not an ISO 3166 country code", s);
		break;
	case JF_ZONE:
		if (!tz_valid(s))
			return jread_fail_field(r, f->name,
				"\"%s\" is not an IANA time zone", s);
		break;
	case JF_DATE: {
		int y, m, d;

		if (date_parse(s, &y, &m, &d) != 0)
			return jread_fail_field(r, f->name,
				"\"%s\" is not a date (YYYY-MM-DD)", s);
		break;
	}
	case JF_PARTIAL_DATE:
		if (partial_date_check(s, why, sizeof why) != 0)
			return jread_fail_field(r, f->name, "%s", why);
		break;
	default:
		break;
	}
	*(const char **)(void *)slot = s;
	return 0;
}

int jread_object(struct jread *r, json_t *obj, const struct jfield *fields,
		 size_t n_fields, void *target)
{
	const char *key;
	json_t *value;

	if (!json_is_object(obj))
		return jread_fail(r, "expected an object, found %s", type_name(obj));
	json_object_foreach(obj, key, value) {
		size_t i;

		for (i = 0; i < n_fields; i++)
			if (strcmp(fields[i].name, key) == 0)
				break;
		if (i == n_fields)
			return jread_fail(r, "unknown field \"%s\"", key);
	}
	for (size_t i = 0; i < n_fields; i++) {
		json_t *v = json_object_get(obj, fields[i].name);

		if (v == NULL || json_is_null(v)) {
			if (fields[i].required)
				return jread_fail_field(r, fields[i].name,
							"is required");
			continue;
		}
		if (read_field(r, v, &fields[i], target) != 0)
			return -1;
	}
	if (arena_failed(r->arena))
		return jread_fail(r, "out of memory");
	return 0;
}
