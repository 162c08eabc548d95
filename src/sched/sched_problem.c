/* sched_problem.c: building and checking a scheduling problem in memory.
 *
 * Every rule a problem must obey is checked here, once, so that the JSON
 * reader and the product's own problem builder reject the same things.
 * Ids are looked up through small open-addressing tables.
 */
#include "sched/sched_internal.h"

#include <stdlib.h>
#include <string.h>

/* --- id tables ---------------------------------------------------------- */

static uint64_t hash_string(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

static uint64_t hash_u64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb33fe1a85ec9ULL;
	return x ^ (x >> 33);
}

/* Grows a table to twice its size (or 64) and reinserts. */
static int idmap_grow(struct sched_idmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	struct sched_idmap n = { 0 };

	n.cap = cap;
	n.keys = calloc(cap, sizeof *n.keys);
	n.ukeys = calloc(cap, sizeof *n.ukeys);
	n.values = malloc(cap * sizeof *n.values);
	if (n.keys == NULL || n.ukeys == NULL || n.values == NULL) {
		free(n.keys);
		free(n.ukeys);
		free(n.values);
		return -1;
	}
	for (size_t i = 0; i < cap; i++)
		n.values[i] = -1;
	for (size_t i = 0; i < m->cap; i++) {
		if (m->values[i] < 0)
			continue;
		uint64_t h = m->keys[i] ? hash_string(m->keys[i])
					: hash_u64(m->ukeys[i]);
		size_t j = h & (cap - 1);
		while (n.values[j] >= 0)
			j = (j + 1) & (cap - 1);
		n.keys[j] = m->keys[i];
		n.ukeys[j] = m->ukeys[i];
		n.values[j] = m->values[i];
	}
	n.count = m->count;
	free(m->keys);
	free(m->ukeys);
	free(m->values);
	*m = n;
	return 0;
}

void sched_idmap_free(struct sched_idmap *m)
{
	free(m->keys);
	free(m->ukeys);
	free(m->values);
	memset(m, 0, sizeof *m);
}

int sched_idmap_get(const struct sched_idmap *m, const char *key)
{
	if (m->cap == 0)
		return -1;
	size_t j = hash_string(key) & (m->cap - 1);
	while (m->values[j] >= 0) {
		if (m->keys[j] && strcmp(m->keys[j], key) == 0)
			return m->values[j];
		j = (j + 1) & (m->cap - 1);
	}
	return -1;
}

/* Adds key -> value; the key must not be present and must outlive m. */
int sched_idmap_put(struct sched_idmap *m, const char *key, int value)
{
	if ((m->count + 1) * 2 > m->cap && idmap_grow(m) != 0)
		return -1;
	size_t j = hash_string(key) & (m->cap - 1);
	while (m->values[j] >= 0)
		j = (j + 1) & (m->cap - 1);
	m->keys[j] = key;
	m->values[j] = value;
	m->count++;
	return 0;
}

int sched_idmap_get_u64(const struct sched_idmap *m, uint64_t key)
{
	if (m->cap == 0)
		return -1;
	size_t j = hash_u64(key) & (m->cap - 1);
	while (m->values[j] >= 0) {
		if (m->keys[j] == NULL && m->ukeys[j] == key)
			return m->values[j];
		j = (j + 1) & (m->cap - 1);
	}
	return -1;
}

int sched_idmap_put_u64(struct sched_idmap *m, uint64_t key, int value)
{
	if ((m->count + 1) * 2 > m->cap && idmap_grow(m) != 0)
		return -1;
	size_t j = hash_u64(key) & (m->cap - 1);
	while (m->values[j] >= 0)
		j = (j + 1) & (m->cap - 1);
	m->keys[j] = NULL;
	m->ukeys[j] = key;
	m->values[j] = value;
	m->count++;
	return 0;
}

static uint64_t pair_key(int a, int b)
{
	if (a > b) {
		int t = a;
		a = b;
		b = t;
	}
	return ((uint64_t)(uint32_t)a << 32) | (uint32_t)b;
}

/* --- growth helpers ----------------------------------------------------- */

