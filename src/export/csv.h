/* csv.h: comma-separated files as Excel writes and reads them.
 *
 * The reader takes a whole file in memory, finds its encoding (UTF-8 with
 * or without a BOM, or CP949/EUC-KR as Korean Excel saves it) and its
 * separator (',', ';' or tab, from the header line), converts it to UTF-8
 * once (UTF-8 input is used where it was read) and hands out records
 * whose fields point into that text.  Quoted
 * fields may hold separators, doubled quotes and line breaks.  Every
 * record knows the line it started on, so messages can say where.
 *
 * The writer quotes only what needs it and ends records with CRLF; a file
 * meant for Excel starts with csv_write_bom().
 */
#ifndef PAVILION_EXPORT_CSV_H
#define PAVILION_EXPORT_CSV_H

#include <stddef.h>

#include "util/buf.h"
#include "util/error.h"

#define CSV_FILE_MAX ((size_t)2 << 30)   /* bytes of one input file */
#define CSV_FIELDS_MAX 256               /* fields in one record */
#define CSV_FIELD_MAX ((size_t)64 << 10) /* bytes in one field */

enum csv_encoding {
	CSV_ENCODING_AUTO,   /* BOM, else valid UTF-8, else CP949 */
	CSV_ENCODING_UTF8,
	CSV_ENCODING_CP949,  /* Windows code page 949 (Unified Hangul Code) */
	CSV_ENCODING_EUC_KR, /* KS X 1001 only; CP949 is its superset */
};

/* "utf-8", "cp949", "euc-kr" (and a few spellings) to an encoding; -1
 * otherwise. */
int csv_encoding_parse(const char *name);
const char *csv_encoding_name(enum csv_encoding e);

struct csv_record {
	size_t n_fields;
	char *fields[CSV_FIELDS_MAX];  /* NUL-terminated UTF-8 */
	long line;                     /* line the record starts on (1-based) */
};

struct csv_reader;

/* Reads from data (len bytes, not kept).  source names the file in
 * messages.  NULL with err set when the encoding is wrong or memory runs
 * out. */
struct csv_reader *csv_reader_new(const char *data, size_t len,
				  enum csv_encoding encoding,
				  const char *source, struct error *err);
void csv_reader_free(struct csv_reader *r);   /* NULL is fine */

/* The same for the file at path ("-": standard input).  A regular file
 * that is UTF-8 is read a window at a time after one pass that checks
 * its encoding; other files and standard input are read whole. */
struct csv_reader *csv_reader_open(const char *path, enum csv_encoding encoding,
				   struct error *err);

/* The encoding and separator found (or forced). */
enum csv_encoding csv_reader_encoding(const struct csv_reader *r);
char csv_reader_separator(const struct csv_reader *r);

/* The next record: 1 with rec filled, 0 at the end, or an error code with
 * err naming the file and line (an unclosed quote, a field or record over
 * its limit).  Blank lines are skipped.  rec's fields stay valid until
 * the next call (a file read a window at a time reuses its text). */
int csv_next(struct csv_reader *r, struct csv_record *rec, struct error *err);

/* The writer. */
void csv_write_bom(struct buf *out);
void csv_write_field(struct buf *out, const char *s, int first);
void csv_write_end(struct buf *out);
void csv_write_record(struct buf *out, const char *const *fields, size_t n);

/* Formula injection.  A cell beginning with = + - @, a tab or a carriage
 * return is a formula to Excel and LibreOffice (a company named
 * =HYPERLINK(...) would run as one).  Exported values that begin with one
 * of those, after any apostrophes, get one more apostrophe in front
 * ("+82 2 123" is written '+82 2 123), which spreadsheets show as text;
 * importing removes one apostrophe from a cell of that shape, so an
 * export imports back unchanged.  A cell beginning with an apostrophe
 * and anything else is taken as it is. */
void csv_write_value(struct buf *out, const char *s, int first);
/* A cell as it was read (the rejects file): neutralised only when it
 * begins with one of those characters, so it imports as it did. */
void csv_write_cell(struct buf *out, const char *s, int first);
/* The value of a cell read from a file: s, or s + 1 (see above). */
char *csv_read_value(char *s);

#endif
