/* bundle_read.c: JSON bundle to a validated struct bundle. */
#include "bundle/bundle.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bundle/jread.h"
#include "domain/moment.h"
#include "domain/money.h"
#include "util/arena.h"
#include "util/strmap.h"

struct reader {
	struct jread r;
	struct bundle *b;
	struct strmap orgs, people, venues, series, stops, events, agreements,
		pavilions, consultations, claims;
	const char **org_parents;  /* parent keys, resolved after all orgs */
};

/* Looks key up in map; fails naming field when it is not defined. */
static int resolve(struct reader *rd, const struct strmap *map,
		   const char *key, const char *field, const char *what,
		   int *out)
{
	if (key == NULL) {
		*out = -1;
		return 0;
	}
	*out = strmap_get(map, key);
	if (*out < 0)
		return jread_fail_field(&rd->r, field,
			"\"%s\": no such %s in this bundle", key, what);
	return 0;
}

/* Registers key in map at index; fails on a duplicate. */
static int define(struct reader *rd, struct strmap *map, const char *key,
		  int index, const char *field)
{
	if (strmap_put(map, key, index))
		return 0;
	if (arena_failed(rd->b->arena))
		return jread_fail(&rd->r, "out of memory");
	return jread_fail_field(&rd->r, field, "duplicate key \"%s\"", key);
}

/* Calls read_one for each element of the array member name of obj. */
typedef int (*read_item_fn)(struct reader *rd, json_t *item, size_t index,
			    void *ctx);

static int each(struct reader *rd, json_t *array, const char *name,
		read_item_fn read_one, void *ctx)
{
	long n = jread_array(&rd->r, array, name);
	size_t mark;

	if (n < 0)
		return -1;
	mark = jread_push_field(&rd->r, name);
	for (size_t i = 0; i < (size_t)n; i++) {
		size_t item_mark = jread_push_index(&rd->r, i);

		if (read_one(rd, json_array_get(array, i), i, ctx) != 0)
			return -1;
		jread_pop(&rd->r, item_mark);
	}
	jread_pop(&rd->r, mark);
	return 0;
}

#define ALLOC_ARRAY(rd, ptr, count, n) \
	((ptr) = arena_array((rd)->b->arena, (size_t)(n) + 1, sizeof *(ptr)), \
	 (count) = 0)

/* ---- organisations ------------------------------------------------ */

struct org_in {
	struct org o;
	const char *parent;
	json_t *products;
};

static const struct jfield org_fields[] = {
	JFIELD("key", JF_KEY, true, struct org_in, o.key),
	JFIELD_ENUM("kind", true, struct org_in, o.kind, enum_org_kind),
	JFIELD("name", JF_TEXT, true, struct org_in, o.name),
	JFIELD("country", JF_COUNTRY, false, struct org_in, o.country),
	JFIELD("city", JF_TEXT, false, struct org_in, o.city),
	JFIELD("parent", JF_KEY, false, struct org_in, parent),
	JFIELD("sectors", JF_SECTORS, false, struct org_in, o.sectors),
	JFIELD("products", JF_JSON, false, struct org_in, products),
	JFIELD("description", JF_TEXT, false, struct org_in, o.description),
	JFIELD("website", JF_STRING, false, struct org_in, o.website),
};

static const struct jfield product_fields[] = {
	JFIELD("name", JF_TEXT, true, struct product, name),
	JFIELD("hs_code", JF_STRING, false, struct product, hs_code),
};

/* 2 to 10 digits (dots allowed: "2005.99"). */
static int check_hs_code(struct reader *rd, const char *code)
{
	size_t n = code ? strlen(code) : 2;

	if (n < 2 || n > 10 || strspn(code, "0123456789.") != n)
		return jread_fail_field(&rd->r, "hs_code",
			"\"%s\" is not an HS code (2 to 10 digits)", code);
	return 0;
}

static int read_product(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct org *o = ctx;
	struct product *p = &o->products[i];

	if (jread_object(&rd->r, item, product_fields, 2, p) ||
	    (p->hs_code != NULL && check_hs_code(rd, p->hs_code)))
		return -1;
	o->n_products = i + 1;
	return 0;
}

static int read_org(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct org_in in = { .o.parent = -1 };
	struct bundle *b = rd->b;
	long n;

	(void)ctx;
	if (jread_object(&rd->r, item, org_fields, sizeof org_fields /
			 sizeof org_fields[0], &in))
		return -1;
	if (define(rd, &rd->orgs, in.o.key, (int)i, "key"))
		return -1;
	n = jread_array(&rd->r, in.products, "products");
	if (n < 0)
		return -1;
	in.o.products = arena_array(b->arena, (size_t)n + 1, sizeof *in.o.products);
	b->orgs[i] = in.o;
	rd->org_parents[i] = in.parent;
	b->n_orgs = i + 1;
	return each(rd, in.products, "products", read_product, &b->orgs[i]);
}

