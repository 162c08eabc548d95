/* sqlite_list.c: one row per record of a kind, for `pavilion list`. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

/* Columns: id, key, name_ko, name_en, kind, detail, then what the
 * filters of `pavilion list` look at: day (YYYY-MM-DD or a partial
 * date), province (the missions' home organisation), country, status;
 * last the kind's own order (time for events and follow-ups).
 * ?1 is the mission slug filter (NULL: every mission). */
static const char *const list_sql[STORE_KIND_COUNT] = {
	[STORE_ORGANISATIONS] = "SELECT id, key, name_ko, name_en, kind,"
		" coalesce(country, ''), NULL, NULL, country, NULL, id FROM organisation",
	[STORE_PEOPLE] = "SELECT p.id, p.key, p.name_ko, p.name_en, NULL,"
		" coalesce(o.key, ''), NULL, NULL, NULL, NULL, p.id FROM person p"
		" LEFT JOIN organisation o ON o.id = p.organisation_id",
	[STORE_MISSIONS] = "SELECT id, slug, title_ko, title_en, NULL,"
		" (SELECT count(*) FROM event e WHERE e.mission_id = m.id),"
		" m.first_day, m.home_organisation_id, NULL, NULL, m.id FROM mission m",
	[STORE_VENUES] = "SELECT id, key, name_ko, name_en, NULL,"
		" coalesce(zone, ''), NULL, NULL, country, NULL, id FROM venue",
	[STORE_SERIES] = "SELECT id, key, name_ko, name_en, NULL,"
		" (SELECT count(*) FROM agreement a WHERE a.series_id = s.id),"
		" NULL, NULL, NULL, NULL, s.id FROM series s",
	[STORE_AGREEMENTS] = "SELECT a.id, a.key, a.title_ko, a.title_en, a.kind,"
		" a.signed_on || coalesce(' ' || a.currency || ' ' || a.value_minor, ''),"
		" a.signed_on, m.home_organisation_id, NULL, a.status, a.id"
		" FROM agreement a LEFT JOIN mission m ON m.id = a.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1",
	[STORE_EVENTS] = "SELECT e.id, m.slug || '/' || e.key, e.title_ko,"
		" e.title_en, e.kind, e.zone, e.local_day, m.home_organisation_id,"
		" (SELECT country FROM stop s WHERE s.id = e.stop_id), NULL, e.start_utc"
		" FROM event e"
		" JOIN mission m ON m.id = e.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1",
	[STORE_STOPS] = "SELECT s.id, m.slug || '/' || s.key, s.city_ko, s.city_en,"
		" NULL, s.zone, NULL, m.home_organisation_id, s.country, NULL, s.id"
		" FROM stop s JOIN mission m ON m.id = s.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1",
	[STORE_PAVILIONS] = "SELECT v.id, m.slug || '/' || v.key, v.name_ko,"
		" v.name_en, NULL, (SELECT count(*) FROM exhibitor x"
		" WHERE x.pavilion_id = v.id), NULL, m.home_organisation_id, NULL, NULL, v.id"
		" FROM pavilion v JOIN mission m ON m.id = v.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1",
	/* Follow-ups in the order they fall due; detail: due date, and the
	 * date done once done. */
	[STORE_FOLLOWUPS] = "SELECT f.position + 1, a.key || '#' || (f.position + 1),"
		" f.description_ko, f.description_en, a.kind,"
		" f.due_on || coalesce(' done ' || f.done_on, ''), f.due_on,"
		" m.home_organisation_id, NULL,"
		" CASE WHEN f.done_on IS NULL THEN 'open' ELSE 'done' END,"
		" printf('%s %012d %06d', f.due_on, a.id, f.position) FROM followup f"
		" JOIN agreement a ON a.id = f.agreement_id"
		" LEFT JOIN mission m ON m.id = a.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1",
};

