/* xlsx.c: the workbook writer.  Each sheet is a table: a bold frozen
 * header row, an autofilter over the data and fixed column widths.
 * Dates are real Excel dates in the local time of where things happened;
 * money is a number of major units in a "USD #,##0.00" style format, so
 * sums and filters work in Excel. */
#include "export/xlsx.h"

#include <stdio.h>
#include <string.h>

#include <xlsxwriter.h>

#include "domain/money.h"
#include "domain/outcome.h"
#include "domain/tz.h"
#include "util/buf.h"

#define XLSX_CURRENCIES_MAX 16
#define XLSX_CELL_MAX 32767   /* Excel's limit on the text of one cell */

struct column_spec {
	const char *ko;
	const char *en;
	double width;
};

struct book {
	lxw_workbook *wb;
	const struct bundle *b;
	enum lang lang;
	lxw_format *bold, *date, *datetime, *wrap;
	char currencies[XLSX_CURRENCIES_MAX][4];
	lxw_format *money[XLSX_CURRENCIES_MAX];
	int n_currencies;
};

struct sheet {
	struct book *bk;
	lxw_worksheet *ws;
	lxw_row_t row;
	lxw_col_t cols;
};

#define L(bk, ko, en) ((bk)->lang == LANG_KO ? (ko) : (en))

static void sheet_start(struct book *bk, struct sheet *sh, const char *ko,
			const char *en, const struct column_spec *cols,
			lxw_col_t n)
{
	sh->bk = bk;
	sh->ws = workbook_add_worksheet(bk->wb, L(bk, ko, en));
	sh->row = 0;
	sh->cols = n;
	for (lxw_col_t c = 0; c < n; c++) {
		worksheet_write_string(sh->ws, 0, c, L(bk, cols[c].ko, cols[c].en),
				       bk->bold);
		worksheet_set_column(sh->ws, c, c, cols[c].width, NULL);
	}
	worksheet_freeze_panes(sh->ws, 1, 0);
}

static void sheet_end(struct sheet *sh)
{
	worksheet_autofilter(sh->ws, 0, 0, sh->row, (lxw_col_t)(sh->cols - 1));
}

/* Text longer than a cell holds is cut at a character boundary. */
static void put_str(struct sheet *sh, lxw_col_t col, const char *s)
{
	char cut[XLSX_CELL_MAX + 1];
	size_t n;

	if (s == NULL || s[0] == '\0')
		return;
	n = strlen(s);
	if (n > XLSX_CELL_MAX) {
		n = XLSX_CELL_MAX;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		memcpy(cut, s, n);
		cut[n] = '\0';
		s = cut;
	}
	worksheet_write_string(sh->ws, sh->row, col, s,
			       strchr(s, '\n') ? sh->bk->wrap : NULL);
}

/* Empties a reused list buffer; buf_str() would still show the old text
 * if nothing were appended after setting len alone. */
