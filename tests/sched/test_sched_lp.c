/* test_sched_lp.c: the LP relaxation's bound on hand-made problems whose
 * LP value and optimum are known by hand, and the solution's "optimal"
 * flag and bound method, both ways. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "sched/sched.h"
#include "util/error.h"

#define T0 1704819600LL    /* 2024-01-09T09:00:00-08:00 */
#define HALF_HOUR 1800
#define OFFSET (-8 * 3600)

static void add_slots(struct sched_problem *p, int n, int tables)
{
	struct error err;
	char id[8];

	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof id, "s%d", i + 1);
		assert_int_equal(sched_problem_add_slot(p, id,
							T0 + i * HALF_HOUR,
							T0 + (i + 1) * HALF_HOUR,
							OFFSET, "hall", tables,
							&err), 0);
	}
}

static void person(struct sched_problem *p, const char *id,
		   const char *only_slot)
{
	struct error err;

	assert_int_equal(sched_problem_add_participant(p, id, -1, &err), 0);
	if (only_slot)
		assert_int_equal(sched_problem_set_available(p, only_slot, &err),
				 0);
}

static void request(struct sched_problem *p, const char *a, const char *b,
		    int64_t weight)
{
	struct error err;

	assert_int_equal(sched_problem_add_request(p, a, b, weight, &err), 0);
}

/* A company and three buyers: b1 and b2 are free only in s1, b3 only in
 * s2; the company wants b1 and b2 (weight 3 each) and b3 (weight 1).
 * The b-matching relaxation lets the company meet b1 and b2 (it can have
 * two meetings; 6), but it is in one place in s1: the LP, and the
 * optimum, are 3 + 1 = 4. */
static struct sched_problem *misaligned(void)
{
	struct sched_problem *p = sched_problem_new();
	struct error err;

	assert_non_null(p);
	add_slots(p, 2, 5);
	person(p, "company", NULL);
	person(p, "b1", "s1");
	person(p, "b2", "s1");
	person(p, "b3", "s2");
	request(p, "company", "b1", 3);
	request(p, "company", "b2", 3);
	request(p, "company", "b3", 1);
	assert_int_equal(sched_problem_finish(p, &err), 0);
	return p;
}

/* Two disjoint five-cycles of requests (weight 1), two slots, tables to
 * spare.  An odd cycle cannot be edge-coloured with two colours, so each
 * cycle meets at most 4 of its 5 pairs: the optimum is 8.  The LP meets
 * every pair half in each slot (5 per cycle, 10), and so does the
 * b-matching bound (everyone can have two meetings; ten people fill five
 * tables per slot): 10. */
static struct sched_problem *odd_cycles(void)
{
	struct sched_problem *p = sched_problem_new();
	struct error err;
	char a[8], b[8];

	assert_non_null(p);
	add_slots(p, 2, 10);
	for (int i = 0; i < 10; i++) {
		snprintf(a, sizeof a, "p%d", i);
		person(p, a, NULL);
	}
	for (int c = 0; c < 2; c++)
		for (int i = 0; i < 5; i++) {
			snprintf(a, sizeof a, "p%d", c * 5 + i);
			snprintf(b, sizeof b, "p%d", c * 5 + (i + 1) % 5);
			request(p, a, b, 1);
		}
	assert_int_equal(sched_problem_finish(p, &err), 0);
	return p;
}

/* Three people who all want to meet one another, one slot: the LP meets
 * each pair half (x = 1/2 three times: 1.5); the bound is its floor. */
static struct sched_problem *triangle(void)
{
	struct sched_problem *p = sched_problem_new();
	struct error err;

	assert_non_null(p);
	add_slots(p, 1, 5);
	person(p, "a", NULL);
	person(p, "b", NULL);
	person(p, "c", NULL);
	request(p, "a", "b", 1);
	request(p, "b", "c", 1);
	request(p, "a", "c", 1);
	assert_int_equal(sched_problem_finish(p, &err), 0);
	return p;
}

static void test_lp_tighter_than_b_matching(void **state)
{
	struct sched_problem *p = misaligned();
	struct sched_lp_result lp;

	(void)state;
	assert_int_equal(sched_upper_bound(p), 6);
	assert_int_equal(sched_lp_bound(p, 5.0, &lp), 0);
	assert_true(lp.solved);
	assert_true(lp.lp_optimal);
	assert_int_equal(lp.bound, 4);
	assert_true(lp.lp_value > 4 - 1e-6 && lp.lp_value < 4 + 1e-6);
	sched_problem_free(p);
}

