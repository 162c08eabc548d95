/* sqlite_load.c: reading a mission, or an organisation, into a bundle.
 *
 * Each load states as common table expressions which agreements (ag),
 * people (pe) and organisations (og, closed over parents) it involves,
 * evaluates them once into temporary tables, then reads each table once,
 * ordered by id, and turns foreign keys into bundle indices by binary
 * search over those ids.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_followup.h"
#include "store/sqlite_internal.h"
#include "util/arena.h"
#include "util/buf.h"

struct loader {
	sqlite3 *db;
	struct bundle *b;
	struct error *err;
	int64_t key;          /* the mission's or organisation's id, as ?1 */
	bool bounded;         /* series held in part: count what is left out */
	const char *ctes;
	int64_t *org_ids, *person_ids, *venue_ids, *series_ids, *stop_ids,
		*event_ids, *agreement_ids, *consultation_ids;
};

static int index_of(const int64_t *ids, size_t n, sqlite3_stmt *st, int col)
{
	int64_t id;
	size_t lo = 0, hi = n;

	if (sqlite3_column_type(st, col) == SQLITE_NULL)
		return -1;
	id = sqlite3_column_int64(st, col);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ids[mid] < id)
			lo = mid + 1;
		else if (ids[mid] > id)
			hi = mid;
		else
			return (int)mid;
	}
	return -1;
}

static struct text col_text(sqlite3_stmt *st, int i, struct arena *a)
{
	struct text t = { sqlite_column_str(st, i, a),
			  sqlite_column_str(st, i + 1, a) };
	return t;
}

static struct moment col_moment(sqlite3_stmt *st, int i)
{
	struct moment m = { 0, MOMENT_NONE };

	if (sqlite3_column_type(st, i) != SQLITE_NULL) {
		m.utc = sqlite3_column_int64(st, i);
		m.precision = (enum moment_precision)sqlite3_column_int(st, i + 1);
	}
	return m;
}

static int64_t col_count(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? -1 :
		sqlite3_column_int64(st, i);
}

static int col_enum(sqlite3_stmt *st, int i, const struct enum_table *t)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	int v = s ? enum_parse(t, s) : -1;

	return v < 0 ? 0 : v;
}

/* Runs ctes + body with ?1 bound; calls row() per result.  Counts rows
 * first when count_out is given, so arrays can be sized exactly. */
typedef int (*row_fn)(struct loader *ld, sqlite3_stmt *st, size_t i);

static int query(struct loader *ld, const char *body, row_fn row)
{
	struct buf sql;
	sqlite3_stmt *st = NULL;
	size_t i = 0;
	int rc;

	buf_init(&sql, 0);
	buf_puts(&sql, ld->ctes ? ld->ctes : "");
	buf_puts(&sql, body);
	if (sql.failed || sqlite_prepare(ld->db, buf_str(&sql), &st, ld->err)) {
		buf_free(&sql);
		return -1;
	}
	buf_free(&sql);
	if (sqlite3_bind_parameter_count(st) >= 1)
		sqlite3_bind_int64(st, 1, ld->key);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* A failed arena left some array the row fills NULL. */
		if (arena_failed(ld->b->arena)) {
			sqlite3_finalize(st);
			return error_set(ld->err, ERROR_NOMEM, "out of memory");
		}
		if (row(ld, st, i++) != 0) {
			sqlite3_finalize(st);
			return -1;
		}
	}
	if (rc != SQLITE_DONE) {
		sqlite_fail(ld->db, ld->err, "load");
		sqlite3_finalize(st);
		return -1;
	}
	sqlite3_finalize(st);
	return arena_failed(ld->b->arena) ?
		error_set(ld->err, ERROR_NOMEM, "out of memory") : 0;
}

/* How many rows "SELECT count(*) " + from yields. */
static long count(struct loader *ld, const char *from)
{
	struct buf sql;
	sqlite3_stmt *st = NULL;
	long n = -1;

	buf_init(&sql, 0);
	buf_puts(&sql, ld->ctes ? ld->ctes : "");
	buf_puts(&sql, "SELECT count(*) ");
	buf_puts(&sql, from);
	if (!sql.failed && sqlite_prepare(ld->db, buf_str(&sql), &st, ld->err) == 0) {
		if (sqlite3_bind_parameter_count(st) >= 1)
			sqlite3_bind_int64(st, 1, ld->key);
		if (sqlite3_step(st) == SQLITE_ROW)
			n = (long)sqlite3_column_int64(st, 0);
		else
			sqlite_fail(ld->db, ld->err, "count");
	}
	sqlite3_finalize(st);
	buf_free(&sql);
	return n;
}

/* A child's index within its parent, from 0: positions order children
 * but keep gaps where one was deleted. */
#define ORDINAL(parent) \
	"row_number() OVER (PARTITION BY " parent " ORDER BY position) - 1"

/* Sizes an array for the rows of from; returns -1 on failure. */
#define SIZE_FOR(ld, ptr, ids, n, from) \
	(((n) = count((ld), (from))) < 0 ? -1 : \
	 ((ptr) = arena_array((ld)->b->arena, (size_t)(n) + 1, sizeof *(ptr)), \
	  (ids) = arena_array((ld)->b->arena, (size_t)(n) + 1, sizeof *(ids)), 0))

