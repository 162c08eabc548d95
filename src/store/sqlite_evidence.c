/* sqlite_evidence.c: evidence files of realisations, stored by SHA-256.
 *
 * evidence_blob holds each distinct content once; evidence_file ties a
 * content to a realisation with the name and type it was uploaded under.
 * A company account reaches the files of realisations under agreements
 * it is a party to, and nothing else (not found, as if absent).  A blob
 * no file refers to any more is deleted with its last file, by the
 * schema's trigger, whatever deleted the file.
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sqlite_followup.h"

/* ?1 a realisation's id, ?2 the company (0: anyone). */
#define VISIBLE_SQL \
	"SELECT 1 FROM realisation r WHERE r.id = ?1 AND (?2 = 0 OR" \
	" r.agreement_id IN (SELECT agreement_id FROM agreement_party" \
	"  WHERE organisation_id = ?2))"

#define EVIDENCE_SELECT \
	"SELECT f.id, f.realisation_id, f.sha256, f.name, f.content_type," \
	" f.size, f.uploaded_utc, u.username FROM evidence_file f" \
	" LEFT JOIN app_user u ON u.id = f.uploaded_by"

static int64_t company(const struct store_actor *who)
{
	return who ? who->company_org : 0;
}

static int visible(sqlite3 *db, int64_t realisation,
		   const struct store_actor *who, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, VISIBLE_SQL, &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, realisation);
	sqlite3_bind_int64(st, 2, company(who));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ERROR_NOT_FOUND, "no realisation %" PRId64,
				 realisation);
	return rc == SQLITE_ROW ? 0 : sqlite_fail(db, err, "realisation");
}

static json_t *evidence_json(sqlite3_stmt *st)
{
	const char *name = (const char *)sqlite3_column_text(st, 3);
	const char *user = (const char *)sqlite3_column_text(st, 7);

	return json_pack("{sI sI ss so ss sI sI so}",
		"id", (json_int_t)sqlite3_column_int64(st, 0),
		"realisation_id", (json_int_t)sqlite3_column_int64(st, 1),
		"sha256", (const char *)sqlite3_column_text(st, 2),
		"name", name ? json_string(name) : json_null(),
		"content_type", (const char *)sqlite3_column_text(st, 4),
		"size", (json_int_t)sqlite3_column_int64(st, 5),
		"uploaded_utc", (json_int_t)sqlite3_column_int64(st, 6),
		"uploaded_by", user ? json_string(user) : json_null());
}

/* The evidence record of (realisation, sha256), or of id when sha256 is
 * NULL; ERROR_NOT_FOUND when there is none. */
static int read_one(sqlite3 *db, int64_t realisation, const char *sha256,
		    int64_t id, json_t **out, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, sha256 ? EVIDENCE_SELECT
			   " WHERE f.realisation_id = ? AND f.sha256 = ?" :
			   EVIDENCE_SELECT " WHERE f.id = ?", &st, err))
		return ERROR_STORE;
	if (sha256) {
		sqlite3_bind_int64(st, 1, realisation);
		sqlite3_bind_text(st, 2, sha256, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_int64(st, 1, id);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = evidence_json(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE)
		return error_set(err, ERROR_NOT_FOUND, "no evidence %" PRId64, id);
	return rc == SQLITE_ROW ? 0 : sqlite_fail(db, err, "evidence");
}

int sqlite_evidence_add(struct store *s, int64_t realisation,
			const struct followup_file *file,
			const struct store_actor *who, json_t **out,
			bool *created, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	int status;

	*created = false;
	if ((status = sqlite_begin(db, err)))
		return status;
	if ((status = visible(db, realisation, who, err)))
		goto rollback;
	if (read_one(db, realisation, file->sha256, 0, out, NULL) == 0)
		return sqlite_commit(db, err);
	if ((status = sqlite_prepare(db, "INSERT INTO evidence_blob (sha256, size,"
			" bytes) VALUES (?, ?, ?) ON CONFLICT (sha256) DO NOTHING",
			&st, err)))
		goto rollback;
	sqlite3_bind_text(st, 1, file->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, (int64_t)file->size);
	sqlite3_bind_blob64(st, 3, file->bytes, file->size, SQLITE_STATIC);
	if ((status = sqlite_followup_step(db, st, err, "evidence")) ||
	    (status = sqlite_prepare(db, "INSERT INTO evidence_file (realisation_id,"
			" sha256, name, content_type, size, uploaded_utc, uploaded_by)"
			" VALUES (?, ?, ?, ?, ?, ?, nullif(?, 0))", &st, err)))
		goto rollback;
	sqlite3_bind_int64(st, 1, realisation);
	sqlite3_bind_text(st, 2, file->sha256, -1, SQLITE_STATIC);
	sqlite_bind_str(st, 3, file->name);
	sqlite3_bind_text(st, 4, file->content_type, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)file->size);
	sqlite3_bind_int64(st, 6, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 7, who ? who->user_id : 0);
	if ((status = sqlite_followup_step(db, st, err, "evidence")) ||
	    (status = sqlite_audit_add(db, who, "create", "evidence",
				       sqlite3_last_insert_rowid(db), realisation,
				       file->sha256, err)) ||
	    (status = read_one(db, realisation, file->sha256, 0, out, err)))
		goto rollback;
	if ((status = sqlite_commit(db, err))) {
		json_decref(*out);
		*out = NULL;
		return status;
	}
	*created = true;
	return 0;
rollback:
	sqlite_rollback(db);
	return status;
}

