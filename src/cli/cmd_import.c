/* cmd_import.c: `pavilion import FILE...`: bundles into the database. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "bundle/bundle.h"
#include "cli/cli.h"
#include "store/store.h"

static const char usage[] =
	"usage: pavilion import [--db PATH] [--replace] [--quiet] FILE...\n"
	"\n"
	"Loads mission bundles (JSON, see docs/bundle.md) into the database,\n"
	"creating it when it does not exist.  Each file is validated whole and\n"
	"written in one transaction: a file with any problem changes nothing\n"
	"and is reported with its JSON path.  FILE - reads standard input.\n"
	"\n"
	"  --db PATH    the database (default $PAVILION_DB, else ./pavilion.db)\n"
	"  --replace    replace a mission that has the same slug\n"
	"  --quiet      print nothing on success\n"
	"\n"
	"Prints one line per file: the mission, rows written and the rate.\n"
	"Exit status: 0 when every file was imported; otherwise that of the\n"
	"first failure (3 invalid bundle, 5 mission exists, 6 unreadable file).\n";

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int cli_import(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "replace", no_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	int flags = 0, quiet = 0, c, status = 0;
	struct store *store = NULL;
	struct error err = { 0 };

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': flags |= STORE_IMPORT_REPLACE; break;
		case 'q': quiet = 1; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("import", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "no FILE given");
	if (cli_open_store(cli_db_path(db), 1, &store, &err))
		return cli_fail("import", &err);
	for (int i = optind; i < argc; i++) {
		double t0 = now_seconds(), t1;
		struct store_import_stats stats;
		struct bundle *b = bundle_read_file(argv[i], &err);

		if (b == NULL || store_import(store, b, flags, &stats, &err)) {
			if (b != NULL)
				error_prefix(&err, "%s", argv[i]);
			bundle_free(b);
			if (status == 0)
				status = cli_fail("import", &err);
			else
				cli_fail("import", &err);
			continue;
		}
		t1 = now_seconds();
		if (!quiet)
			printf("%s: %s%s, %lld rows in %.3f s (%.0f rows/s)\n", argv[i],
			       b->mission ? b->mission->slug : "registry",
			       stats.replaced ? " (replaced)" : "",
			       (long long)stats.rows, t1 - t0,
			       t1 > t0 ? (double)stats.rows / (t1 - t0) : 0.0);
		bundle_free(b);
	}
	store_close(store);
	return status;
}
