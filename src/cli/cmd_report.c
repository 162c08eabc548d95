/* cmd_report.c: `pavilion report MISSION`: the outcome report, as text,
 * Markdown, JSON or a printable PDF. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "export/pdf.h"
#include "report/report.h"
#include "store/store.h"

static const char usage[] =
	"usage: pavilion report [--db PATH] [--lang ko|en]\n"
	"                       [--format text|markdown|json|pdf] [-o FILE] MISSION\n"
	"\n"
	"Prints the outcome report of a mission (its id or slug), computed from\n"
	"its records: duration in nights and days, cities and time zones,\n"
	"agreements with values and series, pavilions, attendance, sectors,\n"
	"and the itinerary day by day in local and home time.\n"
	"\n"
	"  --lang ko|en     language (default ko)\n"
	"  --format F       text (default), markdown, json, or pdf: an A4 report\n"
	"                   with the same figures and two charts (needs -o)\n"
	"  -o FILE          write to FILE instead of standard output\n";

/* report_format_parse() knows the text formats; the PDF is ours. */
#define FORMAT_PDF (-2)

int cli_report(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *output = NULL;
	int lang = LANG_KO, format = REPORT_TEXT, c, status;
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
		case 'l':
			if ((lang = lang_parse(optarg)) < 0)
				return cli_usage_error("report",
					"--lang \"%s\": use ko or en", optarg);
			break;
		case 'f':
			if (strcmp(optarg, "pdf") == 0)
				format = FORMAT_PDF;
			else if ((format = report_format_parse(optarg)) < 0)
				return cli_usage_error("report",
					"--format \"%s\": use text, markdown, json or pdf",
					optarg);
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("report", "bad option");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("report", "give exactly one MISSION");
	if (format == FORMAT_PDF && (output == NULL || strcmp(output, "-") == 0))
		return cli_usage_error("report", "--format pdf needs -o FILE");
	if (cli_open_store(cli_db_path(db), 0, &store, &err) ||
	    store_load_mission(store, argv[optind], &b, &err)) {
		store_close(store);
		return cli_fail("report", &err);
	}
	if (format == FORMAT_PDF) {
		if ((status = cli_output_begin(output, tmp, &err)) == 0)
			status = cli_output_end(tmp, output,
				pdf_write_report(b, (enum lang)lang, tmp, &err), &err);
		if (status != 0)
			status = cli_fail("report", &err);
		pdf_cleanup();
		bundle_free(b);
		store_close(store);
		return status;
	}
	buf_init(&out, 0);
	status = report_render(b, (enum lang)lang, (enum report_format)format,
			       &out, &err) ? cli_fail("report", &err) :
		cli_write_output("report", output, &out);
	buf_free(&out);
	bundle_free(b);
	store_close(store);
	return status;
}
