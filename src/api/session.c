/* session.c: POST, GET and DELETE /api/session: logging in and out.
 *
 * A login sets an HttpOnly, SameSite=Strict cookie holding the session
 * secret and returns the CSRF token that unsafe requests under that
 * cookie must echo in X-CSRF-Token.  Failed logins are braked per client
 * address and user name (auth/throttle.c); verifying runs one at a time.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "bundle/jread.h"

struct login {
	const char *username;
	const char *password;
};

static const struct jfield login_fields[] = {
	JFIELD("username", JF_STRING, true, struct login, username),
	JFIELD("password", JF_STRING, true, struct login, password),
};

static json_t *whoami(const struct api_request *ar)
{
	return json_pack("{sI ss ss so}", "id", (json_int_t)ar->user.id,
			 "username", ar->user.username, "role", ar->user.role,
			 "organisation_id", ar->user.organisation_id ?
			 json_integer(ar->user.organisation_id) : json_null());
}

int api_session_create(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	const struct store_http_ops *ops = store_http(ar->store);
	struct login in = { 0 };
	struct error err = { 0 };
	struct jread rd;
	char address[64], token[AUTH_SECRET_HEX + 1], hash[AUTH_SECRET_HEX + 1];
	char cookie[160], retry[16], pointer[64];
	int64_t now = (int64_t)time(NULL);
	json_t *body = http_body_json(rq), *out;
	int wait;

	if (body == NULL)
		return 0;
	jread_init(&rd, rq->arena, "body", &err);
	if (jread_object(&rd, body, login_fields, 2, &in) != 0) {
		const char *p = strstr(err.message, "$.");

		snprintf(pointer, sizeof pointer, "/%s", p ? p + 2 : "");
		pointer[strcspn(pointer, ":")] = '\0';
		json_decref(body);
		return http_problem(rq, PROBLEM_INVALID, pointer, "%s", err.message);
	}
	json_decref(body);
	http_client_address(rq, address, sizeof address);
	if ((wait = auth_throttle_wait(address, in.username, now)) > 0) {
		snprintf(retry, sizeof retry, "%d", wait);
		http_add_header(rq, "Retry-After", retry);
		return http_problem(rq, PROBLEM_TOO_MANY_REQUESTS, NULL,
				    "too many failed logins; retry in %d s", wait);
	}
	if (ops->user_get(ar->store, in.username, 0, &ar->user, &err) != 0 ||
	    ar->user.disabled ||
	    !auth_password_verify(ar->user.password_hash, in.password)) {
		auth_throttle_failed(address, in.username, now);
		return http_problem(rq, PROBLEM_UNAUTHORIZED, NULL,
				    "wrong user name or password");
	}
	auth_throttle_passed(address, in.username);
	auth_secret_new(token);
	auth_secret_new(ar->csrf);
	auth_secret_hash(token, hash);
	if (ops->session_add(ar->store, hash, ar->user.id, ar->csrf,
			     now + AUTH_SESSION_SECONDS, &err) != 0)
		return http_problem_error(rq, &err);
	snprintf(cookie, sizeof cookie, "pavilion_session=%s; Path=/; HttpOnly;"
		 " SameSite=Strict; Max-Age=%d", token, AUTH_SESSION_SECONDS);
	http_add_header(rq, "Set-Cookie", cookie);
	out = whoami(ar);
	json_object_set_new(out, "csrf_token", json_string(ar->csrf));
	http_reply_json_steal(rq, 201, out);
	return 0;
}

int api_session_get(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	json_t *out = whoami(ar);

	json_object_set_new(out, "csrf_token", ar->via_cookie ?
			    json_string(ar->csrf) : json_null());
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_session_delete(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };

	if (ar->via_cookie &&
	    store_http(ar->store)->session_remove(ar->store, ar->session_hash,
						  &err) != 0)
		return http_problem_error(rq, &err);
	http_add_header(rq, "Set-Cookie", "pavilion_session=; Path=/; HttpOnly;"
			" SameSite=Strict; Max-Age=0");
	http_reply_raw(rq, 204, NULL, "", 0);
	return 0;
}
