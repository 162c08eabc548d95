/* web.c: serves the built-in web UI (see web.h). */
#include <string.h>

#include "api/api.h"
#include "web/web.h"

extern const struct web_asset web_asset_table[];
extern const uint64_t web_asset_count;

static const struct {
	const char *ext;
	const char *type;
} web_types[] = {
	{ ".html", "text/html; charset=utf-8" },
	{ ".css", "text/css; charset=utf-8" },
	{ ".js", "text/javascript; charset=utf-8" },
	{ ".json", "application/json" },
	{ ".svg", "image/svg+xml" },
	{ ".png", "image/png" },
	{ ".ico", "image/x-icon" },
	{ ".woff2", "font/woff2" },
};

/* Only our own files, scripts and styles run, so markup that slipped
 * through the API's data cannot run code; the API is same-origin. */
static const char web_csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; "
	"img-src 'self' data:; connect-src 'self'; font-src 'self'; "
	"object-src 'none'; base-uri 'none'; form-action 'self'; "
	"frame-ancestors 'none'";

const struct web_asset *web_asset_find(const char *name)
{
	for (uint64_t i = 0; i < web_asset_count; i++)
		if (strcmp(web_asset_table[i].name, name) == 0)
			return &web_asset_table[i];
	return NULL;
}

const char *web_content_type(const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; i < sizeof web_types / sizeof web_types[0]; i++) {
		size_t el = strlen(web_types[i].ext);

		if (len > el && strcmp(name + len - el, web_types[i].ext) == 0)
			return web_types[i].type;
	}
	return "application/octet-stream";
}

bool web_wants(const struct http_request *rq)
{
	const char *p = rq->path;

	if (rq->method != HTTP_GET && rq->method != HTTP_HEAD)
		return false;
	if (p == NULL || p[0] != '/')
		return false;
	return !(strncmp(p, "/api", 4) == 0 && (p[4] == '/' || p[4] == '\0'));
}

int web_serve(struct http_request *rq)
{
	const char *p = rq->path;
	const struct web_asset *a;
	const char *match;

	if (strncmp(p, "/assets/", 8) == 0) {
		/* Names are compared whole against the table, so "..", "//"
		 * or an escape can only fail to match. */
		a = web_asset_find(p + 8);
		if (a == NULL)
			return http_problem(rq, PROBLEM_NOT_FOUND, NULL,
					    "no such asset: %s", p);
	} else {
		a = web_asset_find("index.html");
		if (a == NULL)
			return http_problem(rq, PROBLEM_INTERNAL, NULL,
					    "the web UI was not built in");
	}
	http_add_header(rq, "ETag", a->etag);
	http_add_header(rq, "Referrer-Policy", "no-referrer");
	if (strcmp(a->name, "index.html") == 0) {
		http_add_header(rq, "Content-Security-Policy", web_csp);
		http_add_header(rq, "X-Frame-Options", "DENY");
	}
	match = http_header(rq, "If-None-Match");
	if (match != NULL && strcmp(match, a->etag) == 0) {
		http_reply_raw(rq, 304, NULL, "", 0);
		return 0;
	}
	http_reply_raw(rq, 200, web_content_type(a->name),
		       (const char *)a->data, (size_t)a->size);
	return 0;
}

int web_dispatch(struct http_request *rq, void *ctx)
{
	if (web_wants(rq))
		return web_serve(rq);
	return api_dispatch(rq, ctx);
}
