/* sqlite_surveys.c: follow-up surveys of a mission's firms, their
 * answers, the SMTP settings and the reminders sent (store_followup.h).
 *
 * A survey row exists per firm and offset once the mission has a return
 * day.  Triggers of migrations 9 and 13 put a mission into survey_dirty whenever
 * its stops, delegates, participants, exhibitors or plan change;
 * sync_marked() recomputes those missions' surveys before any survey is
 * read, so the table always says what the records imply.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain/moment.h"
#include "domain/tz.h"
#include "store/sqlite_followup.h"
#include "util/buf.h"

/* Missions brought up to date per transaction; the rest wait for the
 * next call. */
#define SYNC_BATCH 256

/* The home firms of mission ?1: local companies among the delegates'
 * employers, the events' participants and the pavilions' exhibitors. */
#define FIRMS_SQL \
	"SELECT o.id FROM organisation o WHERE o.kind = 'local_company'" \
	" AND o.id IN (" \
	"  SELECT p.organisation_id FROM delegate d" \
	"   JOIN person p ON p.id = d.person_id WHERE d.mission_id = ?1" \
	"  UNION SELECT coalesce(pa.organisation_id, pp.organisation_id)" \
	"   FROM event e JOIN participant pa ON pa.event_id = e.id" \
	"   LEFT JOIN person pp ON pp.id = pa.person_id WHERE e.mission_id = ?1" \
	"  UNION SELECT x.organisation_id FROM pavilion v" \
	"   JOIN exhibitor x ON x.pavilion_id = v.id WHERE v.mission_id = ?1)" \
	" ORDER BY o.id"

