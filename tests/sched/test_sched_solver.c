/* test_sched_solver.c: properties of the solver on random problems.
 *
 * On tiny random problems (overlapping slots, travel, holes, caps, one or
 * two tables) a brute force finds the true optimum: the bound is never
 * below it, and the solver almost always reaches it.  On every problem the
 * solver's schedule passes the independent checker, and a seed gives the
 * same schedule twice. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "sched/sched.h"
#include "util/error.h"

#define T0 1704819600LL
#define TINY_PROBLEMS 250
#define MAX_S 4
#define MAX_R 6

struct tiny {
	int S, P, R;
	int64_t start[MAX_S], end[MAX_S];
	int loc[MAX_S], tables[MAX_S];
	int travel;                 /* minutes between locations 0 and 1 */
	int avail[6][MAX_S], cap[6];
	int a[MAX_R], b[MAX_R];
	int64_t w[MAX_R];
};

static const char *const names[] = { "p0", "p1", "p2", "p3", "p4", "p5" };
static const char *const slot_names[] = { "s0", "s1", "s2", "s3" };

static struct sched_problem *build(const struct tiny *t)
{
	struct sched_problem *p = sched_problem_new();
	struct error err;

	for (int s = 0; s < t->S; s++)
		assert_int_equal(sched_problem_add_slot(
					 p, slot_names[s], t->start[s],
					 t->end[s], 0, t->loc[s] ? "B" : "A",
					 t->tables[s], &err), 0);
	if (sched_problem_find_location(p, "A") >= 0 &&
	    sched_problem_find_location(p, "B") >= 0)
		assert_int_equal(sched_problem_set_travel(p, "A", "B",
							  t->travel, &err), 0);
	for (int x = 0; x < t->P; x++) {
		assert_int_equal(sched_problem_add_participant(
					 p, names[x], t->cap[x], &err), 0);
		bool all = true;
		for (int s = 0; s < t->S; s++)
			all &= t->avail[x][s] != 0;
		if (all)
			continue;
		assert_int_equal(sched_problem_set_available_none(p, &err), 0);
		for (int s = 0; s < t->S; s++)
			if (t->avail[x][s])
				assert_int_equal(sched_problem_set_available(
							 p, slot_names[s], &err),
						 0);
	}
	for (int r = 0; r < t->R; r++)
		assert_int_equal(sched_problem_add_request(
					 p, names[t->a[r]], names[t->b[r]],
					 t->w[r], &err), 0);
	assert_int_equal(sched_problem_finish(p, &err), 0);
	return p;
}

static void random_tiny(struct tiny *t, uint64_t *rng)
{
	memset(t, 0, sizeof *t);
	t->S = 2 + (int)sched_rng_below(rng, MAX_S - 1);
	t->P = 3 + (int)sched_rng_below(rng, 3);
	t->travel = 15 * (int)sched_rng_below(rng, 4);
	for (int s = 0; s < t->S; s++) {
		t->start[s] = T0 + 900 * (int64_t)sched_rng_below(rng, 8);
		t->end[s] = t->start[s] + 1800;
		t->loc[s] = (int)sched_rng_below(rng, 2);
		t->tables[s] = 1 + (int)sched_rng_below(rng, 2);
	}
	for (int x = 0; x < t->P; x++) {
		for (int s = 0; s < t->S; s++)
			t->avail[x][s] = sched_rng_below(rng, 5) != 0;
		t->cap[x] = sched_rng_below(rng, 4) == 0
				    ? (int)sched_rng_below(rng, 3)
				    : -1;
	}
	/* Distinct pairs, so the brute force sees what the solver sees. */
	for (int tries = 0; t->R < MAX_R && tries < 40; tries++) {
		int a = (int)sched_rng_below(rng, (uint32_t)t->P);
		int b = (int)sched_rng_below(rng, (uint32_t)t->P);
		bool dup = a == b;
		for (int r = 0; r < t->R; r++)
			dup |= (t->a[r] == a && t->b[r] == b) ||
			       (t->a[r] == b && t->b[r] == a);
		if (dup)
			continue;
		t->a[t->R] = a;
		t->b[t->R] = b;
		t->w[t->R] = 1 + (int64_t)sched_rng_below(rng, 3);
		t->R++;
	}
}

