/* sched_json.c: reading problems and solutions, writing them back.
 *
 * Every rejection names the file, the JSON path and the problem.  Unknown
 * members are rejected too, so that a misspelt "max_meeting" does not
 * silently mean "no cap".
 */
#include "sched/sched_json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "sched/sched_internal.h"

/* --- time ------------------------------------------------------------------ */

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar. */
static int64_t days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static int digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

int sched_parse_time(const char *t, int64_t *epoch, int32_t *offset)
{
	static const int month_days[12] = { 31, 29, 31, 30, 31, 30,
					    31, 31, 30, 31, 30, 31 };
	size_t n = strlen(t);

	if (n < 20 || t[4] != '-' || t[7] != '-' ||
	    (t[10] != 'T' && t[10] != 't') || t[13] != ':' || t[16] != ':')
		return -1;
	int y = digits(t, 4), mo = digits(t + 5, 2), d = digits(t + 8, 2);
	int h = digits(t + 11, 2), mi = digits(t + 14, 2),
	    s = digits(t + 17, 2);
	if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1] ||
	    h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
		return -1;
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo == 2 && d == 29 && !leap)
		return -1;
	const char *z = t + 19;
	if (*z == '.') {
		z++;
		if (*z < '0' || *z > '9')
			return -1;
		while (*z >= '0' && *z <= '9')
			z++;
	}
	int32_t off;
	if ((z[0] == 'Z' || z[0] == 'z') && z[1] == '\0') {
		off = 0;
	} else if ((z[0] == '+' || z[0] == '-') && strlen(z) == 6 &&
		   z[3] == ':') {
		int oh = digits(z + 1, 2), om = digits(z + 4, 2);
		if (oh < 0 || oh > 23 || om < 0 || om > 59)
			return -1;
		off = (oh * 60 + om) * 60 * (z[0] == '-' ? -1 : 1);
	} else {
		return -1;
	}
	int64_t local = days_from_civil(y, mo, d) * 86400 + h * 3600 +
			mi * 60 + s;
	*epoch = local - off;
	*offset = off;
	return 0;
}

void sched_format_time(int64_t epoch, int32_t offset, char *out, size_t size)
{
	int64_t local = epoch + offset;
	int64_t days = local / 86400, rem = local % 86400;
	int y, m, d;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	int32_t a = offset < 0 ? -offset : offset;
	if (offset == 0)
		snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, m, d,
			 (int)(rem / 3600), (int)(rem / 60 % 60),
			 (int)(rem % 60));
	else
		snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
			 y, m, d, (int)(rem / 3600), (int)(rem / 60 % 60),
			 (int)(rem % 60), offset < 0 ? '-' : '+',
			 (int)(a / 3600), (int)(a / 60 % 60));
}

/* --- reading helpers ---------------------------------------------------------- */

struct reader {
	const char *name;
	struct error *err;
	char path[256];
};

/* Fails with "name: path: message". */
static int failv(struct reader *rd, const char *where, const char *fmt,
		 va_list ap)
{
	char message[ERROR_MESSAGE_MAX];

	vsnprintf(message, sizeof message, fmt, ap);
	return error_set(rd->err, ERROR_INVALID, "%s: %s: %s", rd->name, where,
			 message);
}

static int fail(struct reader *rd, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct reader *rd, const char *where, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	int rc = failv(rd, where, fmt, ap);
	va_end(ap);
	return rc;
}

/* Prefixes a builder's message with the file and path. */
static int located(struct reader *rd, const char *where, int rc)
{
	if (rc != 0)
		error_prefix(rd->err, "%s: %s", rd->name, where);
	return rc;
}

/* Rejects members of obj not in the NULL-terminated list. */
static int only_members(struct reader *rd, const json_t *obj,
			const char *where, const char *const *allowed)
{
	const char *key;
	json_t *value;

	json_object_foreach((json_t *)obj, key, value) {
		bool ok = false;
		(void)value;
		for (int i = 0; allowed[i]; i++)
			ok |= strcmp(key, allowed[i]) == 0;
		if (!ok)
			return fail(rd, where, "unknown member \"%.100s\"",
				    key);
	}
	return 0;
}

