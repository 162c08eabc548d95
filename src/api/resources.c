/* resources.c: list, get, create, update and delete for every record
 * resource (organisations, people, missions, stops, events and their
 * participants, pavilions and their exhibitors, agreements with their
 * parties and follow-ups).
 *
 * These resources differ only in their fields and company scope, which
 * are data (store/resources.c), so one set of handlers serves them all
 * instead of eleven near-identical files.  Each handler parses, makes one
 * store call and replies.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "util/arena.h"

void api_reply_record(struct http_request *rq, unsigned status, json_t *rec)
{
	char etag[40];

	snprintf(etag, sizeof etag, "\"v%" PRId64 "\"",
		 (int64_t)json_integer_value(json_object_get(rec, "version")));
	http_add_header(rq, "ETag", etag);
	http_reply_json_steal(rq, status, rec);
}

/* The resource addressed, its parent id and its own id. */
static const struct store_resource *target(struct api_request *ar,
					   int64_t *parent, int64_t *id)
{
	if (ar->child) {
		*parent = ar->id;
		*id = ar->child_id;
		return ar->child;
	}
	*parent = 0;
	*id = ar->id;
	return ar->res;
}

struct page_ctx {
	const struct store_resource *r;
	struct store_page *page;
	struct error *err;
};

static int page_arg(void *ctx, const char *name, const char *value)
{
	struct page_ctx *pc = ctx;

	return api_page_add(pc->r, pc->page, name, value, pc->err);
}