/* The brute force's own reading of the rules. */
static bool attendable(const struct tiny *t, int s, int u)
{
	if (t->start[s] < t->end[u] && t->start[u] < t->end[s])
		return false;
	int64_t gap = t->end[s] <= t->start[u] ? t->start[u] - t->end[s]
					       : t->start[s] - t->end[u];
	return t->loc[s] == t->loc[u] || gap >= (int64_t)t->travel * 60;
}

static bool feasible(const struct tiny *t, const int *slot)
{
	int used[MAX_S] = { 0 }, count[6] = { 0 };

	for (int r = 0; r < t->R; r++) {
		int s = slot[r];
		if (s < 0)
			continue;
		if (!t->avail[t->a[r]][s] || !t->avail[t->b[r]][s] ||
		    ++used[s] > t->tables[s])
			return false;
		count[t->a[r]]++;
		count[t->b[r]]++;
		for (int q = 0; q < r; q++) {
			if (slot[q] < 0)
				continue;
			bool shared = t->a[q] == t->a[r] || t->a[q] == t->b[r] ||
				      t->b[q] == t->a[r] || t->b[q] == t->b[r];
			if (shared && !attendable(t, s, slot[q]))
				return false;
		}
	}
	for (int x = 0; x < t->P; x++)
		if (t->cap[x] >= 0 && count[x] > t->cap[x])
			return false;
	return true;
}

static int64_t brute_force(const struct tiny *t)
{
	int slot[MAX_R];
	int64_t best = 0;
	long combos = 1;

	for (int r = 0; r < t->R; r++)
		combos *= t->S + 1;
	for (long c = 0; c < combos; c++) {
		long k = c;
		int64_t w = 0;
		for (int r = 0; r < t->R; r++) {
			slot[r] = (int)(k % (t->S + 1)) - 1;
			k /= t->S + 1;
			if (slot[r] >= 0)
				w += t->w[r];
		}
		if (w > best && feasible(t, slot))
			best = w;
	}
	return best;
}

/* Runs the checker on a solution, through ids as a file would. */
static int check_solution(const struct sched_problem *p,
			  const struct sched_solution *sol)
{
	int R = sched_problem_request_count(p), nm = 0, nu = 0;
	struct sched_claimed_meeting *m = calloc((size_t)R + 1, sizeof *m);
	struct sched_claimed_unscheduled *u = calloc((size_t)R + 1, sizeof *u);

	assert_non_null(m);
	assert_non_null(u);
	for (int r = 0; r < R; r++) {
		const struct sched_request *q = sched_problem_request(p, r);
		const char *a = sched_problem_participant(p, q->a)->id;
		const char *b = sched_problem_participant(p, q->b)->id;
		if (sol->slot[r] >= 0)
			m[nm++] = (struct sched_claimed_meeting){
				a, b, sched_problem_slot(p, sol->slot[r])->id,
				sol->table[r], "$.meetings[]"
			};
		else
			u[nu++] = (struct sched_claimed_unscheduled){
				a, b, "$.unscheduled[]"
			};
	}
	struct sched_claim c = { nm, m, nu, u, sol->stats };
	int violations = sched_check(p, &c, NULL, NULL);
	free(m);
	free(u);
	return violations;
}

static void test_tiny_against_brute_force(void **state)
{
	uint64_t rng = 42;
	int reached = 0, proven = 0;

	(void)state;
	for (int i = 0; i < TINY_PROBLEMS; i++) {
		struct tiny t;
		struct error err;
		struct sched_solution *sol;
		struct sched_options opt = { .time_limit = 0.05, .seed = 7 };

		random_tiny(&t, &rng);
		struct sched_problem *p = build(&t);
		int64_t best = brute_force(&t);
		int64_t bound = sched_upper_bound(p);
		if (bound < best)
			fail_msg("problem %d: bound %lld below the optimum %lld",
				 i, (long long)bound, (long long)best);
		assert_int_equal(sched_solve(p, &opt, &sol, &err), 0);
		assert_int_equal(check_solution(p, sol), 0);
		assert_true(sol->stats.weight_scheduled <= best);
		/* The solution's bound is the better of that one and the
		 * LP relaxation's: never below the optimum either. */
		if (sol->stats.upper_bound < best)
			fail_msg("problem %d: the solution's bound %lld (%s) is "
				 "below the optimum %lld", i,
				 (long long)sol->stats.upper_bound,
				 sched_bound_method_name(sol->stats.bound_method),
				 (long long)best);
		assert_true(sol->stats.upper_bound <= bound);
		assert_int_equal(sol->stats.optimal,
				 sol->stats.weight_scheduled ==
					 sol->stats.upper_bound);
		reached += sol->stats.weight_scheduled == best;
		proven += sol->stats.optimal;
		sched_solution_free(sol);
		sched_problem_free(p);
	}
	/* Local search is not exact, but tiny problems should not fool it. */
	if (reached < TINY_PROBLEMS * 97 / 100)
		fail_msg("optimum reached on %d of %d tiny problems", reached,
			 TINY_PROBLEMS);
	print_message("optimum reached on %d, proven on %d of %d tiny "
		      "problems\n", reached, proven, TINY_PROBLEMS);
}

