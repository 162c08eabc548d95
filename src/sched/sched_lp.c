/* sched_lp.c: the LP relaxation of the meeting model, a tighter upper
 * bound than sched_bound.c's where it fits in time.
 *
 * Variables x[r,s] in [0, 1]: free request r met in candidate slot s (a
 * slot where both sides are available, free of their fixed meetings'
 * conflicts, with a table left; sched_bound.c steps 1-2).  Rows, each
 * satisfied by every schedule:
 *
 *   - a request is met at most once: sum_s x[r,s] <= 1;
 *   - a participant is in one place at a time: for every instant at which
 *     one of its candidate slots starts, the sum of its x[r,s] over the
 *     candidate slots running at that instant <= 1 (these are the maximal
 *     cliques of overlapping slots);
 *   - its total is at most min(cap left, longest chain of slots it can
 *     attend one after another, travel included: sched_bound.c step 3);
 *   - a slot holds at most its free tables.
 *
 * Unlike the b-matching bound, this sees when the partners' free slots do
 * not line up: a company cannot meet two buyers who are both free only in
 * the same slot.  Cliques of slots that conflict through travel time
 * made the LP about ten times slower to solve and, on every
 * benchmark problem, did not lower the bound (bench/sched/RESULTS.md), so
 * travel enters through the chain row only.
 *
 * COIN-OR CLP (Debian's coinor-libclp) solves it.  Its answer is not
 * trusted as it stands: from CLP's row duals y (clamped to y >= 0), weak
 * duality gives, for any such y,
 *     weight <= b.y + sum_j max(0, c_j - a_j.y)
 * which we evaluate ourselves.  So a dual vector from a run stopped by the
 * time limit, or one off by CLP's tolerances, still gives a valid (if
 * weaker) bound; the floating-point sum is rounded up before its floor.
 *
 * Pure C apart from the CLP calls: no I/O (CLP's own log is switched
 * off).
 */
#include "sched/sched_internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <coin/Clp_C_Interface.h>

/* Beyond these the LP does not pay for its time and the b-matching bound
 * stands alone: on the single-venue benchmark problems of 3,000-4,400
 * requests (38,000-52,000 variables) it took 0.8-1.2 s (at load 15-20)
 * and moved the bound by at most 1 (bench/sched/RESULTS.md). */
#define LP_MAX_SLOTS 512
#define LP_MAX_COLUMNS 30000
#define LP_MAX_ELEMENTS 4000000

struct lp {
	const struct sched_problem *p;
	int S, P, R;
	/* Columns: request r's candidate slots are col_slot[col_start[r] ..
	 * col_start[r+1]-1]. */
	int *col_start, *col_slot;
	int columns;
	double *obj;
	/* Rows, CSR. */
	CoinBigIndex *row_start;
	int *row_col;
	double *row_upper;
	int rows, row_cap;
	size_t elements, element_cap;
	/* Participants' requests with a column, CSR. */
	int *mine_start, *mine;
	bool failed;                  /* out of memory or over a ceiling */
	double deadline;
};

static bool grow_rows(struct lp *l, size_t more)
{
	if (l->rows + 1 >= l->row_cap) {
		int cap = l->row_cap ? l->row_cap * 2 : 1024;
		CoinBigIndex *rs = realloc(l->row_start,
					   ((size_t)cap + 1) * sizeof *rs);
		double *ru = rs ? realloc(l->row_upper,
					  (size_t)cap * sizeof *ru) : NULL;
		if (rs)
			l->row_start = rs;
		if (ru)
			l->row_upper = ru;
		if (!rs || !ru)
			return false;
		l->row_cap = cap;
	}
	if (l->elements + more > l->element_cap) {
		size_t cap = l->element_cap ? l->element_cap : 8192;
		while (cap < l->elements + more)
			cap *= 2;
		if (cap > LP_MAX_ELEMENTS)
			return false;
		int *rc = realloc(l->row_col, cap * sizeof *rc);
		if (rc == NULL)
			return false;
		l->row_col = rc;
		l->element_cap = cap;
	}
	return true;
}

