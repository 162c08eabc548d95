/* test_sched_rules.c: the feasibility rules (overlap, travel, tables,
 * caps, availability, fixed meetings) and the independent checker against
 * hand-made schedules, feasible and not. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "sched/sched.h"
#include "util/error.h"

#define T0 1704819600LL    /* 2024-01-09T09:00:00-08:00 */
#define HALF_HOUR 1800
#define OFFSET (-8 * 3600)

/* Slots: A1 09:00 and A2 09:30 and A3 10:00 at venue A (A1 with one
 * table), B2 09:30 and B3 10:00 at venue B; travel A-B 30 minutes.
 * Participants x, y, z, w (w capped at one meeting, z not available in
 * A3).  Requests x-y (weight 3), x-z, y-z, z-w, x-w. */
static struct sched_problem *fixture(void)
{
	struct sched_problem *p = sched_problem_new();
	struct error err;

	assert_non_null(p);
	assert_int_equal(sched_problem_add_slot(p, "A1", T0, T0 + HALF_HOUR,
						OFFSET, "A", 1, &err), 0);
	assert_int_equal(sched_problem_add_slot(p, "A2", T0 + HALF_HOUR,
						T0 + 2 * HALF_HOUR, OFFSET,
						"A", 2, &err), 0);
	assert_int_equal(sched_problem_add_slot(p, "A3", T0 + 2 * HALF_HOUR,
						T0 + 3 * HALF_HOUR, OFFSET,
						"A", 2, &err), 0);
	assert_int_equal(sched_problem_add_slot(p, "B2", T0 + HALF_HOUR,
						T0 + 2 * HALF_HOUR, OFFSET,
						"B", 2, &err), 0);
	assert_int_equal(sched_problem_add_slot(p, "B3", T0 + 2 * HALF_HOUR,
						T0 + 3 * HALF_HOUR, OFFSET,
						"B", 2, &err), 0);
	assert_int_equal(sched_problem_set_travel(p, "A", "B", 30, &err), 0);
	assert_int_equal(sched_problem_add_participant(p, "x", -1, &err), 0);
	assert_int_equal(sched_problem_add_participant(p, "y", -1, &err), 0);
	assert_int_equal(sched_problem_add_participant(p, "z", -1, &err), 0);
	const char *z_slots[] = { "A1", "A2", "B2", "B3" };
	for (int i = 0; i < 4; i++)
		assert_int_equal(sched_problem_set_available(p, z_slots[i],
							     &err), 0);
	assert_int_equal(sched_problem_add_participant(p, "w", 1, &err), 0);
	assert_int_equal(sched_problem_add_request(p, "x", "y", 2, &err), 0);
	assert_int_equal(sched_problem_add_request(p, "y", "x", 1, &err), 0);
	assert_int_equal(sched_problem_add_request(p, "x", "z", 1, &err), 0);
	assert_int_equal(sched_problem_add_request(p, "y", "z", 1, &err), 0);
	assert_int_equal(sched_problem_add_request(p, "z", "w", 1, &err), 0);
	assert_int_equal(sched_problem_add_request(p, "x", "w", 1, &err), 0);
	assert_int_equal(sched_problem_finish(p, &err), 0);
	return p;
}

static void test_conflicts(void **state)
{
	struct sched_problem *p = fixture();
	int A1 = sched_problem_find_slot(p, "A1"),
	    A2 = sched_problem_find_slot(p, "A2"),
	    A3 = sched_problem_find_slot(p, "A3"),
	    B2 = sched_problem_find_slot(p, "B2"),
	    B3 = sched_problem_find_slot(p, "B3");

	(void)state;
	assert_true(sched_problem_slots_conflict(p, A1, A1));
	assert_false(sched_problem_slots_conflict(p, A1, A2)); /* back to back */
	assert_true(sched_problem_slots_conflict(p, A2, B2));  /* overlap */
	assert_true(sched_problem_slots_conflict(p, A1, B2));  /* no time to travel */
	assert_true(sched_problem_slots_conflict(p, B2, A1));
	assert_false(sched_problem_slots_conflict(p, A1, B3)); /* 30 min: enough */
	assert_false(sched_problem_slots_conflict(p, A3, A1));
	/* Mutual interest is one request with the summed weight. */
	assert_int_equal(sched_problem_request_count(p), 5);
	int x = sched_problem_find_participant(p, "x");
	int y = sched_problem_find_participant(p, "y");
	int r = sched_problem_find_request(p, y, x);
	assert_true(r >= 0);
	assert_int_equal(sched_problem_request(p, r)->weight, 3);
	assert_false(sched_problem_is_available(
		p, sched_problem_find_participant(p, "z"), A3));
	sched_problem_free(p);
}

/* Collects the checker's messages. */
struct messages {
	int n;
	char text[32][ERROR_MESSAGE_MAX];
};

