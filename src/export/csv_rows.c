/* csv_rows.c: CSV records to store rows and back, one column table per
 * kind.  The same table names the columns for import (with their Korean
 * names and an alias) and for export, so a file pavilion writes is one it
 * reads back. */
#include "export/csv_rows.h"

#include <ctype.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bundle/jread.h"
#include "domain/moment.h"
#include "domain/money.h"
#include "domain/tz.h"
#include "util/arena.h"
#include "util/strmap.h"

enum col_type {
	T_KEY, T_SLUG, T_STRING, T_EMAIL, T_ENUM, T_SECTORS, T_COUNTRY, T_ZONE,
	T_MOMENT, T_COUNT, T_BOOL, T_PARTIAL_DATE, T_AMOUNT, T_CURRENCY,
	T_PARTIES,
};

struct column {
	const char *name;      /* English, as export writes it */
	const char *ko;        /* Korean */
	const char *alias;     /* one more accepted spelling, or NULL */
	enum col_type type;
	bool required;
	size_t offset;         /* into struct store_import_row */
	const struct enum_table *table;
	int dflt;              /* T_ENUM: the value of an empty cell */
};

#define ROW(member) offsetof(struct store_import_row, member)
#define C(n, ko, al, t, req, member) { n, ko, al, t, req, ROW(member), NULL, 0 }
#define E(n, ko, al, req, member, tab, d) \
	{ n, ko, al, T_ENUM, req, ROW(member), &(tab), d }

static const struct column org_columns[] = {
	C("key", "키", "코드", T_KEY, true, org.key),
	E("kind", "종류", "구분", true, org.kind, enum_org_kind, 0),
	C("name_ko", "이름", "기관명", T_STRING, false, org.name.ko),
	C("name_en", "영문 이름", "영문명", T_STRING, false, org.name.en),
	C("country", "국가", NULL, T_COUNTRY, false, org.country),
	C("city_ko", "도시", NULL, T_STRING, false, org.city.ko),
	C("city_en", "영문 도시", NULL, T_STRING, false, org.city.en),
	C("parent", "상위 기관", NULL, T_KEY, false, organisation),
	C("sectors", "분야", NULL, T_SECTORS, false, org.sectors),
	C("website", "웹사이트", "홈페이지", T_STRING, false, org.website),
	C("description_ko", "설명", NULL, T_STRING, false, org.description.ko),
	C("description_en", "영문 설명", NULL, T_STRING, false,
	  org.description.en),
};

static const struct column person_columns[] = {
	C("key", "키", "코드", T_KEY, true, person.key),
	C("name_ko", "이름", "성명", T_STRING, false, person.name.ko),
	C("name_en", "영문 이름", "영문명", T_STRING, false, person.name.en),
	C("title_ko", "직함", "직위", T_STRING, false, person.title.ko),
	C("title_en", "영문 직함", NULL, T_STRING, false, person.title.en),
	C("organisation", "소속", "기관", T_KEY, false, organisation),
	C("email", "이메일", "e-mail", T_EMAIL, false, person.email),
	C("phone", "전화", "연락처", T_STRING, false, person.phone),
};

static const struct column event_columns[] = {
	C("mission", "사절단", "mission_slug", T_SLUG, true, mission),
	C("key", "키", "코드", T_KEY, true, event.key),
	E("kind", "종류", "구분", true, event.kind, enum_event_kind, 0),
	C("title_ko", "제목", "일정", T_STRING, false, event.title.ko),
	C("title_en", "영문 제목", NULL, T_STRING, false, event.title.en),
	C("stop", "방문지", "체류지", T_KEY, false, stop),
	C("venue", "장소", NULL, T_KEY, false, venue),
	C("zone", "시간대", "time_zone", T_ZONE, true, event.zone),
	C("start", "시작", "시작 일시", T_MOMENT, true, event.start),
	C("end", "종료", "종료 일시", T_MOMENT, false, event.end),
	C("sectors", "분야", NULL, T_SECTORS, false, event.sectors),
	C("registered", "신청 인원", "등록", T_COUNT, false,
	  event.attendance.registered),
	C("attended", "참석 인원", "참석", T_COUNT, false,
	  event.attendance.attended),
	C("approximate", "대략", "약", T_BOOL, false, event.attendance.approximate),
	C("notes_ko", "비고", "메모", T_STRING, false, event.notes.ko),
	C("notes_en", "영문 비고", NULL, T_STRING, false, event.notes.en),
};