static int get_string(struct reader *rd, const json_t *obj,
		      const char *where, const char *key, const char **out)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL)
		return fail(rd, where, "\"%s\" is missing", key);
	if (!json_is_string(v))
		return fail(rd, where, "\"%s\" must be a string", key);
	*out = json_string_value(v);
	return 0;
}

/* An integer member in [min, max]; missing gives dflt when allowed. */
static int get_int(struct reader *rd, const json_t *obj, const char *where,
		   const char *key, int64_t min, int64_t max, bool required,
		   int64_t dflt, int64_t *out)
{
	json_t *v = json_object_get(obj, key);

	if (v == NULL) {
		if (required)
			return fail(rd, where, "\"%s\" is missing", key);
		*out = dflt;
		return 0;
	}
	if (!json_is_integer(v))
		return fail(rd, where, "\"%s\" must be an integer", key);
	json_int_t n = json_integer_value(v);
	if (n < min || n > max)
		return fail(rd, where, "\"%s\" must be %lld to %lld, not %lld",
			    key, (long long)min, (long long)max, (long long)n);
	*out = n;
	return 0;
}

static const json_t *get_array(struct reader *rd, const json_t *root,
			       const char *key, bool required, int *rc)
{
	json_t *v = json_object_get(root, key);

	*rc = 0;
	if (v == NULL) {
		if (required)
			*rc = fail(rd, "$", "\"%s\" is missing", key);
		return NULL;
	}
	if (!json_is_array(v)) {
		*rc = fail(rd, "$", "\"%s\" must be an array", key);
		return NULL;
	}
	return v;
}

/* --- problem ------------------------------------------------------------------ */

static int parse_slots(struct reader *rd, const json_t *root,
		       struct sched_problem *p)
{
	static const char *const members[] = { "id", "start", "end",
					       "location", "tables", NULL };
	int rc;
	const json_t *slots = get_array(rd, root, "slots", true, &rc);
	char where[96];

	if (rc != 0)
		return rc;
	for (size_t i = 0; i < json_array_size(slots); i++) {
		const json_t *o = json_array_get(slots, i);
		const char *id, *start, *end, *location;
		int64_t t0, t1, tables;
		int32_t off0, off1;

		snprintf(where, sizeof where, "$.slots[%zu]", i);
		if (!json_is_object(o))
			return fail(rd, where, "must be an object");
		if ((rc = only_members(rd, o, where, members)) != 0 ||
		    (rc = get_string(rd, o, where, "id", &id)) != 0 ||
		    (rc = get_string(rd, o, where, "start", &start)) != 0 ||
		    (rc = get_string(rd, o, where, "end", &end)) != 0 ||
		    (rc = get_string(rd, o, where, "location", &location)) !=
			    0 ||
		    (rc = get_int(rd, o, where, "tables", INT32_MIN, INT32_MAX,
				  true, 0, &tables)) != 0)
			return rc;
		if (sched_parse_time(start, &t0, &off0) != 0) {
			snprintf(where, sizeof where, "$.slots[%zu].start", i);
			return fail(rd, where,
				    "\"%.64s\" is not an RFC 3339 time with an "
				    "offset", start);
		}
		if (sched_parse_time(end, &t1, &off1) != 0) {
			snprintf(where, sizeof where, "$.slots[%zu].end", i);
			return fail(rd, where,
				    "\"%.64s\" is not an RFC 3339 time with an "
				    "offset", end);
		}
		if (t1 <= t0) {
			snprintf(where, sizeof where, "$.slots[%zu].end", i);
			return fail(rd, where,
				    "%s is not after the start %s", end, start);
		}
		if (tables < 1) {
			snprintf(where, sizeof where, "$.slots[%zu].tables", i);
			return fail(rd, where,
				    "a slot needs at least one table, not %lld",
				    (long long)tables);
		}
		rc = sched_problem_add_slot(p, id, t0, t1, off0, location,
					    (int)tables, rd->err);
		if ((rc = located(rd, where, rc)) != 0)
			return rc;
	}
	return 0;
}

