/* sqlite_accounts.c: accounts, login sessions and API tokens.
 *
 * Sessions and tokens are kept only as hashes of the secret the client
 * holds, so a copy of the database does not let anyone log in.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/sqlite_http.h"

static void copy_column(sqlite3_stmt *st, int i, char *out, size_t size)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	snprintf(out, size, "%s", s ? (const char *)s : "");
}

/* Whether sql, with ?1 bound to id and ?2 to text (where it has them),
 * gives a row. */
static int row_exists(sqlite3 *db, const char *sql, int64_t id,
		      const char *text, bool *found, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, sql, &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_int64(st, 1, id);
	sqlite_bind_str(st, 2, text);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_fail(db, err, "account check");
	*found = rc == SQLITE_ROW;
	return 0;
}

/* User names are compared without regard to (ASCII) case. */
static int name_free(sqlite3 *db, const char *username, struct error *err)
{
	bool taken;
	int status = row_exists(db, "SELECT 1 FROM app_user WHERE"
				" username = ?2 COLLATE NOCASE", 0, username,
				&taken, err);

	if (status == 0 && taken)
		return error_set(err, ERROR_CONFLICT, "user name \"%s\" is taken"
				 " (names are the same whatever their case)", username);
	return status;
}

/* A company account belongs to an organisation that exists, unless it is
 * disabled; other accounts belong to none.  The one rule for every way
 * an account is made or changed. */
static int organisation_fits(sqlite3 *db, const char *role,
			     int64_t organisation_id, bool disabled,
			     struct error *err)
{
	bool company = strcmp(role, "company") == 0, found = false;
	int status;

	if (!company && organisation_id > 0)
		return error_set(err, ERROR_INVALID, "organisation_id: only a"
				 " company account belongs to an organisation");
	if (!company || (disabled && organisation_id <= 0))
		return 0;
	if (organisation_id <= 0)
		return error_set(err, ERROR_INVALID, "organisation_id: a company"
				 " account needs the id of its organisation");
	status = row_exists(db, "SELECT 1 FROM organisation WHERE id = ?1",
			    organisation_id, NULL, &found, err);
	if (status == 0 && !found)
		return error_set(err, ERROR_INVALID, "organisation_id: no"
				 " organisation %" PRId64, organisation_id);
	return status;
}

#define USER_COLUMNS "u.id, u.username, u.role, coalesce(u.organisation_id, 0)," \
	" u.disabled, u.password_hash"

static void read_user(sqlite3_stmt *st, struct store_user *u)
{
	memset(u, 0, sizeof *u);
	u->id = sqlite3_column_int64(st, 0);
	copy_column(st, 1, u->username, sizeof u->username);
	copy_column(st, 2, u->role, sizeof u->role);
	u->organisation_id = sqlite3_column_int64(st, 3);
	u->disabled = sqlite3_column_int(st, 4) != 0;
	copy_column(st, 5, u->password_hash, sizeof u->password_hash);
}

int sqlite_user_add(struct store *s, const struct store_user *u,
		    const struct store_actor *who, int64_t *id,
		    struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st = NULL;
	int status;

	if ((status = sqlite_begin(db, err)) != 0)
		return status;
	if ((status = name_free(db, u->username, err)) != 0 ||
	    (status = organisation_fits(db, u->role, u->organisation_id,
					false, err)) != 0)
		goto fail;
	if ((status = sqlite_prepare(db,
		"INSERT INTO app_user (username, password_hash, role,"
		" organisation_id, disabled, created_utc)"
		" VALUES (?, ?, ?, nullif(?, 0), 0, ?)", &st, err)) != 0)
		goto fail;
	sqlite3_bind_text(st, 1, u->username, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, u->password_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, u->organisation_id);
	sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
	if (sqlite3_step(st) != SQLITE_DONE) {
		status = sqlite_fail(db, err, "add user");
		goto fail;
	}
	*id = sqlite3_last_insert_rowid(db);
	if ((status = sqlite_audit_add(db, who, "create", "user", *id, 0,
				       u->username, err)) != 0)
		goto fail;
	sqlite3_finalize(st);
	return sqlite_commit(db, err);
fail:
	sqlite3_finalize(st);
	sqlite_rollback(db);
	return status;
}

