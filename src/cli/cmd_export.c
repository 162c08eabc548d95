/* cmd_export.c: `pavilion export`: a mission as a JSON bundle, an
 * iCalendar or an Excel workbook, or records of one kind as CSV. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "bundle/bundle.h"
#include "cli/cli.h"
#include "export/csv_rows.h"
#include "export/ics.h"
#include "export/xlsx.h"
#include "store/store.h"

static const char usage[] =
	"usage: pavilion export [--db PATH] [-o FILE] MISSION\n"
	"       pavilion export [--db PATH] --ics [--person KEY | --org KEY]\n"
	"                       [--lang ko|en] [-o FILE] MISSION\n"
	"       pavilion export [--db PATH] --xlsx [--lang ko|en] -o FILE MISSION\n"
	"       pavilion export [--db PATH] --csv KIND [-o FILE] [MISSION]\n"
	"\n"
	"Writes the mission (its id or slug) with everything it refers to as a\n"
	"bundle that `pavilion import` reads back: to standard output, or to\n"
	"FILE with -o.\n"
	"\n"
	"  --ics          the itinerary as an iCalendar (RFC 5545): each event\n"
	"                 in its own time zone, stays abroad as all-day events\n"
	"  --person KEY   with --ics: only that person's agenda\n"
	"  --org KEY      with --ics: only that organisation's agenda\n"
	"  --xlsx         an Excel workbook (needs -o): itinerary, events and\n"
	"                 attendance, organisations, agreements, follow-ups and\n"
	"                 the outcome summary\n"
	"  --lang ko|en   language of --ics and --xlsx (default ko)\n"
	"  --csv KIND     organisations, people, events or agreements as CSV\n"
	"                 (UTF-8 with BOM, for Excel) that `pavilion import\n"
	"                 --csv KIND` reads back; events and agreements of\n"
	"                 MISSION only when it is given\n";

enum export_format { EXPORT_BUNDLE, EXPORT_ICS, EXPORT_XLSX, EXPORT_CSV };

struct csv_export {
	enum store_kind kind;
	struct buf out;
};

static int add_csv_row(const struct store_import_row *row, void *ctx)
{
	struct csv_export *ce = ctx;

	csv_rows_write(ce->kind, row, &ce->out);
	return ce->out.failed ? ERROR_NOMEM : 0;
}

static int export_csv(struct store *store, enum store_kind kind,
		      const char *mission, const char *output)
{
	struct csv_export ce = { .kind = kind };
	struct error err = { 0 };
	int status;

	buf_init(&ce.out, 0);
	csv_write_bom(&ce.out);
	csv_rows_write_header(kind, &ce.out);
	if (store_export_rows(store, kind, mission, add_csv_row, &ce, &err)) {
		if (ce.out.failed)
			error_set(&err, ERROR_NOMEM, "export larger than %zu bytes",
				  ce.out.max);
		status = cli_fail("export", &err);
	} else {
		status = cli_write_output("export", output, &ce.out);
	}
	buf_free(&ce.out);
	return status;
}

/* Export time for DTSTAMP and SEQUENCE; SOURCE_DATE_EPOCH pins it for
 * reproducible output. */
static int64_t export_time(void)
{
	const char *pinned = getenv("SOURCE_DATE_EPOCH");
	char *end;

	if (pinned != NULL && pinned[0] != '\0') {
		long long t = strtoll(pinned, &end, 10);

		if (*end == '\0' && t > 0)
			return t;
	}
	return (int64_t)time(NULL);
}

int cli_export(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "ics", no_argument, NULL, 'i' },
		{ "xlsx", no_argument, NULL, 'x' },
		{ "csv", required_argument, NULL, 'c' },
		{ "person", required_argument, NULL, 'p' },
		{ "org", required_argument, NULL, 'g' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *output = NULL;
	struct ics_options ics = { .lang = LANG_KO };
	enum export_format format = EXPORT_BUNDLE;
	int c, status, kind = -1, formats = 0;
	struct store *store = NULL;
	struct bundle *b = NULL;
	struct error err = { 0 };
	struct buf out;
	char tmp[CLI_TMP_MAX];

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': output = optarg; break;
		case 'i': format = EXPORT_ICS; formats++; break;
		case 'x': format = EXPORT_XLSX; formats++; break;
		case 'c':
			format = EXPORT_CSV;
			formats++;
			if ((kind = csv_rows_kind_parse(optarg)) < 0)
				return cli_usage_error("export",
					"--csv \"%s\": use " CSV_ROWS_KINDS, optarg);
			break;
		case 'p': ics.person = optarg; break;
		case 'g': ics.org = optarg; break;
		case 'l':
			if ((c = lang_parse(optarg)) < 0)
				return cli_usage_error("export",
					"--lang \"%s\": use ko or en", optarg);
			ics.lang = (enum lang)c;
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("export", "bad option");
		}
	}
	if (formats > 1)
		return cli_usage_error("export", "give one of --ics, --xlsx, --csv");
	if ((ics.person || ics.org) && format != EXPORT_ICS)
		return cli_usage_error("export", "--person and --org go with --ics");
	if (ics.person && ics.org)
		return cli_usage_error("export", "give --person or --org, not both");
	if (format == EXPORT_XLSX && (output == NULL || strcmp(output, "-") == 0))
		return cli_usage_error("export", "--xlsx needs -o FILE");
	if (format == EXPORT_CSV) {
		bool scoped = kind == STORE_EVENTS || kind == STORE_AGREEMENTS;

		if (argc - optind > (scoped ? 1 : 0))
			return cli_usage_error("export", scoped ?
				"--csv %s takes at most one MISSION" :
				"--csv %s takes no MISSION",
				store_kind_name((enum store_kind)kind));
		if (cli_open_store(cli_db_path(db), 0, &store, &err))
			return cli_fail("export", &err);
		status = export_csv(store, (enum store_kind)kind,
				    optind < argc ? argv[optind] : NULL, output);
		store_close(store);
		return status;
	}
	if (optind != argc - 1)
		return cli_usage_error("export", "give exactly one MISSION");
	if (cli_open_store(cli_db_path(db), 0, &store, &err) ||
	    (format != EXPORT_ICS &&
	     store_load_mission(store, argv[optind], &b, &err))) {
		store_close(store);
		return cli_fail("export", &err);
	}
	buf_init(&out, 0);
	switch (format) {
	case EXPORT_ICS:
		ics.now = export_time();
		status = ics_render_mission(store, argv[optind], &ics, &out, &err);
		break;
	case EXPORT_XLSX:
		if ((status = cli_output_begin(output, tmp, &err)) == 0)
			status = cli_output_end(tmp, output,
				xlsx_write(b, ics.lang, tmp, &err), &err);
		break;
	default:
		status = bundle_write(b, &out, &err);
		break;
	}
	if (status != 0)
		status = cli_fail("export", &err);
	else if (format != EXPORT_XLSX)
		status = cli_write_output("export", output, &out);
	buf_free(&out);
	bundle_free(b);
	store_close(store);
	return status;
}
