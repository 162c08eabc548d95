/* sqlite_stats.c: GET /api/stats, counts and values per currency of
 * agreements, missions, events, consultations or realisations, grouped
 * and filtered in SQL.
 *
 * One statement per figure: the groups' counts (GROUP BY), the groups'
 * values (GROUP BY group, currency), the total count and the total values
 * (no GROUP BY, so a record in several sectors counts once in the total).
 * Every statement is built from the same FROM and WHERE, so the rows, the
 * total and the others always count the same set of records.  Only names
 * from the static tables below enter the SQL; every value is bound.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/moment.h"
#include "domain/money.h"
#include "store/sqlite_http.h"
#include "util/buf.h"

#define STATS_SQL_MAX 4096
#define STATS_TOP_DEFAULT 20

enum measure { M_AGREEMENTS, M_MISSIONS, M_EVENTS, M_CONSULTATIONS,
	       M_REALISATIONS, M_COUNT };

struct measure_def {
	const char *name;
	const char *from;      /* the record is a, m or e */
	const char *join_mission;   /* when a group or filter needs m */
	const char *join_stop;      /* when one needs st, the stop */
	const char *sectors;   /* its sector mask */
	const char *scope;     /* a company's records, :org */
	const char *counts_ko, *counts_en;
	/* Amounts summed per currency: "values", and a second as "expected";
	 * NULL: none. */
	const char *value, *currency, *expected, *expected_currency;
};

/* An agreement's mission and stop joins, sectors and company scope, for
 * agreements and for the realisations under them. */
#define AGREEMENT_JOINS_AND_SCOPE \
	" LEFT JOIN mission m ON m.id = a.mission_id", \
	" LEFT JOIN event e ON e.id = a.event_id" \
	" LEFT JOIN stop st ON st.id = e.stop_id", \
	"a.sectors", \
	"a.id IN (SELECT agreement_id FROM agreement_party" \
	" WHERE organisation_id = :org)"

static const struct measure_def measures[M_COUNT] = {
	[M_AGREEMENTS] = {
		"agreements", " FROM agreement a",
		AGREEMENT_JOINS_AND_SCOPE,
		"필터에 맞는 협약·계약(MOU, LOI, 계약, 구매주문) 건수로, 상태를 지정하지"
		" 않으면 모든 상태를 포함하고 건마다 한 번 셉니다. 금액은 통화별로 더하며"
		" 통화끼리는 더하지 않습니다. 합계와 각 행은 같은 기록을 셉니다.",
		"Agreements (MOUs, LOIs, contracts and purchase orders) matching the"
		" filters, every status unless status is given, each counted once;"
		" values are summed per currency, never across currencies; the total"
		" and the rows count the same records.",
		"a.value_minor", "a.currency", NULL, NULL,
	},
	[M_MISSIONS] = {
		"missions", " FROM mission m", "",
		" JOIN stop st ON st.mission_id = m.id AND st.home = 0",
		"m.sectors",
		"m.id IN (SELECT ev.mission_id FROM event ev JOIN participant p"
		" ON p.event_id = ev.id WHERE p.organisation_id = :org)",
		"필터에 맞는 사절단 수로, 첫날(현지 날짜)의 연도로 나눕니다. 금액은"
		" 세지 않습니다. 합계와 각 행은 같은 사절단을 셉니다.",
		"Missions matching the filters, dated by their first local day;"
		" no values are counted; the total and the rows count the same"
		" missions.",
	},
	[M_EVENTS] = {
		"events", " FROM event e",
		" JOIN mission m ON m.id = e.mission_id",
		" LEFT JOIN stop st ON st.id = e.stop_id",
		"e.sectors",
		"e.id IN (SELECT event_id FROM participant WHERE organisation_id = :org)",
		"필터에 맞는 행사 수로, 현지 날짜로 나눕니다. 금액은 세지 않습니다."
		" 합계와 각 행은 같은 행사를 셉니다.",
		"Events of missions matching the filters, dated by their local day;"
		" no values are counted; the total and the rows count the same"
		" events.",
	},
	/* A consultation is dated, placed and sectored by its event. */
	[M_CONSULTATIONS] = {
		"consultations",
		" FROM consultation c JOIN event e ON e.id = c.event_id",
		" JOIN mission m ON m.id = e.mission_id",
		" LEFT JOIN stop st ON st.id = e.stop_id",
		"e.sectors",
		"c.firm_id = :org",
		"필터에 맞는 상담 건수로, 상담이 열린 행사의 현지 날짜·방문지·분야로"
		" 나눕니다. values는 상담액, expected는 계약추진액이며 통화별로"
		" 더하고, 어느 것도 계약이나 실적이 아니므로 다른 단계와 더하지"
		" 않습니다.",
		"Consultations matching the filters, dated, placed and sectored by"
		" the event where they took place; values are the amounts consulted"
		" and expected the amounts the firms expect to contract, each summed"
		" per currency; neither is a sale, and neither is added to another"
		" tier.",
		"c.consulted_minor", "c.consulted_currency",
		"c.expected_minor", "c.expected_currency",
	},
	/* A realisation is dated by its own day and placed by its agreement. */
	[M_REALISATIONS] = {
		"realisations",
		" FROM realisation r JOIN agreement a ON a.id = r.agreement_id",
		AGREEMENT_JOINS_AND_SCOPE,
		"필터에 맞는 수출 실적 건수로, 실적일의 연도로 나누고 지역·국가·분야는"
		" 그 계약의 것을 씁니다. 금액은 통화별 실적액이며 다른 단계와"
		" 더하지 않습니다.",
		"Realisations (exports shipped or paid) matching the filters, dated"
		" by their own day, placed and sectored by their agreement; values"
		" are the realised amounts per currency, never added to another"
		" tier.",
		"r.value_minor", "r.value_currency", NULL, NULL,
	},
};

