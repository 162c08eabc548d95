/* sched.h: the B2B meeting scheduler, a library with no I/O.
 *
 * A problem is built in memory (by sched_json.c from a file, or by the
 * product from a mission event) through the sched_problem_add_*() calls,
 * which check every rule as they go, then sealed with
 * sched_problem_finish().  sched_solve() turns it into a schedule with a
 * proven upper bound on the weight any schedule could reach;
 * sched_check() is an independent verdict on a schedule given by ids, as
 * read back from a solution file.  See docs/scheduler.md for the rules,
 * the formats and the algorithm.
 */
#ifndef PAVILION_SCHED_SCHED_H
#define PAVILION_SCHED_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "util/error.h"

/* Hard limits on what one problem may hold. */
#define SCHED_MAX_SLOTS 4096
#define SCHED_MAX_LOCATIONS 256
#define SCHED_MAX_PARTICIPANTS 1000000
#define SCHED_MAX_REQUESTS 20000000
#define SCHED_MAX_ID_LEN 200
#define SCHED_MAX_WEIGHT 1000000000LL     /* one request, after merging */
#define SCHED_MAX_TABLES 100000
#define SCHED_MAX_TRAVEL_MINUTES 10080   /* a week */
#define SCHED_MAX_MEETINGS_CAP 100000
#define SCHED_MAX_EPOCH 253402300799LL  /* 9999-12-31T23:59:59Z */

struct sched_slot {
	char *id;
	int64_t start;      /* seconds since the epoch, UTC */
	int64_t end;
	int32_t utc_offset; /* seconds east of UTC where the slot is held */
	int32_t day;        /* local calendar day of start (days since
			     * 1970-01-01), derived from start and offset */
	int location;
	int tables;
};

struct sched_participant {
	char *id;
	int max_meetings;   /* -1: no cap */
	uint8_t *available; /* slot_count flags; NULL: every slot */
};

struct sched_request {
	int a, b;           /* participant indices, a != b */
	int64_t weight;     /* >= 1; a pair asked twice holds the sum */
};

struct sched_fixed {
	int request;
	int slot;
	int table;          /* 1..tables */
};

struct sched_problem;

/* Problem building.  Every add returns 0 or an error code with err set to
 * a message that names the offending value (callers prefix the place). */
struct sched_problem *sched_problem_new(void);
void sched_problem_free(struct sched_problem *p);
int sched_problem_add_location(struct sched_problem *p, const char *id,
			       struct error *err);
int sched_problem_add_slot(struct sched_problem *p, const char *id,
			   int64_t start, int64_t end, int32_t utc_offset,
			   const char *location, int tables, struct error *err);
int sched_problem_set_travel(struct sched_problem *p, const char *from,
			     const char *to, int minutes, struct error *err);
/* max_meetings < 0: no cap.  The participant is available everywhere
 * until sched_problem_set_available() narrows it. */
int sched_problem_add_participant(struct sched_problem *p, const char *id,
				  int max_meetings, struct error *err);
/* Makes the last added participant available in exactly the slots named
 * by successive calls (the first call clears "everywhere"). */
int sched_problem_set_available(struct sched_problem *p, const char *slot,
				struct error *err);
/* Makes the last added participant available nowhere (an empty list). */
int sched_problem_set_available_none(struct sched_problem *p,
				     struct error *err);
int sched_problem_add_request(struct sched_problem *p, const char *a,
			      const char *b, int64_t weight, struct error *err);
int sched_problem_add_fixed(struct sched_problem *p, const char *a,
			    const char *b, const char *slot, int table,
			    struct error *err);
/* Seals the problem: checks the fixed meetings against one another and
 * derives the slot conflicts.  Nothing may be added afterwards. */
int sched_problem_finish(struct sched_problem *p, struct error *err);

/* Read access. */
int sched_problem_slot_count(const struct sched_problem *p);
int sched_problem_location_count(const struct sched_problem *p);
int sched_problem_participant_count(const struct sched_problem *p);
int sched_problem_request_count(const struct sched_problem *p);
int sched_problem_fixed_count(const struct sched_problem *p);
const struct sched_slot *sched_problem_slot(const struct sched_problem *p,
					    int i);
const char *sched_problem_location(const struct sched_problem *p, int i);
int sched_problem_travel(const struct sched_problem *p, int from, int to);
const struct sched_participant *
sched_problem_participant(const struct sched_problem *p, int i);
const struct sched_request *sched_problem_request(const struct sched_problem *p,
						  int i);
const struct sched_fixed *sched_problem_fixed(const struct sched_problem *p,
					      int i);
/* Index by id, or -1. */
int sched_problem_find_slot(const struct sched_problem *p, const char *id);
int sched_problem_find_participant(const struct sched_problem *p,
				   const char *id);
int sched_problem_find_location(const struct sched_problem *p, const char *id);
/* The request between participants a and b (either order), or -1. */
int sched_problem_find_request(const struct sched_problem *p, int a, int b);
bool sched_problem_is_available(const struct sched_problem *p, int who,
				int slot);
/* True when one person cannot attend both slots: they overlap in time, or
 * the break between them is shorter than the travel between their
 * locations.  A slot conflicts with itself. */
bool sched_problem_slots_conflict(const struct sched_problem *p, int s, int t);

