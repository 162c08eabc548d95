/* sqlite_b2b.c: an event's B2B records in and out (b2b.h): what the
 * scheduler and the matchmaking read, the meetings a schedule stores, and
 * the agenda.
 */
#include <inttypes.h>
#include <string.h>

#include "b2b/b2b.h"
#include "domain/moment.h"
#include "store/sqlite_http.h"
#include "util/arena.h"

/* Grows *arr (of *n items of size each, capacity *cap) by one slot. */
static void *grow(struct arena *a, void **arr, size_t *n, size_t *cap,
		  size_t size)
{
	if (*n == *cap) {
		size_t ncap = *cap ? *cap * 2 : 16;
		void *bigger = arena_array(a, ncap, size);

		if (bigger == NULL)
			return NULL;
		if (*n)
			memcpy(bigger, *arr, *n * size);
		*arr = bigger;
		*cap = ncap;
	}
	return (char *)*arr + (*n)++ * size;
}

static const char *col_str(struct arena *a, sqlite3_stmt *st, int i)
{
	return arena_strdup(a, (const char *)sqlite3_column_text(st, i));
}

/* Runs sql with the event id bound to ?1 and calls row() per result. */
static int each_row(sqlite3 *db, const char *sql, int64_t event,
		    int (*row)(sqlite3_stmt *st, void *ctx), void *ctx,
		    struct error *err)
{
	sqlite3_stmt *st;
	int rc, status = 0;

