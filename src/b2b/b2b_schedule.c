/* b2b_schedule.c: an event's B2B records as a scheduler problem, and the
 * schedule back as meetings.
 *
 * Ids inside the problem are the records' ids with a letter in front
 * ("s12" slot, "o7" organisation, "v3" venue, "event" for the event's own
 * venue); participants and slots keep the order they were added in, so
 * the scheduler's indices map straight back to the records.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "b2b/b2b.h"
#include "domain/tz.h"
#include "util/arena.h"

static const struct enum_entry reasons[B2B_REASON_COUNT] = {
	[B2B_NOT_REGISTERED] = { "not_registered", "행사 참가 등록 없음",
				 "not registered for the event" },
	[B2B_NO_COMMON_SLOT] = { "no_common_slot", "함께 가능한 시간대 없음",
				 "no slot where both are available" },
	[B2B_CAP] = { "cap", "최대 상담 건수 도달",
		      "reached the most meetings allowed" },
	[B2B_BUSY] = { "busy", "가능한 시간대가 모두 찼거나 다른 상담과 겹침",
		       "every common slot is full or taken by a more valuable meeting" },
};

const char *b2b_reason_code(enum b2b_reason r)
{
	return (unsigned)r < B2B_REASON_COUNT ? reasons[r].code : "unknown";
}

const char *b2b_reason_label(enum b2b_reason r, enum lang lang)
{
	if ((unsigned)r >= B2B_REASON_COUNT)
		return "";
	return lang == LANG_KO ? reasons[r].ko : reasons[r].en;
}

static void org_id(char *out, size_t size, int64_t org)
{
	snprintf(out, size, "o%" PRId64, org);
}

static void slot_id(char *out, size_t size, int64_t slot)
{
	snprintf(out, size, "s%" PRId64, slot);
}

static void venue_id(char *out, size_t size, int64_t venue)
{
	if (venue > 0)
		snprintf(out, size, "v%" PRId64, venue);
	else
		snprintf(out, size, "event");
}

/* The lookups below run once per request or meeting, so they search
 * sorted copies (sorted_event) instead of scanning. */
static int by_org(const void *x, const void *y)
{
	const struct b2b_party *a = x, *b = y;

	return a->org < b->org ? -1 : a->org > b->org;
}

static const struct b2b_party *party_of(const struct b2b_event *ev,
					int64_t org)
{
	struct b2b_party key = { .org = org };

	return bsearch(&key, ev->parties, ev->n_parties, sizeof key, by_org);
}

static const struct b2b_slot *slot_of(const struct b2b_event *ev, int64_t id)
{
	for (size_t i = 0; i < ev->n_slots; i++)
		if (ev->slots[i].id == id)
			return &ev->slots[i];
	return NULL;
}

/* Two organisations in either order. */
struct pair {
	int64_t lo, hi;
};

static struct pair pair_of(int64_t a, int64_t b)
{
	return a < b ? (struct pair){ a, b } : (struct pair){ b, a };
}

static int pair_cmp(struct pair x, struct pair y)
{
	if (x.lo != y.lo)
		return x.lo < y.lo ? -1 : 1;
	return x.hi < y.hi ? -1 : x.hi > y.hi;
}

static int by_request_pair(const void *x, const void *y)
{
	const struct b2b_request *a = x, *b = y;

	return pair_cmp(pair_of(a->from, a->to), pair_of(b->from, b->to));
}

static int by_meeting_pair(const void *x, const void *y)
{
	const struct b2b_meeting *a = x, *b = y;

	return pair_cmp(pair_of(a->a, a->b), pair_of(b->a, b->b));
}

static bool requested(const struct b2b_event *ev, int64_t a, int64_t b)
{
	struct b2b_request key = { .from = a, .to = b };

	return bsearch(&key, ev->requests, ev->n_requests, sizeof key,
		       by_request_pair) != NULL;
}

/* ev with its parties sorted by organisation, its requests by pair and
 * only its confirmed meetings, by pair; memory from a. */
