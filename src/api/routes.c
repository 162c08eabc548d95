/* routes.c: the route table and the dispatch every request goes through.
 *
 * Patterns: literal segments, {resource} (a top-level record resource),
 * {child} (a child resource of the one before it), {id} and {child_id}
 * (decimal ids), {token} (any one segment, for the handler).  The first
 * route whose path and method match wins; a
 * path that matches with another method gets 405 and an Allow header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <pthread.h>

#include "api/api.h"
#include "domain/tz.h"
#include "report/format.h"
#include "store/store_pool.h"
#include "util/arena.h"

const struct http_route api_routes[] = {
	{ .method = HTTP_GET, .pattern = "/api/health", .handler = api_health,
	  .summary = "Liveness and database check", .flags = ROUTE_PUBLIC },
	{ .method = HTTP_GET, .pattern = "/api/openapi.json",
	  .handler = api_openapi, .summary = "This API's OpenAPI 3.1 document",
	  .flags = ROUTE_PUBLIC },
	{ .method = HTTP_POST, .pattern = "/api/session",
	  .handler = api_session_create,
	  .summary = "Log in: sets the session cookie, returns the CSRF token",
	  .flags = ROUTE_PUBLIC | ROUTE_OWN_LOCK },
	{ .method = HTTP_GET, .pattern = "/api/session",
	  .handler = api_session_get, .summary = "Who is logged in",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_DELETE, .pattern = "/api/session",
	  .handler = api_session_delete, .summary = "Log out",
	  .flags = ROUTE_ALL_ROLES | ROUTE_OWN_LOCK },
	{ .method = HTTP_GET, .pattern = "/api/users", .handler = api_users_list,
	  .summary = "List accounts", .flags = ROLE_ADMIN },
	{ .method = HTTP_POST, .pattern = "/api/users",
	  .handler = api_users_create, .summary = "Create an account",
	  .flags = ROLE_ADMIN },
	{ .method = HTTP_PATCH, .pattern = "/api/users/{id}",
	  .handler = api_users_update,
	  .summary = "Change an account's role, organisation, password or state",
	  .flags = ROLE_ADMIN },
	{ .method = HTTP_GET, .pattern = "/api/audit", .handler = api_audit_list,
	  .summary = "The newest audit trail entries", .flags = ROLE_ADMIN },
	{ .method = HTTP_GET, .pattern = "/api/search", .handler = api_search,
	  .summary = "Search names in Korean and English",
	  .flags = ROUTE_READERS },
	{ .method = HTTP_GET, .pattern = "/api/missions/{id}/report",
	  .handler = api_report, .summary = "A mission's outcome report",
	  .flags = ROUTE_READERS },
	{ .method = HTTP_GET, .pattern = "/api/missions/{id}/calendar.ics",
	  .handler = api_mission_calendar,
	  .summary = "A mission's itinerary and B2B meetings as iCalendar",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_POST, .pattern = "/api/events/{id}/schedule",
	  .handler = api_event_schedule,
	  .summary = "Schedule the event's B2B meetings (confirmed ones stay)",
	  .flags = ROLE_ADMIN | ROLE_OFFICER | ROUTE_OWN_LOCK },
	{ .method = HTTP_GET, .pattern = "/api/events/{id}/agenda",
	  .handler = api_event_agenda,
	  .summary = "The event's B2B meetings in time order",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_GET, .pattern = "/api/events/{id}/suggestions",
	  .handler = api_event_suggestions,
	  .summary = "Whom each local company of the event should meet, and why",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_GET, .pattern = "/api/calendar-feeds",
	  .handler = api_feeds_list, .summary = "Your calendar feeds",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_POST, .pattern = "/api/calendar-feeds",
	  .handler = api_feeds_create,
	  .summary = "A private subscription URL for a mission's calendar",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_DELETE, .pattern = "/api/calendar-feeds/{id}",
	  .handler = api_feeds_delete, .summary = "Revoke a calendar feed",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_GET, .pattern = "/api/calendar/{token}",
	  .handler = api_feed_get,
	  .summary = "A calendar feed (the token in the URL is the credential)",
	  .flags = ROUTE_PUBLIC },
	{ .method = HTTP_GET, .pattern = "/api/tokens",
	  .handler = api_tokens_list,
	  .summary = "Your API tokens (an admin's: everyone's), without the secrets",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_POST, .pattern = "/api/tokens",
	  .handler = api_tokens_create,
	  .summary = "A new API token for yourself (from a logged-in session)",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_DELETE, .pattern = "/api/tokens/{id}",
	  .handler = api_tokens_delete, .summary = "Revoke an API token",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_GET, .pattern = "/api/stats", .handler = api_stats,
	  .summary = "Counts and values per currency, grouped and filtered",
	  .flags = ROUTE_ALL_ROLES | ROUTE_CACHED },
	{ .method = HTTP_GET, .pattern = "/api/missions/summary",
	  .handler = api_missions_summary,
	  .summary = "Missions with their days, countries and figures, paged",
	  .flags = ROUTE_ALL_ROLES | ROUTE_CACHED },
	{ .method = HTTP_GET, .pattern = "/api/followups",
	  .handler = api_followups_list,
	  .summary = "Follow-ups across agreements, paged",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_GET, .pattern = "/api/organisations/{id}/agreements",
	  .handler = api_org_agreements,
	  .summary = "Agreements an organisation is a party to, paged",
	  .flags = ROUTE_ALL_ROLES | ROUTE_CACHED },
	{ .method = HTTP_GET, .pattern = "/api/organisations/{id}/events",
	  .handler = api_org_events,
	  .summary = "Events an organisation took part in, paged",
	  .flags = ROUTE_ALL_ROLES | ROUTE_CACHED },
	{ .method = HTTP_GET, .pattern = "/api/surveys",
	  .handler = api_surveys_list,
	  .summary = "Follow-up surveys in due order (a company: its own)",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_GET, .pattern = "/api/surveys/{id}",
	  .handler = api_survey_get, .summary = "One follow-up survey",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_POST, .pattern = "/api/surveys/{id}/answer",
	  .handler = api_survey_answer,
	  .summary = "Answer a follow-up survey: exports, contracts or no result",
	  .flags = ROLE_ADMIN | ROLE_OFFICER | ROLE_COMPANY },
	{ .method = HTTP_GET, .pattern = "/api/missions/{id}/survey-plan",
	  .handler = api_survey_plan_get,
	  .summary = "Months after return the mission's surveys are due",
	  .flags = ROUTE_READERS },
	{ .method = HTTP_PATCH, .pattern = "/api/missions/{id}/survey-plan",
	  .handler = api_survey_plan_set,
	  .summary = "Set the months after return the surveys are due",
	  .flags = ROLE_ADMIN | ROLE_OFFICER },
	{ .method = HTTP_POST, .pattern = "/api/realisations/{id}/evidence",
	  .handler = api_evidence_upload,
	  .summary = "Upload an evidence file (PDF, PNG or JPEG) as the body",
	  .flags = ROLE_ADMIN | ROLE_OFFICER | ROLE_COMPANY },
	{ .method = HTTP_GET, .pattern = "/api/realisations/{id}/evidence",
	  .handler = api_evidence_list, .summary = "A realisation's evidence files",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_GET, .pattern = "/api/evidence/{id}",
	  .handler = api_evidence_get, .summary = "Download an evidence file",
	  .flags = ROUTE_ALL_ROLES },
	{ .method = HTTP_DELETE, .pattern = "/api/evidence/{id}",
	  .handler = api_evidence_delete, .summary = "Delete an evidence file",
	  .flags = ROLE_ADMIN | ROLE_OFFICER | ROLE_COMPANY },
	{ .method = HTTP_GET, .pattern = "/api/{resource}",
	  .handler = api_res_list, .summary = "List", .flags = ROUTE_RESOURCE },
	{ .method = HTTP_POST, .pattern = "/api/{resource}",
	  .handler = api_res_create, .summary = "Create",
	  .flags = ROUTE_RESOURCE },
	{ .method = HTTP_GET, .pattern = "/api/{resource}/{id}",
	  .handler = api_res_get, .summary = "Get", .flags = ROUTE_RESOURCE },
	{ .method = HTTP_PATCH, .pattern = "/api/{resource}/{id}",
	  .handler = api_res_update, .summary = "Update (needs If-Match)",
	  .flags = ROUTE_RESOURCE },
	{ .method = HTTP_DELETE, .pattern = "/api/{resource}/{id}",
	  .handler = api_res_delete, .summary = "Delete",
	  .flags = ROUTE_RESOURCE },
	{ .method = HTTP_GET, .pattern = "/api/{resource}/{id}/{child}",
	  .handler = api_res_list, .summary = "List", .flags = ROUTE_RESOURCE },
	{ .method = HTTP_POST, .pattern = "/api/{resource}/{id}/{child}",
	  .handler = api_res_create, .summary = "Create",
	  .flags = ROUTE_RESOURCE },
	{ .method = HTTP_GET, .pattern = "/api/{resource}/{id}/{child}/{child_id}",
	  .handler = api_res_get, .summary = "Get", .flags = ROUTE_RESOURCE },
	{ .method = HTTP_PATCH,
	  .pattern = "/api/{resource}/{id}/{child}/{child_id}",
	  .handler = api_res_update, .summary = "Update (needs If-Match)",
	  .flags = ROUTE_RESOURCE },
	{ .method = HTTP_DELETE,
	  .pattern = "/api/{resource}/{id}/{child}/{child_id}",
	  .handler = api_res_delete, .summary = "Delete",
	  .flags = ROUTE_RESOURCE },
};

const size_t api_route_count = sizeof api_routes / sizeof api_routes[0];

const char *api_role_name(unsigned role)
{
	switch (role) {
	case ROLE_ADMIN: return "admin";
	case ROLE_OFFICER: return "officer";
	case ROLE_COMPANY: return "company";
	case ROLE_VIEWER: return "viewer";
	default: return "none";
	}
}

/* Admins and officers read and write every record; viewers read them;
 * a company reads what its scope covers, edits its own organisation and
 * writes the rows of resources that say which are its own
 * (company_write, checked by the store). */