/* Appends the row "sum of x over the columns of participant who in the
 * slots flagged in set (NULL: all) <= upper", unless it holds trivially. */
static void add_participant_row(struct lp *l, int who, const uint8_t *set,
				double upper)
{
	size_t n = 0, most = 0;

	for (int i = l->mine_start[who]; i < l->mine_start[who + 1]; i++) {
		int r = l->mine[i];
		most += (size_t)(l->col_start[r + 1] - l->col_start[r]);
	}
	if (most <= upper || l->failed)
		return;
	if (!grow_rows(l, most)) {
		l->failed = true;
		return;
	}
	l->row_start[l->rows] = (CoinBigIndex)l->elements;
	for (int i = l->mine_start[who]; i < l->mine_start[who + 1]; i++) {
		int r = l->mine[i];
		for (int j = l->col_start[r]; j < l->col_start[r + 1]; j++)
			if (set == NULL || set[l->col_slot[j]])
				l->row_col[l->elements + n++] = j;
	}
	if (n <= upper)
		return;
	l->elements += n;
	l->row_upper[l->rows++] = upper;
	l->row_start[l->rows] = (CoinBigIndex)l->elements;
}

static void lp_free(struct lp *l)
{
	free(l->col_start);
	free(l->col_slot);
	free(l->obj);
	free(l->row_start);
	free(l->row_col);
	free(l->row_upper);
	free(l->mine_start);
	free(l->mine);
}

/* Columns, and the preprocessing they need; false: no memory, or too
 * large.  Fills fixed_weight and left (cap left per participant, -1:
 * none). */
static bool build_columns(struct lp *l, int64_t *fixed_weight, int *left)
{
	const struct sched_problem *p = l->p;
	int S = l->S, P = l->P, R = l->R;
	struct sched_leftover lo;
	bool ok = false;

	l->col_start = malloc(((size_t)R + 1) * sizeof *l->col_start);
	if (sched_leftover_init(p, &lo) != 0)
		return false;
	if (l->col_start == NULL)
		goto cleanup;
	*fixed_weight = lo.fixed_weight;
	for (int x = 0; x < P; x++) {
		int cap = p->participants[x].max_meetings;
		left[x] = cap < 0 ? -1 : cap - lo.fixed_count[x];
	}
	/* Two passes: count, then fill. */
	for (int pass = 0; pass < 2; pass++) {
		int n = 0;
		for (int r = 0; r < R; r++) {
			const struct sched_request *q = &p->requests[r];
			l->col_start[r] = n;
			if (left[q->a] == 0 || left[q->b] == 0)
				continue;
			for (int s = 0; s < S; s++) {
				if (!sched_leftover_candidate(p, &lo, r, s))
					continue;
				if (pass == 1) {
					l->col_slot[n] = s;
					l->obj[n] = (double)q->weight;
				}
				if (++n > LP_MAX_COLUMNS)
					goto cleanup;
			}
		}
		l->col_start[R] = n;
		l->columns = n;
		if (pass == 0) {
			l->col_slot = malloc(((size_t)n + 1) * sizeof *l->col_slot);
			l->obj = malloc(((size_t)n + 1) * sizeof *l->obj);
			if (!l->col_slot || !l->obj)
				goto cleanup;
		}
	}
	/* The table rows, here while tables_left is at hand. */
	int *per_slot = calloc((size_t)S + 1, sizeof *per_slot);
	if (per_slot == NULL)
		goto cleanup;
	for (int j = 0; j < l->columns; j++)
		per_slot[l->col_slot[j]]++;
	for (int s = 0; s < S && !l->failed; s++) {
		if (per_slot[s] <= lo.tables_left[s])
			continue;
		if (!grow_rows(l, (size_t)per_slot[s])) {
			l->failed = true;
			break;
		}
		l->row_start[l->rows] = (CoinBigIndex)l->elements;
		for (int j = 0; j < l->columns; j++)
			if (l->col_slot[j] == s)
				l->row_col[l->elements++] = j;
		l->row_upper[l->rows++] = lo.tables_left[s];
		l->row_start[l->rows] = (CoinBigIndex)l->elements;
	}
	free(per_slot);
	ok = !l->failed;
cleanup:
	sched_leftover_free(&lo);
	return ok;
}