static int parse_travel(struct reader *rd, const json_t *root,
			struct sched_problem *p)
{
	static const char *const members[] = { "between", "minutes", NULL };
	int rc;
	const json_t *travel = get_array(rd, root, "travel", false, &rc);
	char where[96];

	if (travel == NULL)
		return rc;
	for (size_t i = 0; i < json_array_size(travel); i++) {
		const json_t *o = json_array_get(travel, i);
		int64_t minutes;

		snprintf(where, sizeof where, "$.travel[%zu]", i);
		if (!json_is_object(o))
			return fail(rd, where, "must be an object");
		if ((rc = only_members(rd, o, where, members)) != 0 ||
		    (rc = get_int(rd, o, where, "minutes", 0,
				  SCHED_MAX_TRAVEL_MINUTES, true, 0,
				  &minutes)) != 0)
			return rc;
		const json_t *between = json_object_get(o, "between");
		if (!json_is_array(between) || json_array_size(between) != 2 ||
		    !json_is_string(json_array_get(between, 0)) ||
		    !json_is_string(json_array_get(between, 1)))
			return fail(rd, where,
				    "\"between\" must be two location ids");
		for (size_t k = 0; k < 2; k++) {
			const char *id = json_string_value(
				json_array_get(between, k));
			if (sched_problem_find_location(p, id) < 0) {
				snprintf(where, sizeof where,
					 "$.travel[%zu].between[%zu]", i, k);
				return fail(rd, where,
					    "unknown location \"%.100s\"", id);
			}
		}
		rc = sched_problem_set_travel(
			p, json_string_value(json_array_get(between, 0)),
			json_string_value(json_array_get(between, 1)),
			(int)minutes, rd->err);
		if ((rc = located(rd, where, rc)) != 0)
			return rc;
	}
	return 0;
}

static int parse_participants(struct reader *rd, const json_t *root,
			      struct sched_problem *p)
{
	static const char *const members[] = { "id", "available",
					       "max_meetings", NULL };
	int rc;
	const json_t *list = get_array(rd, root, "participants", true, &rc);
	char where[96];

	if (rc != 0)
		return rc;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *o = json_array_get(list, i);
		const char *id;
		int64_t cap;

		snprintf(where, sizeof where, "$.participants[%zu]", i);
		if (!json_is_object(o))
			return fail(rd, where, "must be an object");
		if ((rc = only_members(rd, o, where, members)) != 0 ||
		    (rc = get_string(rd, o, where, "id", &id)) != 0 ||
		    (rc = get_int(rd, o, where, "max_meetings", 0,
				  SCHED_MAX_MEETINGS_CAP, false, -1, &cap)) !=
			    0)
			return rc;
		if (sched_problem_find_participant(p, id) >= 0) {
			snprintf(where, sizeof where, "$.participants[%zu].id",
				 i);
			return fail(rd, where, "duplicate participant \"%.100s\"",
				    id);
		}
		rc = sched_problem_add_participant(p, id, (int)cap, rd->err);
		if ((rc = located(rd, where, rc)) != 0)
			return rc;
		const json_t *av = json_object_get(o, "available");
		if (av == NULL)
			continue;
		if (!json_is_array(av))
			return fail(rd, where,
				    "\"available\" must be an array of slot ids");
		if (json_array_size(av) == 0 &&
		    (rc = sched_problem_set_available_none(p, rd->err)) != 0)
			return located(rd, where, rc);
		for (size_t k = 0; k < json_array_size(av); k++) {
			const json_t *s = json_array_get(av, k);
			snprintf(where, sizeof where,
				 "$.participants[%zu].available[%zu]", i, k);
			if (!json_is_string(s))
				return fail(rd, where, "must be a slot id");
			rc = sched_problem_set_available(
				p, json_string_value(s), rd->err);
			if ((rc = located(rd, where, rc)) != 0)
				return rc;
		}
	}
	return 0;
}

