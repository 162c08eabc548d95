/* reply.c: JSON bodies and RFC 9457 problem documents. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "http/http.h"
#include "util/arena.h"

static int dump_callback(const char *data, size_t size, void *ctx)
{
	buf_add(ctx, data, size);
	return ((struct buf *)ctx)->failed ? -1 : 0;
}

void http_reply_json(struct http_request *rq, unsigned status, json_t *v)
{
	buf_free(&rq->reply);
	buf_init(&rq->reply, HTTP_REPLY_MAX);
	if (json_dump_callback(v, dump_callback, &rq->reply,
			       JSON_COMPACT | JSON_ENCODE_ANY) != 0 ||
	    rq->reply.failed) {
		http_problem(rq, PROBLEM_TOO_LARGE, NULL,
			     "the reply would exceed %zu bytes", (size_t)HTTP_REPLY_MAX);
		return;
	}
	rq->status = status;
	rq->content_type = "application/json";
}

void http_reply_json_steal(struct http_request *rq, unsigned status, json_t *v)
{
	http_reply_json(rq, status, v);
	json_decref(v);
}

void http_reply_raw(struct http_request *rq, unsigned status,
		    const char *content_type, const char *data, size_t len)
{
	buf_free(&rq->reply);
	buf_init(&rq->reply, HTTP_REPLY_MAX);
	buf_add(&rq->reply, data, len);
	rq->status = status;
	rq->content_type = content_type;
}

void http_add_header(struct http_request *rq, const char *name,
		     const char *value)
{
	struct http_header h = { arena_strdup(rq->arena, name),
				 arena_strdup(rq->arena, value) };

	if (rq->n_headers < HTTP_HEADERS_MAX && h.name != NULL && h.value != NULL)
		rq->headers[rq->n_headers++] = h;
}

int http_problem(struct http_request *rq, enum http_problem p,
		 const char *pointer, const char *fmt, ...)
{
	const struct http_problem_type *t = &http_problem_types[p];
	char detail[ERROR_MESSAGE_MAX], type[64];
	json_t *doc;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof detail, fmt, ap);
	va_end(ap);
	snprintf(type, sizeof type, HTTP_PROBLEM_URN "%s", t->slug);
	doc = json_pack("{ss ss si ss ss}", "type", type, "title", t->title,
			"status", (int)t->status, "detail", detail,
			"instance", rq->path ? rq->path : "/");
	if (doc == NULL)   /* detail was not UTF-8: say so plainly */
		doc = json_pack("{ss ss si ss}", "type", type, "title", t->title,
				"status", (int)t->status, "detail",
				"(the detail was not valid UTF-8)");
	if (pointer != NULL)
		json_object_set_new(doc, "pointer", json_string(pointer));
	buf_free(&rq->reply);
	buf_init(&rq->reply, HTTP_REPLY_MAX);
	json_dump_callback(doc, dump_callback, &rq->reply, JSON_COMPACT);
	json_decref(doc);
	rq->status = t->status;
	rq->content_type = "application/problem+json";
	return 0;
}

int http_problem_error(struct http_request *rq, const struct error *err)
{
	enum http_problem p = http_problem_of(err->code);

	if (err->code == ERROR_CONFLICT && strncmp(err->message, "stale:", 6) == 0)
		p = PROBLEM_PRECONDITION_FAILED;
	return http_problem(rq, p, NULL, "%s", err->message);
}
