/* store_http.h: what the HTTP API asks of the store beyond the core.
 *
 * Records of the API's resources (resource.h) one at a time as JSON
 * objects, accounts, login sessions, API tokens, the audit trail and the
 * name search.  A backend fills a struct store_http_ops and points its
 * store_ops.http at it.  Every write runs in one transaction together
 * with its audit row, and is on disk when the call returns 0.
 *
 * Records come back as jansson objects owned by the caller: every field
 * of the resource, plus "id", "version" and, for children, the parent's
 * id under the parent column's name.
 */
#ifndef PAVILION_STORE_STORE_HTTP_H
#define PAVILION_STORE_STORE_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "store/resource.h"
#include "store/store.h"

#define STORE_USERNAME_MAX 64
#define STORE_HASH_MAX 128   /* crypto_pwhash_STRBYTES */
#define STORE_SECRET_HEX 64  /* a token or CSRF value in hex */

struct store_user {
	int64_t id;
	char username[STORE_USERNAME_MAX + 1];
	char role[16];
	int64_t organisation_id;      /* 0: none */
	bool disabled;
	char password_hash[STORE_HASH_MAX + 1];
};

struct arena;
struct b2b_event;
struct b2b_meeting;
struct b2b_candidates;
struct b2b_agenda_item;

/* A private calendar feed: a user's read-only view of one mission. */
struct store_feed {
	int64_t id;
	int64_t user_id;
	int64_t mission_id;
};

/* The query arguments of an aggregate or a cross-record listing, as the
 * client gave them; the store checks each and names a bad one. */
#define STORE_ARGS_MAX 24

struct store_args {
	const char *name[STORE_ARGS_MAX];
	const char *value[STORE_ARGS_MAX];
	size_t n;
};

/* The value of argument name, or NULL. */
const char *store_arg(const struct store_args *a, const char *name);

struct store_http_ops {
	/* One page of a resource: {"items": [...], "next_cursor": s|null}. */
	int (*res_list)(struct store *s, const struct store_resource *r,
			const struct store_page *page,
			const struct store_actor *who, json_t **out,
			struct error *err);
	int (*res_get)(struct store *s, const struct store_resource *r,
		       int64_t parent, int64_t id, const struct store_actor *who,
		       json_t **out, struct error *err);
	int (*res_create)(struct store *s, const struct store_resource *r,
			  int64_t parent, const struct store_write *w,
			  const struct store_actor *who, json_t **out,
			  struct error *err);
	/* if_version < 0: no check; else ERROR_CONFLICT when it changed
	 * (the message starts "stale:"). */
	int (*res_update)(struct store *s, const struct store_resource *r,
			  int64_t parent, int64_t id, int64_t if_version,
			  const struct store_write *w,
			  const struct store_actor *who, json_t **out,
			  struct error *err);
	int (*res_delete)(struct store *s, const struct store_resource *r,
			  int64_t parent, int64_t id, int64_t if_version,
			  const struct store_actor *who, struct error *err);

	int (*user_add)(struct store *s, const struct store_user *u,
			const struct store_actor *who, int64_t *id,
			struct error *err);
	/* By name (id 0) or by id. ERROR_NOT_FOUND when absent. */
	int (*user_get)(struct store *s, const char *username, int64_t id,
			struct store_user *out, struct error *err);
	int (*user_list)(struct store *s, json_t **out, struct error *err);
	/* Changes what is non-NULL/non-negative: role, password hash,
	 * disabled (0/1), organisation (0 clears). */
	int (*user_update)(struct store *s, int64_t id, const char *role,
			   const char *password_hash, int disabled,
			   int64_t organisation_id, const struct store_actor *who,
			   struct error *err);

	int (*session_add)(struct store *s, const char *token_hash,
			   int64_t user_id, const char *csrf, int64_t expires,
			   struct error *err);
	/* The user of a live session (or token when csrf is NULL); the
	 * session's CSRF value into csrf. ERROR_NOT_FOUND otherwise. */
	int (*session_find)(struct store *s, const char *token_hash,
			    int64_t now, struct store_user *user, char *csrf,
			    struct error *err);
	int (*session_remove)(struct store *s, const char *token_hash,
			      struct error *err);
	int (*token_add)(struct store *s, const char *token_hash,
			 int64_t user_id, struct error *err);