/* Makes room for one more element in *array (holding *count of *cap). */
static int reserve(void **array, int *cap, int count, size_t size, int max)
{
	if (count < *cap)
		return 0;
	if (count >= max)
		return -1;
	int n = *cap ? *cap * 2 : 16;
	if (n > max)
		n = max;
	void *grown = realloc(*array, (size_t)n * size);
	if (grown == NULL)
		return -1;
	*array = grown;
	*cap = n;
	return 0;
}

static char *copy_id(const char *s)
{
	size_t n = strlen(s);
	char *c = malloc(n + 1);

	if (c)
		memcpy(c, s, n + 1);
	return c;
}

/* Ids are non-empty, at most SCHED_MAX_ID_LEN bytes, and free of control
 * characters, so they print safely in messages and reports. */
static int check_id(const char *id, const char *what, struct error *err)
{
	size_t n = strlen(id);

	if (n == 0)
		return error_set(err, ERROR_INVALID, "empty %s id", what);
	if (n > SCHED_MAX_ID_LEN)
		return error_set(err, ERROR_INVALID,
				 "%s id longer than %d bytes", what,
				 SCHED_MAX_ID_LEN);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] < 0x20)
			return error_set(err, ERROR_INVALID,
					 "%s id holds a control character",
					 what);
	return 0;
}

static int no_memory(struct error *err)
{
	return error_set(err, ERROR_NOMEM, "out of memory or over a limit");
}

static int sealed(const struct sched_problem *p, struct error *err)
{
	if (p->finished)
		return error_set(err, ERROR_INTERNAL,
				 "problem already finished");
	return 0;
}

static int64_t floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* --- building ----------------------------------------------------------- */

struct sched_problem *sched_problem_new(void)
{
	struct sched_problem *p = calloc(1, sizeof *p);

	if (p == NULL)
		return NULL;
	p->travel = calloc((size_t)SCHED_MAX_LOCATIONS * SCHED_MAX_LOCATIONS,
			   sizeof *p->travel);
	if (p->travel == NULL) {
		free(p);
		return NULL;
	}
	return p;
}

void sched_problem_free(struct sched_problem *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->slot_count; i++)
		free(p->slots[i].id);
	for (int i = 0; i < p->location_count; i++)
		free(p->locations[i]);
	for (int i = 0; i < p->participant_count; i++) {
		free(p->participants[i].id);
		free(p->participants[i].available);
	}
	free(p->slots);
	free(p->locations);
	free(p->travel);
	free(p->participants);
	free(p->requests);
	free(p->fixed);
	free(p->conflict);
	free(p->slot_order);
	sched_idmap_free(&p->slot_ids);
	sched_idmap_free(&p->location_ids);
	sched_idmap_free(&p->participant_ids);
	sched_idmap_free(&p->pair_ids);
	free(p);
}

int sched_problem_add_location(struct sched_problem *p, const char *id,
			       struct error *err)
{
	int rc;

	if ((rc = sealed(p, err)) != 0 ||
	    (rc = check_id(id, "location", err)) != 0)
		return rc;
	if (sched_idmap_get(&p->location_ids, id) >= 0)
		return error_set(err, ERROR_INVALID,
				 "duplicate location \"%s\"", id);
	if (p->location_count >= SCHED_MAX_LOCATIONS)
		return error_set(err, ERROR_NOMEM, "more than %d locations",
				 SCHED_MAX_LOCATIONS);
	if (reserve((void **)&p->locations, &p->location_cap,
		    p->location_count, sizeof *p->locations,
		    SCHED_MAX_LOCATIONS) != 0)
		return no_memory(err);
	char *c = copy_id(id);
	if (c == NULL)
		return no_memory(err);
	p->locations[p->location_count] = c;
	if (sched_idmap_put(&p->location_ids, c, p->location_count) != 0) {
		free(c);
		return no_memory(err);
	}
	p->location_count++;
	return 0;
}