enum group { G_YEAR, G_PROVINCE, G_COUNTRY, G_KIND, G_STATUS, G_SECTOR,
	     G_SERIES, G_MISSION, G_COUNT };

struct group_def {
	const char *name;
	const char *expr[M_COUNT];    /* NULL: not a grouping of that measure */
	const char *note_ko, *note_en;
};

static const struct group_def groups[G_COUNT] = {
	[G_YEAR] = { "year", { "substr(a.signed_on, 1, 4)",
			       "substr(m.first_day, 1, 4)",
			       "substr(e.local_day, 1, 4)",
			       "substr(e.local_day, 1, 4)",
			       "substr(r.on_date, 1, 4)" }, NULL, NULL },
	[G_PROVINCE] = { "province", { "m.home_organisation_id",
				       "m.home_organisation_id",
				       "m.home_organisation_id",
				       "m.home_organisation_id",
				       "m.home_organisation_id" },
			 " 지역은 사절단을 보낸 기관입니다.",
			 " The province is the organisation that sent the mission." },
	[G_COUNTRY] = { "country", { "st.country", "st.country", "st.country",
				     "st.country", "st.country" },
			" 국가는 체결·개최된 방문지의 국가이며, 사절단은 방문한 나라마다 한 번씩 셉니다.",
			" The country is that of the stop where it was signed or held;"
			" a mission counts once in each country it stops in." },
	[G_KIND] = { "kind", { "a.kind", NULL, "e.kind", NULL, "a.kind" }, NULL, NULL },
	[G_STATUS] = { "status", { "a.status", NULL, NULL, NULL, "a.status" }, NULL, NULL },
	[G_SECTOR] = { "sector", { "sec.bit", "sec.bit", "sec.bit", "sec.bit", "sec.bit" },
		       " 분야가 여럿인 기록은 각 분야의 행에 한 번씩, 합계에는 한 번 셉니다.",
		       " A record in several sectors counts in each of their rows"
		       " and once in the total." },
	[G_SERIES] = { "series", { "a.series_id", NULL, NULL, NULL, "a.series_id" },
		       NULL, NULL },
	[G_MISSION] = { "mission", { "a.mission_id", NULL, "e.mission_id",
				     "e.mission_id", "a.mission_id" }, NULL, NULL },
};

/* Filters: the SQL per measure, with :v the checked value. */
enum fkind { F_YEAR, F_DATE, F_ID, F_CODE, F_SECTOR, F_TEXT };

