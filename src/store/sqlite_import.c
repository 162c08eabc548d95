/* sqlite_import.c: writing a bundle in one transaction.
 *
 * Registry records (organisations, people, venues, series) are matched by
 * key: new ones are inserted, existing ones take the bundle's values.  A
 * mission is inserted whole; one of the same slug is a conflict unless
 * STORE_IMPORT_REPLACE, which deletes it first.  Agreements signed at the
 * mission belong to it; others in the bundle (earlier agreements of a
 * series) are matched by key, and one that another mission owns is left
 * as that mission recorded it.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "store/sqlite_internal.h"
#include "util/arena.h"

/* Page cache of an import, in KiB (as PRAGMA cache_size takes it). */
#define IMPORT_CACHE_KIB "65536"

struct importer {
	sqlite3 *db;
	const struct bundle *b;
	struct error *err;
	int64_t rows;
	int64_t mission_id;
	int64_t *org_parents;  /* stored parent ids (-1: none) */
	int64_t *org_ids, *person_ids, *venue_ids, *series_ids, *stop_ids,
		*event_ids, *consultation_ids;
	sqlite3_stmt *st;   /* the statement being run, for one cleanup */
};

/* Steps st once and resets it; SQLITE_ROW and SQLITE_DONE are fine.
 * *row_out (when given) says whether a row came back, *id_out is its
 * first column or else the row just inserted. */
static int run(struct importer *im, sqlite3_stmt *st, const char *what,
	       int64_t *id_out, bool *row_out)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		sqlite_fail(im->db, im->err, what);
		sqlite3_reset(st);
		return -1;
	}
	if (id_out != NULL)
		*id_out = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) :
			sqlite3_last_insert_rowid(im->db);
	if (row_out != NULL)
		*row_out = rc == SQLITE_ROW;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return 0;
}

/* Writes one record of the bundle (counted in the import's rows). */
static int step(struct importer *im, sqlite3_stmt *st, const char *what,
		int64_t *id_out)
{
	if (run(im, st, what, id_out, NULL))
		return -1;
	im->rows++;
	return 0;
}

