/* test_store.c: the store conformance suite.  Every backend must pass it;
 * it runs against SQLite on a fresh temporary database. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "b2b/b2b.h"
#include "bundle/bundle.h"
#include "domain/outcome.h"
#include "domain/tz.h"
#include "store/resource.h"
#include "store/store.h"
#include "store/store_http.h"
#include "util/arena.h"

struct fixture {
	char dir[64];
	char path[128];
	struct store *store;
	struct bundle *small;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof *f);
	struct error err = { 0 };

	snprintf(f->dir, sizeof f->dir, "/tmp/pavilion-store-XXXXXX");
	if (mkdtemp(f->dir) == NULL)
		return -1;
	snprintf(f->path, sizeof f->path, "%s/test.db", f->dir);
	if (store_open(f->path, STORE_OPEN_CREATE, &f->store, &err) != 0) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	f->small = bundle_read_file("tests/bundles/small.json", &err);
	if (f->small == NULL) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[160];

	store_close(f->store);
	bundle_free(f->small);
	unlink(f->path);
	snprintf(path, sizeof path, "%s-wal", f->path);
	unlink(path);
	snprintf(path, sizeof path, "%s-shm", f->path);
	unlink(path);
	rmdir(f->dir);
	free(f);
	return 0;
}

static int count_row(const struct store_row *row, void *ctx)
{
	(void)row;
	(*(int *)ctx)++;
	return 0;
}

static int count(struct store *s, enum store_kind kind, const char *mission)
{
	struct store_list_query q = { mission };
	struct error err = { 0 };
	int n = 0;

	assert_int_equal(store_list(s, kind, &q, count_row, &n, &err), 0);
	return n;
}

static void test_open_requires_create(void **state)
{
	struct fixture *f = *state;
	struct store *s = NULL;
	struct error err = { 0 };
	char path[160];

	snprintf(path, sizeof path, "%s/missing.db", f->dir);
	assert_int_equal(store_open(path, 0, &s, &err), ERROR_NOT_FOUND);
	assert_null(s);
	assert_int_equal(access(path, F_OK), -1);
}

static void test_import_and_load(void **state)
{
	struct fixture *f = *state;
	struct store_import_stats stats;
	struct error err = { 0 };
	struct bundle *b = NULL;
	const struct event *e;
	const struct agreement *a;

	assert_int_equal(store_import(f->store, f->small, 0, &stats, &err), 0);
	assert_true(stats.rows > 10);
	assert_false(stats.replaced);
	assert_int_equal(store_load_mission(f->store, "gyeonggi-de-2025", &b, &err), 0);
	assert_string_equal(b->mission->slug, "gyeonggi-de-2025");
	assert_string_equal(b->mission->home_zone, "Asia/Seoul");
	assert_int_equal(b->n_stops, 3);
	assert_int_equal(b->n_events, 2);
	assert_int_equal(b->n_orgs, 3);
	assert_int_equal(b->n_people, 1);
	assert_int_equal(b->mission->n_delegates, 1);
	e = &b->events[0];
	assert_string_equal(e->key, "b2b");
	assert_string_equal(e->zone, "Europe/Berlin");
	assert_int_equal(e->start.precision, MOMENT_TIME);
	assert_int_equal(e->start.utc, f->small->events[0].start.utc);
	assert_int_equal(e->n_participants, 2);
	assert_int_equal(e->attendance.registered, 40);
	assert_int_equal(e->attendance.attended, 35);
	assert_int_equal(b->n_agreements, 1);
	a = &b->agreements[0];
	assert_true(a->in_mission);
	assert_int_equal(a->event, 1);
	assert_true(a->has_value);
	assert_int_equal(a->value.minor, 25000000);
	assert_string_equal(a->value.currency, "EUR");
	assert_int_equal(a->n_parties, 2);
	assert_int_equal(a->n_followups, 1);
	assert_string_equal(a->followups[0].due_on, "2025-07-01");
	assert_string_equal(b->people[a->followups[0].owner].key, "lee");
	assert_string_equal(b->orgs[b->mission->home_org].key, "gyeonggi");
	bundle_free(b);
	/* By id as well as by slug. */
	assert_int_equal(store_load_mission(f->store, "1", &b, &err), 0);
	bundle_free(b);
}

/* The B2B stamp of event id, as a run reads it before solving. */
static int64_t b2b_stamp(struct store *s, int64_t id)
{
	struct arena *a = arena_new(0);
	struct b2b_event ev;
	struct error err = { 0 };
	int64_t stamp;

	assert_non_null(a);
	assert_int_equal(store_http(s)->b2b_load(s, id, a, &ev, &err), 0);
	stamp = ev.stamp;
	arena_free(a);
	return stamp;
}

/* One participant swapped for another (as many participants, as many
 * writes) moves the stamp, so a schedule solved for the old set is not
 * saved; so does a change of one participant's limits. */
static void test_b2b_stamp_moves(void **state)
{
	struct fixture *f = *state;
	const struct store_resource *r = store_resources[RES_PARTICIPANTS];
	const struct store_actor who = { 0, "test", 0 };
	struct store_import_stats stats;
	struct store_write w = { 0 };
	struct error err = { 0 };
	json_t *row = NULL;
	int64_t before, after, child;

	assert_int_equal(store_import(f->store, f->small, 0, &stats, &err), 0);
	before = b2b_stamp(f->store, 1);
	/* The event's first participant leaves, organisation 1 comes. */
	assert_int_equal(store_http(f->store)->res_create(f->store, r, 1,
		&(struct store_write){ .set = { [0] = true, [2] = true },
				       .v = { [0].i = 1, [2].e = PARTICIPANT_ATTENDEE } },
		&who, &row, &err), 0);
	json_decref(row);
	row = NULL;
	assert_int_equal(store_http(f->store)->res_delete(f->store, r, 1, 1, -1,
							   &who, &err), 0);
	after = b2b_stamp(f->store, 1);
	assert_true(after != before);
	/* A changed limit, found by the participant's own id. */
	assert_int_equal(store_http(f->store)->res_get(f->store, r, 1, 2, &who,
							&row, &err), 0);
	child = json_integer_value(json_object_get(row, "id"));
	json_decref(row);
	row = NULL;
	w.set[3] = true;
	w.v[3].i = 2;
	assert_int_equal(store_http(f->store)->res_update(f->store, r, 1, child,
		-1, &w, &who, &row, &err), 0);
	json_decref(row);
	assert_true(b2b_stamp(f->store, 1) != after);
}

