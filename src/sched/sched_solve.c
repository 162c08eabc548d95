/* sched_solve.c: the solver.  Pure C: no I/O.
 *
 * 1. Greedy construction: requests by weight, then scarcity (fewest
 *    candidate slots), each in the first feasible slot in time order.
 * 2. Weight phase, an ejection-chain local search.  Moves: relocate a
 *    meeting to another slot, ejecting what blocks it (the two sides'
 *    meetings in conflicting slots, a table, a cap) and re-placing the
 *    ejected the same way, three levels deep; insert an unscheduled
 *    request the same way or by a Kempe-chain exchange between two slots;
 *    move a participant's day to another venue; defragment (move a
 *    meeting where it closes fewest open slots).
 *    Moves that keep the weight are accepted (a plateau walk) with a
 *    short tabu on what was just placed; losses are accepted by
 *    simulated annealing on problems up to ANNEAL_MAX_REQUESTS, and on
 *    larger ones the walk ruins and recreates a neighbourhood when it
 *    stalls.  The best schedule seen is restored at the end.
 * 3. Gap phase: with the weight fixed, move single meetings and swap the
 *    slots of two meetings of one participant when that lowers the idle
 *    gaps.  Weight is never lost.
 * The search stops early when the weight reaches the proven upper bound
 * and no gap is left, or when it has stalled for long, else at the limit.
 */
#include "sched/sched_internal.h"

#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UNAVAILABLE 0x8000u     /* in blocked[]: p cannot meet in s */
#define NO_CAP INT_MAX
#define TABU_BASE 7
#define PROGRESS_EVERY 0.25     /* seconds between progress calls */
#define MAX_BLOCKERS 64
#define CHAIN_DEPTH 3
#define KEMPE_MAX 256
#define T_HIGH 2.0
#define T_LOW 0.05
#define ANNEAL_MAX_REQUESTS 8000
#define WEIGHT_SHARE 0.85
#define PICK_SAMPLES 3
#define CHAIN_SAMPLE 12

double sched_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct op {
	int request;
	int slot;      /* the slot it was added to or removed from */
	bool added;
};

struct solver {
	const struct sched_problem *p;
	int S, P, R;
	uint64_t rng;
	/* Static. */
	int *cand_start, *cands;   /* candidate slots per request, CSR */
	int *conf_start, *confs;   /* conflicting slots per slot, CSR */
	int *cap;
	int *parallel;             /* S x locations: the slot held at the same
				    * time at that location, or -1 */
	int *first_after;          /* slot -> first index in slot_order
				    * starting at or after its end */
	uint8_t *is_fixed;
	int *pm_start;             /* participant meeting lists, CSR by
				    * min(degree, slots) */
	/* State. */
	int *slot_of;
	uint16_t *blocked;         /* P x S */
	int *occupant;             /* P x S: the meeting there, or -1 */
	int *count;                /* meetings per participant */
	int *pm_n, *pm;            /* meetings per participant */
	int *used;                 /* meetings per slot */
	int **members;             /* meetings per slot */
	int *members_cap;
	int *pos_in_slot;
	int *pool, *pos_in_pool, pool_n;  /* unscheduled, with candidates */
	int64_t weight;
	int64_t *tabu;
	int64_t iter;
	double *reduced;           /* weight minus the sides' dual prices */
	int64_t *chain;            /* move that last touched a request */
	int64_t move;
	struct op *log;
	int log_n, log_cap;
	/* Requests moved since the best schedule was saved. */
	uint8_t *dirty;
	int *dirty_list, dirty_n;
	double temp;               /* annealing temperature, 0: none */
	bool failed;               /* out of memory somewhere */
};

/* --- state changes -------------------------------------------------------- */

static void log_op(struct solver *v, int r, int s, bool added)
{
	if (v->log_n == v->log_cap) {
		int n = v->log_cap ? v->log_cap * 2 : 256;
		struct op *grown = realloc(v->log, (size_t)n * sizeof *grown);
		if (grown == NULL) {
			v->failed = true;
			return;
		}
		v->log = grown;
		v->log_cap = n;
	}
	v->log[v->log_n++] = (struct op){ r, s, added };
}

static void pool_add(struct solver *v, int r)
{
	if (v->pos_in_pool[r] >= 0 || v->is_fixed[r] ||
	    v->cand_start[r] == v->cand_start[r + 1])
		return;
	v->pos_in_pool[r] = v->pool_n;
	v->pool[v->pool_n++] = r;
}

static void pool_remove(struct solver *v, int r)
{
	int i = v->pos_in_pool[r];

	if (i < 0)
		return;
	int last = v->pool[--v->pool_n];
	v->pool[i] = last;
	v->pos_in_pool[last] = i;
	v->pos_in_pool[r] = -1;
}

static void touch(struct solver *v, int who, int s, int delta)
{
	uint16_t *row = v->blocked + (size_t)who * v->S;

	for (int i = v->conf_start[s]; i < v->conf_start[s + 1]; i++)
		row[v->confs[i]] = (uint16_t)(row[v->confs[i]] + delta);
}

static void mark_dirty(struct solver *v, int r)
{
	if (!v->dirty[r]) {
		v->dirty[r] = 1;
		v->dirty_list[v->dirty_n++] = r;
	}
}

static void place(struct solver *v, int r, int s, bool logged)
{
	const struct sched_request *q = &v->p->requests[r];
	int who[2] = { q->a, q->b };

	if (v->used[s] == v->members_cap[s]) {
		int n = v->members_cap[s] ? v->members_cap[s] * 2 : 8;
		int *grown = realloc(v->members[s], (size_t)n * sizeof *grown);
		if (grown == NULL) {
			v->failed = true;
			return;
		}
		v->members[s] = grown;
		v->members_cap[s] = n;
	}
	v->slot_of[r] = s;
	mark_dirty(v, r);
	for (int k = 0; k < 2; k++) {
		touch(v, who[k], s, 1);
		v->occupant[(size_t)who[k] * v->S + s] = r;
		v->pm[v->pm_start[who[k]] + v->pm_n[who[k]]++] = r;
		v->count[who[k]]++;
	}
	v->pos_in_slot[r] = v->used[s];
	v->members[s][v->used[s]++] = r;
	v->weight += q->weight;
	pool_remove(v, r);
	if (logged)
		log_op(v, r, s, true);
}

static void unplace(struct solver *v, int r, bool logged)
{
	const struct sched_request *q = &v->p->requests[r];
	int who[2] = { q->a, q->b };
	int s = v->slot_of[r];

	mark_dirty(v, r);
	for (int k = 0; k < 2; k++) {
		int x = who[k];
		int *list = v->pm + v->pm_start[x];
		for (int i = 0; i < v->pm_n[x]; i++)
			if (list[i] == r) {
				list[i] = list[--v->pm_n[x]];
				break;
			}
		touch(v, x, s, -1);
		v->occupant[(size_t)x * v->S + s] = -1;
		v->count[x]--;
	}
	int i = v->pos_in_slot[r];
	int last = v->members[s][--v->used[s]];
	v->members[s][i] = last;
	v->pos_in_slot[last] = i;
	v->slot_of[r] = -1;
	v->weight -= q->weight;
	pool_add(v, r);
	if (logged)
		log_op(v, r, s, false);
}

/* Reverts every logged change after mark. */
static void undo_to(struct solver *v, int mark)
{
	while (v->log_n > mark) {
		struct op o = v->log[--v->log_n];
		if (o.added)
			unplace(v, o.request, false);
		else
			place(v, o.request, o.slot, false);
	}
}

