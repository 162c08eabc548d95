/* listings.c: pages across records for programme-scale views: missions
 * with their figures (GET /api/missions/summary), follow-ups across
 * agreements (GET /api/followups), an organisation's agreements and
 * events.  Each parses its query, makes one store call and replies. */
#include "api/api.h"

typedef int (*listing_fn)(struct store *s, const struct store_args *q,
			  const struct store_actor *who, json_t **out,
			  struct error *err);
typedef int (*org_listing_fn)(struct store *s, int64_t org,
			      const struct store_args *q,
			      const struct store_actor *who, json_t **out,
			      struct error *err);

static int reply(struct http_request *rq, listing_fn fn, org_listing_fn org_fn)
{
	struct api_request *ar = api_of(rq);
	struct store_args args;
	struct error err = { 0 };
	json_t *out = NULL;
	int status;

	if (api_args_read(rq, &args, &err))
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL, "%s", err.message);
	status = fn ? fn(ar->store, &args, &ar->actor, &out, &err) :
		org_fn(ar->store, ar->id, &args, &ar->actor, &out, &err);
	if (status)
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_missions_summary(struct http_request *rq)
{
	return reply(rq, store_http(api_of(rq)->store)->mission_summary, NULL);
}

int api_followups_list(struct http_request *rq)
{
	return reply(rq, store_http(api_of(rq)->store)->followup_list, NULL);
}

int api_org_agreements(struct http_request *rq)
{
	return reply(rq, NULL, store_http(api_of(rq)->store)->org_agreements);
}

int api_org_events(struct http_request *rq)
{
	return reply(rq, NULL, store_http(api_of(rq)->store)->org_events);
}