static int read_orgs(struct reader *rd, json_t *array)
{
	struct bundle *b = rd->b;
	long n = jread_array(&rd->r, array, "organisations");
	size_t mark;

	if (n < 0)
		return -1;
	ALLOC_ARRAY(rd, b->orgs, b->n_orgs, n);
	rd->org_parents = arena_array(b->arena, (size_t)n + 1, sizeof *rd->org_parents);
	if (each(rd, array, "organisations", read_org, NULL))
		return -1;
	/* Parents may be defined after their chapters: resolve afterwards. */
	mark = jread_push_field(&rd->r, "organisations");
	for (size_t i = 0; i < b->n_orgs; i++) {
		size_t m = jread_push_index(&rd->r, i);

		if (resolve(rd, &rd->orgs, rd->org_parents[i], "parent",
			    "organisation", &b->orgs[i].parent))
			return -1;
		for (int p = b->orgs[i].parent, hops = 0; p >= 0;
		     p = b->orgs[p].parent, hops++) {
			if (p == (int)i || hops > (int)b->n_orgs)
				return jread_fail_field(&rd->r, "parent",
					"\"%s\" makes a cycle of parents", rd->org_parents[i]);
		}
		jread_pop(&rd->r, m);
	}
	jread_pop(&rd->r, mark);
	return 0;
}

/* ---- people, venues, series ---------------------------------------- */

struct person_in {
	struct person p;
	const char *org;
};

static const struct jfield person_fields[] = {
	JFIELD("key", JF_KEY, true, struct person_in, p.key),
	JFIELD("name", JF_TEXT, true, struct person_in, p.name),
	JFIELD("title", JF_TEXT, false, struct person_in, p.title),
	JFIELD("organisation", JF_KEY, false, struct person_in, org),
	JFIELD("email", JF_STRING, false, struct person_in, p.email),
	JFIELD("phone", JF_STRING, false, struct person_in, p.phone),
};

static int read_person(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct person_in in = { 0 };

	(void)ctx;
	if (jread_object(&rd->r, item, person_fields, sizeof person_fields /
			 sizeof person_fields[0], &in) ||
	    define(rd, &rd->people, in.p.key, (int)i, "key") ||
	    resolve(rd, &rd->orgs, in.org, "organisation", "organisation",
		    &in.p.org))
		return -1;
	if (in.p.email != NULL && strchr(in.p.email, '@') == NULL)
		return jread_fail_field(&rd->r, "email",
			"\"%s\" is not an e-mail address", in.p.email);
	rd->b->people[i] = in.p;
	rd->b->n_people = i + 1;
	return 0;
}

static const struct jfield venue_fields[] = {
	JFIELD("key", JF_KEY, true, struct venue, key),
	JFIELD("name", JF_TEXT, true, struct venue, name),
	JFIELD("city", JF_TEXT, false, struct venue, city),
	JFIELD("country", JF_COUNTRY, false, struct venue, country),
	JFIELD("zone", JF_ZONE, false, struct venue, zone),
	JFIELD("address", JF_TEXT, false, struct venue, address),
};

static int read_venue(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct venue v = { 0 };

	(void)ctx;
	if (jread_object(&rd->r, item, venue_fields, sizeof venue_fields /
			 sizeof venue_fields[0], &v) ||
	    define(rd, &rd->venues, v.key, (int)i, "key"))
		return -1;
	rd->b->venues[i] = v;
	rd->b->n_venues = i + 1;
	return 0;
}

static const struct jfield series_fields[] = {
	JFIELD("key", JF_KEY, true, struct series, key),
	JFIELD("name", JF_TEXT, true, struct series, name),
};

static int read_series(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct series s = { 0 };

	(void)ctx;
	if (jread_object(&rd->r, item, series_fields, 2, &s) ||
	    define(rd, &rd->series, s.key, (int)i, "key"))
		return -1;
	rd->b->series[i] = s;
	rd->b->n_series = i + 1;
	return 0;
}

/* ---- the mission: delegation, stops, events, pavilions -------------- */

struct delegate_in {
	const char *person;
	int role;
};

static const struct jfield delegate_fields[] = {
	JFIELD("person", JF_KEY, true, struct delegate_in, person),
	JFIELD_ENUM("role", true, struct delegate_in, role, enum_delegate_role),
};

static int read_delegate(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct mission *m = ctx;
	struct delegate_in in = { 0 };
	struct delegate *d = &m->delegates[i];

	if (jread_object(&rd->r, item, delegate_fields, 2, &in) ||
	    resolve(rd, &rd->people, in.person, "person", "person", &d->person))
		return -1;
	for (size_t k = 0; k < i; k++)
		if (m->delegates[k].person == d->person)
			return jread_fail_field(&rd->r, "person",
				"\"%s\" is in the delegation twice", in.person);
	d->role = (enum delegate_role)in.role;
	m->n_delegates = i + 1;
	return 0;
}

struct stop_in {
	struct stop s;
	const char *arrive;
	const char *depart;
};

static const struct jfield stop_fields[] = {
	JFIELD("key", JF_KEY, true, struct stop_in, s.key),
	JFIELD("city", JF_TEXT, true, struct stop_in, s.city),
	JFIELD("country", JF_COUNTRY, true, struct stop_in, s.country),
	JFIELD("zone", JF_ZONE, true, struct stop_in, s.zone),
	JFIELD("home", JF_BOOL, false, struct stop_in, s.home),
	JFIELD("arrive", JF_STRING, false, struct stop_in, arrive),
	JFIELD("depart", JF_STRING, false, struct stop_in, depart),
};

/* Parses text as a moment in zone into *out; NULL text leaves it unset. */
static int read_moment(struct reader *rd, const char *text, const char *zone,
		       const char *field, struct moment *out)
{
	char why[256];

	if (text == NULL)
		return 0;
	if (moment_parse(text, zone, out, why, sizeof why) != 0)
		return jread_fail_field(&rd->r, field, "%s", why);
	return 0;
}

