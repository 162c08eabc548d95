/* bundle_write.c: struct bundle to JSON, fields in a fixed order so that
 * exports diff cleanly and a round trip reproduces them byte for byte. */
#include "bundle/bundle.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "domain/moment.h"
#include "domain/money.h"

static void put_str(json_t *obj, const char *name, const char *s)
{
	if (s != NULL)
		json_object_set_new(obj, name, json_string(s));
}

static void put_text(json_t *obj, const char *name, struct text t)
{
	json_t *v;

	if (t.ko == NULL && t.en == NULL)
		return;
	v = json_object();
	if (t.ko != NULL)
		json_object_set_new(v, "ko", json_string(t.ko));
	if (t.en != NULL)
		json_object_set_new(v, "en", json_string(t.en));
	json_object_set_new(obj, name, v);
}

static void put_sectors(json_t *obj, uint32_t sectors)
{
	json_t *v;

	if (sectors == 0)
		return;
	v = json_array();
	for (int s = 0; s < SECTOR_COUNT; s++)
		if (sectors & (1u << s))
			json_array_append_new(v, json_string(enum_code(&enum_sector, s)));
	json_object_set_new(obj, "sectors", v);
}

static void put_enum(json_t *obj, const char *name, const struct enum_table *t,
		     int value)
{
	json_object_set_new(obj, name, json_string(enum_code(t, value)));
}

static void put_moment(json_t *obj, const char *name, struct moment m,
		       const char *zone)
{
	char text[MOMENT_TEXT_MAX];

	if (m.precision == MOMENT_NONE)
		return;
	moment_format(m, zone, text);
	json_object_set_new(obj, name, json_string(text));
}

static void put_money(json_t *obj, const char *name, struct money m)
{
	json_t *x = json_object();
	char amount[64];

	money_format_plain(m, amount, sizeof amount);
	json_object_set_new(x, "amount", json_string(amount));
	json_object_set_new(x, "currency", json_string(m.currency));
	json_object_set_new(obj, name, x);
}

static const char *org_key(const struct bundle *b, int i)
{
	return i >= 0 ? b->orgs[i].key : NULL;
}

static const char *person_key(const struct bundle *b, int i)
{
	return i >= 0 ? b->people[i].key : NULL;
}

static json_t *write_org(const struct bundle *b, const struct org *o)
{
	json_t *v = json_object();

	put_str(v, "key", o->key);
	put_enum(v, "kind", &enum_org_kind, o->kind);
	put_text(v, "name", o->name);
	put_str(v, "country", o->country);
	put_text(v, "city", o->city);
	put_str(v, "parent", org_key(b, o->parent));
	put_sectors(v, o->sectors);
	if (o->n_products > 0) {
		json_t *list = json_array();

		for (size_t i = 0; i < o->n_products; i++) {
			json_t *p = json_object();

			put_text(p, "name", o->products[i].name);
			put_str(p, "hs_code", o->products[i].hs_code);
			json_array_append_new(list, p);
		}
		json_object_set_new(v, "products", list);
	}
	put_text(v, "description", o->description);
	put_str(v, "website", o->website);
	return v;
}

static json_t *write_person(const struct bundle *b, const struct person *p)
{
	json_t *v = json_object();

	put_str(v, "key", p->key);
	put_text(v, "name", p->name);
	put_text(v, "title", p->title);
	put_str(v, "organisation", org_key(b, p->org));
	put_str(v, "email", p->email);
	put_str(v, "phone", p->phone);
	return v;
}

static json_t *write_venue(const struct venue *x)
{
	json_t *v = json_object();

	put_str(v, "key", x->key);
	put_text(v, "name", x->name);
	put_text(v, "city", x->city);
	put_str(v, "country", x->country);
	put_str(v, "zone", x->zone);
	put_text(v, "address", x->address);
	return v;
}

static json_t *write_event(const struct bundle *b, const struct event *e)
{
	json_t *v = json_object();
	const char *implied = e->venue >= 0 && b->venues[e->venue].zone ?
		b->venues[e->venue].zone :
		e->stop >= 0 ? b->stops[e->stop].zone : NULL;

	put_str(v, "key", e->key);
	put_enum(v, "kind", &enum_event_kind, e->kind);
	put_text(v, "title", e->title);
	put_str(v, "stop", e->stop >= 0 ? b->stops[e->stop].key : NULL);
	put_str(v, "venue", e->venue >= 0 ? b->venues[e->venue].key : NULL);
	if (implied == NULL || strcmp(implied, e->zone) != 0)
		put_str(v, "zone", e->zone);
	put_moment(v, "start", e->start, e->zone);
	put_moment(v, "end", e->end, e->zone);
	put_sectors(v, e->sectors);
	if (e->n_participants > 0) {
		json_t *list = json_array();

		for (size_t i = 0; i < e->n_participants; i++) {
			const struct participant *p = &e->participants[i];
			json_t *x = json_object();

			put_str(x, "organisation", org_key(b, p->org));
			put_str(x, "person", person_key(b, p->person));
			put_enum(x, "role", &enum_participant_role, p->role);
			json_array_append_new(list, x);
		}
		json_object_set_new(v, "participants", list);
	}
	if (e->attendance.registered >= 0 || e->attendance.attended >= 0) {
		json_t *x = json_object();

		if (e->attendance.registered >= 0)
			json_object_set_new(x, "registered",
				json_integer(e->attendance.registered));
		if (e->attendance.attended >= 0)
			json_object_set_new(x, "attended",
				json_integer(e->attendance.attended));
		if (e->attendance.approximate)
			json_object_set_new(x, "approximate", json_true());
		json_object_set_new(v, "attendance", x);
	}
	put_text(v, "notes", e->notes);
	return v;
}