/* ---- registry ----------------------------------------------------- */

#define ORG_FROM "FROM organisation WHERE id IN temp.load_og"

static int org_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct org *o = &ld->b->orgs[i];
	struct arena *a = ld->b->arena;

	ld->org_ids[i] = sqlite3_column_int64(st, 0);
	o->id = ld->org_ids[i];
	o->key = sqlite_column_str(st, 1, a);
	o->kind = (enum org_kind)col_enum(st, 2, &enum_org_kind);
	o->name = col_text(st, 3, a);
	o->country = sqlite_column_str(st, 5, a);
	o->city = col_text(st, 6, a);
	o->parent = -1;
	o->sectors = (uint32_t)sqlite3_column_int64(st, 9);
	o->description = col_text(st, 10, a);
	o->website = sqlite_column_str(st, 12, a);
	ld->b->n_orgs = i + 1;
	return 0;
}

/* Second pass: parents, now that every id has an index. */
static int org_parent_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	ld->b->orgs[i].parent = index_of(ld->org_ids, ld->b->n_orgs, st, 8);
	return 0;
}

static int product_count_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	int o = index_of(ld->org_ids, ld->b->n_orgs, st, 0);

	(void)i;
	if (o >= 0)
		ld->b->orgs[o].n_products = (size_t)sqlite3_column_int64(st, 1);
	return 0;
}

static int product_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	int o = index_of(ld->org_ids, ld->b->n_orgs, st, 0);
	struct org *org;
	size_t k = (size_t)sqlite3_column_int64(st, 1);

	(void)i;
	if (o < 0)
		return 0;
	org = &ld->b->orgs[o];
	if (org->products == NULL)
		org->products = arena_array(ld->b->arena, org->n_products + 1,
					    sizeof *org->products);
	if (org->products == NULL)
		return error_set(ld->err, ERROR_NOMEM, "out of memory");
	if (k >= org->n_products)
		return error_set(ld->err, ERROR_STORE, "database: product positions of organisation %lld are not dense",
				 (long long)org->id);
	org->products[k].name = col_text(st, 2, ld->b->arena);
	org->products[k].hs_code = sqlite_column_str(st, 4, ld->b->arena);
	return 0;
}

static int person_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct person *p = &ld->b->people[i];
	struct arena *a = ld->b->arena;

	ld->person_ids[i] = sqlite3_column_int64(st, 0);
	p->id = ld->person_ids[i];
	p->key = sqlite_column_str(st, 1, a);
	p->name = col_text(st, 2, a);
	p->title = col_text(st, 4, a);
	p->org = index_of(ld->org_ids, ld->b->n_orgs, st, 6);
	p->email = sqlite_column_str(st, 7, a);
	p->phone = sqlite_column_str(st, 8, a);
	ld->b->n_people = i + 1;
	return 0;
}

static int series_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct series *s = &ld->b->series[i];

	ld->series_ids[i] = sqlite3_column_int64(st, 0);
	s->id = ld->series_ids[i];
	s->key = sqlite_column_str(st, 1, ld->b->arena);
	s->name = col_text(st, 2, ld->b->arena);
	s->total = sqlite3_column_int(st, 4);
	s->earlier = sqlite3_column_int(st, 5);
	ld->b->n_series = i + 1;
	return 0;
}

static int agreement_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct agreement *g = &ld->b->agreements[i];
	struct arena *a = ld->b->arena;

	ld->agreement_ids[i] = sqlite3_column_int64(st, 0);
	g->id = ld->agreement_ids[i];
	g->key = sqlite_column_str(st, 1, a);
	g->kind = (enum agreement_kind)col_enum(st, 2, &enum_agreement_kind);
	g->title = col_text(st, 3, a);
	g->in_mission = ld->b->mission != NULL &&
		sqlite3_column_type(st, 5) != SQLITE_NULL &&
		sqlite3_column_int64(st, 5) == ld->b->mission->id;
	g->event = g->in_mission ?
		index_of(ld->event_ids, ld->b->n_events, st, 6) : -1;
	g->signed_on = sqlite_column_str(st, 7, a);
	g->home_role = (enum home_role)col_enum(st, 8, &enum_home_role);
	if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
		const char *cur = (const char *)sqlite3_column_text(st, 10);

		g->has_value = true;
		g->value.minor = sqlite3_column_int64(st, 9);
		if (cur != NULL)
			memcpy(g->value.currency, cur, 3);
	}
	g->status = (enum agreement_status)col_enum(st, 11, &enum_agreement_status);
	g->series = index_of(ld->series_ids, ld->b->n_series, st, 12);
	g->sectors = (uint32_t)sqlite3_column_int64(st, 13);
	g->notes = col_text(st, 14, a);
	g->n_parties = (size_t)sqlite3_column_int64(st, 16);
	g->n_followups = (size_t)sqlite3_column_int64(st, 17);
	g->parties = arena_array(a, g->n_parties + 1, sizeof *g->parties);
	g->followups = arena_array(a, g->n_followups + 1, sizeof *g->followups);
	g->n_realisations = (size_t)sqlite3_column_int64(st, 18);
	g->realisations = arena_array(a, g->n_realisations + 1,
				      sizeof *g->realisations);
	g->consultation = index_of(ld->consultation_ids, ld->b->n_consultations,
				   st, 19);
	ld->b->n_agreements = i + 1;
	return 0;
}

