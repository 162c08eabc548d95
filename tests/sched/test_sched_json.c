/* test_sched_json.c: reading problems: every kind of bad input is refused
 * with the file name, the JSON path and the problem; times in RFC 3339
 * with offsets; a problem written by the generator reads back the same. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "sched/sched.h"
#include "sched/sched_json.h"
#include "util/error.h"

#define SLOT(id, start, end, loc, tables)                                   \
	"{\"id\":\"" id "\",\"start\":\"" start "\",\"end\":\"" end            \
	"\",\"location\":\"" loc "\",\"tables\":" #tables "}"
#define S1 SLOT("d1-1000", "2024-01-09T10:00:00-08:00",                     \
		"2024-01-09T10:30:00-08:00", "LVCC", 12)
#define S2 SLOT("d1-1030", "2024-01-09T10:30:00-08:00",                     \
		"2024-01-09T11:00:00-08:00", "Venetian", 4)
#define PEOPLE "[{\"id\":\"acme\"},{\"id\":\"hmart\",\"max_meetings\":3}]"

/* Parses text as problem.json; returns the code, with the message. */
static int parse(const char *text, struct error *err)
{
	json_error_t jerr;
	json_t *root = json_loads(text, 0, &jerr);
	struct sched_problem *p = NULL;

	if (root == NULL)
		fail_msg("test JSON does not parse: %s: %s", jerr.text, text);
	memset(err, 0, sizeof *err);
	int rc = sched_json_parse_problem(root, "problem.json", &p, err);
	json_decref(root);
	if (rc == 0)
		assert_non_null(p);
	else
		assert_null(p);
	sched_problem_free(p);
	return rc;
}

static void expect(const char *text, const char *message)
{
	struct error err;

	if (parse(text, &err) != ERROR_INVALID)
		fail_msg("accepted: %s", text);
	if (strstr(err.message, message) == NULL)
		fail_msg("message \"%s\" lacks \"%s\"", err.message, message);
}

static void test_valid(void **state)
{
	struct error err;

	(void)state;
	assert_int_equal(parse("{\"slots\":[" S1 "," S2 "],"
			       "\"travel\":[{\"between\":[\"LVCC\",\"Venetian\"],"
			       "\"minutes\":30}],"
			       "\"participants\":" PEOPLE ","
			       "\"requests\":[{\"a\":\"acme\",\"b\":\"hmart\","
			       "\"weight\":3},{\"a\":\"hmart\",\"b\":\"acme\"}],"
			       "\"fixed\":[{\"a\":\"acme\",\"b\":\"hmart\","
			       "\"slot\":\"d1-1000\",\"table\":2}]}",
			       &err), 0);
}

