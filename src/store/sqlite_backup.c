/* sqlite_backup.c: backups through SQLite's online backup API (see
 * store_backup.h). */
#include "store/store_backup.h"

#include <inttypes.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "util/buf.h"

#define BACKUP_BUSY_MS 10000     /* wait this long for a writer's lock */
#define CHECK_MESSAGE_MAX 200    /* of integrity_check's first line */

static int open_db(const char *path, int flags, sqlite3 **out,
		   struct error *err)
{
	if (sqlite3_open_v2(path, out, flags, NULL) != SQLITE_OK) {
		int rc = error_set(err, ERROR_IO, "%s: %s", path,
				   *out ? sqlite3_errmsg(*out) : "cannot open");

		sqlite3_close(*out);
		*out = NULL;
		return rc;
	}
	sqlite3_busy_timeout(*out, BACKUP_BUSY_MS);
	sqlite3_extended_result_codes(*out, 1);
	return 0;
}

/* Every page of src's main database into dst's, in one step: one read
 * transaction on src, so the copy is of one moment. */
static int copy_pages(sqlite3 *dst, sqlite3 *src, const char *dst_name,
		      struct error *err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc;

	if (b == NULL)
		return error_set(err, ERROR_STORE, "%s: %s", dst_name,
				 sqlite3_errmsg(dst));
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return error_set(err, rc == SQLITE_BUSY || rc == SQLITE_LOCKED ?
				 ERROR_CONFLICT : ERROR_STORE,
				 "%s: copy failed: %s", dst_name, sqlite3_errstr(rc));
	return 0;
}

int store_backup(const char *db, const char *out, struct error *err)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc;

	if ((rc = open_db(db, SQLITE_OPEN_READWRITE, &src, err)) == 0 &&
	    (rc = open_db(out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dst,
			  err)) == 0)
		rc = copy_pages(dst, src, out, err);
	/* The copy is a file of its own: no WAL beside it to go astray. */
	if (rc == 0 && sqlite3_exec(dst, "PRAGMA journal_mode = DELETE",
				    NULL, NULL, NULL) != SQLITE_OK)
		rc = error_set(err, ERROR_STORE, "%s: %s", out, sqlite3_errmsg(dst));
	if (sqlite3_close(dst) != SQLITE_OK && rc == 0)
		rc = error_set(err, ERROR_STORE, "%s: cannot close", out);
	sqlite3_close(src);
	return rc;
}

int store_backup_check(const char *path, store_count_fn fn, void *ctx,
		       struct error *err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL, *count = NULL;
	struct buf q;
	const char *first;
	int rc, step;

	buf_init(&q, 256);
	if ((rc = open_db(path, SQLITE_OPEN_READONLY, &db, err)) != 0)
		goto cleanup;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check(1)", -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		rc = error_set(err, ERROR_INVALID, "%s: not a sound database: %s",
			       path, sqlite3_errmsg(db));
		goto cleanup;
	}
	first = (const char *)sqlite3_column_text(st, 0);
	if (first == NULL || strcmp(first, "ok") != 0) {
		rc = error_set(err, ERROR_INVALID,
			       "%s: integrity_check failed: %.*s", path,
			       CHECK_MESSAGE_MAX, first ? first : "no answer");
		goto cleanup;
	}
	sqlite3_finalize(st);
	st = NULL;
	/* A Pavilion database has its accounts and its missions. */
	if (sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table'"
			       " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_name_%'"
			       " ORDER BY name", -1, &st, NULL) != SQLITE_OK) {
		rc = error_set(err, ERROR_INVALID, "%s: %s", path, sqlite3_errmsg(db));
		goto cleanup;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *table = (const char *)sqlite3_column_text(st, 0);

		q.len = 0;
		buf_printf(&q, "SELECT count(*) FROM \"%s\"", table);
		if (q.failed || strchr(table, '"') != NULL ||
		    sqlite3_prepare_v2(db, buf_str(&q), -1, &count, NULL) != SQLITE_OK ||
		    sqlite3_step(count) != SQLITE_ROW) {
			rc = error_set(err, ERROR_INVALID, "%s: table %s: %s", path,
				       table, sqlite3_errmsg(db));
			goto cleanup;
		}
		if ((rc = fn(table, sqlite3_column_int64(count, 0), ctx)) != 0)
			goto cleanup;
		sqlite3_finalize(count);
		count = NULL;
	}
	if (step != SQLITE_DONE) {
		rc = error_set(err, ERROR_INVALID, "%s: %s", path, sqlite3_errmsg(db));
		goto cleanup;
	}
	sqlite3_finalize(st);
	st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM mission, app_user LIMIT 0", -1,
			       &st, NULL) != SQLITE_OK)
		rc = error_set(err, ERROR_INVALID,
			       "%s: not a Pavilion database (no missions or accounts)",
			       path);
cleanup:
	sqlite3_finalize(count);
	sqlite3_finalize(st);
	sqlite3_close(db);
	buf_free(&q);
	return rc;
}

static int count_nothing(const char *table, int64_t rows, void *ctx)
{
	(void)table;
	(void)rows;
	(void)ctx;
	return 0;
}

int store_restore(const char *from, const char *db, bool force,
		  struct error *err)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc;

	if ((rc = store_backup_check(from, count_nothing, NULL, err)) != 0 ||
	    (rc = open_db(from, SQLITE_OPEN_READONLY, &src, err)) != 0 ||
	    (rc = open_db(db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, &dst,
			  err)) != 0)
		goto cleanup;
	if (!force) {
		/* An exclusive lock is granted only when no other connection
		 * has the database open (in WAL mode each holds a shared
		 * lock); kept until the copy is done. */
		sqlite3_busy_timeout(dst, 0);
		if (sqlite3_exec(dst, "PRAGMA locking_mode = EXCLUSIVE;"
				 " BEGIN EXCLUSIVE; COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			rc = error_set(err, ERROR_CONFLICT,
				       "%s: the database is open in another process"
				       " (a running pavilion serve?): stop it first,"
				       " or restore with --force", db);
			goto cleanup;
		}
	}
	rc = copy_pages(dst, src, db, err);
cleanup:
	sqlite3_close(dst);
	sqlite3_close(src);
	return rc;
}