bool api_resource_allows(const struct store_resource *r, enum http_method m,
			 unsigned role)
{
	bool read = m == HTTP_GET || m == HTTP_HEAD;

	if (role == ROLE_ADMIN || role == ROLE_OFFICER)
		return true;
	if (role == ROLE_VIEWER)
		return read;
	if (role == ROLE_COMPANY)
		return r->company_scope != NULL &&
			(read || r->company_write != NULL ||
			 (m == HTTP_PATCH && r->id == RES_ORGANISATIONS));
	return false;
}

/* Fills ar's resource and ids when the path fits pattern. */
static bool match(const char *pattern, struct http_request *rq,
		  struct api_request *ar)
{
	const char *p = pattern;
	size_t i = 0;

	ar->res = ar->child = NULL;
	while (*p == '/') {
		const char *start = ++p, *seg;
		size_t len;

		while (*p && *p != '/')
			p++;
		len = (size_t)(p - start);
		if (i == rq->n_segments)
			return false;
		seg = rq->segments[i++];
		if (len == 10 && memcmp(start, "{resource}", 10) == 0) {
			ar->res = store_resource_find(seg, strlen(seg));
			if (ar->res == NULL || ar->res->parent >= 0)
				return false;
		} else if (len == 7 && memcmp(start, "{child}", 7) == 0) {
			ar->child = store_resource_find(seg, strlen(seg));
			if (ar->child == NULL || ar->res == NULL ||
			    ar->child->parent != (int)ar->res->id)
				return false;
		} else if (len == 4 && memcmp(start, "{id}", 4) == 0) {
			if (!http_parse_id(seg, &ar->id))
				return false;
		} else if (len == 10 && memcmp(start, "{child_id}", 10) == 0) {
			if (!http_parse_id(seg, &ar->child_id))
				return false;
		} else if (len == 7 && memcmp(start, "{token}", 7) == 0) {
			/* any segment: the handler judges it */
		} else if (strlen(seg) != len || memcmp(seg, start, len) != 0) {
			return false;
		}
	}
	return i == rq->n_segments;
}