static void test_rejected(void **state)
{
	(void)state;
	expect("{\"slots\":[" S1 "],\"participants\":" PEOPLE ","
	       "\"requests\":[{\"a\":\"acme\",\"b\":\"hmartt\"}]}",
	       "problem.json: $.requests[0].b: unknown participant \"hmartt\"");
	expect("{\"slots\":[" S1 "],\"participants\":" PEOPLE ","
	       "\"requests\":[{\"a\":\"acme\",\"b\":\"acme\"}]}",
	       "problem.json: $.requests[0]: \"acme\" cannot meet itself");
	expect("{\"slots\":[" S1 "],\"participants\":" PEOPLE ","
	       "\"requests\":[{\"a\":\"acme\",\"b\":\"hmart\",\"weight\":-2}]}",
	       "$.requests[0].weight: must be at least 1, not -2");
	expect("{\"slots\":[" S1 "],\"participants\":" PEOPLE ","
	       "\"requests\":[{\"a\":\"acme\",\"b\":\"hmart\",\"weight\":0}]}",
	       "$.requests[0].weight: must be at least 1, not 0");
	expect("{\"slots\":[" S1 "],\"participants\":" PEOPLE ","
	       "\"requests\":[{\"a\":\"acme\",\"b\":\"hmart\",\"weight\":\"3\"}]}",
	       "$.requests[0].weight: must be an integer");
	expect("{\"slots\":[" SLOT("x", "2024-01-09T10:00:00", "2024-01-09T10:30:00-08:00",
				 "L", 1) "],\"participants\":[]}",
	       "$.slots[0].start: \"2024-01-09T10:00:00\" is not an RFC 3339 "
	       "time with an offset");
	expect("{\"slots\":[" SLOT("x", "2023-02-29T10:00:00Z", "2023-03-01T10:30:00Z",
				 "L", 1) "],\"participants\":[]}",
	       "$.slots[0].start");
	expect("{\"slots\":[" SLOT("x", "2024-01-09T10:00:00-08:00",
				 "2024-01-09T18:00:00Z", "L", 1)
	       "],\"participants\":[]}",
	       "$.slots[0].end: 2024-01-09T18:00:00Z is not after the start");
	expect("{\"slots\":[" SLOT("x", "2024-01-09T10:00:00Z",
				 "2024-01-09T10:30:00Z", "L", 0)
	       "],\"participants\":[]}",
	       "$.slots[0].tables: a slot needs at least one table, not 0");
	expect("{\"slots\":[" S1 "," S1 "],\"participants\":[]}",
	       "$.slots[1]: duplicate slot \"d1-1000\"");
	expect("{\"slots\":[" S1 "],\"participants\":[{\"id\":\"a\"},"
	       "{\"id\":\"a\"}]}",
	       "$.participants[1].id: duplicate participant \"a\"");
	expect("{\"slots\":[" S1 "],\"participants\":[{\"id\":\"a\","
	       "\"available\":[\"d1-1000\",\"d9\"]}]}",
	       "$.participants[0].available[1]: unknown slot \"d9\"");
	expect("{\"slots\":[" S1 "],\"participants\":[{\"id\":\"a\","
	       "\"max_meeting\":3}]}",
	       "$.participants[0]: unknown member \"max_meeting\"");
	expect("{\"slots\":[" S1 "],\"participants\":[{\"id\":\"a\","
	       "\"max_meetings\":-1}]}",
	       "$.participants[0]: \"max_meetings\" must be 0 to");
	expect("{\"slots\":[" S1 "],\"travel\":[{\"between\":[\"LVCC\","
	       "\"Bellagio\"],\"minutes\":20}],\"participants\":[]}",
	       "$.travel[0].between[1]: unknown location \"Bellagio\"");
	expect("{\"slots\":[" S1 "],\"travel\":[{\"between\":[\"LVCC\","
	       "\"LVCC\"],\"minutes\":20}],\"participants\":[]}",
	       "$.travel[0]: travel from \"LVCC\" to itself");
	expect("{\"slots\":[" S1 "," S2 "],\"travel\":[{\"between\":[\"LVCC\","
	       "\"Venetian\"],\"minutes\":-5}],\"participants\":[]}",
	       "$.travel[0]: \"minutes\" must be 0 to");
	expect("{\"participants\":[]}", "$: \"slots\" is missing");
	expect("[]", "problem.json: $: must be an object");
	expect("{\"slots\":[" S1 "],\"participants\":" PEOPLE ","
	       "\"requests\":[{\"a\":\"acme\",\"b\":\"hmart\"}],"
	       "\"fixed\":[{\"a\":\"acme\",\"b\":\"hmart\",\"slot\":\"d1-1000\","
	       "\"table\":13}]}",
	       "$.fixed[0]: table 13 outside 1..12 of slot \"d1-1000\"");
	expect("{\"slots\":[" S1 "],\"participants\":[{\"id\":\"acme\"},"
	       "{\"id\":\"hmart\"},{\"id\":\"kia\"}],"
	       "\"requests\":[{\"a\":\"acme\",\"b\":\"hmart\"}],"
	       "\"fixed\":[{\"a\":\"acme\",\"b\":\"kia\",\"slot\":\"d1-1000\","
	       "\"table\":1}]}",
	       "$.fixed[0]: no request between \"acme\" and \"kia\"");
}

static void test_times(void **state)
{
	int64_t t;
	int32_t off;
	char text[40];

	(void)state;
	assert_int_equal(sched_parse_time("1970-01-01T00:00:00Z", &t, &off), 0);
	assert_int_equal(t, 0);
	assert_int_equal(sched_parse_time("2024-01-09T10:00:00-08:00", &t,
					  &off), 0);
	assert_int_equal(t, 1704823200);
	assert_int_equal(off, -28800);
	assert_int_equal(sched_parse_time("2024-02-29T23:59:59.250+09:00", &t,
					  &off), 0);
	sched_format_time(t, off, text, sizeof text);
	assert_string_equal(text, "2024-02-29T23:59:59+09:00");
	assert_int_equal(sched_parse_time("2024-01-09T10:00:00", &t, &off), -1);
	assert_int_equal(sched_parse_time("2024-13-09T10:00:00Z", &t, &off),
			 -1);
	assert_int_equal(sched_parse_time("2024-01-09T24:00:00Z", &t, &off),
			 -1);
	assert_int_equal(sched_parse_time("2024-01-09T10:00:00+0800", &t,
					  &off), -1);
	assert_int_equal(sched_parse_time("", &t, &off), -1);
}