static bool fits(const struct solver *v, int r, int s)
{
	const struct sched_request *q = &v->p->requests[r];

	return v->blocked[(size_t)q->a * v->S + s] == 0 &&
	       v->blocked[(size_t)q->b * v->S + s] == 0 &&
	       v->used[s] < v->p->slots[s].tables &&
	       v->count[q->a] < v->cap[q->a] && v->count[q->b] < v->cap[q->b];
}

/* How many of a's and b's still open slots a meeting in s would close
 * (besides s): with several venues, a meeting next to one at another
 * venue wastes the slots the travel needs, so the least damaging
 * feasible slot keeps the most room for later meetings. */
static int damage(const struct solver *v, int a, int b, int s)
{
	const uint16_t *ra = v->blocked + (size_t)a * v->S;
	const uint16_t *rb = v->blocked + (size_t)b * v->S;
	int d = 0;

	for (int i = v->conf_start[s]; i < v->conf_start[s + 1]; i++) {
		int t = v->confs[i];
		d += (ra[t] == 0) + (rb[t] == 0);
	}
	return d;
}

/* Places r in its least damaging feasible candidate slot; ties go to the
 * earliest, or at random when shuffle is set.  Returns whether it did. */
static bool place_anywhere(struct solver *v, int r, bool shuffle)
{
	const struct sched_request *q = &v->p->requests[r];
	int from = v->cand_start[r], n = v->cand_start[r + 1] - from;
	int best_s = -1, best_d = INT_MAX, ties = 0;

	for (int i = 0; i < n; i++) {
		int s = v->cands[from + i];
		if (!fits(v, r, s))
			continue;
		int d = damage(v, q->a, q->b, s);
		if (d < best_d) {
			best_d = d;
			best_s = s;
			ties = 1;
		} else if (d == best_d && shuffle &&
			   sched_rng_below(&v->rng, (uint32_t)++ties) == 0) {
			best_s = s;
		}
	}
	if (best_s < 0)
		return false;
	place(v, r, best_s, true);
	return true;
}

/* --- set up ---------------------------------------------------------------- */

static void solver_free(struct solver *v)
{
	free(v->cand_start);
	free(v->cands);
	free(v->conf_start);
	free(v->confs);
	free(v->cap);
	free(v->first_after);
	free(v->parallel);
	free(v->is_fixed);
	free(v->pm_start);
	free(v->slot_of);
	free(v->blocked);
	free(v->occupant);
	free(v->count);
	free(v->pm_n);
	free(v->pm);
	free(v->used);
	if (v->members)
		for (int s = 0; s < v->S; s++)
			free(v->members[s]);
	free(v->members);
	free(v->members_cap);
	free(v->pos_in_slot);
	free(v->pool);
	free(v->pos_in_pool);
	free(v->tabu);
	free(v->chain);
	free(v->reduced);
	free(v->dirty);
	free(v->dirty_list);
	free(v->log);
}

static int solver_init(struct solver *v, const struct sched_problem *p,
		       uint64_t seed)
{
	int S = p->slot_count, P = p->participant_count, R = p->request_count;
	size_t PS = (size_t)P * (size_t)S;

	memset(v, 0, sizeof *v);
	v->p = p;
	v->S = S;
	v->P = P;
	v->R = R;
	v->rng = seed ^ 0x5eed5eedULL;
	v->cand_start = calloc((size_t)R + 1, sizeof *v->cand_start);
	v->conf_start = calloc((size_t)S + 1, sizeof *v->conf_start);
	v->cap = malloc(((size_t)P + 1) * sizeof *v->cap);
	v->first_after = malloc(((size_t)S + 1) * sizeof *v->first_after);
	v->is_fixed = calloc((size_t)R + 1, 1);
	v->pm_start = calloc((size_t)P + 2, sizeof *v->pm_start);
	v->slot_of = malloc(((size_t)R + 1) * sizeof *v->slot_of);
	v->blocked = malloc((PS + 1) * sizeof *v->blocked);
	v->occupant = malloc((PS + 1) * sizeof *v->occupant);
	v->count = calloc((size_t)P + 1, sizeof *v->count);
	v->pm_n = calloc((size_t)P + 1, sizeof *v->pm_n);
	v->used = calloc((size_t)S + 1, sizeof *v->used);
	v->members = calloc((size_t)S + 1, sizeof *v->members);
	v->members_cap = calloc((size_t)S + 1, sizeof *v->members_cap);
	v->pos_in_slot = malloc(((size_t)R + 1) * sizeof *v->pos_in_slot);
	v->pool = malloc(((size_t)R + 1) * sizeof *v->pool);
	v->pos_in_pool = malloc(((size_t)R + 1) * sizeof *v->pos_in_pool);
	v->tabu = calloc((size_t)R + 1, sizeof *v->tabu);
	v->chain = calloc((size_t)R + 1, sizeof *v->chain);
	v->reduced = calloc((size_t)R + 1, sizeof *v->reduced);
	v->dirty = calloc((size_t)R + 1, 1);
	v->dirty_list = malloc(((size_t)R + 1) * sizeof *v->dirty_list);
	if (!v->dirty || !v->dirty_list || !v->occupant || !v->chain ||
	    !v->reduced || !v->cand_start || !v->conf_start || !v->cap ||
	    !v->first_after ||
	    !v->is_fixed || !v->pm_start || !v->slot_of || !v->blocked ||
	    !v->count || !v->pm_n || !v->used || !v->members ||
	    !v->members_cap || !v->pos_in_slot || !v->pool ||
	    !v->pos_in_pool || !v->tabu)
		return -1;

	/* Availability goes into blocked[] as a large count. */
	for (int x = 0; x < P; x++) {
		const uint8_t *av = p->participants[x].available;
		uint16_t *row = v->blocked + (size_t)x * S;
		for (int s = 0; s < S; s++)
			row[s] = (av == NULL || av[s]) ? 0 : UNAVAILABLE;
		int cap = p->participants[x].max_meetings;
		v->cap[x] = cap < 0 ? NO_CAP : cap;
		for (int s = 0; s < S; s++)
			v->occupant[(size_t)x * S + s] = -1;
	}

	/* Conflict lists. */
	for (int s = 0; s < S; s++)
		for (int t = 0; t < S; t++)
			if (sched_problem_slots_conflict(p, s, t))
				v->conf_start[s + 1]++;
	for (int s = 0; s < S; s++)
		v->conf_start[s + 1] += v->conf_start[s];
	v->confs = malloc(((size_t)v->conf_start[S] + 1) * sizeof *v->confs);
	if (v->confs == NULL)
		return -1;
	for (int s = 0, n = 0; s < S; s++)
		for (int t = 0; t < S; t++)
			if (sched_problem_slots_conflict(p, s, t))
				v->confs[n++] = t;

	/* Parallel slots: same start and end, another location. */
	size_t L = (size_t)p->location_count;
	v->parallel = malloc(((size_t)S * L + 1) * sizeof *v->parallel);
	if (v->parallel == NULL)
		return -1;
	for (int s = 0; s < S; s++)
		for (size_t l = 0; l < L; l++)
			v->parallel[(size_t)s * L + l] = -1;
	for (int s = 0; s < S; s++)
		for (int t = 0; t < S; t++)
			if (p->slots[t].start == p->slots[s].start &&
			    p->slots[t].end == p->slots[s].end)
				v->parallel[(size_t)s * L +
					    (size_t)p->slots[t].location] = t;

	/* Where, in start order, the slots after each slot's end begin. */
	for (int s = 0; s < S; s++) {
		int lo = 0, hi = S;
		while (lo < hi) {
			int mid = lo + (hi - lo) / 2;
			if (p->slots[p->slot_order[mid]].start < p->slots[s].end)
				lo = mid + 1;
			else
				hi = mid;
		}
		v->first_after[s] = lo;
	}

	/* Candidate slots, in time order: both available. */
	size_t total = 0;
	for (int r = 0; r < R; r++) {
		const struct sched_request *q = &p->requests[r];
		int n = 0;
		for (int s = 0; s < S; s++)
			if (sched_problem_is_available(p, q->a, s) &&
			    sched_problem_is_available(p, q->b, s))
				n++;
		total += (size_t)n;
		if (total > (size_t)INT_MAX)
			return -1;
		v->cand_start[r + 1] = (int)total;
	}
	v->cands = malloc((total + 1) * sizeof *v->cands);
	if (v->cands == NULL)
		return -1;
	for (int r = 0; r < R; r++) {
		const struct sched_request *q = &p->requests[r];
		int n = v->cand_start[r];
		for (int i = 0; i < S; i++) {
			int s = p->slot_order[i];
			if (sched_problem_is_available(p, q->a, s) &&
			    sched_problem_is_available(p, q->b, s))
				v->cands[n++] = s;
		}
	}

	/* Meeting lists: nobody meets more often than min(degree, slots). */
	for (int r = 0; r < R; r++) {
		v->pm_start[p->requests[r].a + 1]++;
		v->pm_start[p->requests[r].b + 1]++;
	}
	for (int x = 0; x < P; x++) {
		int n = v->pm_start[x + 1];
		if (n > S)
			n = S;
		v->pm_start[x + 1] = v->pm_start[x] + n;
	}
	v->pm = malloc(((size_t)v->pm_start[P] + 1) * sizeof *v->pm);
	if (v->pm == NULL)
		return -1;

	for (int r = 0; r < R; r++) {
		v->slot_of[r] = -1;
		v->pos_in_pool[r] = -1;
	}
	for (int r = 0; r < R; r++)
		pool_add(v, r);
	for (int i = 0; i < p->fixed_count; i++) {
		const struct sched_fixed *f = &p->fixed[i];
		v->is_fixed[f->request] = 1;
		pool_remove(v, f->request);
		place(v, f->request, f->slot, false);
	}
	return v->failed ? -1 : 0;
}

