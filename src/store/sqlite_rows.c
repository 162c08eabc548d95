/* sqlite_rows.c: rows in and out for CSV (store_rows.h).
 *
 * Import resolves every key a row names before writing anything of it,
 * so a row is either written whole or rejected whole; the transaction
 * then commits or rolls back as store_rows.h describes.  Export runs one
 * query per kind and hands out rows whose strings live until the callback
 * returns.
 */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_internal.h"
#include "store/sqlite_rows.h"

/* Page cache while importing.  The rows go in key order and the search
 * index is filled in one statement at the end, so the working set is
 * small: on 1,000,000 organisations 16 MiB was as fast as 256 MiB (which
 * paid when every row fed FTS5) and the process 260 MB smaller; 2 MiB
 * made the rows a third slower. */
#define ROWS_CACHE_KIB "-16384"

enum {
	Q_ORG, Q_PERSON, Q_MISSION, Q_STOP, Q_VENUE, Q_EVENT, Q_SERIES,
	W_ORG, W_ORG_NEW, W_PERSON, W_EVENT, W_AGREEMENT, W_PARTY_CLEAR, W_PARTY,
	ROW_SQL_COUNT
};

static const char *const row_sql[ROW_SQL_COUNT] = {
	[Q_ORG] = "SELECT id FROM organisation WHERE key = ?1",
	[Q_PERSON] = "SELECT id FROM person WHERE key = ?1",
	[Q_MISSION] = "SELECT id FROM mission WHERE slug = ?1",
	[Q_STOP] = "SELECT id FROM stop WHERE mission_id = ?2 AND key = ?1",
	[Q_VENUE] = "SELECT id FROM venue WHERE key = ?1",
	[Q_EVENT] = "SELECT id FROM event WHERE mission_id = ?2 AND key = ?1",
	[Q_SERIES] = "SELECT id FROM series WHERE key = ?1",
	/* Insert, then update when the key is taken: the one-statement
	 * upsert opened a statement savepoint per row and measured about 1.6
	 * times the CPU on bulk imports, and trying the update first cost a
	 * key lookup for every new row (bench/interop). */
	[W_ORG] = "UPDATE organisation SET kind = ?2, name_ko = ?3, name_en = ?4,"
		" country = ?5, city_ko = ?6, city_en = ?7, parent_id = ?8,"
		" sectors = ?9, description_ko = ?10, description_en = ?11,"
		" website = ?12 WHERE key = ?1",
	[W_ORG_NEW] = "INSERT INTO organisation (key, kind, name_ko, name_en,"
		" country, city_ko, city_en, parent_id, sectors, description_ko,"
		" description_en, website) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,"
		"?11,?12)",
	[W_PERSON] = "INSERT INTO person (key, name_ko, name_en, title_ko,"
		" title_en, organisation_id, email, phone) VALUES (?,?,?,?,?,?,?,?)"
		" ON CONFLICT (key) DO UPDATE SET name_ko = excluded.name_ko,"
		" name_en = excluded.name_en, title_ko = excluded.title_ko,"
		" title_en = excluded.title_en,"
		" organisation_id = excluded.organisation_id,"
		" email = excluded.email, phone = excluded.phone",
	[W_EVENT] = "INSERT INTO event (mission_id, key, kind, title_ko, title_en,"
		" stop_id, venue_id, zone, start_utc, start_precision, end_utc,"
		" end_precision, sectors, registered, attended,"
		" attendance_approximate, notes_ko, notes_en)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
		" ON CONFLICT (mission_id, key) DO UPDATE SET kind = excluded.kind,"
		" title_ko = excluded.title_ko, title_en = excluded.title_en,"
		" stop_id = excluded.stop_id, venue_id = excluded.venue_id,"
		" zone = excluded.zone, start_utc = excluded.start_utc,"
		" start_precision = excluded.start_precision,"
		" end_utc = excluded.end_utc, end_precision = excluded.end_precision,"
		" sectors = excluded.sectors, registered = excluded.registered,"
		" attended = excluded.attended,"
		" attendance_approximate = excluded.attendance_approximate,"
		" notes_ko = excluded.notes_ko, notes_en = excluded.notes_en",
	[W_AGREEMENT] = "INSERT INTO agreement (key, kind, title_ko, title_en,"
		" mission_id, event_id, signed_on, home_role, value_minor, currency,"
		" status, series_id, sectors, notes_ko, notes_en)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) DO UPDATE SET"
		" kind = excluded.kind, title_ko = excluded.title_ko,"
		" title_en = excluded.title_en, mission_id = excluded.mission_id,"
		" event_id = excluded.event_id, signed_on = excluded.signed_on,"
		" home_role = excluded.home_role, value_minor = excluded.value_minor,"
		" currency = excluded.currency, status = excluded.status,"
		" series_id = excluded.series_id, sectors = excluded.sectors,"
		" notes_ko = excluded.notes_ko, notes_en = excluded.notes_en"
		" RETURNING id",
	[W_PARTY_CLEAR] = "DELETE FROM agreement_party WHERE agreement_id = ?",
	[W_PARTY] = "INSERT INTO agreement_party (agreement_id, position,"
		" organisation_id, role) VALUES (?,?,?,?)",
};