/* The request rows and every participant's rows. */
static bool build_rows(struct lp *l, const int *left)
{
	const struct sched_problem *p = l->p;
	int S = l->S, P = l->P, R = l->R;
	int *fill = NULL, *chain = NULL;
	uint8_t *usable = NULL, *clique = NULL;

	l->mine_start = calloc((size_t)P + 2, sizeof *l->mine_start);
	l->mine = malloc(((size_t)R * 2 + 1) * sizeof *l->mine);
	fill = calloc((size_t)P + 1, sizeof *fill);
	chain = calloc((size_t)S + 1, sizeof *chain);
	usable = calloc((size_t)S + 1, 1);
	clique = calloc((size_t)S + 1, 1);
	if (!l->mine_start || !l->mine || !fill || !chain || !usable ||
	    !clique) {
		l->failed = true;
		goto cleanup;
	}
	for (int r = 0; r < R; r++) {
		int n = l->col_start[r + 1] - l->col_start[r];
		if (n == 0)
			continue;
		l->mine_start[p->requests[r].a + 1]++;
		l->mine_start[p->requests[r].b + 1]++;
		if (n > 1) {
			if (!grow_rows(l, (size_t)n)) {
				l->failed = true;
				goto cleanup;
			}
			l->row_start[l->rows] = (CoinBigIndex)l->elements;
			for (int j = l->col_start[r]; j < l->col_start[r + 1]; j++)
				l->row_col[l->elements++] = j;
			l->row_upper[l->rows++] = 1;
			l->row_start[l->rows] = (CoinBigIndex)l->elements;
		}
	}
	for (int x = 0; x < P; x++)
		l->mine_start[x + 1] += l->mine_start[x];
	for (int r = 0; r < R; r++) {
		if (l->col_start[r + 1] == l->col_start[r])
			continue;
		int a = p->requests[r].a, b = p->requests[r].b;
		l->mine[l->mine_start[a] + fill[a]++] = r;
		l->mine[l->mine_start[b] + fill[b]++] = r;
	}

	for (int x = 0; x < P && !l->failed; x++) {
		if (l->mine_start[x + 1] == l->mine_start[x])
			continue;
		memset(usable, 0, (size_t)S);
		for (int i = l->mine_start[x]; i < l->mine_start[x + 1]; i++) {
			int r = l->mine[i];
			for (int j = l->col_start[r]; j < l->col_start[r + 1]; j++)
				usable[l->col_slot[j]] = 1;
		}
		/* One row per instant at which one of x's slots starts: the
		 * slots running then overlap pairwise (slots are intervals, so
		 * these include every maximal clique of overlapping slots). */
		int64_t last = INT64_MIN;
		for (int i = 0; i < S && !l->failed; i++) {
			int s = p->slot_order[i];
			int64_t at = p->slots[s].start;
			if (!usable[s] || at == last)
				continue;
			last = at;
			for (int t = 0; t < S; t++)
				clique[t] = usable[t] && p->slots[t].start <= at &&
					    at < p->slots[t].end;
			add_participant_row(l, x, clique, 1);
		}
		int most = sched_bound_chain(p, usable, chain);
		if (left[x] >= 0 && left[x] < most)
			most = left[x];
		add_participant_row(l, x, NULL, most);
	}
cleanup:
	free(fill);
	free(chain);
	free(usable);
	free(clique);
	return !l->failed;
}