static const struct column agreement_columns[] = {
	C("key", "키", "코드", T_KEY, true, agreement.key),
	E("kind", "종류", "구분", true, agreement.kind, enum_agreement_kind, 0),
	C("title_ko", "제목", "협약명", T_STRING, false, agreement.title.ko),
	C("title_en", "영문 제목", NULL, T_STRING, false, agreement.title.en),
	C("mission", "사절단", NULL, T_SLUG, false, mission),
	C("event", "행사", "체결 행사", T_KEY, false, signed_at),
	C("signed_on", "체결일", "서명일", T_PARTIAL_DATE, true,
	  agreement.signed_on),
	E("home_role", "우리 측 역할", "역할", true, agreement.home_role,
	  enum_home_role, 0),
	C("parties", "당사자", "참여 기관", T_PARTIES, false, parties),
	C("amount", "금액", "value", T_AMOUNT, false, agreement.value.minor),
	C("currency", "통화", NULL, T_CURRENCY, false, agreement.value.currency),
	E("status", "상태", NULL, false, agreement.status, enum_agreement_status,
	  STATUS_SIGNED),
	C("series", "시리즈", NULL, T_KEY, false, series),
	C("sectors", "분야", NULL, T_SECTORS, false, agreement.sectors),
	C("notes_ko", "비고", "메모", T_STRING, false, agreement.notes.ko),
	C("notes_en", "영문 비고", NULL, T_STRING, false, agreement.notes.en),
};

struct kind_columns {
	const struct column *columns;
	size_t count;
	size_t key;            /* offset of the record's key */
	size_t text_ko;        /* the name or title that must be given */
	const char *text_what;
};

#define KIND(arr, keym, textm, what) \
	{ arr, sizeof arr / sizeof arr[0], ROW(keym), ROW(textm), what }

static const struct kind_columns kinds[STORE_KIND_COUNT] = {
	[STORE_ORGANISATIONS] = KIND(org_columns, org.key, org.name, "name"),
	[STORE_PEOPLE] = KIND(person_columns, person.key, person.name, "name"),
	[STORE_EVENTS] = KIND(event_columns, event.key, event.title, "title"),
	[STORE_AGREEMENTS] = KIND(agreement_columns, agreement.key,
				  agreement.title, "title"),
};

#define WHY_MAX 512
#define HEADER_NAME_MAX 128

struct csv_rows {
	struct csv_reader *reader;
	const struct kind_columns *kc;
	struct csv_record header;
	int map[CSV_FIELDS_MAX];     /* field index -> column index, or -1 */
	struct csv_record rec;
	long count;
	struct arena *arena;         /* party keys, composed event keys */
	struct strmap seen;          /* key -> line of the first record */
	char why[WHY_MAX];
};

int csv_rows_kind_parse(const char *name)
{
	int kind = store_kind_parse(name);

	return kind >= 0 && kinds[kind].columns != NULL ? kind : -1;
}

/* Header names compare without case, spaces, '_', '-', '.', '/' and
 * parentheses, so "Name (ko)", "name_ko" and "NAME-KO" are one name. */
static void normalise(const char *s, char out[HEADER_NAME_MAX])
{
	size_t n = 0;

	for (; *s != '\0' && n + 1 < HEADER_NAME_MAX; s++) {
		unsigned char c = (unsigned char)*s;

		if (strchr(" _-./()\t", c) != NULL)
			continue;
		out[n++] = (char)(c < 0x80 ? tolower(c) : c);
	}
	out[n] = '\0';
}

static bool name_matches(const char *norm, const char *candidate)
{
	char buf[HEADER_NAME_MAX];

	if (candidate == NULL)
		return false;
	normalise(candidate, buf);
	return strcmp(norm, buf) == 0;
}

