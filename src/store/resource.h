/* resource.h: the records the HTTP API reads and writes, as data.
 *
 * Each resource (organisations, people, missions, ...) is described once by
 * a table of fields: its JSON name, its type, the column that holds it and
 * what may be done with it (required on create, filterable, sortable,
 * fixed after create).  The request-body reader, the SQL of the generic
 * store operations and the OpenAPI document are all derived from these
 * tables, so they cannot drift apart.  Nothing here knows about HTTP.
 */
#ifndef PAVILION_STORE_RESOURCE_H
#define PAVILION_STORE_RESOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/enums.h"
#include "domain/model.h"

enum store_res {
	RES_ORGANISATIONS, RES_PEOPLE, RES_MISSIONS, RES_STOPS, RES_EVENTS,
	RES_PARTICIPANTS, RES_PAVILIONS, RES_EXHIBITORS, RES_AGREEMENTS,
	RES_PARTIES, RES_FOLLOWUPS, RES_SLOTS, RES_MEETING_REQUESTS,
	RES_MEETINGS, RES_CONSULTATIONS, RES_REALISATIONS, RES_CLAIMS,
	RES_COUNT
};

enum store_ftype {
	SF_STRING,        /* free text, one language */
	SF_KEY,           /* 1-64 of [A-Za-z0-9._-] */
	SF_TEXT,          /* {"ko", "en"}: columns NAME_ko and NAME_en */
	SF_COUNT,         /* a whole number >= 0 (at most max when max > 0) */
	SF_BOOL,
	SF_ENUM,          /* a code of table, stored as the code */
	SF_SECTORS,       /* array of sector codes, stored as a bit mask */
	SF_COUNTRY,       /* ISO 3166-1 alpha-2 */
	SF_ZONE,          /* IANA time zone */
	SF_DATE,          /* YYYY-MM-DD */
	SF_PARTIAL_DATE,  /* YYYY, YYYY-MM or YYYY-MM-DD */
	SF_CURRENCY,      /* ISO 4217 */
	SF_REF,           /* the id of a record of resource ref */
	SF_SLUG,          /* a mission slug: jread_slug_valid */
	SF_MONEY,         /* {"amount": "80000.00", "currency": "USD"}: columns
			   * NAME_minor and NAME_currency; read back with
			   * "minor" too; no more decimals than the currency has */
};

enum store_fflag {
	SF_REQUIRED = 1,   /* must be given on create, may not become null */
	SF_FILTER = 2,     /* ?name=value narrows a listing */
	SF_SORT = 4,       /* ?sort=name or ?sort=-name */
	SF_FIXED = 8,      /* set on create, never changed afterwards */
	SF_NOT_NULL = 16,  /* optional on create (a default applies), never null */
};

struct store_field {
	const char *name;           /* JSON member */
	enum store_ftype type;
	const char *column;         /* SF_TEXT: the base, _ko/_en appended */
	unsigned flags;
	const struct enum_table *table;   /* SF_ENUM */
	int ref;                    /* SF_REF: an enum store_res, or -1 */
	int64_t max;                /* SF_COUNT: the largest value, 0: none */
	const char *doc;            /* one line for the OpenAPI document */
};

/* A listing filter beyond a field's equality: ?name=value adds the SQL
 * condition (on the resource's own columns, with :name the value read as
 * type says).  SEARCH filters look through the name index instead, for
 * records of search_kind (migration 3's rowid kind). */
enum store_filter_type {
	SFT_DATE,      /* YYYY-MM-DD, bound as text */
	SFT_ID,        /* a record id */
	SFT_SECTOR,    /* a sector code, bound as its bit number */
	SFT_SEARCH,    /* 1-200 bytes of text in the name index */
	SFT_YEAR,      /* YYYY, bound as text, with :year_next the next year */
	SFT_COUNTRY,   /* ISO 3166-1 alpha-2, bound as text */
};

/* Conditions the listings' filters share with GET /api/stats, so that a
 * figure and the list behind it count the same records.  A partial
 * signing date ("2023", "2023-05") counts as its first day. */
#define STORE_SQL_SIGNED_DAY(col) \
	"(" col " || substr('-01-01', length(" col ") - 3))"
#define STORE_SQL_YEAR(day) day " >= :year AND " day " < :year_next"
#define STORE_SQL_SECTOR(mask) "(" mask " >> :sector) & 1"