	/* Names of organisations, people, missions, events, pavilions and
	 * agreements containing q: {"items": [{kind, id, name}]}. */
	int (*search)(struct store *s, const char *q, int limit, json_t **out,
		      struct error *err);
	/* A number that changes whenever anyone (this process or another)
	 * committed to the database since the last call on this store. */
	int (*data_version)(struct store *s, int64_t *out, struct error *err);
	/* The newest audit rows: {"items": [...]}. */
	int (*audit_list)(struct store *s, int limit, json_t **out,
			  struct error *err);

	/* B2B meetings of an event (b2b/b2b.h): what the scheduler needs,
	 * from one consistent read; ERROR_NOT_FOUND for no such event. */
	int (*b2b_load)(struct store *s, int64_t event, struct arena *a,
			struct b2b_event *out, struct error *err);
	/* Replaces the event's unconfirmed meetings by the unconfirmed ones
	 * of m, with an audit row whose detail is summary; ERROR_CONFLICT
	 * when the event's records no longer match stamp (b2b_load's). */
	int (*b2b_save)(struct store *s, int64_t event, int64_t stamp,
			const struct b2b_meeting *m, size_t n,
			const char *summary, const struct store_actor *who,
			struct error *err);
	/* The event's participating organisations with what matchmaking
	 * weighs: products, agreements between them, partner countries,
	 * requests already made. */
	int (*b2b_candidates)(struct store *s, int64_t event, struct arena *a,
			      struct b2b_candidates *out, struct error *err);
	/* The event's meetings in time order, all (org 0) or one
	 * organisation's: {"event_id", "zone", "home_zone", "items"}. */
	int (*b2b_agenda)(struct store *s, int64_t event, int64_t org,
			  json_t **out, struct error *err);

	/* Every meeting of a mission's events, for calendars. */
	int (*b2b_mission_agenda)(struct store *s, int64_t mission,
				  struct arena *a, struct b2b_agenda_item **out,
				  size_t *n, struct error *err);

	/* Calendar feeds: the token's hash is stored, never the token. */
	int (*feed_add)(struct store *s, const char *token_hash, int64_t user_id,
			int64_t mission_id, const struct store_actor *who,
			int64_t *id, struct error *err);
	/* The feed of a token (with its user), ERROR_NOT_FOUND otherwise. */
	int (*feed_find)(struct store *s, const char *token_hash,
			 struct store_feed *feed, struct store_user *user,
			 struct error *err);
	/* A user's feeds: {"items": [{id, mission_id, created_utc}]}. */
	int (*feed_list)(struct store *s, int64_t user_id, json_t **out,
			 struct error *err);
	/* Revokes a feed of user_id; ERROR_NOT_FOUND when it has none such. */
	int (*feed_remove)(struct store *s, int64_t user_id, int64_t id,
			   const struct store_actor *who, struct error *err);

	/* Counts and values per currency of agreements, missions or events,
	 * grouped and filtered, computed in the database (docs/api.md,
	 * GET /api/stats).  Country labels are left as codes for the
	 * caller, who has the language tables. */
	int (*stats)(struct store *s, const struct store_args *q,
		     const struct store_actor *who, json_t **out,
		     struct error *err);
	/* Pages across records, each row with the names of what it refers
	 * to: {"items": [...], "next_cursor": s|null}.  org is the
	 * organisation of the two per-organisation listings. */
	int (*mission_summary)(struct store *s, const struct store_args *q,
			       const struct store_actor *who, json_t **out,
			       struct error *err);
	int (*followup_list)(struct store *s, const struct store_args *q,
			     const struct store_actor *who, json_t **out,
			     struct error *err);
	int (*org_agreements)(struct store *s, int64_t org,
			      const struct store_args *q,
			      const struct store_actor *who, json_t **out,
			      struct error *err);
	int (*org_events)(struct store *s, int64_t org,
			  const struct store_args *q,
			  const struct store_actor *who, json_t **out,
			  struct error *err);
};

/* The HTTP operations of s (never NULL for SQLite). */
const struct store_http_ops *store_http(struct store *s);

/* SQLite's table, pointed at by its store_ops. */
extern const struct store_http_ops sqlite_http_ops;

#endif