static const char *const method_names[] = {
	"GET", "POST", "PATCH", "DELETE", "PUT", "HEAD",
};

/* Who is asking: a bearer token, else the session cookie. */
static int authenticate(const struct http_request *rq, struct api_request *ar)
{
	const struct store_http_ops *ops = store_http(ar->store);
	const char *auth = http_header(rq, "Authorization");
	const char *cookie = http_cookie(rq, "pavilion_session");
	char hash[AUTH_SECRET_HEX + 1];

	if (auth != NULL) {
		if (strncasecmp(auth, "Bearer ", 7) != 0 ||
		    strlen(auth + 7) != AUTH_SECRET_HEX)
			return -1;
		auth_secret_hash(auth + 7, hash);
		if (ops->session_find(ar->store, hash, (int64_t)time(NULL),
				      &ar->user, NULL, NULL) != 0)
			return -1;
	} else if (cookie != NULL && strlen(cookie) == AUTH_SECRET_HEX) {
		auth_secret_hash(cookie, hash);
		if (ops->session_find(ar->store, hash, (int64_t)time(NULL),
				      &ar->user, ar->csrf, NULL) != 0)
			return -1;
		ar->via_cookie = true;
		memcpy(ar->session_hash, hash, sizeof hash);
	} else {
		return -1;
	}
	if (ar->user.disabled)
		return -1;
	ar->logged_in = true;
	ar->role = auth_role_parse(ar->user.role);
	ar->actor.user_id = ar->user.id;
	ar->actor.username = ar->user.username;
	ar->actor.company_org = ar->role == ROLE_COMPANY ?
		(ar->user.organisation_id > 0 ? ar->user.organisation_id : -1) : 0;
	return 0;
}