static void test_generated_pass_checker(void **state)
{
	(void)state;
	for (int i = 0; i < 8; i++) {
		struct sched_gen_options g = {
			.participants = 10 + 15 * i, .days = 1 + i % 2,
			.slots_per_day = 4 + i, .venues = 1 + i % 3,
			.tables = i % 2 ? 2 : 0, .seed = (uint64_t)i + 1,
		};
		struct sched_problem *p;
		struct sched_solution *sol;
		struct error err;
		struct sched_options opt = { .time_limit = 0.2, .seed = 3 };

		assert_int_equal(sched_generate(&g, &p, &err), 0);
		assert_int_equal(sched_solve(p, &opt, &sol, &err), 0);
		assert_int_equal(check_solution(p, sol), 0);
		assert_true(sol->stats.upper_bound >=
			    sol->stats.weight_scheduled);
		assert_int_equal(sol->stats.idle_gaps,
				 sched_idle_gaps(p, sol->slot));
		sched_solution_free(sol);
		sched_problem_free(p);
	}
}

static void test_deterministic(void **state)
{
	struct sched_gen_options g = { .participants = 12, .days = 1,
				       .slots_per_day = 4, .venues = 2,
				       .seed = 5 };
	struct sched_problem *p;
	struct sched_solution *one, *two;
	struct error err;
	struct sched_options opt = { .time_limit = 60, .seed = 11,
				     .stall_steps = 20000 };

	(void)state;
	assert_int_equal(sched_generate(&g, &p, &err), 0);
	assert_int_equal(sched_solve(p, &opt, &one, &err), 0);
	assert_int_equal(sched_solve(p, &opt, &two, &err), 0);
	int R = sched_problem_request_count(p);
	assert_memory_equal(one->slot, two->slot, (size_t)R * sizeof(int));
	assert_memory_equal(one->table, two->table, (size_t)R * sizeof(int));
	sched_solution_free(one);
	sched_solution_free(two);
	sched_problem_free(p);
}

static void test_full_availability_is_optimal(void **state)
{
	/* Buyers and sellers, one venue, every slot open: edge colouring
	 * (König), so the flow bound is reached exactly. */
	struct sched_problem *p = sched_problem_new();
	struct sched_solution *sol;
	struct error err;
	struct sched_options opt = { .time_limit = 2, .seed = 1 };
	char id[32], other[32];
	uint64_t rng = 9;

	(void)state;
	for (int s = 0; s < 6; s++) {
		snprintf(id, sizeof id, "s%d", s);
		sched_problem_add_slot(p, id, T0 + 1800 * s, T0 + 1800 * (s + 1),
				       0, "hall", 100, &err);
	}
	for (int i = 0; i < 40; i++) {
		snprintf(id, sizeof id, "%s%d", i < 10 ? "buyer" : "seller", i);
		sched_problem_add_participant(p, id, -1, &err);
	}
	for (int i = 0; i < 200; i++) {
		int b = (int)sched_rng_below(&rng, 10);
		int s = 10 + (int)sched_rng_below(&rng, 30);
		snprintf(id, sizeof id, "buyer%d", b);
		snprintf(other, sizeof other, "seller%d", s);
		sched_problem_add_request(p, id, other, 1, &err);
	}
	assert_int_equal(sched_problem_finish(p, &err), 0);
	assert_int_equal(sched_solve(p, &opt, &sol, &err), 0);
	assert_int_equal(check_solution(p, sol), 0);
	assert_int_equal(sol->stats.weight_scheduled, sol->stats.upper_bound);
	sched_solution_free(sol);
	sched_problem_free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tiny_against_brute_force),
		cmocka_unit_test(test_generated_pass_checker),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_full_availability_is_optimal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
