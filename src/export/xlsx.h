/* xlsx.h: a mission as an Excel workbook (libxlsxwriter).
 *
 * Sheets: itinerary, events and attendance, organisations, agreements
 * (values as numbers in their currency's format), follow-ups and the
 * outcome summary; each with a frozen header row, a filter and set column
 * widths, in the chosen language.
 */
#ifndef PAVILION_EXPORT_XLSX_H
#define PAVILION_EXPORT_XLSX_H

#include "domain/model.h"
#include "util/error.h"

/* Writes the workbook for b (which must hold a mission) to path. */
int xlsx_write(const struct bundle *b, enum lang lang, const char *path,
	       struct error *err);

/* Writes the portfolio of `pavilion portfolio` (its JSON document) as a
 * workbook: a sheet per table and one of the missions (xlsx_portfolio.c). */
#include <jansson.h>
int xlsx_portfolio_write(json_t *doc, enum lang lang, const char *path,
			 struct error *err);

#endif
