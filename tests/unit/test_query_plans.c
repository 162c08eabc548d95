/* test_query_plans.c: the listings and the search use their indexes.
 *
 * Every statement the store runs for a search, a filtered or sorted
 * listing and the cross-record pages is caught with sqlite3_trace_v2 and
 * asked for its EXPLAIN QUERY PLAN: no search may scan a whole name
 * index (an FTS5 plan "INDEX 0:" with no MATCH, LIKE or rowid
 * constraint), however short its text, and
 * no page may sort its table (a "TEMP B-TREE FOR ORDER BY" in the query
 * that reads the page). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "bundle/bundle.h"
#include "store/sqlite_internal.h"
#include "store/store_http.h"

#define SEEN_MAX 256

struct seen {
	char *sql[SEEN_MAX];
	int n;
};

static struct seen seen;

static int on_statement(unsigned type, void *ctx, void *p, void *x)
{
	const char *sql = sqlite3_sql(p);

	(void)type, (void)ctx, (void)x;
	if (sql == NULL || seen.n == SEEN_MAX)
		return 0;
	for (int i = 0; i < seen.n; i++)
		if (strcmp(seen.sql[i], sql) == 0)
			return 0;
	seen.sql[seen.n++] = strdup(sql);
	return 0;
}

static void forget(void)
{
	for (int i = 0; i < seen.n; i++)
		free(seen.sql[i]);
	seen.n = 0;
}

/* The plan of sql, one detail per line. */
static void plan_of(sqlite3 *db, const char *sql, char *out, size_t size)
{
	sqlite3_stmt *st;
	char eqp[8192];
	size_t n = 0;

	snprintf(eqp, sizeof eqp, "EXPLAIN QUERY PLAN %s", sql);
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db, eqp, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && n < size - 2)
		n += (size_t)snprintf(out + n, size - n, "%s\n",
				      (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
}

/* Whether a plan reads a whole table (a SCAN of anything but the name
 * index or a page's id list): sorting what a search or a filter found is
 * proportional to the answer, sorting a scanned table is not. */
static bool scans_table(const char *plan)
{
	for (const char *p = plan; (p = strstr(p, "SCAN ")) != NULL; p += 5)
		if (strncmp(p + 5, "search_", 7) != 0 &&
		    strncmp(p + 5, "json_each", 9) != 0)
			return true;
	return false;
}

/* Checks every statement seen since the last call. */
static void check_plans(sqlite3 *db, const char *what)
{
	char plan[4096];
	int pages = 0;

	for (int i = 0; i < seen.n; i++) {
		const char *sql = seen.sql[i];

		if (strncmp(sql, "--", 2) == 0 || strncmp(sql, "SELECT", 6) != 0)
			continue;
		plan_of(db, sql, plan, sizeof plan);
		if (strstr(sql, "search_") && strstr(plan, "VIRTUAL TABLE INDEX 0:\n")) {
			fprintf(stderr, "%s: scans the name index:\n%s\n%s", what, sql, plan);
			forget();
			fail();
		}
		if (strstr(sql, "LIMIT :limit")) {
			pages++;
			if (strstr(plan, "TEMP B-TREE FOR ORDER BY") && scans_table(plan)) {
				fprintf(stderr, "%s: sorts its table:\n%s\n%s", what, sql, plan);
				forget();
				fail();
			}
		}
	}
	if (strstr(what, "page") && pages == 0) {
		fprintf(stderr, "%s: no page query seen\n", what);
		fail();
	}
	forget();
}

struct fixture {
	char dir[64], path[128];
	struct store *store;
};

static int setup(void **state)
{
	static struct fixture f;
	struct error err = { 0 };
	struct store_import_stats stats;
	struct bundle *b;

	snprintf(f.dir, sizeof f.dir, "/tmp/pavilion-plans-XXXXXX");
	if (mkdtemp(f.dir) == NULL)
		return -1;
	snprintf(f.path, sizeof f.path, "%s/test.db", f.dir);
	if (store_open(f.path, STORE_OPEN_CREATE, &f.store, &err) != 0)
		return -1;
	b = bundle_read_file("examples/jeonbuk-us-2024.json", &err);
	if (b == NULL || store_import(f.store, b, 0, &stats, &err) != 0) {
		fprintf(stderr, "%s\n", err.message);
		return -1;
	}
	bundle_free(b);
	sqlite3_trace_v2(((struct sqlite_store *)f.store)->db, SQLITE_TRACE_STMT,
			 on_statement, NULL);
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	char path[160];

	store_close(f->store);
	unlink(f->path);
	snprintf(path, sizeof path, "%s-wal", f->path);
	unlink(path);
	snprintf(path, sizeof path, "%s-shm", f->path);
	unlink(path);
	rmdir(f->dir);
	forget();
	return 0;
}

static sqlite3 *db_of(struct fixture *f)
{
	return ((struct sqlite_store *)f->store)->db;
}

static void test_search_uses_index(void **state)
{
	struct fixture *f = *state;
	struct error err = { 0 };
	json_t *out = NULL;
	static const char *const queries[] = { "쇼핑월드", "shopping", "nothing at all",
					       "Jeonbuk State", "\"quoted\"", "쇼핑", "쇼",
					       "Sh", "x", "ㅎㅅㅍ", "ㅎ" };
	bool found;

	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		assert_int_equal(store_http(f->store)->search(f->store, queries[i], 20,
							      &out, &err), 0);
		json_decref(out);
		check_plans(db_of(f), queries[i]);
	}
	assert_int_equal(store_http(f->store)->search(f->store, "쇼핑월드", 20, &out, &err), 0);
	assert_true(json_array_size(json_object_get(out, "items")) >= 1);
	json_decref(out);
	/* Initial consonants find 홈쇼핑월드 through search_short. */
	assert_int_equal(store_http(f->store)->search(f->store, "ㅎㅅㅍ", 20, &out, &err), 0);
	found = false;
	for (size_t i = 0; i < json_array_size(json_object_get(out, "items")); i++)
		found |= strcmp(json_string_value(json_object_get(json_object_get(
			json_array_get(json_object_get(out, "items"), i), "name"), "ko")),
			"홈쇼핑월드") == 0;
	json_decref(out);
	assert_true(found);
	forget();
}