/* Finds the agreement of column 0 and checks the position in column 1. */
static struct agreement *agreement_at(struct loader *ld, sqlite3_stmt *st,
				      size_t (*limit)(const struct agreement *),
				      size_t *pos)
{
	int i = index_of(ld->agreement_ids, ld->b->n_agreements, st, 0);

	*pos = (size_t)sqlite3_column_int64(st, 1);
	if (i < 0 || *pos >= limit(&ld->b->agreements[i])) {
		error_set(ld->err, ERROR_STORE,
			  "database: positions under agreement %lld are not dense",
			  (long long)sqlite3_column_int64(st, 0));
		return NULL;
	}
	return &ld->b->agreements[i];
}

static size_t parties_of(const struct agreement *a) { return a->n_parties; }
static size_t followups_of(const struct agreement *a) { return a->n_followups; }
static size_t realisations_of(const struct agreement *a)
{
	return a->n_realisations;
}

static bool money_col(sqlite3_stmt *st, int i, struct money *out)
{
	const unsigned char *cur = sqlite3_column_text(st, i + 1);

	if (sqlite3_column_type(st, i) == SQLITE_NULL || cur == NULL)
		return false;
	out->minor = sqlite3_column_int64(st, i);
	snprintf(out->currency, sizeof out->currency, "%s", (const char *)cur);
	return true;
}

static int code_col(sqlite3_stmt *st, int i, const struct enum_table *t)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s ? enum_parse(t, s) : -1;
}

/* Column 1 is the realisation's rank within its agreement by date. */
static int realisation_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	size_t k;
	struct agreement *a = agreement_at(ld, st, realisations_of, &k);
	struct realisation *r;

	(void)i;
	if (a == NULL)
		return -1;
	r = &a->realisations[k];
	r->id = sqlite3_column_int64(st, 2);
	r->on = sqlite_column_str(st, 3, ld->b->arena);
	money_col(st, 4, &r->value);
	r->evidence_kind = code_col(st, 6, &enum_evidence_kind);
	r->evidence_reference = sqlite_column_str(st, 7, ld->b->arena);
	r->verified_by = index_of(ld->person_ids, ld->b->n_people, st, 8);
	r->verified_at = sqlite_column_str(st, 9, ld->b->arena);
	return 0;
}

static int consultation_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct consultation *c = &ld->b->consultations[i];
	struct arena *a = ld->b->arena;

	ld->consultation_ids[i] = sqlite3_column_int64(st, 0);
	c->id = ld->consultation_ids[i];
	c->key = sqlite_column_str(st, 1, a);
	c->event = index_of(ld->event_ids, ld->b->n_events, st, 2);
	c->firm = index_of(ld->org_ids, ld->b->n_orgs, st, 3);
	c->buyer = index_of(ld->org_ids, ld->b->n_orgs, st, 4);
	c->buyer_country = sqlite_column_str(st, 5, a);
	c->products = col_text(st, 6, a);
	c->hs_code = sqlite_column_str(st, 8, a);
	c->has_consulted = money_col(st, 9, &c->consulted);
	c->has_expected = money_col(st, 11, &c->expected);
	c->likelihood = code_col(st, 13, &enum_likelihood);
	c->notes = col_text(st, 14, a);
	ld->b->n_consultations = i + 1;
	return 0;
}

static int claim_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct claim *c = &ld->b->claims[i];
	struct arena *a = ld->b->arena;
	int tier = code_col(st, 2, &enum_tier);

	c->id = sqlite3_column_int64(st, 0);
	c->key = sqlite_column_str(st, 1, a);
	c->tier = (enum tier)(tier < 0 ? 0 : tier);
	c->has_value = money_col(st, 3, &c->value);
	c->firms = col_count(st, 5);
	c->stated_on = sqlite_column_str(st, 6, a);
	c->source_title = col_text(st, 7, a);
	c->source_url = sqlite_column_str(st, 9, a);
	ld->b->n_claims = i + 1;
	return 0;
}

static int party_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	size_t k;
	struct agreement *a = agreement_at(ld, st, parties_of, &k);

	(void)i;
	if (a == NULL)
		return -1;
	a->parties[k].org = index_of(ld->org_ids, ld->b->n_orgs, st, 2);
	a->parties[k].role = (enum party_role)col_enum(st, 3, &enum_party_role);
	return 0;
}

