/* cmd_token.c: `pavilion token create USER`: an API token for scripts,
 * printed alone on the last line; only its hash is stored. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "store/store_http.h"

static const char usage[] =
	"usage: pavilion token create USER [--db PATH]\n"
	"\n"
	"Creates an API token that acts as USER; send it as\n"
	"\"Authorization: Bearer TOKEN\".  The token is printed once, alone on\n"
	"the last line, and cannot be shown again.\n";

int cli_token(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	char token[AUTH_SECRET_HEX + 1], hash[AUTH_SECRET_HEX + 1];
	struct store *store = NULL;
	struct store_user u;
	struct error err = { 0 };
	const char *db = NULL;
	int c, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("token", "bad option");
		}
	}
	if (argc - optind != 2 || strcmp(argv[optind], "create") != 0)
		return cli_usage_error("token", "expected: create USER");
	if (auth_init(&err) || cli_open_store(cli_db_path(db), 0, &store, &err))
		return cli_fail("token", &err);
	auth_secret_new(token);
	auth_secret_hash(token, hash);
	if (store_http(store)->user_get(store, argv[optind + 1], 0, &u, &err) ||
	    store_http(store)->token_add(store, hash, u.id, &err))
		status = cli_fail("token", &err);
	else
		printf("token for %s (%s):\n%s\n", u.username, u.role, token);
	store_close(store);
	return status;
}