static int read_stop(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct stop_in in = { 0 };

	(void)ctx;
	if (jread_object(&rd->r, item, stop_fields, sizeof stop_fields /
			 sizeof stop_fields[0], &in) ||
	    define(rd, &rd->stops, in.s.key, (int)i, "key") ||
	    read_moment(rd, in.arrive, in.s.zone, "arrive", &in.s.arrive) ||
	    read_moment(rd, in.depart, in.s.zone, "depart", &in.s.depart))
		return -1;
	if (in.arrive == NULL && in.depart == NULL)
		return jread_fail(&rd->r, "a stop needs \"arrive\" or \"depart\"");
	if (in.arrive != NULL && in.depart != NULL &&
	    in.s.depart.utc < in.s.arrive.utc)
		return jread_fail_field(&rd->r, "depart",
			"\"%s\" is before the arrival \"%s\"", in.depart, in.arrive);
	rd->b->stops[i] = in.s;
	rd->b->n_stops = i + 1;
	return 0;
}

struct participant_in {
	const char *org;
	const char *person;
	int role;
};

static const struct jfield participant_fields[] = {
	JFIELD("organisation", JF_KEY, false, struct participant_in, org),
	JFIELD("person", JF_KEY, false, struct participant_in, person),
	JFIELD_ENUM("role", true, struct participant_in, role,
		    enum_participant_role),
};

static int read_participant(struct reader *rd, json_t *item, size_t i,
			    void *ctx)
{
	struct event *e = ctx;
	struct participant_in in = { 0 };
	struct participant *p = &e->participants[i];

	if (jread_object(&rd->r, item, participant_fields, 3, &in) ||
	    resolve(rd, &rd->orgs, in.org, "organisation", "organisation",
		    &p->org) ||
	    resolve(rd, &rd->people, in.person, "person", "person", &p->person))
		return -1;
	if (in.org == NULL && in.person == NULL)
		return jread_fail(&rd->r,
			"a participant needs \"organisation\" or \"person\"");
	p->role = (enum participant_role)in.role;
	e->n_participants = i + 1;
	return 0;
}

static const struct jfield attendance_fields[] = {
	JFIELD("registered", JF_COUNT, false, struct attendance, registered),
	JFIELD("attended", JF_COUNT, false, struct attendance, attended),
	JFIELD("approximate", JF_BOOL, false, struct attendance, approximate),
};

struct event_in {
	struct event e;
	const char *stop;
	const char *venue;
	const char *start;
	const char *end;
	json_t *participants;
	json_t *attendance;
};

static const struct jfield event_fields[] = {
	JFIELD("key", JF_KEY, true, struct event_in, e.key),
	JFIELD_ENUM("kind", true, struct event_in, e.kind, enum_event_kind),
	JFIELD("title", JF_TEXT, true, struct event_in, e.title),
	JFIELD("stop", JF_KEY, false, struct event_in, stop),
	JFIELD("venue", JF_KEY, false, struct event_in, venue),
	JFIELD("zone", JF_ZONE, false, struct event_in, e.zone),
	JFIELD("start", JF_STRING, true, struct event_in, start),
	JFIELD("end", JF_STRING, false, struct event_in, end),
	JFIELD("sectors", JF_SECTORS, false, struct event_in, e.sectors),
	JFIELD("participants", JF_JSON, false, struct event_in, participants),
	JFIELD("attendance", JF_JSON, false, struct event_in, attendance),
	JFIELD("notes", JF_TEXT, false, struct event_in, e.notes),
};

static int read_event(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct bundle *b = rd->b;
	struct event_in in = { .e.attendance = { -1, -1, false } };
	struct event *e = &b->events[i];
	long n;

	(void)ctx;
	if (jread_object(&rd->r, item, event_fields, sizeof event_fields /
			 sizeof event_fields[0], &in) ||
	    define(rd, &rd->events, in.e.key, (int)i, "key") ||
	    resolve(rd, &rd->stops, in.stop, "stop", "stop", &in.e.stop) ||
	    resolve(rd, &rd->venues, in.venue, "venue", "venue", &in.e.venue))
		return -1;
	/* The zone where it happens: given, else the venue's, else the stop's. */
	if (in.e.zone == NULL && in.e.venue >= 0)
		in.e.zone = b->venues[in.e.venue].zone;
	if (in.e.zone == NULL && in.e.stop >= 0)
		in.e.zone = b->stops[in.e.stop].zone;
	if (in.e.zone == NULL)
		return jread_fail(&rd->r,
			"an event needs \"zone\", or a \"stop\" or \"venue\" with one");
	if (read_moment(rd, in.start, in.e.zone, "start", &in.e.start) ||
	    read_moment(rd, in.end, in.e.zone, "end", &in.e.end))
		return -1;
	if (in.end != NULL && in.e.end.utc < in.e.start.utc)
		return jread_fail_field(&rd->r, "end",
			"\"%s\" is before the start \"%s\"", in.end, in.start);
	if (in.attendance != NULL) {
		size_t mark = jread_push_field(&rd->r, "attendance");

		if (jread_object(&rd->r, in.attendance, attendance_fields, 3,
				 &in.e.attendance))
			return -1;
		jread_pop(&rd->r, mark);
	}
	n = jread_array(&rd->r, in.participants, "participants");
	if (n < 0)
		return -1;
	in.e.participants = arena_array(b->arena, (size_t)n + 1,
					sizeof *in.e.participants);
	*e = in.e;
	b->n_events = i + 1;
	return each(rd, in.participants, "participants", read_participant, e);
}