/* Which filters a kind has: day, province, country, status. */
static const char list_filters[STORE_KIND_COUNT][5] = {
	[STORE_ORGANISATIONS] = "..c.", [STORE_PEOPLE] = "....",
	[STORE_MISSIONS] = "dp..", [STORE_VENUES] = "..c.",
	[STORE_SERIES] = "....", [STORE_AGREEMENTS] = "dp.s",
	[STORE_EVENTS] = "dpc.", [STORE_STOPS] = ".pc.",
	[STORE_PAVILIONS] = ".p..", [STORE_FOLLOWUPS] = "dp.s",
};

/* The order rows come in: events and follow-ups in time order, the rest
 * as made (the caller sorts names).  With a limit, the newest (by date,
 * else by id) come first. */
static const char *list_order(enum store_kind kind, bool limited)
{
	bool dated = list_filters[kind][0] == 'd';

	if (limited)
		return dated ? " ORDER BY day DESC, id DESC" : " ORDER BY id DESC";
	(void)kind;
	return " ORDER BY ord, id";
}

static int list_filter_check(enum store_kind kind, const struct store_list_query *q,
			     struct error *err)
{
	static const char *const names[4] = { "--since", "--province", "--country",
					       "--status" };
	const char *given[4] = { q->since, q->province, q->country, q->status };

	for (int i = 0; i < 4; i++)
		if (given[i] && list_filters[kind][i] == '.')
			return error_set(err, ERROR_USAGE, "%s does not apply to %s",
					 names[i], store_kind_name(kind));
	return 0;
}

int sqlite_list(struct store *s, enum store_kind kind,
		const struct store_list_query *q, store_row_fn fn, void *ctx,
		struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	static const struct store_list_query none = { 0 };
	char sql[2048];
	sqlite3_stmt *st;
	int rc;

	if ((unsigned)kind >= STORE_KIND_COUNT)
		return error_set(err, ERROR_USAGE, "unknown kind");
	if (q == NULL)
		q = &none;
	if (list_filter_check(kind, q, err))
		return ERROR_USAGE;
	/* The kind's rows, filtered, ordered and limited by the database. */
	snprintf(sql, sizeof sql, "WITH r(id, key, name_ko, name_en, kind, detail,"
		 " day, province, country, status, ord) AS (%s)"
		 " SELECT * FROM r WHERE (?2 IS NULL OR day >= ?2)"
		 " AND (?3 IS NULL OR province IN (SELECT id FROM organisation"
		 "  WHERE key = ?3 OR id = ?3))"
		 " AND (?4 IS NULL OR country = ?4) AND (?5 IS NULL OR status = ?5)"
		 "%s LIMIT ?6", list_sql[kind], list_order(kind, q->limit > 0));
	if (sqlite_prepare(ss->db, sql, &st, err))
		return err ? (int)err->code : ERROR_STORE;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite_bind_str(st, 1, q->mission);
	sqlite_bind_str(st, 2, q->since);
	sqlite_bind_str(st, 3, q->province);
	sqlite_bind_str(st, 4, q->country);
	sqlite_bind_str(st, 5, q->status);
	sqlite3_bind_int(st, 6, q->limit > 0 ? q->limit : -1);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_row row = {
			.id = sqlite3_column_int64(st, 0),
			.key = (const char *)sqlite3_column_text(st, 1),
			.name = { (const char *)sqlite3_column_text(st, 2),
				  (const char *)sqlite3_column_text(st, 3) },
			.kind = (const char *)sqlite3_column_text(st, 4),
			.detail = (const char *)sqlite3_column_text(st, 5),
		};

		if (fn(&row, ctx) != 0) {
			sqlite3_finalize(st);
			return err ? (int)err->code : ERROR_INTERNAL;
		}
	}
	if (rc != SQLITE_DONE) {
		sqlite_fail(ss->db, err, "list");
		sqlite3_finalize(st);
		return err ? (int)err->code : ERROR_STORE;
	}
	sqlite3_finalize(st);
	return 0;
}

/* The record's columns with references replaced by keys.  ?1 is the key
 * (or MISSION for events and stops, ?2 then the key), ?3 the id. */
