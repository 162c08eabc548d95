/* cmd_verify.c: `pavilion verify`: recomputes the hash chain of the
 * outcome records and checks every record against its last link. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"
#include "store/store.h"

static const char usage[] =
	"usage: pavilion verify [--db PATH] [--head HASH]\n"
	"\n"
	"Every change to consultations, agreements (and their parties),\n"
	"realisations and claims appends a link to a hash chain (SHA-256 over\n"
	"the previous link and the record's new state).  verify recomputes\n"
	"every link and checks that each record as it stands is the state its\n"
	"last link holds.  Exit 0 when intact, printing the number of links and\n"
	"the head; exit 3 naming the first broken link or the first record that\n"
	"differs (an edit made behind pavilion's back).\n"
	"\n"
	"  --head HASH    also check that HASH (a head printed by an earlier\n"
	"                 report) is a link of the chain\n";

int cli_verify(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "head", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *head = NULL;
	struct store *store = NULL;
	struct store_verify v;
	struct error err = { 0 };
	char at[32] = "";
	int c, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'H': head = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("verify", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("verify", "verify takes no arguments");
	if (head != NULL && (strlen(head) != STORE_CHAIN_HASH_HEX ||
			     strspn(head, "0123456789abcdef") != strlen(head)))
		return cli_usage_error("verify", "--head \"%s\": expected 64"
				       " lower-case hex digits", head);
	if (cli_open_store(cli_db_path(db), 0, &store, &err))
		return cli_fail("verify", &err);
	if (store_verify(store, head, &v, &err)) {
		status = cli_fail("verify", &err);
	} else {
		time_t t = (time_t)v.head_at_utc;
		struct tm tm;

		if (v.links > 0 && gmtime_r(&t, &tm))
			strftime(at, sizeof at, " at %Y-%m-%dT%H:%M:%SZ", &tm);
		printf("chain intact: %" PRId64 " links%s%s%s\n", v.links,
		       v.links ? ", head " : "", v.head, at);
	}
	store_close(store);
	return status;
}