int sqlite_followup_step(sqlite3 *db, sqlite3_stmt *st, struct error *err,
			 const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_finalize(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 :
		sqlite_fail(db, err, what);
}

/* The mission's offsets: its plan, else the default. */
static int plan_months(sqlite3 *db, int64_t mission, int *months,
		       size_t *n, struct error *err)
{
	sqlite3_stmt *st;
	int got = -1;

	if (sqlite_prepare(db, "SELECT months FROM survey_plan WHERE mission_id = ?",
			   &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, mission);
	if (sqlite3_step(st) == SQLITE_ROW)
		got = followup_months_parse((const char *)sqlite3_column_text(st, 0),
					    months, FOLLOWUP_OFFSETS_MAX);
	sqlite3_finalize(st);
	if (got <= 0) {
		memcpy(months, followup_default_months, sizeof followup_default_months);
		got = 3;
	}
	*n = (size_t)got;
	return 0;
}

/* The return day of a mission (YYYY-MM-DD), "" when it has none: the
 * home-zone day of the last arrival at a home stop (a stop known only to
 * the day keeps its own day). */
static int return_day(sqlite3 *db, int64_t mission, char out[11],
		      struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	out[0] = '\0';
	if (sqlite_prepare(db, "SELECT s.arrive_utc, s.arrive_precision, s.zone,"
			   " m.home_zone FROM stop s JOIN mission m ON m.id = s.mission_id"
			   " WHERE s.mission_id = ? AND s.home = 1"
			   " AND s.arrive_utc IS NOT NULL AND s.arrive_precision > 0"
			   " ORDER BY s.arrive_utc DESC LIMIT 1", &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, mission);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		struct moment m = { .utc = sqlite3_column_int64(st, 0),
				    .precision = sqlite3_column_int(st, 1) };
		const char *zone = (const char *)sqlite3_column_text(
			st, m.precision == MOMENT_DATE ? 2 : 3);

		followup_day_text(moment_local_day(m, zone), out);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 :
		sqlite_fail(db, err, "return day");
}

/* Recomputes one mission's unanswered surveys, in the caller's
 * transaction. */
static int sync_mission(sqlite3 *db, int64_t mission, struct error *err)
{
	int months[FOLLOWUP_OFFSETS_MAX];
	size_t n_months;
	char back[11];
	sqlite3_stmt *firms = NULL, *upsert = NULL, *st;
	json_t *ids = json_array(), *offsets = json_array();
	char *ids_text = NULL, *offsets_text = NULL;
	int status, rc;

	if ((status = plan_months(db, mission, months, &n_months, err)) ||
	    (status = return_day(db, mission, back, err)))
		goto cleanup;
	for (size_t i = 0; i < n_months; i++)
		json_array_append_new(offsets, json_integer(months[i]));
	if (back[0]) {
		if ((status = sqlite_prepare(db, FIRMS_SQL, &firms, err)) ||
		    (status = sqlite_prepare(db, "INSERT INTO survey (mission_id,"
				" organisation_id, months, due_on) VALUES (?, ?, ?, ?)"
				" ON CONFLICT (mission_id, organisation_id, months)"
				" DO UPDATE SET due_on = excluded.due_on, version = version + 1"
				" WHERE answered_utc IS NULL AND due_on <> excluded.due_on",
				&upsert, err)))
			goto cleanup;
		sqlite3_bind_int64(firms, 1, mission);
		while ((rc = sqlite3_step(firms)) == SQLITE_ROW) {
			int64_t org = sqlite3_column_int64(firms, 0);

			json_array_append_new(ids, json_integer(org));
			for (size_t i = 0; i < n_months; i++) {
				char due[11];

				followup_add_months(back, months[i], due);
				sqlite3_bind_int64(upsert, 1, mission);
				sqlite3_bind_int64(upsert, 2, org);
				sqlite3_bind_int(upsert, 3, months[i]);
				sqlite3_bind_text(upsert, 4, due, -1, SQLITE_TRANSIENT);
				if (sqlite3_step(upsert) != SQLITE_DONE) {
					status = sqlite_fail(db, err, "survey");
					goto cleanup;
				}
				sqlite3_reset(upsert);
			}
		}
		if (rc != SQLITE_DONE) {
			status = sqlite_fail(db, err, "firms of a mission");
			goto cleanup;
		}
	}
	/* What no longer applies goes, unless it was answered. */
	ids_text = json_dumps(ids, JSON_COMPACT);
	offsets_text = json_dumps(offsets, JSON_COMPACT);
	if ((status = sqlite_prepare(db, "DELETE FROM survey WHERE mission_id = ?"
			" AND answered_utc IS NULL"
			" AND (organisation_id NOT IN (SELECT value FROM json_each(?))"
			"  OR months NOT IN (SELECT value FROM json_each(?)))", &st, err)))
		goto cleanup;
	sqlite3_bind_int64(st, 1, mission);
	sqlite3_bind_text(st, 2, ids_text, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, offsets_text, -1, SQLITE_STATIC);
	status = sqlite_followup_step(db, st, err, "survey");
cleanup:
	sqlite3_finalize(firms);
	sqlite3_finalize(upsert);
	free(ids_text);
	free(offsets_text);
	json_decref(ids);
	json_decref(offsets);
	return status;
}

/* Brings the marked missions up to date, SYNC_BATCH per transaction. */
static int sync_marked(struct store *s, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;

	for (;;) {
		int64_t missions[SYNC_BATCH];
		size_t n = 0;
		sqlite3_stmt *st;
		int status = 0;

		if (sqlite_prepare(db, "SELECT mission_id FROM survey_dirty LIMIT ?",
				   &st, err))
			return ERROR_STORE;
		sqlite3_bind_int(st, 1, SYNC_BATCH);
		while (sqlite3_step(st) == SQLITE_ROW)
			missions[n++] = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (n == 0)
			return 0;
		if (sqlite_begin(db, err))
			return ERROR_STORE;
		for (size_t i = 0; i < n && status == 0; i++) {
			status = sync_mission(db, missions[i], err);
			if (status == 0 &&
			    sqlite_prepare(db, "DELETE FROM survey_dirty WHERE mission_id = ?",
					   &st, err) == 0) {
				sqlite3_bind_int64(st, 1, missions[i]);
				status = sqlite_followup_step(db, st, err, "survey");
			} else if (status == 0) {
				status = ERROR_STORE;
			}
		}
		if (status) {
			sqlite_rollback(db);
			return status;
		}
		if (sqlite_commit(db, err))
			return ERROR_STORE;
		if (n < SYNC_BATCH)
			return 0;
	}
}

/* The columns of a survey as JSON; ?1 is today, ?2 the day before which
 * an unanswered survey is overdue. */
#define SURVEY_SELECT \
	"SELECT s.id, s.mission_id, m.slug, m.title_ko, m.title_en," \
	" s.organisation_id, o.key, o.name_ko, o.name_en, s.months, s.due_on," \
	" CASE WHEN s.answered_utc IS NOT NULL THEN 'answered'" \
	"  WHEN s.due_on > ?1 THEN 'upcoming'" \
	"  WHEN s.due_on > ?2 THEN 'due' ELSE 'overdue' END," \
	" s.answered_utc, s.outcome, s.reason, s.answer, s.reminded_utc," \
	" s.version," \
	" (SELECT count(*) FROM reminder r WHERE r.survey_id = s.id AND r.ok)" \
	" FROM survey s JOIN mission m ON m.id = s.mission_id" \
	" JOIN organisation o ON o.id = s.organisation_id"

static json_t *column_or_null(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_NULL: return json_null();
	case SQLITE_INTEGER: return json_integer(sqlite3_column_int64(st, i));
	default: return json_string((const char *)sqlite3_column_text(st, i));
	}
}

static json_t *survey_json(sqlite3_stmt *st)
{
	const char *answer = (const char *)sqlite3_column_text(st, 15);
	json_t *parsed = answer ? json_loads(answer, 0, NULL) : NULL;

	return json_pack("{sI sI ss s{so so} sI ss s{so so} sI ss ss so so so"
			 " so so sI sI}",
		"id", (json_int_t)sqlite3_column_int64(st, 0),
		"mission_id", (json_int_t)sqlite3_column_int64(st, 1),
		"mission_slug", (const char *)sqlite3_column_text(st, 2),
		"mission_title", "ko", column_or_null(st, 3), "en", column_or_null(st, 4),
		"organisation_id", (json_int_t)sqlite3_column_int64(st, 5),
		"organisation_key", (const char *)sqlite3_column_text(st, 6),
		"organisation_name", "ko", column_or_null(st, 7),
		"en", column_or_null(st, 8),
		"months", (json_int_t)sqlite3_column_int64(st, 9),
		"due_on", (const char *)sqlite3_column_text(st, 10),
		"state", (const char *)sqlite3_column_text(st, 11),
		"answered_utc", column_or_null(st, 12),
		"outcome", column_or_null(st, 13),
		"reason", column_or_null(st, 14),
		"answer", parsed ? parsed : json_null(),
		"reminded_utc", column_or_null(st, 16),
		"version", (json_int_t)sqlite3_column_int64(st, 17),
		"reminders", (json_int_t)sqlite3_column_int64(st, 18));
}

static void bind_days(sqlite3_stmt *st, const char *today)
{
	char cut[11];

	followup_add_days(today, -FOLLOWUP_GRACE_DAYS, cut);
	sqlite3_bind_text(st, 1, today, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, cut, -1, SQLITE_TRANSIENT);
}

static int survey_list(struct store *s, const struct followup_query *q,
		       const struct store_actor *who, json_t **out,
		       struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	static const char *const states[] = {
		[FOLLOWUP_ANY] = "",
		[FOLLOWUP_UPCOMING] = " AND s.answered_utc IS NULL AND s.due_on > ?1",
		[FOLLOWUP_DUE] = " AND s.answered_utc IS NULL AND s.due_on <= ?1"
			" AND s.due_on > ?2",
		[FOLLOWUP_OVERDUE] = " AND s.answered_utc IS NULL AND s.due_on <= ?2",
		[FOLLOWUP_ANSWERED] = " AND s.answered_utc IS NOT NULL",
	};
	int64_t org = q->organisation_id;
	char after_day[11] = "";
	int64_t after_id = 0;
	sqlite3_stmt *st;
	struct buf sql;
	json_t *items;
	int rc, n = 0;

	if (q->cursor) {
		char tail;

		int y, m, d;

		if (strlen(q->cursor) >= 12 && q->cursor[10] == '.') {
			memcpy(after_day, q->cursor, 10);
			after_day[10] = '\0';
		}
		if (after_day[0] == '\0' || date_parse(after_day, &y, &m, &d) ||
		    sscanf(q->cursor + 11, "%" SCNd64 "%c", &after_id, &tail) != 1)
			return error_set(err, ERROR_USAGE, "cursor: not one this API gave");
	}
	/* A company sees its own firm's only: asking for another's finds none. */
	if (who && who->company_org)
		org = org && org != who->company_org ? -1 : who->company_org;
	if ((rc = sync_marked(s, err)) != 0)
		return rc;
	buf_init(&sql, 4096);
	buf_puts(&sql, SURVEY_SELECT " WHERE 1");
	if (q->mission_id)
		buf_puts(&sql, " AND s.mission_id = ?3");
	if (org)
		buf_puts(&sql, " AND s.organisation_id = ?4");
	buf_puts(&sql, states[q->state]);
	if (q->cursor)
		buf_puts(&sql, " AND (s.due_on, s.id) > (?5, ?6)");
	buf_puts(&sql, " ORDER BY s.due_on, s.id LIMIT ?7");
	rc = sqlite_prepare(db, buf_str(&sql), &st, err);
	buf_free(&sql);
	if (rc)
		return ERROR_STORE;
	bind_days(st, q->today);
	sqlite3_bind_int64(st, 3, q->mission_id);
	sqlite3_bind_int64(st, 4, org);
	sqlite3_bind_text(st, 5, after_day, -1, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 6, after_id);
	sqlite3_bind_int(st, 7, q->limit + 1);
	items = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < q->limit) {
		json_array_append_new(items, survey_json(st));
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(items);
		return sqlite_fail(db, err, "surveys");
	}
	if (rc == SQLITE_ROW) {
		json_t *last = json_array_get(items, json_array_size(items) - 1);
		char cursor[48];

		snprintf(cursor, sizeof cursor, "%s.%" JSON_INTEGER_FORMAT,
			 json_string_value(json_object_get(last, "due_on")),
			 json_integer_value(json_object_get(last, "id")));
		*out = json_pack("{so ss}", "items", items, "next_cursor", cursor);
	} else {
		*out = json_pack("{so sn}", "items", items, "next_cursor");
	}
	return 0;
}

/* One survey the actor may see, as JSON; ERROR_NOT_FOUND otherwise. */
static int survey_read(sqlite3 *db, int64_t id, const char *today,
		       const struct store_actor *who, json_t **out,
		       struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, SURVEY_SELECT " WHERE s.id = ?3"
			   " AND (?4 = 0 OR s.organisation_id = ?4)", &st, err))
		return ERROR_STORE;
	bind_days(st, today);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int64(st, 4, who ? who->company_org : 0);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = survey_json(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ERROR_NOT_FOUND, "no survey %" PRId64, id);
	return rc == SQLITE_ROW ? 0 : sqlite_fail(db, err, "survey");
}