/* The search index (search_name, migration 3) while rows are imported.
 * Its AFTER INSERT trigger, run once per row, interleaves FTS5 work with
 * the table's and made a 1,000,000-row import five to eight times slower
 * than the rows alone (bench/interop).  So the import drops the trigger
 * inside its transaction, writes the rows, indexes every new record with
 * one statement doing what the trigger would have done, and puts the
 * trigger back, all before COMMIT: a failed import rolls the whole of it
 * back and leaves schema and index as they were.  New records are those
 * whose id is past the largest id before the import (INTEGER PRIMARY KEY
 * ids are max + 1 and nothing is deleted meanwhile); updated ones keep
 * the AFTER UPDATE trigger.  fill repeats the trigger's body: keep both
 * in step with the schema. */
struct search_deferral {
	const char *trigger;     /* the AFTER INSERT trigger set aside */
	const char *max_id;      /* the last id before the import */
	const char *fill;        /* the trigger's work for ids past ?1 */
};

static const struct search_deferral search_deferrals[STORE_KIND_COUNT] = {
	[STORE_ORGANISATIONS] = {
		"search_organisation_insert",
		"SELECT coalesce(max(id), 0) FROM organisation",
		"INSERT INTO search_name (rowid, name_ko, name_en)"
		" SELECT id * 8 + 1, name_ko, name_en FROM organisation"
		" WHERE id > ?1 ORDER BY id",
	},
	[STORE_PEOPLE] = {
		"search_person_insert",
		"SELECT coalesce(max(id), 0) FROM person",
		"INSERT INTO search_name (rowid, name_ko, name_en)"
		" SELECT id * 8 + 2, name_ko, name_en FROM person"
		" WHERE id > ?1 ORDER BY id",
	},
	[STORE_AGREEMENTS] = {
		"search_agreement_insert",
		"SELECT coalesce(max(id), 0) FROM agreement",
		"INSERT INTO search_name (rowid, name_ko, name_en)"
		" SELECT id * 8 + 6, title_ko, title_en FROM agreement"
		" WHERE id > ?1 ORDER BY id",
	},
};

struct rows_import {
	sqlite3 *db;
	sqlite3_stmt *st[ROW_SQL_COUNT];
	struct error *err;
	char why[256];
	/* Rows of one file nearly always name the same mission. */
	char mission_slug[128];
	int64_t mission_id;
	/* The search trigger set aside (see search_deferrals). */
	const struct search_deferral *deferral;
	char *trigger_sql;       /* its CREATE TRIGGER, to put it back */
	int64_t last_id;         /* the largest id before the import */
};

/* Runs st to its first row; 1 with *id from column 0, 0 when there is no
 * row (or the statement is done), -1 on a database error.  Resets st. */
static int run(struct rows_import *ri, sqlite3_stmt *st, const char *what,
	       int64_t *id)
{
	int rc = sqlite3_step(st);
	int found = rc == SQLITE_ROW;

	if (found && id != NULL)
		*id = sqlite3_column_int64(st, 0);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite_fail(ri->db, ri->err, what);
		found = -1;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return found;
}

/* The id of key through lookup q (scoped to a mission for stops and
 * events): 0 with *id (-1 for no key), 1 when missing with ri->why set,
 * -1 on a database error. */
