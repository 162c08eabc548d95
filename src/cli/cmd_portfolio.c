/* cmd_portfolio.c: `pavilion portfolio`, a report across missions: how
 * many missions, events and agreements (values per currency, never added
 * across currencies) by year, province, country and status, and the
 * missions themselves, newest first.
 *
 * Every figure comes from the store's aggregates (the same as GET
 * /api/stats) and its mission summary, so the portfolio of a decade costs
 * a few grouped queries, never a load of every mission.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "domain/money.h"
#include "export/xlsx.h"
#include "report/format.h"
#include "store/store_http.h"
#include "util/buf.h"

#define PORTFOLIO_MISSIONS_MAX 1000   /* rows of the missions table */
#define PORTFOLIO_TOP 50              /* provinces and countries shown */

static const char usage[] =
	"usage: pavilion portfolio [--db PATH] [--lang ko|en]\n"
	"                          [--year YYYY] [--province ORG] [--country CC]\n"
	"                          [--format text|markdown|json|xlsx] [-o FILE]\n"
	"\n"
	"A report across missions: missions, events and agreements (values per\n"
	"currency) by year, province (the organisation sending the missions),\n"
	"country and agreement status, then the missions, newest first (at\n"
	"most 1,000).  --year, --province (id or key) and --country keep the\n"
	"missions of that year, province or country and what belongs to them.\n"
	"--format xlsx writes a workbook, one sheet per table, and needs -o.\n";

enum { OUT_TEXT, OUT_MARKDOWN, OUT_JSON, OUT_XLSX };

struct query {
	struct store *store;
	const char *year, *province, *country;
	char province_id[24];
};

/* Arguments of a stats or summary call: the filters, then extra. */
static void args_fill(const struct query *q, struct store_args *a,
		      const char *const *extra)
{
	a->n = 0;
	if (q->year) {
		a->name[a->n] = "year";
		a->value[a->n++] = q->year;
	}
	if (q->province) {
		a->name[a->n] = "province";
		a->value[a->n++] = q->province_id;
	}
	if (q->country) {
		a->name[a->n] = "country";
		a->value[a->n++] = q->country;
	}
	for (; extra && extra[0]; extra += 2) {
		a->name[a->n] = extra[0];
		a->value[a->n++] = extra[1];
	}
}

static int stats(const struct query *q, const char *measure, const char *group,
		 json_t **out, struct error *err)
{
	const char *extra[] = { "measure", measure, "group", group, "top", "200",
				NULL };
	struct store_args a;

	args_fill(q, &a, extra);
	return store_http(q->store)->stats(q->store, &a, NULL, out, err);
}

/* One table: a row per key of the agreements grouping, with the
 * missions and events of the same key beside it. */
static int table(const struct query *q, const char *group, int top,
		 json_t **out, struct error *err)
{
	json_t *ag = NULL, *mi = NULL, *ev = NULL, *rows = json_array();
	json_t *row;
	size_t i;
	int status;

	if ((status = stats(q, "agreements", group, &ag, err)) ||
	    (strcmp(group, "status") && ((status = stats(q, "missions", group, &mi, err)) ||
					 (status = stats(q, "events", group, &ev, err)))))
		goto done;
	/* Rows: missions' keys first (every mission's year, province or
	 * country), then any key only agreements have. */
	json_array_foreach(json_object_get(mi ? mi : ag, "rows"), i, row) {
		json_array_append_new(rows, json_pack("{sO sO sI sI sI s[]}",
			"key", json_object_get(row, "key"),
			"label", json_object_get(row, "label"),
			"missions", mi ? json_integer_value(json_object_get(row, "count")) : 0,
			"events", (json_int_t)0, "agreements", (json_int_t)0, "values"));
	}
	for (int k = 0; k < 2; k++) {
		json_t *src = k == 0 ? ev : ag;
		size_t j;
		json_t *r;

		if (src == NULL)
			continue;
		json_array_foreach(json_object_get(src, "rows"), j, r) {
			json_t *dst = NULL, *d;
			size_t m;

			json_array_foreach(rows, m, d)
				if (json_equal(json_object_get(d, "key"), json_object_get(r, "key")))
					dst = d;
			if (dst == NULL) {
				dst = json_pack("{sO sO sI sI sI s[]}", "key",
						json_object_get(r, "key"), "label",
						json_object_get(r, "label"), "missions", (json_int_t)0,
						"events", (json_int_t)0, "agreements", (json_int_t)0,
						"values");
				json_array_append_new(rows, dst);
			}
			json_object_set(dst, k == 0 ? "events" : "agreements",
					json_object_get(r, "count"));
			if (k == 1)
				json_object_set(dst, "values", json_object_get(r, "values"));
		}
	}
	while ((int)json_array_size(rows) > top)
		json_array_remove(rows, json_array_size(rows) - 1);
	*out = json_pack("{ss so sO}", "group", group, "rows", rows,
			 "counts", json_object_get(ag, "counts"));
	rows = NULL;
done:
	json_decref(rows);
	json_decref(ag);
	json_decref(mi);
	json_decref(ev);
	return status;
}