static int sorted_event(const struct b2b_event *ev, struct arena *a,
			struct b2b_event *out, struct error *err)
{
	*out = *ev;
	out->parties = arena_array(a, ev->n_parties + 1, sizeof *out->parties);
	out->requests = arena_array(a, ev->n_requests + 1, sizeof *out->requests);
	out->meetings = arena_array(a, ev->n_meetings + 1, sizeof *out->meetings);
	if (out->parties == NULL || out->requests == NULL || out->meetings == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (ev->n_parties)
		memcpy(out->parties, ev->parties, ev->n_parties * sizeof *ev->parties);
	if (ev->n_requests)
		memcpy(out->requests, ev->requests,
		       ev->n_requests * sizeof *ev->requests);
	out->n_meetings = 0;
	for (size_t i = 0; i < ev->n_meetings; i++)
		if (ev->meetings[i].confirmed)
			out->meetings[out->n_meetings++] = ev->meetings[i];
	qsort(out->parties, out->n_parties, sizeof *out->parties, by_org);
	qsort(out->requests, out->n_requests, sizeof *out->requests,
	      by_request_pair);
	qsort(out->meetings, out->n_meetings, sizeof *out->meetings,
	      by_meeting_pair);
	for (size_t i = 1; i < out->n_parties; i++)
		if (out->parties[i].org == out->parties[i - 1].org)
			return error_set(err, ERROR_INTERNAL,
					 "organisation %" PRId64 " is a party twice",
					 out->parties[i].org);
	return 0;
}

static int add_slots(struct sched_problem *p, const struct b2b_event *ev,
		     struct error *err)
{
	char id[32], loc[32], other[32];
	int status;

	for (size_t i = 0; i < ev->n_slots; i++) {
		const struct b2b_slot *s = &ev->slots[i];
		struct civil c;

		venue_id(loc, sizeof loc, s->venue);
		if (sched_problem_find_location(p, loc) < 0 &&
		    (status = sched_problem_add_location(p, loc, err)) != 0)
			return status;
		if (!tz_to_civil(ev->zone, s->start, &c))
			return error_set(err, ERROR_INVALID,
					 "slot %" PRId64 ": no local time in %s",
					 s->id, ev->zone);
		slot_id(id, sizeof id, s->id);
		if ((status = sched_problem_add_slot(p, id, s->start, s->end,
						     c.offset, loc, s->tables,
						     err)) != 0) {
			error_prefix(err, "slot %" PRId64, s->id);
			return status;
		}
	}
	if (ev->travel_minutes <= 0)
		return 0;
	for (int i = 0; i < sched_problem_location_count(p); i++)
		for (int j = i + 1; j < sched_problem_location_count(p); j++) {
			snprintf(loc, sizeof loc, "%s", sched_problem_location(p, i));
			snprintf(other, sizeof other, "%s",
				 sched_problem_location(p, j));
			if ((status = sched_problem_set_travel(p, loc, other,
							       ev->travel_minutes,
							       err)) != 0)
				return status;
		}
	return 0;
}

static int add_parties(struct sched_problem *p, const struct b2b_event *ev,
		       struct error *err)
{
	char id[32];
	int status;

	for (size_t i = 0; i < ev->n_parties; i++) {
		const struct b2b_party *pa = &ev->parties[i];
		bool any = false, narrowed = pa->from > 0 || pa->until > 0;

		org_id(id, sizeof id, pa->org);
		if ((status = sched_problem_add_participant(p, id, pa->max_meetings,
							    err)) != 0)
			return status;
		for (size_t k = 0; narrowed && k < ev->n_slots; k++) {
			const struct b2b_slot *s = &ev->slots[k];

			if ((pa->from > 0 && s->start < pa->from) ||
			    (pa->until > 0 && s->end > pa->until))
				continue;
			slot_id(id, sizeof id, s->id);
			if ((status = sched_problem_set_available(p, id, err)) != 0)
				return status;
			any = true;
		}
		if (narrowed && !any &&
		    (status = sched_problem_set_available_none(p, err)) != 0)
			return status;
	}
	return 0;
}

/* Requests between registered participants go into the problem; the
 * others are left out at once. */
static int add_requests(struct sched_problem *p, const struct b2b_event *ev,
			struct b2b_result *out, struct error *err)
{
	char from[32], to[32];
	int status;