/* --- construction ----------------------------------------------------------- */

struct order_key {
	double reduced;
	int64_t weight;
	int cands;
	uint32_t noise;
	int request;
};

static int compare_order(const void *x, const void *y)
{
	const struct order_key *a = x, *b = y;

	if (a->reduced != b->reduced)
		return a->reduced > b->reduced ? -1 : 1;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	if (a->cands != b->cands)
		return a->cands < b->cands ? -1 : 1;
	if (a->noise != b->noise)
		return a->noise < b->noise ? -1 : 1;
	return a->request - b->request;
}

static int construct(struct solver *v)
{
	struct order_key *keys = malloc(((size_t)v->pool_n + 1) * sizeof *keys);
	int n = v->pool_n;

	if (keys == NULL)
		return -1;
	for (int i = 0; i < n; i++) {
		int r = v->pool[i];
		keys[i] = (struct order_key){
			.reduced = v->reduced[r],
			.weight = v->p->requests[r].weight,
			.cands = v->cand_start[r + 1] - v->cand_start[r],
			.noise = (uint32_t)sched_rng_next(&v->rng),
			.request = r,
		};
	}
	qsort(keys, (size_t)n, sizeof *keys, compare_order);
	for (int i = 0; i < n; i++)
		place_anywhere(v, keys[i].request, false);
	v->log_n = 0;
	free(keys);
	return v->failed ? -1 : 0;
}

/* --- weight phase ------------------------------------------------------------ */

/* May meeting m not move now: fixed, tabu, or already in this chain? */
static bool frozen(const struct solver *v, int m)
{
	return v->is_fixed[m] || v->tabu[m] > v->iter || v->chain[m] == v->move;
}

/* Adds to out[] the meetings of who in slots conflicting with s; returns
 * false if one of them may not move (fixed, tabu) or there are too many. */
static bool collect(const struct solver *v, int who, int s, int *out, int *n)
{
	const int *occ = v->occupant + (size_t)who * v->S;

	for (int i = v->conf_start[s]; i < v->conf_start[s + 1]; i++) {
		int m = occ[v->confs[i]];
		if (m < 0)
			continue;
		if (frozen(v, m) || *n >= MAX_BLOCKERS)
			return false;
		bool dup = false;
		for (int j = 0; j < *n; j++)
			dup |= out[j] == m;
		if (!dup)
			out[(*n)++] = m;
	}
	return true;
}

/* The lightest movable meeting of who not yet in out[], or -1. */
static int lightest_of(const struct solver *v, int who, const int *out, int n)
{
	const int *list = v->pm + v->pm_start[who];
	int best = -1;

	for (int i = 0; i < v->pm_n[who]; i++) {
		int m = list[i];
		bool taken = false;
		for (int j = 0; j < n; j++)
			taken |= out[j] == m;
		if (taken || frozen(v, m))
			continue;
		if (best < 0 || v->p->requests[m].weight <
					v->p->requests[best].weight)
			best = m;
	}
	return best;
}

static int count_of(const struct solver *v, int who, const int *out, int n)
{
	int k = 0;

	for (int j = 0; j < n; j++) {
		const struct sched_request *q = &v->p->requests[out[j]];
		k += q->a == who || q->b == who;
	}
	return k;
}

/* Finds what must leave so r fits in s: blockers of both sides, then a
 * table, then cap room.  Returns the total weight, or -1 if impossible. */
static int64_t blockers(struct solver *v, int r, int s, int *out, int *n)
{
	const struct sched_request *q = &v->p->requests[r];
	const uint16_t *ra = v->blocked + (size_t)q->a * v->S;
	const uint16_t *rb = v->blocked + (size_t)q->b * v->S;
	int64_t w = 0;

	*n = 0;
	if ((ra[s] | rb[s]) & UNAVAILABLE)
		return -1;
	if (ra[s] && !collect(v, q->a, s, out, n))
		return -1;
	if (rb[s] && !collect(v, q->b, s, out, n))
		return -1;
	int in_slot = 0;
	for (int j = 0; j < *n; j++)
		in_slot += v->slot_of[out[j]] == s;
	if (v->used[s] - in_slot >= v->p->slots[s].tables) {
		/* A table: try a few random meetings of the slot. */
		int best = -1;
		for (int k = 0; k < 4; k++) {
			int m = v->members[s][sched_rng_below(
				&v->rng, (uint32_t)v->used[s])];
			if (frozen(v, m))
				continue;
			bool taken = false;
			for (int j = 0; j < *n; j++)
				taken |= out[j] == m;
			if (!taken && (best < 0 || v->p->requests[m].weight <
							   v->p->requests[best].weight))
				best = m;
		}
		if (best < 0 || *n >= MAX_BLOCKERS)
			return -1;
		out[(*n)++] = best;
	}
	int who[2] = { q->a, q->b };
	for (int k = 0; k < 2; k++) {
		if (v->count[who[k]] - count_of(v, who[k], out, *n) <
		    v->cap[who[k]])
			continue;
		int m = lightest_of(v, who[k], out, *n);
		if (m < 0 || *n >= MAX_BLOCKERS)
			return -1;
		out[(*n)++] = m;
	}
	for (int j = 0; j < *n; j++)
		w += v->p->requests[out[j]].weight;
	return w;
}

/* The candidate slot of r whose blockers weigh least (ties at random),
 * with the blockers in out[]; -1 when none may be cleared or, when limit
 * is not negative, all weigh more than limit. */