static void collect(void *ctx, const char *message)
{
	struct messages *m = ctx;

	if (m->n < 32)
		memcpy(m->text[m->n], message, strlen(message) + 1);
	m->n++;
}

static bool said(const struct messages *m, const char *needle)
{
	for (int i = 0; i < m->n && i < 32; i++)
		if (strstr(m->text[i], needle))
			return true;
	return false;
}

/* Checks a schedule given as meetings (with stats filled in correctly
 * from the given weight and gaps) and returns the messages. */
static int check(const struct sched_problem *p,
		 const struct sched_claimed_meeting *meetings, int n,
		 const struct sched_claimed_unscheduled *unscheduled, int u,
		 struct sched_stats stats, struct messages *out)
{
	struct sched_claim c = {
		.meeting_count = n, .meetings = meetings,
		.unscheduled_count = u, .unscheduled = unscheduled,
		.stats = stats,
	};

	memset(out, 0, sizeof *out);
	return sched_check(p, &c, collect, out);
}

static const struct sched_claimed_unscheduled all_but_xy_xz[] = {
	{ "y", "z", "$.unscheduled[0]" },
	{ "z", "w", "$.unscheduled[1]" },
	{ "x", "w", "$.unscheduled[2]" },
};

static void test_check_feasible(void **state)
{
	struct sched_problem *p = fixture();
	struct messages m;
	/* x-y in A1, x-z in A2: back to back at one venue, no gap. */
	struct sched_claimed_meeting ok[] = {
		{ "x", "y", "A1", 1, "$.meetings[0]" },
		{ "z", "x", "A2", 2, "$.meetings[1]" },
	};
	struct sched_stats stats = { .requests = 5, .scheduled = 2,
				     .weight_total = 7, .weight_scheduled = 4,
				     .upper_bound = 4, .idle_gaps = 0 };

	(void)state;
	assert_int_equal(check(p, ok, 2, all_but_xy_xz, 3, stats, &m), 0);
	/* Wrong figures are each named. */
	stats.weight_scheduled = 5;
	stats.idle_gaps = 1;
	stats.upper_bound = 3;
	assert_int_equal(check(p, ok, 2, all_but_xy_xz, 3, stats, &m), 3);
	assert_true(said(&m, "$.stats.weight_scheduled: 5, but the schedule "
			     "gives 4"));
	assert_true(said(&m, "$.stats.idle_gaps"));
	assert_true(said(&m, "$.stats.upper_bound: 3 is below"));
	sched_problem_free(p);
}

static void test_check_overlap_and_travel(void **state)
{
	struct sched_problem *p = fixture();
	struct messages m;
	struct sched_claimed_meeting overlap[] = {
		{ "x", "y", "A2", 1, "$.meetings[0]" },
		{ "x", "z", "B2", 1, "$.meetings[1]" },
	};
	struct sched_claimed_meeting travel[] = {
		{ "x", "y", "A1", 1, "$.meetings[0]" },
		{ "x", "z", "B2", 1, "$.meetings[1]" },
	};
	struct sched_stats stats = { .requests = 5, .scheduled = 2,
				     .weight_total = 7, .weight_scheduled = 4,
				     .upper_bound = 7 };

	(void)state;
	assert_int_equal(check(p, overlap, 2, all_but_xy_xz, 3, stats, &m), 1);
	assert_true(said(&m, "\"x\" is in both"));
	assert_true(said(&m, "overlap in time"));
	assert_int_equal(check(p, travel, 2, all_but_xy_xz, 3, stats, &m), 1);
	assert_true(said(&m, "travel time"));
	sched_problem_free(p);
}

static void test_check_tables_caps_availability(void **state)
{
	struct sched_problem *p = fixture();
	struct messages m;
	/* A1 has one table; w is capped at one; z is away in A3. */
	struct sched_claimed_meeting bad[] = {
		{ "x", "y", "A1", 1, "$.meetings[0]" },
		{ "z", "w", "A1", 1, "$.meetings[1]" },
		{ "x", "w", "A3", 3, "$.meetings[2]" },
		{ "y", "z", "A3", 1, "$.meetings[3]" },
	};
	struct sched_claimed_unscheduled rest[] = {
		{ "x", "z", "$.unscheduled[0]" },
	};
	/* Everyone meets in A1 and A3 with A2 free between: 4 gaps. */
	struct sched_stats stats = { .requests = 5, .scheduled = 4,
				     .weight_total = 7, .weight_scheduled = 6,
				     .upper_bound = 7, .idle_gaps = 4 };

	(void)state;
	int n = check(p, bad, 4, rest, 1, stats, &m);
	assert_true(said(&m, "slot \"A1\" holds 2 meetings but has 1 tables"));
	assert_true(said(&m, "table 1 of slot \"A1\" is also used"));
	assert_true(said(&m, "$.meetings[1].table: 1") == false);
	assert_true(said(&m, "$.meetings[2].table: 3 is not a table"));
	assert_true(said(&m, "\"w\" has 2 meetings, more than max_meetings (1)"));
	assert_true(said(&m, "\"z\" is not available in slot \"A3\""));
	assert_int_equal(n, 5);
	sched_problem_free(p);
}

