/* sqlite_listings.c: pages across records for programme-scale views:
 * missions with their figures, follow-ups across agreements, an
 * organisation's agreements and events.
 *
 * Each page is one keyset query (ORDER BY an indexed expression and the
 * id, WHERE (expr, id) beyond the cursor, LIMIT), with the names of the
 * records a row refers to joined in, then at most a few queries over the
 * page's own ids (json_each of their list) for its counts and values.
 * So a page costs the same however many records the database holds.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/moment.h"
#include "domain/money.h"
#include "store/sqlite_http.h"
#include "util/buf.h"

#define LIST_SQL_MAX 8192
#define LIST_LIMIT_DEFAULT 50

#define OWN_AGREEMENTS \
	"(SELECT agreement_id FROM agreement_party WHERE organisation_id = :org)"
#define OWN_EVENTS \
	"(SELECT event_id FROM participant WHERE organisation_id = :org)"

/* A page being built: its arguments, query and cursor. */
struct page {
	int limit;
	const char *sort;          /* SQL expression sorted by */
	const char *id;            /* SQL expression of the tie-breaking id */
	bool descending;
	json_t *cursor_value;      /* NULL: first page */
	int64_t cursor_id;
	struct buf q;
};

static bool digits(const char *s)
{
	if (*s == '\0' || strlen(s) > 18)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* Checks that every argument is one of allowed (NULL-terminated) or
 * limit, cursor, sort; reads limit and cursor. */
static int page_begin(struct page *pg, const struct store_args *a,
		      const char *where, const char *const *allowed,
		      struct error *err)
{
	const char *limit = store_arg(a, "limit"), *cursor = store_arg(a, "cursor");

	for (size_t i = 0; i < a->n; i++) {
		bool known = strcmp(a->name[i], "limit") == 0 ||
			strcmp(a->name[i], "cursor") == 0 ||
			strcmp(a->name[i], "sort") == 0;

		for (const char *const *k = allowed; !known && *k; k++)
			known = strcmp(a->name[i], *k) == 0;
		if (!known)
			return error_set(err, ERROR_USAGE, "%s: not a parameter of %s",
					 a->name[i], where);
	}
	pg->limit = LIST_LIMIT_DEFAULT;
	if (limit && (!digits(limit) || (pg->limit = (int)strtol(limit, NULL, 10)) < 1 ||
		      pg->limit > STORE_PAGE_MAX))
		return error_set(err, ERROR_USAGE, "limit: expected 1 to %d", STORE_PAGE_MAX);
	if (cursor && sqlite_cursor_decode(cursor, &pg->cursor_value,
					   &pg->cursor_id, err))
		return ERROR_USAGE;
	buf_init(&pg->q, LIST_SQL_MAX);
	return 0;
}

/* The sort named by ?sort= among names (NULL-terminated) with their SQL
 * expressions; def when absent. */
static int page_sort(struct page *pg, const struct store_args *a,
		     const char *const *names, const char *const *exprs,
		     const char *def, struct error *err)
{
	const char *s = store_arg(a, "sort");

	if (s == NULL)
		s = def;
	pg->descending = s[0] == '-';
	s += pg->descending;
	for (int i = 0; names[i]; i++)
		if (strcmp(names[i], s) == 0) {
			pg->sort = exprs[i];
			return 0;
		}
	return error_set(err, ERROR_USAGE, "sort: \"%s\" is not a sort of this listing", s);
}

/* " AND" keyset condition, " ORDER BY" and " LIMIT"; NULL sort values
 * come first ascending, last descending, as SQLite orders them. */
static void page_finish_sql(struct page *pg)
{
	const char *e = pg->sort, *id = pg->id;

	if (pg->cursor_value && json_is_null(pg->cursor_value))
		buf_printf(&pg->q, pg->descending ? " AND (%s IS NULL AND %s < :cid)" :
			   " AND (%s IS NOT NULL OR %s > :cid)", e, id);
	else if (pg->cursor_value)
		buf_printf(&pg->q, pg->descending ?
			   " AND ((%s, %s) < (:cv, :cid) OR %s IS NULL)" :
			   " AND (%s, %s) > (:cv, :cid)", e, id, e);
	buf_printf(&pg->q, " ORDER BY %s %s, %s %s LIMIT :limit", e,
		   pg->descending ? "DESC" : "ASC", id, pg->descending ? "DESC" : "ASC");
}

/* Wraps the page's query (which selects the ids of its rows only) in
 * outer, a SELECT ... FROM (%s) pg JOIN ... that reads the rows' columns
 * for the page alone, in the page's order: an organisation's history can
 * be thousands of records, and only the page's need their names. */
static void page_wrap(struct page *pg, const char *outer)
{
	struct buf q;

	buf_init(&q, LIST_SQL_MAX);
	buf_printf(&q, outer, buf_str(&pg->q));
	buf_printf(&q, " ORDER BY %s %s, %s %s", pg->sort,
		   pg->descending ? "DESC" : "ASC", pg->id,
		   pg->descending ? "DESC" : "ASC");
	buf_free(&pg->q);
	pg->q = q;
}

static void bind_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

static void bind_text(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
}

/* :year and :year_next, the bounds of a year's days as text. */
static void bind_year(sqlite3_stmt *st, const char *year)
{
	char next[8];

	bind_text(st, ":year", year);
	snprintf(next, sizeof next, "%04ld", (strtol(year, NULL, 10) + 1) % 10000);
	bind_text(st, ":year_next", next);
}

static void page_bind(struct page *pg, sqlite3_stmt *st)
{
	bind_int(st, ":limit", pg->limit + 1);
	if (pg->cursor_value == NULL)
		return;
	if (json_is_integer(pg->cursor_value))
		bind_int(st, ":cv", json_integer_value(pg->cursor_value));
	else if (json_is_string(pg->cursor_value))
		bind_text(st, ":cv", json_string_value(pg->cursor_value));
	bind_int(st, ":cid", pg->cursor_id);
}

static void page_free(struct page *pg)
{
	json_decref(pg->cursor_value);
	buf_free(&pg->q);
}

static json_t *col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? json_string((const char *)s) : json_null();
}