int api_res_list(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct store_page page = { .limit = 50 };
	struct error err = { 0 };
	int64_t id;
	const struct store_resource *r = target(ar, &page.parent, &id);
	struct page_ctx pc = { r, &page, &err };
	json_t *out = NULL;

	if (http_query_each(rq, page_arg, &pc) != 0)
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL, "%s", err.message);
	if (ar->child) {
		json_t *parent = NULL;

		/* An unknown (or, for companies, unseen) parent is a 404. */
		if (store_http(ar->store)->res_get(ar->store, ar->res, 0, ar->id,
						   &ar->actor, &parent, &err))
			return http_problem_error(rq, &err);
		json_decref(parent);
	}
	if (store_http(ar->store)->res_list(ar->store, r, &page, &ar->actor,
					    &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_res_get(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	int64_t parent, id;
	const struct store_resource *r = target(ar, &parent, &id);
	json_t *out = NULL;

	if (store_http(ar->store)->res_get(ar->store, r, parent, id, &ar->actor,
					   &out, &err))
		return http_problem_error(rq, &err);
	api_reply_record(rq, 200, out);
	return 0;
}

static int read_body(struct http_request *rq, const struct store_resource *r,
		     bool create, struct store_write *w)
{
	struct error err = { 0 };
	char pointer[256];
	json_t *body = http_body_json(rq);
	int status;

	if (body == NULL)
		return -1;
	status = api_body_read(r, body, create, rq->arena, w, pointer,
			       sizeof pointer, &err);
	json_decref(body);
	if (status) {
		http_problem(rq, http_problem_of(err.code), pointer, "%s", err.message);
		return -1;
	}
	return 0;
}

/* A company edits records outside company_write (its own organisation)
 * and may point their references only at records it can see: one it
 * cannot see gets the same answer as one that does not exist, so the
 * answer does not tell which ids exist.  Replies and returns -1 when a
 * reference fails. */
static int company_refs_visible(struct http_request *rq,
				const struct store_resource *r,
				const struct store_write *w)
{
	struct api_request *ar = api_of(rq);

	if (ar->actor.company_org == 0 || r->company_write != NULL)
		return 0;
	for (size_t i = 0; i < r->n_fields; i++) {
		const struct store_field *f = &r->fields[i];
		const struct store_resource *to;
		struct error err = { 0 };
		char pointer[80];
		json_t *o = NULL;

		if (f->type != SF_REF || !w->set[i] || w->null[i] || f->ref < 0)
			continue;
		to = store_resources[f->ref];
		if (to->company_scope == NULL)
			continue;
		if (store_http(ar->store)->res_get(ar->store, to, 0, w->v[i].i,
						   &ar->actor, &o, &err) == 0) {
			json_decref(o);
			continue;
		}
		if (err.code != ERROR_NOT_FOUND) {
			http_problem_error(rq, &err);
			return -1;
		}
		snprintf(pointer, sizeof pointer, "/%s", f->name);
		http_problem(rq, PROBLEM_INVALID, pointer, "$.%s: no %s %" PRId64,
			     f->name, to->singular, w->v[i].i);
		return -1;
	}
	return 0;
}

int api_res_create(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct store_write *w = arena_alloc(rq->arena, sizeof *w);
	struct error err = { 0 };
	int64_t parent, id;
	const struct store_resource *r = target(ar, &parent, &id);
	json_t *out = NULL;
	char location[128];

	if (arena_failed(rq->arena))
		return http_problem(rq, PROBLEM_UNAVAILABLE, NULL, "out of memory");
	if (read_body(rq, r, true, w) != 0 || company_refs_visible(rq, r, w) != 0)
		return 0;
	if (store_http(ar->store)->res_create(ar->store, r, parent, w, &ar->actor,
					      &out, &err))
		return http_problem_error(rq, &err);
	if (ar->child)
		snprintf(location, sizeof location, "/api/%s/%" PRId64 "/%s/%" PRId64,
			 ar->res->name, parent, r->name,
			 (int64_t)json_integer_value(json_object_get(out, "id")));
	else
		snprintf(location, sizeof location, "/api/%s/%" PRId64, r->name,
			 (int64_t)json_integer_value(json_object_get(out, "id")));
	http_add_header(rq, "Location", location);
	api_reply_record(rq, 201, out);
	return 0;
}

/* If-Match: "vN" (or W/"vN") gives N; "*" gives -1 (any version).
 * Returns false when the header is absent; a malformed one gives 0,
 * which no record has, so it fails as stale. */
static bool if_match(struct http_request *rq, int64_t *version)
{
	const char *h = http_header(rq, "If-Match");
	int64_t v = 0;

	if (h == NULL)
		return false;
	*version = 0;
	while (*h == ' ')
		h++;
	if (strcmp(h, "*") == 0) {
		*version = -1;
		return true;
	}
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	if (h[0] != '"' || h[1] != 'v')
		return true;
	for (h += 2; *h >= '0' && *h <= '9'; h++) {
		if (v > INT64_MAX / 10 - 10)
			return true;
		v = v * 10 + (*h - '0');
	}
	if (h[0] == '"' && h[1] == '\0')
		*version = v;
	return true;
}

int api_res_update(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct store_write *w = arena_alloc(rq->arena, sizeof *w);
	struct error err = { 0 };
	int64_t parent, id, version;
	const struct store_resource *r = target(ar, &parent, &id);
	json_t *out = NULL;

	if (arena_failed(rq->arena))
		return http_problem(rq, PROBLEM_UNAVAILABLE, NULL, "out of memory");
	if (!if_match(rq, &version))
		return http_problem(rq, PROBLEM_PRECONDITION_REQUIRED, NULL,
				    "updates need If-Match with the ETag of a GET");
	if (read_body(rq, r, false, w) != 0 || company_refs_visible(rq, r, w) != 0)
		return 0;
	if (store_http(ar->store)->res_update(ar->store, r, parent, id, version, w,
					      &ar->actor, &out, &err))
		return http_problem_error(rq, &err);
	api_reply_record(rq, 200, out);
	return 0;
}

int api_res_delete(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	int64_t parent, id, version = -1;
	const struct store_resource *r = target(ar, &parent, &id);

	if_match(rq, &version);
	if (store_http(ar->store)->res_delete(ar->store, r, parent, id, version,
					      &ar->actor, &err))
		return http_problem_error(rq, &err);
	http_reply_raw(rq, 204, NULL, "", 0);
	return 0;
}