struct csv_rows *csv_rows_new(struct csv_reader *r, enum store_kind kind,
			      const char *source, struct error *err)
{
	struct csv_rows *cr;
	bool have[CSV_FIELDS_MAX] = { false };
	int rc;

	if ((unsigned)kind >= STORE_KIND_COUNT || kinds[kind].columns == NULL) {
		error_set(err, ERROR_USAGE, "%s cannot be read from CSV",
			  store_kind_name(kind));
		return NULL;
	}
	cr = calloc(1, sizeof *cr);
	if (cr == NULL || (cr->arena = arena_new(0)) == NULL) {
		free(cr);
		error_set(err, ERROR_NOMEM, "out of memory");
		return NULL;
	}
	cr->reader = r;
	cr->kc = &kinds[kind];
	strmap_init(&cr->seen, cr->arena);
	rc = csv_next(r, &cr->header, err);
	if (rc == 0)
		error_set(err, ERROR_INVALID, "%s: empty file (no header row)",
			  source);
	if (rc != 1)
		goto fail;
	/* Kept for messages and the reject file; the reader's text moves on. */
	for (size_t i = 0; i < cr->header.n_fields; i++)
		cr->header.fields[i] = arena_strdup(cr->arena, cr->header.fields[i]);
	if (arena_failed(cr->arena)) {
		error_set(err, ERROR_NOMEM, "%s: out of memory", source);
		goto fail;
	}
	for (size_t i = 0; i < cr->header.n_fields; i++) {
		char norm[HEADER_NAME_MAX];

		cr->map[i] = -1;
		normalise(cr->header.fields[i], norm);
		if (norm[0] == '\0')
			continue;   /* an unnamed column, usually empty */
		for (size_t c = 0; c < cr->kc->count; c++) {
			const struct column *col = &cr->kc->columns[c];

			if (name_matches(norm, col->name) ||
			    name_matches(norm, col->ko) ||
			    name_matches(norm, col->alias)) {
				cr->map[i] = (int)c;
				break;
			}
		}
		if (cr->map[i] < 0) {
			error_set(err, ERROR_INVALID,
				  "%s: line %ld, column %zu: \"%s\" is not a column of %s (see docs/interop.md)",
				  source, cr->header.line, i + 1,
				  cr->header.fields[i], store_kind_name(kind));
			goto fail;
		}
		if (have[cr->map[i]]) {
			error_set(err, ERROR_INVALID,
				  "%s: line %ld, column %zu: \"%s\" repeats an earlier column",
				  source, cr->header.line, i + 1,
				  cr->header.fields[i]);
			goto fail;
		}
		have[cr->map[i]] = true;
	}
	for (size_t c = 0; c < cr->kc->count; c++) {
		if (cr->kc->columns[c].required && !have[c]) {
			error_set(err, ERROR_INVALID,
				  "%s: the header has no \"%s\" (%s) column",
				  source, cr->kc->columns[c].name,
				  cr->kc->columns[c].ko);
			goto fail;
		}
	}
	return cr;
fail:
	csv_rows_free(cr);
	return NULL;
}

void csv_rows_free(struct csv_rows *cr)
{
	if (cr == NULL)
		return;
	arena_free(cr->arena);
	free(cr);
}

/* An enum value by its code or its label in either language. */
static int enum_lookup(const struct enum_table *t, const char *s)
{
	int v = enum_parse(t, s);

	for (size_t i = 0; v < 0 && i < t->count; i++)
		if (strcasecmp(s, t->entries[i].en) == 0 ||
		    strcmp(s, t->entries[i].ko) == 0)
			v = (int)i;
	return v;
}

static bool is_list_separator(char c)
{
	return c == '|' || c == ',' || c == ';' || c == '\n';
}

static char *trim(char *s)
{
	size_t n;

	if (s == NULL)
		return "";

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
			 s[n - 1] == '\r' || s[n - 1] == '\n'))
		s[--n] = '\0';
	return s;
}

/* The next item of a '|'- (or ',', ';') separated list in s: false at
 * the end, else its start and length, untrimmed. */
