/* http.h: the HTTP layer: a libmicrohttpd server, a router over a table
 * of routes, requests with their own arena, JSON and problem replies.
 *
 * The layer knows nothing of Pavilion's resources: the API (src/api)
 * gives it a route table and a dispatch function.  A request's handler
 * runs once, after the whole body arrived (within its ceiling); it fills
 * the reply through http_reply_*() and the server sends it.
 */
#ifndef PAVILION_HTTP_HTTP_H
#define PAVILION_HTTP_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/buf.h"
#include "util/error.h"

struct arena;
struct MHD_Connection;

/* Hard limits, named so the docs and tests can quote them. */
#define HTTP_BODY_MAX_DEFAULT ((size_t)64 * 1024)
#define HTTP_BODY_MAX_CEILING ((size_t)16 * 1024 * 1024)
#define HTTP_REPLY_MAX ((size_t)8 * 1024 * 1024)
#define HTTP_ARENA_MAX ((size_t)4 * 1024 * 1024)
#define HTTP_CONNECTIONS_MAX 4096
#define HTTP_PER_IP_MAX 256
#define HTTP_CONNECTION_MEMORY (64 * 1024)
#define HTTP_TIMEOUT_SECONDS 10         /* no byte received: closed */
#define HTTP_REQUEST_SECONDS 20         /* headers and body: all by then */
#define HTTP_FILES_SPARE 256            /* descriptors beyond connections */
#define HTTP_THREADS 2
#define HTTP_SEGMENTS_MAX 8
#define HTTP_HEADERS_MAX 8
#define HTTP_URL_MAX 2048

enum http_method {
	HTTP_GET = 1, HTTP_POST = 2, HTTP_PATCH = 4, HTTP_DELETE = 8,
	HTTP_PUT = 16, HTTP_HEAD = 32, HTTP_OTHER = 64
};

/* Problem types (RFC 9457): each has one status, a stable type URI and a
 * title; the table lives in problem.c. */
enum http_problem {
	PROBLEM_BAD_REQUEST, PROBLEM_INVALID, PROBLEM_UNAUTHORIZED,
	PROBLEM_FORBIDDEN, PROBLEM_CSRF, PROBLEM_NOT_FOUND,
	PROBLEM_METHOD_NOT_ALLOWED, PROBLEM_CONFLICT,
	PROBLEM_PRECONDITION_FAILED, PROBLEM_TOO_LARGE,
	PROBLEM_UNSUPPORTED_MEDIA, PROBLEM_PRECONDITION_REQUIRED,
	PROBLEM_TOO_MANY_REQUESTS, PROBLEM_INTERNAL, PROBLEM_UNAVAILABLE,
	PROBLEM_COUNT
};

struct http_problem_type {
	unsigned status;
	const char *slug;     /* the type URI is "urn:pavilion:problem:" slug */
	const char *title;
};

extern const struct http_problem_type http_problem_types[PROBLEM_COUNT];
#define HTTP_PROBLEM_URN "urn:pavilion:problem:"

/* The problem for an error code (the one table of code -> status). */
enum http_problem http_problem_of(enum error_code code);

struct http_header {
	const char *name;
	const char *value;
};

struct http_request {
	struct MHD_Connection *connection;
	struct arena *arena;         /* freed with the request */
	enum http_method method;
	const char *method_name;
	const char *path;            /* without the query */
	const char *segments[HTTP_SEGMENTS_MAX];
	size_t n_segments;
	struct buf body;             /* at most body_max bytes */
	size_t body_max;             /* the configured limit, or the route's */
	bool body_too_large;
	bool started;                /* the handler ran */
	/* The reply. */
	unsigned status;
	struct buf reply;
	const char *content_type;
	struct http_header headers[HTTP_HEADERS_MAX];
	size_t n_headers;
	void *app;                   /* the API's per-request state */
};

/* A route: one method on one path pattern.  Pattern segments are
 * literals or {names}; what a {name} accepts is decided by match. */
struct http_route {
	enum http_method method;
	const char *pattern;
	int (*handler)(struct http_request *rq);
	const char *summary;
	unsigned flags;              /* the API's own bits */
};

/* Query and header values ("" never NULL for present-but-empty). */
const char *http_query(const struct http_request *rq, const char *name);
const char *http_header(const struct http_request *rq, const char *name);
const char *http_cookie(const struct http_request *rq, const char *name);
const char *http_client_address(const struct http_request *rq, char *out,
				size_t size);

/* Calls fn for every query argument, in order; stops at non-zero. */
int http_query_each(const struct http_request *rq,
		    int (*fn)(void *ctx, const char *name, const char *value),
		    void *ctx);

/* Parses the body as one JSON value (object expected by callers);
 * NULL with a problem already replied when it is not JSON.  The reply
 * names the position of the syntax error. */
json_t *http_body_json(struct http_request *rq);

/* Replies. */
void http_reply_json(struct http_request *rq, unsigned status, json_t *v);
void http_reply_json_steal(struct http_request *rq, unsigned status, json_t *v);
void http_reply_raw(struct http_request *rq, unsigned status,
		    const char *content_type, const char *data, size_t len);
/* A problem document; pointer is a JSON pointer into the body or NULL.
 * Always returns 0 so handlers can `return http_problem(...)`. */
int http_problem(struct http_request *rq, enum http_problem p,
		 const char *pointer, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* A problem for a store error (its code picks the type). */
int http_problem_error(struct http_request *rq, const struct error *err);
void http_add_header(struct http_request *rq, const char *name,
		     const char *value);

/* Path matching for the router: splits path into segments. false when
 * the path is malformed (empty segment, too many, bad escapes). */
bool http_split_path(struct http_request *rq);
/* Parses a decimal id (1..2^53); false otherwise. */
bool http_parse_id(const char *s, int64_t *out);

struct http_server_config {
	const char *listen;          /* "HOST:PORT"; PORT 0: chosen by the OS */
	size_t body_max;
	/* When set, the body limit of one request where it differs from
	 * body_max (0 keeps body_max), judged on its method, path and
	 * headers before any of the body arrives. */
	size_t (*body_max_for)(const struct http_request *rq, void *ctx);
	/* Called for each complete request; returns 0 (a reply is set). */
	int (*dispatch)(struct http_request *rq, void *ctx);
	/* Called when the request is done, to release rq->app. */
	void (*release)(struct http_request *rq, void *ctx);
	void *ctx;
};

struct http_server;

/* Starts listening; *port gets the bound port. */
int http_server_start(const struct http_server_config *cfg,
		      struct http_server **out, unsigned *port,
		      struct error *err);
/* Stops accepting, waits for requests in flight (up to grace seconds),
 * then stops.  NULL is fine. */
void http_server_stop(struct http_server *s, int grace_seconds);

#endif
