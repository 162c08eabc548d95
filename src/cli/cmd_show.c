/* cmd_show.c: `pavilion show KIND ID`: every field of one record. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/enums.h"
#include "store/store.h"
#include "util/buf.h"

static const char usage[] =
	"usage: pavilion show [--db PATH] KIND ID\n"
	"\n"
	"Prints every recorded field of one record, one \"field: value\" per\n"
	"line; references to other records by their keys.  KIND as for\n"
	"`pavilion list`; ID is the id, the key or slug, for events, stops\n"
	"and pavilions MISSION/KEY (for example jeonbuk-us-2024/okta-mou), for\n"
	"follow-ups AGREEMENT#ID (the follow-up's own id, as `list` shows it).\n";

/* Sector masks are shown as their codes. */
static int print_field(const char *name, const char *value, void *ctx)
{
	struct buf *out = ctx;

	if (strcmp(name, "sectors") == 0) {
		unsigned long mask = strtoul(value, NULL, 10);
		int first = 1;

		if (mask == 0)
			return 0;
		buf_puts(out, "sectors: ");
		for (int s = 0; s < SECTOR_COUNT; s++) {
			if (!(mask & (1ul << s)))
				continue;
			buf_printf(out, "%s%s", first ? "" : ", ",
				   enum_code(&enum_sector, s));
			first = 0;
		}
		buf_putc(out, '\n');
		return 0;
	}
	buf_printf(out, "%s: %s\n", name, value);
	return 0;
}

int cli_show(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	struct store *store = NULL;
	struct error err = { 0 };
	struct buf out;
	int c, kind, status;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("show", "bad option");
		}
	}
	if (optind != argc - 2)
		return cli_usage_error("show", "give KIND and ID");
	if ((kind = store_kind_parse(argv[optind])) < 0)
		return cli_usage_error("show", "unknown KIND \"%s\"", argv[optind]);
	if (cli_open_store(cli_db_path(db), 0, &store, &err))
		return cli_fail("show", &err);
	buf_init(&out, 0);
	if (store_record(store, (enum store_kind)kind, argv[optind + 1],
			 print_field, &out, &err))
		status = cli_fail("show", &err);
	else
		status = cli_write_output("show", NULL, &out);
	buf_free(&out);
	store_close(store);
	return status;
}
