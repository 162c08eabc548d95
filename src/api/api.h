/* api.h: Pavilion's HTTP JSON API on top of the HTTP layer.
 *
 * routes.c holds the one route table and the dispatch that every request
 * goes through: match, authenticate (session cookie or bearer token),
 * check CSRF for unsafe methods under a cookie, check the role, then run
 * the handler with a store connection borrowed for the request.  One file
 * per endpoint group: session.c, users.c, tokens.c, resources.c (every record
 * resource, driven by its field table in store/resources.c), report.c,
 * meetings.c (scheduling, agendas, suggestions), calendar.c (iCalendar
 * and feeds), search.c, health.c, openapi.c.  body.c and page.c turn request bodies
 * and query strings into store calls (and are what fuzz/ exercises).
 */
#ifndef PAVILION_API_API_H
#define PAVILION_API_API_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "auth/auth.h"
#include "http/http.h"
#include "store/resource.h"
#include "store/store_http.h"

struct store_pool;

/* What the whole server shares. */
struct api_ctx {
	struct store_pool *pool;
	char *openapi;             /* the document, built once */
	size_t openapi_len;
	bool behind_tls;           /* serve --behind-tls */
	size_t evidence_max;       /* largest evidence file (evidence.c) */
};

/* Route flags: who may call it.  ROUTE_PUBLIC needs no login; otherwise
 * the ROLE_ bits of auth.h; ROUTE_RESOURCE routes decide per resource. */
enum {
	ROUTE_PUBLIC = 1 << 8,
	ROUTE_RESOURCE = 1 << 9,
	ROUTE_OWN_LOCK = 1 << 10,  /* a write that takes api_write_lock() itself */
	ROUTE_CACHED = 1 << 11,    /* GET replies kept in the reply cache */
	ROUTE_ALL_ROLES = ROLE_ADMIN | ROLE_OFFICER | ROLE_COMPANY | ROLE_VIEWER,
	ROUTE_READERS = ROLE_ADMIN | ROLE_OFFICER | ROLE_VIEWER,
};

/* The API's state of one request (http_request.app). */
struct api_request {
	struct api_ctx *ctx;
	struct store *store;
	const struct http_route *route;
	const struct store_resource *res;    /* {resource} */
	const struct store_resource *child;  /* {child} */
	int64_t id, child_id;
	bool logged_in, via_cookie;
	unsigned role;
	struct store_user user;
	char csrf[AUTH_SECRET_HEX + 1];
	char session_hash[AUTH_SECRET_HEX + 1];
	struct store_actor actor;
};

extern const struct http_route api_routes[];
extern const size_t api_route_count;

int api_dispatch(struct http_request *rq, void *ctx);
void api_release(struct http_request *rq, void *ctx);

static inline struct api_request *api_of(struct http_request *rq)
{
	return rq->app;
}

/* The lock every write holds (routes.c); ROUTE_OWN_LOCK handlers take
 * it around their writes only. */
pthread_mutex_t *api_write_lock(void);

/* The role name of a ROLE_ bit. */
const char *api_role_name(unsigned role);
/* Whether role may use method on resource r (reads and writes). */
bool api_resource_allows(const struct store_resource *r, enum http_method m,
			 unsigned role);

/* Reads a create (create=true) or PATCH body of resource r into w.  On
 * failure fills err (ERROR_INVALID) and pointer (a JSON pointer into the
 * body, "" for the whole). */
int api_body_read(const struct store_resource *r, json_t *body, bool create,
		  struct arena *a, struct store_write *w, char *pointer,
		  size_t pointer_size, struct error *err);
/* {"amount": "80000.00", "currency": "USD"} at member name (a JSON
 * pointer without its leading /) into minor units; ERROR_INVALID with
 * pointer set when the amount has more decimals than the currency. */
struct money;
int api_money_read(json_t *v, const char *name, struct money *out,
		   char *pointer, size_t size, struct error *err);
/* Adds one query argument to a listing's page; err names the argument. */
int api_page_add(const struct store_resource *r, struct store_page *page,
		 const char *name, const char *value, struct error *err);

/* Every query argument of rq into args (a repeated one is an error). */
int api_args_read(struct http_request *rq, struct store_args *args,
		  struct error *err);

/* The OpenAPI 3.1 document of api_routes, as JSON text (malloc'ed). */
char *api_openapi_build(size_t *len);

/* Handlers. */
int api_health(struct http_request *rq);
int api_openapi(struct http_request *rq);
int api_session_create(struct http_request *rq);
int api_session_get(struct http_request *rq);
int api_session_delete(struct http_request *rq);
int api_users_list(struct http_request *rq);
int api_users_create(struct http_request *rq);
int api_users_update(struct http_request *rq);
int api_audit_list(struct http_request *rq);
int api_search(struct http_request *rq);
int api_report(struct http_request *rq);
int api_mission_calendar(struct http_request *rq);
int api_event_schedule(struct http_request *rq);
int api_event_agenda(struct http_request *rq);
int api_event_suggestions(struct http_request *rq);
int api_feeds_list(struct http_request *rq);
int api_feeds_create(struct http_request *rq);
int api_feeds_delete(struct http_request *rq);
int api_feed_get(struct http_request *rq);
int api_tokens_list(struct http_request *rq);
int api_tokens_create(struct http_request *rq);
int api_tokens_delete(struct http_request *rq);
int api_stats(struct http_request *rq);
int api_missions_summary(struct http_request *rq);
int api_followups_list(struct http_request *rq);
int api_org_agreements(struct http_request *rq);
int api_org_events(struct http_request *rq);
int api_surveys_list(struct http_request *rq);
int api_survey_get(struct http_request *rq);
int api_survey_answer(struct http_request *rq);
int api_survey_plan_get(struct http_request *rq);
int api_survey_plan_set(struct http_request *rq);
int api_evidence_upload(struct http_request *rq);
int api_evidence_list(struct http_request *rq);
int api_evidence_get(struct http_request *rq);
int api_evidence_delete(struct http_request *rq);
/* The OpenAPI schemas and operations of the follow-up routes
 * (followup_doc.c); false for a route that is not one of them. */
void api_followup_schemas(json_t *schemas);
bool api_followup_operation(const struct http_route *rt, json_t *op,
			    json_t *params, json_t *responses);
/* The body limit of evidence uploads (http_server_config.body_max_for):
 * only for requests whose credentials name an account that may upload,
 * so an anonymous client never gets more than the general limit. */
size_t api_body_max_for(const struct http_request *rq, void *ctx);
/* Whether rq's credentials name a usable account of one of roles
 * (routes.c). */
bool api_credentials_allow(const struct http_request *rq, struct api_ctx *ctx,
			   unsigned roles);
int api_res_list(struct http_request *rq);
int api_res_create(struct http_request *rq);
int api_res_get(struct http_request *rq);
int api_res_update(struct http_request *rq);
int api_res_delete(struct http_request *rq);

/* The reply cache of GET requests (cache.c).  key: NULL when too long. */
const char *api_cache_key(struct http_request *rq, unsigned role,
			  int64_t scope);
bool api_cache_get(struct http_request *rq, struct store *s, const char *key,
		   uint64_t *generation);
void api_cache_put(struct http_request *rq, const char *key,
		   uint64_t generation);
/* Every acknowledged write calls this before its reply goes out. */
void api_cache_touch(void);
void api_cache_clear(void);   /* at exit */

/* Replies with a record and its ETag. */
void api_reply_record(struct http_request *rq, unsigned status, json_t *rec);

#endif