int sqlite_user_get(struct store *s, const char *username, int64_t id,
		    struct store_user *out, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, "SELECT " USER_COLUMNS " FROM app_user u"
			   " WHERE u.username = ?1 COLLATE NOCASE OR u.id = ?2",
			   &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite_bind_str(st, 1, id ? NULL : username);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_user(st, out);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return sqlite_fail(db, err, "user");
	return error_set(err, ERROR_NOT_FOUND, "no such user");
}

int sqlite_user_list(struct store *s, json_t **out, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	json_t *items = json_array();
	int rc;

	if (sqlite_prepare(db, "SELECT " USER_COLUMNS " FROM app_user u"
			   " ORDER BY u.id", &st, err)) {
		json_decref(items);
		return err ? (int)err->code : ERROR_STORE;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct store_user u;

		read_user(st, &u);
		json_array_append_new(items, json_pack("{sI ss ss so sb}",
			"id", (json_int_t)u.id, "username", u.username,
			"role", u.role, "organisation_id",
			u.organisation_id ? json_integer(u.organisation_id) : json_null(),
			"disabled", u.disabled));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sqlite_fail(db, err, "users");
	}
	*out = json_pack("{so}", "items", items);
	return 0;
}

/* Deletes the sessions and API tokens of user id. */
static int end_sessions(sqlite3 *db, int64_t id, struct error *err)
{
	static const char *const sql[] = {
		"DELETE FROM app_session WHERE user_id = ?",
		"DELETE FROM api_token WHERE user_id = ?",
	};

	for (size_t i = 0; i < sizeof sql / sizeof sql[0]; i++) {
		sqlite3_stmt *st;
		int rc;

		if (sqlite_prepare(db, sql[i], &st, err))
			return err ? (int)err->code : ERROR_STORE;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return sqlite_fail(db, err, "end sessions");
	}
	return 0;
}

int sqlite_user_update(struct store *s, int64_t id, const char *role,
		       const char *password_hash, int disabled,
		       int64_t organisation_id, const struct store_actor *who,
		       struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st = NULL;
	struct store_user now;
	int status;

	if ((status = sqlite_begin(db, err)) != 0)
		return status;
	if (organisation_id > 0 &&
	    (status = organisation_fits(db, "company", organisation_id, false,
					err)) != 0)
		goto fail;
	/* Leaving the company role without naming an organisation leaves
	 * the organisation too. */
	if ((status = sqlite_prepare(db,
		"UPDATE app_user SET role = coalesce(?1, role),"
		" password_hash = coalesce(?2, password_hash),"
		" disabled = CASE WHEN ?3 < 0 THEN disabled ELSE ?3 END,"
		" organisation_id = CASE WHEN ?4 >= 0 THEN nullif(?4, 0)"
		"  WHEN coalesce(?1, role) = 'company' THEN organisation_id END,"
		" version = version + 1 WHERE id = ?5",
		&st, err)) != 0)
		goto fail;
	sqlite_bind_str(st, 1, role);
	sqlite_bind_str(st, 2, password_hash);
	sqlite3_bind_int(st, 3, disabled);
	sqlite3_bind_int64(st, 4, organisation_id);
	sqlite3_bind_int64(st, 5, id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		status = sqlite_fail(db, err, "update user");
		goto fail;
	}
	if (sqlite3_changes(db) == 0) {
		status = error_set(err, ERROR_NOT_FOUND, "no user %" PRId64, id);
		goto fail;
	}
	sqlite3_finalize(st);
	st = NULL;
	if ((status = sqlite_user_get(s, NULL, id, &now, err)) != 0 ||
	    (status = organisation_fits(db, now.role, now.organisation_id,
					now.disabled, err)) != 0)
		goto fail;
	/* A disabled account or a new password ends every session and
	 * API token. */
	if ((disabled == 1 || password_hash != NULL) &&
	    (status = end_sessions(db, id, err)) != 0)
		goto fail;
	if ((status = sqlite_audit_add(db, who, password_hash ? "passwd" : "update",
				       "user", id, 0, role, err)) != 0)
		goto fail;
	sqlite3_finalize(st);
	return sqlite_commit(db, err);
fail:
	sqlite3_finalize(st);
	sqlite_rollback(db);
	return status;
}

