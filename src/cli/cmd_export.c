/* cmd_export.c: `pavilion export MISSION`: a mission as a JSON bundle. */
#include <getopt.h>
#include <stdio.h>

#include "bundle/bundle.h"
#include "cli/cli.h"
#include "store/store.h"

static const char usage[] =
	"usage: pavilion export [--db PATH] [-o FILE] MISSION\n"
	"\n"
	"Writes the mission (its id or slug) with everything it refers to as a\n"
	"bundle that `pavilion import` reads back: to standard output, or to\n"
	"FILE with -o.\n";

int cli_export(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *output = NULL;
	struct store *store = NULL;
	struct bundle *b = NULL;
	struct error err = { 0 };
	struct buf out;
	int c, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': output = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("export", "bad option");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("export", "give exactly one MISSION");
	if (cli_open_store(cli_db_path(db), 0, &store, &err) ||
	    store_load_mission(store, argv[optind], &b, &err)) {
		store_close(store);
		return cli_fail("export", &err);
	}
	buf_init(&out, 0);
	status = bundle_write(b, &out, &err) ? cli_fail("export", &err) :
		cli_write_output("export", output, &out);
	buf_free(&out);
	bundle_free(b);
	store_close(store);
	return status;
}