static bool next_span(const char **s, const char **start, size_t *len)
{
	const char *p = *s, *end;

	while (*p != '\0' && (is_list_separator(*p) || *p == ' '))
		p++;
	if (*p == '\0')
		return false;
	for (end = p; *end != '\0' && !is_list_separator(*end); end++)
		;
	*s = end;
	*start = p;
	*len = (size_t)(end - p);
	return true;
}

/* The next item of a list, copied into the arena (it lives as long as the
 * row) and trimmed; NULL at the end. */
static char *next_item(struct csv_rows *cr, const char **s)
{
	const char *start;
	size_t len;

	if (!next_span(s, &start, &len))
		return NULL;
	return trim(arena_strndup(cr->arena, start, len));
}

static bool parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "1", "true", "yes", "y", "o", "예", "네" };
	static const char *const no[] = { "0", "false", "no", "n", "x", "아니요", "아니오" };

	for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *out = true;
	for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
		if (strcasecmp(s, no[i]) == 0)
			return !(*out = false);
	return false;
}

/* Parses one cell into the row; false with cr->why set when it is bad.
 * Moments and amounts wait for the zone and currency (second pass). */
static bool parse_cell(struct csv_rows *cr, const struct column *col,
		       char *value, struct store_import_row *row)
{
	char *field = (char *)row + col->offset;
	char why[256];

	switch (col->type) {
	case T_KEY:
		if (!jread_key_valid(value)) {
			snprintf(cr->why, WHY_MAX,
				 "\"%s\" is not a key (" JREAD_KEY_RULE ")", value);
			return false;
		}
		*(const char **)field = value;
		return true;
	case T_SLUG:
		if (!jread_slug_valid(value)) {
			snprintf(cr->why, WHY_MAX,
				 "\"%s\" is not a slug (" JREAD_SLUG_RULE ")", value);
			return false;
		}
		*(const char **)field = value;
		return true;
	case T_EMAIL:
		if (strchr(value, '@') == NULL || strchr(value, ' ') != NULL) {
			snprintf(cr->why, WHY_MAX, "\"%s\" is not an e-mail address",
				 value);
			return false;
		}
		*(const char **)field = value;
		return true;
	case T_STRING:
		*(const char **)field = value;
		return true;
	case T_ENUM: {
		int v = enum_lookup(col->table, value);

		if (v < 0) {
			struct buf codes;

			buf_init(&codes, WHY_MAX / 2);
			for (size_t i = 0; i < col->table->count; i++)
				buf_printf(&codes, "%s%s", i ? ", " : "",
					   col->table->entries[i].code);
			snprintf(cr->why, WHY_MAX, "\"%s\" is not a valid %s (%s)",
				 value, col->table->name, buf_str(&codes));
			buf_free(&codes);
			return false;
		}
		*(int *)field = v;
		return true;
	}
	case T_SECTORS: {
		/* On the stack: a row per sector item in the arena added up to
		 * tens of megabytes over a million rows. */
		const char *p = value, *start;
		uint32_t bits = 0;
		char item[64];
		size_t len;

		while (next_span(&p, &start, &len)) {
			int v = -1;

			if (len < sizeof item) {
				memcpy(item, start, len);
				item[len] = '\0';
				v = enum_lookup(&enum_sector, trim(item));
			}
			if (v < 0) {
				snprintf(cr->why, WHY_MAX, "\"%s\" is not a sector",
					 len < sizeof item ? trim(item) :
					 trim(arena_strndup(cr->arena, start, len)));
				return false;
			}
			bits |= 1u << v;
		}
		*(uint32_t *)field = bits;
		return true;
	}
	case T_COUNTRY:
		for (char *p = value; *p != '\0'; p++)
			*p = (char)toupper((unsigned char)*p);
		if (!country_valid(value)) {
			snprintf(cr->why, WHY_MAX,
				 "\"%s\" is not an ISO 3166-1 alpha-2 country code", value);
			return false;
		}
		*(const char **)field = value;
		return true;
	case T_ZONE:
		if (!tz_valid(value)) {
			snprintf(cr->why, WHY_MAX, "\"%s\" is not an IANA time zone",
				 value);
			return false;
		}
		*(const char **)field = value;
		return true;
	case T_COUNT: {
		char *end;
		long long n;

		errno = 0;
		n = strtoll(value, &end, 10);
		if (errno != 0 || *end != '\0' || n < 0 || !isdigit((unsigned char)value[0])) {
			snprintf(cr->why, WHY_MAX, "\"%s\" is not a whole number >= 0",
				 value);
			return false;
		}
		*(int64_t *)field = n;
		return true;
	}
	case T_BOOL:
		if (!parse_bool(value, (bool *)field)) {
			snprintf(cr->why, WHY_MAX, "\"%s\" is not yes or no", value);
			return false;
		}
		return true;
	case T_PARTIAL_DATE:
		if (partial_date_check(value, why, sizeof why) != 0) {
			snprintf(cr->why, WHY_MAX, "\"%s\": %s", value, why);
			return false;
		}
		*(const char **)field = value;
		return true;
	case T_CURRENCY:
		for (char *p = value; *p != '\0'; p++)
			*p = (char)toupper((unsigned char)*p);
		if (!money_currency_valid(value)) {
			snprintf(cr->why, WHY_MAX, "\"%s\" is not an ISO 4217 currency",
				 value);
			return false;
		}
		memcpy(field, value, 4);
		return true;
	case T_PARTIES: {
		const char *p = value;
		char *item;

		while ((item = next_item(cr, &p)) != NULL) {
			char *colon = strchr(item, ':');
			int role = PARTY_PARTY;

			if (row->n_parties == STORE_ROW_PARTIES_MAX) {
				snprintf(cr->why, WHY_MAX, "more than %d parties",
					 STORE_ROW_PARTIES_MAX);
				return false;
			}
			if (colon != NULL) {
				*colon = '\0';
				role = enum_lookup(&enum_party_role, trim(colon + 1));
				item = trim(item);
			}
			if (role < 0 || !jread_key_valid(item)) {
				snprintf(cr->why, WHY_MAX,
					 "\"%s\" is not KEY or KEY:party|buyer|seller", value);
				return false;
			}
			row->parties[row->n_parties] = item;
			row->party_roles[row->n_parties++] = (enum party_role)role;
		}
		return true;
	}
	case T_MOMENT:
	case T_AMOUNT:
		return true;
	}
	return true;
}