struct filter_def {
	const char *name;
	enum fkind kind;
	const char *sql[M_COUNT];
};

static const struct filter_def filters[] = {
	{ "year", F_YEAR, { STORE_SQL_YEAR("a.signed_on"),
			    STORE_SQL_YEAR("m.first_day"),
			    STORE_SQL_YEAR("e.local_day"),
			    STORE_SQL_YEAR("e.local_day"),
			    STORE_SQL_YEAR("r.on_date") } },
	{ "from", F_DATE, { STORE_SQL_SIGNED_DAY("a.signed_on") " >= :from",
			    "m.first_day >= :from", "e.local_day >= :from",
			    "e.local_day >= :from", "r.on_date >= :from" } },
	{ "to", F_DATE, { STORE_SQL_SIGNED_DAY("a.signed_on") " <= :to",
			  "m.first_day <= :to", "e.local_day <= :to",
			  "e.local_day <= :to", "r.on_date <= :to" } },
	{ "province", F_ID, { "m.home_organisation_id = :province",
			      "m.home_organisation_id = :province",
			      "m.home_organisation_id = :province",
			      "m.home_organisation_id = :province",
			      "m.home_organisation_id = :province" } },
	{ "country", F_CODE, { "st.country = :country",
			       "EXISTS (SELECT 1 FROM stop s2 WHERE s2.mission_id = m.id"
			       " AND s2.home = 0 AND s2.country = :country)",
			       "st.country = :country", "st.country = :country",
			       "st.country = :country" } },
	{ "sector", F_SECTOR, { STORE_SQL_SECTOR("a.sectors"),
				STORE_SQL_SECTOR("m.sectors"),
				STORE_SQL_SECTOR("e.sectors"),
				STORE_SQL_SECTOR("e.sectors"),
				STORE_SQL_SECTOR("a.sectors") } },
	{ "kind", F_CODE, { "a.kind = :kind", NULL, "e.kind = :kind", NULL,
			    "a.kind = :kind" } },
	{ "status", F_CODE, { "a.status = :status", NULL, NULL, NULL,
			      "a.status = :status" } },
	{ "mission", F_ID, { "a.mission_id = :mission", "m.id = :mission",
			     "e.mission_id = :mission", "e.mission_id = :mission",
			     "a.mission_id = :mission" } },
	{ "series", F_ID, { "a.series_id = :series", NULL, NULL, NULL,
			    "a.series_id = :series" } },
	/* Text in titles, through the name index: the condition is made
	 * for the text (sqlite_search_condition); here the record's id, and
	 * its kind in the index is text_kind[]. */
	{ "q", F_TEXT, { "a.id", "m.id", NULL } },
};

/* The index's rowid kinds of agreements and missions (migration 3). */
static const int text_kind[M_COUNT] = { [M_AGREEMENTS] = 6, [M_MISSIONS] = 3 };

#define N_FILTERS (sizeof filters / sizeof filters[0])

/* The filters the joins depend on, by their place in filters[]. */
enum { F_PROVINCE = 3, F_COUNTRY = 4 };

static int find_name(const char *value, const char *const *names, int n)
{
	for (int i = 0; value && i < n; i++)
		if (strcmp(value, names[i]) == 0)
			return i;
	return -1;
}