/* Whether rq's credentials name a usable account whose role is one of
 * roles: for what is decided from the headers alone, before the body is
 * read (api_body_max_for).  Borrows a store for the look-up. */
bool api_credentials_allow(const struct http_request *rq, struct api_ctx *ctx,
			   unsigned roles)
{
	struct api_request ar = { .ctx = ctx };
	bool ok;

	ar.store = store_pool_take(ctx->pool);
	ok = authenticate(rq, &ar) == 0 && (ar.role & roles) != 0 &&
		ar.actor.company_org >= 0;
	store_pool_give(ctx->pool, ar.store);
	return ok;
}

static bool unsafe(enum http_method m)
{
	return m != HTTP_GET && m != HTTP_HEAD;
}

/* Writers queue here rather than in SQLite's busy handler, which sleeps
 * in steps of up to 100 ms.  Routes marked ROUTE_OWN_LOCK take it
 * themselves, if at all: logins (Argon2id is slow on purpose) and
 * scheduling (the solver runs for seconds; only its save is a write). */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;

pthread_mutex_t *api_write_lock(void)
{
	return &write_lock;
}

static int call(const struct http_route *rt, struct http_request *rq)
{
	int status;

	if (!unsafe(rq->method) || (rt->flags & ROUTE_OWN_LOCK))
		return rt->handler(rq);
	pthread_mutex_lock(&write_lock);
	status = rt->handler(rq);
	pthread_mutex_unlock(&write_lock);
	return status;
}