static const char *const record_sql[STORE_KIND_COUNT] = {
	[STORE_ORGANISATIONS] = "SELECT o.id, o.key, o.kind, o.name_ko, o.name_en,"
		" o.country, o.city_ko, o.city_en, p.key AS parent, o.sectors,"
		" o.description_ko, o.description_en, o.website,"
		" (SELECT count(*) FROM person x WHERE x.organisation_id = o.id) AS people,"
		" (SELECT count(*) FROM agreement_party x WHERE x.organisation_id = o.id)"
		"  AS agreements"
		" FROM organisation o LEFT JOIN organisation p ON p.id = o.parent_id"
		" WHERE o.key = ?1 OR o.id = ?3",
	[STORE_PEOPLE] = "SELECT p.id, p.key, p.name_ko, p.name_en, p.title_ko,"
		" p.title_en, o.key AS organisation, p.email, p.phone FROM person p"
		" LEFT JOIN organisation o ON o.id = p.organisation_id"
		" WHERE p.key = ?1 OR p.id = ?3",
	[STORE_MISSIONS] = "SELECT m.id, m.slug, m.title_ko, m.title_en, m.home_zone,"
		" o.key AS home_organisation, m.purpose_ko, m.purpose_en, m.sectors,"
		" (SELECT count(*) FROM stop s WHERE s.mission_id = m.id) AS stops,"
		" (SELECT count(*) FROM event e WHERE e.mission_id = m.id) AS events,"
		" (SELECT count(*) FROM agreement a WHERE a.mission_id = m.id) AS agreements"
		" FROM mission m LEFT JOIN organisation o ON o.id = m.home_organisation_id"
		" WHERE m.slug = ?1 OR m.id = ?3",
	[STORE_VENUES] = "SELECT id, key, name_ko, name_en, city_ko, city_en, country,"
		" zone, address_ko, address_en FROM venue WHERE key = ?1 OR id = ?3",
	[STORE_SERIES] = "SELECT s.id, s.key, s.name_ko, s.name_en,"
		" (SELECT group_concat(key, ', ') FROM (SELECT key FROM agreement a"
		"  WHERE a.series_id = s.id ORDER BY signed_on, id)) AS agreements"
		" FROM series s WHERE s.key = ?1 OR s.id = ?3",
	[STORE_AGREEMENTS] = "SELECT a.id, a.key, a.kind, a.title_ko, a.title_en,"
		" m.slug AS mission, e.key AS event, a.signed_on, a.home_role,"
		" a.currency, a.value_minor, a.status, s.key AS series, a.sectors,"
		" (SELECT group_concat(o.key || ' (' || p.role || ')', ', ')"
		"  FROM agreement_party p JOIN organisation o ON o.id = p.organisation_id"
		"  WHERE p.agreement_id = a.id) AS parties,"
		" (SELECT count(*) FROM followup f WHERE f.agreement_id = a.id) AS followups,"
		" a.notes_ko, a.notes_en FROM agreement a"
		" LEFT JOIN mission m ON m.id = a.mission_id"
		" LEFT JOIN event e ON e.id = a.event_id"
		" LEFT JOIN series s ON s.id = a.series_id WHERE a.key = ?1 OR a.id = ?3",
	[STORE_EVENTS] = "SELECT e.id, m.slug AS mission, e.key, e.kind, e.title_ko,"
		" e.title_en, s.key AS stop, v.key AS venue, e.zone,"
		" datetime(e.start_utc, 'unixepoch') || 'Z' AS start_utc,"
		" datetime(e.end_utc, 'unixepoch') || 'Z' AS end_utc,"
		" e.registered, e.attended, e.attendance_approximate,"
		" (SELECT count(*) FROM participant p WHERE p.event_id = e.id) AS participants,"
		" e.notes_ko, e.notes_en FROM event e JOIN mission m ON m.id = e.mission_id"
		" LEFT JOIN stop s ON s.id = e.stop_id LEFT JOIN venue v ON v.id = e.venue_id"
		" WHERE (m.slug = ?1 AND e.key = ?2) OR e.id = ?3",
	[STORE_STOPS] = "SELECT s.id, m.slug AS mission, s.key, s.city_ko, s.city_en,"
		" s.country, s.zone, s.home,"
		" datetime(s.arrive_utc, 'unixepoch') || 'Z' AS arrive_utc,"
		" datetime(s.depart_utc, 'unixepoch') || 'Z' AS depart_utc"
		" FROM stop s JOIN mission m ON m.id = s.mission_id"
		" WHERE (m.slug = ?1 AND s.key = ?2) OR s.id = ?3",
	[STORE_PAVILIONS] = "SELECT v.id, m.slug AS mission, v.key, e.key AS event,"
		" v.show_ko, v.show_en, v.name_ko, v.name_en, w.key AS venue,"
		" (SELECT count(*) FROM exhibitor x WHERE x.pavilion_id = v.id)"
		"  AS exhibitors,"
		" (SELECT count(*) FROM exhibitor x WHERE x.pavilion_id = v.id"
		"  AND x.organisation_id IS NULL) AS exhibitors_unnamed,"
		" v.notes_ko, v.notes_en FROM pavilion v"
		" JOIN mission m ON m.id = v.mission_id"
		" LEFT JOIN event e ON e.id = v.event_id"
		" LEFT JOIN venue w ON w.id = v.venue_id"
		" WHERE (m.slug = ?1 AND v.key = ?2) OR v.id = ?3",
	[STORE_FOLLOWUPS] = "SELECT a.key AS agreement, f.position + 1 AS number,"
		" f.description_ko, f.description_en, f.due_on, p.key AS owner,"
		" f.done_on FROM followup f JOIN agreement a ON a.id = f.agreement_id"
		" LEFT JOIN person p ON p.id = f.owner_person_id"
		" WHERE a.key = ?1 AND f.position + 1 = CAST(?2 AS INTEGER)",
};