static json_t *col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null() :
		json_integer(sqlite3_column_int64(st, i));
}

static json_t *text2(sqlite3_stmt *st, int i)
{
	return json_pack("{so so}", "ko", col_str(st, i), "en", col_str(st, i + 1));
}

/* {"id", key_name: key, text_name: {"ko", "en"}} from columns i (id),
 * i + 1 (key), i + 2 and i + 3 (the text); null when the id is. */
static json_t *ref_json(sqlite3_stmt *st, int i, const char *key_name,
			const char *text_name)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	return json_pack("{sI so so}", "id", (json_int_t)sqlite3_column_int64(st, i),
			 key_name, col_str(st, i + 1), text_name, text2(st, i + 2));
}

/* Runs the page's query, makes each row with fn, and returns
 * {"items", "next_cursor"}; the statement's last column is the sort
 * value and id_col the row's id for the cursor. */
static int page_run(struct sqlite_store *ss, struct page *pg, sqlite3_stmt *st,
		    int id_col, json_t *(*fn)(sqlite3_stmt *st), json_t **out,
		    struct error *err)
{
	json_t *items = json_array();
	char *next = NULL;
	int n = 0, rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == pg->limit)
			break;
		json_array_append_new(items, fn(st));
		if (++n == pg->limit)
			next = sqlite_cursor_encode(st, sqlite3_column_count(st) - 1, id_col);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(items);
		free(next);
		return sqlite_fail(ss->db, err, "list");
	}
	if (rc == SQLITE_DONE) {
		free(next);
		next = NULL;
	}
	*out = json_pack("{so so}", "items", items, "next_cursor",
			 next ? json_string(next) : json_null());
	free(next);
	return 0;
}