static void test_check_ids_and_listing(void **state)
{
	struct sched_problem *p = fixture();
	struct messages m;
	struct sched_claimed_meeting bad[] = {
		{ "x", "nobody", "A1", 1, "$.meetings[0]" },
		{ "x", "y", "Z9", 1, "$.meetings[1]" },
		{ "y", "w", "A2", 1, "$.meetings[2]" },   /* not requested */
		{ "x", "y", "A2", 2, "$.meetings[3]" },
		{ "y", "x", "A3", 1, "$.meetings[4]" },   /* met twice */
	};
	struct sched_claimed_unscheduled rest[] = {
		{ "x", "y", "$.unscheduled[0]" },        /* but it is met */
		{ "z", "w", "$.unscheduled[1]" },
		{ "z", "w", "$.unscheduled[2]" },        /* twice */
	};
	struct sched_stats stats = { .requests = 5, .scheduled = 1,
				     .weight_total = 7, .weight_scheduled = 3,
				     .upper_bound = 7 };

	(void)state;
	check(p, bad, 5, rest, 3, stats, &m);
	assert_true(said(&m, "$.meetings[0].b: unknown participant \"nobody\""));
	assert_true(said(&m, "$.meetings[1].slot: unknown slot \"Z9\""));
	assert_true(said(&m, "$.meetings[2]: nobody requested"));
	assert_true(said(&m, "$.meetings[4]: \"y\" and \"x\" already meet in "
			     "$.meetings[3]"));
	assert_true(said(&m, "$.unscheduled[0]: listed as unscheduled but met"));
	assert_true(said(&m, "$.unscheduled[2]: listed as unscheduled twice"));
	assert_true(said(&m, "request of \"x\" and \"z\" is neither met"));
	sched_problem_free(p);
}

static void test_idle_gaps(void **state)
{
	struct sched_problem *p = fixture();
	struct messages m;
	/* x meets in A1 and A3: A2 lies between and x is available there. */
	struct sched_claimed_meeting gap[] = {
		{ "x", "y", "A1", 1, "$.meetings[0]" },
		{ "x", "w", "A3", 1, "$.meetings[1]" },
	};
	struct sched_claimed_unscheduled rest[] = {
		{ "x", "z", "$.unscheduled[0]" },
		{ "y", "z", "$.unscheduled[1]" },
		{ "z", "w", "$.unscheduled[2]" },
	};
	struct sched_stats stats = { .requests = 5, .scheduled = 2,
				     .weight_total = 7, .weight_scheduled = 4,
				     .upper_bound = 7, .idle_gaps = 1 };
	int slot_of[5];

	(void)state;
	assert_int_equal(check(p, gap, 2, rest, 3, stats, &m), 0);
	/* The solver's own count agrees. */
	for (int r = 0; r < 5; r++)
		slot_of[r] = -1;
	int x = sched_problem_find_participant(p, "x");
	slot_of[sched_problem_find_request(
		p, x, sched_problem_find_participant(p, "y"))] =
		sched_problem_find_slot(p, "A1");
	slot_of[sched_problem_find_request(
		p, x, sched_problem_find_participant(p, "w"))] =
		sched_problem_find_slot(p, "A3");
	assert_int_equal(sched_idle_gaps(p, slot_of), 1);
	sched_problem_free(p);
}