static int missions(const struct query *q, json_t **out, struct error *err)
{
	json_t *all = json_array(), *page = NULL;
	const char *cursor = NULL;
	char *held = NULL;
	int status = 0;

	while (json_array_size(all) < PORTFOLIO_MISSIONS_MAX) {
		const char *extra[] = { "limit", "200", "cursor", cursor, NULL };
		struct store_args a;

		if (cursor == NULL)
			extra[2] = NULL;
		args_fill(q, &a, extra);
		if ((status = store_http(q->store)->mission_summary(q->store, &a, NULL,
								    &page, err)))
			break;
		json_array_extend(all, json_object_get(page, "items"));
		free(held);
		held = json_is_string(json_object_get(page, "next_cursor")) ?
			strdup(json_string_value(json_object_get(page, "next_cursor"))) : NULL;
		cursor = held;
		json_decref(page);
		page = NULL;
		if (cursor == NULL)
			break;
	}
	free(held);
	if (status) {
		json_decref(all);
		return status;
	}
	*out = all;
	return 0;
}

/* The province's id, from an id or a key. */
static int resolve_province(struct query *q, struct error *err)
{
	struct store_page page = { .limit = 1, .n_filters = 1 };
	json_t *out = NULL, *item;
	int status;

	if (strspn(q->province, "0123456789") == strlen(q->province)) {
		snprintf(q->province_id, sizeof q->province_id, "%s", q->province);
		return 0;
	}
	page.filter_names[0] = "key";
	page.filter_values[0] = q->province;
	if ((status = store_http(q->store)->res_list(q->store,
		store_resources[RES_ORGANISATIONS], &page, NULL, &out, err)))
		return status;
	item = json_array_get(json_object_get(out, "items"), 0);
	if (item == NULL) {
		json_decref(out);
		return error_set(err, ERROR_NOT_FOUND, "--province: no organisation \"%s\"",
				 q->province);
	}
	snprintf(q->province_id, sizeof q->province_id, "%lld",
		 (long long)json_integer_value(json_object_get(item, "id")));
	json_decref(out);
	return 0;
}

static const char *label(json_t *row, enum lang lang)
{
	json_t *l = json_object_get(row, "label");
	const char *s = json_string_value(json_object_get(l, lang == LANG_KO ? "ko" : "en"));

	return s ? s : "";
}

static void values_text(json_t *values, enum lang lang, char *out, size_t size)
{
	size_t i, used = 0;
	json_t *v;

	out[0] = '\0';
	json_array_foreach(values, i, v) {
		char m[FMT_MAX];
		int n;

		fmt_money(lang, json_string_value(json_object_get(v, "currency")),
			  json_integer_value(json_object_get(v, "minor")), m);
		n = snprintf(out + used, size - used, "%s%s", used ? ", " : "", m);
		if (n < 0 || (size_t)n >= size - used)
			break;
		used += (size_t)n;
	}
}

#define T(lang, ko, en) ((lang) == LANG_KO ? (ko) : (en))

static const char *const section_ko[] = { "연도별", "지역(파견 기관)별", "국가별", "협약 상태별" };
static const char *const section_en[] = { "By year", "By province (sending organisation)",
					   "By country", "By agreement status" };