int sched_problem_add_slot(struct sched_problem *p, const char *id,
			   int64_t start, int64_t end, int32_t utc_offset,
			   const char *location, int tables, struct error *err)
{
	int rc;

	if ((rc = sealed(p, err)) != 0 ||
	    (rc = check_id(id, "slot", err)) != 0)
		return rc;
	if (p->participant_count > 0)
		return error_set(err, ERROR_INTERNAL,
				 "slots must come before participants");
	if (sched_idmap_get(&p->slot_ids, id) >= 0)
		return error_set(err, ERROR_INVALID, "duplicate slot \"%s\"",
				 id);
	if (end <= start)
		return error_set(err, ERROR_INVALID,
				 "slot \"%s\" does not end after it starts",
				 id);
	if (utc_offset <= -86400 || utc_offset >= 86400 ||
	    start < -SCHED_MAX_EPOCH || end > SCHED_MAX_EPOCH)
		return error_set(err, ERROR_INVALID,
				 "slot \"%s\": time or offset out of range", id);
	if (tables < 1 || tables > SCHED_MAX_TABLES)
		return error_set(err, ERROR_INVALID,
				 "slot \"%s\": tables must be 1 to %d, not %d",
				 id, SCHED_MAX_TABLES, tables);
	int loc = sched_idmap_get(&p->location_ids, location);
	if (loc < 0) {
		if ((rc = sched_problem_add_location(p, location, err)) != 0)
			return rc;
		loc = p->location_count - 1;
	}
	if (p->slot_count >= SCHED_MAX_SLOTS)
		return error_set(err, ERROR_NOMEM, "more than %d slots",
				 SCHED_MAX_SLOTS);
	if (reserve((void **)&p->slots, &p->slot_cap, p->slot_count,
		    sizeof *p->slots, SCHED_MAX_SLOTS) != 0)
		return no_memory(err);
	char *c = copy_id(id);
	if (c == NULL)
		return no_memory(err);
	if (sched_idmap_put(&p->slot_ids, c, p->slot_count) != 0) {
		free(c);
		return no_memory(err);
	}
	p->slots[p->slot_count++] = (struct sched_slot){
		.id = c, .start = start, .end = end,
		.utc_offset = utc_offset,
		.day = (int32_t)floor_div(start + utc_offset, 86400),
		.location = loc, .tables = tables,
	};
	return 0;
}

int sched_problem_set_travel(struct sched_problem *p, const char *from,
			     const char *to, int minutes, struct error *err)
{
	int rc;

	if ((rc = sealed(p, err)) != 0)
		return rc;
	int a = sched_idmap_get(&p->location_ids, from);
	int b = sched_idmap_get(&p->location_ids, to);
	if (a < 0)
		return error_set(err, ERROR_INVALID,
				 "unknown location \"%s\"", from);
	if (b < 0)
		return error_set(err, ERROR_INVALID,
				 "unknown location \"%s\"", to);
	if (a == b)
		return error_set(err, ERROR_INVALID,
				 "travel from \"%s\" to itself", from);
	if (minutes < 0 || minutes > SCHED_MAX_TRAVEL_MINUTES)
		return error_set(err, ERROR_INVALID,
				 "travel minutes must be 0 to %d, not %d",
				 SCHED_MAX_TRAVEL_MINUTES, minutes);
	p->travel[a * SCHED_MAX_LOCATIONS + b] = (int16_t)minutes;
	p->travel[b * SCHED_MAX_LOCATIONS + a] = (int16_t)minutes;
	return 0;
}

int sched_problem_add_participant(struct sched_problem *p, const char *id,
				  int max_meetings, struct error *err)
{
	int rc;

	if ((rc = sealed(p, err)) != 0 ||
	    (rc = check_id(id, "participant", err)) != 0)
		return rc;
	if (sched_idmap_get(&p->participant_ids, id) >= 0)
		return error_set(err, ERROR_INVALID,
				 "duplicate participant \"%s\"", id);
	if (max_meetings > SCHED_MAX_MEETINGS_CAP)
		return error_set(err, ERROR_INVALID,
				 "max_meetings above %d",
				 SCHED_MAX_MEETINGS_CAP);
	if (reserve((void **)&p->participants, &p->participant_cap,
		    p->participant_count, sizeof *p->participants,
		    SCHED_MAX_PARTICIPANTS) != 0)
		return no_memory(err);
	char *c = copy_id(id);
	if (c == NULL)
		return no_memory(err);
	if (sched_idmap_put(&p->participant_ids, c,
			    p->participant_count) != 0) {
		free(c);
		return no_memory(err);
	}
	p->participants[p->participant_count++] = (struct sched_participant){
		.id = c, .max_meetings = max_meetings < 0 ? -1 : max_meetings,
	};
	p->available_started = false;
	return 0;
}

