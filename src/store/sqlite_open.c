/* sqlite_open.c: connection set-up, migrations and shared helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/sqlite_internal.h"
#include "store/store_followup.h"
#include "store/store_http.h"
#include "store/sqlite_rows.h"
#include "util/arena.h"

int sqlite_fail(sqlite3 *db, struct error *err, const char *what)
{
	int rc = sqlite3_extended_errcode(db);
	/* A CHECK, or a trigger's RAISE, states a rule of the data, so
	 * breaking it is bad input; the other constraints (unique, foreign
	 * key) collide with records. */
	enum error_code code = rc == SQLITE_CONSTRAINT_CHECK ||
		rc == SQLITE_CONSTRAINT_TRIGGER ? ERROR_INVALID :
		(rc & 0xff) == SQLITE_CONSTRAINT ? ERROR_CONFLICT : ERROR_STORE;

	return error_set(err, code, "database: %s: %s", what, sqlite3_errmsg(db));
}

int sqlite_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out,
		   struct error *err)
{
	if (sqlite3_prepare_v2(db, sql, -1, out, NULL) != SQLITE_OK)
		return sqlite_fail(db, err, "prepare");
	return 0;
}

void sqlite_bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC);
}

void sqlite_bind_text2(sqlite3_stmt *st, int i, struct text t)
{
	sqlite_bind_str(st, i, t.ko);
	sqlite_bind_str(st, i + 1, t.en);
}

void sqlite_bind_moment(sqlite3_stmt *st, int i, struct moment m)
{
	if (m.precision == MOMENT_NONE)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, m.utc);
	sqlite3_bind_int(st, i + 1, (int)m.precision);
}

void sqlite_bind_count(sqlite3_stmt *st, int i, int64_t n)
{
	if (n < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, n);
}

const char *sqlite_column_str(sqlite3_stmt *st, int i, struct arena *a)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	if (s == NULL)
		return NULL;
	return arena_strndup(a, (const char *)s, (size_t)sqlite3_column_bytes(st, i));
}

int sqlite_exec(sqlite3 *db, const char *sql, struct error *err)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return sqlite_fail(db, err, "exec");
	return 0;
}

/* Brings the schema up to date in one transaction. */
static int migrate(sqlite3 *db, struct error *err)
{
	sqlite3_stmt *st;
	int version;

	if (sqlite_exec(db, "BEGIN IMMEDIATE", err))
		return -1;
	if (sqlite_prepare(db, "PRAGMA user_version", &st, err))
		goto fail;
	sqlite3_step(st);
	version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > sqlite_migration_count) {
		error_set(err, ERROR_STORE,
			  "database: schema version %d is newer than this pavilion (%d)",
			  version, sqlite_migration_count);
		goto fail;
	}
	for (; version < sqlite_migration_count; version++) {
		char pragma[64];

		if (sqlite_exec(db, sqlite_migrations[version], err))
			goto fail;
		snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
			 version + 1);
		if (sqlite_exec(db, pragma, err))
			goto fail;
	}
	return sqlite_exec(db, "COMMIT", err);
fail:
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	return -1;
}

static void sqlite_close(struct store *s)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;

	sqlite_stmt_cache_free(ss);
	sqlite3_close(ss->db);
	free(ss->path);
	free(ss);
}

static const struct store_ops sqlite_ops = {
	.name = "sqlite",
	.http = &sqlite_http_ops,
	.close = sqlite_close,
	.import_bundle = sqlite_import,
	.load_mission = sqlite_load_mission,
	.load_organisation = sqlite_load_organisation,
	.list = sqlite_list,
	.record = sqlite_record,
	.import_rows = sqlite_import_rows,
	.export_rows = sqlite_export_rows,
	.verify = sqlite_verify,
	.followup = &sqlite_followup_ops,
};

int store_sqlite_open(const char *path, int flags, struct store **out,
		      struct error *err)
{
	struct sqlite_store *ss;
	int oflags = SQLITE_OPEN_FULLMUTEX;
	bool exists = access(path, F_OK) == 0;

	if (!exists && !(flags & STORE_OPEN_CREATE))
		return error_set(err, ERROR_NOT_FOUND,
				 "%s: no such database (create one with `pavilion demo` or `pavilion import`)",
				 path);
	oflags |= flags & STORE_OPEN_READONLY ? SQLITE_OPEN_READONLY :
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	ss = calloc(1, sizeof *ss);
	if (ss == NULL || (ss->path = strdup(path)) == NULL) {
		free(ss);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	ss->base.ops = &sqlite_ops;
	if (sqlite3_open_v2(path, &ss->db, oflags, NULL) != SQLITE_OK) {
		error_set(err, ERROR_STORE, "%s: cannot open the database: %s", path,
			  ss->db ? sqlite3_errmsg(ss->db) : "out of memory");
		sqlite_close(&ss->base);
		return ERROR_STORE;
	}
	sqlite3_extended_result_codes(ss->db, 1);
	sqlite3_busy_timeout(ss->db, 5000);
	/* WAL with full sync: a commit that returned is on disk. */
	if (sqlite_chain_register(ss->db, err) ||
	    sqlite_exec(ss->db, "PRAGMA foreign_keys = ON", err) ||
	    (!(flags & STORE_OPEN_READONLY) &&
	     (sqlite_exec(ss->db, "PRAGMA journal_mode = WAL", err) ||
	      sqlite_exec(ss->db, "PRAGMA synchronous = FULL", err) ||
	      migrate(ss->db, err)))) {
		error_prefix(err, "%s", path);
		sqlite_close(&ss->base);
		return err ? (int)err->code : ERROR_STORE;
	}
	*out = &ss->base;
	return 0;
}