static void bind_id(sqlite3_stmt *st, int i, const int64_t *ids, int index)
{
	if (index < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_int64(st, i, ids[index]);
}

/* Prepared statements of one import; NULL-safe finalisation. */
enum {
	S_ORG_FIND, S_ORG_INSERT, S_ORG_UPDATE, S_ORG_PARENT, S_PRODUCT_LIST, S_PRODUCT_CLEAR, S_PRODUCT, S_PERSON, S_VENUE,
	S_SERIES, S_MISSION_FIND, S_MISSION_DELETE, S_MISSION, S_DELEGATE,
	S_STOP, S_EVENT, S_PARTICIPANT, S_PAVILION, S_EXHIBITOR,
	S_AGREEMENT_OWNER, S_AGREEMENT, S_PARTY_CLEAR, S_PARTY,
	S_FOLLOWUP_CLEAR, S_FOLLOWUP, S_CONSULTATION, S_REALISATION_CLEAR,
	S_REALISATION, S_CLAIM, S_COUNT
};

static const char *const sql[S_COUNT] = {
	/* ?1 key, ?2 kind, ?3-?4 name, ?5 country, ?6-?7 city, ?8 sectors,
	 * ?9-?10 description, ?11 website: bind_org() */
	[S_ORG_FIND] = "SELECT id, (kind, name_ko, name_en, country, city_ko,"
		" city_en, sectors, description_ko, description_en, website) IS"
		" (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11),"
		" (SELECT count(*) FROM product p WHERE p.organisation_id = o.id),"
		" parent_id FROM organisation o WHERE key = ?1",
	[S_ORG_INSERT] = "INSERT INTO organisation (key, kind, name_ko, name_en,"
		" country, city_ko, city_en, sectors, description_ko, description_en,"
		" website) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_ORG_UPDATE] = "UPDATE organisation SET kind = ?2, name_ko = ?3,"
		" name_en = ?4, country = ?5, city_ko = ?6, city_en = ?7, sectors = ?8,"
		" description_ko = ?9, description_en = ?10, website = ?11"
		" WHERE key = ?1",
	[S_ORG_PARENT] = "UPDATE organisation SET parent_id = ?1 WHERE id = ?2",
	[S_PRODUCT_LIST] = "SELECT position, name_ko, name_en, hs_code FROM product"
		" WHERE organisation_id = ? ORDER BY position",
	[S_PRODUCT_CLEAR] = "DELETE FROM product WHERE organisation_id = ?",
	[S_PRODUCT] = "INSERT INTO product (organisation_id, position, name_ko,"
		" name_en, hs_code) VALUES (?,?,?,?,?)",
	[S_PERSON] = "INSERT INTO person (key, name_ko, name_en, title_ko, title_en,"
		" organisation_id, email, phone) VALUES (?,?,?,?,?,?,?,?)"
		" ON CONFLICT (key) DO UPDATE SET name_ko = excluded.name_ko,"
		" name_en = excluded.name_en, title_ko = excluded.title_ko,"
		" title_en = excluded.title_en, organisation_id = excluded.organisation_id,"
		" email = excluded.email, phone = excluded.phone RETURNING id",
	[S_VENUE] = "INSERT INTO venue (key, name_ko, name_en, city_ko, city_en,"
		" country, zone, address_ko, address_en) VALUES (?,?,?,?,?,?,?,?,?)"
		" ON CONFLICT (key) DO UPDATE SET name_ko = excluded.name_ko,"
		" name_en = excluded.name_en, city_ko = excluded.city_ko,"
		" city_en = excluded.city_en, country = excluded.country,"
		" zone = excluded.zone, address_ko = excluded.address_ko,"
		" address_en = excluded.address_en RETURNING id",
	[S_SERIES] = "INSERT INTO series (key, name_ko, name_en) VALUES (?,?,?)"
		" ON CONFLICT (key) DO UPDATE SET name_ko = excluded.name_ko,"
		" name_en = excluded.name_en RETURNING id",
	[S_MISSION_FIND] = "SELECT id FROM mission WHERE slug = ?",
	[S_MISSION_DELETE] = "DELETE FROM mission WHERE id = ?",
	[S_MISSION] = "INSERT INTO mission (slug, title_ko, title_en, home_zone,"
		" home_organisation_id, purpose_ko, purpose_en, sectors)"
		" VALUES (?,?,?,?,?,?,?,?)",
	[S_DELEGATE] = "INSERT INTO delegate (mission_id, position, person_id, role)"
		" VALUES (?,?,?,?)",
	[S_STOP] = "INSERT INTO stop (mission_id, key, city_ko, city_en, country,"
		" zone, home, arrive_utc, arrive_precision, depart_utc,"
		" depart_precision) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
	[S_EVENT] = "INSERT INTO event (mission_id, key, kind, title_ko, title_en,"
		" stop_id, venue_id, zone, start_utc, start_precision, end_utc,"
		" end_precision, sectors, registered, attended,"
		" attendance_approximate, notes_ko, notes_en)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[S_PARTICIPANT] = "INSERT INTO participant (event_id, position,"
		" organisation_id, person_id, role) VALUES (?,?,?,?,?)",
	[S_PAVILION] = "INSERT INTO pavilion (mission_id, key, event_id, show_ko,"
		" show_en, name_ko, name_en, venue_id, notes_ko, notes_en)"
		" VALUES (?,?,?,?,?,?,?,?,?,?)",
	[S_EXHIBITOR] = "INSERT INTO exhibitor (pavilion_id, position,"
		" organisation_id, description_ko, description_en, booth,"
		" products_ko, products_en) VALUES (?,?,?,?,?,?,?,?)",
	[S_AGREEMENT_OWNER] = "SELECT a.mission_id, m.slug FROM agreement a"
		" JOIN mission m ON m.id = a.mission_id WHERE a.key = ?",
	[S_AGREEMENT] = "INSERT INTO agreement (key, kind, title_ko, title_en,"
		" mission_id, event_id, signed_on, home_role, value_minor, currency,"
		" status, series_id, sectors, notes_ko, notes_en, consultation_id)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT (key) DO UPDATE SET"
		" kind = excluded.kind, title_ko = excluded.title_ko,"
		" title_en = excluded.title_en, mission_id = excluded.mission_id,"
		" event_id = excluded.event_id, signed_on = excluded.signed_on,"
		" home_role = excluded.home_role, value_minor = excluded.value_minor,"
		" currency = excluded.currency, status = excluded.status,"
		" series_id = excluded.series_id, sectors = excluded.sectors,"
		" notes_ko = excluded.notes_ko, notes_en = excluded.notes_en,"
		" consultation_id = excluded.consultation_id"
		" RETURNING id",
	[S_PARTY_CLEAR] = "DELETE FROM agreement_party WHERE agreement_id = ?",
	[S_PARTY] = "INSERT INTO agreement_party (agreement_id, position,"
		" organisation_id, role) VALUES (?,?,?,?)",
	[S_FOLLOWUP_CLEAR] = "DELETE FROM followup WHERE agreement_id = ?",
	[S_FOLLOWUP] = "INSERT INTO followup (agreement_id, position,"
		" description_ko, description_en, due_on, owner_person_id, done_on)"
		" VALUES (?,?,?,?,?,?,?)",
	[S_CONSULTATION] = "INSERT INTO consultation (key, event_id, firm_id,"
		" buyer_id, buyer_country, products_ko, products_en, hs_code,"
		" consulted_minor, consulted_currency, expected_minor,"
		" expected_currency, likelihood, notes_ko, notes_en)"
		" VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
	[S_REALISATION_CLEAR] = "DELETE FROM realisation WHERE agreement_id = ?",
	[S_REALISATION] = "INSERT INTO realisation (agreement_id, on_date,"
		" value_minor, value_currency, evidence_kind, evidence_reference,"
		" verified_by, verified_at) VALUES (?,?,?,?,?,?,?,?)",
	[S_CLAIM] = "INSERT INTO claim (mission_id, key, tier, value_minor,"
		" value_currency, firms, stated_on, source_title_ko, source_title_en,"
		" source_url) VALUES (?,?,?,?,?,?,?,?,?,?)",
};

/* Binds money at i and i + 1, or two NULLs. */
static void bind_money(sqlite3_stmt *st, int i, bool has, const struct money *m)
{
	if (!has) {
		sqlite3_bind_null(st, i);
		sqlite3_bind_null(st, i + 1);
		return;
	}
	sqlite3_bind_int64(st, i, m->minor);
	sqlite3_bind_text(st, i + 1, m->currency, -1, SQLITE_STATIC);
}

static void bind_code(sqlite3_stmt *st, int i, const struct enum_table *t,
		      int value)
{
	if (value < 0)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, enum_code(t, value), -1, SQLITE_STATIC);
}

static bool same_text(const unsigned char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp((const char *)a, b) == 0;
}

/* True when the stored products of organisation id are o's already. */
static int products_same(struct importer *im, sqlite3_stmt **s, int64_t id,
			 const struct org *o, bool *same)
{
	sqlite3_stmt *st = s[S_PRODUCT_LIST];
	size_t k = 0;
	int rc;

	*same = true;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *same) {
		const struct product *p = &o->products[k];

		*same = k < o->n_products && sqlite3_column_int64(st, 0) == (int64_t)k &&
			same_text(sqlite3_column_text(st, 1), p->name.ko) &&
			same_text(sqlite3_column_text(st, 2), p->name.en) &&
			same_text(sqlite3_column_text(st, 3), p->hs_code);
		k++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_fail(im->db, im->err, "product");
	*same = *same && k == o->n_products;
	return 0;
}

static void bind_org(sqlite3_stmt *st, const struct org *o)
{
	sqlite_bind_str(st, 1, o->key);
	sqlite3_bind_text(st, 2, enum_code(&enum_org_kind, o->kind), -1,
			  SQLITE_STATIC);
	sqlite_bind_text2(st, 3, o->name);
	sqlite_bind_str(st, 5, o->country);
	sqlite_bind_text2(st, 6, o->city);
	sqlite3_bind_int64(st, 8, o->sectors);
	sqlite_bind_text2(st, 9, o->description);
	sqlite_bind_str(st, 11, o->website);
}

/* Finds organisation o by key: *id, whether its row and its products are
 * stored as o has them already. */
static int find_org(struct importer *im, sqlite3_stmt **s, const struct org *o,
		    int64_t *id, int64_t *parent, bool *found, bool *same_row,
		    bool *same_products)
{
	sqlite3_stmt *st = s[S_ORG_FIND];
	int rc;

	bind_org(st, o);
	rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	if (*found) {
		*id = sqlite3_column_int64(st, 0);
		*same_row = sqlite3_column_int(st, 1) != 0;
		*same_products = sqlite3_column_int64(st, 2) == (int64_t)o->n_products;
		*parent = sqlite3_column_type(st, 3) == SQLITE_NULL ? -1 :
			sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_fail(im->db, im->err, "organisation");
	if (*found && *same_products && o->n_products > 0)
		return products_same(im, s, *id, o, same_products);
	return 0;
}

/* Organisations are matched by key.  One that is already stored as the
 * bundle has it is not written again: imports that repeat the registry
 * records they refer to cost a lookup each, not writes. */
static int write_orgs(struct importer *im, sqlite3_stmt **s)
{
	const struct bundle *b = im->b;
	int64_t *parents = im->org_parents;

	for (size_t i = 0; i < b->n_orgs; i++) {
		const struct org *o = &b->orgs[i];
		bool found, same_row, same_products;
		sqlite3_stmt *st;

		parents[i] = -1;
		if (find_org(im, s, o, &im->org_ids[i], &parents[i], &found,
			     &same_row, &same_products))
			return -1;
		im->rows += 1 + (int64_t)o->n_products;
		if (!found) {
			bind_org(s[S_ORG_INSERT], o);
			if (run(im, s[S_ORG_INSERT], "organisation", &im->org_ids[i],
				NULL))
				return -1;
		} else if (!same_row) {
			bind_org(s[S_ORG_UPDATE], o);
			if (run(im, s[S_ORG_UPDATE], "organisation", NULL, NULL))
				return -1;
		}
		if (found && same_products)
			continue;
		if (found) {
			sqlite3_bind_int64(s[S_PRODUCT_CLEAR], 1, im->org_ids[i]);
			if (run(im, s[S_PRODUCT_CLEAR], "product", NULL, NULL))
				return -1;
		}
		for (size_t k = 0; k < o->n_products; k++) {
			st = s[S_PRODUCT];
			sqlite3_bind_int64(st, 1, im->org_ids[i]);
			sqlite3_bind_int64(st, 2, (int64_t)k);
			sqlite_bind_text2(st, 3, o->products[k].name);
			sqlite_bind_str(st, 5, o->products[k].hs_code);
			if (run(im, st, "product", NULL, NULL))
				return -1;
		}
	}
	for (size_t i = 0; i < b->n_orgs; i++) {
		int p = b->orgs[i].parent;

		if (parents[i] == (p < 0 ? -1 : im->org_ids[p]))
			continue;
		bind_id(s[S_ORG_PARENT], 1, im->org_ids, p);
		sqlite3_bind_int64(s[S_ORG_PARENT], 2, im->org_ids[i]);
		if (run(im, s[S_ORG_PARENT], "organisation parent", NULL, NULL))
			return -1;
	}
	return 0;
}

static int write_registry(struct importer *im, sqlite3_stmt **s)
{
	const struct bundle *b = im->b;

	if (write_orgs(im, s))
		return -1;
	for (size_t i = 0; i < b->n_people; i++) {
		const struct person *p = &b->people[i];
		sqlite3_stmt *st = s[S_PERSON];

		sqlite_bind_str(st, 1, p->key);
		sqlite_bind_text2(st, 2, p->name);
		sqlite_bind_text2(st, 4, p->title);
		bind_id(st, 6, im->org_ids, p->org);
		sqlite_bind_str(st, 7, p->email);
		sqlite_bind_str(st, 8, p->phone);
		if (step(im, st, "person", &im->person_ids[i]))
			return -1;
	}
	for (size_t i = 0; i < b->n_venues; i++) {
		const struct venue *v = &b->venues[i];
		sqlite3_stmt *st = s[S_VENUE];

		sqlite_bind_str(st, 1, v->key);
		sqlite_bind_text2(st, 2, v->name);
		sqlite_bind_text2(st, 4, v->city);
		sqlite_bind_str(st, 6, v->country);
		sqlite_bind_str(st, 7, v->zone);
		sqlite_bind_text2(st, 8, v->address);
		if (step(im, st, "venue", &im->venue_ids[i]))
			return -1;
	}
	for (size_t i = 0; i < b->n_series; i++) {
		sqlite3_stmt *st = s[S_SERIES];

		sqlite_bind_str(st, 1, b->series[i].key);
		sqlite_bind_text2(st, 2, b->series[i].name);
		if (step(im, st, "series", &im->series_ids[i]))
			return -1;
	}
	return 0;
}

static int write_events(struct importer *im, sqlite3_stmt **s)
{
	const struct bundle *b = im->b;

	for (size_t i = 0; i < b->n_events; i++) {
		const struct event *e = &b->events[i];
		sqlite3_stmt *st = s[S_EVENT];

		sqlite3_bind_int64(st, 1, im->mission_id);
		sqlite_bind_str(st, 2, e->key);
		sqlite3_bind_text(st, 3, enum_code(&enum_event_kind, e->kind), -1,
				  SQLITE_STATIC);
		sqlite_bind_text2(st, 4, e->title);
		bind_id(st, 6, im->stop_ids, e->stop);
		bind_id(st, 7, im->venue_ids, e->venue);
		sqlite_bind_str(st, 8, e->zone);
		sqlite_bind_moment(st, 9, e->start);
		sqlite_bind_moment(st, 11, e->end);
		sqlite3_bind_int64(st, 13, e->sectors);
		sqlite_bind_count(st, 14, e->attendance.registered);
		sqlite_bind_count(st, 15, e->attendance.attended);
		sqlite3_bind_int(st, 16, e->attendance.approximate);
		sqlite_bind_text2(st, 17, e->notes);
		if (step(im, st, "event", &im->event_ids[i]))
			return -1;
		for (size_t k = 0; k < e->n_participants; k++) {
			const struct participant *p = &e->participants[k];

			st = s[S_PARTICIPANT];
			sqlite3_bind_int64(st, 1, im->event_ids[i]);
			sqlite3_bind_int64(st, 2, (int64_t)k);
			bind_id(st, 3, im->org_ids, p->org);
			bind_id(st, 4, im->person_ids, p->person);
			sqlite3_bind_text(st, 5, enum_code(&enum_participant_role,
							   p->role), -1, SQLITE_STATIC);
			if (step(im, st, "participant", NULL))
				return -1;
		}
	}
	return 0;
}

static int write_pavilions(struct importer *im, sqlite3_stmt **s)
{
	const struct bundle *b = im->b;

	for (size_t i = 0; i < b->n_pavilions; i++) {
		const struct pavilion *p = &b->pavilions[i];
		sqlite3_stmt *st = s[S_PAVILION];
		int64_t id;

		sqlite3_bind_int64(st, 1, im->mission_id);
		sqlite_bind_str(st, 2, p->key);
		bind_id(st, 3, im->event_ids, p->event);
		sqlite_bind_text2(st, 4, p->show);
		sqlite_bind_text2(st, 6, p->name);
		bind_id(st, 8, im->venue_ids, p->venue);
		sqlite_bind_text2(st, 9, p->notes);
		if (step(im, st, "pavilion", &id))
			return -1;
		for (size_t k = 0; k < p->n_exhibitors; k++) {
			const struct exhibitor *x = &p->exhibitors[k];

			st = s[S_EXHIBITOR];
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, (int64_t)k);
			bind_id(st, 3, im->org_ids, x->org);
			sqlite_bind_text2(st, 4, x->description);
			sqlite_bind_str(st, 6, x->booth);
			sqlite_bind_text2(st, 7, x->products);
			if (step(im, st, "exhibitor", NULL))
				return -1;
		}
	}
	return 0;
}

static int write_mission(struct importer *im, sqlite3_stmt **s, int flags,
			 struct store_import_stats *stats)
{
	const struct bundle *b = im->b;
	const struct mission *m = b->mission;
	sqlite3_stmt *st = s[S_MISSION_FIND];

	sqlite_bind_str(st, 1, m->slug);
	if (sqlite3_step(st) == SQLITE_ROW) {
		int64_t old = sqlite3_column_int64(st, 0);

		sqlite3_reset(st);
		if (!(flags & STORE_IMPORT_REPLACE))
			return error_set(im->err, ERROR_CONFLICT,
				"mission \"%s\" exists already (import with --replace to replace it)",
				m->slug);
		sqlite3_bind_int64(s[S_MISSION_DELETE], 1, old);
		if (run(im, s[S_MISSION_DELETE], "mission delete", NULL, NULL))
			return -1;
		stats->replaced = true;
	}
	sqlite3_reset(st);
	st = s[S_MISSION];
	sqlite_bind_str(st, 1, m->slug);
	sqlite_bind_text2(st, 2, m->title);
	sqlite_bind_str(st, 4, m->home_zone);
	bind_id(st, 5, im->org_ids, m->home_org);
	sqlite_bind_text2(st, 6, m->purpose);
	sqlite3_bind_int64(st, 8, m->sectors);
	if (step(im, st, "mission", &im->mission_id))
		return -1;
	for (size_t i = 0; i < m->n_delegates; i++) {
		st = s[S_DELEGATE];
		sqlite3_bind_int64(st, 1, im->mission_id);
		sqlite3_bind_int64(st, 2, (int64_t)i);
		bind_id(st, 3, im->person_ids, m->delegates[i].person);
		sqlite3_bind_text(st, 4, enum_code(&enum_delegate_role,
						   m->delegates[i].role), -1, SQLITE_STATIC);
		if (step(im, st, "delegate", NULL))
			return -1;
	}
	for (size_t i = 0; i < b->n_stops; i++) {
		const struct stop *x = &b->stops[i];

		st = s[S_STOP];
		sqlite3_bind_int64(st, 1, im->mission_id);
		sqlite_bind_str(st, 2, x->key);
		sqlite_bind_text2(st, 3, x->city);
		sqlite_bind_str(st, 5, x->country);
		sqlite_bind_str(st, 6, x->zone);
		sqlite3_bind_int(st, 7, x->home);
		sqlite_bind_moment(st, 8, x->arrive);
		sqlite_bind_moment(st, 10, x->depart);
		if (step(im, st, "stop", &im->stop_ids[i]))
			return -1;
	}
	return write_events(im, s) || write_pavilions(im, s) ? -1 : 0;
}

/* True when the agreement is another mission's and must stay as is. */
static int owned_elsewhere(struct importer *im, sqlite3_stmt **s,
			   const struct agreement *a, bool *owned)
{
	sqlite3_stmt *st = s[S_AGREEMENT_OWNER];
	int rc;

	*owned = false;
	sqlite_bind_str(st, 1, a->key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int64_t owner = sqlite3_column_int64(st, 0);

		if (owner != im->mission_id) {
			if (a->in_mission) {
				error_set(im->err, ERROR_CONFLICT,
					  "agreement \"%s\" was signed at mission \"%s\"",
					  a->key, (const char *)sqlite3_column_text(st, 1));
				sqlite3_reset(st);
				return -1;
			}
			*owned = true;
		}
	} else if (rc != SQLITE_DONE) {
		sqlite3_reset(st);
		return sqlite_fail(im->db, im->err, "agreement");
	}
	sqlite3_reset(st);
	return 0;
}

static int write_realisations(struct importer *im, sqlite3_stmt **s,
			      const struct agreement *a, int64_t id)
{
	for (size_t k = 0; k < a->n_realisations; k++) {
		const struct realisation *r = &a->realisations[k];
		sqlite3_stmt *st = s[S_REALISATION];

		sqlite3_bind_int64(st, 1, id);
		sqlite_bind_str(st, 2, r->on);
		bind_money(st, 3, true, &r->value);
		bind_code(st, 5, &enum_evidence_kind, r->evidence_kind);
		sqlite_bind_str(st, 6, r->evidence_reference);
		bind_id(st, 7, im->person_ids, r->verified_by);
		sqlite_bind_str(st, 8, r->verified_at);
		if (step(im, st, "realisation", NULL))
			return -1;
	}
	return 0;
}

/* The mission's consultations, after its events, before the agreements
 * that name them. */
static int write_consultations(struct importer *im, sqlite3_stmt **s)
{
	const struct bundle *b = im->b;

	for (size_t i = 0; i < b->n_consultations; i++) {
		const struct consultation *c = &b->consultations[i];
		sqlite3_stmt *st = s[S_CONSULTATION];

		sqlite_bind_str(st, 1, c->key);
		bind_id(st, 2, im->event_ids, c->event);
		bind_id(st, 3, im->org_ids, c->firm);
		bind_id(st, 4, im->org_ids, c->buyer);
		sqlite_bind_str(st, 5, c->buyer_country);
		sqlite_bind_text2(st, 6, c->products);
		sqlite_bind_str(st, 8, c->hs_code);
		bind_money(st, 9, c->has_consulted, &c->consulted);
		bind_money(st, 11, c->has_expected, &c->expected);
		bind_code(st, 13, &enum_likelihood, c->likelihood);
		sqlite_bind_text2(st, 14, c->notes);
		if (step(im, st, "consultation", &im->consultation_ids[i]))
			return -1;
	}
	return 0;
}

static int write_claims(struct importer *im, sqlite3_stmt **s)
{
	const struct bundle *b = im->b;

	for (size_t i = 0; i < b->n_claims; i++) {
		const struct claim *c = &b->claims[i];
		sqlite3_stmt *st = s[S_CLAIM];

		sqlite3_bind_int64(st, 1, im->mission_id);
		sqlite_bind_str(st, 2, c->key);
		bind_code(st, 3, &enum_tier, (int)c->tier);
		bind_money(st, 4, c->has_value, &c->value);
		sqlite_bind_count(st, 6, c->firms);
		sqlite_bind_str(st, 7, c->stated_on);
		sqlite_bind_text2(st, 8, c->source_title);
		sqlite_bind_str(st, 10, c->source_url);
		if (step(im, st, "claim", NULL))
			return -1;
	}
	return 0;
}

static int write_agreements(struct importer *im, sqlite3_stmt **s)
{
	const struct bundle *b = im->b;

	for (size_t i = 0; i < b->n_agreements; i++) {
		const struct agreement *a = &b->agreements[i];
		sqlite3_stmt *st = s[S_AGREEMENT];
		bool owned;
		int64_t id;

		if (owned_elsewhere(im, s, a, &owned))
			return -1;
		if (owned)
			continue;
		sqlite_bind_str(st, 1, a->key);
		sqlite3_bind_text(st, 2, enum_code(&enum_agreement_kind, a->kind), -1,
				  SQLITE_STATIC);
		sqlite_bind_text2(st, 3, a->title);
		if (a->in_mission)
			sqlite3_bind_int64(st, 5, im->mission_id);
		else
			sqlite3_bind_null(st, 5);
		bind_id(st, 6, im->event_ids, a->event);
		sqlite_bind_str(st, 7, a->signed_on);
		sqlite3_bind_text(st, 8, enum_code(&enum_home_role, a->home_role), -1,
				  SQLITE_STATIC);
		bind_money(st, 9, a->has_value, &a->value);
		sqlite3_bind_text(st, 11, enum_code(&enum_agreement_status, a->status),
				  -1, SQLITE_STATIC);
		bind_id(st, 12, im->series_ids, a->series);
		sqlite3_bind_int64(st, 13, a->sectors);
		sqlite_bind_text2(st, 14, a->notes);
		bind_id(st, 16, im->consultation_ids,
			agreement_consultation(b, a) ? a->consultation : -1);
		if (step(im, st, "agreement", &id))
			return -1;
		sqlite3_bind_int64(s[S_PARTY_CLEAR], 1, id);
		sqlite3_bind_int64(s[S_FOLLOWUP_CLEAR], 1, id);
		sqlite3_bind_int64(s[S_REALISATION_CLEAR], 1, id);
		if (run(im, s[S_PARTY_CLEAR], "agreement party", NULL, NULL) ||
		    run(im, s[S_FOLLOWUP_CLEAR], "follow-up", NULL, NULL) ||
		    run(im, s[S_REALISATION_CLEAR], "realisation", NULL, NULL))
			return -1;
		for (size_t k = 0; k < a->n_parties; k++) {
			st = s[S_PARTY];
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, (int64_t)k);
			bind_id(st, 3, im->org_ids, a->parties[k].org);
			sqlite3_bind_text(st, 4, enum_code(&enum_party_role,
							   a->parties[k].role), -1, SQLITE_STATIC);
			if (step(im, st, "agreement party", NULL))
				return -1;
		}
		for (size_t k = 0; k < a->n_followups; k++) {
			const struct followup *f = &a->followups[k];

			st = s[S_FOLLOWUP];
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, (int64_t)k);
			sqlite_bind_text2(st, 3, f->description);
			sqlite_bind_str(st, 5, f->due_on);
			bind_id(st, 6, im->person_ids, f->owner);
			sqlite_bind_str(st, 7, f->done_on);
			if (step(im, st, "follow-up", NULL))
				return -1;
		}
		if (write_realisations(im, s, a, id))
			return -1;
	}
	return 0;
}