/* The checks that need more than one cell. */
static bool check_row(struct csv_rows *cr, struct store_import_row *row,
		      const char *start, const char *end, const char *amount,
		      int *bad_column)
{
	const struct text *t = (const struct text *)((char *)row + cr->kc->text_ko);
	char why[256];

	if (t->ko == NULL && t->en == NULL) {
		snprintf(cr->why, WHY_MAX, "no %s in either language (%s_ko or %s_en)",
			 cr->kc->text_what, cr->kc->text_what, cr->kc->text_what);
		return false;
	}
	if (start != NULL && moment_parse(start, row->event.zone, &row->event.start,
					  why, sizeof why) != 0) {
		*bad_column = 1;
		snprintf(cr->why, WHY_MAX, "start \"%s\": %s", start, why);
		return false;
	}
	if (end != NULL) {
		if (moment_parse(end, row->event.zone, &row->event.end, why,
				 sizeof why) != 0) {
			snprintf(cr->why, WHY_MAX, "end \"%s\": %s", end, why);
			return false;
		}
		if (row->event.end.utc < row->event.start.utc) {
			snprintf(cr->why, WHY_MAX, "end \"%s\" is before start \"%s\"",
				 end, start);
			return false;
		}
	}
	if (amount != NULL || row->agreement.value.currency[0] != '\0') {
		if (amount == NULL || row->agreement.value.currency[0] == '\0') {
			snprintf(cr->why, WHY_MAX,
				 "amount and currency go together: give both or neither");
			return false;
		}
		if (money_parse(amount, row->agreement.value.currency,
				&row->agreement.value, why, sizeof why) != 0) {
			snprintf(cr->why, WHY_MAX, "amount \"%s\": %s", amount, why);
			return false;
		}
		row->agreement.has_value = true;
	}
	if (row->signed_at != NULL && row->mission == NULL) {
		snprintf(cr->why, WHY_MAX, "event \"%s\" needs its mission column",
			 row->signed_at);
		return false;
	}
	row->agreement.in_mission = row->mission != NULL;
	return true;
}

