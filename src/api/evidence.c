/* evidence.c: evidence files of realised exports.
 *
 * POST   /api/realisations/{id}/evidence?name=FILE  the file as the raw
 *        body, its Content-Type application/pdf, image/png or image/jpeg;
 *        the bytes must be what the type says (checked by their magic
 *        numbers), at most the evidence limit (serve --evidence-max)
 * GET    /api/realisations/{id}/evidence   the files' records
 * GET    /api/evidence/{id}                the file itself
 * DELETE /api/evidence/{id}                audited
 *
 * A company account reaches the evidence of realisations under its own
 * agreements only; anything else is 404, as if it did not exist.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "api/api.h"
#include "domain/followup.h"
#include "store/store_followup.h"
#include "util/arena.h"

#define EVIDENCE_NAME_MAX 200

static const char *const accepted[] = {
	"application/pdf", "image/png", "image/jpeg",
};

static const char *describe(const char *type)
{
	return strcmp(type, "application/pdf") == 0 ? "a PDF document" :
		strcmp(type, "image/png") == 0 ? "a PNG image" : "a JPEG image";
}

/* The declared type without parameters, if it is one we accept. */
static const char *declared_type(const char *header)
{
	size_t n;

	if (header == NULL)
		return NULL;
	n = strcspn(header, "; ");
	for (size_t i = 0; i < sizeof accepted / sizeof accepted[0]; i++)
		if (strlen(accepted[i]) == n && strncasecmp(header, accepted[i], n) == 0)
			return accepted[i];
	return NULL;
}

/* A file name is kept for people to read: printable UTF-8 (it is
 * listed as JSON text), no path. */
static bool name_ok(const char *name)
{
	size_t n = strlen(name);
	json_t *text;

	if (n == 0 || n > EVIDENCE_NAME_MAX || strpbrk(name, "/\\\"") != NULL)
		return false;
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (*p < 0x20 || *p == 0x7F)
			return false;
	/* jansson refuses a string that is not UTF-8. */
	if ((text = json_string(name)) == NULL)
		return false;
	json_decref(text);
	return true;
}

/* The roles the upload route admits (routes.c). */
static unsigned uploaders(void)
{
	for (size_t i = 0; i < api_route_count; i++)
		if (api_routes[i].handler == api_evidence_upload)
			return api_routes[i].flags & ROUTE_ALL_ROLES;
	return 0;
}

size_t api_body_max_for(const struct http_request *rq, void *ctx)
{
	struct api_ctx *c = ctx;
	const char *url = rq->path, *tail;

	if (rq->method != HTTP_POST || strncmp(url, "/api/realisations/", 18) != 0)
		return 0;
	tail = url + 18 + strspn(url + 18, "0123456789");
	if (strncmp(tail, "/evidence", 9) != 0 || (tail[9] != '\0' && tail[9] != '?'))
		return 0;
	/* The credentials themselves, not their mere presence: a made-up
	 * token must not make the server hold megabytes. */
	return api_credentials_allow(rq, c, uploaders()) ? c->evidence_max : 0;
}

int api_evidence_upload(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	const char *header = http_header(rq, "Content-Type");
	const char *type = declared_type(header), *seen;
	const unsigned char *bytes = (const unsigned char *)rq->body.data;
	struct followup_file file = { .name = http_query(rq, "name") };
	unsigned char hash[crypto_hash_sha256_BYTES];
	struct error err = { 0 };
	json_t *rec = NULL;
	bool created;
	char location[64];

	if (type == NULL)
		return http_problem(rq, PROBLEM_UNSUPPORTED_MEDIA, NULL,
				    "Content-Type \"%s\": evidence must be"
				    " application/pdf, image/png or image/jpeg",
				    header ? header : "");
	if (rq->body.len == 0)
		return http_problem(rq, PROBLEM_INVALID, "", "the file is empty");
	seen = followup_sniff(bytes, rq->body.len);
	if (seen == NULL || strcmp(seen, type) != 0)
		return http_problem(rq, PROBLEM_UNSUPPORTED_MEDIA, NULL,
				    "the file is declared %s but its bytes are %s",
				    describe(type), seen ? describe(seen) :
				    "not a PDF, PNG or JPEG file");
	if (file.name && !name_ok(file.name))
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL,
				    "name: 1 to %d printable bytes of UTF-8 without"
				    " / \\ or \"",
				    EVIDENCE_NAME_MAX);
	file.content_type = type;
	file.bytes = bytes;
	file.size = rq->body.len;
	crypto_hash_sha256(hash, bytes, rq->body.len);
	sodium_bin2hex(file.sha256, sizeof file.sha256, hash, sizeof hash);
	if (store_followup(ar->store)->evidence_add(ar->store, ar->id, &file,
						    &ar->actor, &rec, &created, &err))
		return http_problem_error(rq, &err);
	snprintf(location, sizeof location, "/api/evidence/%" JSON_INTEGER_FORMAT,
		 json_integer_value(json_object_get(rec, "id")));
	http_add_header(rq, "Location", location);
	http_reply_json_steal(rq, created ? 201 : 200, rec);
	return 0;
}

int api_evidence_list(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	json_t *out = NULL;

	if (store_followup(ar->store)->evidence_list(ar->store, ar->id, &ar->actor,
						     &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_evidence_get(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	unsigned char *bytes = NULL;
	size_t size = 0;
	json_t *rec = NULL;
	const char *type;
	char disposition[96];

	if (store_followup(ar->store)->evidence_get(ar->store, ar->id, &ar->actor,
						    &rec, &bytes, &size, &err))
		return http_problem_error(rq, &err);
	type = arena_strdup(rq->arena, json_string_value(json_object_get(rec,
		"content_type")));
	snprintf(disposition, sizeof disposition,
		 "attachment; filename=\"evidence-%" PRId64 ".%s\"", ar->id,
		 strcmp(type, "application/pdf") == 0 ? "pdf" :
		 strcmp(type, "image/png") == 0 ? "png" : "jpg");
	http_add_header(rq, "Content-Disposition", disposition);
	http_add_header(rq, "Content-Security-Policy", "default-src 'none'; sandbox");
	http_add_header(rq, "X-Evidence-SHA256",
			json_string_value(json_object_get(rec, "sha256")));
	http_reply_raw(rq, 200, type, (const char *)bytes, size);
	free(bytes);
	json_decref(rec);
	return 0;
}

int api_evidence_delete(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };

	if (store_followup(ar->store)->evidence_delete(ar->store, ar->id,
						       &ar->actor, &err))
		return http_problem_error(rq, &err);
	http_reply_raw(rq, 204, NULL, "", 0);
	return 0;
}
