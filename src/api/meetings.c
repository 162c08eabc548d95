/* meetings.c: the B2B meetings of an event.
 *
 * POST /api/events/{id}/schedule   run the scheduler on the event's slots,
 *                                  participants and requests; confirmed
 *                                  meetings stay; the rest is replaced
 * GET  /api/events/{id}/agenda     the meetings in time order, all or one
 *                                  organisation's (a company: its own)
 * GET  /api/events/{id}/suggestions
 *                                  whom each local company should meet
 *
 * Slots, requests and meetings themselves are record resources
 * (/api/slots, /api/meeting-requests, /api/meetings).
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "api/api.h"
#include "b2b/b2b.h"
#include "b2b/b2b_run.h"
#include "util/arena.h"

#define SUGGEST_DEFAULT 10
#define SUGGEST_MAX 100
#define COMPANIES_DEFAULT 50     /* companies per page of suggestions */
#define COMPANIES_MAX 200
#define SCHEDULE_DEFAULT_SECONDS 2.0

/* An optional whole-number query argument in [lo, hi]; false after
 * replying with a problem. */
static bool query_int(struct http_request *rq, const char *name, int64_t lo,
		      int64_t hi, int64_t *out)
{
	const char *v = http_query(rq, name);
	char *end;
	long long n;

	if (v == NULL)
		return true;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno || end == v || *end || n < lo || n > hi) {
		http_problem(rq, PROBLEM_BAD_REQUEST, NULL,
			     "%s: expected a whole number from %" PRId64 " to %"
			     PRId64 ", got \"%s\"", name, lo, hi, v);
		return false;
	}
	*out = n;
	return true;
}

/* The organisation a request is about: a company account's own, or the
 * organisation_id argument (0: all).  A company asks only about events
 * in its scope; one outside it is answered as a missing one is, so the
 * answer does not tell which ids exist. */
static bool which_org(struct http_request *rq, int64_t *org)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	json_t *event = NULL;

	*org = 0;
	if (!query_int(rq, "organisation_id", 1, INT64_MAX, org))
		return false;
	if (ar->role != ROLE_COMPANY)
		return true;
	if (store_http(ar->store)->res_get(ar->store, store_resources[RES_EVENTS],
					   0, ar->id, &ar->actor, &event, &err)) {
		if (err.code == ERROR_NOT_FOUND)
			http_problem(rq, PROBLEM_NOT_FOUND, NULL, "no event %" PRId64,
				     ar->id);
		else
			http_problem_error(rq, &err);
		return false;
	}
	json_decref(event);
	if (*org != 0 && *org != ar->user.organisation_id) {
		http_problem(rq, PROBLEM_FORBIDDEN, NULL,
			     "a company account sees its own organisation's meetings only");
		return false;
	}
	if (ar->user.organisation_id <= 0) {
		http_problem(rq, PROBLEM_FORBIDDEN, NULL,
			     "this company account belongs to no organisation");
		return false;
	}
	*org = ar->user.organisation_id;
	return true;
}

int api_event_schedule(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct sched_options opt = { .time_limit = SCHEDULE_DEFAULT_SECONDS };
	struct error err = { 0 };
	int64_t seconds = -1, seed = 1;
	json_t *out;

	if (!query_int(rq, "time_limit", 1, (int64_t)B2B_MAX_TIME_LIMIT, &seconds) ||
	    !query_int(rq, "seed", 0, INT64_MAX, &seed))
		return 0;
	if (seconds > 0)
		opt.time_limit = (double)seconds;
	opt.seed = (uint64_t)seed;
	if (b2b_run(ar->store, ar->id, &opt, &ar->actor, api_write_lock(), &out,
		    &err) != 0)
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_event_agenda(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	json_t *out = NULL;
	int64_t org;

	if (!which_org(rq, &org))
		return 0;
	if (store_http(ar->store)->b2b_agenda(ar->store, ar->id, org, &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

static json_t *org_ref(const struct b2b_org *o)
{
	return json_pack("{sI ss s{ss? ss?} ss ss?}", "id", (json_int_t)o->id,
			 "key", o->key, "name", "ko", o->name.ko, "en", o->name.en,
			 "kind", enum_code(&enum_org_kind, (int)o->kind),
			 "country", o->country);
}

static json_t *suggestions_json(const struct b2b_suggestions *list, size_t n)
{
	json_t *items = json_array();

	for (size_t i = 0; i < n; i++) {
		json_t *sugg = json_array();

		for (size_t k = 0; k < list[i].n_items; k++) {
			const struct b2b_suggestion *s = &list[i].items[k];
			json_t *reasons = json_array();

			for (int r = 0; r < s->n_reasons; r++)
				json_array_append_new(reasons, json_pack(
					"{ss ss ss}", "code", s->reasons[r].code,
					"ko", s->reasons[r].text.ko,
					"en", s->reasons[r].text.en));
			json_array_append_new(sugg, json_pack("{so si so}",
				"organisation", org_ref(s->org), "score", s->score,
				"reasons", reasons));
		}
		json_array_append_new(items, json_pack("{so so}", "organisation",
						       org_ref(list[i].company),
						       "suggestions", sugg));
	}
	return items;
}

int api_event_suggestions(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct arena *a = arena_new((size_t)1 << 28);
	struct b2b_candidates c;
	struct b2b_suggestions *list;
	struct b2b_suggest_page page = { 0 };
	struct error err = { 0 };
	int64_t limit = SUGGEST_DEFAULT, companies = COMPANIES_DEFAULT;
	int64_t after = 0;
	size_t n;

	if (a == NULL)
		return http_problem(rq, PROBLEM_UNAVAILABLE, NULL, "out of memory");
	if (!which_org(rq, &page.for_org) ||
	    !query_int(rq, "limit", 1, SUGGEST_MAX, &limit) ||
	    !query_int(rq, "companies", 1, COMPANIES_MAX, &companies) ||
	    !query_int(rq, "cursor", 0, INT64_MAX, &after))
		goto done;
	page.limit = (int)limit;
	page.max_companies = (int)companies;
	page.after = after;
	if (store_http(ar->store)->b2b_candidates(ar->store, ar->id, a, &c, &err) ||
	    b2b_suggest(&c, &page, a, &list, &n, &err)) {
		http_problem_error(rq, &err);
		goto done;
	}
	http_reply_json_steal(rq, 200, json_pack("{sI so so}", "event_id",
		(json_int_t)ar->id, "items", suggestions_json(list, n),
		"next_cursor", page.next ? json_sprintf("%" PRId64, page.next) :
		json_null()));
done:
	arena_free(a);
	return 0;
}
