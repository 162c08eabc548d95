/* outcome.c: counting a mission's results from its records. */
#include "domain/outcome.h"

#include <stdlib.h>
#include <string.h>

#include "domain/moment.h"
#include "domain/money.h"
#include "util/arena.h"
#include "util/error.h"

/* The home-zone day of m; a moment known only to the day keeps the local
 * day of the stop, since the hour that would move it is not known. */
static int64_t home_day(struct moment m, const char *stop_zone,
			const char *home_zone)
{
	return moment_local_day(m, m.precision == MOMENT_DATE ? stop_zone :
							home_zone);
}

/* Extends [first, last] to hold day. */
static void widen(bool *have, int64_t *first, int64_t *last, int64_t day)
{
	if (!*have || day < *first)
		*first = day;
	if (!*have || day > *last)
		*last = day;
	*have = true;
}

int itinerary_span(const struct bundle *b, struct trip_span *out)
{
	const char *home = b->mission ? b->mission->home_zone : "Asia/Seoul";
	bool have_home = false, have_abroad = false;
	int64_t home_first = 0, home_last = 0, abroad_first = 0, abroad_last = 0;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < b->n_stops; i++) {
		const struct stop *s = &b->stops[i];
		bool *have = s->home ? &have_home : &have_abroad;
		int64_t *first = s->home ? &home_first : &abroad_first;
		int64_t *last = s->home ? &home_last : &abroad_last;

		if (s->arrive.precision != MOMENT_NONE)
			widen(have, first, last, home_day(s->arrive, s->zone, home));
		if (s->depart.precision != MOMENT_NONE)
			widen(have, first, last, home_day(s->depart, s->zone, home));
		if (!s->home && s->arrive.precision && s->depart.precision) {
			int64_t n = moment_local_day(s->depart, s->zone) -
				    moment_local_day(s->arrive, s->zone);

			if (n > 0)
				out->nights += (int)n;
		}
	}
	/* Leaving and coming home bound the trip; without home stops the
	 * stops abroad do. */
	if (have_home && home_first < home_last) {
		out->first_day = home_first;
		out->last_day = home_last;
	} else if (have_abroad) {
		out->first_day = abroad_first;
		out->last_day = abroad_last;
	} else {
		return 0;
	}
	out->known = true;
	out->days = (int)(out->last_day - out->first_day + 1);
	return 0;
}

static bool same_city(const struct stop *a, const struct stop *b)
{
	const char *an = a->city.en ? a->city.en : a->city.ko;
	const char *bn = b->city.en ? b->city.en : b->city.ko;

	if (an == NULL || bn == NULL)
		return false;
	return strcmp(an, bn) == 0 &&
	       strcmp(a->country ? a->country : "", b->country ? b->country : "") == 0;
}

static void count_places(const struct bundle *b, struct outcome *out)
{
	for (size_t i = 0; i < b->n_stops; i++) {
		const struct stop *s = &b->stops[i];
		bool seen = false;

		if (s->home)
			continue;
		for (int k = 0; k < out->n_cities && !seen; k++)
			seen = same_city(&b->stops[out->city_stops[k]], s);
		if (!seen)
			out->city_stops[out->n_cities++] = (int)i;
		seen = false;
		for (int k = 0; k < out->n_zones && !seen; k++)
			seen = strcmp(out->zones[k], s->zone) == 0;
		if (!seen)
			out->zones[out->n_zones++] = s->zone;
	}
}

/* True when one of the event's participants is an organisation of kind,
 * directly or through a person's organisation. */
static bool event_meets(const struct bundle *b, const struct event *e,
			enum org_kind kind)
{
	for (size_t i = 0; i < e->n_participants; i++) {
		const struct participant *p = &e->participants[i];
		int org = p->org;

		if (p->role == PARTICIPANT_HOST)
			continue;
		if (org < 0 && p->person >= 0)
			org = b->people[p->person].org;
		if (org >= 0 && b->orgs[org].kind == kind)
			return true;
	}
	return false;
}

static int count_events(const struct bundle *b, struct outcome *out,
			struct error *err)
{
	for (size_t i = 0; i < b->n_events; i++) {
		const struct event *e = &b->events[i];

		out->events_by_kind[e->kind]++;
		out->sectors |= e->sectors;
		switch (e->kind) {
		case EVENT_BUSINESS_DAY: {
			int64_t n = e->attendance.attended >= 0 ?
				e->attendance.attended : e->attendance.registered;

			out->investment_events++;
			if (n > 0 && !money_add(&out->investment_attendance, n))
				return error_set(err, ERROR_INVALID,
						 "attendance total overflows");
			out->attendance_approximate |= e->attendance.approximate;
			break;
		}
		case EVENT_COURTESY_CALL:
			if (event_meets(b, e, ORG_GOVERNMENT))
				out->city_meetings++;
			break;
		case EVENT_CONSULTATION:
			if (event_meets(b, e, ORG_COMPANY) ||
			    event_meets(b, e, ORG_BUYER) ||
			    event_meets(b, e, ORG_DISTRIBUTOR) ||
			    event_meets(b, e, ORG_LOCAL_COMPANY))
				out->corporate_consultations++;
			break;
		default:
			break;
		}
	}
	for (size_t i = 0; i < b->n_pavilions; i++) {
		out->pavilions++;
		out->pavilion_companies += (int)b->pavilions[i].n_exhibitors;
	}
	return 0;
}