static void test_conflict_changes_nothing(void **state)
{
	struct fixture *f = *state;
	struct store_import_stats stats;
	struct error err = { 0 };

	assert_int_equal(store_import(f->store, f->small, 0, &stats, &err), 0);
	assert_int_equal(count(f->store, STORE_EVENTS, NULL), 2);
	assert_int_equal(store_import(f->store, f->small, 0, &stats, &err),
			 ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "exists already"));
	assert_int_equal(count(f->store, STORE_EVENTS, NULL), 2);
	assert_int_equal(count(f->store, STORE_MISSIONS, NULL), 1);
	assert_int_equal(store_import(f->store, f->small, STORE_IMPORT_REPLACE,
				      &stats, &err), 0);
	assert_true(stats.replaced);
	assert_int_equal(count(f->store, STORE_EVENTS, NULL), 2);
	assert_int_equal(count(f->store, STORE_AGREEMENTS, NULL), 1);
	assert_int_equal(count(f->store, STORE_ORGANISATIONS, NULL), 3);
}

static void test_not_found(void **state)
{
	struct fixture *f = *state;
	struct error err = { 0 };
	struct bundle *b = NULL;

	assert_int_equal(store_load_mission(f->store, "nowhere", &b, &err),
			 ERROR_NOT_FOUND);
	assert_null(b);
	assert_int_equal(store_load_organisation(f->store, "nobody", &b, &err),
			 ERROR_NOT_FOUND);
	assert_null(b);
}

static int find_field(const char *name, const char *value, void *ctx)
{
	const char **want = ctx;

	if (strcmp(name, want[0]) == 0)
		want[1] = strdup(value);
	return 0;
}

static void test_registry_views(void **state)
{
	struct fixture *f = *state;
	struct store_import_stats stats;
	struct error err = { 0 };
	struct bundle *b = NULL;
	const char *want[2] = { "title_en", NULL };
	int acme = -1;

	assert_int_equal(store_import(f->store, f->small, 0, &stats, &err), 0);
	assert_int_equal(store_load_organisation(f->store, "acme", &b, &err), 0);
	assert_int_equal(b->n_agreements, 1);
	assert_null(b->mission);
	for (size_t i = 0; i < b->n_orgs; i++) {
		if (strcmp(b->orgs[i].key, "acme") != 0)
			continue;
		assert_int_equal(b->orgs[i].n_products, 1);
		assert_string_equal(b->orgs[i].products[0].hs_code, "3818");
		acme = (int)i;
	}
	assert_true(acme >= 0);
	/* The follow-up's owner brings in the person and their organisation. */
	assert_int_equal(b->n_orgs, 3);
	assert_int_equal(b->n_people, 1);
	bundle_free(b);
	assert_int_equal(store_record(f->store, STORE_AGREEMENTS, "acme-euro-2025",
				      find_field, want, &err), 0);
	assert_non_null(want[1]);
	assert_string_equal(want[1], "Acme supply contract");
	free((char *)want[1]);
	want[0] = "key";
	want[1] = NULL;
	assert_int_equal(store_record(f->store, STORE_EVENTS, "gyeonggi-de-2025/b2b",
				      find_field, want, &err), 0);
	assert_string_equal(want[1], "b2b");
	free((char *)want[1]);
	assert_int_equal(store_record(f->store, STORE_EVENTS, "b2b", find_field,
				      want, &err), ERROR_NOT_FOUND);
	assert_int_equal(count(f->store, STORE_EVENTS, "gyeonggi-de-2025"), 2);
	assert_int_equal(count(f->store, STORE_EVENTS, "other"), 0);
}

/* An agreement owned by one mission cannot be claimed by another. */
static void test_agreement_owned_elsewhere(void **state)
{
	struct fixture *f = *state;
	struct store_import_stats stats;
	struct error err = { 0 };
	struct bundle *copy;

	assert_int_equal(store_import(f->store, f->small, 0, &stats, &err), 0);
	copy = bundle_read_file("tests/bundles/small.json", &err);
	assert_non_null(copy);
	copy->mission->slug = "another-mission";
	assert_int_equal(store_import(f->store, copy, 0, &stats, &err),
			 ERROR_CONFLICT);
	assert_non_null(strstr(err.message, "was signed at mission \"gyeonggi-de-2025\""));
	assert_int_equal(count(f->store, STORE_MISSIONS, NULL), 1);
	bundle_free(copy);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_open_requires_create, setup, teardown),
		cmocka_unit_test_setup_teardown(test_import_and_load, setup, teardown),
		cmocka_unit_test_setup_teardown(test_conflict_changes_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b2b_stamp_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_not_found, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry_views, setup, teardown),
		cmocka_unit_test_setup_teardown(test_agreement_owned_elsewhere, setup, teardown),
	};
	int failed = cmocka_run_group_tests_name("store", tests, NULL, NULL);

	tz_thread_cleanup();
	return failed;
}
