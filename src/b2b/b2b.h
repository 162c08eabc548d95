/* b2b.h: B2B meetings of an event, between the records and the scheduler.
 *
 * Pure C over plain structs that the store fills: no SQL, no HTTP.
 * b2b_schedule() turns an event's slots, participants, requests and
 * confirmed meetings into a scheduler problem (src/sched), solves it and
 * gives back the meetings to store and the requests left out, with why.
 * b2b_suggest() ranks, for each local company, the other participants
 * that fit it, with the reasons in Korean and English.
 * See docs/meetings.md.
 */
#ifndef PAVILION_B2B_B2B_H
#define PAVILION_B2B_B2B_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"
#include "sched/sched.h"
#include "util/error.h"

struct arena;

#define B2B_MAX_TIME_LIMIT 60.0

struct b2b_slot {
	int64_t id;
	int64_t start, end;      /* UTC seconds */
	int64_t venue;           /* 0: the event's own venue */
	int tables;
};

/* One organisation taking part; several participant rows of the same
 * organisation (its people) are merged by the store. */
struct b2b_party {
	int64_t org;
	int max_meetings;        /* -1: no limit */
	int64_t from, until;     /* availability window, UTC; 0: open */
};

struct b2b_request {
	int64_t from, to;
	int weight;
};

struct b2b_meeting {
	int64_t slot;
	int table;
	int64_t a, b;
	bool confirmed;
};

struct b2b_event {
	int64_t id;
	const char *zone;        /* where it happens (slot days and offsets) */
	int travel_minutes;      /* between two different venues */
	struct b2b_slot *slots;
	size_t n_slots;
	struct b2b_party *parties;
	size_t n_parties;
	struct b2b_request *requests;
	size_t n_requests;
	struct b2b_meeting *meetings;   /* as stored; confirmed ones stay */
	size_t n_meetings;
	/* What the store read, summed up: saving checks it is unchanged, so
	 * a run that overlapped another change is refused, not mixed in. */
	int64_t stamp;
};

enum b2b_reason {
	B2B_NOT_REGISTERED,      /* one side does not take part in the event */
	B2B_NO_COMMON_SLOT,
	B2B_CAP,
	B2B_BUSY,
	B2B_REASON_COUNT
};

struct b2b_left {
	int64_t a, b;
	enum b2b_reason reason;
	int64_t who;             /* the organisation the reason is about, or 0 */
};

struct b2b_result {
	struct b2b_meeting *meetings;   /* every meeting, confirmed ones included */
	size_t n_meetings;
	struct b2b_left *left;
	size_t n_left;
	struct sched_stats stats;
};

/* The code and the labels of a reason. */
const char *b2b_reason_code(enum b2b_reason r);
const char *b2b_reason_label(enum b2b_reason r, enum lang lang);

/* Schedules ev.  Memory of the result comes from a.  ERROR_INVALID when
 * the event cannot be scheduled (no slots, or confirmed meetings that
 * break the rules), with the message naming what. */
int b2b_schedule(const struct b2b_event *ev, const struct sched_options *opt,
		 struct arena *a, struct b2b_result *out, struct error *err);

/* A stored meeting as a calendar shows it. */
struct b2b_agenda_item {
	int64_t id;
	const char *zone;        /* the event's */
	int64_t start, end;      /* UTC seconds */
	int table;
	bool confirmed;
	const char *a_key, *b_key;
	struct text a_name, b_name;
	struct text event_title;
	struct text venue;
};

/* Matchmaking. */
struct b2b_org {
	int64_t id;
	const char *key;
	struct text name;
	enum org_kind kind;
	const char *country;     /* or NULL */
	uint32_t sectors;
	const char **hs_codes;   /* of its products */
	size_t n_hs_codes;
};

/* Two organisations that are parties to the same agreement. */
struct b2b_tie {
	int64_t a, b;
	struct text title;
	const char *signed_on;
};

/* A country where an organisation already has an agreement partner. */
struct b2b_market {
	int64_t org;
	const char *country;
};

struct b2b_candidates {
	struct b2b_org *orgs;          /* the event's participants */
	size_t n_orgs;
	struct b2b_tie *ties;
	size_t n_ties;
	struct b2b_market *markets;
	size_t n_markets;
	struct b2b_request *requests;  /* already asked: not suggested again */
	size_t n_requests;
};

#define B2B_MAX_REASONS 8

struct b2b_reason_text {
	const char *code;        /* sector, product, agreement, market */
	struct text text;
};

struct b2b_suggestion {
	const struct b2b_org *org;
	int score;
	struct b2b_reason_text reasons[B2B_MAX_REASONS];
	int n_reasons;
};

struct b2b_suggestions {
	const struct b2b_org *company;
	struct b2b_suggestion *items;  /* best first */
	size_t n_items;
};

/* Which companies one call covers: only for_org when > 0; otherwise the
 * local companies with ids above after, at most max_companies of them
 * (c->orgs sorted by id, as the store gives them). */
struct b2b_suggest_page {
	int64_t for_org;
	int64_t after;
	int max_companies;
	int limit;               /* suggestions per company */
	int64_t next;            /* out: the id to pass as after, or 0 */
};

/* Up to page->limit suggestions, best first, for each company the page
 * covers; *out has one entry per company.  ERROR_NOT_FOUND when for_org
 * is not among c->orgs. */
int b2b_suggest(const struct b2b_candidates *c, struct b2b_suggest_page *page,
		struct arena *a, struct b2b_suggestions **out, size_t *n_out,
		struct error *err);

#endif