int sched_problem_set_available(struct sched_problem *p, const char *slot,
				struct error *err)
{
	int rc;

	if ((rc = sealed(p, err)) != 0)
		return rc;
	if (p->participant_count == 0)
		return error_set(err, ERROR_INTERNAL, "no participant yet");
	struct sched_participant *who =
		&p->participants[p->participant_count - 1];
	int s = sched_idmap_get(&p->slot_ids, slot);
	if (s < 0)
		return error_set(err, ERROR_INVALID, "unknown slot \"%s\"",
				 slot);
	if (!p->available_started) {
		free(who->available);
		who->available = calloc((size_t)p->slot_count + 1, 1);
		if (who->available == NULL)
			return no_memory(err);
		p->available_started = true;
	}
	who->available[s] = 1;
	return 0;
}

/* Declares that the last participant is available nowhere (an empty
 * "available" list). */
int sched_problem_set_available_none(struct sched_problem *p,
				     struct error *err)
{
	if (p->participant_count == 0)
		return error_set(err, ERROR_INTERNAL, "no participant yet");
	struct sched_participant *who =
		&p->participants[p->participant_count - 1];
	free(who->available);
	who->available = calloc((size_t)p->slot_count + 1, 1);
	if (who->available == NULL)
		return no_memory(err);
	p->available_started = true;
	return 0;
}

static int find_pair(struct sched_problem *p, const char *a, const char *b,
		     int *ia, int *ib, struct error *err)
{
	*ia = sched_idmap_get(&p->participant_ids, a);
	*ib = sched_idmap_get(&p->participant_ids, b);
	if (*ia < 0)
		return error_set(err, ERROR_INVALID,
				 "unknown participant \"%s\"", a);
	if (*ib < 0)
		return error_set(err, ERROR_INVALID,
				 "unknown participant \"%s\"", b);
	if (*ia == *ib)
		return error_set(err, ERROR_INVALID,
				 "\"%s\" cannot meet itself", a);
	return 0;
}

int sched_problem_add_request(struct sched_problem *p, const char *a,
			      const char *b, int64_t weight, struct error *err)
{
	int rc, ia, ib;

	if ((rc = sealed(p, err)) != 0 ||
	    (rc = find_pair(p, a, b, &ia, &ib, err)) != 0)
		return rc;
	if (weight < 1 || weight > SCHED_MAX_WEIGHT)
		return error_set(err, ERROR_INVALID,
				 "weight must be 1 to %lld, not %lld",
				 (long long)SCHED_MAX_WEIGHT, (long long)weight);
	int r = sched_idmap_get_u64(&p->pair_ids, pair_key(ia, ib));
	if (r >= 0) {
		/* Mutual interest: one request whose weight is the sum. */
		if (p->requests[r].weight > SCHED_MAX_WEIGHT - weight)
			return error_set(err, ERROR_INVALID,
					 "summed weight of \"%s\" and \"%s\" "
					 "above %lld", a, b,
					 (long long)SCHED_MAX_WEIGHT);
		p->requests[r].weight += weight;
		return 0;
	}
	if (reserve((void **)&p->requests, &p->request_cap, p->request_count,
		    sizeof *p->requests, SCHED_MAX_REQUESTS) != 0)
		return p->request_count >= SCHED_MAX_REQUESTS
			       ? error_set(err, ERROR_NOMEM,
					   "more than %d requests",
					   SCHED_MAX_REQUESTS)
			       : no_memory(err);
	if (sched_idmap_put_u64(&p->pair_ids, pair_key(ia, ib),
				p->request_count) != 0)
		return no_memory(err);
	p->requests[p->request_count++] = (struct sched_request){
		.a = ia, .b = ib, .weight = weight,
	};
	return 0;
}