static int survey_get(struct store *s, int64_t id, const char *today,
		      const struct store_actor *who, json_t **out,
		      struct error *err)
{
	int rc = sync_marked(s, err);

	return rc ? rc : survey_read(((struct sqlite_store *)s)->db, id, today,
				     who, out, err);
}

/* An export the firm realised under one of its agreements. */
static int add_export(sqlite3 *db, int64_t firm, size_t i,
		      const struct followup_export *x,
		      const struct store_actor *who, json_t *ids,
		      struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	bool sale;

	if (sqlite_prepare(db, "SELECT a.kind IN ('contract', 'purchase_order')"
			   " FROM agreement_party p JOIN agreement a ON a.id = p.agreement_id"
			   " WHERE p.agreement_id = ? AND p.organisation_id = ?", &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, x->agreement_id);
	sqlite3_bind_int64(st, 2, firm);
	rc = sqlite3_step(st);
	sale = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return error_set(err, ERROR_INVALID,
				 "/exports/%zu/agreement_id: agreement %" PRId64
				 " is not one the firm is a party to", i, x->agreement_id);
	if (!sale)
		return error_set(err, ERROR_INVALID,
				 "/exports/%zu/agreement_id: agreement %" PRId64
				 " is not a contract or purchase order; only sales are"
				 " realised", i, x->agreement_id);
	if (sqlite_prepare(db, "INSERT INTO realisation (agreement_id, on_date,"
			   " value_minor, value_currency, evidence_kind,"
			   " evidence_reference) VALUES (?, ?, ?, ?, ?, ?)", &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, x->agreement_id);
	sqlite3_bind_text(st, 2, x->on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, x->value_minor);
	sqlite3_bind_text(st, 4, x->currency, -1, SQLITE_STATIC);
	sqlite_bind_str(st, 5, x->evidence_kind);
	sqlite_bind_str(st, 6, x->evidence_reference);
	if (sqlite_followup_step(db, st, err, "realisation"))
		return ERROR_STORE;
	json_array_append_new(ids, json_integer(sqlite3_last_insert_rowid(db)));
	return sqlite_audit_add(db, who, "create", "realisation",
				sqlite3_last_insert_rowid(db), 0, x->summary, err);
}

/* A contract signed after the mission: an agreement of the mission with
 * the firm as seller and the buyer as buyer. */
static int add_contract(sqlite3 *db, int64_t survey, int64_t mission,
			int64_t firm, size_t i, const struct followup_contract *c,
			const struct store_actor *who, json_t *ids,
			struct error *err)
{
	sqlite3_stmt *st;
	char key[64];
	int64_t agreement;
	int rc;

	if (sqlite_prepare(db, "SELECT 1 FROM organisation WHERE id = ? AND id <> ?",
			   &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, c->buyer_id);
	sqlite3_bind_int64(st, 2, firm);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return error_set(err, ERROR_INVALID, "/contracts/%zu/buyer_id: no"
				 " organisation %" PRId64 " other than the firm", i,
				 c->buyer_id);
	snprintf(key, sizeof key, "survey-%" PRId64 "-contract-%zu", survey, i + 1);
	if (sqlite_prepare(db, "INSERT INTO agreement (key, kind, title_ko, title_en,"
			   " mission_id, signed_on, home_role, value_minor, currency,"
			   " status) VALUES (?, 'contract', ?, ?, ?, ?, 'none', ?, ?,"
			   " 'signed')", &st, err))
		return ERROR_STORE;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite_bind_str(st, 2, c->title);
	sqlite_bind_str(st, 3, c->title);
	sqlite3_bind_int64(st, 4, mission);
	sqlite3_bind_text(st, 5, c->signed_on, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, c->value_minor);
	sqlite3_bind_text(st, 7, c->currency, -1, SQLITE_STATIC);
	if (sqlite_followup_step(db, st, err, "agreement"))
		return ERROR_STORE;
	agreement = sqlite3_last_insert_rowid(db);
	if (sqlite_prepare(db, "INSERT INTO agreement_party (agreement_id, position,"
			   " organisation_id, role) VALUES (?1, 0, ?2, 'seller'),"
			   " (?1, 1, ?3, 'buyer')", &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, agreement);
	sqlite3_bind_int64(st, 2, firm);
	sqlite3_bind_int64(st, 3, c->buyer_id);
	if (sqlite_followup_step(db, st, err, "agreement party"))
		return ERROR_STORE;
	json_array_append_new(ids, json_integer(agreement));
	return sqlite_audit_add(db, who, "create", "agreement", agreement, 0,
				c->summary, err);
}

static int survey_answer(struct store *s, int64_t id,
			 const struct followup_answer *a, const char *today,
			 const struct store_actor *who, json_t **out,
			 struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	json_t *current = NULL, *realisations = json_array(), *agreements = json_array();
	json_t *answer = NULL;
	char *answer_text = NULL;
	int64_t firm, mission;
	int status;

	if ((status = sync_marked(s, err)) || (status = sqlite_begin(db, err)))
		goto cleanup;
	if ((status = survey_read(db, id, today, who, &current, err)))
		goto rollback;
	if (!json_is_null(json_object_get(current, "answered_utc"))) {
		status = error_set(err, ERROR_CONFLICT, "survey %" PRId64
				   " was answered already", id);
		goto rollback;
	}
	firm = json_integer_value(json_object_get(current, "organisation_id"));
	mission = json_integer_value(json_object_get(current, "mission_id"));
	for (size_t i = 0; i < a->n_exports; i++)
		if ((status = add_export(db, firm, i, &a->exports[i], who,
					 realisations, err)))
			goto rollback;
	for (size_t i = 0; i < a->n_contracts; i++)
		if ((status = add_contract(db, id, mission, firm, i, &a->contracts[i],
					   who, agreements, err)))
			goto rollback;
	answer = json_pack("{sO sO so}", "realisation_ids", realisations,
			   "agreement_ids", agreements, "note",
			   a->note ? json_string(a->note) : json_null());
	answer_text = json_dumps(answer, JSON_COMPACT);
	if ((status = sqlite_prepare(db, "UPDATE survey SET answered_utc = ?,"
			" answered_by = nullif(?, 0), outcome = ?, reason = ?, answer = ?,"
			" version = version + 1 WHERE id = ?", &st, err)))
		goto rollback;
	sqlite3_bind_int64(st, 1, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 2, who ? who->user_id : 0);
	sqlite3_bind_text(st, 3, a->no_result ? "no_result" : "results", -1,
			  SQLITE_STATIC);
	sqlite_bind_str(st, 4, a->reason);
	sqlite_bind_str(st, 5, answer_text);
	sqlite3_bind_int64(st, 6, id);
	if ((status = sqlite_followup_step(db, st, err, "survey")) ||
	    (status = sqlite_audit_add(db, who, "answer", "survey", id, 0,
				       a->summary, err)))
		goto rollback;
	json_decref(current);
	current = NULL;
	if ((status = survey_read(db, id, today, who, out, err)) ||
	    (status = sqlite_commit(db, err)))
		goto rollback;
	goto cleanup;
rollback:
	sqlite_rollback(db);
cleanup:
	free(answer_text);
	json_decref(answer);
	json_decref(current);
	json_decref(realisations);
	json_decref(agreements);
	return status;
}

static json_t *plan_json(int64_t mission, const int *months, size_t n)
{
	json_t *list = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(list, json_integer(months[i]));
	return json_pack("{sI so}", "mission_id", (json_int_t)mission, "months", list);
}

static int mission_exists(sqlite3 *db, int64_t mission, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, "SELECT 1 FROM mission WHERE id = ?", &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, mission);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ERROR_NOT_FOUND, "no mission %" PRId64, mission);
	return rc == SQLITE_ROW ? 0 : sqlite_fail(db, err, "mission");
}

static int plan_get(struct store *s, int64_t mission, json_t **out,
		    struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	int months[FOLLOWUP_OFFSETS_MAX];
	size_t n;
	int status;

	if ((status = mission_exists(db, mission, err)) ||
	    (status = plan_months(db, mission, months, &n, err)))
		return status;
	*out = plan_json(mission, months, n);
	return 0;
}

static int plan_set(struct store *s, int64_t mission, const int *months,
		    size_t n, const struct store_actor *who, json_t **out,
		    struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	struct buf text;
	int status;

	if ((status = followup_months_check(months, n, err)))
		return status;
	buf_init(&text, 256);
	for (size_t i = 0; i < n; i++)
		buf_printf(&text, "%s%d", i ? "," : "", months[i]);
	if ((status = sqlite_begin(db, err)))
		goto cleanup;
	if ((status = mission_exists(db, mission, err)) ||
	    (status = sqlite_prepare(db, "INSERT INTO survey_plan (mission_id, months)"
			" VALUES (?, ?) ON CONFLICT (mission_id) DO UPDATE"
			" SET months = excluded.months", &st, err)))
		goto rollback;
	sqlite3_bind_int64(st, 1, mission);
	sqlite3_bind_text(st, 2, buf_str(&text), -1, SQLITE_STATIC);
	if ((status = sqlite_followup_step(db, st, err, "survey plan")) ||
	    (status = sqlite_audit_add(db, who, "update", "survey plan", mission, 0,
				       buf_str(&text), err)) ||
	    (status = sqlite_commit(db, err)))
		goto rollback;
	*out = plan_json(mission, months, n);
	goto cleanup;
rollback:
	sqlite_rollback(db);
cleanup:
	buf_free(&text);
	return status ? status : sync_marked(s, err);
}

static int mission_surveys(struct store *s, int64_t mission, json_t **out,
			   struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	json_t *items;
	int rc;

	/* Calendars may be read from a read-only store: then they show the
	 * surveys as last brought up to date. */
	sync_marked(s, NULL);
	if (sqlite_prepare(db, "SELECT s.id, s.organisation_id, o.key, o.name_ko,"
			   " o.name_en, s.months, s.due_on FROM survey s"
			   " JOIN organisation o ON o.id = s.organisation_id"
			   " WHERE s.mission_id = ? AND s.answered_utc IS NULL"
			   " ORDER BY s.due_on, s.id", &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, mission);
	items = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(items, json_pack("{sI sI ss s{so so} sI ss}",
			"id", (json_int_t)sqlite3_column_int64(st, 0),
			"organisation_id", (json_int_t)sqlite3_column_int64(st, 1),
			"organisation_key", (const char *)sqlite3_column_text(st, 2),
			"organisation_name", "ko", column_or_null(st, 3),
			"en", column_or_null(st, 4),
			"months", (json_int_t)sqlite3_column_int64(st, 5),
			"due_on", (const char *)sqlite3_column_text(st, 6)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sqlite_fail(db, err, "surveys");
	}
	*out = json_pack("{so}", "items", items);
	return 0;
}

/* Column i into out; text longer than out is cut before a whole UTF-8
 * character, never inside one. */
static void copy_column(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const char *v = (const char *)sqlite3_column_text(st, i);
	size_t n = v ? strlen(v) : 0;

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)v[n] & 0xC0) == 0x80)
			n--;
	}
	if (n > 0)
		memcpy(out, v, n);
	out[n] = '\0';
}

