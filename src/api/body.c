/* body.c: a request body into a store_write, through jread's field
 * tables built from the resource's fields (so a body is checked exactly
 * like a bundle: types, codes, countries, zones, dates), plus what only
 * the API needs: read-only and fixed members, nulls, numeric limits. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "bundle/jread.h"
#include "domain/moment.h"
#include "domain/money.h"
#include "util/arena.h"

static const enum jfield_type jtype[] = {
	[SF_STRING] = JF_STRING, [SF_KEY] = JF_KEY, [SF_TEXT] = JF_TEXT,
	[SF_COUNT] = JF_COUNT, [SF_BOOL] = JF_BOOL, [SF_ENUM] = JF_ENUM,
	[SF_SECTORS] = JF_SECTORS, [SF_COUNTRY] = JF_COUNTRY,
	[SF_ZONE] = JF_ZONE, [SF_DATE] = JF_DATE,
	[SF_PARTIAL_DATE] = JF_PARTIAL_DATE, [SF_CURRENCY] = JF_STRING,
	[SF_REF] = JF_COUNT, [SF_SLUG] = JF_SLUG, [SF_MONEY] = JF_JSON,
};

/* {"amount": "80000.00", "currency": "USD"} into minor units: the amount
 * a decimal string with no more decimals than the currency has. */
int api_money_read(json_t *v, const char *name, struct money *out,
		   char *pointer, size_t size, struct error *err)
{
	json_t *amount = json_object_get(v, "amount");
	json_t *currency = json_object_get(v, "currency");
	const char *key;
	json_t *member;
	char why[128];

	snprintf(pointer, size, "/%s", name);
	if (!json_is_object(v))
		return error_set(err, ERROR_INVALID, "/%s: expected an object"
				 " {\"amount\", \"currency\"}", name);
	json_object_foreach(v, key, member) {
		if (strcmp(key, "amount") != 0 && strcmp(key, "currency") != 0 &&
		    strcmp(key, "minor") != 0) {
			snprintf(pointer, size, "/%s/%s", name, key);
			return error_set(err, ERROR_INVALID, "/%s/%s: unknown field",
					 name, key);
		}
	}
	if (!json_is_string(currency) ||
	    !money_currency_valid(json_string_value(currency))) {
		snprintf(pointer, size, "/%s/currency", name);
		return error_set(err, ERROR_INVALID, "/%s/currency: %s", name,
				 "expected an ISO 4217 currency code");
	}
	snprintf(pointer, size, "/%s/amount", name);
	if (!json_is_string(amount))
		return error_set(err, ERROR_INVALID, "/%s/amount: expected a decimal"
				 " string such as \"1000.50\"", name);
	if (money_parse(json_string_value(amount), json_string_value(currency),
			out, why, sizeof why))
		return error_set(err, ERROR_INVALID, "/%s/amount: %s", name, why);
	/* "minor", as a GET returns it, may come back, but must agree. */
	if (json_object_get(v, "minor") != NULL &&
	    (!json_is_integer(json_object_get(v, "minor")) ||
	     json_integer_value(json_object_get(v, "minor")) != out->minor)) {
		snprintf(pointer, size, "/%s/minor", name);
		return error_set(err, ERROR_INVALID, "/%s/minor: does not match the"
				 " amount", name);
	}
	pointer[0] = '\0';
	return 0;
}

/* "$.name.ko" or "$.sectors[2]" (inside jread's message) to a JSON
 * pointer "/name/ko", "/sectors/2". */
static void path_to_pointer(const char *msg, char *out, size_t size)
{
	const char *p = strstr(msg, ": $");
	size_t n = 0;

	out[0] = '\0';
	if (p == NULL)
		return;
	for (p += 3; *p && *p != ':' && n + 2 < size; p++) {
		if (*p == '.' || *p == '[')
			out[n++] = '/';
		else if (*p != ']')
			out[n++] = *p;
	}
	out[n] = '\0';
}

static int fail(struct error *err, char *pointer, size_t size,
		const char *name, const char *fmt, const char *what)
{
	snprintf(pointer, size, "/%s", name);
	return error_set(err, ERROR_INVALID, fmt, name, what);
}