int sched_problem_add_fixed(struct sched_problem *p, const char *a,
			    const char *b, const char *slot, int table,
			    struct error *err)
{
	int rc, ia, ib;

	if ((rc = sealed(p, err)) != 0 ||
	    (rc = find_pair(p, a, b, &ia, &ib, err)) != 0)
		return rc;
	int r = sched_idmap_get_u64(&p->pair_ids, pair_key(ia, ib));
	if (r < 0)
		return error_set(err, ERROR_INVALID,
				 "no request between \"%s\" and \"%s\"", a, b);
	int s = sched_idmap_get(&p->slot_ids, slot);
	if (s < 0)
		return error_set(err, ERROR_INVALID, "unknown slot \"%s\"",
				 slot);
	if (table < 1 || table > p->slots[s].tables)
		return error_set(err, ERROR_INVALID,
				 "table %d outside 1..%d of slot \"%s\"",
				 table, p->slots[s].tables, slot);
	if (!sched_problem_is_available(p, ia, s))
		return error_set(err, ERROR_INVALID,
				 "\"%s\" is not available in slot \"%s\"", a,
				 slot);
	if (!sched_problem_is_available(p, ib, s))
		return error_set(err, ERROR_INVALID,
				 "\"%s\" is not available in slot \"%s\"", b,
				 slot);
	for (int i = 0; i < p->fixed_count; i++)
		if (p->fixed[i].request == r)
			return error_set(err, ERROR_INVALID,
					 "\"%s\" and \"%s\" are fixed twice",
					 a, b);
	if (reserve((void **)&p->fixed, &p->fixed_cap, p->fixed_count,
		    sizeof *p->fixed, SCHED_MAX_REQUESTS) != 0)
		return no_memory(err);
	p->fixed[p->fixed_count++] = (struct sched_fixed){
		.request = r, .slot = s, .table = table,
	};
	return 0;
}

/* Two slots conflict for one person when they overlap in time or the
 * break between them is shorter than the travel between their places. */
static bool derive_conflict(const struct sched_problem *p, int s, int t)
{
	const struct sched_slot *x = &p->slots[s], *y = &p->slots[t];

	if (x->start < y->end && y->start < x->end)
		return true;
	int64_t gap = x->end <= y->start ? y->start - x->end
					 : x->start - y->end;
	int64_t travel = (int64_t)p->travel[x->location * SCHED_MAX_LOCATIONS +
					    y->location] * 60;
	return gap < travel;
}

static int compare_slot_start(const void *x, const void *y, void *ctx)
{
	const struct sched_problem *p = ctx;
	const struct sched_slot *a = &p->slots[*(const int *)x];
	const struct sched_slot *b = &p->slots[*(const int *)y];

	if (a->start != b->start)
		return a->start < b->start ? -1 : 1;
	if (a->end != b->end)
		return a->end < b->end ? -1 : 1;
	return *(const int *)x - *(const int *)y;
}