static int smtp_get(struct store *s, struct followup_smtp *out,
		    struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, "SELECT url, sender, username, password, starttls"
			   " FROM smtp_config WHERE id = 1", &st, err))
		return ERROR_STORE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		copy_column(st, 0, out->url, sizeof out->url);
		copy_column(st, 1, out->sender, sizeof out->sender);
		copy_column(st, 2, out->username, sizeof out->username);
		copy_column(st, 3, out->password, sizeof out->password);
		out->starttls = sqlite3_column_int(st, 4) != 0;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ERROR_NOT_FOUND, "no SMTP server is configured;"
				 " see pavilion smtp set --help");
	return rc == SQLITE_ROW ? 0 : sqlite_fail(db, err, "smtp");
}

static int smtp_set(struct store *s, const struct followup_smtp *in,
		    const struct store_actor *who, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	char detail[700];
	int status;

	if ((status = sqlite_begin(db, err)))
		return status;
	if ((status = sqlite_prepare(db, "INSERT INTO smtp_config (id, url, sender,"
			" username, password, starttls) VALUES (1, ?, ?, nullif(?, ''),"
			" nullif(?, ''), ?) ON CONFLICT (id) DO UPDATE SET url = excluded.url,"
			" sender = excluded.sender, username = excluded.username,"
			" password = excluded.password, starttls = excluded.starttls,"
			" version = version + 1", &st, err)))
		goto rollback;
	sqlite3_bind_text(st, 1, in->url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->sender, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, in->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->password, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 5, in->starttls);
	/* The audit names the server, never the password. */
	snprintf(detail, sizeof detail, "%s from %s%s", in->url, in->sender,
		 in->starttls ? " (STARTTLS)" : "");
	if ((status = sqlite_followup_step(db, st, err, "smtp")) ||
	    (status = sqlite_audit_add(db, who, "update", "smtp", 1, 0, detail, err)) ||
	    (status = sqlite_commit(db, err)))
		goto rollback;
	return 0;
rollback:
	sqlite_rollback(db);
	return status;
}

