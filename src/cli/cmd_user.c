/* cmd_user.c: `pavilion user add|list|disable|passwd`: accounts of the
 * HTTP API.  Passwords come from standard input (first line), never from
 * the command line where other users could see them. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth/auth.h"
#include "bundle/jread.h"
#include "cli/cli.h"
#include "store/store_http.h"

static const char usage[] =
	"usage: pavilion user add NAME --role admin|officer|company|viewer\n"
	"                         [--org ID] --password-stdin [--db PATH]\n"
	"       pavilion user list [--db PATH]\n"
	"       pavilion user disable NAME [--db PATH]\n"
	"       pavilion user passwd NAME --password-stdin [--db PATH]\n"
	"\n"
	"Manages the accounts of `pavilion serve`.  The password is the first\n"
	"line of standard input: 8 to 1024 bytes, not a common password, not\n"
	"mostly the user name, not one character or a short pattern repeated,\n"
	"not a run such as 12345678 or qwertyui.  A company account needs\n"
	"--org, the id of its organisation, which must exist.  User names are\n"
	"1 to 64 of A-Z a-z 0-9 . _ - and the same whatever their case.\n"
	"passwd and disable end the account's sessions and revoke its API\n"
	"tokens.\n";

static const struct store_actor cli_actor = { 0, "cli", 0 };

static int read_password(char *out, size_t size, struct error *err)
{
	size_t n;

	if (fgets(out, (int)size, stdin) == NULL)
		return error_set(err, ERROR_USAGE, "no password on standard input");
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == size - 1)
		return error_set(err, ERROR_INVALID, "password: too long");
	out[n] = '\0';
	return 0;
}

static int list_users(struct store *s, struct error *err)
{
	json_t *out, *u;
	size_t i;

	if (store_http(s)->user_list(s, &out, err))
		return -1;
	printf("%-6s %-24s %-8s %-8s %s\n", "ID", "USER", "ROLE", "ORG", "STATE");
	json_array_foreach(json_object_get(out, "items"), i, u) {
		json_t *org = json_object_get(u, "organisation_id");
		char org_text[24] = "-";

		if (json_is_integer(org))
			snprintf(org_text, sizeof org_text, "%" JSON_INTEGER_FORMAT,
				 json_integer_value(org));
		printf("%-6" JSON_INTEGER_FORMAT " %-24s %-8s %-8s %s\n",
		       json_integer_value(json_object_get(u, "id")),
		       json_string_value(json_object_get(u, "username")),
		       json_string_value(json_object_get(u, "role")), org_text,
		       json_is_true(json_object_get(u, "disabled")) ? "disabled" :
		       "active");
	}
	json_decref(out);
	return 0;
}

int cli_user(int argc, char **argv)
{
	static const struct option options[] = {
		{ "role", required_argument, NULL, 'r' },
		{ "org", required_argument, NULL, 'o' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *role = NULL, *action, *name = NULL;
	char password[AUTH_PASSWORD_MAX + 2];
	struct store_user u = { 0 };
	struct store *store = NULL;
	struct error err = { 0 };
	bool from_stdin = false;
	long long org = 0;
	int c, status = 0;
	int64_t id;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'o': {
			char *end;

			org = strtoll(optarg, &end, 10);
			if (*end != '\0' || org < 1)
				return cli_usage_error("user", "--org: expected an id");
			break;
		}
		case 'p': from_stdin = true; break;
		case 'd': db = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("user", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("user", "missing action (add, list, disable, passwd)");
	action = argv[optind++];
	if (strcmp(action, "list") != 0) {
		if (optind >= argc)
			return cli_usage_error("user", "missing user name");
		name = argv[optind++];
	}
	if (optind != argc)
		return cli_usage_error("user", "unexpected argument \"%s\"", argv[optind]);
	if (auth_init(&err) || cli_open_store(cli_db_path(db), 1, &store, &err))
		return cli_fail("user", &err);
	if (strcmp(action, "list") == 0) {
		if (list_users(store, &err))
			status = cli_fail("user", &err);
	} else if (strcmp(action, "add") == 0 || strcmp(action, "passwd") == 0) {
		bool add = action[0] == 'a';

		if (!from_stdin)
			status = cli_usage_error("user", "give the password with --password-stdin");
		else if (add && !auth_role_parse(role))
			status = cli_usage_error("user", "--role: admin, officer, company or viewer");
		else if (add && (strcmp(role, "company") == 0) != (org > 0))
			status = cli_usage_error("user", "--org: a company account needs one, others none");
		else if (add && !jread_key_valid(name)) {
			error_set(&err, ERROR_INVALID, "user name \"%s\": 1 to %d of"
				  " A-Z a-z 0-9 . _ -", name, STORE_USERNAME_MAX);
			status = cli_fail("user", &err);
		} else if (read_password(password, sizeof password, &err) ||
			   auth_password_hash(password, name, u.password_hash,
					      sizeof u.password_hash, &err))
			status = cli_fail("user", &err);
		else if (add) {
			snprintf(u.username, sizeof u.username, "%s", name);
			snprintf(u.role, sizeof u.role, "%s", role);
			u.organisation_id = org;
			if (store_http(store)->user_add(store, &u, &cli_actor, &id, &err))
				status = cli_fail("user", &err);
			else
				printf("user %s (%s) added with id %" PRId64 "\n", name, role, id);
		} else {
			struct store_user old;

			if (store_http(store)->user_get(store, name, 0, &old, &err) ||
			    store_http(store)->user_update(store, old.id, NULL,
							   u.password_hash, -1, -1,
							   &cli_actor, &err))
				status = cli_fail("user", &err);
			else
				printf("password of %s changed\n", name);
		}
	} else if (strcmp(action, "disable") == 0) {
		struct store_user old;

		if (store_http(store)->user_get(store, name, 0, &old, &err) ||
		    store_http(store)->user_update(store, old.id, NULL, NULL, 1, -1,
						   &cli_actor, &err))
			status = cli_fail("user", &err);
		else
			printf("user %s disabled\n", name);
	} else {
		status = cli_usage_error("user", "unknown action \"%s\"", action);
	}
	store_close(store);
	return status;
}