static int followup_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	size_t k;
	struct agreement *a = agreement_at(ld, st, followups_of, &k);
	struct followup *f;

	(void)i;
	if (a == NULL)
		return -1;
	f = &a->followups[k];
	f->description = col_text(st, 2, ld->b->arena);
	f->due_on = sqlite_column_str(st, 4, ld->b->arena);
	f->owner = index_of(ld->person_ids, ld->b->n_people, st, 5);
	f->done_on = sqlite_column_str(st, 6, ld->b->arena);
	return 0;
}

/* A mission's series with how many placed (not cancelled) agreements the
 * series has, and how many of them come before the first one loaded:
 * the loaded ones of a series are consecutive in its order (see
 * mission_ctes), so positions count on from there. */
#define SERIES_BOUNDED \
	"SELECT s.id, s.key, s.name_ko, s.name_en," \
	" (SELECT count(*) FROM agreement x WHERE x.series_id = s.id" \
	"  AND x.status != 'cancelled')," \
	" (SELECT count(*) FROM agreement x WHERE x.series_id = s.id" \
	"  AND x.status != 'cancelled' AND x.id NOT IN temp.load_ag" \
	"  AND (x.signed_on, x.id) < (SELECT y.signed_on, y.id FROM agreement y" \
	"   WHERE y.series_id = s.id AND y.id IN temp.load_ag" \
	"   AND y.status != 'cancelled' ORDER BY y.signed_on, y.id LIMIT 1))" \
	" FROM series s WHERE s.id IN" \
	" (SELECT series_id FROM agreement WHERE id IN temp.load_ag) ORDER BY s.id"

/* Organisations, people and series of the ctes; then, once the mission's
 * events are known (their indices are needed), the agreements. */
static int load_registry(struct loader *ld)
{
	struct bundle *b = ld->b;
	long n;

	if (SIZE_FOR(ld, b->orgs, ld->org_ids, n, ORG_FROM) ||
	    query(ld, "SELECT id, key, kind, name_ko, name_en, country, city_ko,"
		  " city_en, parent_id, sectors, description_ko, description_en,"
		  " website " ORG_FROM " ORDER BY id", org_row) ||
	    query(ld, "SELECT id, key, kind, name_ko, name_en, country, city_ko,"
		  " city_en, parent_id " ORG_FROM " ORDER BY id", org_parent_row) ||
	    query(ld, "SELECT organisation_id, count(*) FROM product WHERE"
		  " organisation_id IN temp.load_og GROUP BY organisation_id",
		  product_count_row) ||
	    query(ld, "SELECT organisation_id, position, name_ko, name_en, hs_code"
		  " FROM product WHERE organisation_id IN temp.load_og"
		  " ORDER BY organisation_id, position", product_row))
		return -1;
	if (SIZE_FOR(ld, b->people, ld->person_ids, n,
		     "FROM person WHERE id IN temp.load_pe") ||
	    query(ld, "SELECT id, key, name_ko, name_en, title_ko, title_en,"
		  " organisation_id, email, phone FROM person"
		  " WHERE id IN temp.load_pe ORDER BY id", person_row))
		return -1;
	if (SIZE_FOR(ld, b->series, ld->series_ids, n,
		     "FROM series WHERE id IN (SELECT series_id FROM agreement"
		     " WHERE id IN temp.load_ag)") ||
	    query(ld, ld->bounded ? SERIES_BOUNDED :
		  "SELECT id, key, name_ko, name_en, 0, 0 FROM series WHERE id IN"
		  " (SELECT series_id FROM agreement WHERE id IN temp.load_ag)"
		  " ORDER BY id", series_row))
		return -1;
	return 0;
}

static int load_agreements(struct loader *ld)
{
	struct bundle *b = ld->b;
	long n;

	return SIZE_FOR(ld, b->agreements, ld->agreement_ids, n,
			"FROM agreement WHERE id IN temp.load_ag") ||
	       query(ld, "SELECT a.id, a.key, a.kind, a.title_ko, a.title_en,"
		     " a.mission_id, a.event_id, a.signed_on, a.home_role,"
		     " a.value_minor, a.currency, a.status, a.series_id, a.sectors,"
		     " a.notes_ko, a.notes_en,"
		     " (SELECT count(*) FROM agreement_party p WHERE p.agreement_id = a.id),"
		     " (SELECT count(*) FROM followup f WHERE f.agreement_id = a.id),"
		     " (SELECT count(*) FROM realisation r WHERE r.agreement_id = a.id),"
		     " a.consultation_id"
		     " FROM agreement a WHERE a.id IN temp.load_ag ORDER BY a.id",
		     agreement_row) ||
	       query(ld, "SELECT agreement_id, row_number() OVER (PARTITION BY"
		     " agreement_id ORDER BY on_date, id) - 1, id, on_date,"
		     " value_minor, value_currency, evidence_kind, evidence_reference,"
		     " verified_by, verified_at FROM realisation"
		     " WHERE agreement_id IN temp.load_ag", realisation_row) ||
	       query(ld, "SELECT agreement_id, " ORDINAL("agreement_id") ","
		     " organisation_id, role"
		     " FROM agreement_party WHERE agreement_id IN temp.load_ag"
		     " ORDER BY agreement_id, position", party_row) ||
	       query(ld, "SELECT agreement_id, " ORDINAL("agreement_id") ","
		     " description_ko, description_en, due_on, owner_person_id,"
		     " done_on FROM followup WHERE agreement_id IN temp.load_ag"
		     " ORDER BY agreement_id, position", followup_row) ? -1 : 0;
}