/* Sets row->invalid to "line L, column C ("name"): why". */
static void mark_invalid(struct csv_rows *cr, struct store_import_row *row,
			 long field)
{
	char msg[WHY_MAX + 160];

	if (field >= 0)
		snprintf(msg, sizeof msg, "line %ld, column %ld (\"%s\"): %s",
			 row->line, field + 1, cr->header.fields[field], cr->why);
	else
		snprintf(msg, sizeof msg, "line %ld: %s", row->line, cr->why);
	memcpy(cr->why, msg, WHY_MAX - 1);
	cr->why[WHY_MAX - 1] = '\0';
	row->invalid = cr->why;
}

static long field_of_type(const struct csv_rows *cr, enum col_type type)
{
	for (size_t i = 0; i < cr->header.n_fields; i++)
		if (cr->map[i] >= 0 && cr->kc->columns[cr->map[i]].type == type)
			return (long)i;
	return -1;
}

int csv_rows_next(void *ctx, struct store_import_row *row, struct error *err)
{
	struct csv_rows *cr = ctx;
	const char *start = NULL, *end = NULL, *amount = NULL;
	const char *key;
	int rc, bad_column = 0;

	rc = csv_next(cr->reader, &cr->rec, err);
	if (rc != 1)
		return rc;
	if (++cr->count > CSV_ROWS_MAX)
		return error_set(err, ERROR_NOMEM, "line %ld: more than %ld rows",
				 cr->rec.line, CSV_ROWS_MAX);
	row->line = cr->rec.line;
	row->event.attendance.registered = -1;
	row->event.attendance.attended = -1;
	for (size_t i = cr->header.n_fields; i < cr->rec.n_fields; i++) {
		if (trim(cr->rec.fields[i])[0] != '\0') {
			snprintf(cr->why, WHY_MAX, "%zu fields, but the header has %zu",
				 cr->rec.n_fields, cr->header.n_fields);
			mark_invalid(cr, row, -1);
			return 1;
		}
	}
	for (size_t c = 0; c < cr->kc->count; c++)
		if (cr->kc->columns[c].type == T_ENUM)
			*(int *)((char *)row + cr->kc->columns[c].offset) =
				cr->kc->columns[c].dflt;
	for (size_t i = 0; i < cr->header.n_fields; i++) {
		const struct column *col;
		char *value;

		if (cr->map[i] < 0)
			continue;
		col = &cr->kc->columns[cr->map[i]];
		value = i < cr->rec.n_fields ?
			csv_read_value(trim(cr->rec.fields[i])) : NULL;
		if (value == NULL || value[0] == '\0') {
			if (col->required) {
				snprintf(cr->why, WHY_MAX, "empty, but %s is required",
					 col->name);
				mark_invalid(cr, row, (long)i);
				return 1;
			}
			continue;
		}
		if (col->type == T_MOMENT)
			*(col->offset == ROW(event.start) ? &start : &end) = value;
		else if (col->type == T_AMOUNT)
			amount = value;
		if (!parse_cell(cr, col, value, row)) {
			mark_invalid(cr, row, (long)i);
			return 1;
		}
	}
	if (!check_row(cr, row, start, end, amount, &bad_column)) {
		mark_invalid(cr, row, bad_column ? field_of_type(cr, T_MOMENT) : -1);
		return 1;
	}
	/* A key twice in one file is nearly always a copy-paste slip. */
	key = *(const char **)((char *)row + cr->kc->key);
	/* Copied: the record's text goes with the reader's next window. */
	if (row->mission != NULL && cr->kc == &kinds[STORE_EVENTS])
		key = arena_printf(cr->arena, "%s/%s", row->mission, key);
	else
		key = arena_strdup(cr->arena, key);
	if (arena_failed(cr->arena))
		return error_set(err, ERROR_NOMEM, "line %ld: out of memory",
				 row->line);
	if (!strmap_put(&cr->seen, key, (int)(row->line > INT32_MAX ? -1 : row->line))) {
		if (arena_failed(cr->arena))
			return error_set(err, ERROR_NOMEM, "line %ld: out of memory",
					 row->line);
		snprintf(cr->why, WHY_MAX, "key \"%s\" was given already on line %d",
			 key, strmap_get(&cr->seen, key));
		mark_invalid(cr, row, -1);
	}
	return 1;
}

