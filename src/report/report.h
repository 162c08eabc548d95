/* report.h: a mission's outcome report in Korean or English, as text,
 * Markdown or JSON.  Every figure comes from outcome_compute(). */
#ifndef PAVILION_REPORT_REPORT_H
#define PAVILION_REPORT_REPORT_H

#include "domain/model.h"
#include "util/buf.h"
#include "util/error.h"

enum report_format { REPORT_TEXT, REPORT_MARKDOWN, REPORT_JSON };

/* "text", "markdown" or "json"; -1 otherwise. */
int report_format_parse(const char *s);

int report_render(const struct bundle *b, enum lang lang,
		  enum report_format format, struct buf *out, struct error *err);

#endif