/* The ids of a page's items as a JSON array text, for json_each(:ids). */
static char *page_ids(json_t *page, const char *member)
{
	json_t *ids = json_array(), *item;
	size_t i;
	char *text;

	json_array_foreach(json_object_get(page, "items"), i, item)
		json_array_append(ids, json_object_get(item, member));
	text = json_dumps(ids, JSON_COMPACT);
	json_decref(ids);
	return text;
}

/* The item of a page whose member equals id. */
static json_t *page_item(json_t *page, const char *member, int64_t id)
{
	json_t *item;
	size_t i;

	json_array_foreach(json_object_get(page, "items"), i, item)
		if (json_integer_value(json_object_get(item, member)) == id)
			return item;
	return NULL;
}

/* For each row of sql (bound :ids, and :org for a company) whose first
 * column is an item's id, calls fn with the item. */
static int page_each(struct sqlite_store *ss, json_t *page, const char *member,
		     const char *sql, const struct store_actor *who,
		     void (*fn)(json_t *item, sqlite3_stmt *st), struct error *err)
{
	sqlite3_stmt *st = NULL;
	char *ids = page_ids(page, member);
	int rc, status = 0;

	if (ids == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (sqlite_cached_prepare(ss, sql, &st, err)) {
		free(ids);
		return err ? (int)err->code : ERROR_STORE;
	}
	bind_text(st, ":ids", ids);
	if (who)
		bind_int(st, ":org", who->company_org);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *item = page_item(page, member, sqlite3_column_int64(st, 0));

		if (item)
			fn(item, st);
	}
	if (rc != SQLITE_DONE)
		status = sqlite_fail(ss->db, err, "list");
	sqlite_cached_release(ss, st);
	free(ids);
	return status;
}

static bool company(const struct store_actor *who)
{
	return who != NULL && who->company_org != 0;
}

/* --- missions with their figures --- */

static json_t *summary_row(sqlite3_stmt *st)
{
	return json_pack("{sI so so so so so so sI sI so so}",
			 "id", (json_int_t)sqlite3_column_int64(st, 0),
			 "slug", col_str(st, 1), "title", text2(st, 2),
			 "home_organisation_id", col_int(st, 4),
			 "home_organisation", ref_json(st, 4, "key", "name"),
			 "first_day", col_str(st, 8), "last_day", col_str(st, 9),
			 "events", (json_int_t)0,
			 "agreements", (json_int_t)sqlite3_column_int64(st, 10),
			 "values", json_array(), "countries", json_array());
}

static void summary_events(json_t *item, sqlite3_stmt *st)
{
	json_object_set_new(item, "events", json_integer(sqlite3_column_int64(st, 1)));
}

static void summary_agreements(json_t *item, sqlite3_stmt *st)
{
	json_object_set_new(item, "agreements", json_integer(sqlite3_column_int64(st, 1)));
}

static void summary_country(json_t *item, sqlite3_stmt *st)
{
	json_array_append_new(json_object_get(item, "countries"), col_str(st, 1));
}

static void summary_value(json_t *item, sqlite3_stmt *st)
{
	json_array_append_new(json_object_get(item, "values"),
			      sqlite_value_json((const char *)sqlite3_column_text(st, 1),
					 sqlite3_column_int64(st, 2)));
}

/* Filters of the mission summary. */
static int mission_filters(struct buf *q, const struct store_args *a,
			   struct error *err)
{
	const char *year = store_arg(a, "year"), *province = store_arg(a, "province");
	const char *sector = store_arg(a, "sector"), *country = store_arg(a, "country");
	const char *text = store_arg(a, "q");

