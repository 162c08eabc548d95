/* users.c: /api/users and /api/audit, for admins only. */
#include <stdio.h>
#include <string.h>

#include "api/api.h"
#include "bundle/jread.h"

struct user_in {
	const char *username;
	const char *password;
	int role;
	int64_t organisation_id;
	bool disabled;
};

static const struct enum_entry role_entries[] = {
	{ "admin", "관리자", "admin" }, { "officer", "담당관", "officer" },
	{ "company", "기업", "company" }, { "viewer", "열람자", "viewer" },
};
static const struct enum_table role_table = { "role", role_entries, 4 };

static const struct jfield create_fields[] = {
	JFIELD("username", JF_KEY, true, struct user_in, username),
	JFIELD("password", JF_STRING, true, struct user_in, password),
	JFIELD_ENUM("role", true, struct user_in, role, role_table),
	JFIELD("organisation_id", JF_COUNT, false, struct user_in, organisation_id),
};

static const struct jfield update_fields[] = {
	JFIELD("password", JF_STRING, false, struct user_in, password),
	JFIELD_ENUM("role", false, struct user_in, role, role_table),
	JFIELD("organisation_id", JF_COUNT, false, struct user_in, organisation_id),
	JFIELD("disabled", JF_BOOL, false, struct user_in, disabled),
};

/* Reads the body through fields; on failure replies and returns -1. */
static int read_user(struct http_request *rq, const struct jfield *fields,
		     size_t n, struct user_in *in, json_t **body)
{
	struct error err = { 0 };
	struct jread rd;
	char pointer[64] = "";

	if ((*body = http_body_json(rq)) == NULL)
		return -1;
	jread_init(&rd, rq->arena, "body", &err);
	if (jread_object(&rd, *body, fields, n, in) == 0)
		return 0;
	{
		const char *p = strstr(err.message, "$.");

		if (p != NULL) {
			snprintf(pointer, sizeof pointer, "/%s", p + 2);
			pointer[strcspn(pointer, ":")] = '\0';
		}
	}
	json_decref(*body);
	http_problem(rq, PROBLEM_INVALID, pointer, "%s", err.message);
	return -1;
}

/* A store error about an account, with the member it names (the store
 * starts such messages "organisation_id: ..."). */
static int account_problem(struct http_request *rq, const struct error *err)
{
	if (err->code == ERROR_INVALID &&
	    strncmp(err->message, "organisation_id:", 16) == 0)
		return http_problem(rq, PROBLEM_INVALID, "/organisation_id", "%s",
				    err->message);
	return http_problem_error(rq, err);
}

int api_users_list(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	json_t *out;

	if (store_http(ar->store)->user_list(ar->store, &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_users_create(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct user_in in = { .role = -1 };
	struct store_user u = { 0 };
	struct error err = { 0 };
	json_t *body;
	int64_t id;

	if (read_user(rq, create_fields, 4, &in, &body) != 0)
		return 0;
	json_decref(body);
	if ((in.role == 2) != (in.organisation_id > 0))
		return http_problem(rq, PROBLEM_INVALID, "/organisation_id",
				    "/organisation_id: a company account needs one, others none");
	snprintf(u.username, sizeof u.username, "%s", in.username);
	snprintf(u.role, sizeof u.role, "%s", role_entries[in.role].code);
	u.organisation_id = in.organisation_id;
	if (auth_password_hash(in.password, u.username, u.password_hash,
			       sizeof u.password_hash, &err) != 0)
		return http_problem(rq, http_problem_of(err.code), "/password", "%s",
				    err.message);
	if (store_http(ar->store)->user_add(ar->store, &u, &ar->actor, &id, &err))
		return account_problem(rq, &err);
	http_reply_json_steal(rq, 201, json_pack("{sI ss ss so sb}",
		"id", (json_int_t)id, "username", u.username, "role", u.role,
		"organisation_id", u.organisation_id ?
		json_integer(u.organisation_id) : json_null(), "disabled", 0));
	return 0;
}

int api_users_update(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct user_in in = { .role = -1, .organisation_id = -1 };
	char hash[STORE_HASH_MAX + 1];
	struct store_user target;
	struct error err = { 0 };
	json_t *body, *out;
	int disabled;

	if (read_user(rq, update_fields, 4, &in, &body) != 0)
		return 0;
	disabled = json_object_get(body, "disabled") &&
		!json_is_null(json_object_get(body, "disabled")) ? in.disabled : -1;
	json_decref(body);
	if (store_http(ar->store)->user_get(ar->store, NULL, ar->id, &target,
					    &err))
		return http_problem_error(rq, &err);
	if (in.password && auth_password_hash(in.password, target.username, hash,
					      sizeof hash, &err) != 0)
		return http_problem(rq, http_problem_of(err.code), "/password", "%s",
				    err.message);
	if (store_http(ar->store)->user_update(ar->store, ar->id,
			in.role >= 0 ? role_entries[in.role].code : NULL,
			in.password ? hash : NULL, disabled, in.organisation_id,
			&ar->actor, &err))
		return account_problem(rq, &err);
	if (store_http(ar->store)->user_get(ar->store, NULL, ar->id, &target,
					    &err))
		return http_problem_error(rq, &err);
	out = json_pack("{sI ss ss so sb}", "id", (json_int_t)target.id,
			"username", target.username, "role", target.role,
			"organisation_id", target.organisation_id ?
			json_integer(target.organisation_id) : json_null(),
			"disabled", target.disabled);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_audit_list(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	const char *limit = http_query(rq, "limit");
	struct error err = { 0 };
	int64_t n = 100;
	json_t *out;

	if (limit && (!http_parse_id(limit, &n) || n > 1000))
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL,
				    "limit: expected 1 to 1000");
	if (store_http(ar->store)->audit_list(ar->store, (int)n, &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}