static void render_text(json_t *doc, enum lang lang, bool markdown, struct buf *b)
{
	json_t *tables = json_object_get(doc, "tables"), *t, *row;
	json_t *tot = json_object_get(doc, "total");
	char n1[FMT_MAX], n2[FMT_MAX], n3[FMT_MAX], vals[2048];
	size_t i, j;

	values_text(json_object_get(tot, "values"), lang, vals, sizeof vals);
	fmt_count(lang, json_integer_value(json_object_get(tot, "missions")), n1);
	fmt_count(lang, json_integer_value(json_object_get(tot, "events")), n2);
	fmt_count(lang, json_integer_value(json_object_get(tot, "agreements")), n3);
	buf_printf(b, "%s%s\n\n", markdown ? "# " : "",
		   T(lang, "사절단 포트폴리오", "Mission portfolio"));
	buf_printf(b, "%s%s\n", markdown ? "- " : "",
		   json_string_value(json_object_get(doc, "scope")));
	buf_printf(b, T(lang, "%s사절단 %s건, 행사 %s건, 협약·계약 %s건\n",
			"%s%s missions, %s events, %s agreements\n"),
		   markdown ? "- " : "", n1, n2, n3);
	buf_printf(b, "%s%s: %s\n", markdown ? "- " : "",
		   T(lang, "금액(통화별)", "Values (per currency)"), vals[0] ? vals : "-");
	buf_printf(b, "%s%s\n", markdown ? "- " : "",
		   json_string_value(json_object_get(json_object_get(doc, "counts"),
						     lang == LANG_KO ? "ko" : "en")));
	json_array_foreach(tables, i, t) {
		buf_printf(b, "\n%s%s\n\n", markdown ? "## " : "",
			   lang == LANG_KO ? section_ko[i] : section_en[i]);
		if (markdown)
			buf_printf(b, "| %s | %s | %s | %s | %s |\n|---|---:|---:|---:|---|\n",
				   T(lang, "구분", "Group"), T(lang, "사절단", "Missions"),
				   T(lang, "행사", "Events"), T(lang, "협약", "Agreements"),
				   T(lang, "금액", "Values"));
		json_array_foreach(json_object_get(t, "rows"), j, row) {
			values_text(json_object_get(row, "values"), lang, vals, sizeof vals);
			fmt_count(lang, json_integer_value(json_object_get(row, "missions")), n1);
			fmt_count(lang, json_integer_value(json_object_get(row, "events")), n2);
			fmt_count(lang, json_integer_value(json_object_get(row, "agreements")), n3);
			if (markdown) {
				buf_printf(b, "| %s | %s | %s | %s | %s |\n", label(row, lang),
					   n1, n2, n3, vals);
			} else {
				buf_puts(b, "  ");
				buf_pad(b, label(row, lang), 28);
				buf_printf(b, "%8s %8s %8s  %s\n", n1, n2, n3, vals);
			}
		}
	}
	buf_printf(b, "\n%s%s\n\n", markdown ? "## " : "", T(lang, "사절단", "Missions"));
	if (markdown)
		buf_printf(b, "| %s | %s | %s | %s | %s |\n|---|---|---:|---:|---|\n",
			   T(lang, "기간", "Dates"), T(lang, "사절단", "Mission"),
			   T(lang, "행사", "Events"), T(lang, "협약", "Agreements"),
			   T(lang, "금액", "Values"));
	json_array_foreach(json_object_get(doc, "missions"), i, row) {
		const char *title = json_string_value(json_object_get(json_object_get(row, "title"),
								      lang == LANG_KO ? "ko" : "en"));
		const char *first = json_string_value(json_object_get(row, "first_day"));
		const char *last = json_string_value(json_object_get(row, "last_day"));

		values_text(json_object_get(row, "values"), lang, vals, sizeof vals);
		if (markdown)
			buf_printf(b, "| %s ~ %s | %s | %lld | %lld | %s |\n", first ? first : "",
				   last ? last : "", title ? title : "",
				   (long long)json_integer_value(json_object_get(row, "events")),
				   (long long)json_integer_value(json_object_get(row, "agreements")),
				   vals);
		else
			buf_printf(b, "  %s ~ %s  %s: %lld / %lld  %s\n", first ? first : "",
				   last ? last : "", title ? title : "",
				   (long long)json_integer_value(json_object_get(row, "events")),
				   (long long)json_integer_value(json_object_get(row, "agreements")),
				   vals);
	}
}