static int cheapest_slot(struct solver *v, int r, int64_t limit, int *out,
			 int *n_out)
{
	int from = v->cand_start[r], n = v->cand_start[r + 1] - from;
	int tmp[MAX_BLOCKERS], k, best_s = -1, ties = 0, best_d = INT_MAX;
	int64_t best_w = -1;
	/* Inside a chain, a random sample of the slots is enough and keeps
	 * chains cheap on problems with many slots. */
	int look = limit >= 0 && n > CHAIN_SAMPLE ? CHAIN_SAMPLE : n;

	for (int i = 0; i < look; i++) {
		int s = v->cands[from + (look < n ? (int)sched_rng_below(
							   &v->rng, (uint32_t)n)
						 : i)];
		int64_t w = blockers(v, r, s, tmp, &k);
		if (w < 0 || (limit >= 0 && w > limit))
			continue;
		int d = damage(v, v->p->requests[r].a, v->p->requests[r].b, s);
		if (best_s < 0 || w < best_w || (w == best_w && d < best_d)) {
			ties = 1;
		} else if (w == best_w && d == best_d) {
			if (sched_rng_below(&v->rng, (uint32_t)++ties) != 0)
				continue;
		} else {
			continue;
		}
		best_s = s;
		best_w = w;
		best_d = d;
		*n_out = k;
		memcpy(out, tmp, (size_t)k * sizeof *tmp);
	}
	return best_s;
}

/* Places r, directly if it fits somewhere, else by ejecting the cheapest
 * blockers (no heavier than r below the top level) and re-placing them
 * the same way, depth levels deep: an ejection chain. */
