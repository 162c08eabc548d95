/* cmd_list.c: `pavilion list KIND`: one row per record, sorted by name
 * in the chosen language's collation (ICU). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucol.h>

#include "cli/cli.h"
#include "domain/moment.h"
#include "domain/money.h"
#include "store/store.h"
#include "util/arena.h"
#include "util/buf.h"

static const char usage[] =
	"usage: pavilion list [--db PATH] [--lang ko|en] [--mission MISSION]\n"
	"                     [--since DATE] [--province ORG] [--country CC]\n"
	"                     [--status STATUS] [--limit N] KIND\n"
	"\n"
	"KIND: organisations, people, missions, venues, series, agreements,\n"
	"events, stops, pavilions, followups.  Prints one row per record: its\n"
	"id, its key or slug (events, stops and pavilions: MISSION/KEY;\n"
	"follow-ups: AGREEMENT#ID), its names in Korean and English, its\n"
	"kind and a detail (country, organisation, zone, date and value,\n"
	"exhibitors, due date, ...).  Rows are sorted by name in the language's\n"
	"order (default ko); events, stops and pavilions keep their time order,\n"
	"follow-ups their due dates.  --mission restricts agreements, events,\n"
	"stops, pavilions and follow-ups to one mission.\n"
	"\n"
	"Filters, applied by the database: --since DATE (YYYY-MM-DD) keeps\n"
	"missions from their first day, events by their local day, agreements\n"
	"by signing date and follow-ups by due date on or after it; --province\n"
	"ORG (id or key) keeps what belongs to missions that organisation sent;\n"
	"--country CC organisations, venues, stops and events in that country;\n"
	"--status agreements of that status, follow-ups open or done.  A filter\n"
	"a KIND does not have is a usage error.  --limit N prints the newest N\n"
	"(by date, else by id), newest first, instead of every row by name.\n";

struct rows {
	struct arena *arena;
	struct store_row *row;
	size_t n, cap;
	enum lang lang;
	UCollator *coll;
};

static int collect(const struct store_row *row, void *ctx)
{
	struct rows *r = ctx;

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 256;
		struct store_row *p = realloc(r->row, cap * sizeof *p);

		if (p == NULL)
			return -1;
		r->row = p;
		r->cap = cap;
	}
	r->row[r->n].id = row->id;
	r->row[r->n].key = arena_strdup(r->arena, row->key);
	r->row[r->n].name.ko = arena_strdup(r->arena, row->name.ko);
	r->row[r->n].name.en = arena_strdup(r->arena, row->name.en);
	r->row[r->n].kind = arena_strdup(r->arena, row->kind);
	r->row[r->n].detail = arena_strdup(r->arena, row->detail);
	r->n++;
	return arena_failed(r->arena) ? -1 : 0;
}

static int compare_rows(const void *a, const void *b, void *ctx)
{
	const struct rows *r = ctx;
	const struct store_row *x = a, *y = b;
	UErrorCode status = U_ZERO_ERROR;
	int c = ucol_strcollUTF8(r->coll, text_get(x->name, r->lang), -1,
				 text_get(y->name, r->lang), -1, &status);

	if (c != 0)
		return c;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* The filters' values; which KIND has which the store says. */
static int check_filters(const struct store_list_query *q, enum store_kind kind)
{
	int y, m, d;

	if (q->since && date_parse(q->since, &y, &m, &d) != 0)
		return cli_usage_error("list", "--since \"%s\": give a date YYYY-MM-DD",
				       q->since);
	if (q->country && !country_valid(q->country))
		return cli_usage_error("list", "--country \"%s\": not an ISO 3166 code",
				       q->country);
	if (q->status && kind == STORE_FOLLOWUPS && strcmp(q->status, "open") &&
	    strcmp(q->status, "done"))
		return cli_usage_error("list", "--status \"%s\": follow-ups are open or done",
				       q->status);
	if (q->status && kind == STORE_AGREEMENTS &&
	    enum_parse(&enum_agreement_status, q->status) < 0)
		return cli_usage_error("list", "--status \"%s\": not an agreement status",
				       q->status);
	return 0;
}

