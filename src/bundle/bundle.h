/* bundle.h: missions in and out as JSON bundles (docs/bundle.md).
 *
 * A bundle is self-contained: every key it refers to is defined in it.
 * Reading validates everything a database constraint would and more
 * (zones, currencies, dates, enums, references, duplicate keys), so a
 * bundle that reads cleanly stores cleanly.
 */
#ifndef PAVILION_BUNDLE_BUNDLE_H
#define PAVILION_BUNDLE_BUNDLE_H

#include <stddef.h>

#include "domain/model.h"
#include "util/buf.h"
#include "util/error.h"

#define BUNDLE_FORMAT_VERSION 1
#define BUNDLE_FILE_MAX ((size_t)2 << 30)

/* Parses and validates the bundle in the file at path ("-" for standard
 * input).  On failure returns NULL with err naming the file, the JSON
 * path and the problem. */
struct bundle *bundle_read_file(const char *path, struct error *err);

/* The same for text already in memory; source names it in errors. */
struct bundle *bundle_read_text(const char *text, size_t len,
				const char *source, struct error *err);

/* Appends b as a bundle (pretty-printed, keys in a fixed order) to out. */
int bundle_write(const struct bundle *b, struct buf *out, struct error *err);

#endif