struct exhibitor_in {
	struct exhibitor x;
	const char *org;
};

static const struct jfield exhibitor_fields[] = {
	JFIELD("organisation", JF_KEY, false, struct exhibitor_in, org),
	JFIELD("description", JF_TEXT, false, struct exhibitor_in, x.description),
	JFIELD("booth", JF_STRING, false, struct exhibitor_in, x.booth),
	JFIELD("products", JF_TEXT, false, struct exhibitor_in, x.products),
};

static int read_exhibitor(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct pavilion *p = ctx;
	struct exhibitor_in in = { 0 };

	if (jread_object(&rd->r, item, exhibitor_fields, 4, &in) ||
	    resolve(rd, &rd->orgs, in.org, "organisation", "organisation",
		    &in.x.org))
		return -1;
	p->exhibitors[i] = in.x;
	p->n_exhibitors = i + 1;
	return 0;
}

struct pavilion_in {
	struct pavilion p;
	const char *event;
	const char *venue;
	json_t *exhibitors;
};

static const struct jfield pavilion_fields[] = {
	JFIELD("key", JF_KEY, true, struct pavilion_in, p.key),
	JFIELD("event", JF_KEY, false, struct pavilion_in, event),
	JFIELD("show", JF_TEXT, true, struct pavilion_in, p.show),
	JFIELD("name", JF_TEXT, true, struct pavilion_in, p.name),
	JFIELD("venue", JF_KEY, false, struct pavilion_in, venue),
	JFIELD("exhibitors", JF_JSON, false, struct pavilion_in, exhibitors),
	JFIELD("notes", JF_TEXT, false, struct pavilion_in, p.notes),
};

static int read_pavilion(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct bundle *b = rd->b;
	struct pavilion_in in = { 0 };
	long n;

	(void)ctx;
	if (jread_object(&rd->r, item, pavilion_fields, sizeof pavilion_fields /
			 sizeof pavilion_fields[0], &in) ||
	    define(rd, &rd->pavilions, in.p.key, (int)i, "key") ||
	    resolve(rd, &rd->events, in.event, "event", "event of this mission",
		    &in.p.event) ||
	    resolve(rd, &rd->venues, in.venue, "venue", "venue", &in.p.venue))
		return -1;
	n = jread_array(&rd->r, in.exhibitors, "exhibitors");
	if (n < 0)
		return -1;
	in.p.exhibitors = arena_array(b->arena, (size_t)n + 1,
				      sizeof *in.p.exhibitors);
	b->pavilions[i] = in.p;
	b->n_pavilions = i + 1;
	return each(rd, in.exhibitors, "exhibitors", read_exhibitor,
		    &b->pavilions[i]);
}

struct mission_in {
	struct mission m;
	const char *home_org;
	json_t *delegation, *stops, *events, *pavilions;
};

static const struct jfield mission_fields[] = {
	JFIELD("slug", JF_STRING, true, struct mission_in, m.slug),
	JFIELD("title", JF_TEXT, true, struct mission_in, m.title),
	JFIELD("home_zone", JF_ZONE, true, struct mission_in, m.home_zone),
	JFIELD("home_organisation", JF_KEY, false, struct mission_in, home_org),
	JFIELD("purpose", JF_TEXT, false, struct mission_in, m.purpose),
	JFIELD("sectors", JF_SECTORS, false, struct mission_in, m.sectors),
	JFIELD("delegation", JF_JSON, false, struct mission_in, delegation),
	JFIELD("stops", JF_JSON, false, struct mission_in, stops),
	JFIELD("events", JF_JSON, false, struct mission_in, events),
	JFIELD("pavilions", JF_JSON, false, struct mission_in, pavilions),
};

static bool slug_valid(const char *s)
{
	size_t n = strlen(s);

	return n >= 1 && n <= JREAD_KEY_MAX &&
	       strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == n &&
	       s[0] != '-' && strspn(s, "0123456789") != n;
}

static int read_mission(struct reader *rd, json_t *obj)
{
	struct bundle *b = rd->b;
	struct mission_in in = { 0 };
	long n;

	if (jread_object(&rd->r, obj, mission_fields, sizeof mission_fields /
			 sizeof mission_fields[0], &in))
		return -1;
	if (!slug_valid(in.m.slug))
		return jread_fail_field(&rd->r, "slug",
			"\"%s\" is not a slug (lower-case letters, digits and '-', not all digits)",
			in.m.slug);
	if (resolve(rd, &rd->orgs, in.home_org, "home_organisation",
		    "organisation", &in.m.home_org))
		return -1;
	b->mission = arena_alloc(b->arena, sizeof *b->mission);
	*b->mission = in.m;
	if ((n = jread_array(&rd->r, in.delegation, "delegation")) < 0)
		return -1;
	b->mission->delegates = arena_array(b->arena, (size_t)n + 1,
					    sizeof *b->mission->delegates);
	if (each(rd, in.delegation, "delegation", read_delegate, b->mission))
		return -1;
	if ((n = jread_array(&rd->r, in.stops, "stops")) < 0)
		return -1;
	ALLOC_ARRAY(rd, b->stops, b->n_stops, n);
	if (each(rd, in.stops, "stops", read_stop, NULL))
		return -1;
	if ((n = jread_array(&rd->r, in.events, "events")) < 0)
		return -1;
	ALLOC_ARRAY(rd, b->events, b->n_events, n);
	if (each(rd, in.events, "events", read_event, NULL))
		return -1;
	if ((n = jread_array(&rd->r, in.pavilions, "pavilions")) < 0)
		return -1;
	ALLOC_ARRAY(rd, b->pavilions, b->n_pavilions, n);
	return each(rd, in.pavilions, "pavilions", read_pavilion, NULL);
}