static bool all_digits(const char *s, size_t n)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* Checks one filter's value; fills a bound form of it. */
static int check_filter(const struct filter_def *f, const char *v,
			int64_t *n, struct error *err)
{
	int y, mo, d;

	switch (f->kind) {
	case F_YEAR:
		if (!all_digits(v, 4))
			return error_set(err, ERROR_USAGE, "year: \"%s\" is not a year (YYYY)", v);
		*n = strtoll(v, NULL, 10);
		return 0;
	case F_DATE:
		if (date_parse(v, &y, &mo, &d) != 0)
			return error_set(err, ERROR_USAGE, "%s: \"%s\" is not a date (YYYY-MM-DD)",
					 f->name, v);
		return 0;
	case F_ID:
		if (v[0] == '\0' || strlen(v) > 18 || !all_digits(v, strlen(v)) ||
		    (*n = strtoll(v, NULL, 10)) < 1)
			return error_set(err, ERROR_USAGE, "%s: \"%s\" is not a record id",
					 f->name, v);
		return 0;
	case F_SECTOR:
		if ((*n = enum_parse(&enum_sector, v)) < 0)
			return error_set(err, ERROR_USAGE, "sector: \"%s\" is not a sector code", v);
		return 0;
	case F_CODE:
		if (v[0] == '\0' || strlen(v) > 32)
			return error_set(err, ERROR_USAGE, "%s: give a code", f->name);
		return 0;
	case F_TEXT:
		if (v[0] == '\0' || strlen(v) > 200)
			return error_set(err, ERROR_USAGE,
					 "q: give 1 to 200 bytes of text to look for");
		return 0;
	}
	return 0;
}

/* The label of a group's key; names of organisations and series come from
 * the database, the rest from the enum tables. */
static json_t *label(struct sqlite_store *ss, enum group g, enum measure m,
		     sqlite3_stmt *row, int col)
{
	const unsigned char *txt = sqlite3_column_text(row, col);
	const struct enum_table *t = NULL;
	char ko[32], en[32];
	json_t *out = NULL;
	int i;

	if (sqlite3_column_type(row, col) == SQLITE_NULL)
		return json_pack("{ss ss}", "ko", "미상", "en", "unknown");
	switch (g) {
	case G_YEAR:
		snprintf(ko, sizeof ko, "%s년", (const char *)txt);
		return json_pack("{ss ss}", "ko", ko, "en", (const char *)txt);
	case G_PROVINCE:
	case G_SERIES:
	case G_MISSION: {
		sqlite3_stmt *st;

		if (sqlite_cached_prepare(ss, g == G_PROVINCE ?
					  "SELECT name_ko, name_en FROM organisation WHERE id = ?" :
					  g == G_SERIES ?
					  "SELECT name_ko, name_en FROM series WHERE id = ?" :
					  "SELECT title_ko, title_en FROM mission WHERE id = ?",
					  &st, NULL))
			break;
		sqlite3_bind_int64(st, 1, sqlite3_column_int64(row, col));
		if (sqlite3_step(st) == SQLITE_ROW) {
			const char *k = (const char *)sqlite3_column_text(st, 0);
			const char *e = (const char *)sqlite3_column_text(st, 1);

			out = json_pack("{s:s? s:s?}", "ko", k ? k : e, "en", e ? e : k);
		}
		sqlite_cached_release(ss, st);
		break;
	}
	case G_SECTOR:
		i = sqlite3_column_int(row, col);
		if (i >= 0 && (size_t)i < enum_sector.count)
			return json_pack("{ss ss}", "ko", enum_sector.entries[i].ko,
					 "en", enum_sector.entries[i].en);
		break;
	case G_KIND:
		t = m == M_EVENTS ? &enum_event_kind : &enum_agreement_kind;
		break;
	case G_STATUS:
		t = &enum_agreement_status;
		break;
	default:
		break;
	}
	if (t && (i = enum_parse(t, (const char *)txt)) >= 0)
		return json_pack("{ss ss}", "ko", t->entries[i].ko, "en",
				 t->entries[i].en);
	if (out == NULL) {
		snprintf(en, sizeof en, "%s", (const char *)txt);
		out = json_pack("{ss ss}", "ko", en, "en", en);
	}
	return out;
}

/* The key of a group as the API shows it: ids of provinces and series as
 * integers, sectors as their codes, the rest as text. */
static json_t *key_json(enum group g, sqlite3_stmt *st, int col)
{
	int i;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return json_null();
	if (g == G_PROVINCE || g == G_SERIES || g == G_MISSION)
		return json_integer(sqlite3_column_int64(st, col));
	if (g == G_SECTOR) {
		i = sqlite3_column_int(st, col);
		return json_string(i >= 0 && (size_t)i < enum_sector.count ?
				   enum_sector.entries[i].code : "?");
	}
	return json_string((const char *)sqlite3_column_text(st, col));
}