int sqlite_session_add(struct store *s, const char *token_hash,
		       int64_t user_id, const char *csrf, int64_t expires,
		       struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, "INSERT INTO app_session (token_hash, user_id,"
			   " csrf, expires_utc) VALUES (?, ?, ?, ?)", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_text(st, 3, csrf, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, expires);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sqlite_fail(db, err, "add session");
	/* Expired sessions are swept as new ones arrive. */
	sqlite3_exec(db, "DELETE FROM app_session WHERE expires_utc < "
		     "CAST(strftime('%s', 'now') AS INTEGER)", NULL, NULL, NULL);
	return 0;
}

int sqlite_session_find(struct store *s, const char *token_hash, int64_t now,
			struct store_user *user, char *csrf, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	sqlite3 *db = ss->db;
	sqlite3_stmt *st;
	int rc;

	/* Runs on every request: its statements stay prepared. */
	if (sqlite_cached_prepare(ss, csrf ?
		"SELECT " USER_COLUMNS ", s.csrf FROM app_session s"
		" JOIN app_user u ON u.id = s.user_id"
		" WHERE s.token_hash = ?1 AND s.expires_utc > ?2" :
		"SELECT " USER_COLUMNS " FROM api_token t"
		" JOIN app_user u ON u.id = t.user_id WHERE t.token_hash = ?1"
		" AND t.expires_utc > ?2", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, now);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_user(st, user);
		if (csrf)
			copy_column(st, 6, csrf, STORE_SECRET_HEX + 1);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		sqlite_fail(db, err, "session");
	sqlite_cached_release(ss, st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return err ? (int)err->code : ERROR_STORE;
	return error_set(err, ERROR_NOT_FOUND, "no such session");
}

int sqlite_session_remove(struct store *s, const char *token_hash,
			  struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, "DELETE FROM app_session WHERE token_hash = ?",
			   &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sqlite_fail(db, err, "remove session");
}

/* {"items": [...]} of the rows st gives, one object a row, named by its
 * columns (integers, text, null); st is finalized. */
static int items_of(sqlite3 *db, sqlite3_stmt *st, const char *what,
		    json_t **out, struct error *err)
{
	json_t *items = json_array();
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *row = json_object();

		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *name = sqlite3_column_name(st, i);

			switch (sqlite3_column_type(st, i)) {
			case SQLITE_INTEGER:
				json_object_set_new(row, name, json_integer(
					sqlite3_column_int64(st, i)));
				break;
			case SQLITE_NULL:
				json_object_set_new(row, name, json_null());
				break;
			default:
				json_object_set_new(row, name, json_string(
					(const char *)sqlite3_column_text(st, i)));
				break;
			}
		}
		json_array_append_new(items, row);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sqlite_fail(db, err, what);
	}
	*out = json_pack("{so}", "items", items);
	return 0;
}

/* A one-statement write of an account's token or calendar feed, in its
 * own transaction with its audit row.  st is prepared and bound;
 * *record is the row's id, or 0 for the row st inserts.  No row changed
 * is ERROR_NOT_FOUND, missing. */
