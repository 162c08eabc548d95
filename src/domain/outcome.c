/* outcome.c: counting a mission's results from its records. */
#include "domain/outcome.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/moment.h"
#include "domain/money.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/strmap.h"

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

/* Every agreement's place in its series (cancelled ones hold none). */
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

		for (run = i; run < n && b->agreements[order[run]].series == series; run++)
			out->places[order[run]].position = (int)(run - i) + 1;
		for (size_t k = i; k < run; k++)
			out->places[order[k]].count = (int)(run - i);
	}
	return 0;
}

/* Adds m to the list of totals per currency (at most cap of them). */
static int add_to(struct currency_total *totals, int *n, int cap,
		  const struct money *m, struct error *err)
{
	int k;

	for (k = 0; k < *n; k++)
		if (strcmp(totals[k].currency, m->currency) == 0)
			break;
	if (k == *n) {
		if (k == cap)
			return error_set(err, ERROR_INTERNAL, "too many currencies");
		memcpy(totals[k].currency, m->currency, 4);
		(*n)++;
	}
	if (!money_add(&totals[k].minor, m->minor))
		return error_set(err, ERROR_INVALID,
				 "total %s value overflows", m->currency);
	totals[k].count++;
	return 0;
}

static int add_value(struct outcome *out, const struct money *m, int cap,
		     struct error *err)
{
	return add_to(out->totals, &out->n_totals, cap, m, err);
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

int outcome_home_firm(const struct bundle *b, const struct agreement *a)
{
	const struct consultation *c = agreement_consultation(b, a);

	if (c != NULL)
		return c->firm;
	for (size_t i = 0; i < a->n_parties; i++)
		if (a->parties[i].org >= 0 &&
		    b->orgs[a->parties[i].org].kind == ORG_LOCAL_COMPANY)
			return a->parties[i].org;
	return -1;
}

bool outcome_signed(const struct bundle *b, const struct agreement *a)
{
	return (a->kind == AGREEMENT_CONTRACT ||
		a->kind == AGREEMENT_PURCHASE_ORDER) &&
	       a->status != STATUS_CANCELLED &&
	       (a->in_mission || agreement_consultation(b, a) != NULL);
}

int64_t outcome_permille(int64_t value, int64_t base)
{
	if (base <= 0)
		return -1;
	return (int64_t)(((__int128)value * 1000 + base / 2) / base);
}

/* What the tiers are counted with: a mark per organisation per tier for
 * the distinct firms, the conversion rows found by "firm:currency". */
struct tally {
	const struct bundle *b;
	struct outcome *out;
	struct error *err;
	bool *firm_seen[TIER_COUNT];
	struct strmap rows;
	int cap;                  /* currencies a list may hold */
	int conversion_cap;
};

static int tier_init(struct tally *t, struct tier_figure *f)
{
	f->values = arena_array(t->b->arena, (size_t)t->cap + 1, sizeof *f->values);
	return f->values == NULL ? -1 : 0;
}

static int tier_add(struct tally *t, struct tier_figure *f, enum tier tier,
		    int firm, const struct money *m)
{
	f->count++;
	if (firm >= 0 && !t->firm_seen[tier][firm]) {
		t->firm_seen[tier][firm] = true;
		f->firms++;
	}
	return m ? add_to(f->values, &f->n_values, t->cap, m, t->err) : 0;
}

/* The conversion row of (firm, currency), made when missing. */
static struct conversion *conversion_row(struct tally *t, int firm,
					 const char *currency)
{
	struct outcome *o = t->out;
	char key[32];
	int k;

	snprintf(key, sizeof key, "%d:%s", firm, currency);
	k = strmap_get(&t->rows, key);
	if (k >= 0)
		return &o->conversions[k];
	if (o->n_conversions == t->conversion_cap ||
	    !strmap_put(&t->rows, arena_strdup(t->b->arena, key), o->n_conversions))
		return NULL;
	o->conversions[o->n_conversions] = (struct conversion){ .firm = firm };
	memcpy(o->conversions[o->n_conversions].currency, currency, 4);
	return &o->conversions[o->n_conversions++];
}

/* Adds minor to the field at offset of the rows of all firms and of firm. */
static int convert(struct tally *t, int firm, const struct money *m,
		   size_t offset)
{
	for (int pass = 0; pass < (firm >= 0 ? 2 : 1); pass++) {
		struct conversion *c = conversion_row(t, pass ? firm : -1, m->currency);

		if (c == NULL)
			return error_set(t->err, ERROR_NOMEM, "out of memory");
		if (!money_add((int64_t *)(void *)((char *)c + offset), m->minor))
			return error_set(t->err, ERROR_INVALID,
					 "total %s value overflows", m->currency);
	}
	return 0;
}

static int count_consultations(struct tally *t)
{
	const struct bundle *b = t->b;
	struct outcome *o = t->out;
	bool *buyer_seen = arena_array(b->arena, b->n_orgs + 1, sizeof *buyer_seen);

	if (buyer_seen == NULL)
		return error_set(t->err, ERROR_NOMEM, "out of memory");
	for (size_t i = 0; i < b->n_consultations; i++) {
		const struct consultation *c = &b->consultations[i];

		if (c->has_consulted) {
			if (tier_add(t, &o->tiers[TIER_CONSULTED], TIER_CONSULTED,
				     c->firm, &c->consulted) ||
			    convert(t, c->firm, &c->consulted,
				    offsetof(struct conversion, consulted)))
				return -1;
		}
		if (c->has_expected &&
		    tier_add(t, &o->tiers[TIER_EXPECTED], TIER_EXPECTED, c->firm,
			     &c->expected))
			return -1;
		if (c->buyer < 0)
			o->consultation_buyers++;
		else if (!buyer_seen[c->buyer]) {
			buyer_seen[c->buyer] = true;
			o->consultation_buyers++;
		}
	}
	return 0;
}

/* Signed during the mission: at one of its events, or dated no later than
 * the last day of the trip. */
static bool signed_during(const struct outcome *o, const struct agreement *a)
{
	char last[MOMENT_TEXT_MAX];
	struct moment m = { o->span.last_day * 86400, MOMENT_DATE };

	if (a->event >= 0)
		return true;
	if (!o->span.known || a->signed_on == NULL)
		return false;
	moment_format(m, "UTC", last);
	return strncmp(a->signed_on, last, strlen(a->signed_on)) <= 0;
}

static int count_signed(struct tally *t)
{
	const struct bundle *b = t->b;
	struct outcome *o = t->out;

	for (size_t i = 0; i < b->n_agreements; i++) {
		const struct agreement *a = &b->agreements[i];
		int firm = outcome_home_firm(b, a);
		const struct money *v = a->has_value ? &a->value : NULL;

		if (!outcome_signed(b, a))
			continue;
		if (tier_add(t, &o->tiers[TIER_SIGNED], TIER_SIGNED, firm, v) ||
		    tier_add(t, signed_during(o, a) ? &o->signed_during :
			     &o->signed_after, TIER_SIGNED, -1, v) ||
		    (v && convert(t, firm, v, offsetof(struct conversion,
							signed_value))))
			return -1;
		for (size_t k = 0; k < a->n_realisations; k++) {
			const struct realisation *r = &a->realisations[k];

			if (tier_add(t, &o->tiers[TIER_REALISED], TIER_REALISED, firm,
				     &r->value) ||
			    (r->verified_by >= 0 &&
			     tier_add(t, &o->realised_verified, TIER_REALISED, -1,
				      &r->value)) ||
			    convert(t, firm, &r->value,
				    offsetof(struct conversion, realised)))
				return -1;
			if (o->realised_as_of == NULL ||
			    strcmp(r->on, o->realised_as_of) > 0)
				o->realised_as_of = r->on;
		}
	}
	/* The tier's firms were counted by tier_add on the tier itself;
	 * during/after only count records. */
	return 0;
}

static int64_t total_in(const struct tier_figure *f, const char *currency)
{
	for (int k = 0; k < f->n_values; k++)
		if (strcmp(f->values[k].currency, currency) == 0)
			return f->values[k].minor;
	return 0;
}

static void check_claims(const struct bundle *b, struct outcome *o)
{
	for (size_t i = 0; i < b->n_claims; i++) {
		const struct claim *c = &b->claims[i];
		const struct tier_figure *f = &o->tiers[c->tier];
		struct claim_check *k = &o->claims[i];

		k->recorded_firms = f->firms;
		k->backed = true;
		if (c->has_value) {
			k->recorded_minor = total_in(f, c->value.currency);
			k->backed = k->recorded_minor >= c->value.minor;
		}
		if (c->firms >= 0 && f->firms < c->firms)
			k->backed = false;
	}
}

static int compare_conversions(const void *x, const void *y)
{
	const struct conversion *a = x, *b = y;

	if (a->firm != b->firm)
		return a->firm < b->firm ? -1 : 1;
	return strcmp(a->currency, b->currency);
}

static int count_tiers(const struct bundle *b, struct outcome *o,
		       struct error *err)
{
	struct tally t = { .b = b, .out = o, .err = err };
	size_t realisations = 0;