	if (year) {
		if (strlen(year) != 4 || !digits(year))
			return error_set(err, ERROR_USAGE, "year: \"%s\" is not a year (YYYY)", year);
		buf_puts(q, " AND m.first_day >= :year AND m.first_day < :year_next");
	}
	if (province) {
		if (!digits(province))
			return error_set(err, ERROR_USAGE, "province: \"%s\" is not a record id", province);
		buf_puts(q, " AND m.home_organisation_id = :province");
	}
	if (country) {
		if (!country_valid(country))
			return error_set(err, ERROR_USAGE, "country: \"%s\" is not an ISO 3166 code", country);
		buf_puts(q, " AND EXISTS (SELECT 1 FROM stop s WHERE s.mission_id = m.id"
			 " AND s.home = 0 AND s.country = :country)");
	}
	if (sector) {
		if (enum_parse(&enum_sector, sector) < 0)
			return error_set(err, ERROR_USAGE, "sector: \"%s\" is not a sector code", sector);
		buf_puts(q, " AND (m.sectors >> :sector) & 1");
	}
	if (text) {
		if (text[0] == '\0' || strlen(text) > 200)
			return error_set(err, ERROR_USAGE, "q: give 1 to 200 bytes of text to look for");
		sqlite_search_condition(q, "m.id", 3, ":q", text);
	}
	return 0;
}

static void bind_filters(sqlite3_stmt *st, const struct store_args *a)
{
	const char *year = store_arg(a, "year"), *v;
	struct buf pattern;

	if (year)
		bind_year(st, year);
	if ((v = store_arg(a, "province")))
		bind_int(st, ":province", strtoll(v, NULL, 10));
	if ((v = store_arg(a, "country")))
		bind_text(st, ":country", v);
	if ((v = store_arg(a, "sector")))
		bind_int(st, ":sector", enum_parse(&enum_sector, v));
	if ((v = store_arg(a, "q"))) {
		buf_init(&pattern, 1024);
		sqlite_search_pattern(v, &pattern);
		bind_text(st, ":q", buf_str(&pattern));
		buf_free(&pattern);
	}
}

int sqlite_mission_summary(struct store *s, const struct store_args *a,
			   const struct store_actor *who, json_t **out,
			   struct error *err)
{
	static const char *const allowed[] = { "year", "province", "country",
					       "sector", "q", NULL };
	static const char *const sorts[] = { "start", "title", "agreements", NULL };
	static const char *const exprs[] = { "m.first_day", "m.title_ko",
					     "m.agreement_count", NULL };
	static const char *const own_exprs[] = { "m.first_day", "m.title_ko",
		"(SELECT count(*) FROM agreement WHERE mission_id = m.id AND id IN "
		OWN_AGREEMENTS ")", NULL };
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct page pg = { .id = "m.id" };
	sqlite3_stmt *st = NULL;
	json_t *page = NULL;
	int status;