/* The map key of a row: its key as text ("" for none). */
static void map_key(sqlite3_stmt *st, int col, char *out, size_t size)
{
	const unsigned char *t = sqlite3_column_text(st, col);

	snprintf(out, size, "%s%s", t ? "k" : "", t ? (const char *)t : "");
}

json_t *sqlite_value_json(const char *currency, int64_t minor)
{
	struct money m = { .minor = minor };
	char amount[64];

	snprintf(m.currency, sizeof m.currency, "%s", currency);
	money_format_plain(m, amount, sizeof amount);
	return json_pack("{ss ss sI}", "currency", currency, "amount", amount,
			 "minor", (json_int_t)minor);
}

/* Adds minor of currency into a values array kept in currency order. */
static void values_add(json_t *values, const char *currency, int64_t minor)
{
	size_t i;
	json_t *v;

	json_array_foreach(values, i, v) {
		const char *c = json_string_value(json_object_get(v, "currency"));
		int cmp = strcmp(c, currency);

		if (cmp == 0) {
			int64_t sum = json_integer_value(json_object_get(v, "minor"));

			if (!money_add(&sum, minor))
				sum = INT64_MAX;
			json_array_set_new(values, i, sqlite_value_json(currency, sum));
			return;
		}
		if (cmp > 0) {
			json_array_insert_new(values, i, sqlite_value_json(currency, minor));
			return;
		}
	}
	json_array_append_new(values, sqlite_value_json(currency, minor));
}

struct stats_query {
	enum measure m;
	enum group g;
	const char *values[N_FILTERS];
	int64_t numbers[N_FILTERS];
	char year_next[8];
};

/* The amounts a measure sums: cur, v, cur2, v2 (NULL when it has none). */
static void value_columns(struct buf *q, const struct measure_def *md)
{
	buf_printf(q, ", %s AS cur, sum(%s) AS v, %s AS cur2, sum(%s) AS v2",
		   md->currency ? md->currency : "NULL", md->value ? md->value : "NULL",
		   md->expected_currency ? md->expected_currency : "NULL",
		   md->expected ? md->expected : "NULL");
}

/* The join that gives one row per sector bit set in mask. */
static void sector_join(struct buf *q, const char *mask)
{
	buf_puts(q, " JOIN (SELECT column1 AS bit FROM (VALUES (0)");
	for (int b = 1; b < SECTOR_COUNT; b++)
		buf_printf(q, ", (%d)", b);
	buf_printf(q, ")) sec ON (%s >> sec.bit) & 1", mask);
}

/* FROM ... WHERE ... of every statement, with only the joins its
 * grouping and filters need; grouped: with the sector join or the
 * missions' stop join the grouping needs. */
static void from_where(struct buf *q, const struct stats_query *sq,
		       const struct store_actor *who, bool grouped)
{
	const struct measure_def *md = &measures[sq->m];
	bool mission = (grouped && sq->g == G_PROVINCE) || sq->values[F_PROVINCE];
	bool stop = (grouped && sq->g == G_COUNTRY) ||
		(sq->values[F_COUNTRY] && sq->m != M_MISSIONS);

	buf_puts(q, md->from);
	if (mission)
		buf_puts(q, md->join_mission);
	if (stop)
		buf_puts(q, md->join_stop);
	if (grouped && sq->g == G_SECTOR)
		sector_join(q, md->sectors);  /* one row per sector it is in */
	buf_puts(q, " WHERE 1 = 1");
	for (size_t i = 0; i < N_FILTERS; i++) {
		const char *sql = filters[i].sql[sq->m];

		if (sq->values[i] == NULL)
			continue;
		if (filters[i].kind == F_TEXT) {
			sqlite_search_condition(q, sql, text_kind[sq->m], ":q",
						sq->values[i]);
		} else {
			buf_printf(q, " AND %s", sql);
		}
	}
	if (who && who->company_org != 0)
		buf_printf(q, " AND %s", md->scope);
}

