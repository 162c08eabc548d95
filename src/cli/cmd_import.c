/* cmd_import.c: `pavilion import FILE...`: bundles into the database;
 * `pavilion import --csv KIND FILE`: rows from a spreadsheet. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "bundle/bundle.h"
#include "cli/cli.h"
#include "export/csv_rows.h"
#include "store/store.h"

static const char usage[] =
	"usage: pavilion import [--db PATH] [--replace] [--quiet] FILE...\n"
	"       pavilion import [--db PATH] [--quiet] --csv KIND\n"
	"                       [--encoding auto|utf-8|cp949|euc-kr]\n"
	"                       [--skip-bad --reject REJECTS] FILE\n"
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
	"With --csv, FILE is a CSV file of KIND (organisations, people, events\n"
	"or agreements) whose header row names the columns in English or\n"
	"Korean (docs/interop.md).  The encoding (UTF-8 with or without BOM,\n"
	"CP949/EUC-KR as Korean Excel saves) and the separator (',', ';' or\n"
	"tab) are detected.  Records are matched by key: new ones are added,\n"
	"existing ones updated.  Every bad row is reported with its line; if\n"
	"any is bad nothing is imported, unless --skip-bad, which imports the\n"
	"good rows and writes the bad ones, with the reason, to REJECTS.\n"
	"\n"
	"  --csv KIND        read FILE as CSV rows of KIND\n"
	"  --encoding ENC    force the encoding instead of detecting it\n"
	"  --skip-bad        import the good rows even if some are bad\n"
	"  --reject REJECTS  where --skip-bad writes the bad rows (CSV)\n"
	"\n"
	"Prints one line per file: the mission, rows written and the rate.\n"
	"Exit status: 0 when every file was imported; otherwise that of the\n"
	"first failure (3 invalid bundle or bad rows, 5 mission exists,\n"
	"6 unreadable file).\n";

/* What a CSV import needs while the store pulls its rows. */
struct csv_import {
	const char *path;
	struct csv_rows *rows;
	struct buf rejects;
};

static const char *separator_name(char c)
{
	return c == '\t' ? "\\t" : c == ';' ? ";" : ",";
}

static int next_row(void *ctx, struct store_import_row *row,
		    struct error *err)
{
	struct csv_import *ci = ctx;

	return csv_rows_next(ci->rows, row, err);
}

/* Reports a rejected row on stderr and keeps it for the reject file. */
static void reject_row(void *ctx, const struct store_import_row *row,
		       const char *why)
{
	struct csv_import *ci = ctx;

	if (strncmp(why, "line ", 5) == 0)
		fprintf(stderr, "pavilion import: %s: %s\n", ci->path, why);
	else
		fprintf(stderr, "pavilion import: %s: line %ld: %s\n", ci->path,
			row->line, why);
	csv_rows_reject_record(ci->rows, &ci->rejects, row->line, why);
}

static int import_csv(const char *db, enum store_kind kind, const char *path,
		      int encoding, bool skip_bad, const char *reject_path,
		      bool quiet)
{
	struct csv_import ci = { .path = path };
	struct store_rows_import im = {
		.kind = kind, .skip_bad = skip_bad, .next = next_row,
		.reject = reject_row, .ctx = &ci,
	};
	struct store_rows_stats stats = { 0 };
	struct store *store = NULL;
	struct csv_reader *reader;
	struct error err = { 0 };
	double t0 = cli_now_seconds(), t1;
	int status = 0;

	buf_init(&ci.rejects, 0);
	reader = csv_reader_open(path, (enum csv_encoding)encoding, &err);
	if (reader == NULL)
		return cli_fail("import", &err);
	ci.rows = csv_rows_new(reader, kind, path, &err);
	if (ci.rows == NULL || cli_open_store(cli_db_path(db), 1, &store, &err)) {
		status = cli_fail("import", &err);
		goto done;
	}
	csv_rows_reject_header(ci.rows, &ci.rejects);
	if (store_import_rows(store, &im, &stats, &err)) {
		if (strncmp(err.message, "line ", 5) == 0)
			error_prefix(&err, "%s", path);
		status = cli_fail("import", &err);
		goto done;
	}
	if (reject_path != NULL &&
	    (status = cli_write_output("import", reject_path, &ci.rejects)) != 0)
		goto done;
	t1 = cli_now_seconds();
	if (!quiet)
		printf("%s: %s (%s, '%s'): %lld rows in %.3f s (%.0f rows/s)"
		       ", %lld rejected%s%s\n", path, store_kind_name(kind),
		       csv_encoding_name(csv_reader_encoding(reader)),
		       separator_name(csv_reader_separator(reader)),
		       (long long)stats.written, t1 - t0,
		       t1 > t0 ? (double)stats.written / (t1 - t0) : 0.0,
		       (long long)stats.rejected,
		       stats.rejected && reject_path ? " to " : "",
		       stats.rejected && reject_path ? reject_path : "");
done:
	buf_free(&ci.rejects);
	csv_rows_free(ci.rows);
	csv_reader_free(reader);
	store_close(store);
	return status;
}

int cli_import(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "replace", no_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "csv", required_argument, NULL, 'c' },
		{ "encoding", required_argument, NULL, 'e' },
		{ "skip-bad", no_argument, NULL, 's' },
		{ "reject", required_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *reject = NULL;
	int flags = 0, quiet = 0, c, status = 0, csv_kind = -1;
	int encoding = CSV_ENCODING_AUTO;
	bool skip_bad = false;
	struct store *store = NULL;
	struct error err = { 0 };

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'r': flags |= STORE_IMPORT_REPLACE; break;
		case 'q': quiet = 1; break;
		case 'c':
			if ((csv_kind = csv_rows_kind_parse(optarg)) < 0)
				return cli_usage_error("import",
					"--csv \"%s\": use " CSV_ROWS_KINDS, optarg);
			break;
		case 'e':
			if ((encoding = csv_encoding_parse(optarg)) < 0)
				return cli_usage_error("import",
					"--encoding \"%s\": use auto, utf-8, cp949 or euc-kr",
					optarg);
			break;
		case 's': skip_bad = true; break;
		case 'j': reject = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("import", "bad option");
		}
	}
	if (optind >= argc)
		return cli_usage_error("import", "no FILE given");
	if (csv_kind < 0 && (skip_bad || reject || encoding != CSV_ENCODING_AUTO))
		return cli_usage_error("import",
			"--skip-bad, --reject and --encoding go with --csv");
	if (csv_kind >= 0) {
		if (optind != argc - 1)
			return cli_usage_error("import", "--csv takes exactly one FILE");
		if (skip_bad != (reject != NULL))
			return cli_usage_error("import",
				"--skip-bad and --reject FILE go together");
		if (flags & STORE_IMPORT_REPLACE)
			return cli_usage_error("import",
				"--replace is for bundles; CSV rows update by key");
		return import_csv(db, (enum store_kind)csv_kind, argv[optind],
				  encoding, skip_bad, reject, quiet);
	}
	if (cli_open_store(cli_db_path(db), 1, &store, &err))
		return cli_fail("import", &err);
	status = cli_import_bundles(store, argv + optind, argc - optind, flags,
				    quiet);
	store_close(store);
	return status;
}