/* Names the member (a or b) an unknown-participant error is about. */
static int pair_member(struct sched_problem *p, const char *a, const char *b,
		       char *where, size_t size, const char *base)
{
	if (sched_problem_find_participant(p, a) < 0) {
		snprintf(where, size, "%s.a", base);
		return 1;
	}
	if (sched_problem_find_participant(p, b) < 0) {
		snprintf(where, size, "%s.b", base);
		return 1;
	}
	return 0;
}

static int parse_requests(struct reader *rd, const json_t *root,
			  struct sched_problem *p)
{
	static const char *const members[] = { "a", "b", "weight", NULL };
	int rc;
	const json_t *list = get_array(rd, root, "requests", false, &rc);
	char where[96], base[64];

	if (list == NULL)
		return rc;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *o = json_array_get(list, i);
		const char *a, *b;
		int64_t weight;

		snprintf(base, sizeof base, "$.requests[%zu]", i);
		if (!json_is_object(o))
			return fail(rd, base, "must be an object");
		if ((rc = only_members(rd, o, base, members)) != 0 ||
		    (rc = get_string(rd, o, base, "a", &a)) != 0 ||
		    (rc = get_string(rd, o, base, "b", &b)) != 0)
			return rc;
		json_t *w = json_object_get(o, "weight");
		if (w != NULL && !json_is_integer(w)) {
			snprintf(where, sizeof where, "%s.weight", base);
			return fail(rd, where, "must be an integer");
		}
		weight = w ? json_integer_value(w) : 1;
		if (weight < 1) {
			snprintf(where, sizeof where, "%s.weight", base);
			return fail(rd, where, "must be at least 1, not %lld",
				    (long long)weight);
		}
		if (!pair_member(p, a, b, where, sizeof where, base))
			snprintf(where, sizeof where, "%s", base);
		rc = sched_problem_add_request(p, a, b, weight, rd->err);
		if ((rc = located(rd, where, rc)) != 0)
			return rc;
	}
	return 0;
}

static int parse_fixed(struct reader *rd, const json_t *root,
		       struct sched_problem *p)
{
	static const char *const members[] = { "a", "b", "slot", "table",
					       NULL };
	int rc;
	const json_t *list = get_array(rd, root, "fixed", false, &rc);
	char where[96], base[64];

	if (list == NULL)
		return rc;
	for (size_t i = 0; i < json_array_size(list); i++) {
		const json_t *o = json_array_get(list, i);
		const char *a, *b, *slot;
		int64_t table;

		snprintf(base, sizeof base, "$.fixed[%zu]", i);
		if (!json_is_object(o))
			return fail(rd, base, "must be an object");
		if ((rc = only_members(rd, o, base, members)) != 0 ||
		    (rc = get_string(rd, o, base, "a", &a)) != 0 ||
		    (rc = get_string(rd, o, base, "b", &b)) != 0 ||
		    (rc = get_string(rd, o, base, "slot", &slot)) != 0 ||
		    (rc = get_int(rd, o, base, "table", 1, SCHED_MAX_TABLES,
				  true, 0, &table)) != 0)
			return rc;
		if (!pair_member(p, a, b, where, sizeof where, base))
			snprintf(where, sizeof where, "%s", base);
		rc = sched_problem_add_fixed(p, a, b, slot, (int)table,
					     rd->err);
		if ((rc = located(rd, where, rc)) != 0)
			return rc;
	}
	return 0;
}

int sched_json_parse_problem(const json_t *root, const char *name,
			     struct sched_problem **out, struct error *err)
{
	static const char *const members[] = { "slots", "travel",
					       "participants", "requests",
					       "fixed", NULL };
	struct reader rd = { .name = name, .err = err };
	struct sched_problem *p;
	int rc;

	*out = NULL;
	if (!json_is_object(root))
		return fail(&rd, "$", "must be an object");
	if ((rc = only_members(&rd, root, "$", members)) != 0)
		return rc;
	p = sched_problem_new();
	if (p == NULL)
		return error_set(err, ERROR_NOMEM, "%s: out of memory", name);
	if ((rc = parse_slots(&rd, root, p)) != 0 ||
	    (rc = parse_travel(&rd, root, p)) != 0 ||
	    (rc = parse_participants(&rd, root, p)) != 0 ||
	    (rc = parse_requests(&rd, root, p)) != 0 ||
	    (rc = parse_fixed(&rd, root, p)) != 0)
		goto fail;
	if ((rc = sched_problem_finish(p, err)) != 0) {
		error_prefix(err, "%s", name);
		goto fail;
	}
	*out = p;
	return 0;
fail:
	sched_problem_free(p);
	return rc;
}