static void bind_all(sqlite3_stmt *st, const struct stats_query *sq,
		     const struct store_actor *who)
{
	for (size_t i = 0; i < N_FILTERS; i++) {
		char name[24];
		int idx;

		if (sq->values[i] == NULL)
			continue;
		snprintf(name, sizeof name, ":%s", filters[i].name);
		idx = sqlite3_bind_parameter_index(st, name);
		if (idx <= 0)
			continue;
		if (filters[i].kind == F_ID || filters[i].kind == F_SECTOR) {
			sqlite3_bind_int64(st, idx, sq->numbers[i]);
		} else if (filters[i].kind == F_TEXT) {
			struct buf pattern;

			buf_init(&pattern, 1024);
			sqlite_search_pattern(sq->values[i], &pattern);
			sqlite3_bind_text(st, idx, buf_str(&pattern), -1, SQLITE_TRANSIENT);
			buf_free(&pattern);
		} else
			sqlite3_bind_text(st, idx, sq->values[i], -1, SQLITE_STATIC);
	}
	if ((sqlite3_bind_parameter_index(st, ":year_next")) > 0)
		sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":year_next"),
				  sq->year_next, -1, SQLITE_STATIC);
	if (who && sqlite3_bind_parameter_index(st, ":org") > 0)
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":org"),
				   who->company_org);
}

static int prepare_q(struct sqlite_store *ss, struct buf *q, sqlite3_stmt **st,
		     const struct stats_query *sq, const struct store_actor *who,
		     struct error *err)
{
	if (q->failed)
		return error_set(err, ERROR_NOMEM, "stats: query too long");
	if (sqlite_cached_prepare(ss, buf_str(q), st, err))
		return err ? (int)err->code : ERROR_STORE;
	bind_all(*st, sq, who);
	return 0;
}

/* Orders rows: years oldest first, the rest by count, most first. */
static int row_cmp_count(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_int_t ca = json_integer_value(json_object_get(a, "count"));
	json_int_t cb = json_integer_value(json_object_get(b, "count"));

	return ca < cb ? 1 : ca > cb ? -1 : 0;
}

static int row_cmp_year(const void *x, const void *y)
{
	json_t *a = json_object_get(*(json_t *const *)x, "key");
	json_t *b = json_object_get(*(json_t *const *)y, "key");

	if (!json_is_string(a) || !json_is_string(b))
		return json_is_string(a) ? -1 : json_is_string(b) ? 1 : 0;
	return strcmp(json_string_value(a), json_string_value(b));
}

static int parse_query(const struct store_args *args, struct stats_query *sq,
		       int *top, struct error *err)
{
	static const char *const mnames[M_COUNT] = { "agreements", "missions", "events",
						     "consultations", "realisations" };
	const char *gnames[G_COUNT];
	const char *measure = store_arg(args, "measure");
	const char *group = store_arg(args, "group");
	const char *t = store_arg(args, "top");
	int m, g;

	for (int i = 0; i < G_COUNT; i++)
		gnames[i] = groups[i].name;
	for (size_t i = 0; i < args->n; i++) {
		const char *n = args->name[i];
		bool known = strcmp(n, "measure") == 0 || strcmp(n, "group") == 0 ||
			strcmp(n, "top") == 0;

		for (size_t f = 0; !known && f < N_FILTERS; f++)
			known = strcmp(n, filters[f].name) == 0;
		if (!known)
			return error_set(err, ERROR_USAGE,
					 "%s: not a parameter of /api/stats", n);
	}
	if ((m = find_name(measure ? measure : "agreements", mnames, M_COUNT)) < 0)
		return error_set(err, ERROR_USAGE,
				 "measure: expected agreements, missions, events,"
				 " consultations or realisations");
	if ((g = find_name(group ? group : "year", gnames, G_COUNT)) < 0)
		return error_set(err, ERROR_USAGE,
				 "group: expected year, province, country, kind, status, sector,"
				 " series or mission");
	if (groups[g].expr[m] == NULL)
		return error_set(err, ERROR_USAGE, "group: %s cannot be grouped by %s",
				 mnames[m], gnames[g]);
	sq->m = (enum measure)m;
	sq->g = (enum group)g;
	*top = STATS_TOP_DEFAULT;
	if (t) {
		if (!all_digits(t, strlen(t)) || strlen(t) > 3 ||
		    (*top = (int)strtol(t, NULL, 10)) < 1 || *top > STORE_PAGE_MAX)
			return error_set(err, ERROR_USAGE, "top: expected 1 to %d",
					 STORE_PAGE_MAX);
	}
	for (size_t f = 0; f < N_FILTERS; f++) {
		const char *v = store_arg(args, filters[f].name);

		if (v == NULL)
			continue;
		if (filters[f].sql[m] == NULL)
			return error_set(err, ERROR_USAGE, "%s: %s cannot be filtered by %s",
					 filters[f].name, mnames[m], filters[f].name);
		if (check_filter(&filters[f], v, &sq->numbers[f], err))
			return ERROR_USAGE;
		sq->values[f] = v;
		if (filters[f].kind == F_YEAR)
			snprintf(sq->year_next, sizeof sq->year_next, "%04d",
				 (int)(sq->numbers[f] + 1) % 10000);
	}
	return 0;
}

