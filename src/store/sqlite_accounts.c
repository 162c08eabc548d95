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
			   " WHERE u.username = ?1 OR u.id = ?2", &st, err))
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

int sqlite_user_update(struct store *s, int64_t id, const char *role,
		       const char *password_hash, int disabled,
		       int64_t organisation_id, const struct store_actor *who,
		       struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st = NULL;
	int status;

	if ((status = sqlite_begin(db, err)) != 0)
		return status;
	if ((status = sqlite_prepare(db,
		"UPDATE app_user SET role = coalesce(?1, role),"
		" password_hash = coalesce(?2, password_hash),"
		" disabled = CASE WHEN ?3 < 0 THEN disabled ELSE ?3 END,"
		" organisation_id = CASE WHEN ?4 < 0 THEN organisation_id"
		"  ELSE nullif(?4, 0) END, version = version + 1 WHERE id = ?5",
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
	/* A disabled account or a new password ends every session. */
	if (disabled == 1 || password_hash != NULL) {
		sqlite3_finalize(st);
		st = NULL;
		if ((status = sqlite_prepare(db, "DELETE FROM app_session"
					     " WHERE user_id = ?", &st, err)) != 0)
			goto fail;
		sqlite3_bind_int64(st, 1, id);
		if (sqlite3_step(st) != SQLITE_DONE) {
			status = sqlite_fail(db, err, "end the user's sessions");
			goto fail;
		}
	}
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
		" AND ?2 IS NOT NULL", &st, err))
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

int sqlite_token_add(struct store *s, const char *token_hash, int64_t user_id,
		     struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, "INSERT INTO api_token (token_hash, user_id,"
			   " created_utc) VALUES (?, ?, ?)", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_text(st, 1, token_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, user_id);
	sqlite3_bind_int64(st, 3, (int64_t)time(NULL));
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sqlite_fail(db, err, "add token");
}

/* A calendar feed's one-statement write, in its own transaction with its
 * audit row.  st is prepared and bound; *record is the feed's id, or 0
 * for the row st inserts.  No row changed is ERROR_NOT_FOUND, missing. */
static int feed_write(sqlite3 *db, sqlite3_stmt *st, const char *action,
		      int64_t *record, const char *missing,
		      const struct store_actor *who, struct error *err)
{
	int status = sqlite_begin(db, err);

	if (status != 0)
		goto done;
	if (sqlite3_step(st) != SQLITE_DONE)
		status = sqlite_fail(db, err, "calendar feed");
	else if (sqlite3_changes(db) == 0)
		status = error_set(err, ERROR_NOT_FOUND, "%s", missing);
	if (status == 0 && *record == 0)
		*record = sqlite3_last_insert_rowid(db);
	if (status == 0)
		status = sqlite_audit_add(db, who, action, "calendar feed", *record,
					  0, NULL, err);
	if (status == 0)
		status = sqlite_commit(db, err);
	else
		sqlite_rollback(db);
done:
	sqlite3_finalize(st);
	return status;
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
	return feed_write(db, st, "create", id, missing, who, err);
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
	json_t *items = json_array();
	int rc;

	if (sqlite_prepare(db, "SELECT id, mission_id, created_utc FROM"
			   " calendar_feed WHERE user_id = ?1 ORDER BY id", &st,
			   err)) {
		json_decref(items);
		return err ? (int)err->code : ERROR_STORE;
	}
	sqlite3_bind_int64(st, 1, user_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(items, json_pack("{sI sI sI}",
			"id", (json_int_t)sqlite3_column_int64(st, 0),
			"mission_id", (json_int_t)sqlite3_column_int64(st, 1),
			"created_utc", (json_int_t)sqlite3_column_int64(st, 2)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sqlite_fail(db, err, "calendar feeds");
	}
	*out = json_pack("{so}", "items", items);
	return 0;
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
	return feed_write(db, st, "delete", &id, missing, who, err);
}
