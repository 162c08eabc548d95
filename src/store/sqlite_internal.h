/* sqlite_internal.h: what the SQLite backend's files share. */
#ifndef PAVILION_STORE_SQLITE_INTERNAL_H
#define PAVILION_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>

#include "store/store.h"

struct sqlite_stmt_cache;

struct sqlite_store {
	struct store base;
	sqlite3 *db;
	char *path;
	struct sqlite_stmt_cache *stmts;  /* the HTTP operations' statements */
};

/* Finalizes the cached statements (before the connection closes). */
void sqlite_stmt_cache_free(struct sqlite_store *ss);

/* Fills err from the connection's last error; returns ERROR_STORE (or
 * ERROR_CONFLICT for constraint violations). */
int sqlite_fail(sqlite3 *db, struct error *err, const char *what);

/* Prepares sql or fails. */
int sqlite_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **out,
		   struct error *err);

/* Binds s as text, or NULL when s is NULL. */
void sqlite_bind_str(sqlite3_stmt *st, int i, const char *s);
/* Binds a text's Korean and English at i and i + 1. */
void sqlite_bind_text2(sqlite3_stmt *st, int i, struct text t);
/* Binds a moment's instant at i (NULL when unknown), its precision at
 * i + 1. */
void sqlite_bind_moment(sqlite3_stmt *st, int i, struct moment m);
/* Binds a count, NULL when unknown (negative). */
void sqlite_bind_count(sqlite3_stmt *st, int i, int64_t n);
/* The text column i copied into the arena (NULL stays NULL). */
struct arena;
const char *sqlite_column_str(sqlite3_stmt *st, int i, struct arena *a);

int sqlite_exec(sqlite3 *db, const char *sql, struct error *err);

/* Versions for bulk writers (imports).  Every insert and update of a
 * versioned row takes the next value of version_counter (migration 5);
 * triggers do it for any writer, at two more row writes each.  A bulk
 * writer instead takes a block of SQLITE_VERSION_BLOCK values at a time
 * and writes its rows' versions itself, as parameter SQLITE_VERSION_PARAM
 * (the statement's last): the triggers leave such rows alone, and any
 * they fire on meanwhile take values past the block. */
#define SQLITE_VERSION_PARAM "?99"
#define SQLITE_VERSION_INDEX 99
#define SQLITE_VERSION_BLOCK 1024
struct sqlite_versions {
	int64_t next, end;
};
/* Binds the next version to st when st has SQLITE_VERSION_PARAM. */
int sqlite_bind_version(sqlite3 *db, sqlite3_stmt *st,
			struct sqlite_versions *v, struct error *err);
/* Computes what the schema marked stale: local days (migration 7) and
 * the short-word search index (migration 11); every write calls it
 * before its commit, and opening the database for writing. */
int sqlite_days_fill(sqlite3 *db, struct error *err);
/* The one- and two-character words of a name for that index, and each
 * word's initial consonants (홈쇼핑월드: ㅎㅅㅍㅇㄷ). */
struct buf;
void sqlite_short_grams(const char *text, struct buf *out);
/* Whether q is made only of Hangul compatibility consonants (ㄱ..ㅎ), a
 * search by the initial consonants of words. */
bool sqlite_initials_only(const char *q);

int sqlite_import(struct store *s, const struct bundle *b, int flags,
		  struct store_import_stats *stats, struct error *err);
int sqlite_load_mission(struct store *s, const char *id_or_slug,
			struct bundle **out, struct error *err);
int sqlite_load_organisation(struct store *s, const char *id_or_key,
			     struct bundle **out, struct error *err);
int sqlite_list(struct store *s, enum store_kind kind,
		const struct store_list_query *q, store_row_fn fn, void *ctx,
		struct error *err);

int sqlite_record(struct store *s, enum store_kind kind, const char *id_or_key,
		  store_field_fn fn, void *ctx, struct error *err);

/* The hash chain of outcome records (sqlite_chain.c).  register: the SQL
 * function the schema's triggers call, on every connection.  append: a
 * link for the record kind/id as chain_state shows it now, inside the
 * caller's transaction; for changes the triggers do not see (a record
 * kind added to chain_state without triggers of its own). */
int sqlite_chain_register(sqlite3 *db, struct error *err);
int sqlite_chain_append(sqlite3 *db, const char *kind, int64_t record_id,
			struct error *err);
int sqlite_chain_head(sqlite3 *db, struct chain_head *out, struct error *err);
void store_chain_digest(const char *prev, int64_t seq, int64_t at_utc,
			const char *kind, int64_t record_id, const char *state,
			char out[STORE_CHAIN_HASH_HEX + 1]);
int sqlite_verify(struct store *s, const char *head, struct store_verify *out,
		  struct error *err);

/* Schema migrations, applied in order; PRAGMA user_version counts them. */
extern const char *const sqlite_migrations[];
extern const int sqlite_migration_count;

#endif