	if (sqlite_prepare(db, sql, &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_int64(st, 1, event);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((status = row(st, ctx)) != 0)
			break;
	if (status == 0 && rc != SQLITE_DONE)
		status = sqlite_fail(db, err, "b2b");
	sqlite3_finalize(st);
	if (status == ERROR_NOMEM)
		error_set(err, ERROR_NOMEM, "out of memory");
	return status;
}

struct load {
	struct arena *a;
	struct b2b_event *ev;
	size_t cap_slots, cap_parties, cap_meetings;
	bool found;
};

static int found_row(sqlite3_stmt *st, void *ctx)
{
	(void)st;
	*(bool *)ctx = true;
	return 0;
}

static int event_row(sqlite3_stmt *st, void *ctx)
{
	struct load *l = ctx;

	l->found = true;
	l->ev->zone = col_str(l->a, st, 0);
	l->ev->travel_minutes = sqlite3_column_int(st, 1);
	return l->ev->zone ? 0 : ERROR_NOMEM;
}

static int slot_row(sqlite3_stmt *st, void *ctx)
{
	struct load *l = ctx;
	struct b2b_slot *s = grow(l->a, (void **)&l->ev->slots, &l->ev->n_slots,
				  &l->cap_slots, sizeof *s);

	if (s == NULL)
		return ERROR_NOMEM;
	*s = (struct b2b_slot){
		.id = sqlite3_column_int64(st, 0),
		.start = sqlite3_column_int64(st, 1),
		.end = sqlite3_column_int64(st, 2),
		.venue = sqlite3_column_int64(st, 3),
		.tables = sqlite3_column_int(st, 4),
	};
	return 0;
}

static int party_row(sqlite3_stmt *st, void *ctx)
{
	struct load *l = ctx;
	struct b2b_party *p = grow(l->a, (void **)&l->ev->parties,
				   &l->ev->n_parties, &l->cap_parties,
				   sizeof *p);

	if (p == NULL)
		return ERROR_NOMEM;
	*p = (struct b2b_party){
		.org = sqlite3_column_int64(st, 0),
		.max_meetings = sqlite3_column_type(st, 1) == SQLITE_NULL ? -1 :
			sqlite3_column_int(st, 1),
		.from = sqlite3_column_int64(st, 2),
		.until = sqlite3_column_int64(st, 3),
	};
	return 0;
}

/* Requests go to the event (scheduling) or the candidates (matchmaking):
 * the same rows into either list. */
struct request_list {
	struct arena *a;
	struct b2b_request **items;
	size_t *n, cap;
};

static int request_row(sqlite3_stmt *st, void *ctx)
{
	struct request_list *l = ctx;
	struct b2b_request *r = grow(l->a, (void **)l->items, l->n, &l->cap,
				     sizeof *r);

	if (r == NULL)
		return ERROR_NOMEM;
	*r = (struct b2b_request){
		.from = sqlite3_column_int64(st, 0),
		.to = sqlite3_column_int64(st, 1),
		.weight = sqlite3_column_int(st, 2),
	};
	return 0;
}

static int meeting_row(sqlite3_stmt *st, void *ctx)
{
	struct load *l = ctx;
	struct b2b_meeting *m = grow(l->a, (void **)&l->ev->meetings,
				     &l->ev->n_meetings, &l->cap_meetings,
				     sizeof *m);

	if (m == NULL)
		return ERROR_NOMEM;
	*m = (struct b2b_meeting){
		.slot = sqlite3_column_int64(st, 0),
		.table = sqlite3_column_int(st, 1),
		.a = sqlite3_column_int64(st, 2),
		.b = sqlite3_column_int64(st, 3),
		.confirmed = sqlite3_column_int(st, 4) != 0,
	};
	return 0;
}

/* The state of an event's slots, participants, requests and confirmed
 * meetings (and the event itself): the largest version among them and
 * how many there are.  Versions come from one counter that never repeats
 * (sqlite_schema.c), so an insert or an update raises the largest, and a
 * delete alone lowers the count: the pair cannot come back to an earlier
 * value unless the rows are the same rows at the same versions.  Packed
 * into one number, the count below B2B_STAMP_COUNT_BITS bits. */
#define B2B_STAMP_COUNT_BITS "24"
static const char sql_stamp[] =
	"SELECT (max(v) << " B2B_STAMP_COUNT_BITS ") + (sum(c) & ((1 << "
	B2B_STAMP_COUNT_BITS ") - 1)) FROM ("
	"  SELECT max(version) AS v, count(*) AS c FROM meeting_slot"
	"  WHERE event_id = ?1"
	"  UNION ALL SELECT max(version), count(*) FROM participant"
	"  WHERE event_id = ?1"
	"  UNION ALL SELECT max(version), count(*) FROM meeting_request"
	"  WHERE event_id = ?1"
	"  UNION ALL SELECT max(version), count(*) FROM meeting"
	"  WHERE event_id = ?1 AND confirmed = 1"
	"  UNION ALL SELECT version, 0 FROM event WHERE id = ?1)";

static int stamp_row(sqlite3_stmt *st, void *ctx)
{
	*(int64_t *)ctx = sqlite3_column_int64(st, 0);
	return 0;
}

static const char sql_requests[] =
	"SELECT from_organisation_id, to_organisation_id, weight"
	" FROM meeting_request WHERE event_id = ?1 ORDER BY id";

/* Reads inside one transaction, so the parts agree with each other. */
int sqlite_b2b_load(struct store *s, int64_t event, struct arena *a,
		    struct b2b_event *out, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	struct load l = { .a = a, .ev = out };
	struct request_list rl = { a, &out->requests, &out->n_requests, 0 };
	int status;

	memset(out, 0, sizeof *out);
	out->id = event;
	if ((status = sqlite_exec(db, "BEGIN", err)) != 0)
		return status;
	if ((status = each_row(db, "SELECT zone, meeting_travel_minutes FROM event"
			       " WHERE id = ?1", event, event_row, &l, err)) != 0)
		goto done;
	if (!l.found) {
		status = error_set(err, ERROR_NOT_FOUND, "no event %" PRId64, event);
		goto done;
	}
	/* A slot at the event's own venue is at the same place as one that
	 * names no venue. */
	if ((status = each_row(db, "SELECT s.id, s.start_utc, s.end_utc,"
			       " CASE WHEN s.venue_id IS NULL OR s.venue_id ="
			       " e.venue_id THEN 0 ELSE s.venue_id END, s.tables"
			       " FROM meeting_slot s JOIN event e ON e.id = s.event_id"
			       " WHERE s.event_id = ?1 ORDER BY s.start_utc, s.id",
			       event, slot_row, &l, err)) != 0 ||
	    (status = each_row(db, "SELECT organisation_id, min(max_meetings),"
			       " min(available_from_utc), max(available_until_utc)"
			       " FROM participant WHERE event_id = ?1 AND"
			       " organisation_id IS NOT NULL GROUP BY organisation_id"
			       " ORDER BY organisation_id", event, party_row, &l,
			       err)) != 0 ||
	    (status = each_row(db, sql_requests, event, request_row, &rl,
			       err)) != 0 ||
	    (status = each_row(db, "SELECT slot_id, table_no, a_organisation_id,"
			       " b_organisation_id, confirmed FROM meeting"
			       " WHERE event_id = ?1 ORDER BY id", event,
			       meeting_row, &l, err)) != 0 ||
	    (status = each_row(db, sql_stamp, event, stamp_row, &out->stamp,
			       err)) != 0)
		goto done;
done:
	sqlite_exec(db, "COMMIT", NULL);
	if (status == 0 && arena_failed(a))   /* an optional text left NULL */
		status = error_set(err, ERROR_NOMEM, "out of memory");
	return status;
}

int sqlite_b2b_save(struct store *s, int64_t event, int64_t stamp,
		    const struct b2b_meeting *m, size_t n, const char *summary,
		    const struct store_actor *who, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st = NULL;
	int64_t now = 0;
	int status;

	if ((status = sqlite_begin(db, err)) != 0)
		return status;
	if ((status = each_row(db, sql_stamp, event, stamp_row, &now, err)) != 0)
		goto fail;
	if (now != stamp) {
		status = error_set(err, ERROR_CONFLICT, "event %" PRId64 " changed "
				   "while it was being scheduled; run the schedule again",
				   event);
		goto fail;
	}
	if (sqlite_prepare(db, "DELETE FROM meeting WHERE event_id = ?1"
			   " AND confirmed = 0", &st, err)) {
		status = err ? (int)err->code : ERROR_STORE;
		goto fail;
	}
	sqlite3_bind_int64(st, 1, event);
	if (sqlite3_step(st) != SQLITE_DONE) {
		status = sqlite_fail(db, err, "schedule");
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite_prepare(db, "INSERT INTO meeting (event_id, slot_id, table_no,"
			   " a_organisation_id, b_organisation_id)"
			   " VALUES (?1, ?2, ?3, ?4, ?5)", &st, err)) {
		status = err ? (int)err->code : ERROR_STORE;
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		if (m[i].confirmed)
			continue;
		sqlite3_bind_int64(st, 1, event);
		sqlite3_bind_int64(st, 2, m[i].slot);
		sqlite3_bind_int(st, 3, m[i].table);
		sqlite3_bind_int64(st, 4, m[i].a);
		sqlite3_bind_int64(st, 5, m[i].b);
		if (sqlite3_step(st) != SQLITE_DONE) {
			status = sqlite_fail(db, err, "schedule");
			goto fail;
		}
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((status = sqlite_audit_add(db, who, "schedule", "event", event, 0,
				       summary, err)) != 0)
		goto fail;
	return sqlite_commit(db, err);
fail:
	sqlite3_finalize(st);
	sqlite_rollback(db);
	return status;
}

struct cand {
	struct arena *a;
	struct b2b_candidates *c;
	size_t cap_orgs, cap_ties, cap_markets;
	size_t *n_hs;            /* per org, while products are read */
	size_t cursor;
};

static int org_row(sqlite3_stmt *st, void *ctx)
{
	struct cand *k = ctx;
	struct b2b_org *o = grow(k->a, (void **)&k->c->orgs, &k->c->n_orgs,
				 &k->cap_orgs, sizeof *o);
	int kind;

	if (o == NULL)
		return ERROR_NOMEM;
	kind = enum_parse(&enum_org_kind, (const char *)sqlite3_column_text(st, 2));
	*o = (struct b2b_org){
		.id = sqlite3_column_int64(st, 0),
		.key = col_str(k->a, st, 1),
		.kind = kind < 0 ? ORG_COMPANY : (enum org_kind)kind,
		.name = { col_str(k->a, st, 3), col_str(k->a, st, 4) },
		.country = col_str(k->a, st, 5),
		.sectors = (uint32_t)sqlite3_column_int64(st, 6),
	};
	return o->key ? 0 : ERROR_NOMEM;
}

/* Products come ordered by organisation, like the organisations, so one
 * cursor walks both. */
static int product_row(sqlite3_stmt *st, void *ctx)
{
	struct cand *k = ctx;
	int64_t org = sqlite3_column_int64(st, 0);
	struct b2b_org *o;
	const char *code;

	while (k->cursor < k->c->n_orgs && k->c->orgs[k->cursor].id < org)
		k->cursor++;
	if (k->cursor == k->c->n_orgs || k->c->orgs[k->cursor].id != org)
		return 0;
	o = &k->c->orgs[k->cursor];
	code = col_str(k->a, st, 1);
	if (code == NULL ||
	    grow(k->a, (void **)&o->hs_codes, &o->n_hs_codes, &k->n_hs[k->cursor],
		 sizeof *o->hs_codes) == NULL)
		return ERROR_NOMEM;
	o->hs_codes[o->n_hs_codes - 1] = code;
	return 0;
}

static int tie_row(sqlite3_stmt *st, void *ctx)
{
	struct cand *k = ctx;
	struct b2b_tie *t = grow(k->a, (void **)&k->c->ties, &k->c->n_ties,
				 &k->cap_ties, sizeof *t);

	if (t == NULL)
		return ERROR_NOMEM;
	*t = (struct b2b_tie){
		.a = sqlite3_column_int64(st, 0),
		.b = sqlite3_column_int64(st, 1),
		.title = { col_str(k->a, st, 2), col_str(k->a, st, 3) },
		.signed_on = col_str(k->a, st, 4),
	};
	return t->signed_on ? 0 : ERROR_NOMEM;
}

static int market_row(sqlite3_stmt *st, void *ctx)
{
	struct cand *k = ctx;
	struct b2b_market *m = grow(k->a, (void **)&k->c->markets,
				    &k->c->n_markets, &k->cap_markets,
				    sizeof *m);

	if (m == NULL)
		return ERROR_NOMEM;
	*m = (struct b2b_market){
		.org = sqlite3_column_int64(st, 0),
		.country = col_str(k->a, st, 1),
	};
	return m->country ? 0 : ERROR_NOMEM;
}

#define EVENT_ORGS \
	"(SELECT organisation_id FROM participant WHERE event_id = ?1)"

int sqlite_b2b_candidates(struct store *s, int64_t event, struct arena *a,
			  struct b2b_candidates *out, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	struct cand k = { .a = a, .c = out };
	struct request_list rl = { a, &out->requests, &out->n_requests, 0 };
	bool found = false;
	int status;

	memset(out, 0, sizeof *out);
	if ((status = sqlite_exec(db, "BEGIN", err)) != 0)
		return status;
	if ((status = each_row(db, "SELECT 1 FROM event WHERE id = ?1", event,
			       found_row, &found, err)) != 0)
		goto done;
	if (!found) {
		status = error_set(err, ERROR_NOT_FOUND, "no event %" PRId64, event);
		goto done;
	}
	if ((status = each_row(db, "SELECT id, key, kind, name_ko, name_en,"
			       " country, sectors FROM organisation WHERE id IN "
			       EVENT_ORGS " ORDER BY id", event, org_row, &k,
			       err)) != 0)
		goto done;
	k.n_hs = arena_array(a, out->n_orgs + 1, sizeof *k.n_hs);
	if (k.n_hs == NULL) {
		status = error_set(err, ERROR_NOMEM, "out of memory");
		goto done;
	}
	if ((status = each_row(db, "SELECT organisation_id, hs_code FROM product"
			       " WHERE hs_code IS NOT NULL AND organisation_id IN "
			       EVENT_ORGS " ORDER BY organisation_id, position",
			       event, product_row, &k, err)) != 0 ||
	    (status = each_row(db, "SELECT p.organisation_id, q.organisation_id,"
			       " a.title_ko, a.title_en, a.signed_on"
			       " FROM agreement_party p"
			       " JOIN agreement_party q ON q.agreement_id ="
			       " p.agreement_id AND q.organisation_id > p.organisation_id"
			       " JOIN agreement a ON a.id = p.agreement_id"
			       " WHERE p.organisation_id IN " EVENT_ORGS
			       " AND q.organisation_id IN " EVENT_ORGS
			       " ORDER BY a.signed_on DESC, a.id", event, tie_row,
			       &k, err)) != 0 ||
	    (status = each_row(db, "SELECT DISTINCT p.organisation_id, o.country"
			       " FROM agreement_party p"
			       " JOIN agreement_party q ON q.agreement_id ="
			       " p.agreement_id AND q.organisation_id <> p.organisation_id"
			       " JOIN organisation o ON o.id = q.organisation_id"
			       " WHERE p.organisation_id IN " EVENT_ORGS
			       " AND o.country IS NOT NULL ORDER BY 1, 2", event,
			       market_row, &k, err)) != 0 ||
	    (status = each_row(db, sql_requests, event, request_row, &rl,
			       err)) != 0)
		goto done;
done:
	sqlite_exec(db, "COMMIT", NULL);
	if (status == 0 && arena_failed(a))   /* an optional text left NULL */
		status = error_set(err, ERROR_NOMEM, "out of memory");
	return status;
}

static json_t *org_json(sqlite3_stmt *st, int i)
{
	return json_pack("{sI ss s{ss? ss?}}",
			 "id", (json_int_t)sqlite3_column_int64(st, i),
			 "key", (const char *)sqlite3_column_text(st, i + 1),
			 "name",
			 "ko", (const char *)sqlite3_column_text(st, i + 2),
			 "en", (const char *)sqlite3_column_text(st, i + 3));
}

static json_t *instant_json(int64_t utc, const char *zone)
{
	char text[MOMENT_TEXT_MAX];

	moment_format((struct moment){ utc, MOMENT_TIME }, zone, text);
	return json_string(text);
}

int sqlite_b2b_agenda(struct store *s, int64_t event, int64_t org,
		      json_t **out, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	json_t *items = json_array();
	const char *zone = NULL, *home = NULL;
	int rc;

	*out = NULL;
	if (sqlite_prepare(db, "SELECT e.zone, mi.home_zone, m.id, m.slot_id,"
			   " m.table_no, m.confirmed, s.start_utc, s.end_utc,"
			   " v.id, v.key, v.name_ko, v.name_en,"
			   " a.id, a.key, a.name_ko, a.name_en,"
			   " b.id, b.key, b.name_ko, b.name_en"
			   " FROM event e JOIN mission mi ON mi.id = e.mission_id"
			   " LEFT JOIN meeting m ON m.event_id = e.id AND"
			   " (?2 = 0 OR ?2 IN (m.a_organisation_id, m.b_organisation_id))"
			   " LEFT JOIN meeting_slot s ON s.id = m.slot_id"
			   " LEFT JOIN venue v ON v.id = coalesce(s.venue_id, e.venue_id)"
			   " LEFT JOIN organisation a ON a.id = m.a_organisation_id"
			   " LEFT JOIN organisation b ON b.id = m.b_organisation_id"
			   " WHERE e.id = ?1 ORDER BY s.start_utc, m.table_no, m.id",
			   &st, err)) {
		json_decref(items);
		return err ? (int)err->code : ERROR_STORE;
	}
	sqlite3_bind_int64(st, 1, event);
	sqlite3_bind_int64(st, 2, org);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t start = sqlite3_column_int64(st, 6);
		int64_t end = sqlite3_column_int64(st, 7);
		json_t *item, *with;
		bool a_side;

		if (zone == NULL) {
			*out = json_pack("{sI ss ss}", "event_id", (json_int_t)event,
					 "zone", (const char *)sqlite3_column_text(st, 0),
					 "home_zone",
					 (const char *)sqlite3_column_text(st, 1));
			zone = json_string_value(json_object_get(*out, "zone"));
			home = json_string_value(json_object_get(*out, "home_zone"));
		}
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		item = json_pack("{sI sI sI sb sI sI so so so}",
				 "id", (json_int_t)sqlite3_column_int64(st, 2),
				 "slot_id", (json_int_t)sqlite3_column_int64(st, 3),
				 "table_no", (json_int_t)sqlite3_column_int64(st, 4),
				 "confirmed", sqlite3_column_int(st, 5) != 0,
				 "start_utc", (json_int_t)start,
				 "end_utc", (json_int_t)end,
				 "start_local", instant_json(start, zone),
				 "end_local", instant_json(end, zone),
				 "start_home", instant_json(start, home));
		json_object_set_new(item, "venue", sqlite3_column_type(st, 8) ==
				    SQLITE_NULL ? json_null() : org_json(st, 8));
		a_side = org == 0 || sqlite3_column_int64(st, 12) == org;
		json_object_set_new(item, "a", org_json(st, 12));
		json_object_set_new(item, "b", org_json(st, 16));
		if (org != 0) {
			with = json_deep_copy(json_object_get(item, a_side ? "b" : "a"));
			json_object_set_new(item, "with", with);
		}
		json_array_append_new(items, item);
	}
	if (rc != SQLITE_DONE) {
		sqlite_fail(db, err, "agenda");
		sqlite3_finalize(st);
		json_decref(items);
		json_decref(*out);
		*out = NULL;
		return err ? (int)err->code : ERROR_STORE;
	}
	sqlite3_finalize(st);
	if (*out == NULL) {
		json_decref(items);
		return error_set(err, ERROR_NOT_FOUND, "no event %" PRId64, event);
	}
	json_object_set_new(*out, "items", items);
	return 0;
}

struct mission_agenda {
	struct arena *a;
	struct b2b_agenda_item *items;
	size_t n, cap;
};

static int agenda_row(sqlite3_stmt *st, void *ctx)
{
	struct mission_agenda *g = ctx;
	struct arena *a = g->a;
	struct b2b_agenda_item *m = grow(a, (void **)&g->items, &g->n, &g->cap,
					 sizeof *m);

	if (m == NULL)
		return ERROR_NOMEM;
	*m = (struct b2b_agenda_item){
		.id = sqlite3_column_int64(st, 0),
		.zone = col_str(a, st, 1),
		.start = sqlite3_column_int64(st, 2),
		.end = sqlite3_column_int64(st, 3),
		.table = sqlite3_column_int(st, 4),
		.confirmed = sqlite3_column_int(st, 5) != 0,
		.a_key = col_str(a, st, 6),
		.a_name = { col_str(a, st, 7), col_str(a, st, 8) },
		.b_key = col_str(a, st, 9),
		.b_name = { col_str(a, st, 10), col_str(a, st, 11) },
		.event_title = { col_str(a, st, 12), col_str(a, st, 13) },
		.venue = { col_str(a, st, 14), col_str(a, st, 15) },
	};
	return m->zone && m->a_key && m->b_key ? 0 : ERROR_NOMEM;
}

int sqlite_b2b_mission_agenda(struct store *s, int64_t mission,
			      struct arena *a, struct b2b_agenda_item **out,
			      size_t *n, struct error *err)
{
	struct mission_agenda g = { .a = a };
	int status = each_row(((struct sqlite_store *)s)->db,
		"SELECT m.id, e.zone, s.start_utc, s.end_utc, m.table_no,"
		" m.confirmed, oa.key, oa.name_ko, oa.name_en, ob.key, ob.name_ko,"
		" ob.name_en, e.title_ko, e.title_en, v.name_ko, v.name_en"
		" FROM meeting m JOIN event e ON e.id = m.event_id"
		" JOIN meeting_slot s ON s.id = m.slot_id"
		" JOIN organisation oa ON oa.id = m.a_organisation_id"
		" JOIN organisation ob ON ob.id = m.b_organisation_id"
		" LEFT JOIN venue v ON v.id = coalesce(s.venue_id, e.venue_id)"
		" WHERE e.mission_id = ?1 ORDER BY s.start_utc, m.table_no, m.id",
		mission, agenda_row, &g, err);

	*out = g.items;
	*n = g.n;
	if (status == 0 && arena_failed(a))   /* an optional text left NULL */
		status = error_set(err, ERROR_NOMEM, "out of memory");
	return status;
}