/* ---- the mission -------------------------------------------------- */

static int mission_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct mission *m = ld->b->mission;
	struct arena *a = ld->b->arena;

	(void)i;
	m->id = sqlite3_column_int64(st, 0);
	m->slug = sqlite_column_str(st, 1, a);
	m->title = col_text(st, 2, a);
	m->home_zone = sqlite_column_str(st, 4, a);
	m->home_org = index_of(ld->org_ids, ld->b->n_orgs, st, 5);
	m->purpose = col_text(st, 6, a);
	m->sectors = (uint32_t)sqlite3_column_int64(st, 8);
	return 0;
}

static int delegate_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct mission *m = ld->b->mission;

	m->delegates[i].person = index_of(ld->person_ids, ld->b->n_people, st, 0);
	m->delegates[i].role = (enum delegate_role)col_enum(st, 1,
							    &enum_delegate_role);
	m->n_delegates = i + 1;
	return 0;
}

static int venue_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct venue *v = &ld->b->venues[i];
	struct arena *a = ld->b->arena;

	ld->venue_ids[i] = sqlite3_column_int64(st, 0);
	v->id = ld->venue_ids[i];
	v->key = sqlite_column_str(st, 1, a);
	v->name = col_text(st, 2, a);
	v->city = col_text(st, 4, a);
	v->country = sqlite_column_str(st, 6, a);
	v->zone = sqlite_column_str(st, 7, a);
	v->address = col_text(st, 8, a);
	ld->b->n_venues = i + 1;
	return 0;
}

static int stop_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct stop *s = &ld->b->stops[i];
	struct arena *a = ld->b->arena;

	ld->stop_ids[i] = sqlite3_column_int64(st, 0);
	s->id = ld->stop_ids[i];
	s->key = sqlite_column_str(st, 1, a);
	s->city = col_text(st, 2, a);
	s->country = sqlite_column_str(st, 4, a);
	s->zone = sqlite_column_str(st, 5, a);
	s->home = sqlite3_column_int(st, 6) != 0;
	s->arrive = col_moment(st, 7);
	s->depart = col_moment(st, 9);
	ld->b->n_stops = i + 1;
	return 0;
}

static int event_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct event *e = &ld->b->events[i];
	struct arena *a = ld->b->arena;

	ld->event_ids[i] = sqlite3_column_int64(st, 0);
	e->id = ld->event_ids[i];
	e->key = sqlite_column_str(st, 1, a);
	e->kind = (enum event_kind)col_enum(st, 2, &enum_event_kind);
	e->title = col_text(st, 3, a);
	e->stop = index_of(ld->stop_ids, ld->b->n_stops, st, 5);
	e->venue = index_of(ld->venue_ids, ld->b->n_venues, st, 6);
	e->zone = sqlite_column_str(st, 7, a);
	e->start = col_moment(st, 8);
	e->end = col_moment(st, 10);
	e->sectors = (uint32_t)sqlite3_column_int64(st, 12);
	e->attendance.registered = col_count(st, 13);
	e->attendance.attended = col_count(st, 14);
	e->attendance.approximate = sqlite3_column_int(st, 15) != 0;
	e->notes = col_text(st, 16, a);
	e->n_participants = (size_t)sqlite3_column_int64(st, 18);
	e->participants = arena_array(a, e->n_participants + 1,
				      sizeof *e->participants);
	ld->b->n_events = i + 1;
	return 0;
}

static int participant_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	int e = index_of(ld->event_ids, ld->b->n_events, st, 0);
	size_t k = (size_t)sqlite3_column_int64(st, 1);
	struct participant *p;

	(void)i;
	if (e < 0 || k >= ld->b->events[e].n_participants)
		return error_set(ld->err, ERROR_STORE,
				 "database: participant positions are not dense");
	p = &ld->b->events[e].participants[k];
	p->org = index_of(ld->org_ids, ld->b->n_orgs, st, 2);
	p->person = index_of(ld->person_ids, ld->b->n_people, st, 3);
	p->role = (enum participant_role)col_enum(st, 4, &enum_participant_role);
	return 0;
}

static int pavilion_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	struct pavilion *p = &ld->b->pavilions[i];
	struct arena *a = ld->b->arena;

	p->id = sqlite3_column_int64(st, 0);
	p->key = sqlite_column_str(st, 1, a);
	p->event = index_of(ld->event_ids, ld->b->n_events, st, 2);
	p->show = col_text(st, 3, a);
	p->name = col_text(st, 5, a);
	p->venue = index_of(ld->venue_ids, ld->b->n_venues, st, 7);
	p->notes = col_text(st, 8, a);
	p->n_exhibitors = (size_t)sqlite3_column_int64(st, 10);
	p->exhibitors = arena_array(a, p->n_exhibitors + 1, sizeof *p->exhibitors);
	ld->b->n_pavilions = i + 1;
	return 0;
}

