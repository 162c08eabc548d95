/* request.c: what a handler reads from its request: path segments, query
 * arguments, headers, cookies and the JSON body. */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"
#include "util/arena.h"

const char *http_query(const struct http_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->connection, MHD_GET_ARGUMENT_KIND,
					   name);
}

const char *http_header(const struct http_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->connection, MHD_HEADER_KIND, name);
}

const char *http_cookie(const struct http_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->connection, MHD_COOKIE_KIND, name);
}

const char *http_client_address(const struct http_request *rq, char *out,
				size_t size)
{
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(
		rq->connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	snprintf(out, size, "?");
	if (ci == NULL || ci->client_addr == NULL)
		return out;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)(const void *)
				     ci->client_addr)->sin_addr, out, (socklen_t)size);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)(const void *)
				      ci->client_addr)->sin6_addr, out, (socklen_t)size);
	return out;
}

struct each_ctx {
	int (*fn)(void *ctx, const char *name, const char *value);
	void *ctx;
	int status;
};

static enum MHD_Result each_arg(void *cls, enum MHD_ValueKind kind,
				const char *key, const char *value)
{
	struct each_ctx *e = cls;

	(void)kind;
	e->status = e->fn(e->ctx, key, value ? value : "");
	return e->status == 0 ? MHD_YES : MHD_NO;
}

int http_query_each(const struct http_request *rq,
		    int (*fn)(void *ctx, const char *name, const char *value),
		    void *ctx)
{
	struct each_ctx e = { fn, ctx, 0 };

	MHD_get_connection_values(rq->connection, MHD_GET_ARGUMENT_KIND, each_arg,
				  &e);
	return e.status;
}

json_t *http_body_json(struct http_request *rq)
{
	const char *type = http_header(rq, "Content-Type");
	json_error_t jerr;
	json_t *v;

	if (type == NULL || strncasecmp(type, "application/json", 16) != 0 ||
	    (type[16] != '\0' && type[16] != ';' && type[16] != ' ')) {
		http_problem(rq, PROBLEM_UNSUPPORTED_MEDIA, NULL,
			     "Content-Type is %s%s%s, expected application/json",
			     type ? "\"" : "", type ? type : "missing",
			     type ? "\"" : "");
		return NULL;
	}
	if (rq->body.len == 0) {
		http_problem(rq, PROBLEM_BAD_REQUEST, "", "the body is empty");
		return NULL;
	}
	v = json_loadb(rq->body.data, rq->body.len,
		       JSON_REJECT_DUPLICATES, &jerr);
	if (v == NULL) {
		http_problem(rq, PROBLEM_BAD_REQUEST, "",
			     "malformed JSON at line %d, column %d: %s",
			     jerr.line, jerr.column, jerr.text);
		return NULL;
	}
	if (!json_is_object(v)) {
		json_decref(v);
		http_problem(rq, PROBLEM_INVALID, "", "the body must be a JSON object");
		return NULL;
	}
	return v;
}

bool http_split_path(struct http_request *rq)
{
	const char *p = rq->path;

	rq->n_segments = 0;
	if (p == NULL || p[0] != '/' || strlen(p) > HTTP_URL_MAX)
		return false;
	while (*p == '/') {
		const char *start = ++p;
		size_t len;

		while (*p != '\0' && *p != '/')
			p++;
		len = (size_t)(p - start);
		if (len == 0)
			return *p == '\0' && rq->n_segments > 0;  /* trailing slash */
		if (rq->n_segments == HTTP_SEGMENTS_MAX)
			return false;
		rq->segments[rq->n_segments] = arena_strndup(rq->arena, start, len);
		if (rq->segments[rq->n_segments++] == NULL)
			return false;
	}
	return *p == '\0';
}

bool http_parse_id(const char *s, int64_t *out)
{
	int64_t v = 0;

	if (s == NULL || s[0] < '1' || s[0] > '9')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > ((int64_t)1 << 53) / 10)
			return false;
		v = v * 10 + (*s - '0');
	}
	*out = v;
	return v <= ((int64_t)1 << 53);
}