	for (size_t i = 0; i < ev->n_requests; i++) {
		const struct b2b_request *r = &ev->requests[i];
		bool has_from = party_of(ev, r->from) != NULL;

		if (!has_from || party_of(ev, r->to) == NULL) {
			out->left[out->n_left++] = (struct b2b_left){
				.a = r->from, .b = r->to, .reason = B2B_NOT_REGISTERED,
				.who = has_from ? r->to : r->from,
			};
			continue;
		}
		org_id(from, sizeof from, r->from);
		org_id(to, sizeof to, r->to);
		if ((status = sched_problem_add_request(p, from, to, r->weight,
							err)) != 0) {
			error_prefix(err, "meeting request %" PRId64 " to %" PRId64,
				     r->from, r->to);
			return status;
		}
	}
	return 0;
}

/* Whether one organisation can attend both slots (the scheduler's rule,
 * said here again so that a clash is reported in the records' terms). */
static bool slots_compatible(const struct b2b_event *ev,
			     const struct b2b_slot *x, const struct b2b_slot *y)
{
	int64_t gap = x->start >= y->end ? x->start - y->end :
		y->start >= x->end ? y->start - x->end : -1;

	if (gap < 0)
		return false;
	return x->venue == y->venue || gap >= (int64_t)ev->travel_minutes * 60;
}

static int check_confirmed(const struct b2b_event *ev, struct error *err)
{
	for (size_t i = 0; i < ev->n_meetings; i++)
		for (size_t k = i + 1; k < ev->n_meetings; k++) {
			const struct b2b_meeting *m = &ev->meetings[i];
			const struct b2b_meeting *n = &ev->meetings[k];
			int64_t who = m->a == n->a || m->a == n->b ? m->a :
				m->b == n->a || m->b == n->b ? m->b : 0;

			if (!m->confirmed || !n->confirmed || who == 0 ||
			    slots_compatible(ev, slot_of(ev, m->slot),
					     slot_of(ev, n->slot)))
				continue;
			return error_set(err, ERROR_INVALID,
					 "confirmed meetings clash: organisation %"
					 PRId64 " cannot attend both slot %" PRId64
					 " and slot %" PRId64, who, m->slot, n->slot);
		}
	return 0;
}

/* Confirmed meetings stay where they are; one placed by hand without a
 * request counts as a request of weight 1. */
static int add_fixed(struct sched_problem *p, const struct b2b_event *ev,
		     struct error *err)
{
	char a[32], b[32], slot[32];
	int status;