	if ((status = page_begin(&pg, a, "/api/missions/summary", allowed, err)) ||
	    (status = page_sort(&pg, a, sorts, company(who) ? own_exprs : exprs,
				"-start", err)))
		goto done;
	buf_printf(&pg.q, "SELECT m.id, m.slug, m.title_ko, m.title_en,"
		   " m.home_organisation_id, o.key, o.name_ko, o.name_en,"
		   " m.first_day, m.last_day, %s, %s"
		   " FROM mission m LEFT JOIN organisation o ON o.id = m.home_organisation_id"
		   " WHERE 1 = 1", company(who) ? "0" : "m.agreement_count", pg.sort);
	if ((status = mission_filters(&pg.q, a, err)))
		goto done;
	if (company(who))
		buf_puts(&pg.q, " AND m.id IN (SELECT e.mission_id FROM event e WHERE e.id IN "
			 OWN_EVENTS ")");
	page_finish_sql(&pg);
	if (pg.q.failed) {
		status = error_set(err, ERROR_NOMEM, "query too long");
		goto done;
	}
	if ((status = sqlite_cached_prepare(ss, buf_str(&pg.q), &st, err)))
		goto done;
	page_bind(&pg, st);
	bind_filters(st, a);
	if (company(who))
		bind_int(st, ":org", who->company_org);
	if ((status = page_run(ss, &pg, st, 0, summary_row, &page, err)))
		goto done;
	sqlite_cached_release(ss, st);
	st = NULL;
	/* The page's figures: a company's count only its own records (its
	 * agreements start at 0 above, so a mission where it is party to
	 * none shows none). */
	if ((status = page_each(ss, page, "id", company(who) ?
		"SELECT mission_id, count(*) FROM event WHERE mission_id IN"
		" (SELECT value FROM json_each(:ids)) AND id IN " OWN_EVENTS
		" GROUP BY mission_id" :
		"SELECT mission_id, count(*) FROM event WHERE mission_id IN"
		" (SELECT value FROM json_each(:ids)) GROUP BY mission_id",
		who, summary_events, err)) ||
	    (company(who) && (status = page_each(ss, page, "id",
		"SELECT mission_id, count(*) FROM agreement WHERE mission_id IN"
		" (SELECT value FROM json_each(:ids)) AND id IN " OWN_AGREEMENTS
		" GROUP BY mission_id", who, summary_agreements, err))) ||
	    (status = page_each(ss, page, "id",
		"SELECT DISTINCT mission_id, country FROM stop WHERE mission_id IN"
		" (SELECT value FROM json_each(:ids)) AND home = 0 AND country IS NOT NULL"
		" ORDER BY mission_id, country", NULL, summary_country, err)) ||
	    (status = page_each(ss, page, "id", company(who) ?
		"SELECT mission_id, currency, sum(value_minor) FROM agreement"
		" WHERE mission_id IN (SELECT value FROM json_each(:ids))"
		" AND currency IS NOT NULL AND id IN " OWN_AGREEMENTS
		" GROUP BY mission_id, currency ORDER BY mission_id, currency" :
		"SELECT mission_id, currency, sum(value_minor) FROM agreement"
		" WHERE mission_id IN (SELECT value FROM json_each(:ids))"
		" AND currency IS NOT NULL"
		" GROUP BY mission_id, currency ORDER BY mission_id, currency",
		who, summary_value, err)))
		goto done;
	*out = page;
	page = NULL;
done:
	sqlite_cached_release(ss, st);
	json_decref(page);
	page_free(&pg);
	return status;
}

/* --- follow-ups across agreements --- */

/* A follow-up's id, its own for life, orders a page's ties. */
#define FOLLOWUP_KEY "f.id"

static json_t *followup_row(sqlite3_stmt *st)
{
	return json_pack("{sI sI so so so so so so}",
			 "agreement_id", (json_int_t)sqlite3_column_int64(st, 0),
			 "id", (json_int_t)sqlite3_column_int64(st, 1),
			 "description", text2(st, 2), "due_on", col_str(st, 4),
			 "done_on", col_str(st, 5),
			 "owner_person_id", col_int(st, 6),
			 "owner_person", ref_json(st, 6, "key", "name"),
			 "agreement", ref_json(st, 10, "key", "title"));
}

int sqlite_followup_list(struct store *s, const struct store_args *a,
			 const struct store_actor *who, json_t **out,
			 struct error *err)
{
	static const char *const allowed[] = { "state", "due_before", "overdue",
					       "owner", "agreement", NULL };
	static const char *const sorts[] = { "due", NULL };
	static const char *const exprs[] = { "f.due_on", NULL };
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct page pg = { .id = FOLLOWUP_KEY };
	const char *state = store_arg(a, "state"), *due = store_arg(a, "due_before");
	const char *overdue = store_arg(a, "overdue"), *owner = store_arg(a, "owner");
	const char *agreement = store_arg(a, "agreement");
	sqlite3_stmt *st = NULL;
	char today[16];
	time_t now = time(NULL);
	struct tm tm;
	int y, mo, d, status;