/* Loads a JSON file no larger than SCHED_JSON_MAX_FILE. */
static int load_file(const char *path, json_t **out, struct error *err)
{
	struct stat st;
	json_error_t jerr;

	*out = NULL;
	if (stat(path, &st) != 0)
		return error_set(err, ERROR_IO, "%s: cannot read the file",
				 path);
	if ((size_t)st.st_size > SCHED_JSON_MAX_FILE)
		return error_set(err, ERROR_NOMEM,
				 "%s: larger than %zu bytes", path,
				 SCHED_JSON_MAX_FILE);
	*out = json_load_file(path, JSON_REJECT_DUPLICATES, &jerr);
	if (*out == NULL) {
		if (jerr.line < 0 || strstr(jerr.text, "unable to open"))
			return error_set(err, ERROR_IO, "%s: %s", path,
					 jerr.text);
		return error_set(err, ERROR_INVALID, "%s:%d:%d: %s", path,
				 jerr.line, jerr.column, jerr.text);
	}
	return 0;
}

int sched_json_read_problem(const char *path, struct sched_problem **out,
			    struct error *err)
{
	json_t *root;
	int rc = load_file(path, &root, err);

	if (rc != 0)
		return rc;
	rc = sched_json_parse_problem(root, path, out, err);
	json_decref(root);
	return rc;
}

/* --- writing ----------------------------------------------------------------- */

/* json_object_set_new that remembers a failure in *ok. */
static void put(json_t *obj, const char *key, json_t *value, bool *ok)
{
	if (value == NULL || json_object_set_new(obj, key, value) != 0)
		*ok = false;
}

static void append(json_t *array, json_t *value, bool *ok)
{
	if (value == NULL || json_array_append_new(array, value) != 0)
		*ok = false;
}

static const char *reason_text(const struct sched_problem *p,
			       const struct sched_solution *s, int r,
			       char *buf, size_t size)
{
	switch (s->reason[r]) {
	case SCHED_REASON_NO_COMMON_SLOT:
		return "no slot where both are available";
	case SCHED_REASON_CAP: {
		const struct sched_participant *x =
			&p->participants[s->reason_who[r]];
		snprintf(buf, size, "%s reached max_meetings (%d)", x->id,
			 x->max_meetings);
		return buf;
	}
	case SCHED_REASON_BUSY:
		return "every common slot is taken by a meeting of one side "
		       "(of at least equal value) or has no table left";
	case SCHED_REASON_NONE:
		break;
	}
	return "scheduled";
}

static int compare_meeting(const void *x, const void *y, void *ctx)
{
	const struct sched_solution *s = ctx;
	int a = *(const int *)x, b = *(const int *)y;

	if (s->slot[a] != s->slot[b])
		return s->slot[a] - s->slot[b];
	return s->table[a] - s->table[b];
}