static int remind_due(struct store *s, const char *today, int64_t now,
		      struct followup_due *out, size_t max, size_t *n,
		      struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st, *to;
	int rc;

	*n = 0;
	if ((rc = sync_marked(s, err)))
		return rc;
	if (sqlite_prepare(db, "SELECT s.id, s.months, s.due_on, m.slug, m.title_ko,"
			   " m.title_en, o.name_ko, o.name_en, s.organisation_id"
			   " FROM survey s JOIN mission m ON m.id = s.mission_id"
			   " JOIN organisation o ON o.id = s.organisation_id"
			   " WHERE s.answered_utc IS NULL AND s.due_on <= ?"
			   " AND (s.reminded_utc IS NULL OR s.reminded_utc <= ?)"
			   " ORDER BY s.due_on, s.id LIMIT ?", &st, err))
		return ERROR_STORE;
	if (sqlite_prepare(db, "SELECT DISTINCT email FROM person"
			   " WHERE organisation_id = ? AND email LIKE '%_@_%'"
			   " ORDER BY id LIMIT ?", &to, err)) {
		sqlite3_finalize(st);
		return ERROR_STORE;
	}
	sqlite3_bind_text(st, 1, today, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now - (int64_t)FOLLOWUP_REMIND_EVERY_DAYS * 86400);
	sqlite3_bind_int64(st, 3, (int64_t)max);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct followup_due *d = &out[(*n)++];

		memset(d, 0, sizeof *d);
		d->survey_id = sqlite3_column_int64(st, 0);
		d->months = sqlite3_column_int64(st, 1);
		copy_column(st, 2, d->due_on, sizeof d->due_on);
		copy_column(st, 3, d->mission_slug, sizeof d->mission_slug);
		copy_column(st, 4, d->mission_ko, sizeof d->mission_ko);
		copy_column(st, 5, d->mission_en, sizeof d->mission_en);
		copy_column(st, 6, d->firm_ko, sizeof d->firm_ko);
		copy_column(st, 7, d->firm_en, sizeof d->firm_en);
		sqlite3_bind_int64(to, 1, sqlite3_column_int64(st, 8));
		sqlite3_bind_int(to, 2, FOLLOWUP_RECIPIENTS_MAX);
		while (sqlite3_step(to) == SQLITE_ROW)
			copy_column(to, 0, d->to[d->n_to++], sizeof d->to[0]);
		sqlite3_reset(to);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(to);
	return rc == SQLITE_DONE ? 0 : sqlite_fail(db, err, "reminders");
}