static void test_fixed_meetings(void **state)
{
	struct sched_problem *p = sched_problem_new();
	struct error err;

	(void)state;
	sched_problem_add_slot(p, "s1", T0, T0 + HALF_HOUR, OFFSET, "A", 2,
			       &err);
	sched_problem_add_slot(p, "s2", T0 + HALF_HOUR, T0 + 2 * HALF_HOUR,
			       OFFSET, "A", 2, &err);
	sched_problem_add_participant(p, "x", -1, &err);
	sched_problem_add_participant(p, "y", -1, &err);
	sched_problem_add_participant(p, "z", -1, &err);
	sched_problem_add_request(p, "x", "y", 1, &err);
	sched_problem_add_request(p, "x", "z", 5, &err);
	sched_problem_add_request(p, "y", "z", 1, &err);
	/* Not requested, bad table, twice: refused at once. */
	assert_int_equal(sched_problem_add_fixed(p, "y", "nobody", "s1", 1,
						 &err), ERROR_INVALID);
	assert_int_equal(sched_problem_add_fixed(p, "x", "y", "s1", 3, &err),
			 ERROR_INVALID);
	assert_non_null(strstr(err.message, "table 3 outside 1..2"));
	assert_int_equal(sched_problem_add_fixed(p, "x", "y", "s2", 2, &err), 0);
	assert_int_equal(sched_problem_add_fixed(p, "y", "x", "s1", 1, &err),
			 ERROR_INVALID);
	assert_int_equal(sched_problem_finish(p, &err), 0);

	/* The solver keeps x-y in s2 at table 2 even though x-z weighs
	 * more; x-z and y-z share s1 with z in both, so one of them goes. */
	struct sched_options opt = { .time_limit = 0.2, .seed = 1 };
	struct sched_solution *sol;
	assert_int_equal(sched_solve(p, &opt, &sol, &err), 0);
	int xy = sched_problem_find_request(p, 0, 1);
	assert_int_equal(sol->slot[xy], sched_problem_find_slot(p, "s2"));
	assert_int_equal(sol->table[xy], 2);
	assert_int_equal(sol->stats.weight_scheduled, 6);
	assert_int_equal(sol->stats.upper_bound, 6);
	sched_solution_free(sol);
	sched_problem_free(p);

	/* Fixed meetings that clash are rejected when the problem is sealed. */
	p = sched_problem_new();
	sched_problem_add_slot(p, "s1", T0, T0 + HALF_HOUR, OFFSET, "A", 2,
			       &err);
	sched_problem_add_participant(p, "x", -1, &err);
	sched_problem_add_participant(p, "y", -1, &err);
	sched_problem_add_participant(p, "z", -1, &err);
	sched_problem_add_request(p, "x", "y", 1, &err);
	sched_problem_add_request(p, "x", "z", 1, &err);
	sched_problem_add_fixed(p, "x", "y", "s1", 1, &err);
	sched_problem_add_fixed(p, "x", "z", "s1", 2, &err);
	assert_int_equal(sched_problem_finish(p, &err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "$.fixed[1]: \"x\" cannot be in"));
	sched_problem_free(p);
}

static void test_builder_rejects(void **state)
{
	struct sched_problem *p = sched_problem_new();
	struct error err;

	(void)state;
	assert_int_equal(sched_problem_add_slot(p, "s", T0, T0, OFFSET, "A", 1,
						&err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "does not end after it starts"));
	assert_int_equal(sched_problem_add_slot(p, "s", T0, T0 + 60, OFFSET,
						"A", 0, &err), ERROR_INVALID);
	assert_int_equal(sched_problem_add_slot(p, "s", T0, T0 + 60, OFFSET,
						"A", 1, &err), 0);
	assert_int_equal(sched_problem_add_slot(p, "s", T0, T0 + 60, OFFSET,
						"A", 1, &err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "duplicate slot \"s\""));
	assert_int_equal(sched_problem_set_travel(p, "A", "Q", 5, &err),
			 ERROR_INVALID);
	assert_non_null(strstr(err.message, "unknown location \"Q\""));
	assert_int_equal(sched_problem_add_participant(p, "x", -1, &err), 0);
	assert_int_equal(sched_problem_add_participant(p, "x", -1, &err),
			 ERROR_INVALID);
	assert_int_equal(sched_problem_add_participant(p, "", -1, &err),
			 ERROR_INVALID);
	assert_int_equal(sched_problem_add_participant(p, "y", -1, &err), 0);
	assert_int_equal(sched_problem_add_request(p, "x", "x", 1, &err),
			 ERROR_INVALID);
	assert_non_null(strstr(err.message, "cannot meet itself"));
	assert_int_equal(sched_problem_add_request(p, "x", "y", 0, &err),
			 ERROR_INVALID);
	assert_int_equal(sched_problem_add_request(p, "x", "y", -2, &err),
			 ERROR_INVALID);
	assert_int_equal(sched_problem_add_request(p, "x", "q", 1, &err),
			 ERROR_INVALID);
	assert_non_null(strstr(err.message, "unknown participant \"q\""));
	assert_int_equal(sched_problem_add_request(p, "x", "y",
						   SCHED_MAX_WEIGHT, &err), 0);
	assert_int_equal(sched_problem_add_request(p, "y", "x", 1, &err),
			 ERROR_INVALID);   /* the sum would pass the ceiling */
	sched_problem_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conflicts),
		cmocka_unit_test(test_check_feasible),
		cmocka_unit_test(test_check_overlap_and_travel),
		cmocka_unit_test(test_check_tables_caps_availability),
		cmocka_unit_test(test_check_ids_and_listing),
		cmocka_unit_test(test_idle_gaps),
		cmocka_unit_test(test_fixed_meetings),
		cmocka_unit_test(test_builder_rejects),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