int api_body_read(const struct store_resource *r, json_t *body, bool create,
		  struct arena *a, struct store_write *w, char *pointer,
		  size_t pointer_size, struct error *err)
{
	struct jfield fields[STORE_RES_MAX_FIELDS];
	struct jread rd;
	const char *key;
	json_t *value;

	memset(w, 0, sizeof *w);
	pointer[0] = '\0';
	if (!json_is_object(body))
		return error_set(err, ERROR_INVALID, "the body must be a JSON object");
	json_object_foreach(body, key, value) {
		const struct store_field *f = store_resource_field(r, key);

		if (f == NULL) {
			bool ro = strcmp(key, "id") == 0 || strcmp(key, "version") == 0 ||
				(r->parent_column && strcmp(key, r->parent_column) == 0);

			snprintf(pointer, pointer_size, "/%s", key);
			return error_set(err, ERROR_INVALID, "/%s: %s", key,
					 ro ? "is read-only" : "unknown field");
		}
		if (!create && (f->flags & SF_FIXED))
			return fail(err, pointer, pointer_size, key,
				    "/%s: %s", "cannot be changed after creation");
		if (json_is_null(value) && (f->flags & (SF_REQUIRED | SF_NOT_NULL)))
			return fail(err, pointer, pointer_size, key,
				    "/%s: %s", "may not be null");
	}
	for (size_t i = 0; i < r->n_fields; i++) {
		const struct store_field *f = &r->fields[i];

		fields[i] = (struct jfield){ f->name, jtype[f->type],
			create && (f->flags & SF_REQUIRED),
			i * sizeof(union store_value), f->table };
	}
	jread_init(&rd, a, "body", err);
	if (jread_object(&rd, body, fields, r->n_fields, w->v) != 0) {
		path_to_pointer(err->message, pointer, pointer_size);
		/* jread says "body: $.x: ..."; the pointer replaces the path. */
		{
			const char *rest = strstr(err->message, ": $");
			const char *colon = rest ? strchr(rest + 3, ':') : NULL;
			char msg[ERROR_MESSAGE_MAX];

			if (colon != NULL) {
				snprintf(msg, sizeof msg, "%s:%s",
					 pointer[0] ? pointer : "/", colon + 1);
				error_set(err, ERROR_INVALID, "%s", msg);
			}
		}
		return ERROR_INVALID;
	}
	for (size_t i = 0; i < r->n_fields; i++) {
		const struct store_field *f = &r->fields[i];
		json_t *v = json_object_get(body, f->name);

		if (v == NULL || (create && json_is_null(v)))
			continue;
		w->set[i] = true;
		w->null[i] = json_is_null(v);
		if (w->null[i])
			continue;
		if (f->type == SF_TEXT) {
			w->lang_set[i][0] = json_object_get(v, "ko") != NULL;
			w->lang_set[i][1] = json_object_get(v, "en") != NULL;
		}
		if (f->type == SF_COUNT && f->max > 0 && w->v[i].i > f->max) {
			char what[64];

			snprintf(what, sizeof what, "must be at most %lld",
				 (long long)f->max);
			return fail(err, pointer, pointer_size, f->name, "/%s: %s", what);
		}
		if (f->type == SF_COUNT && w->v[i].i > ((int64_t)1 << 53))
			return fail(err, pointer, pointer_size, f->name, "/%s: %s",
				    "is too large");
		if (f->type == SF_REF && w->v[i].i < 1)
			return fail(err, pointer, pointer_size, f->name, "/%s: %s",
				    "must be the id of a record (1 or more)");
		if (f->type == SF_MONEY &&
		    api_money_read(v, f->name, &w->v[i].money, pointer, pointer_size, err))
			return ERROR_INVALID;
		if (f->type == SF_CURRENCY && !money_currency_valid(w->v[i].s))
			return fail(err, pointer, pointer_size, f->name, "/%s: %s",
				    "is not an ISO 4217 currency code");
	}
	w->summary = NULL;
	{
		char *text = json_dumps(body, JSON_COMPACT | JSON_SORT_KEYS);

		if (text != NULL) {
			w->summary = arena_strdup(a, text);
			free(text);
		}
	}
	if (arena_failed(a))
		return error_set(err, ERROR_NOMEM, "out of memory");
	return 0;
}