	for (size_t i = 0; i < b->n_agreements; i++)
		realisations += b->agreements[i].n_realisations;
	t.cap = (int)(2 * b->n_consultations + b->n_agreements + realisations);
	t.conversion_cap = 2 * t.cap + 1;
	strmap_init(&t.rows, b->arena);
	o->conversions = arena_array(b->arena, (size_t)t.conversion_cap,
				     sizeof *o->conversions);
	o->claims = arena_array(b->arena, b->n_claims + 1, sizeof *o->claims);
	for (int k = 0; k < TIER_COUNT; k++)
		t.firm_seen[k] = arena_array(b->arena, b->n_orgs + 1, sizeof(bool));
	if (arena_failed(b->arena))
		return error_set(err, ERROR_NOMEM, "out of memory");
	for (int k = 0; k < TIER_COUNT; k++)
		if (tier_init(&t, &o->tiers[k]))
			return error_set(err, ERROR_NOMEM, "out of memory");
	if (tier_init(&t, &o->signed_during) || tier_init(&t, &o->signed_after) ||
	    tier_init(&t, &o->realised_verified))
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (count_consultations(&t) || count_signed(&t))
		return -1;
	qsort(o->conversions, (size_t)o->n_conversions, sizeof *o->conversions,
	      compare_conversions);
	check_claims(b, o);
	o->has_outcome_records = b->n_consultations > 0 || b->n_claims > 0 ||
		o->tiers[TIER_REALISED].count > 0;
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
	if (count_events(b, out, err) || count_agreements(b, out, err) ||
	    count_tiers(b, out, err))
		return err ? (int)err->code : -1;
	return 0;
}