static int exhibitor_row(struct loader *ld, sqlite3_stmt *st, size_t i)
{
	size_t k = (size_t)sqlite3_column_int64(st, 1);
	int64_t pid = sqlite3_column_int64(st, 0);
	struct pavilion *p = NULL;
	struct exhibitor *x;
	struct arena *a = ld->b->arena;

	(void)i;
	for (size_t j = 0; j < ld->b->n_pavilions && p == NULL; j++)
		if (ld->b->pavilions[j].id == pid)
			p = &ld->b->pavilions[j];
	if (p == NULL || k >= p->n_exhibitors)
		return error_set(ld->err, ERROR_STORE,
				 "database: exhibitor positions are not dense");
	x = &p->exhibitors[k];
	x->org = index_of(ld->org_ids, ld->b->n_orgs, st, 2);
	x->description = col_text(st, 3, a);
	x->booth = sqlite_column_str(st, 5, a);
	x->products = col_text(st, 6, a);
	return 0;
}

/* A mission's agreements, and of each series they are in only the
 * context a report shows: the agreements signed within the mission's
 * span of that series (others' signed the same days included) and the
 * few placed just before it, never the series' whole history. */
#define SERIES_NEIGHBOURS "3"

static const char mission_ctes[] =
	"WITH RECURSIVE"
	" span(series_id, lo, hi) AS (SELECT series_id, min(signed_on),"
	"  max(signed_on) FROM agreement WHERE mission_id = ?1"
	"  AND series_id IS NOT NULL GROUP BY series_id),"
	" ag(id) AS (SELECT id FROM agreement WHERE mission_id = ?1"
	"  UNION SELECT a.id FROM agreement a JOIN span"
	"   ON a.series_id = span.series_id"
	"   AND a.signed_on BETWEEN span.lo AND span.hi"
	"  UNION SELECT b.id FROM span JOIN agreement b ON b.id IN"
	"   (SELECT c.id FROM agreement c WHERE c.series_id = span.series_id"
	"    AND c.signed_on < span.lo AND c.status != 'cancelled'"
	"    ORDER BY c.signed_on DESC, c.id DESC LIMIT " SERIES_NEIGHBOURS ")"
	"  UNION SELECT a.id FROM agreement a JOIN consultation c"
	"   ON c.id = a.consultation_id JOIN event e ON e.id = c.event_id"
	"   WHERE e.mission_id = ?1),"
	" pe(id) AS (SELECT person_id FROM delegate WHERE mission_id = ?1"
	"  UNION SELECT p.person_id FROM participant p JOIN event e"
	"   ON e.id = p.event_id WHERE e.mission_id = ?1"
	"  UNION SELECT owner_person_id FROM followup"
	"   WHERE agreement_id IN (SELECT id FROM ag)"
	"  UNION SELECT verified_by FROM realisation"
	"   WHERE agreement_id IN (SELECT id FROM ag)),"
	" og(id) AS (SELECT home_organisation_id FROM mission WHERE id = ?1"
	"  UNION SELECT p.organisation_id FROM participant p JOIN event e"
	"   ON e.id = p.event_id WHERE e.mission_id = ?1"
	"  UNION SELECT x.organisation_id FROM exhibitor x JOIN pavilion v"
	"   ON v.id = x.pavilion_id WHERE v.mission_id = ?1"
	"  UNION SELECT c.firm_id FROM consultation c JOIN event e"
	"   ON e.id = c.event_id WHERE e.mission_id = ?1"
	"  UNION SELECT c.buyer_id FROM consultation c JOIN event e"
	"   ON e.id = c.event_id WHERE e.mission_id = ?1"
	"  UNION SELECT organisation_id FROM agreement_party"
	"   WHERE agreement_id IN (SELECT id FROM ag)"
	"  UNION SELECT organisation_id FROM person WHERE id IN (SELECT id FROM pe)"
	"  UNION SELECT o.parent_id FROM organisation o JOIN og ON o.id = og.id) ";

