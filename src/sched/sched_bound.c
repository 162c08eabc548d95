/* sched_bound.c: a proven upper bound on the weight of any schedule.
 *
 * The argument, relaxation by relaxation (docs/scheduler.md has it too):
 *
 * 1. Fixed meetings are in every schedule; count their weight and take
 *    away what they use (their tables, their participants' caps, and every
 *    slot that conflicts with a fixed meeting of that participant).
 * 2. A free request r can only be met in a slot where both sides are
 *    available and still free, and which has a free table: its candidate
 *    slots.  Requests with none are never met.
 * 3. Participant p meets in pairwise non-conflicting slots (conflict:
 *    overlap in time, or a break shorter than the travel).  Sorted by
 *    start, any such set is a chain whose neighbours do not conflict, so
 *    the longest such chain over p's candidate slots (a DP) is at least
 *    the most meetings p can have.  c_p = min(that, cap left).
 * 4. Every meeting takes one table in one slot, and a slot seats at most
 *    half of the people who could meet in it: T = sum over slots of
 *    min(free tables, floor(people / 2)).
 * 5. Any schedule's x (x_r = 1 when r is met) obeys sum_{r at p} x_r <= c_p,
 *    sum_r x_r <= T, 0 <= x_r <= 1.  For any prices u_p >= 0, u_0 >= 0,
 *    LP duality gives
 *        weight <= sum_p c_p u_p + T u_0 + sum_r max(0, w_r - u_a - u_b - u_0)
 *    We lower this by exact coordinate descent on u (each coordinate's
 *    optimum is an order statistic); every iterate is a valid bound, so
 *    stopping early costs tightness, never validity.
 *
 * Pure C: no I/O.
 */
#include "sched/sched_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BOUND_MAX_PASSES 60

/* The k-th largest (k >= 1, k <= n) of v[0..n-1]; reorders v. */
static double kth_largest(double *v, int n, int k)
{
	int lo = 0, hi = n - 1, want = k - 1;

	while (lo < hi) {
		double pivot = v[lo + (hi - lo) / 2];
		int i = lo, j = hi;
		while (i <= j) {
			while (v[i] > pivot)
				i++;
			while (v[j] < pivot)
				j--;
			if (i <= j) {
				double t = v[i];
				v[i] = v[j];
				v[j] = t;
				i++;
				j--;
			}
		}
		if (want <= j)
			hi = j;
		else if (want >= i)
			lo = i;
		else
			return v[want];
	}
	return v[want];
}

/* The longest chain of pairwise-neighbour compatible slots among those
 * flagged in usable, slots taken in start order. */
int sched_bound_chain(const struct sched_problem *p, const uint8_t *usable,
		      int *best)
{
	int S = p->slot_count, longest = 0;

	for (int i = 0; i < S; i++) {
		int s = p->slot_order[i];
		best[i] = 0;
		if (!usable[s])
			continue;
		int b = 1;
		for (int j = 0; j < i; j++) {
			int t = p->slot_order[j];
			if (best[j] + 1 > b && usable[t] &&
			    p->slots[t].end <= p->slots[s].start &&
			    !sched_problem_slots_conflict(p, s, t))
				b = best[j] + 1;
		}
		best[i] = b;
		if (b > longest)
			longest = b;
	}
	return longest;
}

int sched_leftover_init(const struct sched_problem *p,
			struct sched_leftover *l)
{
	int S = p->slot_count, P = p->participant_count, R = p->request_count;

	*l = (struct sched_leftover){ 0 };
	l->blocked = calloc((size_t)P * (size_t)S + 1, 1);
	l->fixed_count = calloc((size_t)P + 1, sizeof *l->fixed_count);
	l->tables_left = calloc((size_t)S + 1, sizeof *l->tables_left);
	l->is_fixed = calloc((size_t)R + 1, 1);
	if (!l->blocked || !l->fixed_count || !l->tables_left || !l->is_fixed) {
		sched_leftover_free(l);
		return -1;
	}
	for (int s = 0; s < S; s++)
		l->tables_left[s] = p->slots[s].tables;
	for (int i = 0; i < p->fixed_count; i++) {
		const struct sched_fixed *f = &p->fixed[i];
		const struct sched_request *r = &p->requests[f->request];
		l->fixed_weight += r->weight;
		l->is_fixed[f->request] = 1;
		l->tables_left[f->slot]--;
		l->fixed_count[r->a]++;
		l->fixed_count[r->b]++;
		for (int t = 0; t < S; t++)
			if (sched_problem_slots_conflict(p, f->slot, t)) {
				l->blocked[(size_t)r->a * S + t] = 1;
				l->blocked[(size_t)r->b * S + t] = 1;
			}
	}
	return 0;
}

void sched_leftover_free(struct sched_leftover *l)
{
	free(l->blocked);
	free(l->fixed_count);
	free(l->tables_left);
	free(l->is_fixed);
	*l = (struct sched_leftover){ 0 };
}

bool sched_leftover_candidate(const struct sched_problem *p,
			      const struct sched_leftover *l, int r, int s)
{
	const struct sched_request *q = &p->requests[r];
	size_t S = (size_t)p->slot_count;

	return !l->is_fixed[r] && l->tables_left[s] > 0 &&
	       !l->blocked[(size_t)q->a * S + s] &&
	       !l->blocked[(size_t)q->b * S + s] &&
	       sched_problem_is_available(p, q->a, s) &&
	       sched_problem_is_available(p, q->b, s);
}