/* One listing of r with the query arguments args (name=value&...). */
static void list(struct fixture *f, const struct store_resource *r,
		 const char *sort, bool desc, const char *filter,
		 const char *value)
{
	struct store_page page = { .limit = 5, .sort = sort, .descending = desc };
	struct store_actor who = { 0 };
	struct error err = { 0 };
	json_t *out = NULL;
	char what[160];

	if (filter) {
		page.filter_names[0] = filter;
		page.filter_values[0] = value;
		page.n_filters = 1;
	}
	assert_int_equal(store_http(f->store)->res_list(f->store, r, &page, &who,
							&out, &err), 0);
	json_decref(out);
	snprintf(what, sizeof what, "page of %s sorted by %s%s, %s=%s", r->name,
		 desc ? "-" : "", sort, filter ? filter : "-", value ? value : "-");
	check_plans(db_of(f), what);
}

static void test_sorted_listings_use_indexes(void **state)
{
	struct fixture *f = *state;

	/* Every sortable field of every top-level resource, both ways. */
	for (int i = 0; i < RES_COUNT; i++) {
		const struct store_resource *r = store_resources[i];

		if (r->parent >= 0)
			continue;
		list(f, r, "id", false, NULL, NULL);
		for (size_t k = 0; k < r->n_fields; k++)
			if (r->fields[k].flags & SF_SORT) {
				list(f, r, r->fields[k].name, false, NULL, NULL);
				list(f, r, r->fields[k].name, true, NULL, NULL);
			}
	}
	list(f, store_resources[RES_ORGANISATIONS], "key", false, "q", "쇼핑월드");
	list(f, store_resources[RES_ORGANISATIONS], "key", false, "q", "쇼핑");
	list(f, store_resources[RES_ORGANISATIONS], "key", false, "q", "ㅎㅅㅍ");
	list(f, store_resources[RES_AGREEMENTS], "signed_on", true, "q", "Hannam");
	list(f, store_resources[RES_AGREEMENTS], "signed_on", true, "status", "signed");
	list(f, store_resources[RES_AGREEMENTS], "signed_on", true, "year", "2023");
	list(f, store_resources[RES_AGREEMENTS], "signed_on", true, "country", "US");
	list(f, store_resources[RES_EVENTS], "start_utc", false, "country", "US");
	list(f, store_resources[RES_EVENTS], "start_utc", false, "year", "2023");
}

static void test_cross_listings_use_indexes(void **state)
{
	struct fixture *f = *state;
	const struct store_http_ops *ops = store_http(f->store);
	struct store_actor who = { 0 };
	struct store_args a = { { "sort", "q" }, { "start", "mission" }, 2 };
	struct error err = { 0 };
	json_t *out = NULL;

	assert_int_equal(ops->mission_summary(f->store, &a, &who, &out, &err), 0);
	json_decref(out);
	check_plans(db_of(f), "page of missions by start");
	a.value[0] = "-start";
	a.n = 1;
	assert_int_equal(ops->mission_summary(f->store, &a, &who, &out, &err), 0);
	json_decref(out);
	check_plans(db_of(f), "page of missions by -start");
	a.name[0] = "state";
	a.value[0] = "open";
	assert_int_equal(ops->followup_list(f->store, &a, &who, &out, &err), 0);
	json_decref(out);
	check_plans(db_of(f), "page of open follow-ups");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_search_uses_index),
		cmocka_unit_test(test_sorted_listings_use_indexes),
		cmocka_unit_test(test_cross_listings_use_indexes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