int cli_list(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "mission", required_argument, NULL, 'm' },
		{ "since", required_argument, NULL, 's' },
		{ "province", required_argument, NULL, 'p' },
		{ "country", required_argument, NULL, 'c' },
		{ "status", required_argument, NULL, 't' },
		{ "limit", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_list_query q = { 0 };
	struct rows rows = { 0 };
	struct store *store = NULL;
	struct error err = { 0 };
	const char *db = NULL;
	int c, kind, lang = LANG_KO, status = 0, wkey = 3, wname = 4;
	UErrorCode ustatus = U_ZERO_ERROR;
	struct buf out;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'm': q.mission = optarg; break;
		case 's': q.since = optarg; break;
		case 'p': q.province = optarg; break;
		case 'c': q.country = optarg; break;
		case 't': q.status = optarg; break;
		case 'n':
			if (strspn(optarg, "0123456789") != strlen(optarg) ||
			    strlen(optarg) > 6 || (q.limit = (int)strtol(optarg, NULL, 10)) < 1)
				return cli_usage_error("list", "--limit \"%s\": give 1 to 999999",
						       optarg);
			break;
		case 'l':
			if ((lang = lang_parse(optarg)) < 0)
				return cli_usage_error("list", "--lang \"%s\": use ko or en",
						       optarg);
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("list", "bad option");
		}
	}
	if (optind != argc - 1)
		return cli_usage_error("list", "give exactly one KIND");
	if ((kind = store_kind_parse(argv[optind])) < 0)
		return cli_usage_error("list", "unknown KIND \"%s\"", argv[optind]);
	if ((status = check_filters(&q, (enum store_kind)kind)) != 0)
		return status;
	if (cli_open_store(cli_db_path(db), 0, &store, &err))
		return cli_fail("list", &err);
	rows.arena = arena_new(0);
	rows.lang = (enum lang)lang;
	if (rows.arena == NULL ||
	    store_list(store, (enum store_kind)kind, &q, collect, &rows, &err)) {
		if (err.code == ERROR_NONE)
			error_set(&err, ERROR_NOMEM, "out of memory");
		status = cli_fail("list", &err);
		goto cleanup;
	}
	if (q.limit == 0 && kind != STORE_EVENTS && kind != STORE_STOPS &&
	    kind != STORE_PAVILIONS && kind != STORE_FOLLOWUPS) {
		rows.coll = ucol_open(lang == LANG_KO ? "ko" : "en", &ustatus);
		if (U_SUCCESS(ustatus))
			qsort_r(rows.row, rows.n, sizeof *rows.row, compare_rows, &rows);
		ucol_close(rows.coll);
	}
	for (size_t i = 0; i < rows.n; i++) {
		int w = buf_text_width(rows.row[i].key ? rows.row[i].key : "");
		int v = buf_text_width(text_get(rows.row[i].name, (enum lang)lang));

		wkey = w > wkey ? w : wkey;
		wname = v > wname ? v : wname;
	}
	buf_init(&out, 0);
	buf_printf(&out, "%-6s ", "ID");
	buf_pad(&out, "KEY", wkey + 2);
	buf_pad(&out, "NAME", wname + 2);
	buf_puts(&out, "OTHER NAME\tKIND\tDETAIL\n");
	for (size_t i = 0; i < rows.n; i++) {
		const struct store_row *r = &rows.row[i];
		const char *other = lang == LANG_KO ? r->name.en : r->name.ko;

		buf_printf(&out, "%-6lld ", (long long)r->id);
		buf_pad(&out, r->key ? r->key : "", wkey + 2);
		buf_pad(&out, text_get(r->name, (enum lang)lang), wname + 2);
		buf_printf(&out, "%s\t%s\t%s\n", other ? other : "",
			   r->kind ? r->kind : "", r->detail ? r->detail : "");
	}
	status = cli_write_output("list", NULL, &out);
	buf_free(&out);
cleanup:
	free(rows.row);
	arena_free(rows.arena);
	store_close(store);
	return status;
}