/* Orders agreements by series, then signing date, then the order the
 * records were made (their index). */
static int compare_in_series(const void *x, const void *y, void *ctx)
{
	const struct bundle *b = ctx;
	int i = *(const int *)x, k = *(const int *)y;
	const struct agreement *a = &b->agreements[i], *o = &b->agreements[k];
	int cmp;

	if (a->series != o->series)
		return a->series < o->series ? -1 : 1;
	cmp = strcmp(a->signed_on ? a->signed_on : "", o->signed_on ? o->signed_on : "");
	if (cmp != 0)
		return cmp;
	return i < k ? -1 : i > k;
}

/* Every agreement's place in its series (cancelled ones hold none),
 * counted on from the agreements of a long series the bundle leaves out
 * (struct series). */
static int place_all(const struct bundle *b, struct outcome *out)
{
	int *order = arena_array(b->arena, b->n_agreements + 1, sizeof *order);
	size_t n = 0, run;

	if (arena_failed(b->arena))
		return -1;
	for (size_t i = 0; i < b->n_agreements; i++)
		if (b->agreements[i].series >= 0 &&
		    b->agreements[i].status != STATUS_CANCELLED)
			order[n++] = (int)i;
	qsort_r(order, n, sizeof *order, compare_in_series, (void *)b);
	for (size_t i = 0; i < n; i = run) {
		int series = b->agreements[order[i]].series;

		const struct series *s = &b->series[series];

		for (run = i; run < n && b->agreements[order[run]].series == series; run++)
			out->places[order[run]].position = s->earlier + (int)(run - i) + 1;
		for (size_t k = i; k < run; k++)
			out->places[order[k]].count = s->total > 0 ? s->total :
				s->earlier + (int)(run - i);
	}
	return 0;
}

static int add_value(struct outcome *out, const struct money *m, int cap,
		     struct error *err)
{
	int k;

	for (k = 0; k < out->n_totals; k++)
		if (strcmp(out->totals[k].currency, m->currency) == 0)
			break;
	if (k == out->n_totals) {
		if (k == cap)
			return error_set(err, ERROR_INTERNAL, "too many currencies");
		memcpy(out->totals[k].currency, m->currency, 4);
		out->n_totals++;
	}
	if (!money_add(&out->totals[k].minor, m->minor))
		return error_set(err, ERROR_INVALID,
				 "total %s value overflows", m->currency);
	out->totals[k].count++;
	return 0;
}

static int count_agreements(const struct bundle *b, struct outcome *out,
			    struct error *err)
{
	int cap = (int)b->n_agreements;

	for (size_t i = 0; i < b->n_agreements; i++) {
		const struct agreement *a = &b->agreements[i];

		if (!a->in_mission || a->status == STATUS_CANCELLED)
			continue;
		out->agreements++;
		out->by_kind[a->kind]++;
		out->sectors |= a->sectors;
		if (a->kind == AGREEMENT_MOU) {
			if (a->home_role == HOME_PARTY)
				out->mous_party++;
			else if (a->home_role != HOME_NONE)
				out->mous_supported++;
		}
		if (a->has_value && add_value(out, &a->value, cap, err))
			return -1;
	}
	return 0;
}

int outcome_compute(const struct bundle *b, struct outcome *out,
		    struct error *err)
{
	struct arena *a = b->arena;

	memset(out, 0, sizeof *out);
	if (b->mission == NULL)
		return error_set(err, ERROR_INVALID, "the bundle holds no mission");
	itinerary_span(b, &out->span);
	out->city_stops = arena_array(a, b->n_stops + 1, sizeof *out->city_stops);
	out->zones = arena_array(a, b->n_stops + 1, sizeof *out->zones);
	out->totals = arena_array(a, b->n_agreements + 1, sizeof *out->totals);
	out->places = arena_array(a, b->n_agreements + 1, sizeof *out->places);
	if (arena_failed(a))
		return error_set(err, ERROR_NOMEM, "out of memory");
	out->sectors = b->mission->sectors;
	count_places(b, out);
	if (place_all(b, out))
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (count_events(b, out, err) || count_agreements(b, out, err))
		return err ? (int)err->code : -1;
	return 0;
}
