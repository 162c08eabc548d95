/* sched_internal.h: what the scheduler's own files share and nobody else
 * should touch: the problem's layout and its id tables. */
#ifndef PAVILION_SCHED_SCHED_INTERNAL_H
#define PAVILION_SCHED_SCHED_INTERNAL_H

#include <stddef.h>

#include "sched/sched.h"

/* Open addressing from a string (or, with keys[i] NULL, a 64-bit number)
 * to a non-negative int. */
struct sched_idmap {
	const char **keys;
	uint64_t *ukeys;
	int *values;      /* -1: empty */
	size_t cap;       /* a power of two */
	size_t count;
};

int sched_idmap_get(const struct sched_idmap *m, const char *key);
int sched_idmap_put(struct sched_idmap *m, const char *key, int value);
int sched_idmap_get_u64(const struct sched_idmap *m, uint64_t key);
int sched_idmap_put_u64(struct sched_idmap *m, uint64_t key, int value);
void sched_idmap_free(struct sched_idmap *m);

struct sched_problem {
	bool finished;
	bool available_started;
	int slot_count, slot_cap;
	struct sched_slot *slots;
	int location_count, location_cap;
	char **locations;
	int16_t *travel;  /* minutes, SCHED_MAX_LOCATIONS squared */
	int participant_count, participant_cap;
	struct sched_participant *participants;
	int request_count, request_cap;
	struct sched_request *requests;
	int fixed_count, fixed_cap;
	struct sched_fixed *fixed;
	/* Derived by sched_problem_finish(). */
	uint8_t *conflict;  /* slot_count squared */
	int *slot_order;    /* slots by start, then end */
	struct sched_idmap slot_ids, location_ids, participant_ids, pair_ids;
};

/* sched_upper_bound(), also leaving in prices[] (participant_count
 * entries, when not NULL) the dual prices found: a request whose weight
 * is below the prices of its two sides is one the relaxation would
 * rather leave out. */
int64_t sched_bound_prices(const struct sched_problem *p, double *prices);

/* What the fixed meetings leave to the free requests (the bounds' step
 * 1): their weight, each slot's free tables, each participant's fixed
 * meetings, and the slots each participant has lost to a conflict with
 * one of its fixed meetings. */
struct sched_leftover {
	int64_t fixed_weight;
	uint8_t *is_fixed;     /* per request */
	int *tables_left;      /* per slot */
	int *fixed_count;      /* per participant */
	uint8_t *blocked;      /* participant x slot */
};

/* 0, or -1 without memory (everything freed). */
int sched_leftover_init(const struct sched_problem *p,
			struct sched_leftover *l);
void sched_leftover_free(struct sched_leftover *l);
/* Free request r could be met in slot s: both sides available and not
 * blocked there, and a table left. */
bool sched_leftover_candidate(const struct sched_problem *p,
			      const struct sched_leftover *l, int r, int s);

/* The most meetings one person can have in the slots flagged in usable
 * (S entries): the longest chain of pairwise compatible slots in start
 * order.  best[] is scratch of S entries. */
int sched_bound_chain(const struct sched_problem *p, const uint8_t *usable,
		      int *best);

/* Monotonic seconds, for time limits. */
double sched_now(void);

#endif