static int resolve(struct rows_import *ri, int q, int64_t scope,
		   const char *key, const char *what, int64_t *id)
{
	sqlite3_stmt *st = ri->st[q];
	int rc;

	*id = -1;
	if (key == NULL)
		return 0;
	sqlite_bind_str(st, 1, key);
	if (q == Q_STOP || q == Q_EVENT)
		sqlite3_bind_int64(st, 2, scope);
	rc = run(ri, st, what, id);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		snprintf(ri->why, sizeof ri->why, "%s \"%s\" does not exist",
			 what, key);
		return 1;
	}
	return 0;
}

static int resolve_mission(struct rows_import *ri, const char *slug,
			   int64_t *id)
{
	int rc;

	if (slug != NULL && ri->mission_id >= 0 &&
	    strcmp(slug, ri->mission_slug) == 0) {
		*id = ri->mission_id;
		return 0;
	}
	rc = resolve(ri, Q_MISSION, 0, slug, "mission", id);
	if (rc == 0 && slug != NULL && strlen(slug) < sizeof ri->mission_slug) {
		memcpy(ri->mission_slug, slug, strlen(slug) + 1);
		ri->mission_id = *id;
	}
	return rc;
}

static void bind_ref(sqlite3_stmt *st, int i, int64_t id)
{
	if (id < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, id);
}

/* Each writer returns 0 when written, 1 when rejected (ri->why), -1 on a
 * database error. */
static int write_org(struct rows_import *ri, const struct store_import_row *row)
{
	const struct org *o = &row->org;
	sqlite3_stmt *st = ri->st[W_ORG];
	int64_t parent;
	int rc;
	bool taken;

	if (row->organisation != NULL && strcmp(row->organisation, o->key) == 0) {
		snprintf(ri->why, sizeof ri->why,
			 "an organisation cannot be its own parent");
		return 1;
	}
	if ((rc = resolve(ri, Q_ORG, 0, row->organisation, "parent organisation",
			  &parent)) != 0)
		return rc;
	for (int pass = 0; pass < 2; pass++) {
		st = ri->st[pass == 0 ? W_ORG_NEW : W_ORG];
		sqlite_bind_str(st, 1, o->key);
		sqlite_bind_str(st, 2, enum_code(&enum_org_kind, o->kind));
		sqlite_bind_text2(st, 3, o->name);
		sqlite_bind_str(st, 5, o->country);
		sqlite_bind_text2(st, 6, o->city);
		bind_ref(st, 8, parent);
		sqlite3_bind_int64(st, 9, o->sectors);
		sqlite_bind_text2(st, 10, o->description);
		sqlite_bind_str(st, 12, o->website);
		rc = sqlite3_step(st);
		/* The key is the only constraint a resolved row can break:
		 * a taken key sends the row to the update. */
		taken = pass == 0 && (rc & 0xff) == SQLITE_CONSTRAINT &&
			sqlite3_extended_errcode(ri->db) == SQLITE_CONSTRAINT_UNIQUE;
		if (rc != SQLITE_DONE && !taken)
			sqlite_fail(ri->db, ri->err, "organisation");
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (!taken)
			return rc == SQLITE_DONE ? 0 : -1;
	}
	return 0;
}

static int write_person(struct rows_import *ri,
			const struct store_import_row *row)
{
	const struct person *p = &row->person;
	sqlite3_stmt *st = ri->st[W_PERSON];
	int64_t org;
	int rc;

	if ((rc = resolve(ri, Q_ORG, 0, row->organisation, "organisation",
			  &org)) != 0)
		return rc;
	sqlite_bind_str(st, 1, p->key);
	sqlite_bind_text2(st, 2, p->name);
	sqlite_bind_text2(st, 4, p->title);
	bind_ref(st, 6, org);
	sqlite_bind_str(st, 7, p->email);
	sqlite_bind_str(st, 8, p->phone);
	return run(ri, st, "person", NULL) < 0 ? -1 : 0;
}