	if ((status = page_begin(&pg, a, "/api/followups", allowed, err)) ||
	    (status = page_sort(&pg, a, sorts, exprs, "due", err)))
		goto done;
	/* A company sees the owner only when it is one of its own people,
	 * as in the agreement's own listing of follow-ups. */
	buf_printf(&pg.q, "SELECT f.agreement_id, f.id, f.description_ko,"
		   " f.description_en, f.due_on, f.done_on, p.id,"
		   " p.key, p.name_ko, p.name_en, a.id, a.key, a.title_ko, a.title_en,"
		   " " FOLLOWUP_KEY ", %s FROM followup f JOIN agreement a ON a.id = f.agreement_id"
		   " LEFT JOIN person p ON p.id = f.owner_person_id%s WHERE 1 = 1", pg.sort,
		   company(who) ? " AND p.organisation_id = :org" : "");
	if (state && strcmp(state, "open") && strcmp(state, "done")) {
		status = error_set(err, ERROR_USAGE, "state: expected open or done");
		goto done;
	}
	if (overdue && strcmp(overdue, "true") && strcmp(overdue, "false")) {
		status = error_set(err, ERROR_USAGE, "overdue: expected true or false");
		goto done;
	}
	if (due && date_parse(due, &y, &mo, &d)) {
		status = error_set(err, ERROR_USAGE, "due_before: \"%s\" is not a date (YYYY-MM-DD)", due);
		goto done;
	}
	if ((owner && !digits(owner)) || (agreement && !digits(agreement))) {
		status = error_set(err, ERROR_USAGE, "%s: not a record id",
				   owner && !digits(owner) ? "owner" : "agreement");
		goto done;
	}
	if ((state && strcmp(state, "open") == 0) ||
	    (overdue && strcmp(overdue, "true") == 0))
		buf_puts(&pg.q, " AND f.done_on IS NULL");
	if (state && strcmp(state, "done") == 0)
		buf_puts(&pg.q, " AND f.done_on IS NOT NULL");
	if (overdue && strcmp(overdue, "true") == 0)
		buf_puts(&pg.q, " AND f.due_on < :today");
	if (due)
		buf_puts(&pg.q, " AND f.due_on < :due");
	if (owner)
		buf_puts(&pg.q, " AND f.owner_person_id = :owner");
	if (agreement)
		buf_puts(&pg.q, " AND f.agreement_id = :agreement");
	if (company(who))
		buf_puts(&pg.q, " AND f.agreement_id IN " OWN_AGREEMENTS);
	page_finish_sql(&pg);
	if ((status = sqlite_cached_prepare(ss, buf_str(&pg.q), &st, err)))
		goto done;
	page_bind(&pg, st);
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	bind_text(st, ":today", today);
	if (due)
		bind_text(st, ":due", due);
	if (owner)
		bind_int(st, ":owner", strtoll(owner, NULL, 10));
	if (agreement)
		bind_int(st, ":agreement", strtoll(agreement, NULL, 10));
	if (company(who))
		bind_int(st, ":org", who->company_org);
	status = page_run(ss, &pg, st, 14, followup_row, out, err);
done:
	sqlite_cached_release(ss, st);
	page_free(&pg);
	return status;
}

/* --- an organisation's agreements and events --- */

