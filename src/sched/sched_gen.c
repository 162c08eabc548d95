/* sched_gen.c: realistic synthetic problems for tests and benchmarks.
 *
 * The shape follows a trade mission's business days: about 30% buyers
 * and 70% local companies; each request comes from a company and names a
 * buyer chosen with skewed (Zipf-like) popularity, so a few buyers are
 * wanted by many; some interest is mutual (the same pair asked twice,
 * summed), some is between companies.  Venues run their slots in
 * parallel, back to back, with travel between them that costs a slot or
 * two.  Availability has holes: some miss a day or an afternoon, some stay
 * at one venue; some buyers cap their meetings.  Pure C: no I/O.
 */
#include "sched/sched_internal.h"

#include <math.h>
#include <stdlib.h>

#include "util/error.h"

#define GEN_SLOT_SECONDS 1800
#define GEN_FIRST_DAY 19731            /* 2024-01-09 */
#define GEN_UTC_OFFSET (-8 * 3600)     /* Las Vegas in January */
#define GEN_DAY_START (9 * 3600)
#define GEN_MAX_PARTICIPANTS 200000
#define GEN_MAX_DAYS 14
#define GEN_MAX_SLOTS_PER_DAY 32
#define GEN_MAX_VENUES 8

/* Writes "prefix-NNNN" into buf (digits wide enough for n). */
static void make_id(char *buf, size_t size, const char *prefix, int i, int n)
{
	int width = 1;
	size_t k = 0;
	char digits[16];

	for (int m = n; m >= 10; m /= 10)
		width++;
	for (int v = i, w = 0; w < width; w++, v /= 10)
		digits[w] = (char)('0' + v % 10);
	for (const char *s = prefix; *s && k + 1 < size; s++)
		buf[k++] = *s;
	for (int w = width - 1; w >= 0 && k + 1 < size; w--)
		buf[k++] = digits[w];
	buf[k] = '\0';
}