void csv_rows_reject_header(const struct csv_rows *cr, struct buf *out)
{
	csv_write_bom(out);
	for (size_t i = 0; i < cr->header.n_fields; i++)
		csv_write_cell(out, cr->header.fields[i], i == 0);
	csv_write_field(out, "error", cr->header.n_fields == 0);
	csv_write_end(out);
}

void csv_rows_reject_record(const struct csv_rows *cr, struct buf *out,
			    long line, const char *why)
{
	(void)line;
	for (size_t i = 0; i < cr->header.n_fields; i++)
		csv_write_cell(out, i < cr->rec.n_fields ? cr->rec.fields[i] : "",
			       i == 0);
	csv_write_value(out, why, cr->header.n_fields == 0);
	csv_write_end(out);
}

/* Export. */

void csv_rows_write_header(enum store_kind kind, struct buf *out)
{
	const struct kind_columns *kc = &kinds[kind];

	for (size_t c = 0; c < kc->count; c++)
		csv_write_field(out, kc->columns[c].name, c == 0);
	csv_write_end(out);
}

/* One cell of an exported row, as parse_cell reads it back. */
static void write_cell(const struct column *col,
		       const struct store_import_row *row, struct buf *out,
		       bool first)
{
	const char *field = (const char *)row + col->offset;
	char text[MOMENT_TEXT_MAX + 64];
	struct buf list;

	text[0] = '\0';
	switch (col->type) {
	case T_KEY: case T_SLUG: case T_STRING: case T_EMAIL: case T_COUNTRY:
	case T_ZONE: case T_PARTIAL_DATE:
		csv_write_value(out, *(const char *const *)field, first);
		return;
	case T_ENUM:
		csv_write_value(out, enum_code(col->table, *(const int *)field), first);
		return;
	case T_SECTORS:
	case T_PARTIES:
		buf_init(&list, 0);
		if (col->type == T_SECTORS) {
			for (int s = 0; s < SECTOR_COUNT; s++)
				if (*(const uint32_t *)field & (1u << s))
					buf_printf(&list, "%s%s", list.len ? "|" : "",
						   enum_code(&enum_sector, s));
		} else {
			for (size_t i = 0; i < row->n_parties; i++)
				buf_printf(&list, "%s%s%s%s", i ? "|" : "", row->parties[i],
					   row->party_roles[i] == PARTY_PARTY ? "" : ":",
					   row->party_roles[i] == PARTY_PARTY ? "" :
					   enum_code(&enum_party_role, row->party_roles[i]));
		}
		csv_write_value(out, buf_str(&list), first);
		buf_free(&list);
		return;
	case T_MOMENT: {
		const struct moment *m = (const struct moment *)field;

		if (m->precision != MOMENT_NONE)
			moment_format(*m, row->event.zone, text);
		break;
	}
	case T_COUNT:
		if (*(const int64_t *)field >= 0)
			snprintf(text, sizeof text, "%lld",
				 (long long)*(const int64_t *)field);
		break;
	case T_BOOL:
		if (*(const bool *)field)
			snprintf(text, sizeof text, "yes");
		break;
	case T_AMOUNT:
		if (row->agreement.has_value)
			money_format_plain(row->agreement.value, text, sizeof text);
		break;
	case T_CURRENCY:
		if (row->agreement.has_value)
			snprintf(text, sizeof text, "%s", row->agreement.value.currency);
		break;
	}
	csv_write_value(out, text, first);
}

void csv_rows_write(enum store_kind kind, const struct store_import_row *row,
		    struct buf *out)
{
	const struct kind_columns *kc = &kinds[kind];

	for (size_t c = 0; c < kc->count; c++)
		write_cell(&kc->columns[c], row, out, c == 0);
	csv_write_end(out);
}