static int write_event(struct rows_import *ri,
		       const struct store_import_row *row)
{
	const struct event *e = &row->event;
	sqlite3_stmt *st = ri->st[W_EVENT];
	int64_t mission, stop, venue;
	int rc;

	if (row->mission == NULL) {
		snprintf(ri->why, sizeof ri->why, "an event needs its mission");
		return 1;
	}
	if ((rc = resolve_mission(ri, row->mission, &mission)) != 0 ||
	    (rc = resolve(ri, Q_STOP, mission, row->stop, "stop", &stop)) != 0 ||
	    (rc = resolve(ri, Q_VENUE, 0, row->venue, "venue", &venue)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, mission);
	sqlite_bind_str(st, 2, e->key);
	sqlite_bind_str(st, 3, enum_code(&enum_event_kind, e->kind));
	sqlite_bind_text2(st, 4, e->title);
	bind_ref(st, 6, stop);
	bind_ref(st, 7, venue);
	sqlite_bind_str(st, 8, e->zone);
	sqlite_bind_moment(st, 9, e->start);
	sqlite_bind_moment(st, 11, e->end);
	sqlite3_bind_int64(st, 13, e->sectors);
	sqlite_bind_count(st, 14, e->attendance.registered);
	sqlite_bind_count(st, 15, e->attendance.attended);
	sqlite3_bind_int(st, 16, e->attendance.approximate);
	sqlite_bind_text2(st, 17, e->notes);
	return run(ri, st, "event", NULL) < 0 ? -1 : 0;
}

static int write_agreement(struct rows_import *ri,
			   const struct store_import_row *row)
{
	const struct agreement *a = &row->agreement;
	sqlite3_stmt *st = ri->st[W_AGREEMENT];
	int64_t mission, event, series, id, parties[STORE_ROW_PARTIES_MAX];
	int rc;

	if (row->signed_at != NULL && row->mission == NULL) {
		snprintf(ri->why, sizeof ri->why,
			 "event \"%s\" needs the mission it belongs to", row->signed_at);
		return 1;
	}
	if ((rc = resolve_mission(ri, row->mission, &mission)) != 0 ||
	    (rc = resolve(ri, Q_EVENT, mission, row->signed_at, "event", &event)) != 0 ||
	    (rc = resolve(ri, Q_SERIES, 0, row->series, "series", &series)) != 0)
		return rc;
	for (size_t i = 0; i < row->n_parties; i++)
		if ((rc = resolve(ri, Q_ORG, 0, row->parties[i], "party organisation",
				  &parties[i])) != 0)
			return rc;
	sqlite_bind_str(st, 1, a->key);
	sqlite_bind_str(st, 2, enum_code(&enum_agreement_kind, a->kind));
	sqlite_bind_text2(st, 3, a->title);
	bind_ref(st, 5, mission);
	bind_ref(st, 6, event);
	sqlite_bind_str(st, 7, a->signed_on);
	sqlite_bind_str(st, 8, enum_code(&enum_home_role, a->home_role));
	if (a->has_value) {
		sqlite3_bind_int64(st, 9, a->value.minor);
		sqlite3_bind_text(st, 10, a->value.currency, -1, SQLITE_TRANSIENT);
	}
	sqlite_bind_str(st, 11, enum_code(&enum_agreement_status, a->status));
	bind_ref(st, 12, series);
	sqlite3_bind_int64(st, 13, a->sectors);
	sqlite_bind_text2(st, 14, a->notes);
	if (run(ri, st, "agreement", &id) != 1)
		return -1;
	sqlite3_bind_int64(ri->st[W_PARTY_CLEAR], 1, id);
	if (run(ri, ri->st[W_PARTY_CLEAR], "agreement party", NULL) < 0)
		return -1;
	for (size_t i = 0; i < row->n_parties; i++) {
		st = ri->st[W_PARTY];
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		sqlite3_bind_int64(st, 3, parties[i]);
		sqlite_bind_str(st, 4, enum_code(&enum_party_role,
						 row->party_roles[i]));
		if (run(ri, st, "agreement party", NULL) < 0)
			return -1;
	}
	return 0;
}

/* Runs sql (one row, one int64 column, ?1 bound to in when given) for
 * *out; 0 or an error code. */
static int query_int64(sqlite3 *db, const char *sql, const int64_t *in,
		       int64_t *out, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, sql, &st, err))
		return err ? (int)err->code : ERROR_STORE;
	if (in != NULL)
		sqlite3_bind_int64(st, 1, *in);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && out != NULL)
		*out = sqlite3_column_int64(st, 0);
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
		sqlite_fail(db, err, "search index");
	sqlite3_finalize(st);
	return rc;
}

/* Sets the kind's search trigger aside inside the open transaction.  A
 * database without it (made before migration 3, or by hand) is left
 * alone and keeps whatever it has. */
