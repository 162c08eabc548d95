/* sqlite_open.c: connection set-up, migrations and shared helpers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "domain/tz.h"
#include "store/sqlite_internal.h"
#include "store/store_followup.h"
#include "store/store_http.h"
#include "store/sqlite_rows.h"
#include "util/arena.h"
#include "util/buf.h"

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

int sqlite_bind_version(sqlite3 *db, sqlite3_stmt *st,
			struct sqlite_versions *v, struct error *err)
{
	sqlite3_stmt *take;
	int rc;

	if (sqlite3_bind_parameter_count(st) != SQLITE_VERSION_INDEX)
		return 0;
	if (v->next == v->end) {
		if (sqlite_prepare(db, "UPDATE version_counter SET n = n + "
				   "?1 RETURNING n", &take, err))
			return err ? (int)err->code : ERROR_STORE;
		sqlite3_bind_int64(take, 1, SQLITE_VERSION_BLOCK);
		rc = sqlite3_step(take);
		if (rc == SQLITE_ROW) {
			v->end = sqlite3_column_int64(take, 0) + 1;
			v->next = v->end - SQLITE_VERSION_BLOCK;
		}
		/* Stepped to its end so the update is complete. */
		if (rc == SQLITE_ROW)
			rc = sqlite3_step(take);
		sqlite3_finalize(take);
		if (rc != SQLITE_DONE)
			return sqlite_fail(db, err, "version");
	}
	sqlite3_bind_int64(st, SQLITE_VERSION_INDEX, v->next++);
	return 0;
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
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite_fail(db, err, "read the schema version");
		sqlite3_finalize(st);
		goto fail;
	}
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

/* pavilion_local_day(utc, zone): the local day "YYYY-MM-DD" of a UTC
 * instant in an IANA zone, NULL when either is NULL or the zone unknown.
 * The schema's triggers keep missions' and events' days with it, so every
 * connection that may write registers it before the migrations run. */
static void local_day_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	const char *zone = (const char *)sqlite3_value_text(argv[1]);
	struct civil c;
	char day[16];

	(void)argc;
	if (sqlite3_value_type(argv[0]) == SQLITE_NULL || zone == NULL ||
	    !tz_to_civil(zone, sqlite3_value_int64(argv[0]), &c)) {
		sqlite3_result_null(cx);
		return;
	}
	snprintf(day, sizeof day, "%04d-%02d-%02d", c.year % 10000, c.month,
		 c.day);
	sqlite3_result_text(cx, day, -1, SQLITE_TRANSIENT);
}

/* Hangul compatibility consonants, U+3131 (ㄱ) to U+314E (ㅎ), all three
 * bytes in UTF-8: E3 84 B1..E3 84 BF and E3 85 80..E3 85 8E. */
static bool is_consonant(const unsigned char *p)
{
	return p[0] == 0xe3 && ((p[1] == 0x84 && p[2] >= 0xb1 && p[2] <= 0xbf) ||
				(p[1] == 0x85 && p[2] >= 0x80 && p[2] <= 0x8e));
}

bool sqlite_initials_only(const char *q)
{
	const unsigned char *p = (const unsigned char *)q;

	if (!*p)
		return false;
	for (; *p; p += 3)
		if (!is_consonant(p))
			return false;
	return true;
}

/* The initial consonant of a Hangul syllable (U+AC00..U+D7A3, 588 per
 * initial) as its compatibility letter, in UTF-8; 0 for any other
 * character. */
static int initial_of(const unsigned char *p, size_t len, unsigned char to[3])
{
	static const unsigned short letter[19] = {
		0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141,
		0x3142, 0x3143, 0x3145, 0x3146, 0x3147, 0x3148, 0x3149,
		0x314a, 0x314b, 0x314c, 0x314d, 0x314e,
	};
	unsigned cp;

	if (len != 3)
		return 0;
	cp = (unsigned)(p[0] & 0x0f) << 12 | (unsigned)(p[1] & 0x3f) << 6 |
		(p[2] & 0x3f);
	if (cp < 0xac00 || cp > 0xd7a3)
		return 0;
	cp = letter[(cp - 0xac00) / 588];
	to[0] = (unsigned char)(0xe0 | cp >> 12);
	to[1] = (unsigned char)(0x80 | (cp >> 6 & 0x3f));
	to[2] = (unsigned char)(0x80 | (cp & 0x3f));
	return 3;
}

/* Ends a run of Hangul syllables: its initials become one word. */
static void initials_flush(struct buf *initials, struct buf *out)
{
	if (!initials->len)
		return;
	if (out->len)
		buf_putc(out, ' ');
	buf_add(out, buf_str(initials), initials->len);
	buf_clear(initials);
}

/* The words search_short indexes for a name: every letter, every pair of
 * adjacent letters (a letter: an ASCII letter or digit, lower-cased, or
 * any character beyond ASCII), and the initial consonants of each run of
 * Hangul syllables, separated by spaces.  ASCII punctuation and spaces
 * separate words. */