static int load_mission_parts(struct loader *ld)
{
	struct bundle *b = ld->b;
	struct mission *m = b->mission;
	long n;

	if (query(ld, "SELECT id, slug, title_ko, title_en, home_zone,"
		  " home_organisation_id, purpose_ko, purpose_en, sectors"
		  " FROM mission WHERE id = ?1", mission_row))
		return -1;
	n = count(ld, "FROM delegate WHERE mission_id = ?1");
	if (n < 0)
		return -1;
	m->delegates = arena_array(b->arena, (size_t)n + 1, sizeof *m->delegates);
	if (query(ld, "SELECT person_id, role FROM delegate WHERE mission_id = ?1"
		  " ORDER BY position", delegate_row))
		return -1;
	if (SIZE_FOR(ld, b->venues, ld->venue_ids, n,
		     "FROM venue WHERE id IN (SELECT venue_id FROM event WHERE"
		     " mission_id = ?1 UNION SELECT venue_id FROM pavilion WHERE"
		     " mission_id = ?1)") ||
	    query(ld, "SELECT id, key, name_ko, name_en, city_ko, city_en, country,"
		  " zone, address_ko, address_en FROM venue WHERE id IN"
		  " (SELECT venue_id FROM event WHERE mission_id = ?1 UNION"
		  " SELECT venue_id FROM pavilion WHERE mission_id = ?1) ORDER BY id",
		  venue_row))
		return -1;
	if (SIZE_FOR(ld, b->stops, ld->stop_ids, n,
		     "FROM stop WHERE mission_id = ?1") ||
	    query(ld, "SELECT id, key, city_ko, city_en, country, zone, home,"
		  " arrive_utc, arrive_precision, depart_utc, depart_precision"
		  " FROM stop WHERE mission_id = ?1 ORDER BY id", stop_row))
		return -1;
	if (SIZE_FOR(ld, b->events, ld->event_ids, n,
		     "FROM event WHERE mission_id = ?1") ||
	    query(ld, "SELECT e.id, e.key, e.kind, e.title_ko, e.title_en,"
		  " e.stop_id, e.venue_id, e.zone, e.start_utc, e.start_precision,"
		  " e.end_utc, e.end_precision, e.sectors, e.registered, e.attended,"
		  " e.attendance_approximate, e.notes_ko, e.notes_en,"
		  " (SELECT count(*) FROM participant p WHERE p.event_id = e.id)"
		  " FROM event e WHERE e.mission_id = ?1 ORDER BY e.id", event_row) ||
	    query(ld, "SELECT p.event_id, " ORDINAL("p.event_id") ","
		  " p.organisation_id, p.person_id, p.role FROM participant p JOIN event e"
		  " ON e.id = p.event_id WHERE e.mission_id = ?1"
		  " ORDER BY p.event_id, p.position", participant_row))
		return -1;
	n = count(ld, "FROM pavilion WHERE mission_id = ?1");
	if (n < 0)
		return -1;
	b->pavilions = arena_array(b->arena, (size_t)n + 1, sizeof *b->pavilions);
	if (SIZE_FOR(ld, b->consultations, ld->consultation_ids, n,
		     "FROM consultation c JOIN event e ON e.id = c.event_id"
		     " WHERE e.mission_id = ?1") ||
	    query(ld, "SELECT c.id, c.key, c.event_id, c.firm_id, c.buyer_id,"
		  " c.buyer_country, c.products_ko, c.products_en, c.hs_code,"
		  " c.consulted_minor, c.consulted_currency, c.expected_minor,"
		  " c.expected_currency, c.likelihood, c.notes_ko, c.notes_en"
		  " FROM consultation c JOIN event e ON e.id = c.event_id"
		  " WHERE e.mission_id = ?1 ORDER BY c.id", consultation_row))
		return -1;
	n = count(ld, "FROM claim WHERE mission_id = ?1");
	if (n < 0)
		return -1;
	b->claims = arena_array(b->arena, (size_t)n + 1, sizeof *b->claims);
	if (query(ld, "SELECT id, key, tier, value_minor, value_currency, firms,"
		  " stated_on, source_title_ko, source_title_en, source_url"
		  " FROM claim WHERE mission_id = ?1 ORDER BY id", claim_row) ||
	    sqlite_chain_head(ld->db, &b->chain, ld->err))
		return -1;
	return query(ld, "SELECT v.id, v.key, v.event_id, v.show_ko, v.show_en,"
		     " v.name_ko, v.name_en, v.venue_id, v.notes_ko, v.notes_en,"
		     " (SELECT count(*) FROM exhibitor x WHERE x.pavilion_id = v.id)"
		     " FROM pavilion v WHERE v.mission_id = ?1 ORDER BY v.id",
		     pavilion_row) ||
	       query(ld, "SELECT x.pavilion_id, " ORDINAL("x.pavilion_id") ","
		     " x.organisation_id,"
		     " x.description_ko, x.description_en, x.booth, x.products_ko,"
		     " x.products_en FROM exhibitor x JOIN pavilion v"
		     " ON v.id = x.pavilion_id WHERE v.mission_id = ?1"
		     " ORDER BY x.pavilion_id, x.position", exhibitor_row) ? -1 : 0;
}

/* Resolves a slug or key, else an all-digit id, into a row id of table
 * (whose text column is column); ERROR_NOT_FOUND when there is none. */
static int find_id(sqlite3 *db, const char *table, const char *column,
		   const char *id_or_key, const char *what, int64_t *out,
		   struct error *err)
{
	char sql[256];
	sqlite3_stmt *st;
	int rc;