static json_t *write_pavilion(const struct bundle *b, const struct pavilion *p)
{
	json_t *v = json_object();
	json_t *list = json_array();

	put_str(v, "key", p->key);
	put_str(v, "event", p->event >= 0 ? b->events[p->event].key : NULL);
	put_text(v, "show", p->show);
	put_text(v, "name", p->name);
	put_str(v, "venue", p->venue >= 0 ? b->venues[p->venue].key : NULL);
	for (size_t i = 0; i < p->n_exhibitors; i++) {
		const struct exhibitor *x = &p->exhibitors[i];
		json_t *o = json_object();

		put_str(o, "organisation", org_key(b, x->org));
		put_text(o, "description", x->description);
		put_str(o, "booth", x->booth);
		put_text(o, "products", x->products);
		json_array_append_new(list, o);
	}
	json_object_set_new(v, "exhibitors", list);
	put_text(v, "notes", p->notes);
	return v;
}

static json_t *write_mission(const struct bundle *b)
{
	const struct mission *m = b->mission;
	json_t *v = json_object();
	json_t *list;

	put_str(v, "slug", m->slug);
	put_text(v, "title", m->title);
	put_str(v, "home_zone", m->home_zone);
	put_str(v, "home_organisation", org_key(b, m->home_org));
	put_text(v, "purpose", m->purpose);
	put_sectors(v, m->sectors);
	list = json_array();
	for (size_t i = 0; i < m->n_delegates; i++) {
		json_t *d = json_object();

		put_str(d, "person", person_key(b, m->delegates[i].person));
		put_enum(d, "role", &enum_delegate_role, m->delegates[i].role);
		json_array_append_new(list, d);
	}
	json_object_set_new(v, "delegation", list);
	list = json_array();
	for (size_t i = 0; i < b->n_stops; i++) {
		const struct stop *s = &b->stops[i];
		json_t *x = json_object();

		put_str(x, "key", s->key);
		put_text(x, "city", s->city);
		put_str(x, "country", s->country);
		put_str(x, "zone", s->zone);
		if (s->home)
			json_object_set_new(x, "home", json_true());
		put_moment(x, "arrive", s->arrive, s->zone);
		put_moment(x, "depart", s->depart, s->zone);
		json_array_append_new(list, x);
	}
	json_object_set_new(v, "stops", list);
	list = json_array();
	for (size_t i = 0; i < b->n_events; i++)
		json_array_append_new(list, write_event(b, &b->events[i]));
	json_object_set_new(v, "events", list);
	list = json_array();
	for (size_t i = 0; i < b->n_pavilions; i++)
		json_array_append_new(list, write_pavilion(b, &b->pavilions[i]));
	json_object_set_new(v, "pavilions", list);
	return v;
}

static json_t *write_realisations(const struct bundle *b,
				  const struct agreement *a)
{
	json_t *list = json_array();

	for (size_t i = 0; i < a->n_realisations; i++) {
		const struct realisation *r = &a->realisations[i];
		json_t *x = json_object();

		put_str(x, "on", r->on);
		put_money(x, "value", r->value);
		if (r->evidence_kind >= 0) {
			json_t *e = json_object();

			put_enum(e, "kind", &enum_evidence_kind, r->evidence_kind);
			put_str(e, "reference", r->evidence_reference);
			json_object_set_new(x, "evidence", e);
		}
		put_str(x, "verified_by", person_key(b, r->verified_by));
		put_str(x, "verified_at", r->verified_at);
		json_array_append_new(list, x);
	}
	return list;
}

static json_t *write_consultation(const struct bundle *b,
				  const struct consultation *c)
{
	json_t *v = json_object();

	put_str(v, "key", c->key);
	put_str(v, "event", b->events[c->event].key);
	put_str(v, "firm", org_key(b, c->firm));
	put_str(v, "buyer", org_key(b, c->buyer));
	put_str(v, "buyer_country", c->buyer_country);
	put_text(v, "products", c->products);
	put_str(v, "hs_code", c->hs_code);
	if (c->has_consulted)
		put_money(v, "consulted", c->consulted);
	if (c->has_expected)
		put_money(v, "expected", c->expected);
	if (c->likelihood >= 0)
		put_enum(v, "likelihood", &enum_likelihood, c->likelihood);
	put_text(v, "notes", c->notes);
	return v;
}