void sqlite_short_grams(const char *text, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)text;
	const unsigned char *prev = NULL;
	size_t prev_len = 0;
	struct buf initials;

	/* A longer run keeps the initials of its first 64 syllables. */
	buf_init(&initials, 64 * 3);
	while (p && *p) {
		size_t len = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 :
			*p >= 0xc0 ? 2 : 1;
		bool letter = *p >= 0x80 || (*p >= '0' && *p <= '9') ||
			((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z');
		unsigned char initial[3];

		for (size_t i = 1; i < len; i++)
			if (p[i] == '\0')
				goto cleanup;
		if (initial_of(p, len, initial)) {
			if (initials.len + 3 <= 64 * 3)
				buf_add(&initials, (const char *)initial, 3);
		} else {
			initials_flush(&initials, out);
		}
		if (!letter) {
			prev = NULL;
			p += len;
			continue;
		}
		for (int pass = prev ? 0 : 1; pass < 2; pass++) {
			const unsigned char *from = pass == 0 ? prev : p;
			size_t n = pass == 0 ? prev_len + len : len;

			if (out->len)
				buf_putc(out, ' ');
			for (size_t i = 0; i < n; i++)
				buf_putc(out, from[i] < 0x80 && from[i] >= 'A' && from[i] <= 'Z' ?
					 (char)(from[i] | 0x20) : (char)from[i]);
		}
		prev = p;
		prev_len = len;
		p += len;
	}
cleanup:
	initials_flush(&initials, out);
	buf_free(&initials);
}

static void grams_of(sqlite3_stmt *st, int ko, struct buf *out)
{
	sqlite_short_grams((const char *)sqlite3_column_text(st, ko), out);
	sqlite_short_grams((const char *)sqlite3_column_text(st, ko + 1), out);
}

/* Indexes the names search_short_pending queued (migration 11). */
static int short_fill(sqlite3 *db, struct error *err)
{
	sqlite3_stmt *rd = NULL, *del = NULL, *ins = NULL;
	struct buf g;
	int rc, status = 0;

	if (sqlite_prepare(db, "SELECT p.rowid, p.indexed, p.old_ko, p.old_en,"
			   " s.name_ko, s.name_en, s.rowid FROM search_short_pending p"
			   " LEFT JOIN search_name s ON s.rowid = p.rowid", &rd, err) ||
	    sqlite_prepare(db, "INSERT INTO search_short (search_short, rowid, grams)"
			   " VALUES ('delete', ?1, ?2)", &del, err) ||
	    sqlite_prepare(db, "INSERT INTO search_short (rowid, grams) VALUES (?1, ?2)",
			   &ins, err)) {
		status = err ? (int)err->code : ERROR_STORE;
		goto done;
	}
	buf_init(&g, 0);
	while ((rc = sqlite3_step(rd)) == SQLITE_ROW) {
		int64_t rowid = sqlite3_column_int64(rd, 0);

		if (sqlite3_column_int(rd, 1)) {
			buf_clear(&g);
			grams_of(rd, 2, &g);
			sqlite3_bind_int64(del, 1, rowid);
			sqlite3_bind_text(del, 2, buf_str(&g), -1, SQLITE_STATIC);
			rc = sqlite3_step(del);
			sqlite3_reset(del);
			if (rc != SQLITE_DONE)
				break;
		}
		if (sqlite3_column_type(rd, 6) != SQLITE_NULL) {
			buf_clear(&g);
			grams_of(rd, 4, &g);
			sqlite3_bind_int64(ins, 1, rowid);
			sqlite3_bind_text(ins, 2, buf_str(&g), -1, SQLITE_STATIC);
			rc = sqlite3_step(ins);
			sqlite3_reset(ins);
			if (rc != SQLITE_DONE)
				break;
		}
	}
	buf_free(&g);
	if (rc != SQLITE_DONE)
		status = sqlite_fail(db, err, "short search index");
	else
		status = sqlite_exec(db, "DELETE FROM search_short_pending", err);
done:
	sqlite3_finalize(rd);
	sqlite3_finalize(del);
	sqlite3_finalize(ins);
	return status;
}

int sqlite_days_fill(sqlite3 *db, struct error *err)
{
	return sqlite_exec(db,
		"UPDATE event SET local_day = pavilion_local_day(start_utc, zone)"
		" WHERE local_day IS NULL;"
		"UPDATE mission SET"
		" first_day = (SELECT min(pavilion_local_day(coalesce(arrive_utc, depart_utc), zone))"
		"  FROM stop WHERE mission_id = mission.id),"
		" last_day = (SELECT max(pavilion_local_day(coalesce(depart_utc, arrive_utc), zone))"
		"  FROM stop WHERE mission_id = mission.id),"
		" days_stale = 0 WHERE days_stale = 1", err) ||
		short_fill(db, err);
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
	sqlite3_create_function(ss->db, "pavilion_local_day", 2,
				SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				local_day_fn, NULL, NULL);
	/* WAL with full sync: a commit that returned is on disk. */
	if (sqlite_chain_register(ss->db, err) ||
	    sqlite_exec(ss->db, "PRAGMA foreign_keys = ON", err) ||
	    (!(flags & STORE_OPEN_READONLY) &&
	     (sqlite_exec(ss->db, "PRAGMA journal_mode = WAL", err) ||
	      sqlite_exec(ss->db, "PRAGMA synchronous = FULL", err) ||
	      migrate(ss->db, err) || sqlite_days_fill(ss->db, err)))) {
		error_prefix(err, "%s", path);
		sqlite_close(&ss->base);
		return err ? (int)err->code : ERROR_STORE;
	}
	*out = &ss->base;
	return 0;
}
