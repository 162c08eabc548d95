/* sqlite_list.c: one row per record of a kind, for `pavilion list`. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_internal.h"

/* Columns: id, key, name_ko, name_en, kind, detail.  ?1 is the mission
 * slug filter (NULL: every mission). */
static const char *const list_sql[STORE_KIND_COUNT] = {
	[STORE_ORGANISATIONS] = "SELECT id, key, name_ko, name_en, kind,"
		" coalesce(country, '') FROM organisation",
	[STORE_PEOPLE] = "SELECT p.id, p.key, p.name_ko, p.name_en, NULL,"
		" coalesce(o.key, '') FROM person p"
		" LEFT JOIN organisation o ON o.id = p.organisation_id",
	[STORE_MISSIONS] = "SELECT id, slug, title_ko, title_en, NULL,"
		" (SELECT count(*) FROM event e WHERE e.mission_id = m.id)"
		" FROM mission m",
	[STORE_VENUES] = "SELECT id, key, name_ko, name_en, NULL,"
		" coalesce(zone, '') FROM venue",
	[STORE_SERIES] = "SELECT id, key, name_ko, name_en, NULL,"
		" (SELECT count(*) FROM agreement a WHERE a.series_id = s.id)"
		" FROM series s",
	[STORE_AGREEMENTS] = "SELECT a.id, a.key, a.title_ko, a.title_en, a.kind,"
		" a.signed_on || coalesce(' ' || a.currency || ' ' || a.value_minor, '')"
		" FROM agreement a LEFT JOIN mission m ON m.id = a.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1",
	[STORE_EVENTS] = "SELECT e.id, m.slug || '/' || e.key, e.title_ko,"
		" e.title_en, e.kind, e.zone FROM event e"
		" JOIN mission m ON m.id = e.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1 ORDER BY e.start_utc, e.id",
	[STORE_STOPS] = "SELECT s.id, m.slug || '/' || s.key, s.city_ko, s.city_en,"
		" NULL, s.zone FROM stop s JOIN mission m ON m.id = s.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1 ORDER BY s.id",
	[STORE_PAVILIONS] = "SELECT v.id, m.slug || '/' || v.key, v.name_ko,"
		" v.name_en, NULL, (SELECT count(*) FROM exhibitor x"
		" WHERE x.pavilion_id = v.id) FROM pavilion v"
		" JOIN mission m ON m.id = v.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1 ORDER BY v.id",
	/* Follow-ups in the order they fall due; detail: due date, and the
	 * date done once done. */
	[STORE_FOLLOWUPS] = "SELECT f.id, a.key || '#' || f.id,"
		" f.description_ko, f.description_en, a.kind,"
		" f.due_on || coalesce(' done ' || f.done_on, '') FROM followup f"
		" JOIN agreement a ON a.id = f.agreement_id"
		" LEFT JOIN mission m ON m.id = a.mission_id"
		" WHERE ?1 IS NULL OR m.slug = ?1 ORDER BY f.due_on, a.id, f.position",
};

int sqlite_list(struct store *s, enum store_kind kind,
		const struct store_list_query *q, store_row_fn fn, void *ctx,
		struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	sqlite3_stmt *st;
	int rc;

	if ((unsigned)kind >= STORE_KIND_COUNT)
		return error_set(err, ERROR_USAGE, "unknown kind");
	if (sqlite_prepare(ss->db, list_sql[kind], &st, err))
		return err ? (int)err->code : ERROR_STORE;
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite_bind_str(st, 1, q ? q->mission : NULL);
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
	[STORE_FOLLOWUPS] = "SELECT a.key AS agreement, f.id,"
		" f.description_ko, f.description_en, f.due_on, p.key AS owner,"
		" f.done_on FROM followup f JOIN agreement a ON a.id = f.agreement_id"
		" LEFT JOIN person p ON p.id = f.owner_person_id"
		" WHERE a.key = ?1 AND f.id = CAST(?2 AS INTEGER)",
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