	for (int by_id = 0; by_id < 2; by_id++) {
		if (by_id && (id_or_key[0] == '\0' ||
			      strspn(id_or_key, "0123456789") != strlen(id_or_key)))
			break;
		snprintf(sql, sizeof sql, "SELECT id FROM %s WHERE %s = ?1", table,
			 by_id ? "id" : column);
		if (sqlite_prepare(db, sql, &st, err))
			return -1;
		if (by_id)
			sqlite3_bind_int64(st, 1, strtoll(id_or_key, NULL, 10));
		else
			sqlite3_bind_text(st, 1, id_or_key, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			*out = sqlite3_column_int64(st, 0);
		sqlite3_finalize(st);
		if (rc == SQLITE_ROW)
			return 0;
		if (rc != SQLITE_DONE)
			return sqlite_fail(db, err, what);
	}
	return error_set(err, ERROR_NOT_FOUND, "no %s \"%s\"", what, id_or_key);
}

/* Evaluates the ctes once into this connection's temporary tables
 * load_ag, load_pe and load_og, which every later query reads. */
static int materialise(struct loader *ld)
{
	static const char *const sets[] = { "ag", "pe", "og" };
	char body[128];
	int rc = 0;

	rc = sqlite_exec(ld->db,
		"CREATE TEMP TABLE IF NOT EXISTS load_ag (id INTEGER PRIMARY KEY);"
		"CREATE TEMP TABLE IF NOT EXISTS load_pe (id INTEGER PRIMARY KEY);"
		"CREATE TEMP TABLE IF NOT EXISTS load_og (id INTEGER PRIMARY KEY);"
		"DELETE FROM temp.load_ag; DELETE FROM temp.load_pe;"
		"DELETE FROM temp.load_og;", ld->err);
	for (size_t i = 0; rc == 0 && i < sizeof sets / sizeof sets[0]; i++) {
		struct buf sql;
		sqlite3_stmt *st;

		snprintf(body, sizeof body,
			 "INSERT OR IGNORE INTO temp.load_%s SELECT id FROM %s"
			 " WHERE id IS NOT NULL", sets[i], sets[i]);
		buf_init(&sql, 0);
		buf_puts(&sql, ld->ctes);
		buf_puts(&sql, body);
		rc = sqlite_prepare(ld->db, buf_str(&sql), &st, ld->err);
		buf_free(&sql);
		if (rc != 0)
			break;
		sqlite3_bind_int64(st, 1, ld->key);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = sqlite_fail(ld->db, ld->err, "load");
		sqlite3_finalize(st);
	}
	ld->ctes = NULL;
	return rc;
}

/* Reads under one read transaction so the parts agree with each other. */
static int load(struct sqlite_store *ss, struct loader *ld, bool mission)
{
	int rc;

	if (sqlite_exec(ss->db, "BEGIN", ld->err))
		return -1;
	if (materialise(ld)) {
		sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	if (mission) {
		ld->b->mission = arena_alloc(ld->b->arena, sizeof *ld->b->mission);
		if (ld->b->mission == NULL) {
			sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
			return error_set(ld->err, ERROR_NOMEM, "out of memory");
		}
		ld->b->mission->id = ld->key;
	}
	rc = load_registry(ld) || (mission && load_mission_parts(ld)) ||
	     load_agreements(ld) ? -1 : 0;
	sqlite3_exec(ss->db, "COMMIT", NULL, NULL, NULL);
	return rc;
}

int sqlite_load_mission(struct store *s, const char *id_or_slug,
			struct bundle **out, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct loader ld = { .db = ss->db, .err = err, .ctes = mission_ctes,
			      .bounded = true };

	*out = NULL;
	if (find_id(ss->db, "mission", "slug", id_or_slug, "mission", &ld.key,
		    err))
		return err ? (int)err->code : ERROR_NOT_FOUND;
	if ((ld.b = bundle_new()) == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (load(ss, &ld, true) ||
	    sqlite_survey_status(s, ld.key, &ld.b->surveys, err)) {
		bundle_free(ld.b);
		return err ? (int)err->code : ERROR_STORE;
	}
	*out = ld.b;
	return 0;
}

static const char organisation_ctes[] =
	"WITH RECURSIVE"
	" ag(id) AS (SELECT agreement_id FROM agreement_party"
	"  WHERE organisation_id = ?1),"
	" pe(id) AS (SELECT id FROM person WHERE organisation_id = ?1"
	"  UNION SELECT owner_person_id FROM followup"
	"   WHERE agreement_id IN (SELECT id FROM ag)),"
	" og(id) AS (SELECT ?1"
	"  UNION SELECT id FROM organisation WHERE parent_id = ?1"
	"  UNION SELECT organisation_id FROM agreement_party"
	"   WHERE agreement_id IN (SELECT id FROM ag)"
	"  UNION SELECT organisation_id FROM person WHERE id IN (SELECT id FROM pe)"
	"  UNION SELECT o.parent_id FROM organisation o JOIN og ON o.id = og.id) ";

int sqlite_load_organisation(struct store *s, const char *id_or_key,
			     struct bundle **out, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct loader ld = { .db = ss->db, .err = err, .ctes = organisation_ctes };

	*out = NULL;
	if (find_id(ss->db, "organisation", "key", id_or_key, "organisation",
		    &ld.key, err))
		return err ? (int)err->code : ERROR_NOT_FOUND;
	if ((ld.b = bundle_new()) == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (load(ss, &ld, false)) {
		bundle_free(ld.b);
		return err ? (int)err->code : ERROR_STORE;
	}
	*out = ld.b;
	return 0;
}