/* Adds a count and a currency's sum into a row or total object. */
static void tally(json_t *into, int64_t count, const char *currency,
		  int64_t sum)
{
	json_object_set_new(into, "count", json_integer(
		json_integer_value(json_object_get(into, "count")) + count));
	if (currency)
		values_add(json_object_get(into, "values"), currency, sum);
}

/* Adds a statement's row (count at col, then currency, sum, and the
 * expected currency and sum) into a row or total object. */
static void tally_row(json_t *into, sqlite3_stmt *st, int col)
{
	const char *expected = (const char *)sqlite3_column_text(st, col + 3);

	tally(into, sqlite3_column_int64(st, col),
	      (const char *)sqlite3_column_text(st, col + 1),
	      sqlite3_column_int64(st, col + 2));
	if (expected)
		values_add(json_object_get(into, "expected"), expected,
			   sqlite3_column_int64(st, col + 4));
}

/* Adds every value of a values array into another. */
static void values_merge(json_t *into, json_t *from)
{
	size_t j;
	json_t *v;

	json_array_foreach(from, j, v)
		values_add(into, json_string_value(json_object_get(v, "currency")),
			   json_integer_value(json_object_get(v, "minor")));
}

/* A row, total or others object, with "expected" when md has them. */
static json_t *tally_new(const struct measure_def *md)
{
	json_t *o = json_pack("{sI so}", "count", (json_int_t)0, "values", json_array());

	if (md->expected)
		json_object_set_new(o, "expected", json_array());
	return o;
}

/* One statement gives every group's count and values per currency
 * (GROUP BY group, currency); the total is their sum, unless a record can
 * be in several groups (sectors, a mission's countries), when a second
 * statement counts each record once. */