static int defer_search(struct rows_import *ri, enum store_kind kind)
{
	const struct search_deferral *d = &search_deferrals[kind];
	sqlite3_stmt *st;
	char sql[128];
	int rc;

	if (d->trigger == NULL)
		return 0;
	if (sqlite_prepare(ri->db, "SELECT sql FROM sqlite_schema"
			   " WHERE type = 'trigger' AND name = ?1", &st, ri->err))
		return -1;
	sqlite_bind_str(st, 1, d->trigger);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL) {
		ri->trigger_sql = sqlite3_mprintf("%s",
			(const char *)sqlite3_column_text(st, 0));
		if (ri->trigger_sql == NULL) {
			sqlite3_finalize(st);
			error_set(ri->err, ERROR_NOMEM, "search index: out of memory");
			return -1;
		}
	} else if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite_fail(ri->db, ri->err, "search index");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	if (ri->trigger_sql == NULL)
		return 0;
	snprintf(sql, sizeof sql, "DROP TRIGGER %s", d->trigger);
	if (query_int64(ri->db, d->max_id, NULL, &ri->last_id, ri->err) ||
	    sqlite_exec(ri->db, sql, ri->err))
		return -1;
	ri->deferral = d;
	return 0;
}

/* Indexes the records the import added and puts the trigger back. */
static int finish_search(struct rows_import *ri)
{
	if (ri->deferral == NULL)
		return 0;
	if (query_int64(ri->db, ri->deferral->fill, &ri->last_id, NULL, ri->err) ||
	    sqlite_exec(ri->db, ri->trigger_sql, ri->err))
		return -1;
	return 0;
}