/* ---- agreements ------------------------------------------------------ */

struct party_in {
	const char *org;
	int role;
};

static const struct jfield party_fields[] = {
	JFIELD("organisation", JF_KEY, true, struct party_in, org),
	JFIELD_ENUM("role", false, struct party_in, role, enum_party_role),
};

static int read_party(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct agreement *a = ctx;
	struct party_in in = { .role = PARTY_PARTY };

	if (jread_object(&rd->r, item, party_fields, 2, &in) ||
	    resolve(rd, &rd->orgs, in.org, "organisation", "organisation",
		    &a->parties[i].org))
		return -1;
	for (size_t k = 0; k < i; k++)
		if (a->parties[k].org == a->parties[i].org)
			return jread_fail_field(&rd->r, "organisation",
				"\"%s\" is a party twice", in.org);
	a->parties[i].role = (enum party_role)in.role;
	a->n_parties = i + 1;
	return 0;
}

struct followup_in {
	struct followup f;
	const char *owner;
};

static const struct jfield followup_fields[] = {
	JFIELD("description", JF_TEXT, true, struct followup_in, f.description),
	JFIELD("due_on", JF_DATE, true, struct followup_in, f.due_on),
	JFIELD("owner", JF_KEY, false, struct followup_in, owner),
	JFIELD("done_on", JF_DATE, false, struct followup_in, f.done_on),
};

static int read_followup(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct agreement *a = ctx;
	struct followup_in in = { 0 };

	if (jread_object(&rd->r, item, followup_fields, 4, &in) ||
	    resolve(rd, &rd->people, in.owner, "owner", "person", &in.f.owner))
		return -1;
	a->followups[i] = in.f;
	a->n_followups = i + 1;
	return 0;
}

struct value_in {
	const char *amount;
	const char *currency;
};

static const struct jfield value_fields[] = {
	JFIELD("amount", JF_STRING, true, struct value_in, amount),
	JFIELD("currency", JF_STRING, true, struct value_in, currency),
};

/* Money {"amount", "currency"} at member name: no more decimals than
 * the currency has.  A NULL obj leaves *has false. */
static int read_money(struct reader *rd, json_t *obj, const char *name,
		      struct money *out, bool *has)
{
	struct value_in in = { 0 };
	size_t mark;
	char why[256];

	if (obj == NULL)
		return 0;
	mark = jread_push_field(&rd->r, name);
	if (jread_object(&rd->r, obj, value_fields, 2, &in))
		return -1;
	if (!money_currency_valid(in.currency))
		return jread_fail_field(&rd->r, "currency",
			"\"%s\" is not an ISO 4217 code", in.currency);
	if (money_parse(in.amount, in.currency, out, why, sizeof why))
		return jread_fail_field(&rd->r, "amount", "%s", why);
	if (has != NULL)
		*has = true;
	jread_pop(&rd->r, mark);
	return 0;
}

/* ---- consultations ---------------------------------------------------- */

struct consultation_in {
	struct consultation c;
	const char *event, *firm, *buyer;
	json_t *consulted, *expected;
};

static const struct jfield consultation_fields[] = {
	JFIELD("key", JF_KEY, true, struct consultation_in, c.key),
	JFIELD("event", JF_KEY, true, struct consultation_in, event),
	JFIELD("firm", JF_KEY, true, struct consultation_in, firm),
	JFIELD("buyer", JF_KEY, false, struct consultation_in, buyer),
	JFIELD("buyer_country", JF_COUNTRY, false, struct consultation_in,
	       c.buyer_country),
	JFIELD("products", JF_TEXT, false, struct consultation_in, c.products),
	JFIELD("hs_code", JF_STRING, false, struct consultation_in, c.hs_code),
	JFIELD("consulted", JF_JSON, false, struct consultation_in, consulted),
	JFIELD("expected", JF_JSON, false, struct consultation_in, expected),
	JFIELD_ENUM("likelihood", false, struct consultation_in, c.likelihood,
		    enum_likelihood),
	JFIELD("notes", JF_TEXT, false, struct consultation_in, c.notes),
};

static int read_consultation(struct reader *rd, json_t *item, size_t i,
			     void *ctx)
{
	struct consultation_in in = { .c.likelihood = -1 };

	(void)ctx;
	if (jread_object(&rd->r, item, consultation_fields,
			 sizeof consultation_fields / sizeof consultation_fields[0],
			 &in) ||
	    define(rd, &rd->consultations, in.c.key, (int)i, "key") ||
	    resolve(rd, &rd->events, in.event, "event", "event of this mission",
		    &in.c.event) ||
	    resolve(rd, &rd->orgs, in.firm, "firm", "organisation", &in.c.firm) ||
	    resolve(rd, &rd->orgs, in.buyer, "buyer", "organisation", &in.c.buyer) ||
	    (in.c.hs_code != NULL && check_hs_code(rd, in.c.hs_code)) ||
	    read_money(rd, in.consulted, "consulted", &in.c.consulted,
		       &in.c.has_consulted) ||
	    read_money(rd, in.expected, "expected", &in.c.expected,
		       &in.c.has_expected))
		return -1;
	if ((in.buyer != NULL) == (in.c.buyer_country != NULL))
		return jread_fail(&rd->r, in.buyer != NULL ?
			"the buyer is named (\"buyer\") or only its country is"
			" given (\"buyer_country\"), not both" :
			"a consultation needs \"buyer\" or \"buyer_country\"");
	rd->b->consultations[i] = in.c;
	rd->b->n_consultations = i + 1;
	return 0;
}