static int route(struct http_request *rq, struct api_request *ar)
{
	const struct http_route *found = NULL;
	enum http_method m = rq->method == HTTP_HEAD ? HTTP_GET : rq->method;
	char allow[64] = "";
	size_t used = 0;
	bool path_known = false;
	unsigned need;

	if (!http_split_path(rq))
		return http_problem(rq, PROBLEM_NOT_FOUND, NULL, "no such path");
	for (size_t i = 0; i < api_route_count && found == NULL; i++) {
		struct api_request probe = *ar;

		if (!match(api_routes[i].pattern, rq, &probe))
			continue;
		path_known = true;
		if (api_routes[i].method == m) {
			*ar = probe;
			found = &api_routes[i];
			break;
		}
		for (int b = 0; b < 6; b++)
			if (api_routes[i].method == 1u << b && used < sizeof allow - 8) {
				int n = snprintf(allow + used, sizeof allow - used, "%s%s",
						 used ? ", " : "", method_names[b]);
				used += n > 0 ? (size_t)n : 0;
			}
	}
	if (found == NULL) {
		if (!path_known)
			return http_problem(rq, PROBLEM_NOT_FOUND, NULL,
					    "no such path: %s", rq->path);
		http_add_header(rq, "Allow", allow);
		return http_problem(rq, PROBLEM_METHOD_NOT_ALLOWED, NULL,
				    "%s is not allowed here; allowed: %s",
				    rq->method_name, allow);
	}
	ar->route = found;
	if (found->flags & ROUTE_PUBLIC)
		return call(found, rq);
	if (authenticate(rq, ar) != 0) {
		http_add_header(rq, "WWW-Authenticate", "Bearer");
		return http_problem(rq, PROBLEM_UNAUTHORIZED, NULL,
				    "send a session cookie or an Authorization: Bearer token");
	}
	/* Such an account cannot be made (store/sqlite_accounts.c), and
	 * deleting its organisation disables it; should one exist all the
	 * same, it may do nothing rather than everything. */
	if (ar->actor.company_org < 0)
		return http_problem(rq, PROBLEM_FORBIDDEN, NULL,
				    "company account %s belongs to no organisation",
				    ar->user.username);
	if (ar->via_cookie && unsafe(rq->method)) {
		const char *token = http_header(rq, "X-CSRF-Token");

		if (token == NULL || !auth_secret_equal(token, ar->csrf))
			return http_problem(rq, PROBLEM_CSRF, NULL,
					    "send the X-CSRF-Token header that POST /api/session returned");
	}
	if (found->flags & ROUTE_RESOURCE) {
		const struct store_resource *target = ar->child ? ar->child : ar->res;
		const char *key;
		uint64_t gen;
		bool ok = api_resource_allows(target, m, ar->role);

		/* A company reaches children only through parents it may see. */
		if (ok && ar->child)
			ok = api_resource_allows(ar->res, HTTP_GET, ar->role);
		if (!ok)
			return http_problem(rq, PROBLEM_FORBIDDEN, NULL,
					    "role %s may not %s %s", api_role_name(ar->role),
					    rq->method_name, target->name);
		if (m != HTTP_GET ||
		    (key = api_cache_key(rq, ar->role,
					   ar->actor.company_org)) == NULL)
			return call(found, rq);
		if (!api_cache_get(rq, ar->store, key, &gen)) {
			found->handler(rq);
			api_cache_put(rq, key, gen);
		}
		return 0;
	}
	need = found->flags & ROUTE_ALL_ROLES;
	if (!(need & ar->role))
		return http_problem(rq, PROBLEM_FORBIDDEN, NULL,
				    "role %s may not use %s %s", api_role_name(ar->role),
				    rq->method_name, found->pattern);
	if ((found->flags & ROUTE_CACHED) && m == HTTP_GET) {
		const char *key = api_cache_key(rq, ar->role, ar->actor.company_org);
		uint64_t gen;

		if (key == NULL)
			return call(found, rq);
		if (!api_cache_get(rq, ar->store, key, &gen)) {
			found->handler(rq);
			api_cache_put(rq, key, gen);
		}
		return 0;
	}
	return call(found, rq);
}
static pthread_key_t icu_key;
static pthread_once_t icu_once = PTHREAD_ONCE_INIT;

/* ICU calendars and formats are cached per thread; a worker releases its
 * caches when it exits (at server stop), so leak checks see them freed. */
static void icu_thread_done(void *unused)
{
	(void)unused;
	tz_thread_cleanup();
	fmt_thread_cleanup();
}

static void icu_key_make(void)
{
	pthread_key_create(&icu_key, icu_thread_done);
}

int api_dispatch(struct http_request *rq, void *ctx)
{
	struct api_request *ar = arena_alloc(rq->arena, sizeof *ar);
	int status;

	if (arena_failed(rq->arena))
		return http_problem(rq, PROBLEM_UNAVAILABLE, NULL, "out of memory");
	ar->ctx = ctx;
	rq->app = ar;
	pthread_once(&icu_once, icu_key_make);
	if (pthread_getspecific(icu_key) == NULL)
		pthread_setspecific(icu_key, ar->ctx);
	ar->store = store_pool_take(ar->ctx->pool);
	status = route(rq, ar);
	/* Whatever a write did, cached replies from before it are void. */
	if (unsafe(rq->method))
		api_cache_touch();
	store_pool_give(ar->ctx->pool, ar->store);
	ar->store = NULL;
	return status;
}

void api_release(struct http_request *rq, void *ctx)
{
	(void)rq;
	(void)ctx;
}
