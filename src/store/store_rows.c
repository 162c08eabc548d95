/* store_rows.c: the calls of store_rows.h through store_ops. */
#include "store/store_rows.h"

int store_import_rows(struct store *s, const struct store_rows_import *im,
		      struct store_rows_stats *stats, struct error *err)
{
	if (s->ops->import_rows == NULL)
		return error_set(err, ERROR_INTERNAL,
				 "the %s store cannot import rows", s->ops->name);
	return s->ops->import_rows(s, im, stats, err);
}

int store_export_rows(struct store *s, enum store_kind kind,
		      const char *mission,
		      int (*fn)(const struct store_import_row *row, void *ctx),
		      void *ctx, struct error *err)
{
	if (s->ops->export_rows == NULL)
		return error_set(err, ERROR_INTERNAL,
				 "the %s store cannot export rows", s->ops->name);
	return s->ops->export_rows(s, kind, mission, fn, ctx, err);
}