json_t *sched_json_solution(const struct sched_problem *p,
			    const struct sched_solution *s)
{
	json_t *root = json_object(), *meetings = json_array(),
	       *unscheduled = json_array(), *stats = json_object();
	int *order = malloc(((size_t)s->request_count + 1) * sizeof *order);
	int *rank = malloc(((size_t)p->slot_count + 1) * sizeof *rank);
	struct sched_solution by_rank = *s;
	bool ok = root && meetings && unscheduled && stats && order && rank;
	int n = 0;
	char buf[320];

	if (!ok)
		goto done;
	/* Meetings in time order: sort by the slot's rank in slot_order. */
	for (int i = 0; i < p->slot_count; i++)
		rank[p->slot_order[i]] = i;
	by_rank.slot = malloc(((size_t)s->request_count + 1) *
			      sizeof *by_rank.slot);
	if (by_rank.slot == NULL) {
		ok = false;
		goto done;
	}
	for (int r = 0; r < s->request_count; r++) {
		by_rank.slot[r] = s->slot[r] >= 0 ? rank[s->slot[r]] : -1;
		if (s->slot[r] >= 0)
			order[n++] = r;
	}
	qsort_r(order, (size_t)n, sizeof *order, compare_meeting, &by_rank);
	free(by_rank.slot);
	for (int i = 0; i < n && ok; i++) {
		int r = order[i];
		const struct sched_request *q = &p->requests[r];
		json_t *m = json_object();
		append(meetings, m, &ok);
		if (!ok)
			break;
		put(m, "a", json_string(p->participants[q->a].id), &ok);
		put(m, "b", json_string(p->participants[q->b].id), &ok);
		put(m, "slot", json_string(p->slots[s->slot[r]].id), &ok);
		put(m, "table", json_integer(s->table[r]), &ok);
	}
	for (int r = 0; r < s->request_count && ok; r++) {
		if (s->slot[r] >= 0)
			continue;
		const struct sched_request *q = &p->requests[r];
		json_t *m = json_object();
		append(unscheduled, m, &ok);
		if (!ok)
			break;
		put(m, "a", json_string(p->participants[q->a].id), &ok);
		put(m, "b", json_string(p->participants[q->b].id), &ok);
		put(m, "weight", json_integer(q->weight), &ok);
		put(m, "reason",
		    json_string(reason_text(p, s, r, buf, sizeof buf)), &ok);
	}
	put(stats, "requests", json_integer(s->stats.requests), &ok);
	put(stats, "scheduled", json_integer(s->stats.scheduled), &ok);
	put(stats, "weight_total", json_integer(s->stats.weight_total), &ok);
	put(stats, "weight_scheduled",
	    json_integer(s->stats.weight_scheduled), &ok);
	put(stats, "upper_bound", json_integer(s->stats.upper_bound), &ok);
	put(stats, "optimal", json_boolean(s->stats.optimal), &ok);
	put(stats, "bound_method",
	    json_string(sched_bound_method_name(s->stats.bound_method)), &ok);
	put(stats, "idle_gaps", json_integer(s->stats.idle_gaps), &ok);
	put(stats, "seconds",
	    json_real(round(s->stats.seconds * 1000) / 1000), &ok);
	put(root, "meetings", meetings, &ok);
	meetings = NULL;
	put(root, "unscheduled", unscheduled, &ok);
	unscheduled = NULL;
	put(root, "stats", stats, &ok);
	stats = NULL;
done:
	free(order);
	free(rank);
	json_decref(meetings);
	json_decref(unscheduled);
	json_decref(stats);
	if (!ok) {
		json_decref(root);
		return NULL;
	}
	return root;
}