int sqlite_evidence_list(struct store *s, int64_t realisation,
			 const struct store_actor *who, json_t **out,
			 struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	json_t *items;
	int rc;

	if ((rc = visible(db, realisation, who, err)))
		return rc;
	if (sqlite_prepare(db, EVIDENCE_SELECT " WHERE f.realisation_id = ?"
			   " ORDER BY f.id LIMIT ?", &st, err))
		return ERROR_STORE;
	sqlite3_bind_int64(st, 1, realisation);
	sqlite3_bind_int(st, 2, STORE_PAGE_MAX);
	items = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(items, evidence_json(st));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sqlite_fail(db, err, "evidence");
	}
	*out = json_pack("{so}", "items", items);
	return 0;
}

/* The record of id when the actor may see its realisation. */
static int read_visible(sqlite3 *db, int64_t id, const struct store_actor *who,
			json_t **out, struct error *err)
{
	json_t *rec = NULL;
	int status;

	if ((status = read_one(db, 0, NULL, id, &rec, err)))
		return status;
	status = visible(db, json_integer_value(json_object_get(rec,
		"realisation_id")), who, err);
	if (status == ERROR_NOT_FOUND)
		error_set(err, ERROR_NOT_FOUND, "no evidence %" PRId64, id);
	if (status) {
		json_decref(rec);
		return status;
	}
	*out = rec;
	return 0;
}

int sqlite_evidence_get(struct store *s, int64_t id,
			const struct store_actor *who, json_t **out,
			unsigned char **bytes, size_t *size, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	json_t *rec = NULL;
	int status, rc;

	if ((status = sqlite_exec(db, "BEGIN", err)))
		return status;
	if ((status = read_visible(db, id, who, &rec, err)))
		goto done;
	if (bytes) {
		if ((status = sqlite_prepare(db, "SELECT bytes FROM evidence_blob"
				" WHERE sha256 = ?", &st, err)))
			goto done;
		sqlite3_bind_text(st, 1, json_string_value(json_object_get(rec, "sha256")),
				  -1, SQLITE_TRANSIENT);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*size = (size_t)sqlite3_column_bytes(st, 0);
			*bytes = malloc(*size ? *size : 1);
			if (*bytes == NULL)
				status = error_set(err, ERROR_NOMEM, "out of memory");
			else
				memcpy(*bytes, sqlite3_column_blob(st, 0), *size);
		} else {
			status = sqlite_fail(db, err, "evidence");
		}
		sqlite3_finalize(st);
	}
done:
	sqlite_rollback(db);
	if (status) {
		json_decref(rec);
		return status;
	}
	*out = rec;
	return 0;
}

int sqlite_evidence_delete(struct store *s, int64_t id,
			   const struct store_actor *who, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	json_t *rec = NULL;
	int status;

	if ((status = sqlite_begin(db, err)))
		return status;
	if ((status = read_visible(db, id, who, &rec, err)))
		goto rollback;
	/* A company deletes only what it uploaded itself. */
	if ((status = sqlite_prepare(db, "DELETE FROM evidence_file WHERE id = ?"
			" AND (?2 = 0 OR uploaded_by = ?3)", &st, err)))
		goto rollback;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, company(who));
	sqlite3_bind_int64(st, 3, who ? who->user_id : 0);
	if ((status = sqlite_followup_step(db, st, err, "evidence")))
		goto rollback;
	if (sqlite3_changes(db) == 0) {
		status = error_set(err, ERROR_DENIED, "a company account deletes only"
				   " the evidence it uploaded");
		goto rollback;
	}
	/* The content goes with its last file (trigger evidence_blob_unused). */
	if ((status = sqlite_audit_add(db, who, "delete", "evidence", id,
			json_integer_value(json_object_get(rec, "realisation_id")),
			json_string_value(json_object_get(rec, "sha256")), err)) ||
	    (status = sqlite_commit(db, err)))
		goto rollback;
	json_decref(rec);
	return 0;
rollback:
	sqlite_rollback(db);
	json_decref(rec);
	return status;
}
