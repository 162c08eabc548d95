/* sqlite_rows.h: the SQLite backend's row import and export
 * (store_rows.h), registered in sqlite_open.c's operations table. */
#ifndef PAVILION_STORE_SQLITE_ROWS_H
#define PAVILION_STORE_SQLITE_ROWS_H

#include "store/store_rows.h"

int sqlite_import_rows(struct store *s, const struct store_rows_import *im,
		       struct store_rows_stats *stats, struct error *err);
int sqlite_export_rows(struct store *s, enum store_kind kind,
		       const char *mission,
		       int (*fn)(const struct store_import_row *row, void *ctx),
		       void *ctx, struct error *err);

#endif
