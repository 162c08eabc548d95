/* tokens.c: GET, POST /api/tokens and DELETE /api/tokens/{id}: API
 * tokens for scripts.
 *
 * A token acts as the account that made it until it expires (90 days
 * unless "days" says otherwise), is revoked, or the account's password
 * changes or the account is disabled.  Only a logged-in session (the
 * cookie) makes tokens, so a leaked token cannot renew itself.  Each
 * account lists and revokes its own; an admin sees and revokes any.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "bundle/jread.h"

struct token_in {
	const char *label;
	int64_t days;
};

static const struct jfield token_fields[] = {
	JFIELD("label", JF_STRING, false, struct token_in, label),
	JFIELD("days", JF_COUNT, false, struct token_in, days),
};

#define TOKEN_LABEL_MAX 200

/* Whose tokens the caller may list and revoke: 0 for everyone's. */
static int64_t owner(const struct api_request *ar)
{
	return ar->role == ROLE_ADMIN ? 0 : ar->user.id;
}

int api_tokens_list(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	json_t *out = NULL;

	if (store_http(ar->store)->token_list(ar->store, owner(ar), &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_tokens_create(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct token_in in = { NULL, AUTH_TOKEN_DAYS_DEFAULT };
	struct error err = { 0 };
	struct jread rd;
	char token[AUTH_SECRET_HEX + 1], hash[AUTH_SECRET_HEX + 1], where[64];
	json_t *body;
	int64_t id, expires;

	if (!ar->via_cookie)
		return http_problem(rq, PROBLEM_FORBIDDEN, NULL,
				    "tokens are made from a logged-in session, not with a token");
	if ((body = http_body_json(rq)) == NULL)
		return 0;
	jread_init(&rd, rq->arena, "body", &err);
	if (jread_object(&rd, body, token_fields, 2, &in) != 0) {
		json_decref(body);
		return http_problem(rq, PROBLEM_INVALID, "", "%s", err.message);
	}
	json_decref(body);
	if (in.days < 1 || in.days > AUTH_TOKEN_DAYS_MAX)
		return http_problem(rq, PROBLEM_INVALID, "/days",
				    "$.days: expected 1 to %d", AUTH_TOKEN_DAYS_MAX);
	if (in.label && strlen(in.label) > TOKEN_LABEL_MAX)
		return http_problem(rq, PROBLEM_INVALID, "/label",
				    "$.label: at most %d bytes", TOKEN_LABEL_MAX);
	auth_secret_new(token);
	auth_secret_hash(token, hash);
	expires = (int64_t)time(NULL) + in.days * 86400;
	if (store_http(ar->store)->token_add(ar->store, hash, ar->user.id,
					    in.label, expires, &ar->actor, &id,
					    &err))
		return http_problem_error(rq, &err);
	snprintf(where, sizeof where, "/api/tokens/%" PRId64, id);
	http_add_header(rq, "Location", where);
	http_reply_json_steal(rq, 201, json_pack("{sI sI so sI ss}",
		"id", (json_int_t)id, "user_id", (json_int_t)ar->user.id,
		"label", in.label ? json_string(in.label) : json_null(),
		"expires_utc", (json_int_t)expires, "token", token));
	return 0;
}

int api_tokens_delete(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };

	if (store_http(ar->store)->token_remove(ar->store, owner(ar), ar->id,
						&ar->actor, &err))
		return http_problem_error(rq, &err);
	http_reply_raw(rq, 204, NULL, "", 0);
	return 0;
}