int sqlite_import(struct store *s, const struct bundle *b, int flags,
		  struct store_import_stats *stats, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	sqlite3_stmt *st[S_COUNT] = { 0 };
	struct importer im = { .db = ss->db, .b = b, .err = err, .mission_id = -1 };
	struct arena *a = arena_new(0);
	int rc = -1;

	memset(stats, 0, sizeof *stats);
	if (a == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	im.org_ids = arena_array(a, b->n_orgs + 1, sizeof(int64_t));
	im.org_parents = arena_array(a, b->n_orgs + 1, sizeof(int64_t));
	im.person_ids = arena_array(a, b->n_people + 1, sizeof(int64_t));
	im.venue_ids = arena_array(a, b->n_venues + 1, sizeof(int64_t));
	im.series_ids = arena_array(a, b->n_series + 1, sizeof(int64_t));
	im.stop_ids = arena_array(a, b->n_stops + 1, sizeof(int64_t));
	im.event_ids = arena_array(a, b->n_events + 1, sizeof(int64_t));
	im.consultation_ids = arena_array(a, b->n_consultations + 1,
					  sizeof(int64_t));
	if (arena_failed(a)) {
		error_set(err, ERROR_NOMEM, "out of memory");
		goto cleanup;
	}
	for (int i = 0; i < S_COUNT; i++)
		if (sqlite_prepare(ss->db, sql[i], &st[i], err))
			goto cleanup;
	/* A large page cache keeps the registry's indexes in memory across
	 * the many upserts of big bundles; it stays for the connection's
	 * later imports. */
	if (sqlite_exec(ss->db, "PRAGMA cache_size = -" IMPORT_CACHE_KIB, err) ||
	    sqlite_exec(ss->db, "BEGIN IMMEDIATE", err))
		goto cleanup;
	if (write_registry(&im, st) ||
	    (b->mission != NULL && write_mission(&im, st, flags, stats)) ||
	    write_consultations(&im, st) || write_agreements(&im, st) ||
	    write_claims(&im, st)) {
		sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
		goto cleanup;
	}
	if (sqlite_exec(ss->db, "COMMIT", err)) {
		sqlite3_exec(ss->db, "ROLLBACK", NULL, NULL, NULL);
		goto cleanup;
	}
	stats->rows = im.rows;
	rc = 0;
cleanup:
	for (int i = 0; i < S_COUNT; i++)
		sqlite3_finalize(st[i]);
	arena_free(a);
	return rc == 0 ? 0 : (err ? (int)err->code : ERROR_STORE);
}