json_t *sched_json_problem(const struct sched_problem *p)
{
	json_t *root = json_object(), *slots = json_array(),
	       *travel = json_array(), *people = json_array(),
	       *requests = json_array(), *fixed = json_array();
	bool ok = root && slots && travel && people && requests && fixed;
	char start[40], end[40];

	for (int i = 0; i < p->slot_count && ok; i++) {
		const struct sched_slot *s = &p->slots[i];
		json_t *o = json_object();
		append(slots, o, &ok);
		if (!ok)
			break;
		sched_format_time(s->start, s->utc_offset, start, sizeof start);
		sched_format_time(s->end, s->utc_offset, end, sizeof end);
		put(o, "id", json_string(s->id), &ok);
		put(o, "start", json_string(start), &ok);
		put(o, "end", json_string(end), &ok);
		put(o, "location", json_string(p->locations[s->location]), &ok);
		put(o, "tables", json_integer(s->tables), &ok);
	}
	for (int a = 0; a < p->location_count && ok; a++)
		for (int b = a + 1; b < p->location_count && ok; b++) {
			int minutes = sched_problem_travel(p, a, b);
			if (minutes == 0)
				continue;
			json_t *o = json_object();
			append(travel, o, &ok);
			if (!ok)
				break;
			put(o, "between",
			    json_pack("[ss]", p->locations[a], p->locations[b]),
			    &ok);
			put(o, "minutes", json_integer(minutes), &ok);
		}
	for (int i = 0; i < p->participant_count && ok; i++) {
		const struct sched_participant *x = &p->participants[i];
		json_t *o = json_object();
		append(people, o, &ok);
		if (!ok)
			break;
		put(o, "id", json_string(x->id), &ok);
		if (x->available) {
			json_t *av = json_array();
			put(o, "available", av, &ok);
			for (int s = 0; s < p->slot_count && ok; s++)
				if (x->available[s])
					append(av, json_string(p->slots[s].id),
					       &ok);
		}
		if (x->max_meetings >= 0)
			put(o, "max_meetings", json_integer(x->max_meetings),
			    &ok);
	}
	for (int i = 0; i < p->request_count && ok; i++) {
		const struct sched_request *q = &p->requests[i];
		json_t *o = json_object();
		append(requests, o, &ok);
		if (!ok)
			break;
		put(o, "a", json_string(p->participants[q->a].id), &ok);
		put(o, "b", json_string(p->participants[q->b].id), &ok);
		if (q->weight != 1)
			put(o, "weight", json_integer(q->weight), &ok);
	}
	for (int i = 0; i < p->fixed_count && ok; i++) {
		const struct sched_fixed *f = &p->fixed[i];
		const struct sched_request *q = &p->requests[f->request];
		json_t *o = json_object();
		append(fixed, o, &ok);
		if (!ok)
			break;
		put(o, "a", json_string(p->participants[q->a].id), &ok);
		put(o, "b", json_string(p->participants[q->b].id), &ok);
		put(o, "slot", json_string(p->slots[f->slot].id), &ok);
		put(o, "table", json_integer(f->table), &ok);
	}
	put(root, "slots", slots, &ok);
	put(root, "travel", travel, &ok);
	put(root, "participants", people, &ok);
	put(root, "requests", requests, &ok);
	if (p->fixed_count > 0)
		put(root, "fixed", fixed, &ok);
	else
		json_decref(fixed);
	if (!ok) {
		json_decref(root);
		return NULL;
	}
	return root;
}

/* --- solution files, for the checker ------------------------------------------ */

#define WHERE_SIZE 48

int sched_json_read_claim(const char *path, struct sched_json_claim *out,
			  struct error *err)
{
	static const char *const top[] = { "meetings", "unscheduled",
					   "stats", NULL };
	static const char *const stat_names[] = {
		"requests", "scheduled", "weight_total", "weight_scheduled",
		"upper_bound", "idle_gaps", "seconds", "optimal",
		"bound_method", NULL
	};
	struct reader rd = { .name = path, .err = err };
	int rc;

