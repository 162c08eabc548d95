/* csv_rows.h: CSV files of organisations, people, events or agreements,
 * mapped to and from store rows (store/store_rows.h).
 *
 * The header row names the columns, in any order, in English
 * ("name_ko", "Name (ko)") or Korean ("이름"); docs/interop.md lists
 * them.  Each record becomes one row; a row that breaks a rule of the
 * model keeps the reason in row->invalid, naming the line and column, so
 * the store can reject it with the rest.
 */
#ifndef PAVILION_EXPORT_CSV_ROWS_H
#define PAVILION_EXPORT_CSV_ROWS_H

#include "export/csv.h"
#include "store/store_rows.h"

#define CSV_ROWS_MAX 50000000L   /* records in one import */

struct csv_rows;

/* The kind a CSV holds, by its name ("organisations", "people", "events",
 * "agreements" and their singulars); -1 for any other. */
int csv_rows_kind_parse(const char *name);
#define CSV_ROWS_KINDS "organisations, people, events or agreements"

/* Reads r's header and maps it for kind.  NULL with err naming the file
 * when a column is unknown, repeated or a required one is missing. */
struct csv_rows *csv_rows_new(struct csv_reader *r, enum store_kind kind,
			      const char *source, struct error *err);
void csv_rows_free(struct csv_rows *cr);   /* NULL is fine */

/* A store_row_next_fn over the remaining records (ctx: the csv_rows). */
int csv_rows_next(void *ctx, struct store_import_row *row, struct error *err);

/* The reject file: the input's header plus an "error" column, then each
 * rejected record (the current one) with its line and reason. */
void csv_rows_reject_header(const struct csv_rows *cr, struct buf *out);
void csv_rows_reject_record(const struct csv_rows *cr, struct buf *out,
			    long line, const char *why);

/* Export: the English header and one row of kind. */
void csv_rows_write_header(enum store_kind kind, struct buf *out);
void csv_rows_write(enum store_kind kind, const struct store_import_row *row,
		    struct buf *out);

#endif