int sqlite_stats(struct store *s, const struct store_args *args,
		 const struct store_actor *who, json_t **out, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct stats_query sq = { 0 };
	const struct measure_def *md;
	const char *key_expr;
	json_t *rows = NULL, *by_key = NULL, *total = NULL, *others = NULL;
	json_t **sorted = NULL;
	sqlite3_stmt *st = NULL;
	struct buf q;
	size_t n = 0, keep;
	int top = STATS_TOP_DEFAULT, rc, status;
	bool overlapping;
	char ko[1024], en[1024], mk[80];

	if ((status = parse_query(args, &sq, &top, err)) != 0)
		return status;
	md = &measures[sq.m];
	key_expr = groups[sq.g].expr[sq.m];
	overlapping = sq.g == G_SECTOR || (sq.g == G_COUNTRY && sq.m == M_MISSIONS);
	buf_init(&q, STATS_SQL_MAX);
	rows = json_array();
	by_key = json_object();
	total = tally_new(md);
	others = tally_new(md);

	if (sq.g == G_SECTOR && sq.m != M_MISSIONS) {
		/* Sectors: the records summed per sector mask first (a few
		 * hundred masks), then each mask's sums into its sectors'
		 * rows, rather than every record joined with every sector. */
		buf_printf(&q, "SELECT sec.bit AS k, sum(n), cur, sum(v), cur2, sum(v2)"
			   " FROM (SELECT %s AS mask, count(*) AS n", md->sectors);
		value_columns(&q, md);
		from_where(&q, &sq, who, false);
		buf_puts(&q, " GROUP BY mask, cur, cur2)");
		sector_join(&q, "mask");
	} else {
		buf_printf(&q, "SELECT %s AS k, %s", key_expr,
			   sq.m == M_MISSIONS && overlapping ? "count(DISTINCT m.id)" : "count(*)");
		value_columns(&q, md);
		from_where(&q, &sq, who, true);
	}
	buf_puts(&q, " GROUP BY k, cur, cur2");
	if ((status = prepare_q(ss, &q, &st, &sq, who, err)) != 0)
		goto done;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row;

		map_key(st, 0, mk, sizeof mk);
		if ((row = json_object_get(by_key, mk)) == NULL) {
			row = tally_new(md);
			json_object_set_new(row, "key", key_json(sq.g, st, 0));
			json_object_set_new(row, "label", label(ss, sq.g, sq.m, st, 0));
			json_object_set(by_key, mk, row);
			json_array_append_new(rows, row);
		}
		tally_row(row, st, 1);
		if (!overlapping)
			tally_row(total, st, 1);
	}
	if (rc != SQLITE_DONE) {
		status = sqlite_fail(ss->db, err, "stats");
		goto done;
	}
	sqlite_cached_release(ss, st);
	st = NULL;
	if (overlapping) {
		buf_free(&q);
		buf_init(&q, STATS_SQL_MAX);
		buf_puts(&q, "SELECT count(*)");
		value_columns(&q, md);
		from_where(&q, &sq, who, false);
		buf_puts(&q, " GROUP BY cur, cur2");
		if ((status = prepare_q(ss, &q, &st, &sq, who, err)) != 0)
			goto done;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			tally_row(total, st, 0);
		if (rc != SQLITE_DONE) {
			status = sqlite_fail(ss->db, err, "stats");
			goto done;
		}
	}

	/* Order, then keep the top rows; the rest are the others. */
	n = json_array_size(rows);
	sorted = calloc(n + 1, sizeof *sorted);
	if (sorted == NULL) {
		status = error_set(err, ERROR_NOMEM, "stats: out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		sorted[i] = json_array_get(rows, i);
	qsort(sorted, n, sizeof *sorted, row_cmp_count);
	keep = n < (size_t)top ? n : (size_t)top;
	if (sq.g == G_YEAR) {
		/* Years: the most recent top, oldest first. */
		qsort(sorted, n, sizeof *sorted, row_cmp_year);
		memmove(sorted, sorted + (n - keep), keep * sizeof *sorted);
	}
	for (size_t i = keep; i < n; i++)
		sorted[i] = NULL;
	{
		json_t *kept = json_array(), *row;
		size_t i;

		for (i = 0; i < keep; i++) {
			json_array_append(kept, sorted[i]);
			json_object_set_new(sorted[i], "kept", json_true());
		}
		json_array_foreach(rows, i, row) {
			if (json_object_get(row, "kept")) {
				json_object_del(row, "kept");
				continue;
			}
			tally(others, json_integer_value(json_object_get(row, "count")),
			      NULL, 0);
			values_merge(json_object_get(others, "values"),
				     json_object_get(row, "values"));
			if (md->expected)
				values_merge(json_object_get(others, "expected"),
					     json_object_get(row, "expected"));
		}
		json_decref(rows);
		rows = kept;
	}
	snprintf(ko, sizeof ko, "%s%s", measures[sq.m].counts_ko,
		 groups[sq.g].note_ko ? groups[sq.g].note_ko : "");
	snprintf(en, sizeof en, "%s%s", measures[sq.m].counts_en,
		 groups[sq.g].note_en ? groups[sq.g].note_en : "");
	*out = json_pack("{ss ss s{ss ss} sO sO sO}", "measure", measures[sq.m].name,
			 "group", groups[sq.g].name, "counts", "ko", ko, "en", en,
			 "rows", rows, "total", total, "others", others);
done:
	sqlite_cached_release(ss, st);
	buf_free(&q);
	free(sorted);
	json_decref(rows);
	json_decref(by_key);
	json_decref(total);
	json_decref(others);
	return status;
}
