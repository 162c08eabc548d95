/* pdf.h: the outcome report as a printable A4 PDF (cairo + pango).
 *
 * The text is the text report itself (report_render), so the PDF carries
 * exactly its figures; around it come a title block and two bar charts
 * (events and agreements by kind) drawn from outcome_compute().  Korean
 * is set in Noto Sans CJK KR and shaped by pango (HarfBuzz).
 */
#ifndef PAVILION_EXPORT_PDF_H
#define PAVILION_EXPORT_PDF_H

#include "domain/model.h"
#include "util/error.h"

#define PDF_FONT_FAMILY "Noto Sans CJK KR"

/* Writes the report of b (which must hold a mission) to path. */
int pdf_write_report(const struct bundle *b, enum lang lang, const char *path,
		     struct error *err);

/* Releases fontconfig's and pango's caches (for leak checkers). */
void pdf_cleanup(void);

#endif
