/* calendar.c: missions as iCalendar over HTTP.
 *
 * GET    /api/missions/{id}/calendar.ics  the itinerary (or one person's or
 *                                         organisation's agenda) with B2B
 *                                         meetings; a company: its own
 * POST   /api/calendar-feeds              a private subscription URL for
 *                                         one mission; the token is shown
 *                                         once and only its hash is kept
 * GET    /api/calendar-feeds              the caller's feeds
 * DELETE /api/calendar-feeds/{id}         revokes one
 * GET    /api/calendar/{token}.ics        the feed itself, no login: the
 *                                         token is the credential, and it
 *                                         reads as its owner would
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "bundle/jread.h"
#include "export/ics.h"

#define FEED_SUFFIX ".ics"

/* The key of a company account's organisation into key (size bytes). */
static int own_org_key(struct api_request *ar, char *key, size_t size,
		       struct error *err)
{
	json_t *org = NULL;
	int status;

	if (ar->user.organisation_id <= 0)
		return error_set(err, ERROR_DENIED,
				 "this company account belongs to no organisation");
	status = store_http(ar->store)->res_get(ar->store,
		store_resources[RES_ORGANISATIONS], 0, ar->user.organisation_id,
		NULL, &org, err);
	if (status == 0)
		snprintf(key, size, "%s",
			 json_string_value(json_object_get(org, "key")));
	json_decref(org);
	return status;
}

/* Renders mission (an id) for ar's account into a text/calendar reply. */
static int reply_calendar(struct http_request *rq, int64_t mission)
{
	struct api_request *ar = api_of(rq);
	const char *lang_name = http_query(rq, "lang");
	int lang = lang_name ? lang_parse(lang_name) : LANG_KO;
	struct ics_options opt = { .now = (int64_t)time(NULL) };
	struct error err = { 0 };
	char id[24], key[128];
	struct buf out;

	if (lang < 0)
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL,
				    "lang: expected ko or en");
	opt.lang = (enum lang)lang;
	opt.person = http_query(rq, "person");
	opt.org = http_query(rq, "organisation");
	if (opt.person && opt.org)
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL,
				    "give person or organisation, not both");
	if (ar->role == ROLE_COMPANY) {
		if (own_org_key(ar, key, sizeof key, &err) != 0)
			return http_problem_error(rq, &err);
		if ((opt.org && strcmp(opt.org, key) != 0) || opt.person)
			return http_problem(rq, PROBLEM_FORBIDDEN, NULL,
					    "a company account sees its own organisation's agenda only");
		opt.org = key;
	}
	snprintf(id, sizeof id, "%" PRId64, mission);
	buf_init(&out, HTTP_REPLY_MAX);
	if (ics_render_mission(ar->store, id, &opt, &out, &err) != 0)
		http_problem_error(rq, &err);
	else
		http_reply_raw(rq, 200, "text/calendar; charset=utf-8",
			       buf_str(&out), out.len);
	buf_free(&out);
	return 0;
}

int api_mission_calendar(struct http_request *rq)
{
	return reply_calendar(rq, api_of(rq)->id);
}

struct feed_in {
	int64_t mission_id;
};

static const struct jfield feed_fields[] = {
	JFIELD("mission_id", JF_COUNT, true, struct feed_in, mission_id),
};

int api_feeds_create(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct feed_in in = { 0 };
	struct error err = { 0 };
	struct jread rd;
	char token[AUTH_SECRET_HEX + 1], hash[AUTH_SECRET_HEX + 1], url[160];
	json_t *body = http_body_json(rq);
	int64_t id;

	if (body == NULL)
		return 0;
	jread_init(&rd, rq->arena, "body", &err);
	if (jread_object(&rd, body, feed_fields,
			 sizeof feed_fields / sizeof feed_fields[0], &in) != 0) {
		json_decref(body);
		return http_problem(rq, PROBLEM_INVALID, "/mission_id", "%s",
				    err.message);
	}
	json_decref(body);
	auth_secret_new(token);
	auth_secret_hash(token, hash);
	if (store_http(ar->store)->feed_add(ar->store, hash, ar->user.id,
					   in.mission_id, &ar->actor, &id, &err))
		return http_problem_error(rq, &err);
	snprintf(url, sizeof url, "/api/calendar/%s" FEED_SUFFIX, token);
	snprintf(hash, sizeof hash, "/api/calendar-feeds/%" PRId64, id);
	http_add_header(rq, "Location", hash);
	http_reply_json_steal(rq, 201, json_pack("{sI sI ss ss}",
		"id", (json_int_t)id, "mission_id", (json_int_t)in.mission_id,
		"token", token, "url", url));
	return 0;
}

int api_feeds_list(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	json_t *out = NULL;

	if (store_http(ar->store)->feed_list(ar->store, ar->user.id, &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_feeds_delete(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };

	if (store_http(ar->store)->feed_remove(ar->store, ar->user.id, ar->id,
					       &ar->actor, &err))
		return http_problem_error(rq, &err);
	http_reply_raw(rq, 204, NULL, "", 0);
	return 0;
}

/* The token is the whole credential: a wrong one, a revoked one and a
 * disabled owner all look alike (404). */
int api_feed_get(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	const char *seg = rq->segments[rq->n_segments - 1];
	size_t len = strlen(seg);
	struct store_feed feed;
	struct error err = { 0 };
	char token[AUTH_SECRET_HEX + 1], hash[AUTH_SECRET_HEX + 1];

	if (len != AUTH_SECRET_HEX + strlen(FEED_SUFFIX) ||
	    strcmp(seg + AUTH_SECRET_HEX, FEED_SUFFIX) != 0)
		return http_problem(rq, PROBLEM_NOT_FOUND, NULL,
				    "no such calendar feed");
	memcpy(token, seg, AUTH_SECRET_HEX);
	token[AUTH_SECRET_HEX] = '\0';
	auth_secret_hash(token, hash);
	if (store_http(ar->store)->feed_find(ar->store, hash, &feed, &ar->user,
					     &err) != 0 || ar->user.disabled)
		return http_problem(rq, PROBLEM_NOT_FOUND, NULL,
				    "no such calendar feed");
	ar->role = auth_role_parse(ar->user.role);
	ar->actor.user_id = ar->user.id;
	ar->actor.username = ar->user.username;
	return reply_calendar(rq, feed.mission_id);
}