static void insert_chain(struct solver *v, int r, int depth, bool top)
{
	int out[MAX_BLOCKERS], n = 0;

	v->chain[r] = v->move;
	if (!top && place_anywhere(v, r, true))
		return;
	if (depth <= 0)
		return;
	int s = cheapest_slot(v, r, top ? -1 : v->p->requests[r].weight, out,
			      &n);
	if (s < 0)
		return;
	for (int j = 0; j < n; j++) {
		v->chain[out[j]] = v->move;
		unplace(v, out[j], true);
	}
	place(v, r, s, true);
	for (int j = n - 1; j > 0; j--) {
		int i = (int)sched_rng_below(&v->rng, (uint32_t)j + 1);
		int t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
	for (int j = 0; j < n && !v->failed; j++)
		insert_chain(v, out[j], depth - 1, false);
}

/* Annealing: a loss of -delta is kept with probability exp(delta/temp). */
static bool accept_worse(struct solver *v, int64_t delta)
{
	if (v->temp <= 0)
		return false;
	double u = (double)(sched_rng_next(&v->rng) >> 11) / 9007199254740992.0;
	return u < exp((double)delta / v->temp);
}

/* One ejection-chain move on unscheduled r.  Returns the weight change
 * (kept when >= 0, undone otherwise). */
static int64_t try_insert(struct solver *v, int r, int depth)
{
	int mark = v->log_n;
	int64_t before = v->weight;

	v->move++;
	if (place_anywhere(v, r, true)) {
		v->log_n = mark;
		return v->p->requests[r].weight;
	}
	insert_chain(v, r, depth, true);
	int64_t delta = v->weight - before;
	if (v->log_n == mark)
		return -1;      /* no slot could be cleared */
	if (v->failed || (delta < 0 && !accept_worse(v, delta))) {
		undo_to(v, mark);
		return delta < 0 ? delta : -1;
	}
	v->tabu[r] = v->iter + TABU_BASE + sched_rng_below(&v->rng, 8);
	v->log_n = mark;
	return delta;
}

/* The meeting of who that keeps it from slot s, -1 when who is free in
 * s, -2 when that is not exactly one meeting in s itself. */
static int meeting_in(const struct solver *v, int who, int s)
{
	const int *occ = v->occupant + (size_t)who * v->S;
	int found = -1;

	for (int i = v->conf_start[s]; i < v->conf_start[s + 1]; i++) {
		int m = occ[v->confs[i]];
		if (m < 0)
			continue;
		if (v->slot_of[m] != s || found >= 0)
			return -2;
		found = m;
	}
	return found;
}

/* A Kempe-chain exchange for r = (free, busy): free can meet in s1, busy
 * in s2.  Swap slots s1 and s2 along the chain of meetings that starts at
 * busy's meeting in s1 and alternates between the two slots, then place r
 * in s1.  With buyers and sellers and full availability this always
 * succeeds (König's edge-colouring argument); with holes, tables and
 * travel it may not, and then nothing changes. */
static bool kempe(struct solver *v, int r, int busy, int s1, int s2,
		  int *moved, int *dest)
{
	int mark = v->log_n, n = 0, x = busy, cur = s1, other = s2;

	for (;;) {
		int m = meeting_in(v, x, cur);
		if (m == -1)
			break;
		if (m < 0 || frozen(v, m) || n >= KEMPE_MAX)
			goto fail;
		unplace(v, m, true);
		moved[n] = m;
		dest[n++] = other;
		const struct sched_request *q = &v->p->requests[m];
		x = q->a == x ? q->b : q->a;
		int t = cur;
		cur = other;
		other = t;
	}
	for (int i = 0; i < n; i++) {
		if (!fits(v, moved[i], dest[i]))
			goto fail;
		place(v, moved[i], dest[i], true);
	}
	if (!fits(v, r, s1))
		goto fail;
	place(v, r, s1, true);
	v->log_n = mark;
	return true;
fail:
	undo_to(v, mark);
	return false;
}

/* Tries a Kempe exchange for unscheduled r in a random orientation with
 * random slots: s1 where one side is free, s2 where the other is. */
static bool try_kempe(struct solver *v, int r, int *moved, int *dest)
{
	const struct sched_request *q = &v->p->requests[r];
	int from = v->cand_start[r], n = v->cand_start[r + 1] - from;
	bool flip = sched_rng_below(&v->rng, 2);
	int freed = flip ? q->b : q->a, busy = flip ? q->a : q->b;
	const uint16_t *fr = v->blocked + (size_t)freed * v->S;
	const uint16_t *br = v->blocked + (size_t)busy * v->S;
	int s1 = -1, s2 = -1, seen = 0;

	if (n == 0 || v->count[q->a] >= v->cap[q->a] ||
	    v->count[q->b] >= v->cap[q->b])
		return false;
	for (int i = 0; i < n; i++) {
		int s = v->cands[from + i];
		if (fr[s] == 0 && v->used[s] < v->p->slots[s].tables &&
		    sched_rng_below(&v->rng, (uint32_t)++seen) == 0)
			s1 = s;
	}
	seen = 0;
	for (int s = 0; s < v->S; s++)
		if (br[s] == 0 && sched_rng_below(&v->rng, (uint32_t)++seen) == 0)
			s2 = s;
	if (s1 < 0 || s2 < 0)
		return false;
	v->move++;
	return kempe(v, r, busy, s1, s2, moved, dest);
}

/* A move that keeps the weight: re-place one meeting of a side of r in
 * its least damaging slot (which may be where it was), then try r. */
static int64_t try_defrag(struct solver *v, int r)
{
	const struct sched_request *q = &v->p->requests[r];
	int x = sched_rng_below(&v->rng, 2) ? q->a : q->b;

	if (v->pm_n[x] == 0)
		return -1;
	int m = v->pm[v->pm_start[x] +
		      (int)sched_rng_below(&v->rng, (uint32_t)v->pm_n[x])];
	if (frozen(v, m))
		return -1;
	int mark = v->log_n, s0 = v->slot_of[m];
	unplace(v, m, true);
	if (!place_anywhere(v, m, true) || v->slot_of[m] == s0) {
		undo_to(v, mark);
		return -1;
	}
	if (place_anywhere(v, r, true)) {
		v->log_n = mark;
		return q->weight;
	}
	v->log_n = mark;
	return 0;
}

/* Ruin and recreate: clears the meetings around a random scheduled
 * request's participants and refills them greedily, heaviest first. */
static void ruin_recreate(struct solver *v, int *scratch, int scratch_cap)
{
	int n = 0;

	if (v->R == 0)
		return;
	int seed = (int)sched_rng_below(&v->rng, (uint32_t)v->R);
	const struct sched_request *q = &v->p->requests[seed];
	int who[2] = { q->a, q->b };
	for (int k = 0; k < 2 && n < scratch_cap; k++) {
		int x = who[k];
		/* A random stretch of x's meetings. */
		for (int i = v->pm_n[x] - 1; i >= 0 && n < scratch_cap; i--) {
			int m = v->pm[v->pm_start[x] + i];
			if (v->is_fixed[m] || sched_rng_below(&v->rng, 2))
				continue;
			unplace(v, m, true);
			scratch[n++] = m;
		}
	}
	/* Refill: the removed ones and the pool's requests of the same
	 * participants, heaviest first (simple selection; n is small). */
	for (int k = 0; k < 2; k++) {
		int x = who[k];
		for (int i = 0; i < v->pool_n && n < scratch_cap; i++) {
			int m = v->pool[i];
			const struct sched_request *mq = &v->p->requests[m];
			if ((mq->a == x || mq->b == x) &&
			    sched_rng_below(&v->rng, 4) == 0)
				scratch[n++] = m;
		}
	}
	for (int i = 0; i < n; i++) {
		int best = i;
		for (int j = i + 1; j < n; j++)
			if (v->p->requests[scratch[j]].weight >
			    v->p->requests[scratch[best]].weight)
				best = j;
		int t = scratch[i];
		scratch[i] = scratch[best];
		scratch[best] = t;
		if (v->slot_of[scratch[i]] < 0)
			place_anywhere(v, scratch[i], true);
	}
	v->log_n = 0;
}

/* Saves the current schedule as the best: only what moved since. */
static void save_best(struct solver *v, int *best)
{
	for (int i = 0; i < v->dirty_n; i++) {
		int r = v->dirty_list[i];
		best[r] = v->slot_of[r];
		v->dirty[r] = 0;
	}
	v->dirty_n = 0;
}

/* Goes back to the saved best schedule: only what moved since. */
static void restore_best(struct solver *v, const int *best)
{
	int n = v->dirty_n;

	for (int i = 0; i < n; i++) {
		int r = v->dirty_list[i];
		if (v->slot_of[r] >= 0)
			unplace(v, r, false);
	}
	for (int i = 0; i < n; i++) {
		int r = v->dirty_list[i];
		if (best[r] >= 0)
			place(v, r, best[r], false);
		v->dirty[r] = 0;
	}
	v->dirty_n = 0;
	v->log_n = 0;
}

/* --- idle gaps ------------------------------------------------------------------ */

static int by_start(const struct sched_problem *p, int s, int t)
{
	if (p->slots[s].start != p->slots[t].start)
		return p->slots[s].start < p->slots[t].start ? -1 : 1;
	return s - t;
}

/* Is there a slot wholly between the end of s and the start of t in which
 * who is available? */
static bool gap_between(const struct sched_problem *p, const int *first_after,
			int who, int s, int t)
{
	int64_t limit = p->slots[t].start;

	for (int i = first_after[s]; i < p->slot_count; i++) {
		int u = p->slot_order[i];
		if (p->slots[u].start >= limit)
			break;
		if (p->slots[u].end <= limit &&
		    sched_problem_is_available(p, who, u))
			return true;
	}
	return false;
}

/* Gaps of one participant whose meeting slots are in slots[0..n-1]
 * (reordered). */
static int gaps_of(const struct sched_problem *p, const int *first_after,
		   int who, int *slots, int n)
{
	int gaps = 0;

	for (int i = 1; i < n; i++) {
		int s = slots[i], j = i - 1;
		while (j >= 0 && by_start(p, slots[j], s) > 0) {
			slots[j + 1] = slots[j];
			j--;
		}
		slots[j + 1] = s;
	}
	for (int i = 1; i < n; i++)
		if (p->slots[slots[i - 1]].day == p->slots[slots[i]].day &&
		    gap_between(p, first_after, who, slots[i - 1], slots[i]))
			gaps++;
	return gaps;
}

static int participant_gaps(const struct solver *v, int who, int *scratch)
{
	int n = v->pm_n[who];

	for (int i = 0; i < n; i++)
		scratch[i] = v->slot_of[v->pm[v->pm_start[who] + i]];
	return gaps_of(v->p, v->first_after, who, scratch, n);
}

int64_t sched_idle_gaps(const struct sched_problem *p, const int *slot_of)
{
	int S = p->slot_count, P = p->participant_count;
	int *first_after = malloc(((size_t)S + 1) * sizeof *first_after);
	int *start = calloc((size_t)P + 2, sizeof *start);
	int *list = NULL, *fill = NULL;
	int64_t total = 0;

	if (first_after == NULL || start == NULL)
		goto cleanup;
	for (int s = 0; s < S; s++) {
		int lo = 0, hi = S;
		while (lo < hi) {
			int mid = lo + (hi - lo) / 2;
			if (p->slots[p->slot_order[mid]].start < p->slots[s].end)
				lo = mid + 1;
			else
				hi = mid;
		}
		first_after[s] = lo;
	}
	for (int r = 0; r < p->request_count; r++)
		if (slot_of[r] >= 0) {
			start[p->requests[r].a + 1]++;
			start[p->requests[r].b + 1]++;
		}
	for (int x = 0; x < P; x++)
		start[x + 1] += start[x];
	list = malloc(((size_t)start[P] + 1) * sizeof *list);
	fill = calloc((size_t)P + 1, sizeof *fill);
	if (list == NULL || fill == NULL)
		goto cleanup;
	for (int r = 0; r < p->request_count; r++)
		if (slot_of[r] >= 0) {
			int a = p->requests[r].a, b = p->requests[r].b;
			list[start[a] + fill[a]++] = slot_of[r];
			list[start[b] + fill[b]++] = slot_of[r];
		}
	for (int x = 0; x < P; x++)
		total += gaps_of(p, first_after, x, list + start[x],
				 start[x + 1] - start[x]);
cleanup:
	free(first_after);
	free(start);
	free(list);
	free(fill);
	return total;
}

/* Moves meeting m to another slot, or swaps it with another meeting of
 * one of its sides, when the idle gaps do not grow; keeps strict
 * improvements and, with plateau set, some equal moves.  Returns the
 * change in gaps (<= 0). */
static int gap_move(struct solver *v, int m, bool plateau, int *scratch)
{
	const struct sched_request *q = &v->p->requests[m];
	int a = q->a, b = q->b, s0 = v->slot_of[m];
	int from = v->cand_start[m], n = v->cand_start[m + 1] - from;
	int before = participant_gaps(v, a, scratch) +
		     participant_gaps(v, b, scratch);
	int mark = v->log_n;

	if (v->is_fixed[m])
		return 0;
	if (sched_rng_below(&v->rng, 2) == 0) {
		/* Relocate. */
		unplace(v, m, true);
		int best_s = -1, best = before, ties = 0;
		for (int i = 0; i < n; i++) {
			int s = v->cands[from + i];
			if (s == s0 || !fits(v, m, s))
				continue;
			place(v, m, s, false);
			int g = participant_gaps(v, a, scratch) +
				participant_gaps(v, b, scratch);
			unplace(v, m, false);
			if (g < best || (g == best && plateau &&
					 sched_rng_below(&v->rng, (uint32_t)++ties) == 0)) {
				if (g < best)
					ties = 1;
				best = g;
				best_s = s;
			}
		}
		if (best_s < 0) {
			undo_to(v, mark);
			return 0;
		}
		place(v, m, best_s, true);
		v->log_n = mark;
		return best - before;
	}
	/* Swap with another meeting of a (or b) in another slot. */
	int x = sched_rng_below(&v->rng, 2) ? a : b;
	if (v->pm_n[x] < 2)
		return 0;
	int o = v->pm[v->pm_start[x] +
		      (int)sched_rng_below(&v->rng, (uint32_t)v->pm_n[x])];
	if (o == m || v->is_fixed[o])
		return 0;
	int s1 = v->slot_of[o];
	const struct sched_request *oq = &v->p->requests[o];
	int y = oq->a == x ? oq->b : oq->a;
	int z = a == x ? b : a;
	before = participant_gaps(v, x, scratch) +
		 participant_gaps(v, y, scratch) +
		 participant_gaps(v, z, scratch);
	unplace(v, m, true);
	unplace(v, o, true);
	if (!sched_problem_is_available(v->p, z, s1) ||
	    !sched_problem_is_available(v->p, y, s0) || !fits(v, m, s1)) {
		undo_to(v, mark);
		return 0;
	}
	place(v, m, s1, true);
	if (!fits(v, o, s0)) {
		undo_to(v, mark);
		return 0;
	}
	place(v, o, s0, true);
	int after = participant_gaps(v, x, scratch) +
		    participant_gaps(v, y, scratch) +
		    participant_gaps(v, z, scratch);
	if (after > before ||
	    (after == before && !(plateau && sched_rng_below(&v->rng, 2)))) {
		undo_to(v, mark);
		return 0;
	}
	v->log_n = mark;
	return after - before;
}

/* Moves a random meeting to the cheapest other slot by an ejection
 * chain; kept under the same rule as insertions (annealing or no loss). */
static int64_t try_relocate(struct solver *v)
{
	int m = (int)sched_rng_below(&v->rng, (uint32_t)v->R);

	if (v->slot_of[m] < 0 || frozen(v, m))
		return -1;
	int mark = v->log_n, s0 = v->slot_of[m];
	int64_t before = v->weight;
	v->move++;
	unplace(v, m, true);
	v->chain[m] = v->move;
	/* Keep it out of its old slot for this move. */
	v->blocked[(size_t)v->p->requests[m].a * v->S + s0] += UNAVAILABLE;
	insert_chain(v, m, CHAIN_DEPTH, true);
	v->blocked[(size_t)v->p->requests[m].a * v->S + s0] -= UNAVAILABLE;
	int64_t delta = v->weight - before;
	if (v->failed || v->slot_of[m] < 0 ||
	    (delta < 0 && !accept_worse(v, delta))) {
		undo_to(v, mark);
		return -1;
	}
	v->log_n = mark;
	return delta;
}

/* Moves a participant's day to another venue: every meeting it has that
 * day elsewhere goes to the slot held at the same time at the new venue
 * when it fits, else through an ejection chain.  With venues in parallel
 * and travel between them, this is the change single moves cannot make:
 * all of a day's meetings must switch together. */
static int64_t try_flip(struct solver *v, int *list)
{
	int L = v->p->location_count;
	int m0 = (int)sched_rng_below(&v->rng, (uint32_t)v->R);

	if (L < 2 || v->slot_of[m0] < 0)
		return -1;
	const struct sched_request *q = &v->p->requests[m0];
	int x = sched_rng_below(&v->rng, 2) ? q->a : q->b;
	const struct sched_slot *home = &v->p->slots[v->slot_of[m0]];
	int to = (int)sched_rng_below(&v->rng, (uint32_t)L - 1);
	if (to >= home->location)
		to++;
	int n = 0;
	for (int i = 0; i < v->pm_n[x]; i++) {
		int m = v->pm[v->pm_start[x] + i];
		const struct sched_slot *sl = &v->p->slots[v->slot_of[m]];
		if (sl->day != home->day || sl->location == to)
			continue;
		if (frozen(v, m) ||
		    v->parallel[(size_t)v->slot_of[m] * (size_t)L + (size_t)to] < 0)
			return -1;
		list[n++] = m;
	}
	int mark = v->log_n;
	int64_t before = v->weight;
	v->move++;
	for (int i = 0; i < n; i++) {
		list[n + i] = v->parallel[(size_t)v->slot_of[list[i]] * (size_t)L +
					  (size_t)to];
		v->chain[list[i]] = v->move;
		unplace(v, list[i], true);
	}
	for (int i = 0; i < n && !v->failed; i++) {
		if (v->slot_of[list[i]] >= 0)
			continue;
		if (fits(v, list[i], list[n + i]))
			place(v, list[i], list[n + i], true);
		else
			insert_chain(v, list[i], CHAIN_DEPTH, true);
	}
	int64_t delta = v->weight - before;
	if (v->failed || (delta < 0 && !accept_worse(v, delta))) {
		undo_to(v, mark);
		return -1;
	}
	v->log_n = mark;
	return delta;
}

/* An unscheduled request to work on: the best by reduced weight of a
 * few drawn at random, so that the requests the relaxation would keep
 * get most of the attention and the hopeless ones some. */
static int pick_unscheduled(struct solver *v)
{
	int best = v->pool[sched_rng_below(&v->rng, (uint32_t)v->pool_n)];

	for (int k = 1; k < PICK_SAMPLES; k++) {
		int r = v->pool[sched_rng_below(&v->rng, (uint32_t)v->pool_n)];
		if (v->reduced[r] > v->reduced[best])
			best = r;
	}
	return best;
}

/* --- driver ------------------------------------------------------------------------ */

struct clock {
	double start, limit, next_progress;
	double phase_limit;        /* when the current phase must end */
	const struct sched_options *opt;
};

static bool out_of_time(struct clock *c, const struct solver *v,
			int64_t best, int64_t bound, int64_t gaps,
			const char *phase)
{
	double now = sched_now();

	if (c->opt->progress && now >= c->next_progress) {
		struct sched_progress pr = {
			.seconds = now - c->start, .weight_best = best,
			.upper_bound = bound, .idle_gaps = gaps, .phase = phase,
		};
		c->opt->progress(c->opt->progress_ctx, &pr);
		c->next_progress = now + PROGRESS_EVERY;
	}
	(void)v;
	return now - c->start >= c->phase_limit;
}

static void finish_solution(struct solver *v, struct sched_solution *sol)
{
	const struct sched_problem *p = v->p;
	int S = v->S;
	uint8_t *taken = NULL;

	/* Tables: fixed meetings keep theirs, the rest fill 1, 2, ... */
	for (int s = 0; s < S; s++) {
		int T = p->slots[s].tables;
		taken = calloc((size_t)T + 2, 1);
		if (taken == NULL) {
			v->failed = true;
			return;
		}
		for (int i = 0; i < p->fixed_count; i++)
			if (p->fixed[i].slot == s)
				taken[p->fixed[i].table] = 1;
		int next = 1;
		for (int i = 0; i < v->used[s]; i++) {
			int m = v->members[s][i];
			if (v->is_fixed[m])
				continue;
			while (next <= T && taken[next])
				next++;
			sol->table[m] = next++;
		}
		free(taken);
	}
	for (int i = 0; i < p->fixed_count; i++)
		sol->table[p->fixed[i].request] = p->fixed[i].table;

	int64_t total = 0, done = 0, weight = 0;
	for (int r = 0; r < v->R; r++) {
		const struct sched_request *q = &p->requests[r];
		total += q->weight;
		sol->slot[r] = v->slot_of[r];
		sol->reason[r] = SCHED_REASON_NONE;
		sol->reason_who[r] = -1;
		if (v->slot_of[r] >= 0) {
			done++;
			weight += q->weight;
			continue;
		}
		sol->table[r] = 0;
		if (v->cand_start[r] == v->cand_start[r + 1]) {
			sol->reason[r] = SCHED_REASON_NO_COMMON_SLOT;
		} else if (v->count[q->a] >= v->cap[q->a]) {
			sol->reason[r] = SCHED_REASON_CAP;
			sol->reason_who[r] = q->a;
		} else if (v->count[q->b] >= v->cap[q->b]) {
			sol->reason[r] = SCHED_REASON_CAP;
			sol->reason_who[r] = q->b;
		} else {
			sol->reason[r] = SCHED_REASON_BUSY;
		}
	}
	sol->stats.requests = v->R;
	sol->stats.scheduled = done;
	sol->stats.weight_total = total;
	sol->stats.weight_scheduled = weight;
}

/* One run from one seed for the whole of opt->time_limit.  *lp_bound is
 * the LP relaxation's bound, or -1 while there is none (another thread
 * may set it during the run); the run stops once it meets the better of
 * that and the b-matching bound.  The solution's bound is settled by
 * sched_solve(). */
static int solve_once(const struct sched_problem *p,
		      const struct sched_options *opt,
		      _Atomic int64_t *lp_bound, struct sched_solution **out,
		      struct error *err)
{
	struct solver v;
	struct sched_solution *sol = NULL;
	int *best = NULL, *scratch = NULL;
	int rc = ERROR_NOMEM;
	struct sched_options defaults = { 0 };
	struct clock clock;

	*out = NULL;
	if (opt == NULL)
		opt = &defaults;
	clock.start = sched_now();
	clock.limit = opt->time_limit > 0 ? opt->time_limit
					  : SCHED_DEFAULT_TIME_LIMIT;
	clock.next_progress = clock.start + PROGRESS_EVERY;
	/* The weight comes first, but leave the gaps some of the time. */
	clock.phase_limit = clock.limit * WEIGHT_SHARE;
	clock.opt = opt;

	if (solver_init(&v, p, opt->seed) != 0)
		goto cleanup;
	int R = v.R;
	int scratch_cap = 2 * v.S + 2 * MAX_BLOCKERS + 2 * KEMPE_MAX + 64;
	best = malloc(((size_t)R + 1) * sizeof *best);
	scratch = malloc((size_t)scratch_cap * sizeof *scratch);
	sol = calloc(1, sizeof *sol);
	if (best == NULL || scratch == NULL || sol == NULL)
		goto cleanup;
	sol->request_count = R;
	sol->slot = malloc(((size_t)R + 1) * sizeof *sol->slot);
	sol->table = calloc((size_t)R + 1, sizeof *sol->table);
	sol->reason = malloc(((size_t)R + 1) * sizeof *sol->reason);
	sol->reason_who = malloc(((size_t)R + 1) * sizeof *sol->reason_who);
	if (!sol->slot || !sol->table || !sol->reason || !sol->reason_who)
		goto cleanup;

	double *prices = calloc((size_t)v.P + 1, sizeof *prices);
	if (prices == NULL)
		goto cleanup;
	int64_t bound = sched_bound_prices(p, prices);
	int64_t b_matching = bound, lp = atomic_load(lp_bound);
	if (lp >= 0 && lp < bound)
		bound = lp;
	for (int r = 0; r < R; r++)
		v.reduced[r] = (double)p->requests[r].weight -
			       prices[p->requests[r].a] -
			       prices[p->requests[r].b];
	free(prices);
	if (construct(&v) != 0)
		goto cleanup;

	/* Weight phase: annealing rounds, each cooling from T_HIGH to T_LOW
	 * and ending back at the best schedule when it finished below it. */
	int64_t best_weight = v.weight;
	int64_t last_best = 0, round_start = 0, last_gain = 0;
	int64_t stall_ruin = 2000 + (int64_t)R / 4;
	int64_t round_len = 20000 + (int64_t)R * 8;
	/* Annealing pays on small and medium problems; on large ones the
	 * random losses spread faster than the search repairs them. */
	bool anneal = R <= ANNEAL_MAX_REQUESTS;
	int64_t stall_stop = opt->stall_steps > 0
				     ? opt->stall_steps
				     : SCHED_DEFAULT_STALL_STEPS + (int64_t)R * 40;
	memcpy(best, v.slot_of, (size_t)R * sizeof *best);
	save_best(&v, best);
	for (v.iter = 1; best_weight < bound && v.pool_n > 0; v.iter++) {
		if ((v.iter & 255) == 0) {
			lp = atomic_load(lp_bound);
			if (lp >= 0 && lp < bound)
				bound = lp;
			if (out_of_time(&clock, &v, best_weight, bound, -1,
					"weight"))
				break;
		}
		if (v.iter - last_best > stall_stop)
			break;
		if ((v.iter & 63) == 0 && anneal)
			v.temp = T_HIGH * pow(T_LOW / T_HIGH,
					      (double)(v.iter - round_start) /
						      (double)round_len);
		int r = pick_unscheduled(&v);
		int64_t before = v.weight;
		/* Mostly relocations: measured on the benchmarks, moving
		 * scheduled meetings through ejection chains is what opens
		 * room; the rest attack an unscheduled request directly. */
		uint32_t kind = sched_rng_below(&v.rng, 8);
		if (kind == 0)
			try_defrag(&v, r);
		else if (kind <= 5)
			try_relocate(&v);
		else if (kind == 6)
			try_flip(&v, scratch);
		else if (!try_kempe(&v, r, scratch, scratch + KEMPE_MAX))
			try_insert(&v, r, CHAIN_DEPTH);
		if (v.failed)
			goto cleanup;
		if (v.weight > best_weight) {
			best_weight = v.weight;
			last_best = v.iter;
			save_best(&v, best);
		}
		if (v.weight > before)
			last_gain = v.iter;
		if (anneal ? v.iter - round_start >= round_len
			   : v.iter - last_gain > stall_ruin) {
			if (v.weight < best_weight)
				restore_best(&v, best);
			ruin_recreate(&v, scratch, scratch_cap);
			round_start = last_gain = v.iter;
		}
	}
	if (v.weight < best_weight)
		restore_best(&v, best);
	v.temp = 0;
	if (v.failed)
		goto cleanup;

	/* Gap phase: never loses weight (moves keep every meeting). */
	clock.phase_limit = clock.limit;
	int64_t gaps = 0;
	for (int x = 0; x < v.P; x++)
		gaps += participant_gaps(&v, x, scratch);
	int64_t since = 0, gap_stall = 20000 + (int64_t)R * 10;
	for (int64_t it = 1; gaps > 0 && since < gap_stall && v.weight > 0;
	     it++, since++) {
		if ((it & 255) == 0 &&
		    out_of_time(&clock, &v, v.weight, bound, gaps, "gaps"))
			break;
		int r = (int)sched_rng_below(&v.rng, (uint32_t)R);
		if (v.slot_of[r] < 0)
			continue;
		int d = gap_move(&v, r, true, scratch);
		if (v.failed)
			goto cleanup;
		if (d < 0) {
			gaps += d;
			since = 0;
		}
	}

	finish_solution(&v, sol);
	if (v.failed)
		goto cleanup;
	sol->stats.upper_bound = b_matching;
	sol->stats.idle_gaps = gaps;
	sol->stats.seconds = sched_now() - clock.start;
	*out = sol;
	sol = NULL;
	rc = 0;
cleanup:
	if (rc != 0)
		error_set(err, ERROR_NOMEM, "out of memory while solving");
	sched_solution_free(sol);
	solver_free(&v);
	free(best);
	free(scratch);
	return rc;
}

/* Small problems: one run settles long before its time is up, and where
 * it settles depends on the seed far more than on the time left (on the
 * small benchmark problems, seeds 1-8 at 0.8 s end up to 3 apart, while
 * one seed gains nothing from 0.4 s to 0.8 s).  So a small problem gets a
 * portfolio: PORTFOLIO_THREADS threads, each running PORTFOLIO_RUNS seeds
 * one after another in its share of the time; the best schedule wins,
 * ties to the earlier seed.  Seed k of the portfolio is opt->seed + k, so
 * the result is still a function of the seed wherever the time limit is
 * not what stops a run. */
#define PORTFOLIO_MAX_REQUESTS 1000
#define PORTFOLIO_THREADS 2
#define PORTFOLIO_RUNS 2
#define PORTFOLIO_MIN_SLICE 0.1
/* The most of the time limit the LP relaxation may take (sched_lp.c). */
#define LP_SHARE 0.25

struct portfolio {
	const struct sched_problem *p;
	struct sched_options opt;   /* time_limit: one run's */
	_Atomic int64_t *lp_bound;
	double lp_budget;           /* > 0: solve the LP before the runs */
	int first;                  /* this thread's first seed offset */
	struct sched_solution *best;
	int best_index;
	int rc;
};

static bool better(const struct sched_solution *a,
		   const struct sched_solution *b)
{
	if (b == NULL)
		return true;
	if (a->stats.weight_scheduled != b->stats.weight_scheduled)
		return a->stats.weight_scheduled > b->stats.weight_scheduled;
	return a->stats.idle_gaps < b->stats.idle_gaps;
}

static void *portfolio_thread(void *arg)
{
	struct portfolio *t = arg;

	if (t->lp_budget > 0) {
		double start = sched_now(), floor = t->opt.time_limit *
						    (1 - LP_SHARE);
		struct sched_lp_result lp;
		if (sched_lp_bound(t->p, t->lp_budget, &lp) == 0)
			atomic_store(t->lp_bound, lp.bound);
		t->opt.time_limit -= (sched_now() - start) / PORTFOLIO_RUNS;
		if (t->opt.time_limit < floor)
			t->opt.time_limit = floor;
	}
	for (int k = 0; k < PORTFOLIO_RUNS; k++) {
		int index = t->first + k * PORTFOLIO_THREADS;
		struct sched_options o = t->opt;
		struct sched_solution *s;

		o.seed = t->opt.seed + (uint64_t)index;
		if (t->first != 0)
			o.progress = NULL;
		if ((t->rc = solve_once(t->p, &o, t->lp_bound, &s, NULL)) != 0)
			break;
		if (better(s, t->best)) {
			sched_solution_free(t->best);
			t->best = s;
			t->best_index = index;
		} else {
			sched_solution_free(s);
		}
		int64_t lp = atomic_load(t->lp_bound);
		if (t->best->stats.weight_scheduled >=
			    t->best->stats.upper_bound ||
		    (lp >= 0 && t->best->stats.weight_scheduled >= lp))
			break;
	}
	return NULL;
}

/* The LP relaxation on its own thread, beside a single long run. */
struct lp_job {
	const struct sched_problem *p;
	double budget;
	struct sched_lp_result result;
	_Atomic int64_t *bound;
};

static void *lp_thread(void *arg)
{
	struct lp_job *job = arg;

	if (sched_lp_bound(job->p, job->budget, &job->result) == 0)
		atomic_store(job->bound, job->result.bound);
	return NULL;
}

/* The better of the run's b-matching bound and the LP's, how it was
 * proven, and whether the schedule meets it. */
static void settle_bound(struct sched_solution *sol, int64_t lp_bound)
{
	struct sched_stats *st = &sol->stats;

	st->bound_method = SCHED_BOUND_B_MATCHING;
	if (lp_bound >= 0 && lp_bound <= st->upper_bound) {
		st->upper_bound = lp_bound;
		st->bound_method = SCHED_BOUND_LP;
	}
	st->optimal = st->weight_scheduled >= st->upper_bound;
}

/* Where the LP's time comes from.  A single run (more than
 * PORTFOLIO_MAX_REQUESTS requests) leaves the second core idle, so the LP
 * runs beside it, with LP_SHARE of the time (a run that ends sooner waits
 * for it: CLP cannot be interrupted).  The portfolio keeps both cores
 * busy, so there one of its threads solves the LP before its runs (with
 * at most LP_SHARE of the time; on such problems it takes milliseconds)
 * and shortens them by what it took, while the other thread's runs keep
 * their full time.  Either way a run stops once it meets the LP's bound. */
int sched_solve(const struct sched_problem *p, const struct sched_options *opt,
		struct sched_solution **out, struct error *err)
{
	struct sched_options defaults = { 0 };
	struct portfolio t[PORTFOLIO_THREADS];
	pthread_t thread[PORTFOLIO_THREADS];
	bool started[PORTFOLIO_THREADS] = { false };
	double start = sched_now(), limit;
	int winner = -1, rc = 0;
	_Atomic int64_t lp_bound = -1;

	if (opt == NULL)
		opt = &defaults;
	limit = opt->time_limit > 0 ? opt->time_limit : SCHED_DEFAULT_TIME_LIMIT;
	if (p->request_count > PORTFOLIO_MAX_REQUESTS ||
	    limit / PORTFOLIO_RUNS < PORTFOLIO_MIN_SLICE) {
		struct lp_job job = { .p = p, .budget = limit * LP_SHARE,
				      .bound = &lp_bound };
		pthread_t lp;
		bool beside = pthread_create(&lp, NULL, lp_thread, &job) == 0;
		rc = solve_once(p, opt, &lp_bound, out, err);
		if (beside)
			pthread_join(lp, NULL);
		if (rc == 0) {
			settle_bound(*out, atomic_load(&lp_bound));
			(*out)->stats.seconds = sched_now() - start;
		}
		return rc;
	}
	*out = NULL;
	for (int i = 0; i < PORTFOLIO_THREADS; i++) {
		t[i] = (struct portfolio){ .p = p, .opt = *opt, .first = i,
					   .lp_bound = &lp_bound };
		t[i].opt.time_limit = limit / PORTFOLIO_RUNS;
		if (i + 1 == PORTFOLIO_THREADS)
			t[i].lp_budget = limit * LP_SHARE;
		/* The last share runs on this thread; one that cannot be
		 * started leaves its seeds out. */
		if (i + 1 < PORTFOLIO_THREADS)
			started[i] = pthread_create(&thread[i], NULL,
						    portfolio_thread, &t[i]) == 0;
		else
			portfolio_thread(&t[i]);
	}
	for (int i = 0; i < PORTFOLIO_THREADS; i++) {
		if (started[i])
			pthread_join(thread[i], NULL);
		if (t[i].rc != 0)
			rc = t[i].rc;
		if (t[i].best != NULL &&
		    (winner < 0 || better(t[i].best, t[winner].best) ||
		     (!better(t[winner].best, t[i].best) &&
		      t[i].best_index < t[winner].best_index)))
			winner = i;
	}
	for (int i = 0; i < PORTFOLIO_THREADS; i++)
		if (i != winner)
			sched_solution_free(t[i].best);
	if (winner < 0 || rc != 0) {
		if (winner >= 0)
			sched_solution_free(t[winner].best);
		return error_set(err, ERROR_NOMEM, "out of memory while solving");
	}
	settle_bound(t[winner].best, atomic_load(&lp_bound));
	t[winner].best->stats.seconds = sched_now() - start;
	*out = t[winner].best;
	return 0;
}

const char *sched_bound_method_name(enum sched_bound_method m)
{
	return m == SCHED_BOUND_LP ? "lp_relaxation" : "b_matching";
}

void sched_solution_free(struct sched_solution *s)
{
	if (s == NULL)
		return;
	free(s->slot);
	free(s->table);
	free(s->reason);
	free(s->reason_who);
	free(s);
}