static int remind_done(struct store *s, int64_t survey, int64_t now,
		       const char *recipients, bool ok, const char *error,
		       struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	int status;

	if ((status = sqlite_begin(db, err)))
		return status;
	if ((status = sqlite_prepare(db, "INSERT INTO reminder (survey_id, sent_utc,"
			" recipients, ok, error) VALUES (?, ?, ?, ?, ?)", &st, err)))
		goto rollback;
	sqlite3_bind_int64(st, 1, survey);
	sqlite3_bind_int64(st, 2, now);
	sqlite3_bind_text(st, 3, recipients, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, ok);
	sqlite_bind_str(st, 5, error);
	if ((status = sqlite_followup_step(db, st, err, "reminder")))
		goto rollback;
	if (ok) {
		if ((status = sqlite_prepare(db, "UPDATE survey SET reminded_utc = ?"
				" WHERE id = ?", &st, err)))
			goto rollback;
		sqlite3_bind_int64(st, 1, now);
		sqlite3_bind_int64(st, 2, survey);
		if ((status = sqlite_followup_step(db, st, err, "survey")))
			goto rollback;
	}
	if ((status = sqlite_commit(db, err)))
		goto rollback;
	return 0;
rollback:
	sqlite_rollback(db);
	return status;
}

int sqlite_survey_status(struct store *s, int64_t mission,
			 struct survey_status *out, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	char today[11], cut[11];
	time_t now = time(NULL);
	struct tm tm;
	int rc;

	/* A read-only store, or one inside a transaction, counts the surveys
	 * as they were last brought up to date. */
	sync_marked(s, NULL);
	gmtime_r(&now, &tm);
	strftime(today, sizeof today, "%Y-%m-%d", &tm);
	followup_add_days(today, -FOLLOWUP_GRACE_DAYS, cut);
	if (sqlite_prepare(db, "SELECT coalesce(sum(answered_utc IS NOT NULL), 0),"
			   " coalesce(sum(answered_utc IS NULL AND due_on > ?2), 0),"
			   " coalesce(sum(answered_utc IS NULL AND due_on <= ?2), 0)"
			   " FROM survey WHERE mission_id = ?1", &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, mission);
	sqlite3_bind_text(st, 2, cut, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->answered = sqlite3_column_int(st, 0);
		out->due = sqlite3_column_int(st, 1);
		out->overdue = sqlite3_column_int(st, 2);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : sqlite_fail(db, err, "surveys");
}

const struct followup_ops sqlite_followup_ops = {
	.evidence_add = sqlite_evidence_add,
	.evidence_list = sqlite_evidence_list,
	.evidence_get = sqlite_evidence_get,
	.evidence_delete = sqlite_evidence_delete,
	.sync = sync_marked,
	.survey_list = survey_list,
	.survey_get = survey_get,
	.survey_answer = survey_answer,
	.plan_get = plan_get,
	.plan_set = plan_set,
	.mission_surveys = mission_surveys,
	.smtp_get = smtp_get,
	.smtp_set = smtp_set,
	.remind_due = remind_due,
	.remind_done = remind_done,
};

const struct followup_ops *store_followup(struct store *s)
{
	return s->ops->followup;
}
