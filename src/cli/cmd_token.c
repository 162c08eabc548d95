/* cmd_token.c: `pavilion token create|list|revoke`: API tokens for
 * scripts.  A new token is printed alone on the last line; only its hash
 * is stored. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "store/store_http.h"

static const char usage[] =
	"usage: pavilion token create USER [--days N] [--label TEXT] [--db PATH]\n"
	"       pavilion token list [USER] [--db PATH]\n"
	"       pavilion token revoke ID [--db PATH]\n"
	"\n"
	"create makes an API token that acts as USER; send it as\n"
	"\"Authorization: Bearer TOKEN\".  It expires after N days (1 to 3650,\n"
	"default 90).  The token is printed once, alone on the last line, and\n"
	"cannot be shown again.  list shows the tokens (of USER, or everyone's)\n"
	"by id; revoke ends one.  `user passwd` and `user disable` revoke all\n"
	"of an account's tokens.\n";

static const struct store_actor cli_actor = { 0, "cli", 0 };

/* A whole number in [lo, hi] from text, or -1. */
static long long number(const char *text, long long lo, long long hi)
{
	char *end;
	long long n = strtoll(text, &end, 10);

	return text[0] != '\0' && *end == '\0' && n >= lo && n <= hi ? n : -1;
}

static void utc_text(int64_t t, char out[24])
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(out, 24, "%Y-%m-%d %H:%M", &tm) == 0)
		snprintf(out, 24, "%" PRId64, t);
}

static int list_tokens(struct store *s, const char *name, struct error *err)
{
	struct store_user u = { 0 };
	json_t *out, *t;
	size_t i;

	if (name && store_http(s)->user_get(s, name, 0, &u, err))
		return -1;
	if (store_http(s)->token_list(s, u.id, &out, err))
		return -1;
	printf("%-6s %-24s %-17s %-17s %s\n", "ID", "USER", "CREATED (UTC)",
	       "EXPIRES (UTC)", "LABEL");
	json_array_foreach(json_object_get(out, "items"), i, t) {
		char created[24], expires[24];
		const char *label = json_string_value(json_object_get(t, "label"));

		utc_text(json_integer_value(json_object_get(t, "created_utc")), created);
		utc_text(json_integer_value(json_object_get(t, "expires_utc")), expires);
		printf("%-6" JSON_INTEGER_FORMAT " %-24s %-17s %-17s %s\n",
		       json_integer_value(json_object_get(t, "id")),
		       json_string_value(json_object_get(t, "username")), created,
		       expires, label ? label : "-");
	}
	json_decref(out);
	return 0;
}

int cli_token(int argc, char **argv)
{
	static const struct option options[] = {
		{ "days", required_argument, NULL, 'n' },
		{ "label", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char token[AUTH_SECRET_HEX + 1], hash[AUTH_SECRET_HEX + 1];
	struct store *store = NULL;
	struct store_user u;
	struct error err = { 0 };
	const char *db = NULL, *label = NULL, *action;
	long long days = AUTH_TOKEN_DAYS_DEFAULT, id = 0;
	int c, status = 0, args;
	int64_t token_id;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'n':
			if ((days = number(optarg, 1, AUTH_TOKEN_DAYS_MAX)) < 0)
				return cli_usage_error("token", "--days: expected 1 to %d",
						       AUTH_TOKEN_DAYS_MAX);
			break;
		case 'l': label = optarg; break;
		case 'd': db = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("token", "bad option");
		}
	}
	args = argc - optind;
	action = args > 0 ? argv[optind] : "";
	if (!((strcmp(action, "create") == 0 && args == 2) ||
	      (strcmp(action, "list") == 0 && args <= 2) ||
	      (strcmp(action, "revoke") == 0 && args == 2)))
		return cli_usage_error("token", "expected: create USER, list [USER]"
				       " or revoke ID");
	if (action[0] == 'r' && (id = number(argv[optind + 1], 1, INT64_MAX)) < 0)
		return cli_usage_error("token", "revoke: \"%s\" is not a token id",
				       argv[optind + 1]);
	if (auth_init(&err) || cli_open_store(cli_db_path(db), 0, &store, &err))
		return cli_fail("token", &err);
	if (action[0] == 'l') {
		if (list_tokens(store, args == 2 ? argv[optind + 1] : NULL, &err))
			status = cli_fail("token", &err);
	} else if (action[0] == 'r') {
		if (store_http(store)->token_remove(store, 0, id, &cli_actor, &err))
			status = cli_fail("token", &err);
		else
			printf("token %lld revoked\n", id);
	} else {
		auth_secret_new(token);
		auth_secret_hash(token, hash);
		if (store_http(store)->user_get(store, argv[optind + 1], 0, &u, &err) ||
		    store_http(store)->token_add(store, hash, u.id, label,
						 (int64_t)time(NULL) + days * 86400,
						 &cli_actor, &token_id, &err))
			status = cli_fail("token", &err);
		else
			printf("token %" PRId64 " for %s (%s), expires in %lld days:\n%s\n",
			       token_id, u.username, u.role, days, token);
	}
	store_close(store);
	return status;
}