/* ---- claims ------------------------------------------------------------ */

struct claim_in {
	struct claim c;
	json_t *value, *source;
};

static const struct jfield claim_fields[] = {
	JFIELD("key", JF_KEY, true, struct claim_in, c.key),
	JFIELD_ENUM("tier", true, struct claim_in, c.tier, enum_tier),
	JFIELD("value", JF_JSON, false, struct claim_in, value),
	JFIELD("firms", JF_COUNT, false, struct claim_in, c.firms),
	JFIELD("stated_on", JF_DATE, true, struct claim_in, c.stated_on),
	JFIELD("source", JF_JSON, true, struct claim_in, source),
};

static const struct jfield source_fields[] = {
	JFIELD("title", JF_TEXT, true, struct claim, source_title),
	JFIELD("url", JF_STRING, false, struct claim, source_url),
};

static int read_claim(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct claim_in in = { .c.firms = -1 };
	size_t mark;

	(void)ctx;
	if (jread_object(&rd->r, item, claim_fields,
			 sizeof claim_fields / sizeof claim_fields[0], &in) ||
	    define(rd, &rd->claims, in.c.key, (int)i, "key") ||
	    read_money(rd, in.value, "value", &in.c.value, &in.c.has_value))
		return -1;
	if (!in.c.has_value && in.c.firms < 0)
		return jread_fail(&rd->r, "a claim needs \"value\" or \"firms\"");
	mark = jread_push_field(&rd->r, "source");
	if (jread_object(&rd->r, in.source, source_fields, 2, &in.c))
		return -1;
	jread_pop(&rd->r, mark);
	rd->b->claims[i] = in.c;
	rd->b->n_claims = i + 1;
	return 0;
}

/* ---- realisations ------------------------------------------------------ */

struct realisation_in {
	struct realisation r;
	json_t *value, *evidence;
	const char *verified_by;
};

static const struct jfield realisation_fields[] = {
	JFIELD("on", JF_DATE, true, struct realisation_in, r.on),
	JFIELD("value", JF_JSON, true, struct realisation_in, value),
	JFIELD("evidence", JF_JSON, false, struct realisation_in, evidence),
	JFIELD("verified_by", JF_KEY, false, struct realisation_in, verified_by),
	JFIELD("verified_at", JF_DATE, false, struct realisation_in, r.verified_at),
};

static const struct jfield evidence_fields[] = {
	JFIELD_ENUM("kind", true, struct realisation, evidence_kind,
		    enum_evidence_kind),
	JFIELD("reference", JF_STRING, false, struct realisation,
	       evidence_reference),
};

static int read_realisation(struct reader *rd, json_t *item, size_t i,
			    void *ctx)
{
	struct agreement *a = ctx;
	struct realisation_in in = { .r.evidence_kind = -1 };
	size_t mark;

	if (jread_object(&rd->r, item, realisation_fields,
			 sizeof realisation_fields / sizeof realisation_fields[0],
			 &in) ||
	    read_money(rd, in.value, "value", &in.r.value, NULL) ||
	    resolve(rd, &rd->people, in.verified_by, "verified_by", "person",
		    &in.r.verified_by))
		return -1;
	if (in.r.verified_at != NULL && in.verified_by == NULL)
		return jread_fail_field(&rd->r, "verified_at",
			"needs \"verified_by\": who verified it");
	if (in.evidence != NULL) {
		mark = jread_push_field(&rd->r, "evidence");
		if (jread_object(&rd->r, in.evidence, evidence_fields, 2, &in.r))
			return -1;
		jread_pop(&rd->r, mark);
	}
	a->realisations[i] = in.r;
	a->n_realisations = i + 1;
	return 0;
}

struct agreement_in {
	struct agreement a;
	const char *event;
	const char *series;
	const char *consultation;
	json_t *parties, *followups, *value, *realisations;
};

static const struct jfield agreement_fields[] = {
	JFIELD("key", JF_KEY, true, struct agreement_in, a.key),
	JFIELD_ENUM("kind", true, struct agreement_in, a.kind, enum_agreement_kind),
	JFIELD("title", JF_TEXT, true, struct agreement_in, a.title),
	JFIELD("event", JF_KEY, false, struct agreement_in, event),
	JFIELD("signed_on", JF_PARTIAL_DATE, false, struct agreement_in, a.signed_on),
	JFIELD_ENUM("home_role", true, struct agreement_in, a.home_role,
		    enum_home_role),
	JFIELD("parties", JF_JSON, true, struct agreement_in, parties),
	JFIELD("value", JF_JSON, false, struct agreement_in, value),
	JFIELD_ENUM("status", false, struct agreement_in, a.status,
		    enum_agreement_status),
	JFIELD("series", JF_KEY, false, struct agreement_in, series),
	JFIELD("sectors", JF_SECTORS, false, struct agreement_in, a.sectors),
	JFIELD("followups", JF_JSON, false, struct agreement_in, followups),
	JFIELD("notes", JF_TEXT, false, struct agreement_in, a.notes),
	JFIELD("consultation", JF_KEY, false, struct agreement_in, consultation),
	JFIELD("realisations", JF_JSON, false, struct agreement_in, realisations),
};