static void list_reset(struct buf *b)
{
	b->len = 0;
	b->failed = false;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static void put_text(struct sheet *sh, lxw_col_t col, struct text t)
{
	put_str(sh, col, text_get(t, sh->bk->lang));
}

static void put_number(struct sheet *sh, lxw_col_t col, double v,
		       lxw_format *f)
{
	worksheet_write_number(sh->ws, sh->row, col, v, f);
}

/* A moment as a local Excel date (day-only) or date and time. */
static void put_moment(struct sheet *sh, lxw_col_t col, struct moment m,
		       const char *zone)
{
	struct civil c;
	lxw_datetime dt;

	if (m.precision == MOMENT_NONE || zone == NULL ||
	    !tz_to_civil(zone, m.utc, &c))
		return;
	dt = (lxw_datetime){ c.year, c.month, c.day, 0, 0, 0 };
	if (m.precision == MOMENT_TIME) {
		dt.hour = c.hour;
		dt.min = c.minute;
		dt.sec = c.second;
	}
	worksheet_write_datetime(sh->ws, sh->row, col, &dt,
				 m.precision == MOMENT_TIME ? sh->bk->datetime :
				 sh->bk->date);
}

/* The number format of a currency, made once per workbook. */
static lxw_format *money_format(struct book *bk, const char *currency)
{
	char spec[64];
	int digits;

	for (int i = 0; i < bk->n_currencies; i++)
		if (strcmp(bk->currencies[i], currency) == 0)
			return bk->money[i];
	if (bk->n_currencies == XLSX_CURRENCIES_MAX)
		return NULL;
	digits = money_fraction_digits(currency);
	snprintf(spec, sizeof spec, "\"%s\" #,##0%s%.*s", currency,
		 digits > 0 ? "." : "", digits > 0 ? digits : 0, "000000");
	bk->money[bk->n_currencies] = workbook_add_format(bk->wb);
	format_set_num_format(bk->money[bk->n_currencies], spec);
	memcpy(bk->currencies[bk->n_currencies], currency, 4);
	return bk->money[bk->n_currencies++];
}

static void put_money(struct sheet *sh, lxw_col_t col, struct money m)
{
	double scale = 1.0;

	for (int d = money_fraction_digits(m.currency); d > 0; d--)
		scale *= 10.0;
	put_number(sh, col, (double)m.minor / scale,
		   money_format(sh->bk, m.currency));
}

static void itinerary(struct book *bk)
{
	static const struct column_spec cols[] = {
		{ "도시", "City", 22 }, { "국가", "Country", 8 },
		{ "시간대", "Time zone", 22 }, { "도착", "Arrive", 18 },
		{ "출발", "Depart", 18 }, { "국내", "Home", 8 },
	};
	const struct bundle *b = bk->b;
	struct sheet sh;

	sheet_start(bk, &sh, "일정", "Itinerary", cols, 6);
	for (size_t i = 0; i < b->n_stops; i++) {
		const struct stop *s = &b->stops[i];

		sh.row++;
		put_text(&sh, 0, s->city);
		put_str(&sh, 1, s->country);
		put_str(&sh, 2, s->zone);
		put_moment(&sh, 3, s->arrive, s->zone);
		put_moment(&sh, 4, s->depart, s->zone);
		put_str(&sh, 5, s->home ? L(bk, "예", "yes") : "");
	}
	sheet_end(&sh);
}

static void events(struct book *bk)
{
	static const struct column_spec cols[] = {
		{ "시작", "Start", 18 }, { "종료", "End", 18 },
		{ "시간대", "Time zone", 22 }, { "종류", "Kind", 16 },
		{ "제목", "Title", 50 }, { "장소", "Place", 28 },
		{ "신청", "Registered", 10 }, { "참석", "Attended", 10 },
		{ "대략", "Approx.", 8 }, { "참가자", "Participants", 40 },
		{ "비고", "Notes", 50 },
	};
	const struct bundle *b = bk->b;
	struct sheet sh;
	struct buf who;

	sheet_start(bk, &sh, "행사·참석", "Events & attendance", cols, 11);
	buf_init(&who, XLSX_CELL_MAX);
	for (size_t i = 0; i < b->n_events; i++) {
		const struct event *e = &b->events[i];

		sh.row++;
		put_moment(&sh, 0, e->start, e->zone);
		put_moment(&sh, 1, e->end, e->zone);
		put_str(&sh, 2, e->zone);
		put_str(&sh, 3, enum_label(&enum_event_kind, (int)e->kind, bk->lang));
		put_text(&sh, 4, e->title);
		if (e->venue >= 0)
			put_text(&sh, 5, b->venues[e->venue].name);
		else if (e->stop >= 0)
			put_text(&sh, 5, b->stops[e->stop].city);
		if (e->attendance.registered >= 0)
			put_number(&sh, 6, (double)e->attendance.registered, NULL);
		if (e->attendance.attended >= 0)
			put_number(&sh, 7, (double)e->attendance.attended, NULL);
		put_str(&sh, 8, e->attendance.approximate ? "~" : "");
		list_reset(&who);
		for (size_t k = 0; k < e->n_participants; k++) {
			const struct participant *p = &e->participants[k];

			buf_puts(&who, k ? ", " : "");
			buf_puts(&who, p->person >= 0 ?
				 text_get(b->people[p->person].name, bk->lang) :
				 p->org >= 0 ? text_get(b->orgs[p->org].name, bk->lang) : "");
		}
		put_str(&sh, 9, buf_str(&who));
		put_text(&sh, 10, e->notes);
	}
	buf_free(&who);
	sheet_end(&sh);
}

static void organisations(struct book *bk)
{
	static const struct column_spec cols[] = {
		{ "키", "Key", 22 }, { "종류", "Kind", 16 },
		{ "이름", "Name (ko)", 30 }, { "영문 이름", "Name (en)", 40 },
		{ "국가", "Country", 8 }, { "도시", "City", 18 },
		{ "분야", "Sectors", 30 }, { "웹사이트", "Website", 30 },
	};
	const struct bundle *b = bk->b;
	struct sheet sh;
	struct buf list;

	sheet_start(bk, &sh, "기관", "Organisations", cols, 8);
	buf_init(&list, XLSX_CELL_MAX);
	for (size_t i = 0; i < b->n_orgs; i++) {
		const struct org *o = &b->orgs[i];

		sh.row++;
		put_str(&sh, 0, o->key);
		put_str(&sh, 1, enum_label(&enum_org_kind, (int)o->kind, bk->lang));
		put_str(&sh, 2, o->name.ko);
		put_str(&sh, 3, o->name.en);
		put_str(&sh, 4, o->country);
		put_text(&sh, 5, o->city);
		list_reset(&list);
		for (int s = 0; s < SECTOR_COUNT; s++)
			if (o->sectors & (1u << s))
				buf_printf(&list, "%s%s", list.len ? ", " : "",
					   enum_label(&enum_sector, s, bk->lang));
		put_str(&sh, 6, buf_str(&list));
		put_str(&sh, 7, o->website);
	}
	buf_free(&list);
	sheet_end(&sh);
}

static void agreements(struct book *bk)
{
	static const struct column_spec cols[] = {
		{ "키", "Key", 24 }, { "종류", "Kind", 12 },
		{ "제목", "Title", 46 }, { "체결일", "Signed on", 12 },
		{ "당사자", "Parties", 40 }, { "도의 역할", "Home role", 14 },
		{ "상태", "Status", 12 }, { "금액", "Value", 20 },
		{ "통화", "Currency", 8 }, { "이번 순방", "This mission", 10 },
	};
	const struct bundle *b = bk->b;
	struct sheet sh;
	struct buf list;

	sheet_start(bk, &sh, "협약", "Agreements", cols, 10);
	buf_init(&list, XLSX_CELL_MAX);
	for (size_t i = 0; i < b->n_agreements; i++) {
		const struct agreement *a = &b->agreements[i];

		sh.row++;
		put_str(&sh, 0, a->key);
		put_str(&sh, 1, enum_label(&enum_agreement_kind, (int)a->kind, bk->lang));
		put_text(&sh, 2, a->title);
		put_str(&sh, 3, a->signed_on);
		list_reset(&list);
		for (size_t k = 0; k < a->n_parties; k++)
			if (a->parties[k].org >= 0)
				buf_printf(&list, "%s%s", list.len ? ", " : "",
					   text_get(b->orgs[a->parties[k].org].name, bk->lang));
		put_str(&sh, 4, buf_str(&list));
		put_str(&sh, 5, enum_label(&enum_home_role, (int)a->home_role, bk->lang));
		put_str(&sh, 6, enum_label(&enum_agreement_status, (int)a->status,
					   bk->lang));
		if (a->has_value) {
			put_money(&sh, 7, a->value);
			put_str(&sh, 8, a->value.currency);
		}
		put_str(&sh, 9, a->in_mission ? L(bk, "예", "yes") : "");
	}
	buf_free(&list);
	sheet_end(&sh);
}

static void followups(struct book *bk)
{
	static const struct column_spec cols[] = {
		{ "협약", "Agreement", 40 }, { "내용", "Follow-up", 50 },
		{ "기한", "Due", 12 }, { "담당", "Owner", 20 },
		{ "완료", "Done", 12 },
	};
	const struct bundle *b = bk->b;
	struct sheet sh;

	sheet_start(bk, &sh, "후속 조치", "Follow-ups", cols, 5);
	for (size_t i = 0; i < b->n_agreements; i++) {
		const struct agreement *a = &b->agreements[i];

		for (size_t k = 0; k < a->n_followups; k++) {
			const struct followup *f = &a->followups[k];

			sh.row++;
			put_text(&sh, 0, a->title);
			put_text(&sh, 1, f->description);
			put_str(&sh, 2, f->due_on);
			if (f->owner >= 0)
				put_text(&sh, 3, b->people[f->owner].name);
			put_str(&sh, 4, f->done_on);
		}
	}
	sheet_end(&sh);
}

static void summary_row(struct sheet *sh, const char *label, double v)
{
	sh->row++;
	put_str(sh, 0, label);
	put_number(sh, 1, v, NULL);
}

/* The outcome figures, computed as the text report computes them. */
static int summary(struct book *bk, struct error *err)
{
	static const struct column_spec cols[] = {
		{ "항목", "Figure", 40 }, { "값", "Value", 22 },
	};
	struct outcome o;
	struct sheet sh;

	if (outcome_compute(bk->b, &o, err))
		return -1;
	sheet_start(bk, &sh, "성과 요약", "Outcome summary", cols, 2);
	if (o.span.known) {
		summary_row(&sh, L(bk, "박", "Nights"), o.span.nights);
		summary_row(&sh, L(bk, "일", "Days"), o.span.days);
	}
	summary_row(&sh, L(bk, "방문 도시", "Cities visited"), o.n_cities);
	summary_row(&sh, L(bk, "시간대", "Time zones"), o.n_zones);
	summary_row(&sh, L(bk, "체결 협약", "Agreements signed"), o.agreements);
	for (int k = 0; k < AGREEMENT_KIND_COUNT; k++)
		if (o.by_kind[k] > 0)
			summary_row(&sh, enum_label(&enum_agreement_kind, k, bk->lang),
				    o.by_kind[k]);
	summary_row(&sh, L(bk, "도가 당사자인 MOU", "MOUs signed by the home government"),
		    o.mous_party);
	summary_row(&sh, L(bk, "도가 지원·입회한 MOU", "MOUs facilitated or witnessed"),
		    o.mous_supported);
	for (int i = 0; i < o.n_totals; i++) {
		struct money m = { o.totals[i].minor, "" };

		memcpy(m.currency, o.totals[i].currency, 4);
		sh.row++;
		put_str(&sh, 0, L(bk, "계약·구매 금액", "Contracts and orders"));
		put_money(&sh, 1, m);
	}
	summary_row(&sh, L(bk, "공동관", "Joint pavilions"), o.pavilions);
	summary_row(&sh, L(bk, "공동관 참가기업", "Pavilion companies"),
		    o.pavilion_companies);
	summary_row(&sh, L(bk, "투자 설명회", "Investment events"),
		    o.investment_events);
	summary_row(&sh, L(bk, "투자 설명회 참석", "Investment event attendance"),
		    (double)o.investment_attendance);
	summary_row(&sh, L(bk, "정부·도시 예방", "Courtesy calls"), o.city_meetings);
	summary_row(&sh, L(bk, "기업 상담", "Corporate consultations"),
		    o.corporate_consultations);
	for (int k = 0; k < EVENT_KIND_COUNT; k++)
		if (o.events_by_kind[k] > 0)
			summary_row(&sh, enum_label(&enum_event_kind, k, bk->lang),
				    o.events_by_kind[k]);
	sheet_end(&sh);
	return 0;
}

int xlsx_write(const struct bundle *b, enum lang lang, const char *path,
	       struct error *err)
{
	struct book bk = { .b = b, .lang = lang };
	lxw_error rc;

	if (b->mission == NULL)
		return error_set(err, ERROR_INVALID, "a workbook needs a mission");
	bk.wb = workbook_new(path);
	if (bk.wb == NULL)
		return error_set(err, ERROR_IO, "%s: cannot create the workbook", path);
	bk.bold = workbook_add_format(bk.wb);
	format_set_bold(bk.bold);
	bk.date = workbook_add_format(bk.wb);
	format_set_num_format(bk.date, "yyyy-mm-dd");
	bk.datetime = workbook_add_format(bk.wb);
	format_set_num_format(bk.datetime, "yyyy-mm-dd hh:mm");
	bk.wrap = workbook_add_format(bk.wb);
	format_set_text_wrap(bk.wrap);
	workbook_set_properties(bk.wb, &(lxw_doc_properties){
		.title = (char *)text_get(b->mission->title, lang) });
	itinerary(&bk);
	events(&bk);
	organisations(&bk);
	agreements(&bk);
	followups(&bk);
	if (summary(&bk, err)) {
		workbook_close(bk.wb);
		remove(path);
		return err ? (int)err->code : ERROR_INVALID;
	}
	rc = workbook_close(bk.wb);
	if (rc != LXW_NO_ERROR) {
		remove(path);
		return error_set(err, ERROR_IO, "%s: %s", path, lxw_strerror(rc));
	}
	return 0;
}