/* Weak duality at y >= 0 (see the top of the file), rounded up. */
static double dual_value(const struct lp *l, const double *y)
{
	double value = 0, magnitude = 0;
	double *reduced = malloc(((size_t)l->columns + 1) * sizeof *reduced);

	if (reduced == NULL)
		return INFINITY;
	memcpy(reduced, l->obj, (size_t)l->columns * sizeof *reduced);
	for (int i = 0; i < l->rows; i++) {
		double yi = y[i] > 0 ? y[i] : 0;
		if (yi == 0)
			continue;
		value += yi * l->row_upper[i];
		magnitude += fabs(yi * l->row_upper[i]);
		for (CoinBigIndex k = l->row_start[i]; k < l->row_start[i + 1]; k++) {
			reduced[l->row_col[k]] -= yi;
			magnitude += yi;
		}
	}
	for (int j = 0; j < l->columns; j++) {
		magnitude += fabs(l->obj[j]);
		if (reduced[j] > 0)
			value += reduced[j];
	}
	free(reduced);
	/* Each operation above errs by at most 2^-52 of its operands;
	 * 1e-12 of their total covers the sum many times over. */
	return value + magnitude * 1e-12 + 1e-9;
}

int sched_lp_bound(const struct sched_problem *p, double budget,
		   struct sched_lp_result *out)
{
	struct lp l = { .p = p, .S = p->slot_count, .P = p->participant_count,
			.R = p->request_count };
	int *left = NULL;
	double start = sched_now();
	int64_t fixed_weight = 0;
	Clp_Simplex *model = NULL;

	*out = (struct sched_lp_result){ .bound = -1 };
	l.deadline = start + budget;
	if (l.S > LP_MAX_SLOTS || budget <= 0)
		goto done;
	left = malloc(((size_t)l.P + 1) * sizeof *left);
	if (left == NULL || !build_columns(&l, &fixed_weight, left) ||
	    !build_rows(&l, left) || sched_now() > l.deadline)
		goto done;
	out->columns = l.columns;
	out->rows = l.rows;
	if (l.columns == 0) {
		out->bound = fixed_weight;
		out->solved = true;
		goto done;
	}

	model = Clp_newModel();
	if (model == NULL)
		goto done;
	Clp_setLogLevel(model, 0);
	double *lower = calloc((size_t)l.columns, sizeof *lower);
	double *upper = malloc((size_t)l.columns * sizeof *upper);
	double *row_lower = malloc(((size_t)l.rows + 1) * sizeof *row_lower);
	double *ones = malloc((l.elements + 1) * sizeof *ones);
	CoinBigIndex *empty = calloc((size_t)l.columns + 1, sizeof *empty);
	bool ok = lower && upper && row_lower && ones && empty;
	if (ok) {
		for (int j = 0; j < l.columns; j++)
			upper[j] = 1;
		for (int i = 0; i < l.rows; i++)
			row_lower[i] = -DBL_MAX;
		for (size_t k = 0; k < l.elements; k++)
			ones[k] = 1;
		Clp_loadProblem(model, l.columns, 0, empty, NULL, NULL, lower,
				upper, l.obj, NULL, NULL);
		Clp_addRows(model, l.rows, row_lower, l.row_upper, l.row_start,
			    l.row_col, ones);
		Clp_setOptimizationDirection(model, -1);   /* maximise */
		/* CLP's clock is the process's CPU time, which the search
		 * thread running meanwhile spends as fast as CLP does. */
		Clp_setMaximumSeconds(model, 2 * (l.deadline - sched_now()));
		/* x = 0 is feasible, so primal simplex starts at once; on the
		 * benchmark problems it took a third to a fifth of the dual's
		 * time (the clique rows make the LP highly degenerate). */
		Clp_primal(model, 0);
	}
	free(lower);
	free(upper);
	free(row_lower);
	free(ones);
	free(empty);
	if (!ok)
		goto done;
	/* For a maximisation CLP's duals of <= rows are >= 0. */
	const double *y = Clp_getRowPrice(model);
	double value = y ? dual_value(&l, y) : INFINITY;
	if (isfinite(value) && value < 9e18) {
		out->bound = fixed_weight + (int64_t)floor(value);
		out->solved = true;
		out->lp_optimal = Clp_status(model) == 0;
		out->lp_value = (double)fixed_weight + Clp_objectiveValue(model);
	}
done:
	if (model)
		Clp_deleteModel(model);
	out->seconds = sched_now() - start;
	free(left);
	lp_free(&l);
	return out->solved ? 0 : -1;
}