static int read_agreement(struct reader *rd, json_t *item, size_t i, void *ctx)
{
	struct bundle *b = rd->b;
	struct agreement_in in = { .a.status = STATUS_SIGNED, .a.consultation = -1 };
	struct agreement *a = &b->agreements[i];
	long n;

	(void)ctx;
	if (jread_object(&rd->r, item, agreement_fields, sizeof agreement_fields /
			 sizeof agreement_fields[0], &in) ||
	    define(rd, &rd->agreements, in.a.key, (int)i, "key") ||
	    resolve(rd, &rd->events, in.event, "event", "event of this mission",
		    &in.a.event) ||
	    resolve(rd, &rd->series, in.series, "series", "series", &in.a.series) ||
	    resolve(rd, &rd->consultations, in.consultation, "consultation",
		    "consultation of this mission", &in.a.consultation))
		return -1;
	in.a.in_mission = in.a.event >= 0;
	if (in.a.event >= 0) {
		/* Signed at a mission event: the date is the event's local day. */
		const struct event *e = &b->events[in.a.event];
		char day[MOMENT_TEXT_MAX];
		struct moment m = { e->start.utc, MOMENT_DATE };

		moment_format(m, e->zone, day);
		if (in.a.signed_on != NULL && strcmp(in.a.signed_on, day) != 0)
			return jread_fail_field(&rd->r, "signed_on",
				"\"%s\" differs from the day of event \"%s\" (%s)",
				in.a.signed_on, e->key, day);
		in.a.signed_on = arena_strdup(b->arena, day);
	} else if (in.a.signed_on == NULL) {
		return jread_fail(&rd->r,
			"an agreement needs \"event\" or \"signed_on\"");
	}
	if (in.value != NULL) {
		if (in.a.kind == AGREEMENT_MOU)
			return jread_fail_field(&rd->r, "value",
				"an MOU carries no value");
		if (read_money(rd, in.value, "value", &in.a.value, &in.a.has_value))
			return -1;
	}
	if ((n = jread_array(&rd->r, in.parties, "parties")) < 0)
		return -1;
	if (n == 0)
		return jread_fail_field(&rd->r, "parties", "needs at least one party");
	in.a.parties = arena_array(b->arena, (size_t)n, sizeof *in.a.parties);
	if ((n = jread_array(&rd->r, in.followups, "followups")) < 0)
		return -1;
	in.a.followups = arena_array(b->arena, (size_t)n + 1,
				     sizeof *in.a.followups);
	if ((n = jread_array(&rd->r, in.realisations, "realisations")) < 0)
		return -1;
	if (n > 0 && in.a.kind != AGREEMENT_CONTRACT &&
	    in.a.kind != AGREEMENT_PURCHASE_ORDER)
		return jread_fail_field(&rd->r, "realisations",
			"only contracts and purchase orders are realised");
	in.a.realisations = arena_array(b->arena, (size_t)n + 1,
					sizeof *in.a.realisations);
	*a = in.a;
	b->n_agreements = i + 1;
	return each(rd, in.parties, "parties", read_party, a) ||
	       each(rd, in.followups, "followups", read_followup, a) ||
	       each(rd, in.realisations, "realisations", read_realisation, a) ?
		-1 : 0;
}

/* ---- the whole bundle ------------------------------------------------ */

struct top_in {
	int64_t version;
	json_t *orgs, *people, *venues, *series, *mission, *agreements;
	json_t *consultations, *claims;
};

static const struct jfield top_fields[] = {
	JFIELD("pavilion_bundle", JF_COUNT, true, struct top_in, version),
	JFIELD("organisations", JF_JSON, false, struct top_in, orgs),
	JFIELD("people", JF_JSON, false, struct top_in, people),
	JFIELD("venues", JF_JSON, false, struct top_in, venues),
	JFIELD("series", JF_JSON, false, struct top_in, series),
	JFIELD("mission", JF_JSON, false, struct top_in, mission),
	JFIELD("agreements", JF_JSON, false, struct top_in, agreements),
	JFIELD("consultations", JF_JSON, false, struct top_in, consultations),
	JFIELD("claims", JF_JSON, false, struct top_in, claims),
};