static json_t *write_claim(const struct claim *c)
{
	json_t *v = json_object(), *src = json_object();

	put_str(v, "key", c->key);
	put_enum(v, "tier", &enum_tier, c->tier);
	if (c->has_value)
		put_money(v, "value", c->value);
	if (c->firms >= 0)
		json_object_set_new(v, "firms", json_integer(c->firms));
	put_str(v, "stated_on", c->stated_on);
	put_text(src, "title", c->source_title);
	put_str(src, "url", c->source_url);
	json_object_set_new(v, "source", src);
	return v;
}

static json_t *write_agreement(const struct bundle *b, const struct agreement *a)
{
	json_t *v = json_object();
	json_t *list = json_array();

	put_str(v, "key", a->key);
	put_enum(v, "kind", &enum_agreement_kind, a->kind);
	put_text(v, "title", a->title);
	put_str(v, "event", a->event >= 0 ? b->events[a->event].key : NULL);
	if (a->event < 0)
		put_str(v, "signed_on", a->signed_on);
	put_enum(v, "home_role", &enum_home_role, a->home_role);
	for (size_t i = 0; i < a->n_parties; i++) {
		json_t *p = json_object();

		put_str(p, "organisation", org_key(b, a->parties[i].org));
		put_enum(p, "role", &enum_party_role, a->parties[i].role);
		json_array_append_new(list, p);
	}
	json_object_set_new(v, "parties", list);
	if (a->has_value)
		put_money(v, "value", a->value);
	put_enum(v, "status", &enum_agreement_status, a->status);
	put_str(v, "series", a->series >= 0 ? b->series[a->series].key : NULL);
	put_sectors(v, a->sectors);
	if (a->n_followups > 0) {
		json_t *fl = json_array();

		for (size_t i = 0; i < a->n_followups; i++) {
			const struct followup *f = &a->followups[i];
			json_t *x = json_object();

			put_text(x, "description", f->description);
			put_str(x, "due_on", f->due_on);
			put_str(x, "owner", person_key(b, f->owner));
			put_str(x, "done_on", f->done_on);
			json_array_append_new(fl, x);
		}
		json_object_set_new(v, "followups", fl);
	}
	put_text(v, "notes", a->notes);
	put_str(v, "consultation", agreement_consultation(b, a) ?
		agreement_consultation(b, a)->key : NULL);
	if (a->n_realisations > 0)
		json_object_set_new(v, "realisations", write_realisations(b, a));
	return v;
}

int bundle_write(const struct bundle *b, struct buf *out, struct error *err)
{
	json_t *root = json_object();
	json_t *list;
	char *text;

	json_object_set_new(root, "pavilion_bundle",
			    json_integer(BUNDLE_FORMAT_VERSION));
	list = json_array();
	for (size_t i = 0; i < b->n_orgs; i++)
		json_array_append_new(list, write_org(b, &b->orgs[i]));
	json_object_set_new(root, "organisations", list);
	list = json_array();
	for (size_t i = 0; i < b->n_people; i++)
		json_array_append_new(list, write_person(b, &b->people[i]));
	json_object_set_new(root, "people", list);
	list = json_array();
	for (size_t i = 0; i < b->n_venues; i++)
		json_array_append_new(list, write_venue(&b->venues[i]));
	json_object_set_new(root, "venues", list);
	list = json_array();
	for (size_t i = 0; i < b->n_series; i++) {
		json_t *s = json_object();

		put_str(s, "key", b->series[i].key);
		put_text(s, "name", b->series[i].name);
		json_array_append_new(list, s);
	}
	json_object_set_new(root, "series", list);
	if (b->mission != NULL)
		json_object_set_new(root, "mission", write_mission(b));
	/* Consultations and claims only when there are some, so bundles
	 * without them read as they always did. */
	if (b->n_consultations > 0) {
		list = json_array();
		for (size_t i = 0; i < b->n_consultations; i++)
			json_array_append_new(list, write_consultation(b,
						&b->consultations[i]));
		json_object_set_new(root, "consultations", list);
	}
	list = json_array();
	for (size_t i = 0; i < b->n_agreements; i++)
		json_array_append_new(list, write_agreement(b, &b->agreements[i]));
	json_object_set_new(root, "agreements", list);
	if (b->n_claims > 0) {
		list = json_array();
		for (size_t i = 0; i < b->n_claims; i++)
			json_array_append_new(list, write_claim(&b->claims[i]));
		json_object_set_new(root, "claims", list);
	}
	text = json_dumps(root, JSON_INDENT(2));
	json_decref(root);
	if (text == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory writing the bundle");
	buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
	if (out->failed)
		return error_set(err, ERROR_NOMEM, "the bundle is larger than allowed");
	return 0;
}