	for (size_t i = 0; i < ev->n_meetings; i++) {
		const struct b2b_meeting *m = &ev->meetings[i];

		if (!m->confirmed)
			continue;
		if (party_of(ev, m->a) == NULL || party_of(ev, m->b) == NULL)
			return error_set(err, ERROR_INVALID,
					 "confirmed meeting of organisations %" PRId64
					 " and %" PRId64 ": one of them is not a "
					 "participant of the event", m->a, m->b);
		if (slot_of(ev, m->slot) == NULL)
			return error_set(err, ERROR_INVALID,
					 "confirmed meeting in slot %" PRId64
					 ": not a slot of this event", m->slot);
		org_id(a, sizeof a, m->a);
		org_id(b, sizeof b, m->b);
		if (!requested(ev, m->a, m->b) &&
		    (status = sched_problem_add_request(p, a, b, 1, err)) != 0)
			return status;
	}
	if ((status = check_confirmed(ev, err)) != 0)
		return status;
	for (size_t i = 0; i < ev->n_meetings; i++) {
		const struct b2b_meeting *m = &ev->meetings[i];

		if (!m->confirmed)
			continue;
		org_id(a, sizeof a, m->a);
		org_id(b, sizeof b, m->b);
		slot_id(slot, sizeof slot, m->slot);
		if ((status = sched_problem_add_fixed(p, a, b, slot, m->table,
						      err)) != 0) {
			error_prefix(err, "confirmed meeting of organisations %"
				     PRId64 " and %" PRId64, m->a, m->b);
			return status;
		}
	}
	return 0;
}

static enum b2b_reason reason_of(enum sched_reason r)
{
	switch (r) {
	case SCHED_REASON_NO_COMMON_SLOT: return B2B_NO_COMMON_SLOT;
	case SCHED_REASON_CAP: return B2B_CAP;
	default: return B2B_BUSY;
	}
}

/* ev: as sorted_event made it. */
static const struct b2b_meeting *confirmed_of(const struct b2b_event *ev,
					      int64_t a, int64_t b)
{
	struct b2b_meeting key = { .a = a, .b = b };

	return bsearch(&key, ev->meetings, ev->n_meetings, sizeof key,
		       by_meeting_pair);
}

static void collect(const struct sched_problem *p, const struct b2b_event *ev,
		    const struct sched_solution *sol, struct b2b_result *out)
{
	for (int i = 0; i < sol->request_count; i++) {
		const struct sched_request *r = sched_problem_request(p, i);
		int64_t a = ev->parties[r->a].org, b = ev->parties[r->b].org;

		if (sol->slot[i] < 0) {
			int who = sol->reason_who[i];

			out->left[out->n_left++] = (struct b2b_left){
				.a = a, .b = b, .reason = reason_of(sol->reason[i]),
				.who = who >= 0 ? ev->parties[who].org : 0,
			};
			continue;
		}
		const struct b2b_meeting *fixed = confirmed_of(ev, a, b);
		struct b2b_meeting *m = &out->meetings[out->n_meetings++];

		if (fixed != NULL) {
			*m = *fixed;
			continue;
		}
		*m = (struct b2b_meeting){
			.slot = ev->slots[sol->slot[i]].id, .table = sol->table[i],
			.a = a, .b = b,
		};
	}
}

int b2b_schedule(const struct b2b_event *given,
		 const struct sched_options *opt, struct arena *a,
		 struct b2b_result *out, struct error *err)
{
	struct sched_problem *p = NULL;
	struct sched_solution *sol = NULL;
	struct b2b_event sorted, *ev = &sorted;
	int status;

	memset(out, 0, sizeof *out);
	if ((status = sorted_event(given, a, &sorted, err)) != 0)
		return status;
	if ((p = sched_problem_new()) == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (ev->n_slots == 0) {
		status = error_set(err, ERROR_INVALID,
				   "event %" PRId64 " has no meeting slots yet",
				   ev->id);
		goto done;
	}
	/* Every request is left out at once or goes into the problem, which
	 * also holds one per confirmed meeting placed without a request: so
	 * this many meetings, or requests left out, at most. */
	size_t most = ev->n_requests + ev->n_meetings + 1;

	out->left = arena_array(a, most, sizeof *out->left);
	out->meetings = arena_array(a, most, sizeof *out->meetings);
	if (out->left == NULL || out->meetings == NULL) {
		status = error_set(err, ERROR_NOMEM, "out of memory");
		goto done;
	}
	if ((status = add_slots(p, ev, err)) != 0 ||
	    (status = add_parties(p, ev, err)) != 0 ||
	    (status = add_requests(p, ev, out, err)) != 0 ||
	    (status = add_fixed(p, ev, err)) != 0 ||
	    (status = sched_problem_finish(p, err)) != 0 ||
	    (status = sched_solve(p, opt, &sol, err)) != 0)
		goto done;
	collect(p, ev, sol, out);
	out->stats = sol->stats;
done:
	sched_solution_free(sol);
	sched_problem_free(p);
	return status;
}
