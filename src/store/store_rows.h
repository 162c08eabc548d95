/* store_rows.h: records one at a time, as flat rows, in and out of the
 * store: what CSV import and export (src/export/csv_rows.c) move.
 *
 * A row carries one record of its kind with its references as keys (an
 * organisation's parent, a person's employer, an event's mission, stop and
 * venue, an agreement's mission, event, series and parties), which the
 * store resolves against the database.  Import is one transaction: rows
 * that fail their checks (row->invalid, set by whoever parsed them) or
 * whose references do not resolve are handed to the reject callback; the
 * rest are written, and the transaction commits only when no row was bad
 * or skip_bad is set.  Records are matched by key (events by mission and
 * key): new ones are inserted, existing ones take the row's values.
 */
#ifndef PAVILION_STORE_STORE_ROWS_H
#define PAVILION_STORE_STORE_ROWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

#define STORE_ROW_PARTIES_MAX 16
#define STORE_ROW_KEY_MAX 64      /* the longest key (jread_key_valid) */

struct store_import_row {
	long line;               /* where the row came from, for messages */
	const char *invalid;     /* why it failed its checks; NULL when fine */
	struct org org;          /* STORE_ORGANISATIONS */
	struct person person;    /* STORE_PEOPLE */
	struct event event;      /* STORE_EVENTS */
	struct agreement agreement;  /* STORE_AGREEMENTS */
	/* References by key. */
	const char *mission;     /* events; agreements signed on a mission */
	const char *organisation;  /* organisations: parent; people: employer */
	const char *stop;        /* events */
	const char *venue;       /* events */
	const char *signed_at;   /* agreements: the event (of mission) */
	const char *series;      /* agreements */
	const char *parties[STORE_ROW_PARTIES_MAX];  /* agreements */
	enum party_role party_roles[STORE_ROW_PARTIES_MAX];
	size_t n_parties;
};

/* 1 with row filled, 0 at the end, an error code (err filled) to stop. */
typedef int (*store_row_next_fn)(void *ctx, struct store_import_row *row,
				 struct error *err);
/* A row that was not written, and why (its own check or a reference). */
typedef void (*store_row_reject_fn)(void *ctx,
				    const struct store_import_row *row,
				    const char *why);

struct store_rows_import {
	enum store_kind kind;    /* organisations, people, events, agreements */
	bool skip_bad;           /* commit the good rows even if some are bad */
	store_row_next_fn next;
	store_row_reject_fn reject;
	void *ctx;
};

struct store_rows_stats {
	int64_t written;
	int64_t rejected;
};

/* Imports rows; ERROR_INVALID ("N bad rows; nothing imported") when some
 * were bad and skip_bad is not set. */
int store_import_rows(struct store *s, const struct store_rows_import *im,
		      struct store_rows_stats *stats, struct error *err);

/* Every record of kind (events and agreements: of mission, when not
 * NULL), in key order, as rows with their references as keys.  fn's
 * non-zero return stops the walk and is returned. */
int store_export_rows(struct store *s, enum store_kind kind,
		      const char *mission,
		      int (*fn)(const struct store_import_row *row, void *ctx),
		      void *ctx, struct error *err);

#endif
