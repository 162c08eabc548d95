/* session.c: POST, GET and DELETE /api/session: logging in and out.
 *
 * A login sets an HttpOnly, SameSite=Strict cookie holding the session
 * secret and returns the CSRF token that unsafe requests under that
 * cookie must echo in X-CSRF-Token; the cookie is Secure under
 * --behind-tls or when the proxy says X-Forwarded-Proto: https.  Failed
 * logins are braked per address, per user name and per both, with the
 * counts in the store (auth/throttle.c); one password is verified at a
 * time, and a login that finds the verifier busy gets 503 at once.
 */
#include <stdio.h>
#include <strings.h>
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

/* The address the brake counts a login under: the peer's, or behind a
 * TLS proxy (--behind-tls) the last X-Forwarded-For entry, which the
 * proxy itself appended. */
static void client_address(struct http_request *rq, char *out, size_t size)
{
	const char *xff = http_header(rq, "X-Forwarded-For"), *last;

	if (!api_of(rq)->ctx->behind_tls || xff == NULL) {
		http_client_address(rq, out, size);
		return;
	}
	last = strrchr(xff, ',');
	last = last ? last + 1 : xff;
	while (*last == ' ')
		last++;
	snprintf(out, size, "%s", last);
}

/* Whether the session cookie must be sent over HTTPS only. */
static bool over_tls(struct http_request *rq)
{
	const char *proto = http_header(rq, "X-Forwarded-Proto");

	return api_of(rq)->ctx->behind_tls ||
		(proto != NULL && strcasecmp(proto, "https") == 0);
}

int api_session_create(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	const struct store_http_ops *ops = store_http(ar->store);
	struct login in = { 0 };
	struct error err = { 0 };
	struct jread rd;
	char address[64], token[AUTH_SECRET_HEX + 1], hash[AUTH_SECRET_HEX + 1];
	char keys[AUTH_BRAKE_KEYS][AUTH_BRAKE_KEY_HEX + 1];
	const char *key_list[AUTH_BRAKE_KEYS];
	int64_t failures[AUTH_BRAKE_KEYS], last[AUTH_BRAKE_KEYS];
	char cookie[176], retry[16], pointer[64];
	int64_t now = (int64_t)time(NULL);
	json_t *body = http_body_json(rq), *out;
	enum auth_verify verdict;
	bool known, usable;
	int wait, status;

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
	client_address(rq, address, sizeof address);
	auth_brake_keys(address, in.username, keys);
	for (int i = 0; i < AUTH_BRAKE_KEYS; i++)
		key_list[i] = keys[i];
	if (ops->login_failures(ar->store, key_list, AUTH_BRAKE_KEYS, now,
				failures, last, &err) != 0)
		return http_problem_error(rq, &err);
	if ((wait = auth_brake_wait(failures, last, now)) > 0) {
		snprintf(retry, sizeof retry, "%d", wait);
		http_add_header(rq, "Retry-After", retry);
		return http_problem(rq, PROBLEM_TOO_MANY_REQUESTS, NULL,
				    "too many failed logins; retry in %d s", wait);
	}
	/* Unknown and unusable accounts cost one verification too, so the
	 * time taken does not tell which names exist. */
	known = ops->user_get(ar->store, in.username, 0, &ar->user, &err) == 0;
	if (!known && err.code != ERROR_NOT_FOUND)
		return http_problem_error(rq, &err);
	usable = known && !ar->user.disabled &&
		(strcmp(ar->user.role, "company") != 0 ||
		 ar->user.organisation_id > 0);
	verdict = auth_password_verify(known ? ar->user.password_hash : NULL,
				       in.password);
	if (verdict == AUTH_VERIFY_BUSY) {
		http_add_header(rq, "Retry-After", "1");
		return http_problem(rq, PROBLEM_UNAVAILABLE, NULL,
				    "another login is being checked; retry in 1 s");
	}
	pthread_mutex_lock(api_write_lock());
	if (verdict != AUTH_VERIFY_OK || !usable) {
		status = ops->login_failed(ar->store, key_list, AUTH_BRAKE_KEYS,
					   now, &err);
		pthread_mutex_unlock(api_write_lock());
		if (status != 0)
			return http_problem_error(rq, &err);
		return http_problem(rq, PROBLEM_UNAUTHORIZED, NULL,
				    "wrong user name or password");
	}
	/* A success clears the counts of the pair and of the user name, not
	 * the address's: logging in to one's own account does not buy
	 * guesses at others. */
	auth_secret_new(token);
	auth_secret_new(ar->csrf);
	auth_secret_hash(token, hash);
	status = ops->login_passed(ar->store, key_list, AUTH_BRAKE_USER + 1, &err);
	if (status == 0)
		status = ops->session_add(ar->store, hash, ar->user.id, ar->csrf,
					  now + AUTH_SESSION_SECONDS, &err);
	pthread_mutex_unlock(api_write_lock());
	if (status != 0)
		return http_problem_error(rq, &err);
	snprintf(cookie, sizeof cookie, "pavilion_session=%s; Path=/; HttpOnly;"
		 " SameSite=Strict; Max-Age=%d%s", token, AUTH_SESSION_SECONDS,
		 over_tls(rq) ? "; Secure" : "");
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
	http_add_header(rq, "Set-Cookie", over_tls(rq) ?
			"pavilion_session=; Path=/; HttpOnly; SameSite=Strict;"
			" Max-Age=0; Secure" :
			"pavilion_session=; Path=/; HttpOnly; SameSite=Strict;"
			" Max-Age=0");
	http_reply_raw(rq, 204, NULL, "", 0);
	return 0;
}