/* Why a request was left out of the schedule. */
enum sched_reason {
	SCHED_REASON_NONE = 0,       /* scheduled */
	SCHED_REASON_NO_COMMON_SLOT, /* no slot where both are available */
	SCHED_REASON_CAP,            /* one side reached max_meetings */
	SCHED_REASON_BUSY,           /* every common slot is taken by a
				      * meeting of one side or is full */
};

/* How the upper bound was obtained (docs/scheduler.md). */
enum sched_bound_method {
	SCHED_BOUND_B_MATCHING = 0,  /* sched_bound.c's relaxation */
	SCHED_BOUND_LP,              /* the LP relaxation, sched_lp.c */
};

struct sched_stats {
	int64_t requests;
	int64_t scheduled;
	int64_t weight_total;
	int64_t weight_scheduled;
	int64_t upper_bound;
	int64_t idle_gaps;
	double seconds;
	/* The schedule's weight meets the proven bound: no schedule weighs
	 * more.  (Weights are integers, so a bound below weight + 1 is the
	 * weight itself once rounded down.) */
	bool optimal;
	enum sched_bound_method bound_method;
};

/* "b_matching" or "lp_relaxation", as in the solution's stats. */
const char *sched_bound_method_name(enum sched_bound_method m);

struct sched_solution {
	int request_count;
	int *slot;               /* per request: slot index, or -1 */
	int *table;              /* per request: 1..tables, or 0 */
	enum sched_reason *reason;
	int *reason_who;         /* participant the reason is about, or -1 */
	struct sched_stats stats;
};

struct sched_progress {
	double seconds;
	int64_t weight_best;
	int64_t upper_bound;
	int64_t idle_gaps;
	const char *phase;       /* "weight" or "gaps" */
};

struct sched_options {
	double time_limit;       /* seconds; <= 0: SCHED_DEFAULT_TIME_LIMIT */
	uint64_t seed;
	/* The weight phase gives up after this many steps without a better
	 * schedule; <= 0: SCHED_DEFAULT_STALL_STEPS + 40 per request, which in
	 * practice leaves the time limit in charge. */
	int64_t stall_steps;
	/* Called about four times a second while solving; may be NULL. */
	void (*progress)(void *ctx, const struct sched_progress *progress);
	void *progress_ctx;
};

#define SCHED_DEFAULT_TIME_LIMIT 5.0
#define SCHED_DEFAULT_STALL_STEPS 5000000

/* Solves p.  Deterministic for a seed as long as the time limit is not
 * what stops the search.  Small problems use two threads (a portfolio
 * of seeds, docs/scheduler.md); progress then reports one of them.
 * Returns 0, or ERROR_NOMEM. */
int sched_solve(const struct sched_problem *p, const struct sched_options *opt,
		struct sched_solution **out, struct error *err);
void sched_solution_free(struct sched_solution *s);

/* A proven upper bound on the total weight of any feasible schedule
 * (fixed meetings included).  See sched_bound.c for the argument. */
int64_t sched_upper_bound(const struct sched_problem *p);

/* The LP relaxation's bound (sched_lp.c): solved with COIN-OR CLP within
 * budget seconds, when the problem fits its ceilings.  solved is false
 * when it did not fit or ran out of memory; otherwise bound is proven by
 * weak duality from CLP's dual prices, whether or not CLP reached the
 * LP's optimum (lp_optimal) in its time. */
struct sched_lp_result {
	bool solved;
	bool lp_optimal;
	int64_t bound;           /* fixed meetings included */
	double lp_value;         /* CLP's own objective, for comparison */
	int columns, rows;
	double seconds;
};

int sched_lp_bound(const struct sched_problem *p, double budget,
		   struct sched_lp_result *out);

/* Idle gaps of a schedule given per request (slot index or -1): for each
 * participant and day, the number of consecutive meeting pairs with a slot
 * wholly between them in which the participant is available. */
int64_t sched_idle_gaps(const struct sched_problem *p, const int *slot_of);

/* A schedule as read from a solution file, by ids, for sched_check(). */
struct sched_claimed_meeting {
	const char *a, *b, *slot;
	int64_t table;
	const char *where;       /* "$.meetings[3]", for messages */
};

struct sched_claimed_unscheduled {
	const char *a, *b;
	const char *where;
};

struct sched_claim {
	int meeting_count;
	const struct sched_claimed_meeting *meetings;
	int unscheduled_count;
	const struct sched_claimed_unscheduled *unscheduled;
	struct sched_stats stats;
	bool has_optimal;        /* stats.optimal was given */
};

/* Checks a claimed schedule against p without any of the solver's state.
 * Calls report() once per violation and returns how many there were. */
int sched_check(const struct sched_problem *p, const struct sched_claim *c,
		void (*report)(void *ctx, const char *message), void *ctx);

/* Synthetic problems for tests and benchmarks. */
struct sched_gen_options {
	int participants;
	int requests;            /* 0: 6 per participant */
	int days;
	int slots_per_day;       /* per venue */
	int venues;
	int tables;              /* per slot; 0: enough for a third of the
				  * participants at each venue */
	uint64_t seed;
};

int sched_generate(const struct sched_gen_options *o,
		   struct sched_problem **out, struct error *err);

/* A small deterministic random number generator (splitmix64). */
static inline uint64_t sched_rng_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n), n > 0. */
static inline uint32_t sched_rng_below(uint64_t *state, uint32_t n)
{
	return (uint32_t)(((sched_rng_next(state) >> 32) * (uint64_t)n) >> 32);
}

#endif