static void test_generated_round_trip(void **state)
{
	struct sched_gen_options g = { .participants = 30, .days = 2,
				       .slots_per_day = 4, .venues = 2,
				       .seed = 3 };
	struct sched_problem *p, *q;
	struct error err;

	(void)state;
	assert_int_equal(sched_generate(&g, &p, &err), 0);
	json_t *doc = sched_json_problem(p);
	assert_non_null(doc);
	assert_int_equal(sched_json_parse_problem(doc, "gen.json", &q, &err), 0);
	assert_int_equal(sched_problem_slot_count(p),
			 sched_problem_slot_count(q));
	assert_int_equal(sched_problem_request_count(p),
			 sched_problem_request_count(q));
	for (int r = 0; r < sched_problem_request_count(p); r++)
		assert_int_equal(sched_problem_request(p, r)->weight,
				 sched_problem_request(q, r)->weight);
	for (int s = 0; s < sched_problem_slot_count(p); s++) {
		assert_int_equal(sched_problem_slot(p, s)->start,
				 sched_problem_slot(q, s)->start);
		assert_int_equal(sched_problem_slot(p, s)->day,
				 sched_problem_slot(q, s)->day);
	}
	json_decref(doc);
	sched_problem_free(p);
	sched_problem_free(q);
}

/* Random mutations of a valid problem: whatever still parses as JSON is
 * either rejected with a located message or solved into a schedule the
 * checker accepts.  Under ASan this is a small fuzz run. */
static void test_mutations(void **state)
{
	static const char base[] =
		"{\"slots\":[" S1 "," S2 "],"
		"\"travel\":[{\"between\":[\"LVCC\",\"Venetian\"],\"minutes\":30}],"
		"\"participants\":[{\"id\":\"acme\",\"available\":[\"d1-1000\"]},"
		"{\"id\":\"hmart\",\"max_meetings\":1},{\"id\":\"kia\"}],"
		"\"requests\":[{\"a\":\"acme\",\"b\":\"hmart\",\"weight\":3},"
		"{\"a\":\"kia\",\"b\":\"hmart\"},{\"a\":\"kia\",\"b\":\"acme\"}]}";
	static const char alphabet[] = "{}[]\",:0123456789-aZT.";
	uint64_t rng = 77;
	char text[sizeof base];
	int parsed = 0, solved = 0;

	(void)state;
	for (int i = 0; i < 3000; i++) {
		memcpy(text, base, sizeof base);
		int edits = 1 + (int)sched_rng_below(&rng, 3);
		for (int k = 0; k < edits; k++)
			text[sched_rng_below(&rng, sizeof base - 1)] =
				alphabet[sched_rng_below(&rng,
							 sizeof alphabet - 1)];
		json_t *root = json_loads(text, 0, NULL);
		if (root == NULL)
			continue;
		parsed++;
		struct sched_problem *p = NULL;
		struct error err;
		if (sched_json_parse_problem(root, "m.json", &p, &err) != 0) {
			assert_null(p);
			assert_true(strncmp(err.message, "m.json", 6) == 0);
			json_decref(root);
			continue;
		}
		struct sched_options opt = { .time_limit = 0.01, .seed = 1 };
		struct sched_solution *sol;
		assert_int_equal(sched_solve(p, &opt, &sol, &err), 0);
		assert_true(sol->stats.upper_bound >=
			    sol->stats.weight_scheduled);
		assert_int_equal(sol->stats.idle_gaps,
				 sched_idle_gaps(p, sol->slot));
		solved++;
		sched_solution_free(sol);
		sched_problem_free(p);
		json_decref(root);
	}
	/* The run must exercise both paths. */
	assert_true(parsed > 100);
	assert_true(solved > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_rejected),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_generated_round_trip),
		cmocka_unit_test(test_mutations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
