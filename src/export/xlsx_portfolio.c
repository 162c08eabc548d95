/* xlsx_portfolio.c: `pavilion portfolio --format xlsx`: one sheet per
 * table of the portfolio (by year, province, country, status, then the
 * missions), with a column per currency holding amounts as numbers in
 * major units, so Excel sums and filters them; never one column adding
 * currencies together. */
#include "export/xlsx.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "domain/money.h"

#define CURRENCIES_MAX 32

struct currencies {
	char code[CURRENCIES_MAX][4];
	int n;
};

static void collect(struct currencies *c, json_t *values)
{
	size_t i;
	json_t *v;

	json_array_foreach(values, i, v) {
		const char *code = json_string_value(json_object_get(v, "currency"));
		int k;

		for (k = 0; k < c->n && strcmp(c->code[k], code); k++)
			;
		if (k == c->n && c->n < CURRENCIES_MAX)
			snprintf(c->code[c->n++], 4, "%s", code);
	}
}

static double major(json_t *values, const char *code)
{
	size_t i;
	json_t *v;

	json_array_foreach(values, i, v)
		if (strcmp(json_string_value(json_object_get(v, "currency")), code) == 0)
			return (double)json_integer_value(json_object_get(v, "minor")) /
				pow(10, money_fraction_digits(code));
	return 0;
}

static const char *text_of(json_t *t, enum lang lang)
{
	const char *s = json_string_value(json_object_get(t, lang == LANG_KO ? "ko" : "en"));

	return s ? s : "";
}

/* A sheet of rows: first columns given, then one per currency. */
static void sheet(lxw_workbook *wb, lxw_format *bold, const char *name,
		  const char *const *heads, int n_heads, json_t *rows,
		  const struct currencies *c, enum lang lang, bool missions)
{
	lxw_worksheet *ws = workbook_add_worksheet(wb, name);
	size_t i;
	json_t *row;
	lxw_row_t r = 1;

	for (int h = 0; h < n_heads; h++) {
		worksheet_write_string(ws, 0, (lxw_col_t)h, heads[h], bold);
		worksheet_set_column(ws, (lxw_col_t)h, (lxw_col_t)h, h == (missions ? 1 : 0) ? 48 : 12, NULL);
	}
	for (int k = 0; k < c->n; k++)
		worksheet_write_string(ws, 0, (lxw_col_t)(n_heads + k), c->code[k], bold);
	json_array_foreach(rows, i, row) {
		lxw_col_t col = 0;

		if (missions) {
			const char *first = json_string_value(json_object_get(row, "first_day"));

			worksheet_write_string(ws, r, col++, first ? first : "", NULL);
			worksheet_write_string(ws, r, col++,
					       text_of(json_object_get(row, "title"), lang), NULL);
		} else {
			worksheet_write_string(ws, r, col++,
					       text_of(json_object_get(row, "label"), lang), NULL);
			worksheet_write_number(ws, r, col++, (double)json_integer_value(
				json_object_get(row, "missions")), NULL);
		}
		worksheet_write_number(ws, r, col++, (double)json_integer_value(
			json_object_get(row, "events")), NULL);
		worksheet_write_number(ws, r, col++, (double)json_integer_value(
			json_object_get(row, "agreements")), NULL);
		for (int k = 0; k < c->n; k++)
			worksheet_write_number(ws, r, (lxw_col_t)(col + k),
					       major(json_object_get(row, "values"), c->code[k]), NULL);
		r++;
	}
	worksheet_freeze_panes(ws, 1, 0);
	worksheet_autofilter(ws, 0, 0, r - 1, (lxw_col_t)(n_heads + c->n - 1));
}

int xlsx_portfolio_write(json_t *doc, enum lang lang, const char *path,
			 struct error *err)
{
	static const char *const ko[] = { "연도별", "지역별", "국가별", "상태별" };
	static const char *const en[] = { "By year", "By province", "By country", "By status" };
	const char *heads[] = { lang == LANG_KO ? "구분" : "Group",
				lang == LANG_KO ? "사절단" : "Missions",
				lang == LANG_KO ? "행사" : "Events",
				lang == LANG_KO ? "협약" : "Agreements" };
	const char *mheads[] = { lang == LANG_KO ? "첫날" : "First day",
				 lang == LANG_KO ? "사절단" : "Mission",
				 lang == LANG_KO ? "행사" : "Events",
				 lang == LANG_KO ? "협약" : "Agreements" };
	struct currencies c = { .n = 0 };
	lxw_workbook *wb = workbook_new(path);
	lxw_format *bold;
	json_t *t, *row;
	size_t i, j;
	lxw_error rc;

	if (wb == NULL)
		return error_set(err, ERROR_IO, "%s: cannot create the workbook", path);
	bold = workbook_add_format(wb);
	format_set_bold(bold);
	json_array_foreach(json_object_get(doc, "tables"), i, t)
		json_array_foreach(json_object_get(t, "rows"), j, row)
			collect(&c, json_object_get(row, "values"));
	json_array_foreach(json_object_get(doc, "tables"), i, t)
		if (i < 4)
			sheet(wb, bold, lang == LANG_KO ? ko[i] : en[i], heads, 4,
			      json_object_get(t, "rows"), &c, lang, false);
	sheet(wb, bold, lang == LANG_KO ? "사절단" : "Missions", mheads, 4,
	      json_object_get(doc, "missions"), &c, lang, true);
	if ((rc = workbook_close(wb)) != LXW_NO_ERROR)
		return error_set(err, ERROR_IO, "%s: %s", path, lxw_strerror(rc));
	return 0;
}
