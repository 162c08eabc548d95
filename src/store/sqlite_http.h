/* sqlite_http.h: what the SQLite files behind store_http.h share. */
#ifndef PAVILION_STORE_SQLITE_HTTP_H
#define PAVILION_STORE_SQLITE_HTTP_H

#include "store/sqlite_internal.h"
#include "store/store_http.h"

/* Appends one audit row in the caller's transaction. */
int sqlite_audit_add(sqlite3 *db, const struct store_actor *who,
		     const char *action, const char *resource, int64_t record,
		     int64_t parent, const char *detail, struct error *err);

/* A statement from the connection's cache (prepared once per SQL text),
 * and its return; see sqlite_crud.c. */
int sqlite_cached_prepare(struct sqlite_store *ss, const char *sql,
			  sqlite3_stmt **st, struct error *err);
void sqlite_cached_release(struct sqlite_store *ss, sqlite3_stmt *st);

/* Keyset cursors: the hex of [sort value, id] of a page's last row.
 * decode fills *value (a string or integer, the caller's reference) and
 * *id, or fails with ERROR_USAGE; encode reads the row's columns
 * sort_col and id_col (NULL when out of memory, malloc'ed). */
int sqlite_cursor_decode(const char *cursor, json_t **value, int64_t *id,
			 struct error *err);
char *sqlite_cursor_encode(sqlite3_stmt *st, int sort_col, int id_col);

/* Adds the names of the records that the rows of a page of r refer to
 * (sqlite_embed.c). */
int sqlite_embed_names(struct sqlite_store *ss, const struct store_resource *r,
		       json_t *items, const struct store_actor *who,
		       struct error *err);

/* {"currency", "amount" (plain decimal), "minor"} (sqlite_stats.c). */
json_t *sqlite_value_json(const char *currency, int64_t minor);

/* BEGIN IMMEDIATE, and its two ends. */
int sqlite_begin(sqlite3 *db, struct error *err);
int sqlite_commit(sqlite3 *db, struct error *err);
void sqlite_rollback(sqlite3 *db);

int sqlite_res_list(struct store *s, const struct store_resource *r,
		    const struct store_page *page, const struct store_actor *who,
		    json_t **out, struct error *err);
int sqlite_res_get(struct store *s, const struct store_resource *r,
		   int64_t parent, int64_t id, const struct store_actor *who,
		   json_t **out, struct error *err);
int sqlite_res_create(struct store *s, const struct store_resource *r,
		      int64_t parent, const struct store_write *w,
		      const struct store_actor *who, json_t **out,
		      struct error *err);
int sqlite_res_update(struct store *s, const struct store_resource *r,
		      int64_t parent, int64_t id, int64_t if_version,
		      const struct store_write *w, const struct store_actor *who,
		      json_t **out, struct error *err);
int sqlite_res_delete(struct store *s, const struct store_resource *r,
		      int64_t parent, int64_t id, int64_t if_version,
		      const struct store_actor *who, struct error *err);

int sqlite_user_add(struct store *s, const struct store_user *u,
		    const struct store_actor *who, int64_t *id,
		    struct error *err);
int sqlite_user_get(struct store *s, const char *username, int64_t id,
		    struct store_user *out, struct error *err);
int sqlite_user_list(struct store *s, json_t **out, struct error *err);
int sqlite_user_update(struct store *s, int64_t id, const char *role,
		       const char *password_hash, int disabled,
		       int64_t organisation_id, const struct store_actor *who,
		       struct error *err);
int sqlite_session_add(struct store *s, const char *token_hash,
		       int64_t user_id, const char *csrf, int64_t expires,
		       struct error *err);
int sqlite_session_find(struct store *s, const char *token_hash, int64_t now,
			struct store_user *user, char *csrf, struct error *err);
int sqlite_session_remove(struct store *s, const char *token_hash,
			  struct error *err);
