/* sched_check.c: an independent verdict on a schedule.
 *
 * Written against the rules in docs/scheduler.md, not against the
 * solver: it resolves ids itself, recomputes overlaps and travel from the
 * slot times, counts tables, caps and idle gaps with its own plain loops,
 * and uses none of the solver's state.  Each violation is reported with
 * where it is in the solution file.  Pure C: no I/O.
 */
#include "sched/sched_internal.h"

#include <stdlib.h>
#include <string.h>

struct checker {
	const struct sched_problem *p;
	void (*report)(void *ctx, const char *message);
	void *ctx;
	int violations;
};

static void violation(struct checker *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void violation(struct checker *c, const char *fmt, ...)
{
	struct error e;
	va_list ap;

	va_start(ap, fmt);
	error_setv(&e, ERROR_INVALID, fmt, ap);
	va_end(ap);
	c->violations++;
	if (c->report)
		c->report(c->ctx, e.message);
}

/* Can one person attend both slots?  Recomputed from times and travel. */
static bool compatible(const struct sched_problem *p, int s, int t,
		       const char **why)
{
	const struct sched_slot *x = &p->slots[s], *y = &p->slots[t];

	if (x->start < y->end && y->start < x->end) {
		*why = "overlap in time";
		return false;
	}
	int64_t gap = x->end <= y->start ? y->start - x->end
					 : x->start - y->end;
	int minutes = sched_problem_travel(p, x->location, y->location);
	if (x->location != y->location && gap < (int64_t)minutes * 60) {
		*why = "leave less than the travel time between them";
		return false;
	}
	return true;
}

struct seat {
	int slot;
	int meeting;    /* index in the claim */
};

static int compare_seat(const void *x, const void *y, void *ctx)
{
	const struct sched_problem *p = ctx;
	const struct seat *a = x, *b = y;

	if (p->slots[a->slot].start != p->slots[b->slot].start)
		return p->slots[a->slot].start < p->slots[b->slot].start ? -1
									  : 1;
	return a->meeting - b->meeting;
}

/* Idle gaps of one participant, by the definition, with a full scan. */
static int64_t gaps_of(const struct sched_problem *p, int who,
		       const struct seat *seats, int n)
{
	int64_t gaps = 0;

	for (int i = 1; i < n; i++) {
		const struct sched_slot *x = &p->slots[seats[i - 1].slot];
		const struct sched_slot *y = &p->slots[seats[i].slot];
		if (x->day != y->day)
			continue;
		for (int t = 0; t < p->slot_count; t++) {
			const struct sched_slot *z = &p->slots[t];
			if (z->start >= x->end && z->end <= y->start &&
			    sched_problem_is_available(p, who, t)) {
				gaps++;
				break;
			}
		}
	}
	return gaps;
}

static void check_stat(struct checker *c, const char *name, int64_t claimed,
		       int64_t actual)
{
	if (claimed != actual)
		violation(c, "$.stats.%s: %lld, but the schedule gives %lld",
			  name, (long long)claimed, (long long)actual);
}

int sched_check(const struct sched_problem *p, const struct sched_claim *cl,
		void (*report)(void *ctx, const char *message), void *ctx)
{
	struct checker c = { .p = p, .report = report, .ctx = ctx };
	int R = p->request_count, P = p->participant_count, M =
		cl->meeting_count;
	int *met = malloc(((size_t)R + 1) * sizeof *met);   /* meeting index */
	int *listed = calloc((size_t)R + 1, sizeof *listed);
	int *slot_of = malloc(((size_t)M + 1) * sizeof *slot_of);
	int *req_of = malloc(((size_t)M + 1) * sizeof *req_of);
	int *start = calloc((size_t)P + 2, sizeof *start);
	int *fill = calloc((size_t)P + 1, sizeof *fill);
	struct seat *seats = malloc(((size_t)M * 2 + 1) * sizeof *seats);
	struct seat *by_slot = malloc(((size_t)M + 1) * sizeof *by_slot);
	int64_t weight = 0, scheduled = 0, total = 0, gaps = 0;

	if (!met || !listed || !slot_of || !req_of || !start || !fill ||
	    !seats || !by_slot) {
		violation(&c, "out of memory while checking");
		goto cleanup;
	}
	for (int r = 0; r < R; r++)
		met[r] = -1;

	/* Each meeting on its own: known ids, a request, a real table. */
	for (int i = 0; i < M; i++) {
		const struct sched_claimed_meeting *m = &cl->meetings[i];
		int a = sched_problem_find_participant(p, m->a);
		int b = sched_problem_find_participant(p, m->b);
		int s = sched_problem_find_slot(p, m->slot);
		slot_of[i] = -1;
		req_of[i] = -1;
		if (a < 0)
			violation(&c, "%s.a: unknown participant \"%s\"",
				  m->where, m->a);
		if (b < 0)
			violation(&c, "%s.b: unknown participant \"%s\"",
				  m->where, m->b);
		if (s < 0)
			violation(&c, "%s.slot: unknown slot \"%s\"", m->where,
				  m->slot);
		if (a < 0 || b < 0 || s < 0)
			continue;
		int r = a == b ? -1 : sched_problem_find_request(p, a, b);
		if (r < 0) {
			violation(&c, "%s: nobody requested a meeting of \"%s\" "
				  "and \"%s\"", m->where, m->a, m->b);
			continue;
		}
		if (met[r] >= 0) {
			violation(&c, "%s: \"%s\" and \"%s\" already meet in "
				  "%s", m->where, m->a, m->b,
				  cl->meetings[met[r]].where);
			continue;
		}
		if (m->table < 1 || m->table > p->slots[s].tables)
			violation(&c, "%s.table: %lld is not a table of slot "
				  "\"%s\" (1..%d)", m->where,
				  (long long)m->table, m->slot,
				  p->slots[s].tables);
		if (!sched_problem_is_available(p, a, s))
			violation(&c, "%s: \"%s\" is not available in slot "
				  "\"%s\"", m->where, m->a, m->slot);
		if (!sched_problem_is_available(p, b, s))
			violation(&c, "%s: \"%s\" is not available in slot "
				  "\"%s\"", m->where, m->b, m->slot);
		met[r] = i;
		slot_of[i] = s;
		req_of[i] = r;
		weight += p->requests[r].weight;
		scheduled++;
		start[a + 1]++;
		start[b + 1]++;
	}

	/* Tables: each used once, no more meetings than tables. */
	int n = 0;
	for (int i = 0; i < M; i++)
		if (req_of[i] >= 0)
			by_slot[n++] = (struct seat){ slot_of[i], i };
	qsort_r(by_slot, (size_t)n, sizeof *by_slot, compare_seat, (void *)p);
	for (int i = 0; i < n;) {
		int s = by_slot[i].slot, j = i;
		while (j < n && by_slot[j].slot == s)
			j++;
		if (j - i > p->slots[s].tables)
			violation(&c, "slot \"%s\" holds %d meetings but has %d "
				  "tables", p->slots[s].id, j - i,
				  p->slots[s].tables);
		for (int k = i; k < j; k++)
			for (int l = i; l < k; l++)
				if (cl->meetings[by_slot[k].meeting].table ==
				    cl->meetings[by_slot[l].meeting].table)
					violation(&c, "%s: table %lld of slot "
						  "\"%s\" is also used by %s",
						  cl->meetings[by_slot[k].meeting]
							  .where,
						  (long long)cl->meetings
							  [by_slot[k].meeting]
								  .table,
						  p->slots[s].id,
						  cl->meetings[by_slot[l].meeting]
							  .where);
		i = j;
	}

	/* Per participant: no two meetings that cannot both be attended,
	 * the cap, and the idle gaps. */
	for (int x = 0; x < P; x++)
		start[x + 1] += start[x];
	for (int i = 0; i < M; i++) {
		if (req_of[i] < 0)
			continue;
		const struct sched_request *q = &p->requests[req_of[i]];
		seats[start[q->a] + fill[q->a]++] =
			(struct seat){ slot_of[i], i };
		seats[start[q->b] + fill[q->b]++] =
			(struct seat){ slot_of[i], i };
	}
	for (int x = 0; x < P; x++) {
		struct seat *mine = seats + start[x];
		int k = start[x + 1] - start[x];
		const struct sched_participant *who = &p->participants[x];
		qsort_r(mine, (size_t)k, sizeof *mine, compare_seat, (void *)p);
		for (int i = 0; i < k; i++)
			for (int j = 0; j < i; j++) {
				const char *why;
				if (compatible(p, mine[i].slot, mine[j].slot,
					       &why))
					continue;
				violation(&c, "%s and %s: \"%s\" is in both, "
					  "but slots \"%s\" and \"%s\" %s",
					  cl->meetings[mine[j].meeting].where,
					  cl->meetings[mine[i].meeting].where,
					  who->id, p->slots[mine[j].slot].id,
					  p->slots[mine[i].slot].id, why);
			}
		if (who->max_meetings >= 0 && k > who->max_meetings)
			violation(&c, "\"%s\" has %d meetings, more than "
				  "max_meetings (%d)", who->id, k,
				  who->max_meetings);
		gaps += gaps_of(p, x, mine, k);
	}

	/* Fixed meetings are kept as given. */
	for (int i = 0; i < p->fixed_count; i++) {
		const struct sched_fixed *f = &p->fixed[i];
		const struct sched_request *q = &p->requests[f->request];
		int m = met[f->request];
		if (m < 0 || slot_of[m] != f->slot ||
		    cl->meetings[m].table != f->table)
			violation(&c, "fixed meeting of \"%s\" and \"%s\" in "
				  "slot \"%s\" at table %d is not kept",
				  p->participants[q->a].id,
				  p->participants[q->b].id,
				  p->slots[f->slot].id, f->table);
	}

	/* Every request is either met or listed as unscheduled, once. */
	for (int i = 0; i < cl->unscheduled_count; i++) {
		const struct sched_claimed_unscheduled *u = &cl->unscheduled[i];
		int a = sched_problem_find_participant(p, u->a);
		int b = sched_problem_find_participant(p, u->b);
		int r = (a < 0 || b < 0 || a == b)
				? -1
				: sched_problem_find_request(p, a, b);
		if (r < 0) {
			violation(&c, "%s: no request between \"%s\" and "
				  "\"%s\"", u->where, u->a, u->b);
			continue;
		}
		if (met[r] >= 0)
			violation(&c, "%s: listed as unscheduled but met in %s",
				  u->where, cl->meetings[met[r]].where);
		else if (listed[r]++)
			violation(&c, "%s: listed as unscheduled twice",
				  u->where);
	}
	for (int r = 0; r < R; r++) {
		total += p->requests[r].weight;
		if (met[r] < 0 && !listed[r])
			violation(&c, "request of \"%s\" and \"%s\" is neither "
				  "met nor listed as unscheduled",
				  p->participants[p->requests[r].a].id,
				  p->participants[p->requests[r].b].id);
	}

	check_stat(&c, "requests", cl->stats.requests, R);
	check_stat(&c, "scheduled", cl->stats.scheduled, scheduled);
	check_stat(&c, "weight_total", cl->stats.weight_total, total);
	check_stat(&c, "weight_scheduled", cl->stats.weight_scheduled, weight);
	check_stat(&c, "idle_gaps", cl->stats.idle_gaps, gaps);
	if (cl->has_optimal && cl->stats.optimal &&
	    cl->stats.upper_bound > weight)
		violation(&c, "$.stats.optimal: true, but the upper bound %lld "
			  "is above the weight %lld",
			  (long long)cl->stats.upper_bound, (long long)weight);
	if (cl->has_optimal && !cl->stats.optimal &&
	    cl->stats.upper_bound == weight)
		violation(&c, "$.stats.optimal: false, but the weight %lld "
			  "meets the upper bound", (long long)weight);
	if (cl->stats.upper_bound < weight)
		violation(&c, "$.stats.upper_bound: %lld is below the "
			  "scheduled weight %lld",
			  (long long)cl->stats.upper_bound, (long long)weight);
cleanup:
	free(met);
	free(listed);
	free(slot_of);
	free(req_of);
	free(start);
	free(fill);
	free(seats);
	free(by_slot);
	return c.violations;
}