int sqlite_record(struct store *s, enum store_kind kind, const char *id_or_key,
		  store_field_fn fn, void *ctx, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	const char *slash = strchr(id_or_key, kind == STORE_FOLLOWUPS ? '#' : '/');
	bool scoped = kind == STORE_EVENTS || kind == STORE_STOPS ||
		kind == STORE_PAVILIONS || kind == STORE_FOLLOWUPS;
	bool digits = id_or_key[0] != '\0' &&
		strspn(id_or_key, "0123456789") == strlen(id_or_key);
	sqlite3_stmt *st;
	int rc;

	if ((unsigned)kind >= STORE_KIND_COUNT)
		return error_set(err, ERROR_USAGE, "unknown kind");
	if (sqlite_prepare(ss->db, record_sql[kind], &st, err))
		return err ? (int)err->code : ERROR_STORE;
	if (slash != NULL && scoped) {
		sqlite3_bind_text(st, 1, id_or_key, (int)(slash - id_or_key),
				  SQLITE_STATIC);
		sqlite3_bind_text(st, 2, slash + 1, -1, SQLITE_STATIC);
	} else if (!digits) {
		sqlite3_bind_text(st, 1, id_or_key, -1, SQLITE_STATIC);
	}
	if (digits)
		sqlite3_bind_int64(st, 3, strtoll(id_or_key, NULL, 10));
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *v = (const char *)sqlite3_column_text(st, i);

			if (v != NULL && v[0] != '\0' &&
			    fn(sqlite3_column_name(st, i), v, ctx) != 0)
				break;
		}
		sqlite3_finalize(st);
		return 0;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sqlite_fail(ss->db, err, "show");
	return error_set(err, ERROR_NOT_FOUND, "no %s \"%s\"%s",
			 store_kind_name(kind), id_or_key,
			 !scoped || slash != NULL ? "" :
			 kind == STORE_FOLLOWUPS ? " (name it AGREEMENT#NUMBER)" :
			 digits ? "" : " (name it MISSION/KEY or by id)");
}