static int read_top(struct reader *rd, json_t *root)
{
	struct bundle *b = rd->b;
	struct top_in in = { 0 };
	long n;
	size_t mark;

	if (jread_object(&rd->r, root, top_fields, sizeof top_fields /
			 sizeof top_fields[0], &in))
		return -1;
	if (in.version != BUNDLE_FORMAT_VERSION)
		return jread_fail_field(&rd->r, "pavilion_bundle",
			"format version %lld is not supported (this is %d)",
			(long long)in.version, BUNDLE_FORMAT_VERSION);
	if (read_orgs(rd, in.orgs))
		return -1;
	if ((n = jread_array(&rd->r, in.people, "people")) < 0)
		return -1;
	ALLOC_ARRAY(rd, b->people, b->n_people, n);
	if (each(rd, in.people, "people", read_person, NULL))
		return -1;
	if ((n = jread_array(&rd->r, in.venues, "venues")) < 0)
		return -1;
	ALLOC_ARRAY(rd, b->venues, b->n_venues, n);
	if (each(rd, in.venues, "venues", read_venue, NULL))
		return -1;
	if ((n = jread_array(&rd->r, in.series, "series")) < 0)
		return -1;
	ALLOC_ARRAY(rd, b->series, b->n_series, n);
	if (each(rd, in.series, "series", read_series, NULL))
		return -1;
	if (in.mission != NULL) {
		mark = jread_push_field(&rd->r, "mission");
		if (read_mission(rd, in.mission))
			return -1;
		jread_pop(&rd->r, mark);
	}
	if ((in.consultations != NULL || in.claims != NULL) && in.mission == NULL)
		return jread_fail_field(&rd->r, in.claims ? "claims" : "consultations",
					"belong to a mission: the bundle has none");
	if ((n = jread_array(&rd->r, in.consultations, "consultations")) < 0)
		return -1;
	ALLOC_ARRAY(rd, b->consultations, b->n_consultations, n);
	if (each(rd, in.consultations, "consultations", read_consultation, NULL))
		return -1;
	if ((n = jread_array(&rd->r, in.agreements, "agreements")) < 0)
		return -1;
	ALLOC_ARRAY(rd, b->agreements, b->n_agreements, n);
	if (each(rd, in.agreements, "agreements", read_agreement, NULL))
		return -1;
	if ((n = jread_array(&rd->r, in.claims, "claims")) < 0)
		return -1;
	ALLOC_ARRAY(rd, b->claims, b->n_claims, n);
	if (each(rd, in.claims, "claims", read_claim, NULL))
		return -1;
	if (arena_failed(b->arena))
		return jread_fail(&rd->r, "out of memory");
	return 0;
}

static struct bundle *read_root(json_t *root, const char *source,
				struct error *err)
{
	struct bundle *b = bundle_new();
	struct reader rd;

	if (b == NULL) {
		error_set(err, ERROR_NOMEM, "%s: out of memory", source);
		return NULL;
	}
	memset(&rd, 0, sizeof rd);
	rd.b = b;
	jread_init(&rd.r, b->arena, source, err);
	strmap_init(&rd.orgs, b->arena);
	strmap_init(&rd.people, b->arena);
	strmap_init(&rd.venues, b->arena);
	strmap_init(&rd.series, b->arena);
	strmap_init(&rd.stops, b->arena);
	strmap_init(&rd.events, b->arena);
	strmap_init(&rd.pavilions, b->arena);
	strmap_init(&rd.agreements, b->arena);
	strmap_init(&rd.consultations, b->arena);
	strmap_init(&rd.claims, b->arena);
	if (read_top(&rd, root) != 0) {
		bundle_free(b);
		return NULL;
	}
	return b;
}

static struct bundle *parse_failed(const char *source, const json_error_t *je,
				   struct error *err)
{
	if (je->line > 0)
		error_set(err, ERROR_INVALID, "%s:%d:%d: invalid JSON: %s", source,
			  je->line, je->column, je->text);
	else
		error_set(err, ERROR_INVALID, "%s: invalid JSON: %s", source, je->text);
	return NULL;
}

struct bundle *bundle_read_text(const char *text, size_t len,
				const char *source, struct error *err)
{
	json_error_t je;
	json_t *root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	struct bundle *b;

	if (root == NULL)
		return parse_failed(source, &je, err);
	b = read_root(root, source, err);
	json_decref(root);
	return b;
}

/* Reads all of f into memory (jansson parses a buffer far faster than
 * a stream it reads a character at a time). */
static char *slurp(FILE *f, const char *name, size_t *len, struct error *err)
{
	size_t cap = 1 << 16, n = 0;
	char *data = malloc(cap);

	if (data == NULL) {
		error_set(err, ERROR_NOMEM, "%s: out of memory", name);
		return NULL;
	}
	for (;;) {
		size_t got = fread(data + n, 1, cap - n, f);

		n += got;
		if (got == 0)
			break;
		if (n == cap) {
			char *bigger;

			if (cap >= BUNDLE_FILE_MAX) {
				error_set(err, ERROR_NOMEM, "%s: larger than %zu bytes",
					  name, (size_t)BUNDLE_FILE_MAX);
				free(data);
				return NULL;
			}
			cap *= 2;
			bigger = realloc(data, cap);
			if (bigger == NULL) {
				error_set(err, ERROR_NOMEM, "%s: out of memory", name);
				free(data);
				return NULL;
			}
			data = bigger;
		}
	}
	if (ferror(f)) {
		error_set(err, ERROR_IO, "%s: cannot read: %s", name, strerror(errno));
		free(data);
		return NULL;
	}
	*len = n;
	return data;
}

struct bundle *bundle_read_file(const char *path, struct error *err)
{
	const char *name = strcmp(path, "-") == 0 ? "<stdin>" : path;
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	struct bundle *b;
	size_t len = 0;
	char *text;

	if (f == NULL) {
		error_set(err, ERROR_IO, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	text = slurp(f, name, &len, err);
	if (f != stdin)
		fclose(f);
	if (text == NULL)
		return NULL;
	b = bundle_read_text(text, len, name, err);
	free(text);
	return b;
}