/* A filter of r's filters table (resource.h), its value checked. */
static int extra_filter_add(const struct store_resource *r,
			    struct store_page *page, const char *name,
			    const char *value, struct error *err)
{
	const struct store_filter *x = store_resource_filter(r, name);
	int64_t id;
	int y, m, d;

	if (x == NULL)
		return error_set(err, ERROR_USAGE, "%s: not a parameter of %s "
				 "(limit, cursor, sort or a filter)", name, r->name);
	switch (x->type) {
	case SFT_DATE:
		if (date_parse(value, &y, &m, &d) != 0)
			return error_set(err, ERROR_USAGE,
					 "%s: \"%s\" is not a date (YYYY-MM-DD)", name, value);
		break;
	case SFT_ID:
		if (!http_parse_id(value, &id))
			return error_set(err, ERROR_USAGE, "%s: \"%s\" is not a record id",
					 name, value);
		break;
	case SFT_SECTOR:
		if (enum_parse(&enum_sector, value) < 0)
			return error_set(err, ERROR_USAGE, "%s: \"%s\" is not a sector code",
					 name, value);
		break;
	case SFT_YEAR:
		if (strlen(value) != 4 || strspn(value, "0123456789") != 4)
			return error_set(err, ERROR_USAGE,
					 "%s: \"%s\" is not a year (YYYY)", name, value);
		break;
	case SFT_COUNTRY:
		if (!country_valid(value))
			return error_set(err, ERROR_USAGE,
					 "%s: \"%s\" is not an ISO 3166-1 alpha-2 code",
					 name, value);
		break;
	case SFT_SEARCH:
		if (value[0] == '\0' || strlen(value) > 200)
			return error_set(err, ERROR_USAGE,
					 "%s: give 1 to 200 bytes of text to look for", name);
		break;
	}
	page->filter_names[page->n_filters] = x->name;
	page->filter_values[page->n_filters++] = value;
	return 0;
}

int api_page_add(const struct store_resource *r, struct store_page *page,
		 const char *name, const char *value, struct error *err)
{
	const struct store_field *f;

	if (strcmp(name, "limit") == 0) {
		int n = 0;

		for (const char *p = value; *p; p++) {
			if (*p < '0' || *p > '9' || n > STORE_PAGE_MAX)
				return error_set(err, ERROR_USAGE,
						 "limit: expected 1 to %d", STORE_PAGE_MAX);
			n = n * 10 + (*p - '0');
		}
		if (n < 1 || n > STORE_PAGE_MAX)
			return error_set(err, ERROR_USAGE, "limit: expected 1 to %d",
					 STORE_PAGE_MAX);
		page->limit = n;
		return 0;
	}
	if (strcmp(name, "cursor") == 0) {
		page->cursor = value;
		return 0;
	}
	if (strcmp(name, "sort") == 0) {
		page->descending = value[0] == '-';
		page->sort = value + page->descending;
		f = store_resource_field(r, page->sort);
		if (strcmp(page->sort, "id") != 0 && (f == NULL || !(f->flags & SF_SORT)))
			return error_set(err, ERROR_USAGE,
					 "sort: \"%s\" is not a sortable field of %s",
					 page->sort, r->name);
		return 0;
	}
	if (page->n_filters == STORE_RES_MAX_FIELDS)
		return error_set(err, ERROR_USAGE, "too many filters");
	f = store_resource_field(r, name);
	if (f == NULL || !(f->flags & SF_FILTER))
		return extra_filter_add(r, page, name, value, err);
	if (f->type == SF_COUNT || f->type == SF_REF) {
		int64_t id;

		if (!http_parse_id(value, &id) && strcmp(value, "0") != 0)
			return error_set(err, ERROR_USAGE, "%s: \"%s\" is not a whole number",
					 name, value);
	}
	if (f->type == SF_BOOL && strcmp(value, "true") && strcmp(value, "false"))
		return error_set(err, ERROR_USAGE, "%s: expected true or false", name);
	page->filter_names[page->n_filters] = f->name;
	page->filter_values[page->n_filters++] = value;
	return 0;
}
