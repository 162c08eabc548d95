/* web.h: the web UI (web/src/), built into the binary and served by
 * `pavilion serve` beside the JSON API.
 *
 * The UI is a client of the API only: these functions hand out static
 * files and never touch the store.  Paths under /api/ go to the API;
 * every other GET is the UI's: /assets/NAME is the file web/src/NAME,
 * anything else is index.html, so a reload of /missions/12 or a
 * bookmarked page opens the single-page app on that page.
 */
#ifndef PAVILION_WEB_WEB_H
#define PAVILION_WEB_WEB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/http.h"

/* One built-in file; the table is generated from web/src by mk/web.mk. */
struct web_asset {
	const char *name;            /* path under web/src, e.g. "js/main.js" */
	const char *etag;            /* quoted, from the file's SHA-256 */
	const unsigned char *data;
	uint64_t size;
};

/* The asset called name, or NULL. */
const struct web_asset *web_asset_find(const char *name);
/* The content type of a file name, by its extension. */
const char *web_content_type(const char *name);
/* Whether the request is the UI's (a GET or HEAD outside /api/). */
bool web_wants(const struct http_request *rq);
/* Replies with the UI file for rq (always returns 0). */
int web_serve(struct http_request *rq);
/* The server's dispatch: the UI's requests here, the rest to the API. */
int web_dispatch(struct http_request *rq, void *ctx);

#endif