static int pick(const double *cumulative, int n, uint64_t *rng)
{
	double x = (double)(sched_rng_next(rng) >> 11) / 9007199254740992.0 *
		   cumulative[n - 1];
	int lo = 0, hi = n - 1;

	while (lo < hi) {
		int mid = lo + (hi - lo) / 2;
		if (cumulative[mid] <= x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

int sched_generate(const struct sched_gen_options *o,
		   struct sched_problem **out, struct error *err)
{
	int N = o->participants, D = o->days, K = o->slots_per_day,
	    V = o->venues;
	int M = o->requests > 0 ? o->requests : 6 * N;
	int T = o->tables > 0 ? o->tables : (N / (3 * (V > 0 ? V : 1)));
	uint64_t rng = o->seed * 0x2545f4914f6cdd1dULL + 1;
	struct sched_problem *p = NULL;
	double *cumulative = NULL;
	char id[64], where[32];
	int rc;

	*out = NULL;
	if (N < 2 || N > GEN_MAX_PARTICIPANTS)
		return error_set(err, ERROR_USAGE,
				 "participants must be 2 to %d",
				 GEN_MAX_PARTICIPANTS);
	if (D < 1 || D > GEN_MAX_DAYS)
		return error_set(err, ERROR_USAGE, "days must be 1 to %d",
				 GEN_MAX_DAYS);
	if (K < 1 || K > GEN_MAX_SLOTS_PER_DAY)
		return error_set(err, ERROR_USAGE,
				 "slots per day must be 1 to %d",
				 GEN_MAX_SLOTS_PER_DAY);
	if (V < 1 || V > GEN_MAX_VENUES)
		return error_set(err, ERROR_USAGE, "venues must be 1 to %d",
				 GEN_MAX_VENUES);
	if (M < 1 || M > SCHED_MAX_REQUESTS / 2)
		return error_set(err, ERROR_USAGE, "requests must be 1 to %d",
				 SCHED_MAX_REQUESTS / 2);
	if (T < 2)
		T = 2;
	if (T > SCHED_MAX_TABLES)
		return error_set(err, ERROR_USAGE, "tables must be 1 to %d",
				 SCHED_MAX_TABLES);
	p = sched_problem_new();
	if (p == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");

	/* Slots: day d, period k, venue v; ids like d1-v2-0930. */
	for (int d = 0; d < D; d++)
		for (int k = 0; k < K; k++)
			for (int v = 0; v < V; v++) {
				int64_t local = (int64_t)(GEN_FIRST_DAY + d) *
							86400 +
						GEN_DAY_START +
						(int64_t)k * GEN_SLOT_SECONDS;
				int64_t start = local - GEN_UTC_OFFSET;
				int minute = GEN_DAY_START / 60 +
					     k * GEN_SLOT_SECONDS / 60;
				make_id(where, sizeof where, "venue-", v + 1, V);
				make_id(id, sizeof id, "d", d + 1, D);
				size_t n = 0;
				while (id[n])
					n++;
				id[n++] = '-';
				id[n++] = 'v';
				make_id(id + n, sizeof id - n, "", v + 1, V);
				while (id[n])
					n++;
				id[n++] = '-';
				id[n++] = (char)('0' + minute / 600);
				id[n++] = (char)('0' + minute / 60 % 10);
				id[n++] = (char)('0' + minute % 60 / 10);
				id[n++] = (char)('0' + minute % 10);
				id[n] = '\0';
				rc = sched_problem_add_slot(
					p, id, start, start + GEN_SLOT_SECONDS,
					GEN_UTC_OFFSET, where, T, err);
				if (rc != 0)
					goto fail;
			}
	for (int a = 0; a < V; a++)
		for (int b = a + 1; b < V; b++) {
			char x[32], y[32];
			make_id(x, sizeof x, "venue-", a + 1, V);
			make_id(y, sizeof y, "venue-", b + 1, V);
			int minutes = 15 + 15 * (b - a) +
				      (int)sched_rng_below(&rng, 16);
			if ((rc = sched_problem_set_travel(p, x, y, minutes,
							   err)) != 0)
				goto fail;
		}

	/* Participants: buyers first, then companies. */
	int buyers = N * 3 / 10 > 0 ? N * 3 / 10 : 1;
	int S = D * K * V;
	for (int i = 0; i < N; i++) {
		bool buyer = i < buyers;
		int cap = -1;
		if (buyer && sched_rng_below(&rng, 2) == 0)
			cap = D * K / 2 + (int)sched_rng_below(
						  &rng, (uint32_t)(D * K / 2 + 1));
		else if (!buyer && sched_rng_below(&rng, 5) == 0)
			cap = 2 + (int)sched_rng_below(&rng, (uint32_t)(D * K));
		if (buyer)
			make_id(id, sizeof id, "buyer-", i + 1, buyers);
		else
			make_id(id, sizeof id, "company-", i - buyers + 1,
				N - buyers);
		if ((rc = sched_problem_add_participant(p, id, cap, err)) != 0)
			goto fail;
		uint32_t kind = sched_rng_below(&rng, 100);
		if (kind < 60)
			continue;   /* available throughout */
		int skip_day = (int)sched_rng_below(&rng, (uint32_t)D);
		int venue = (int)sched_rng_below(&rng, (uint32_t)V);
		for (int s = 0; s < S; s++) {
			int d = s / (K * V), k = s / V % K, v = s % V;
			bool ok;
			if (kind < 75)        /* misses a day, or an afternoon */
				ok = D > 1 ? d != skip_day
					   : k < K / 2;
			else if (kind < 85)   /* misses one afternoon */
				ok = !(d == skip_day && k >= K / 2);
			else                  /* stays at one venue */
				ok = v == venue;
			if (ok && (rc = sched_problem_set_available(
					   p, p->slots[s].id, err)) != 0)
				goto fail;
		}
		if (!p->available_started &&
		    (rc = sched_problem_set_available_none(p, err)) != 0)
			goto fail;
	}

	/* Requests: buyer popularity ~ 1 / rank^0.9. */
	cumulative = malloc((size_t)buyers * sizeof *cumulative);
	if (cumulative == NULL) {
		rc = error_set(err, ERROR_NOMEM, "out of memory");
		goto fail;
	}
	for (int i = 0; i < buyers; i++)
		cumulative[i] = (i ? cumulative[i - 1] : 0) +
				1.0 / pow((double)i + 1, 0.9);
	int companies = N - buyers;
	for (int i = 0; i < M; i++) {
		int a, b;
		uint32_t kind = sched_rng_below(&rng, 100);
		if (companies < 2 || kind >= 5) {
			a = companies > 0
				    ? buyers + (int)sched_rng_below(
						       &rng, (uint32_t)companies)
				    : 0;
			b = pick(cumulative, buyers, &rng);
		} else {   /* partnering between companies */
			a = buyers + (int)sched_rng_below(&rng,
							  (uint32_t)companies);
			b = buyers + (int)sched_rng_below(&rng,
							  (uint32_t)companies);
		}
		if (a == b)
			continue;
		uint32_t w = sched_rng_below(&rng, 10);
		int64_t weight = w < 7 ? 1 : w < 9 ? 2 : 3;
		const char *x = p->participants[a].id;
		const char *y = p->participants[b].id;
		if ((rc = sched_problem_add_request(p, x, y, weight, err)) != 0)
			goto fail;
		/* Sometimes the buyer asked too: the pair again, reversed. */
		if (sched_rng_below(&rng, 10) == 0 &&
		    (rc = sched_problem_add_request(p, y, x, 1, err)) != 0)
			goto fail;
	}
	if ((rc = sched_problem_finish(p, err)) != 0)
		goto fail;
	free(cumulative);
	*out = p;
	return 0;
fail:
	free(cumulative);
	sched_problem_free(p);
	return rc;
}