int sched_problem_finish(struct sched_problem *p, struct error *err)
{
	int rc;
	size_t S = (size_t)p->slot_count;

	if ((rc = sealed(p, err)) != 0)
		return rc;
	p->conflict = calloc(S * S + 1, 1);
	p->slot_order = malloc((S + 1) * sizeof *p->slot_order);
	if (p->conflict == NULL || p->slot_order == NULL)
		return no_memory(err);
	for (size_t s = 0; s < S; s++)
		for (size_t t = 0; t < S; t++)
			p->conflict[s * S + t] =
				derive_conflict(p, (int)s, (int)t);
	for (size_t s = 0; s < S; s++)
		p->slot_order[s] = (int)s;
	qsort_r(p->slot_order, S, sizeof *p->slot_order, compare_slot_start,
		p);

	/* Fixed meetings must be feasible together: one table per meeting,
	 * nobody in two conflicting slots, caps kept. */
	int *count = calloc((size_t)p->participant_count + 1, sizeof *count);
	if (count == NULL)
		return no_memory(err);
	for (int i = 0; i < p->fixed_count; i++) {
		const struct sched_fixed *f = &p->fixed[i];
		const struct sched_request *r = &p->requests[f->request];
		for (int j = 0; j < i; j++) {
			const struct sched_fixed *g = &p->fixed[j];
			const struct sched_request *q = &p->requests[g->request];
			if (f->slot == g->slot && f->table == g->table) {
				rc = error_set(err, ERROR_INVALID,
					       "$.fixed[%d]: table %d of slot "
					       "\"%s\" is taken by $.fixed[%d]",
					       i, f->table,
					       p->slots[f->slot].id, j);
				goto cleanup;
			}
			int shared = (r->a == q->a || r->a == q->b) ? r->a
				     : (r->b == q->a || r->b == q->b) ? r->b
								      : -1;
			if (shared >= 0 &&
			    sched_problem_slots_conflict(p, f->slot, g->slot)) {
				rc = error_set(err, ERROR_INVALID,
					       "$.fixed[%d]: \"%s\" cannot be "
					       "in slot \"%s\" and, by "
					       "$.fixed[%d], in slot \"%s\"",
					       i, p->participants[shared].id,
					       p->slots[f->slot].id, j,
					       p->slots[g->slot].id);
				goto cleanup;
			}
		}
		int who[2] = { r->a, r->b };
		for (int k = 0; k < 2; k++) {
			int cap = p->participants[who[k]].max_meetings;
			if (cap >= 0 && ++count[who[k]] > cap) {
				rc = error_set(err, ERROR_INVALID,
					       "$.fixed[%d]: \"%s\" would have "
					       "more than max_meetings (%d)",
					       i, p->participants[who[k]].id,
					       cap);
				goto cleanup;
			}
		}
	}
	p->finished = true;
	rc = 0;
cleanup:
	free(count);
	return rc;
}

/* --- reading ------------------------------------------------------------ */

int sched_problem_slot_count(const struct sched_problem *p)
{
	return p->slot_count;
}

int sched_problem_location_count(const struct sched_problem *p)
{
	return p->location_count;
}

int sched_problem_participant_count(const struct sched_problem *p)
{
	return p->participant_count;
}

int sched_problem_request_count(const struct sched_problem *p)
{
	return p->request_count;
}

int sched_problem_fixed_count(const struct sched_problem *p)
{
	return p->fixed_count;
}

const struct sched_slot *sched_problem_slot(const struct sched_problem *p,
					    int i)
{
	return &p->slots[i];
}

const char *sched_problem_location(const struct sched_problem *p, int i)
{
	return p->locations[i];
}

int sched_problem_travel(const struct sched_problem *p, int from, int to)
{
	return p->travel[from * SCHED_MAX_LOCATIONS + to];
}

const struct sched_participant *
sched_problem_participant(const struct sched_problem *p, int i)
{
	return &p->participants[i];
}

const struct sched_request *sched_problem_request(const struct sched_problem *p,
						  int i)
{
	return &p->requests[i];
}

const struct sched_fixed *sched_problem_fixed(const struct sched_problem *p,
					      int i)
{
	return &p->fixed[i];
}

int sched_problem_find_slot(const struct sched_problem *p, const char *id)
{
	return sched_idmap_get(&p->slot_ids, id);
}

int sched_problem_find_participant(const struct sched_problem *p,
				   const char *id)
{
	return sched_idmap_get(&p->participant_ids, id);
}

int sched_problem_find_location(const struct sched_problem *p, const char *id)
{
	return sched_idmap_get(&p->location_ids, id);
}

int sched_problem_find_request(const struct sched_problem *p, int a, int b)
{
	return sched_idmap_get_u64(&p->pair_ids, pair_key(a, b));
}

bool sched_problem_is_available(const struct sched_problem *p, int who,
				int slot)
{
	const uint8_t *av = p->participants[who].available;

	return av == NULL || av[slot];
}

bool sched_problem_slots_conflict(const struct sched_problem *p, int s, int t)
{
	if (p->conflict)
		return p->conflict[(size_t)s * (size_t)p->slot_count +
				   (size_t)t];
	return derive_conflict(p, s, t);
}