/* Whether org exists and who may see it (a company: only its own). */
static int org_visible(struct sqlite_store *ss, int64_t org,
		       const struct store_actor *who, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (company(who) && org != who->company_org)
		return error_set(err, ERROR_NOT_FOUND, "no organisation %" PRId64, org);
	if (sqlite_cached_prepare(ss, "SELECT 1 FROM organisation WHERE id = ?1", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_int64(st, 1, org);
	rc = sqlite3_step(st);
	sqlite_cached_release(ss, st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc == SQLITE_DONE)
		return error_set(err, ERROR_NOT_FOUND, "no organisation %" PRId64, org);
	return sqlite_fail(ss->db, err, "organisation");
}

static json_t *org_agreement_row(sqlite3_stmt *st)
{
	json_t *o = json_pack("{sI so so so so so so so so so so so so so}",
		"id", (json_int_t)sqlite3_column_int64(st, 0), "key", col_str(st, 1),
		"kind", col_str(st, 2), "title", text2(st, 3),
		"signed_on", col_str(st, 5), "status", col_str(st, 6),
		"value_minor", col_int(st, 7), "currency", col_str(st, 8),
		"role", col_str(st, 9), "mission_id", col_int(st, 10),
		"mission", ref_json(st, 10, "slug", "title"),
		"series_id", col_int(st, 14),
		"series", ref_json(st, 14, "key", "name"),
		"parties", json_array());

	return o;
}

static void org_agreement_party(json_t *item, sqlite3_stmt *st)
{
	json_array_append_new(json_object_get(item, "parties"), json_pack(
		"{so so so}", "organisation_id", col_int(st, 1),
		"organisation", ref_json(st, 1, "key", "name"),
		"role", col_str(st, 5)));
}

int sqlite_org_agreements(struct store *s, int64_t org,
			  const struct store_args *a,
			  const struct store_actor *who, json_t **out,
			  struct error *err)
{
	static const char *const allowed[] = { "status", "kind", NULL };
	static const char *const sorts[] = { "signed_on", NULL };
	static const char *const exprs[] = { "a.signed_on", NULL };
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct page pg = { .id = "a.id" };
	const char *status_arg = store_arg(a, "status"), *kind = store_arg(a, "kind");
	sqlite3_stmt *st = NULL;
	json_t *page = NULL;
	int status;

	if ((status = page_begin(&pg, a, "/api/organisations/{id}/agreements",
				 allowed, err)) ||
	    (status = page_sort(&pg, a, sorts, exprs, "-signed_on", err)) ||
	    (status = org_visible(ss, org, who, err)))
		goto done;
	if (status_arg && enum_parse(&enum_agreement_status, status_arg) < 0) {
		status = error_set(err, ERROR_USAGE, "status: \"%s\" is not an agreement status",
				   status_arg);
		goto done;
	}
	if (kind && enum_parse(&enum_agreement_kind, kind) < 0) {
		status = error_set(err, ERROR_USAGE, "kind: \"%s\" is not an agreement kind", kind);
		goto done;
	}
	buf_puts(&pg.q, "SELECT a.id FROM agreement a"
		 " WHERE a.id IN (SELECT agreement_id FROM agreement_party"
		 "  WHERE organisation_id = :owner)");
	if (status_arg)
		buf_puts(&pg.q, " AND a.status = :status");
	if (kind)
		buf_puts(&pg.q, " AND a.kind = :kind");
	page_finish_sql(&pg);
	/* One row per agreement, with the organisation's first role in it. */
	page_wrap(&pg, "SELECT a.id, a.key, a.kind, a.title_ko, a.title_en,"
		  " a.signed_on, a.status, a.value_minor, a.currency,"
		  " (SELECT role FROM agreement_party WHERE agreement_id = a.id"
		  "  AND organisation_id = :owner ORDER BY position LIMIT 1),"
		  " a.mission_id, m.slug, m.title_ko, m.title_en,"
		  " a.series_id, sr.key, sr.name_ko, sr.name_en, a.signed_on"
		  " FROM (%s) pg JOIN agreement a ON a.id = pg.id"
		  " LEFT JOIN mission m ON m.id = a.mission_id"
		  " LEFT JOIN series sr ON sr.id = a.series_id");
	if ((status = sqlite_cached_prepare(ss, buf_str(&pg.q), &st, err)))
		goto done;
	page_bind(&pg, st);
	bind_int(st, ":owner", org);
	if (status_arg)
		bind_text(st, ":status", status_arg);
	if (kind)
		bind_text(st, ":kind", kind);
	if ((status = page_run(ss, &pg, st, 0, org_agreement_row, &page, err)))
		goto done;
	sqlite_cached_release(ss, st);
	st = NULL;
	/* Every party, this organisation included, in their order. */
	if ((status = page_each(ss, page, "id",
		"SELECT p.agreement_id, p.organisation_id, o.key, o.name_ko, o.name_en,"
		" p.role FROM agreement_party p JOIN organisation o ON o.id = p.organisation_id"
		" WHERE p.agreement_id IN (SELECT value FROM json_each(:ids))"
		" ORDER BY p.agreement_id, p.position", NULL, org_agreement_party, err)))
		goto done;
	*out = page;
	page = NULL;
done:
	sqlite_cached_release(ss, st);
	json_decref(page);
	page_free(&pg);
	return status;
}

static json_t *org_event_row(sqlite3_stmt *st)
{
	return json_pack("{sI so so so sI so so so so so}",
		"id", (json_int_t)sqlite3_column_int64(st, 0), "key", col_str(st, 1),
		"kind", col_str(st, 2), "title", text2(st, 3),
		"start_utc", (json_int_t)sqlite3_column_int64(st, 5),
		"zone", col_str(st, 6), "local_day", col_str(st, 7),
		"role", col_str(st, 8), "mission_id", col_int(st, 9),
		"mission", ref_json(st, 9, "slug", "title"));
}

int sqlite_org_events(struct store *s, int64_t org, const struct store_args *a,
		      const struct store_actor *who, json_t **out,
		      struct error *err)
{
	static const char *const allowed[] = { "kind", "year", NULL };
	static const char *const sorts[] = { "start_utc", NULL };
	static const char *const exprs[] = { "e.start_utc", NULL };
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct page pg = { .id = "e.id" };
	const char *kind = store_arg(a, "kind"), *year = store_arg(a, "year");
	sqlite3_stmt *st = NULL;
	int status;

	if ((status = page_begin(&pg, a, "/api/organisations/{id}/events",
				 allowed, err)) ||
	    (status = page_sort(&pg, a, sorts, exprs, "-start_utc", err)) ||
	    (status = org_visible(ss, org, who, err)))
		goto done;
	if (kind && enum_parse(&enum_event_kind, kind) < 0) {
		status = error_set(err, ERROR_USAGE, "kind: \"%s\" is not an event kind", kind);
		goto done;
	}
	if (year && (strlen(year) != 4 || !digits(year))) {
		status = error_set(err, ERROR_USAGE, "year: \"%s\" is not a year (YYYY)", year);
		goto done;
	}
	buf_puts(&pg.q, "SELECT e.id FROM event e"
		 " WHERE e.id IN (SELECT event_id FROM participant"
		 "  WHERE organisation_id = :owner)");
	if (kind)
		buf_puts(&pg.q, " AND e.kind = :kind");
	if (year)
		buf_puts(&pg.q, " AND e.local_day >= :year AND e.local_day < :year_next");
	page_finish_sql(&pg);
	page_wrap(&pg, "SELECT e.id, e.key, e.kind, e.title_ko, e.title_en,"
		  " e.start_utc, e.zone, e.local_day,"
		  " (SELECT role FROM participant WHERE event_id = e.id"
		  "  AND organisation_id = :owner ORDER BY position LIMIT 1),"
		  " e.mission_id, m.slug, m.title_ko, m.title_en, e.start_utc"
		  " FROM (%s) pg JOIN event e ON e.id = pg.id"
		  " JOIN mission m ON m.id = e.mission_id");
	if ((status = sqlite_cached_prepare(ss, buf_str(&pg.q), &st, err)))
		goto done;
	page_bind(&pg, st);
	bind_int(st, ":owner", org);
	if (kind)
		bind_text(st, ":kind", kind);
	if (year)
		bind_year(st, year);
	status = page_run(ss, &pg, st, 0, org_event_row, out, err);
done:
	sqlite_cached_release(ss, st);
	page_free(&pg);
	return status;
}
