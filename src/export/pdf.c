/* pdf.c: the printable report.  Lines of the text report are laid out
 * one paragraph each: "■" lines become headings, "- " items bullets
 * indented by their depth, and paragraphs that do not fit move to the
 * next page.  Charts are plain bars with their counts written beside
 * them, so they read the same on paper in black and white. */
#include "export/pdf.h"

#include <stdio.h>
#include <string.h>

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "domain/outcome.h"
#include "report/report.h"
#include "util/buf.h"

#define A4_WIDTH 595.276
#define A4_HEIGHT 841.890
#define MARGIN 50.0
#define BODY_WIDTH (A4_WIDTH - 2 * MARGIN)
#define PDF_LINE_MAX 4096   /* bytes of one report line laid out at once */

struct page {
	cairo_surface_t *surface;
	cairo_t *cr;
	PangoLayout *layout;
	enum lang lang;
	double y;
	int number;
};

#define L(pg, ko, en) ((pg)->lang == LANG_KO ? (ko) : (en))

static void set_font(struct page *pg, double size, bool bold)
{
	PangoFontDescription *fd = pango_font_description_new();

	pango_font_description_set_family(fd, PDF_FONT_FAMILY);
	pango_font_description_set_absolute_size(fd, size * PANGO_SCALE);
	pango_font_description_set_weight(fd, bold ? PANGO_WEIGHT_BOLD :
					  PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(pg->layout, fd);
	pango_font_description_free(fd);
}

static void footer(struct page *pg)
{
	char n[32];
	int w, h;

	snprintf(n, sizeof n, "%d", pg->number);
	set_font(pg, 8, false);
	pango_layout_set_width(pg->layout, -1);
	pango_layout_set_text(pg->layout, n, -1);
	pango_layout_get_size(pg->layout, &w, &h);
	cairo_move_to(pg->cr, (A4_WIDTH - (double)w / PANGO_SCALE) / 2,
		      A4_HEIGHT - MARGIN / 2 - (double)h / PANGO_SCALE);
	pango_cairo_show_layout(pg->cr, pg->layout);
}

static void new_page(struct page *pg)
{
	footer(pg);
	cairo_show_page(pg->cr);
	pg->number++;
	pg->y = MARGIN;
}

/* Lays out text at indent with the given font, breaking the page first
 * when it does not fit; returns the height used. */
static double paragraph(struct page *pg, const char *text, double indent,
			double size, bool bold, double space_before)
{
	int w, h;
	double height;

	for (int pass = 0; pass < 2; pass++) {
		set_font(pg, size, bold);
		pango_layout_set_width(pg->layout,
				       (int)((BODY_WIDTH - indent) * PANGO_SCALE));
		pango_layout_set_wrap(pg->layout, PANGO_WRAP_WORD_CHAR);
		pango_layout_set_text(pg->layout, text, -1);
		pango_layout_get_size(pg->layout, &w, &h);
		height = (double)h / PANGO_SCALE;
		if (pass == 0 && pg->y > MARGIN)
			pg->y += space_before;
		if (pass == 1 || pg->y + height <= A4_HEIGHT - MARGIN)
			break;
		new_page(pg);   /* which sets the footer in the layout: redo */
	}
	cairo_move_to(pg->cr, MARGIN + indent, pg->y);
	pango_cairo_show_layout(pg->cr, pg->layout);
	pg->y += height;
	return height;
}

/* A horizontal bar chart of counts by label; zero rows are left out.
 * Returns the height it took. */
static double bar_chart(struct page *pg, double x, double width,
		      const char *title, const struct enum_table *t,
		      const int *counts, int n)
{
	double y = pg->y, label_w = width * 0.55, bar_max = width - label_w - 24;
	int max = 1, rows = 0;

	for (int i = 0; i < n; i++) {
		if (counts[i] > max)
			max = counts[i];
		rows += counts[i] > 0;
	}
	set_font(pg, 10, true);
	pango_layout_set_width(pg->layout, (int)(width * PANGO_SCALE));
	pango_layout_set_text(pg->layout, title, -1);
	cairo_move_to(pg->cr, x, y);
	pango_cairo_show_layout(pg->cr, pg->layout);
	y += 18;
	if (rows == 0) {
		set_font(pg, 8.5, false);
		pango_layout_set_text(pg->layout, L(pg, "없음", "none"), -1);
		cairo_move_to(pg->cr, x, y);
		pango_cairo_show_layout(pg->cr, pg->layout);
		return y + 15 - pg->y;
	}
	for (int i = 0; i < n; i++) {
		char count[16];
		double bar;

		if (counts[i] <= 0)
			continue;
		set_font(pg, 8.5, false);
		pango_layout_set_width(pg->layout, (int)((label_w - 6) * PANGO_SCALE));
		pango_layout_set_ellipsize(pg->layout, PANGO_ELLIPSIZE_END);
		pango_layout_set_text(pg->layout, enum_label(t, i, pg->lang), -1);
		cairo_move_to(pg->cr, x, y);
		pango_cairo_show_layout(pg->cr, pg->layout);
		pango_layout_set_ellipsize(pg->layout, PANGO_ELLIPSIZE_NONE);
		bar = bar_max * counts[i] / max;
		cairo_set_source_rgb(pg->cr, 0.18, 0.40, 0.66);
		cairo_rectangle(pg->cr, x + label_w, y + 2, bar, 10);
		cairo_fill(pg->cr);
		cairo_set_source_rgb(pg->cr, 0, 0, 0);
		snprintf(count, sizeof count, "%d", counts[i]);
		pango_layout_set_width(pg->layout, -1);
		pango_layout_set_text(pg->layout, count, -1);
		cairo_move_to(pg->cr, x + label_w + bar + 4, y);
		pango_cairo_show_layout(pg->cr, pg->layout);
		y += 15;
	}
	return y - pg->y;
}

static void charts(struct page *pg, const struct outcome *o)
{
	double half = (BODY_WIDTH - 20) / 2, left, right;

	pg->y += 14;
	left = bar_chart(pg, MARGIN, half, L(pg, "종류별 일정", "Events by kind"),
			 &enum_event_kind, o->events_by_kind, EVENT_KIND_COUNT);
	right = bar_chart(pg, MARGIN + half + 20, half,
			  L(pg, "종류별 체결 협약", "Agreements signed by kind"),
			  &enum_agreement_kind, o->by_kind, AGREEMENT_KIND_COUNT);
	pg->y += (left > right ? left : right) + 6;
}

/* Sets the report text: the first line as the title, the lines up to the
 * first blank one as the header, then headings and bullets; the charts
 * go after the header. */
static void body(struct page *pg, const char *text, const struct outcome *o)
{
	char line[PDF_LINE_MAX];
	bool header = true, first = true;

	while (*text != '\0') {
		const char *nl = strchr(text, '\n');
		size_t n = nl ? (size_t)(nl - text) : strlen(text);
		size_t depth = 0;

		if (n >= sizeof line)
			n = sizeof line - 1;   /* defensive: report lines are short */
		memcpy(line, text, n);
		line[n] = '\0';
		text = nl ? nl + 1 : text + strlen(text);
		if (first) {
			paragraph(pg, line, 0, 17, true, 0);
			pg->y += 6;
			first = false;
		} else if (line[0] == '\0') {
			if (header) {
				charts(pg, o);
				header = false;
			}
		} else if (header) {
			paragraph(pg, line, 0, 9.5, false, 1.5);
		} else if (strncmp(line, "■", strlen("■")) == 0 || line[0] == '#') {
			paragraph(pg, line, 0, 12.5, true, 12);
		} else {
			while (line[depth] == ' ')
				depth++;
			if (line[depth] == '-' && line[depth + 1] == ' ') {
				char bullet[PDF_LINE_MAX + 8];

				snprintf(bullet, sizeof bullet, "•  %s", line + depth + 2);
				paragraph(pg, bullet, 6.0 * (double)depth, 9.5, false, 2.5);
			} else {
				paragraph(pg, line + depth, 6.0 * (double)depth, 9.5, false, 2.5);
			}
		}
	}
	if (header)
		charts(pg, o);
}

int pdf_write_report(const struct bundle *b, enum lang lang, const char *path,
		     struct error *err)
{
	struct page pg = { .lang = lang, .y = MARGIN, .number = 1 };
	struct outcome o;
	struct buf text;
	cairo_status_t status;
	int rc;

	if (b->mission == NULL)
		return error_set(err, ERROR_INVALID, "a report needs a mission");
	if (outcome_compute(b, &o, err))
		return err ? (int)err->code : ERROR_INVALID;
	buf_init(&text, 0);
	if ((rc = report_render(b, lang, REPORT_TEXT, &text, err)) != 0) {
		buf_free(&text);
		return rc;
	}
	pg.surface = cairo_pdf_surface_create(path, A4_WIDTH, A4_HEIGHT);
	cairo_pdf_surface_set_metadata(pg.surface, CAIRO_PDF_METADATA_TITLE,
				       text_get(b->mission->title, lang));
	cairo_pdf_surface_set_metadata(pg.surface, CAIRO_PDF_METADATA_CREATOR,
				       "Pavilion");
	pg.cr = cairo_create(pg.surface);
	pg.layout = pango_cairo_create_layout(pg.cr);
	pango_context_set_language(pango_layout_get_context(pg.layout),
				   pango_language_from_string(lang == LANG_KO ?
							      "ko" : "en"));
	cairo_set_source_rgb(pg.cr, 0, 0, 0);
	body(&pg, buf_str(&text), &o);
	footer(&pg);
	cairo_show_page(pg.cr);
	g_object_unref(pg.layout);
	cairo_destroy(pg.cr);
	cairo_surface_finish(pg.surface);
	status = cairo_surface_status(pg.surface);
	cairo_surface_destroy(pg.surface);
	buf_free(&text);
	if (status != CAIRO_STATUS_SUCCESS) {
		remove(path);
		return error_set(err, ERROR_IO, "%s: %s", path,
				 cairo_status_to_string(status));
	}
	return 0;
}

void pdf_cleanup(void)
{
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
}