	memset(out, 0, sizeof *out);
	if ((rc = load_file(path, &out->root, err)) != 0)
		return rc;
	json_t *root = out->root;
	if (!json_is_object(root))
		return fail(&rd, "$", "must be an object");
	if ((rc = only_members(&rd, root, "$", top)) != 0)
		return rc;
	const json_t *meetings = get_array(&rd, root, "meetings", true, &rc);
	if (rc != 0)
		return rc;
	const json_t *unsched = get_array(&rd, root, "unscheduled", true, &rc);
	if (rc != 0)
		return rc;
	size_t nm = json_array_size(meetings), nu = json_array_size(unsched);
	if (nm > SCHED_MAX_REQUESTS || nu > SCHED_MAX_REQUESTS)
		return error_set(err, ERROR_NOMEM, "%s: too many entries",
				 path);
	out->meetings = calloc(nm + 1, sizeof *out->meetings);
	out->unscheduled = calloc(nu + 1, sizeof *out->unscheduled);
	out->where = malloc((nm + nu + 1) * WHERE_SIZE);
	if (!out->meetings || !out->unscheduled || !out->where)
		return error_set(err, ERROR_NOMEM, "%s: out of memory", path);
	for (size_t i = 0; i < nm; i++) {
		static const char *const names[] = { "a", "b", "slot", "table",
						     NULL };
		const json_t *o = json_array_get(meetings, i);
		struct sched_claimed_meeting *m = &out->meetings[i];
		char *where = out->where + i * WHERE_SIZE;
		snprintf(where, WHERE_SIZE, "$.meetings[%zu]", i);
		m->where = where;
		if (!json_is_object(o))
			return fail(&rd, where, "must be an object");
		if ((rc = only_members(&rd, o, where, names)) != 0 ||
		    (rc = get_string(&rd, o, where, "a", &m->a)) != 0 ||
		    (rc = get_string(&rd, o, where, "b", &m->b)) != 0 ||
		    (rc = get_string(&rd, o, where, "slot", &m->slot)) != 0 ||
		    (rc = get_int(&rd, o, where, "table", INT64_MIN + 1,
				  INT64_MAX, true, 0, &m->table)) != 0)
			return rc;
	}
	for (size_t i = 0; i < nu; i++) {
		static const char *const names[] = { "a", "b", "weight",
						     "reason", NULL };
		const json_t *o = json_array_get(unsched, i);
		struct sched_claimed_unscheduled *u = &out->unscheduled[i];
		char *where = out->where + (nm + i) * WHERE_SIZE;
		snprintf(where, WHERE_SIZE, "$.unscheduled[%zu]", i);
		u->where = where;
		if (!json_is_object(o))
			return fail(&rd, where, "must be an object");
		if ((rc = only_members(&rd, o, where, names)) != 0 ||
		    (rc = get_string(&rd, o, where, "a", &u->a)) != 0 ||
		    (rc = get_string(&rd, o, where, "b", &u->b)) != 0)
			return rc;
	}
	const json_t *stats = json_object_get(root, "stats");
	if (!json_is_object(stats))
		return fail(&rd, "$", "\"stats\" must be an object");
	if ((rc = only_members(&rd, stats, "$.stats", stat_names)) != 0)
		return rc;
	int64_t *fields[] = { &out->claim.stats.requests,
			      &out->claim.stats.scheduled,
			      &out->claim.stats.weight_total,
			      &out->claim.stats.weight_scheduled,
			      &out->claim.stats.upper_bound,
			      &out->claim.stats.idle_gaps };
	for (int i = 0; i < 6; i++)
		if ((rc = get_int(&rd, stats, "$.stats", stat_names[i],
				  INT64_MIN + 1, INT64_MAX, true, 0,
				  fields[i])) != 0)
			return rc;
	const json_t *secs = json_object_get(stats, "seconds");
	if (secs != NULL && !json_is_number(secs))
		return fail(&rd, "$.stats", "\"seconds\" must be a number");
	out->claim.stats.seconds = secs ? json_number_value(secs) : 0;
	const json_t *optimal = json_object_get(stats, "optimal");
	if (optimal != NULL && !json_is_boolean(optimal))
		return fail(&rd, "$.stats", "\"optimal\" must be true or false");
	out->claim.has_optimal = optimal != NULL;
	out->claim.stats.optimal = json_is_true(optimal);
	const json_t *method = json_object_get(stats, "bound_method");
	if (method != NULL) {
		const char *m = json_string_value(method);
		bool lp = m && strcmp(m, sched_bound_method_name(
						 SCHED_BOUND_LP)) == 0;
		if (!lp && (m == NULL ||
			    strcmp(m, sched_bound_method_name(
					      SCHED_BOUND_B_MATCHING)) != 0))
			return fail(&rd, "$.stats.bound_method",
				    "must be \"lp_relaxation\" or \"b_matching\"");
		out->claim.stats.bound_method =
			lp ? SCHED_BOUND_LP : SCHED_BOUND_B_MATCHING;
	}
	out->claim.meeting_count = (int)nm;
	out->claim.meetings = out->meetings;
	out->claim.unscheduled_count = (int)nu;
	out->claim.unscheduled = out->unscheduled;
	return 0;
}

void sched_json_claim_free(struct sched_json_claim *c)
{
	if (c == NULL)
		return;
	json_decref(c->root);
	free(c->meetings);
	free(c->unscheduled);
	free(c->where);
	memset(c, 0, sizeof *c);
}