static int audited_write(sqlite3 *db, sqlite3_stmt *st, const char *action,
			 const char *resource, int64_t *record,
			 const char *missing, const char *detail,
			 const struct store_actor *who, struct error *err)
{
	int status = sqlite_begin(db, err);

	if (status != 0)
		goto done;
	if (sqlite3_step(st) != SQLITE_DONE)
		status = sqlite_fail(db, err, resource);
	else if (sqlite3_changes(db) == 0)
		status = error_set(err, ERROR_NOT_FOUND, "%s", missing);
	if (status == 0 && *record == 0)
		*record = sqlite3_last_insert_rowid(db);
	if (status == 0)
		status = sqlite_audit_add(db, who, action, resource, *record, 0,
					  detail, err);
	if (status == 0)
		status = sqlite_commit(db, err);
	else
		sqlite_rollback(db);
done:
	sqlite3_finalize(st);
	return status;
}

int sqlite_token_add(struct store *s, const char *token_hash, int64_t user_id,
		     const char *label, int64_t expires,
		     const struct store_actor *who, int64_t *id,
		     struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;

	if (sqlite_prepare(db, "INSERT INTO api_token (token_hash, user_id,"
			   " label, created_utc, expires_utc) VALUES (?, ?, ?, ?, ?)",
			   &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite_bind_str(st, 3, label);
	sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
	sqlite3_bind_int64(st, 5, expires);
	*id = 0;
	return audited_write(db, st, "create", "token", id, "no such user", label,
			     who, err);
}

int sqlite_token_list(struct store *s, int64_t user_id, json_t **out,
		      struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;

	if (sqlite_prepare(db, "SELECT t.id AS id, t.user_id AS user_id,"
			   " u.username AS username, t.label AS label,"
			   " t.created_utc AS created_utc, t.expires_utc AS expires_utc"
			   " FROM api_token t JOIN app_user u ON u.id = t.user_id"
			   " WHERE ?1 = 0 OR t.user_id = ?1 ORDER BY t.id", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_int64(st, 1, user_id);
	return items_of(db, st, "tokens", out, err);
}

int sqlite_token_remove(struct store *s, int64_t user_id, int64_t id,
			const struct store_actor *who, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	char missing[48];

	if (sqlite_prepare(db, "DELETE FROM api_token WHERE id = ?1"
			   " AND (?2 = 0 OR user_id = ?2)", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	snprintf(missing, sizeof missing, "no token %" PRId64, id);
	return audited_write(db, st, "delete", "token", &id, missing, NULL, who,
			     err);
}

/* Failed logins: one row per hashed key; a key's count starts again once
 * it rested for STORE_LOGIN_FORGET seconds, and such rows are swept as
 * failures arrive.  Nothing else removes a row, so no number of other
 * keys can push one out. */
int sqlite_login_failures(struct store *s, const char *const *keys, size_t n,
			  int64_t now, int64_t *failures, int64_t *last,
			  struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	sqlite3_stmt *st;

	for (size_t i = 0; i < n; i++) {
		int rc;

		failures[i] = last[i] = 0;
		if (sqlite_cached_prepare(ss, "SELECT failures, last_utc FROM"
					  " login_failure WHERE key = ?1 AND"
					  " last_utc > ?2", &st, err))
			return err ? (int)err->code : ERROR_STORE;
		sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, now - STORE_LOGIN_FORGET);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			failures[i] = sqlite3_column_int64(st, 0);
			last[i] = sqlite3_column_int64(st, 1);
		} else if (rc != SQLITE_DONE) {
			sqlite_fail(ss->db, err, "login failures");
		}
		sqlite_cached_release(ss, st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return err ? (int)err->code : ERROR_STORE;
	}
	return 0;
}

/* Runs each of sql (with, where it has them, ?1 a key, ?2 now and ?3
 * the time before which counts are forgotten) for every key, in one
 * transaction. */
static int login_write(struct sqlite_store *ss, const char *const *sql,
		       size_t n_sql, const char *const *keys, size_t n,
		       int64_t now, struct error *err)
{
	int status = sqlite_begin(ss->db, err);

	for (size_t q = 0; status == 0 && q < n_sql; q++) {
		for (size_t i = 0; status == 0 && i < n; i++) {
			sqlite3_stmt *st;

			if ((status = sqlite_cached_prepare(ss, sql[q], &st, err)) != 0)
				break;
			sqlite3_bind_text(st, 1, keys[i], -1, SQLITE_STATIC);
			sqlite3_bind_int64(st, 2, now);
			sqlite3_bind_int64(st, 3, now - STORE_LOGIN_FORGET);
			if (sqlite3_step(st) != SQLITE_DONE)
				status = sqlite_fail(ss->db, err, "login failures");
			sqlite_cached_release(ss, st);
		}
	}
	if (status == 0)
		return sqlite_commit(ss->db, err);
	sqlite_rollback(ss->db);
	return status;
}

int sqlite_login_failed(struct store *s, const char *const *keys, size_t n,
			int64_t now, struct error *err)
{
	static const char *const sql[] = {
		"INSERT INTO login_failure (key, failures, last_utc)"
		" VALUES (?1, 1, ?2) ON CONFLICT (key) DO UPDATE SET"
		" failures = CASE WHEN last_utc <= ?3 THEN 1 ELSE failures + 1 END,"
		" last_utc = ?2",
		"DELETE FROM login_failure WHERE last_utc <= ?3",
	};

	return login_write((struct sqlite_store *)s, sql, 2, keys, n, now, err);
}

int sqlite_login_passed(struct store *s, const char *const *keys, size_t n,
			struct error *err)
{
	static const char *const sql[] = {
		"DELETE FROM login_failure WHERE key = ?1",
	};

	return login_write((struct sqlite_store *)s, sql, 1, keys, n, 0, err);
}

int sqlite_feed_add(struct store *s, const char *token_hash, int64_t user_id,
		    int64_t mission_id, const struct store_actor *who,
		    int64_t *id, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	char missing[48];

	if (sqlite_prepare(db, "INSERT INTO calendar_feed (token_hash, user_id,"
			   " mission_id, created_utc) SELECT ?1, ?2, id, ?4"
			   " FROM mission WHERE id = ?3", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, mission_id);
	sqlite3_bind_int64(st, 4, (int64_t)time(NULL));
	snprintf(missing, sizeof missing, "no mission %" PRId64, mission_id);
	*id = 0;
	return audited_write(db, st, "create", "calendar feed", id, missing, NULL,
			     who, err);
}

int sqlite_feed_find(struct store *s, const char *token_hash,
		     struct store_feed *feed, struct store_user *user,
		     struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, "SELECT " USER_COLUMNS ", f.id, f.mission_id"
			   " FROM calendar_feed f JOIN app_user u ON u.id = f.user_id"
			   " WHERE f.token_hash = ?1", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_user(st, user);
		feed->id = sqlite3_column_int64(st, 6);
		feed->user_id = user->id;
		feed->mission_id = sqlite3_column_int64(st, 7);
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return sqlite_fail(db, err, "calendar feed");
	return error_set(err, ERROR_NOT_FOUND, "no such calendar feed");
}

int sqlite_feed_list(struct store *s, int64_t user_id, json_t **out,
		     struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;

	if (sqlite_prepare(db, "SELECT id, mission_id, created_utc FROM"
			   " calendar_feed WHERE user_id = ?1 ORDER BY id", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_int64(st, 1, user_id);
	return items_of(db, st, "calendar feeds", out, err);
}

int sqlite_feed_remove(struct store *s, int64_t user_id, int64_t id,
		       const struct store_actor *who, struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	char missing[48];

	if (sqlite_prepare(db, "DELETE FROM calendar_feed WHERE id = ?1"
			   " AND user_id = ?2", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, user_id);
	snprintf(missing, sizeof missing, "no calendar feed %" PRId64, id);
	return audited_write(db, st, "delete", "calendar feed", &id, missing,
			     NULL, who, err);
}