struct store_filter {
	const char *name;
	enum store_filter_type type;
	const char *condition;      /* SFT_SEARCH: NULL */
	int search_kind;            /* SFT_SEARCH: the index's rowid kind */
	const char *doc;
};

struct store_resource {
	enum store_res id;
	const char *name;           /* "organisations": the URL segment */
	const char *singular;       /* "organisation": audit and messages */
	const char *table;
	int parent;                 /* child of this resource, or -1 */
	const char *parent_column;  /* the column naming the parent's id */
	const char *id_column;      /* "id" (children too: their own ids) */
	/* SQL condition on the resource's own columns (no table prefix) that
	 * a company account must satisfy, with :org its organisation; NULL:
	 * companies see none of it. */
	const char *company_scope;
	const char *search_kind;    /* indexed for /api/search, or NULL */
	const struct store_field *fields;
	size_t n_fields;
	const char *doc;
	/* SQL condition, like company_scope, that a row must satisfy for a
	 * company account to create, change or delete it; NULL: companies
	 * write none of it (organisations keep their own rule, routes.c). */
	const char *company_write;
	/* SQL run inside a create's or an update's transaction with :id the
	 * row written: a non-NULL first column is the rule the row breaks,
	 * as a message (ERROR_INVALID).  NULL: no rule beyond the fields'. */
	const char *rule_check;
	const struct store_filter *filters;   /* more listing filters */
	size_t n_filters;
};

/* Every resource, indexed by enum store_res. */
extern const struct store_resource *const store_resources[RES_COUNT];

/* The resource of that URL segment, or NULL. */
const struct store_resource *store_resource_find(const char *name,
						 size_t len);
/* What a reference field embeds in listing rows, beside its id, as
 * {"id", key: ..., text: {"ko", "en"}} under the field's name without
 * "_id": the table, its key column ("key" or "slug") and its name
 * column's base ("name", "title", "city").  resource: the resource whose
 * company scope decides what a company account sees, or -1 (companies
 * see none of those names). */
struct store_embed {
	const char *table, *key, *text;
	int resource;
};

/* False when f embeds nothing. */
bool store_field_embed(const struct store_field *f, struct store_embed *out);

/* The extra listing filter of that name, or NULL. */
const struct store_filter *store_resource_filter(const struct store_resource *r,
						 const char *name);
/* The field of that name, or NULL. */
const struct store_field *store_resource_field(const struct store_resource *r,
					       const char *name);

#define STORE_RES_MAX_FIELDS 24

/* The SQL columns of field f: one, or for SF_TEXT NAME_ko and NAME_en,
 * for SF_MONEY NAME_minor and NAME_currency.  Returns how many (1 or 2);
 * the names go to out[0] and out[1], each of size 64. */
int store_field_columns(const struct store_field *f, char out[2][64]);

/* One value read from a request body; which member is used follows the
 * field's type (s: strings, keys, codes, dates; t: SF_TEXT; i: SF_COUNT
 * and SF_REF; b: SF_BOOL; e: SF_ENUM index; m: SF_SECTORS; money:
 * SF_MONEY). */
union store_value {
	const char *s;
	struct text t;
	int64_t i;
	bool b;
	int e;
	uint32_t m;
	struct money money;
};

/* A create or an update: for each field of the resource, whether the body
 * named it (set), whether it was null, and its value. */
struct store_write {
	bool set[STORE_RES_MAX_FIELDS];
	bool null[STORE_RES_MAX_FIELDS];
	union store_value v[STORE_RES_MAX_FIELDS];
	/* SF_TEXT under PATCH: which languages the body named. */
	bool lang_set[STORE_RES_MAX_FIELDS][2];
	const char *summary;        /* the body as given, for the audit */
};

/* Who asks: the account for the audit and, for companies, the scope. */
struct store_actor {
	int64_t user_id;
	const char *username;
	int64_t company_org;        /* 0: unrestricted; else restrict to what
				     * this org may see (< 0: nothing) */
};

#define STORE_PAGE_MAX 200

struct store_page {
	int64_t parent;             /* children: the parent's id */
	const char *filter_names[STORE_RES_MAX_FIELDS];
	const char *filter_values[STORE_RES_MAX_FIELDS];
	size_t n_filters;
	const char *sort;           /* a SF_SORT field name or "id" */
	bool descending;
	int limit;                  /* 1..STORE_PAGE_MAX */
	const char *cursor;         /* from the previous page, or NULL */
};

#endif