static void test_lp_fractional_value(void **state)
{
	struct sched_problem *p = triangle();
	struct sched_lp_result lp;

	(void)state;
	assert_int_equal(sched_lp_bound(p, 5.0, &lp), 0);
	assert_true(lp.lp_value > 1.5 - 1e-6 && lp.lp_value < 1.5 + 1e-6);
	assert_int_equal(lp.bound, 1);
	sched_problem_free(p);
	p = odd_cycles();
	assert_int_equal(sched_lp_bound(p, 5.0, &lp), 0);
	assert_true(lp.lp_value > 10 - 1e-6 && lp.lp_value < 10 + 1e-6);
	assert_int_equal(lp.bound, 10);
	sched_problem_free(p);
}

/* Fixed meetings count in full and take their slot from both sides. */
static void test_lp_with_fixed(void **state)
{
	struct sched_problem *p = sched_problem_new();
	struct sched_lp_result lp;
	struct error err;

	(void)state;
	add_slots(p, 2, 5);
	person(p, "company", NULL);
	person(p, "b1", "s1");
	person(p, "b2", NULL);
	request(p, "company", "b1", 3);
	request(p, "company", "b2", 2);
	assert_int_equal(sched_problem_add_fixed(p, "company", "b2", "s1", 1,
						 &err), 0);
	assert_int_equal(sched_problem_finish(p, &err), 0);
	/* b1 can only meet in s1, which the fixed meeting holds. */
	assert_int_equal(sched_lp_bound(p, 5.0, &lp), 0);
	assert_int_equal(lp.bound, 2);
	sched_problem_free(p);
}

/* No time for the LP: it is not used, and nothing is claimed. */
static void test_lp_without_budget(void **state)
{
	struct sched_problem *p = misaligned();
	struct sched_lp_result lp;

	(void)state;
	assert_int_not_equal(sched_lp_bound(p, 0, &lp), 0);
	assert_false(lp.solved);
	sched_problem_free(p);
}

static void test_optimal_flag(void **state)
{
	struct sched_problem *p = misaligned();
	struct sched_solution *sol = NULL;
	struct sched_options opt = { .time_limit = 1.0, .seed = 1 };
	struct error err;

	(void)state;
	/* The schedule meets the LP bound: optimal, proven by the LP. */
	assert_int_equal(sched_solve(p, &opt, &sol, &err), 0);
	assert_int_equal(sol->stats.weight_scheduled, 4);
	assert_int_equal(sol->stats.upper_bound, 4);
	assert_true(sol->stats.optimal);
	assert_int_equal(sol->stats.bound_method, SCHED_BOUND_LP);
	assert_string_equal(sched_bound_method_name(sol->stats.bound_method),
			    "lp_relaxation");
	sched_solution_free(sol);
	sched_problem_free(p);

	/* The best schedule (8) stays below every bound (10): not optimal
	 * as far as anyone can prove here. */
	p = odd_cycles();
	opt.time_limit = 0.3;
	assert_int_equal(sched_solve(p, &opt, &sol, &err), 0);
	assert_int_equal(sol->stats.weight_scheduled, 8);
	assert_int_equal(sol->stats.upper_bound, 10);
	assert_false(sol->stats.optimal);
	sched_solution_free(sol);
	sched_problem_free(p);
}

/* Above 1,000 requests the LP runs on its own thread beside a single
 * search run: 400 copies of the misaligned problem (1,200 requests),
 * LP bound 400 x 4, b-matching bound 400 x 6. */
static void test_optimal_flag_beside_one_run(void **state)
{
	struct sched_problem *p = sched_problem_new();
	struct sched_solution *sol = NULL;
	struct sched_options opt = { .time_limit = 2.0, .seed = 1 };
	struct error err;
	char c[16], b1[16], b2[16], b3[16];

	(void)state;
	add_slots(p, 2, 1000);
	for (int i = 0; i < 400; i++) {
		snprintf(c, sizeof c, "c%d", i);
		snprintf(b1, sizeof b1, "b1-%d", i);
		snprintf(b2, sizeof b2, "b2-%d", i);
		snprintf(b3, sizeof b3, "b3-%d", i);
		person(p, c, NULL);
		person(p, b1, "s1");
		person(p, b2, "s1");
		person(p, b3, "s2");
		request(p, c, b1, 3);
		request(p, c, b2, 3);
		request(p, c, b3, 1);
	}
	assert_int_equal(sched_problem_finish(p, &err), 0);
	assert_int_equal(sched_upper_bound(p), 2400);
	assert_int_equal(sched_solve(p, &opt, &sol, &err), 0);
	assert_int_equal(sol->stats.weight_scheduled, 1600);
	assert_int_equal(sol->stats.upper_bound, 1600);
	assert_true(sol->stats.optimal);
	assert_int_equal(sol->stats.bound_method, SCHED_BOUND_LP);
	sched_solution_free(sol);
	sched_problem_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lp_tighter_than_b_matching),
		cmocka_unit_test(test_lp_fractional_value),
		cmocka_unit_test(test_lp_with_fixed),
		cmocka_unit_test(test_lp_without_budget),
		cmocka_unit_test(test_optimal_flag),
		cmocka_unit_test(test_optimal_flag_beside_one_run),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