static int build(struct query *q, enum lang lang, json_t **out, struct error *err)
{
	static const char *const groups[] = { "year", "province", "country", "status" };
	json_t *tables = json_array(), *t = NULL, *ms = NULL, *ag = NULL, *mi = NULL, *ev = NULL;
	char scope[512];
	int status;

	for (size_t i = 0; i < 4; i++) {
		if ((status = table(q, groups[i], i == 0 ? 200 : PORTFOLIO_TOP, &t, err)))
			goto done;
		json_array_append_new(tables, t);
	}
	if ((status = missions(q, &ms, err)) ||
	    (status = stats(q, "agreements", "status", &ag, err)) ||
	    (status = stats(q, "missions", "year", &mi, err)) ||
	    (status = stats(q, "events", "year", &ev, err)))
		goto done;
	snprintf(scope, sizeof scope, "%s%s%s%s%s%s%s",
		 T(lang, "범위: ", "Scope: "),
		 q->year ? q->year : T(lang, "전체 기간", "all years"),
		 q->province ? ", " : "", q->province ? q->province : "",
		 q->country ? ", " : "", q->country ? q->country : "",
		 "");
	*out = json_pack("{ss s{s:s? s:s? s:s?} s{sO sO sO sO} sO so so}",
		"scope", scope, "filters", "year", q->year, "province", q->province,
		"country", q->country, "total",
		"missions", json_object_get(json_object_get(mi, "total"), "count"),
		"events", json_object_get(json_object_get(ev, "total"), "count"),
		"agreements", json_object_get(json_object_get(ag, "total"), "count"),
		"values", json_object_get(json_object_get(ag, "total"), "values"),
		"counts", json_object_get(ag, "counts"), "tables", tables,
		"missions", ms);
	tables = ms = NULL;
done:
	json_decref(tables);
	json_decref(ms);
	json_decref(ag);
	json_decref(mi);
	json_decref(ev);
	return status;
}

/* Country labels need the language tables (report/format.h). */
static void label_countries(json_t *doc)
{
	json_t *t = json_array_get(json_object_get(doc, "tables"), 2), *row;
	size_t i;

	json_array_foreach(json_object_get(t, "rows"), i, row) {
		const char *code = json_string_value(json_object_get(row, "key"));

		if (code)
			json_object_set_new(row, "label", fmt_country_text(code));
	}
}

int cli_portfolio(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "lang", required_argument, NULL, 'l' },
		{ "year", required_argument, NULL, 'y' },
		{ "province", required_argument, NULL, 'p' },
		{ "country", required_argument, NULL, 'c' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct query q = { 0 };
	struct error err = { 0 };
	const char *db = NULL, *output = NULL;
	int c, lang = LANG_KO, format = OUT_TEXT, status = 0;
	json_t *doc = NULL;
	struct buf out;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'o': output = optarg; break;
		case 'y':
			if (strlen(optarg) != 4 || strspn(optarg, "0123456789") != 4)
				return cli_usage_error("portfolio", "--year \"%s\": give YYYY", optarg);
			q.year = optarg;
			break;
		case 'p': q.province = optarg; break;
		case 'c':
			if (!country_valid(optarg))
				return cli_usage_error("portfolio",
						       "--country \"%s\": not an ISO 3166 code", optarg);
			q.country = optarg;
			break;
		case 'l':
			if ((lang = lang_parse(optarg)) < 0)
				return cli_usage_error("portfolio", "--lang \"%s\": use ko or en",
						       optarg);
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				format = OUT_TEXT;
			else if (strcmp(optarg, "markdown") == 0)
				format = OUT_MARKDOWN;
			else if (strcmp(optarg, "json") == 0)
				format = OUT_JSON;
			else if (strcmp(optarg, "xlsx") == 0)
				format = OUT_XLSX;
			else
				return cli_usage_error("portfolio",
						       "--format \"%s\": use text, markdown, json or xlsx",
						       optarg);
			break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("portfolio", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("portfolio", "unexpected argument \"%s\"", argv[optind]);
	if (format == OUT_XLSX && (output == NULL || strcmp(output, "-") == 0))
		return cli_usage_error("portfolio", "--format xlsx needs -o FILE");
	if (cli_open_store(cli_db_path(db), 0, &q.store, &err))
		return cli_fail("portfolio", &err);
	if ((q.province && resolve_province(&q, &err)) ||
	    build(&q, (enum lang)lang, &doc, &err)) {
		status = cli_fail("portfolio", &err);
		goto cleanup;
	}
	label_countries(doc);
	if (format == OUT_XLSX) {
		if (xlsx_portfolio_write(doc, (enum lang)lang, output, &err))
			status = cli_fail("portfolio", &err);
		goto cleanup;
	}
	buf_init(&out, 0);
	if (format == OUT_JSON) {
		char *text = json_dumps(doc, JSON_INDENT(2));

		buf_puts(&out, text ? text : "");
		buf_putc(&out, '\n');
		free(text);
	} else {
		render_text(doc, (enum lang)lang, format == OUT_MARKDOWN, &out);
	}
	status = cli_write_output("portfolio", output, &out);
	buf_free(&out);
cleanup:
	json_decref(doc);
	store_close(q.store);
	return status;
}