int sqlite_token_add(struct store *s, const char *token_hash, int64_t user_id,
		     const char *label, int64_t expires,
		     const struct store_actor *who, int64_t *id,
		     struct error *err);
int sqlite_token_list(struct store *s, int64_t user_id, json_t **out,
		      struct error *err);
int sqlite_token_remove(struct store *s, int64_t user_id, int64_t id,
			const struct store_actor *who, struct error *err);
int sqlite_login_failures(struct store *s, const char *const *keys, size_t n,
			  int64_t now, int64_t *failures, int64_t *last,
			  struct error *err);
int sqlite_login_failed(struct store *s, const char *const *keys, size_t n,
			int64_t now, struct error *err);
int sqlite_login_passed(struct store *s, const char *const *keys, size_t n,
			struct error *err);
int sqlite_search(struct store *s, const char *q, int limit, json_t **out,
		  struct error *err);
/* How search text is looked up (sqlite_audit.c): three characters or
 * more in the trigram index, one or two letters in the short-word index,
 * else (one or two characters with a sign) through the index's table;
 * and q as the pattern the search conditions bind. */
struct buf;
enum sqlite_search_mode { SEARCH_TRIGRAM, SEARCH_SHORT, SEARCH_SCAN, SEARCH_INITIALS };
enum sqlite_search_mode sqlite_search_mode(const char *q);
void sqlite_search_pattern(const char *q, struct buf *out);
/* " AND id IN (records of index kind whose names contain text)", with
 * param the parameter bound to sqlite_search_pattern(text). */
void sqlite_search_condition(struct buf *q, const char *id, int kind,
			     const char *param, const char *text);
int sqlite_data_version(struct store *s, int64_t *out, struct error *err);
int sqlite_audit_list(struct store *s, int limit, json_t **out,
		      struct error *err);

struct arena;
struct b2b_event;
struct b2b_meeting;
struct b2b_candidates;
struct b2b_agenda_item;

int sqlite_b2b_load(struct store *s, int64_t event, struct arena *a,
		    struct b2b_event *out, struct error *err);
int sqlite_b2b_save(struct store *s, int64_t event, int64_t stamp,
		    const struct b2b_meeting *m, size_t n, const char *summary,
		    const struct store_actor *who, struct error *err);
int sqlite_b2b_candidates(struct store *s, int64_t event, struct arena *a,
			  struct b2b_candidates *out, struct error *err);
int sqlite_b2b_agenda(struct store *s, int64_t event, int64_t org,
		      json_t **out, struct error *err);

int sqlite_b2b_mission_agenda(struct store *s, int64_t mission,
			      struct arena *a, struct b2b_agenda_item **out,
			      size_t *n, struct error *err);

int sqlite_feed_add(struct store *s, const char *token_hash, int64_t user_id,
		    int64_t mission_id, const struct store_actor *who,
		    int64_t *id, struct error *err);
int sqlite_feed_find(struct store *s, const char *token_hash,
		     struct store_feed *feed, struct store_user *user,
		     struct error *err);
int sqlite_feed_list(struct store *s, int64_t user_id, json_t **out,
		     struct error *err);
int sqlite_stats(struct store *s, const struct store_args *q,
		 const struct store_actor *who, json_t **out, struct error *err);
int sqlite_mission_summary(struct store *s, const struct store_args *q,
			   const struct store_actor *who, json_t **out,
			   struct error *err);
int sqlite_followup_list(struct store *s, const struct store_args *q,
			 const struct store_actor *who, json_t **out,
			 struct error *err);
int sqlite_org_agreements(struct store *s, int64_t org,
			  const struct store_args *q,
			  const struct store_actor *who, json_t **out,
			  struct error *err);
int sqlite_org_events(struct store *s, int64_t org, const struct store_args *q,
		      const struct store_actor *who, json_t **out,
		      struct error *err);
int sqlite_feed_remove(struct store *s, int64_t user_id, int64_t id,
		       const struct store_actor *who, struct error *err);

#endif