int sqlite_import_rows(struct store *s, const struct store_rows_import *im,
		       struct store_rows_stats *stats, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct rows_import ri = { .db = ss->db, .err = err, .mission_id = -1 };
	int (*write)(struct rows_import *, const struct store_import_row *);
	struct store_import_row row;
	int rc = 0;

	memset(stats, 0, sizeof *stats);
	switch (im->kind) {
	case STORE_ORGANISATIONS: write = write_org; break;
	case STORE_PEOPLE: write = write_person; break;
	case STORE_EVENTS: write = write_event; break;
	case STORE_AGREEMENTS: write = write_agreement; break;
	default:
		return error_set(err, ERROR_USAGE, "%s cannot be imported as rows",
				 store_kind_name(im->kind));
	}
	/* A bulk load in one transaction, with more page cache than the
	 * default 2 MiB (see ROWS_CACHE_KIB). */
	if (sqlite_exec(ss->db, "PRAGMA cache_size = " ROWS_CACHE_KIB, err) ||
	    sqlite_exec(ss->db, "BEGIN IMMEDIATE", err))
		return err ? (int)err->code : ERROR_STORE;
	/* Before preparing: dropping a trigger expires prepared statements. */
	if (defer_search(&ri, im->kind)) {
		rc = err ? (int)err->code : ERROR_STORE;
		goto rollback;
	}
	for (int i = 0; i < ROW_SQL_COUNT; i++)
		if ((rc = sqlite_prepare(ss->db, row_sql[i], &ri.st[i], err)) != 0)
			goto rollback;
	for (;;) {
		memset(&row, 0, sizeof row);
		rc = im->next(im->ctx, &row, err);
		if (rc == 0)
			break;
		if (rc != 1)
			goto rollback;
		rc = row.invalid != NULL ? 1 : write(&ri, &row);
		if (rc < 0) {
			rc = err ? (int)err->code : ERROR_STORE;
			goto rollback;
		}
		if (rc == 1) {
			stats->rejected++;
			im->reject(im->ctx, &row, row.invalid ? row.invalid : ri.why);
		} else {
			stats->written++;
		}
	}
	if (stats->rejected > 0 && !im->skip_bad) {
		rc = error_set(err, ERROR_INVALID, "%lld bad row%s; nothing imported",
			       (long long)stats->rejected,
			       stats->rejected == 1 ? "" : "s");
		stats->written = 0;
		goto rollback;
	}
	for (int i = 0; i < ROW_SQL_COUNT; i++) {
		sqlite3_finalize(ri.st[i]);
		ri.st[i] = NULL;
	}
	if (finish_search(&ri)) {
		rc = err ? (int)err->code : ERROR_STORE;
		goto rollback;
	}
	sqlite3_free(ri.trigger_sql);
	if (sqlite_days_fill(ss->db, err) || sqlite_exec(ss->db, "COMMIT", err)) {
		sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
		return err ? (int)err->code : ERROR_STORE;
	}
	return 0;
rollback:
	for (int i = 0; i < ROW_SQL_COUNT; i++)
		sqlite3_finalize(ri.st[i]);
	sqlite3_free(ri.trigger_sql);
	sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

/* Export. */

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static struct text col_text2(sqlite3_stmt *st, int i)
{
	return (struct text){ col(st, i), col(st, i + 1) };
}

static int64_t col_count(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 :
		sqlite3_column_int64(st, i);
}

static struct moment col_moment(sqlite3_stmt *st, int i)
{
	struct moment m = { sqlite3_column_int64(st, i),
			    (enum moment_precision)sqlite3_column_int(st, i + 1) };

	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		m.precision = MOMENT_NONE;
	return m;
}

static int enum_col(const struct enum_table *t, sqlite3_stmt *st, int i)
{
	int v = col(st, i) ? enum_parse(t, col(st, i)) : -1;

	return v < 0 ? 0 : v;
}

static const char *const export_sql[STORE_KIND_COUNT] = {
	[STORE_ORGANISATIONS] = "SELECT o.key, o.kind, o.name_ko, o.name_en,"
		" o.country, o.city_ko, o.city_en, p.key, o.sectors, o.website,"
		" o.description_ko, o.description_en FROM organisation o"
		" LEFT JOIN organisation p ON p.id = o.parent_id ORDER BY o.key",
	[STORE_PEOPLE] = "SELECT p.key, p.name_ko, p.name_en, p.title_ko,"
		" p.title_en, o.key, p.email, p.phone FROM person p"
		" LEFT JOIN organisation o ON o.id = p.organisation_id ORDER BY p.key",
	[STORE_EVENTS] = "SELECT m.slug, e.key, e.kind, e.title_ko, e.title_en,"
		" s.key, v.key, e.zone, e.start_utc, e.start_precision, e.end_utc,"
		" e.end_precision, e.sectors, e.registered, e.attended,"
		" e.attendance_approximate, e.notes_ko, e.notes_en FROM event e"
		" JOIN mission m ON m.id = e.mission_id"
		" LEFT JOIN stop s ON s.id = e.stop_id"
		" LEFT JOIN venue v ON v.id = e.venue_id"
		" WHERE ?1 IS NULL OR m.slug = ?1 OR m.id = ?1"
		" ORDER BY m.slug, e.start_utc, e.key",
	[STORE_AGREEMENTS] = "SELECT a.key, a.kind, a.title_ko, a.title_en,"
		" m.slug, e.key, a.signed_on, a.home_role, a.value_minor,"
		" a.currency, a.status, s.key, a.sectors, a.notes_ko, a.notes_en,"
		" a.id FROM agreement a"
		" LEFT JOIN mission m ON m.id = a.mission_id"
		" LEFT JOIN event e ON e.id = a.event_id"
		" LEFT JOIN series s ON s.id = a.series_id"
		" WHERE ?1 IS NULL OR m.slug = ?1 OR m.id = ?1"
		" ORDER BY a.signed_on, a.key",
};

static void fill_row(enum store_kind kind, sqlite3_stmt *st,
		     struct store_import_row *row)
{
	switch (kind) {
	case STORE_ORGANISATIONS:
		row->org.key = col(st, 0);
		row->org.kind = (enum org_kind)enum_col(&enum_org_kind, st, 1);
		row->org.name = col_text2(st, 2);
		row->org.country = col(st, 4);
		row->org.city = col_text2(st, 5);
		row->organisation = col(st, 7);
		row->org.sectors = (uint32_t)sqlite3_column_int64(st, 8);
		row->org.website = col(st, 9);
		row->org.description = col_text2(st, 10);
		break;
	case STORE_PEOPLE:
		row->person.key = col(st, 0);
		row->person.name = col_text2(st, 1);
		row->person.title = col_text2(st, 3);
		row->organisation = col(st, 5);
		row->person.email = col(st, 6);
		row->person.phone = col(st, 7);
		break;
	case STORE_EVENTS:
		row->mission = col(st, 0);
		row->event.key = col(st, 1);
		row->event.kind = (enum event_kind)enum_col(&enum_event_kind, st, 2);
		row->event.title = col_text2(st, 3);
		row->stop = col(st, 5);
		row->venue = col(st, 6);
		row->event.zone = col(st, 7);
		row->event.start = col_moment(st, 8);
		row->event.end = col_moment(st, 10);
		row->event.sectors = (uint32_t)sqlite3_column_int64(st, 12);
		row->event.attendance.registered = col_count(st, 13);
		row->event.attendance.attended = col_count(st, 14);
		row->event.attendance.approximate = sqlite3_column_int(st, 15) != 0;
		row->event.notes = col_text2(st, 16);
		break;
	case STORE_AGREEMENTS:
		row->agreement.key = col(st, 0);
		row->agreement.kind =
			(enum agreement_kind)enum_col(&enum_agreement_kind, st, 1);
		row->agreement.title = col_text2(st, 2);
		row->mission = col(st, 4);
		row->agreement.in_mission = row->mission != NULL;
		row->signed_at = col(st, 5);
		row->agreement.signed_on = col(st, 6);
		row->agreement.home_role =
			(enum home_role)enum_col(&enum_home_role, st, 7);
		row->agreement.has_value = sqlite3_column_type(st, 8) != SQLITE_NULL;
		if (row->agreement.has_value && col(st, 9) != NULL) {
			row->agreement.value.minor = sqlite3_column_int64(st, 8);
			snprintf(row->agreement.value.currency,
				 sizeof row->agreement.value.currency, "%s", col(st, 9));
		}
		row->agreement.status =
			(enum agreement_status)enum_col(&enum_agreement_status, st, 10);
		row->series = col(st, 11);
		row->agreement.sectors = (uint32_t)sqlite3_column_int64(st, 12);
		row->agreement.notes = col_text2(st, 13);
		break;
	default:
		break;
	}
}

int sqlite_export_rows(struct store *s, enum store_kind kind,
		       const char *mission,
		       int (*fn)(const struct store_import_row *row, void *ctx),
		       void *ctx, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	sqlite3_stmt *st = NULL, *parties = NULL;
	char party_keys[STORE_ROW_PARTIES_MAX][STORE_ROW_KEY_MAX + 1];
	struct store_import_row row;
	int rc;

	if ((unsigned)kind >= STORE_KIND_COUNT || export_sql[kind] == NULL)
		return error_set(err, ERROR_USAGE, "%s cannot be exported as rows",
				 store_kind_name(kind));
	if (sqlite_prepare(ss->db, export_sql[kind], &st, err) ||
	    (kind == STORE_AGREEMENTS &&
	     sqlite_prepare(ss->db, "SELECT o.key, p.role FROM agreement_party p"
			    " JOIN organisation o ON o.id = p.organisation_id"
			    " WHERE p.agreement_id = ? ORDER BY p.position",
			    &parties, err))) {
		sqlite3_finalize(st);
		return err ? (int)err->code : ERROR_STORE;
	}
	if (kind == STORE_EVENTS || kind == STORE_AGREEMENTS)
		sqlite_bind_str(st, 1, mission);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&row, 0, sizeof row);
		fill_row(kind, st, &row);
		if (parties != NULL) {
			sqlite3_bind_int64(parties, 1, sqlite3_column_int64(st, 15));
			while (sqlite3_step(parties) == SQLITE_ROW &&
			       row.n_parties < STORE_ROW_PARTIES_MAX) {
				int role = enum_col(&enum_party_role, parties, 1);

				/* The text lives only until the next step. */
				snprintf(party_keys[row.n_parties],
					 sizeof party_keys[row.n_parties], "%s",
					 col(parties, 0) ? col(parties, 0) : "");
				row.parties[row.n_parties] = party_keys[row.n_parties];
				row.party_roles[row.n_parties++] = (enum party_role)role;
			}
		}
		rc = fn(&row, ctx);
		if (parties != NULL)
			sqlite3_reset(parties);
		if (rc != 0)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = 0;
	else if (rc != 0 && sqlite3_errcode(ss->db) != SQLITE_OK &&
		 sqlite3_errcode(ss->db) != SQLITE_ROW)
		rc = sqlite_fail(ss->db, err, "export");
	sqlite3_finalize(parties);
	sqlite3_finalize(st);
	return rc;
}