int64_t sched_upper_bound(const struct sched_problem *p)
{
	return sched_bound_prices(p, NULL);
}

int64_t sched_bound_prices(const struct sched_problem *p, double *prices)
{
	int S = p->slot_count, P = p->participant_count, R = p->request_count;
	int64_t result = 0;
	size_t PS = (size_t)P * (size_t)S;
	struct sched_leftover lo;
	int leftover = sched_leftover_init(p, &lo);
	int *chain = calloc((size_t)S + 1, sizeof *chain);
	uint8_t *live = calloc((size_t)R + 1, 1);
	int *people = calloc((size_t)S + 1, sizeof *people);
	double *cap = calloc((size_t)P + 1, sizeof *cap);
	double *u = calloc((size_t)P + 1, sizeof *u);
	int *deg = calloc((size_t)P + 2, sizeof *deg);
	int *adj = malloc(((size_t)R * 2 + 1) * sizeof *adj);
	double *vals = malloc(((size_t)R + 1) * sizeof *vals);
	/* seen[p * S + s]: p may meet in s. */
	uint8_t *seen = calloc(PS + 1, 1);

	if (leftover != 0 || !chain || !live || !people ||
	    !cap || !u || !deg || !adj || !vals || !seen) {
		/* Without memory the only bound left is the total weight. */
		for (int r = 0; r < R; r++)
			result += p->requests[r].weight;
		goto cleanup;
	}

	/* Candidate-slot test per request; keep those with one, and the
	 * slot people counts for T. */
	for (int r = 0; r < R; r++) {
		const struct sched_request *q = &p->requests[r];
		for (int s = 0; s < S; s++) {
			if (!sched_leftover_candidate(p, &lo, r, s))
				continue;
			live[r] = 1;
			seen[(size_t)q->a * S + s] = 1;
			seen[(size_t)q->b * S + s] = 1;
		}
	}
	int64_t T = 0;
	for (int x = 0; x < P; x++) {
		for (int s = 0; s < S; s++)
			people[s] += seen[(size_t)x * S + s];
		int left = p->participants[x].max_meetings;
		int c = sched_bound_chain(p, seen + (size_t)x * S, chain);
		if (left >= 0 && left - lo.fixed_count[x] < c)
			c = left - lo.fixed_count[x];
		cap[x] = c < 0 ? 0 : c;
	}
	for (int s = 0; s < S; s++)
		T += lo.tables_left[s] < people[s] / 2 ? lo.tables_left[s]
						       : people[s] / 2;

	/* Adjacency of live requests per participant (CSR in deg/adj). */
	for (int r = 0; r < R; r++)
		if (live[r]) {
			deg[p->requests[r].a + 1]++;
			deg[p->requests[r].b + 1]++;
		}
	for (int x = 0; x < P; x++)
		deg[x + 1] += deg[x];
	{
		int *fill = calloc((size_t)P + 1, sizeof *fill);
		if (fill == NULL) {
			for (int r = 0; r < R; r++)
				result += p->requests[r].weight;
			goto cleanup;
		}
		for (int r = 0; r < R; r++)
			if (live[r]) {
				int a = p->requests[r].a, b = p->requests[r].b;
				adj[deg[a] + fill[a]++] = r;
				adj[deg[b] + fill[b]++] = r;
			}
		free(fill);
	}

	/* Coordinate descent on the dual prices. */
	double u0 = 0, bound = INFINITY;
	for (int pass = 0; pass < BOUND_MAX_PASSES; pass++) {
		for (int x = 0; x < P; x++) {
			int n = deg[x + 1] - deg[x];
			int c = (int)cap[x];
			if (n <= c) {
				u[x] = 0;
				continue;
			}
			for (int i = 0; i < n; i++) {
				const struct sched_request *q =
					&p->requests[adj[deg[x] + i]];
				int other = q->a == x ? q->b : q->a;
				vals[i] = (double)q->weight - u[other] - u0;
			}
			double v = kth_largest(vals, n, c + 1);
			u[x] = v > 0 ? v : 0;
		}
		int n = 0;
		for (int r = 0; r < R; r++)
			if (live[r])
				vals[n++] = (double)p->requests[r].weight -
					    u[p->requests[r].a] -
					    u[p->requests[r].b];
		if (n > T) {
			double v = kth_largest(vals, n, (int)T + 1);
			u0 = v > 0 ? v : 0;
		} else {
			u0 = 0;
		}
		double value = (double)T * u0;
		for (int x = 0; x < P; x++)
			value += cap[x] * u[x];
		for (int r = 0; r < R; r++) {
			if (!live[r])
				continue;
			double z = (double)p->requests[r].weight -
				   u[p->requests[r].a] - u[p->requests[r].b] -
				   u0;
			if (z > 0)
				value += z;
		}
		if (value > bound - 1e-9)
			break;
		bound = value;
	}
	/* The optimum is an integer; allow for rounding in the sums. */
	result = lo.fixed_weight + (int64_t)floor(bound + 1e-6);
	if (prices)
		memcpy(prices, u, (size_t)P * sizeof *u);

cleanup:
	sched_leftover_free(&lo);
	free(chain);
	free(live);
	free(people);
	free(cap);
	free(u);
	free(deg);
	free(adj);
	free(vals);
	free(seen);
	return result;
}
