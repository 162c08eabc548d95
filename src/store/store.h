/* store.h: the one interface to the database.
 *
 * Everything above it (CLI, HTTP, exports) talks to a struct store through
 * these functions; a backend supplies a table of operations (struct
 * store_ops).  SQLite (store_sqlite.c) is the embedded default; another
 * backend plugs in by filling the same table.
 *
 * Contract of every operation: it returns 0 or an error code with err
 * filled; a write is all or nothing (one transaction), and a failed one
 * leaves the database as it was.
 */
#ifndef PAVILION_STORE_STORE_H
#define PAVILION_STORE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/model.h"
#include "util/error.h"

enum store_kind {
	STORE_ORGANISATIONS, STORE_PEOPLE, STORE_MISSIONS, STORE_VENUES,
	STORE_SERIES, STORE_AGREEMENTS, STORE_EVENTS, STORE_STOPS,
	STORE_PAVILIONS, STORE_FOLLOWUPS,
	STORE_KIND_COUNT
};

/* "organisations" (also "organisation", "orgs") to a kind; -1 if none. */
int store_kind_parse(const char *name);
const char *store_kind_name(enum store_kind kind);

/* One row of a listing: enough to pick a record and recognise it. */
struct store_row {
	int64_t id;
	const char *key;       /* slug or key; missions' events: slug/key */
	struct text name;
	const char *kind;      /* the record's own kind code, if it has one */
	const char *detail;    /* a short extra column (country, dates, value) */
};

typedef int (*store_row_fn)(const struct store_row *row, void *ctx);

struct store_list_query {
	const char *mission;   /* restrict events and stops to a mission */
	/* Each NULL or 0 when not given; a filter the kind does not have is
	 * an ERROR_USAGE that names it. */
	const char *since;     /* dated on or after YYYY-MM-DD */
	const char *province;  /* id or key of the missions' home organisation */
	const char *country;   /* ISO code */
	const char *status;    /* agreements: a status; follow-ups: open|done */
	int limit;             /* > 0: the newest so many (by date, else id) */
};

struct store_import_stats {
	int64_t rows;          /* rows written, all tables */
	bool replaced;         /* an existing mission of that slug was replaced */
};

enum store_import_flags {
	STORE_IMPORT_REPLACE = 1,  /* replace a mission of the same slug */
};

/* One field of a record, for `pavilion show`: its column and value. */
typedef int (*store_field_fn)(const char *name, const char *value, void *ctx);

/* What `pavilion verify` found on an intact chain. */
struct store_verify {
	int64_t links;
	char head[STORE_CHAIN_HASH_HEX + 1];
	int64_t head_at_utc;
};

struct store;
struct store_rows_import;
struct store_rows_stats;
struct store_import_row;

struct store_http_ops;
struct followup_ops;

struct store_ops {
	const char *name;
	/* Records, accounts, sessions, audit and search for the HTTP API
	 * (store_http.h). */
	const struct store_http_ops *http;
	void (*close)(struct store *s);
	int (*import_bundle)(struct store *s, const struct bundle *b, int flags,
			     struct store_import_stats *stats, struct error *err);
	int (*load_mission)(struct store *s, const char *id_or_slug,
			    struct bundle **out, struct error *err);
	int (*load_organisation)(struct store *s, const char *id_or_key,
				 struct bundle **out, struct error *err);
	int (*list)(struct store *s, enum store_kind kind,
		    const struct store_list_query *q, store_row_fn fn, void *ctx,
		    struct error *err);
	int (*record)(struct store *s, enum store_kind kind,
		      const char *id_or_key, store_field_fn fn, void *ctx,
		      struct error *err);
	/* Rows in and out for CSV (store_rows.h). */
	int (*import_rows)(struct store *s, const struct store_rows_import *im,
			   struct store_rows_stats *stats, struct error *err);
	int (*export_rows)(struct store *s, enum store_kind kind,
			   const char *mission,
			   int (*fn)(const struct store_import_row *row, void *ctx),
			   void *ctx, struct error *err);
	/* Recomputes the outcome records' hash chain and checks every record
	 * against its last link; ERROR_INVALID naming the first broken link
	 * or the first record that differs. */
	int (*verify)(struct store *s, const char *head,
		      struct store_verify *out, struct error *err);
	/* Evidence files, surveys and reminders (store_followup.h). */
	const struct followup_ops *followup;
};

struct store {
	const struct store_ops *ops;
};

enum store_open_flags {
	STORE_OPEN_CREATE = 1,     /* create the database when missing */
	STORE_OPEN_READONLY = 2,
};

/* Opens the database at location (a file path for SQLite). */
int store_open(const char *location, int flags, struct store **out,
	       struct error *err);
void store_close(struct store *s);   /* NULL is fine */

int store_import(struct store *s, const struct bundle *b, int flags,
		 struct store_import_stats *stats, struct error *err);
/* A mission with everything it refers to, as one bundle: its stops,
 * events, pavilions, the agreements signed there and the rest of their
 * series, and the organisations, people, venues and series involved. */
int store_load_mission(struct store *s, const char *id_or_slug,
		       struct bundle **out, struct error *err);
/* An organisation with its parent, its people and its agreements. */
int store_load_organisation(struct store *s, const char *id_or_key,
			    struct bundle **out, struct error *err);
int store_list(struct store *s, enum store_kind kind,
	       const struct store_list_query *q, store_row_fn fn, void *ctx,
	       struct error *err);

/* Every non-empty field of one record, references shown by key.  Events
 * and stops are named MISSION/KEY. */
int store_record(struct store *s, enum store_kind kind, const char *id_or_key,
		 store_field_fn fn, void *ctx, struct error *err);

/* head: NULL, or a hash that must be one of the chain's links. */
int store_verify(struct store *s, const char *head, struct store_verify *out,
		 struct error *err);
/* The SQLite backend's constructor, used by store_open. */
int store_sqlite_open(const char *path, int flags, struct store **out,
		      struct error *err);

#endif
