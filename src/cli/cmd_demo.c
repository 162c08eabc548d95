/* cmd_demo.c: `pavilion demo`: a database holding the reference mission. */
#include <getopt.h>
#include <stdio.h>

#include "bundle/bundle.h"
#include "cli/cli.h"
#include "store/store.h"

/* examples/jeonbuk-us-2024.json and examples/sample-outcomes-2025.json,
 * from demo_data.S. */
extern const char demo_bundle[];
extern const char demo_bundle_end[];
extern const char sample_bundle[];
extern const char sample_bundle_end[];

static const char usage[] =
	"usage: pavilion demo [--db PATH]\n"
	"\n"
	"Creates the database (or adds to it) with the reference mission,\n"
	"Jeonbuk's US trade and investment mission of January 2024\n"
	"(slug jeonbuk-us-2024), replacing an earlier copy of it, and a clearly\n"
	"labelled fictional sample mission (slug sample-vietnam-2025) with\n"
	"consultations, contracts from them, realised exports with evidence and\n"
	"announced figures set beside the records.\n";

/* Imports one built-in bundle, replacing an earlier copy. */
static int load(struct store *store, const char *db, const char *text,
		const char *end, const char *name, const char *what)
{
	struct store_import_stats stats;
	struct error err = { 0 };
	struct bundle *b = bundle_read_text(text, (size_t)(end - text), name, &err);
	int status = 0;

	if (b == NULL)
		return cli_fail("demo", &err);
	if (store_import(store, b, STORE_IMPORT_REPLACE, &stats, &err))
		status = cli_fail("demo", &err);
	else
		printf("%s: %s %s loaded (%lld rows)\n", cli_db_path(db), what,
		       b->mission->slug, (long long)stats.rows);
	bundle_free(b);
	return status;
}

int cli_demo(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	struct store *store = NULL;
	struct error err = { 0 };
	int c, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("demo", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("demo", "unexpected argument \"%s\"",
				       argv[optind]);
	if (cli_open_store(cli_db_path(db), 1, &store, &err))
		return cli_fail("demo", &err);
	status = load(store, db, demo_bundle, demo_bundle_end,
		      "examples/jeonbuk-us-2024.json", "demo mission");
	if (status == 0)
		status = load(store, db, sample_bundle, sample_bundle_end,
			      "examples/sample-outcomes-2025.json",
			      "fictional sample mission");
	store_close(store);
	return status;
}
