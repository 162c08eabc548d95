/* csv_read.c: the CSV reader: encoding, separator, records.
 *
 * Text is split in place: fields are unquoted into the same buffer (never
 * longer than the source) and NUL-terminated, so a million rows cost no
 * allocation after the first.  A UTF-8 file is checked in one pass, then
 * read a window at a time (grown while a record does not fit), so memory
 * does not follow the file's size; CP949, EUC-KR and standard input are
 * read whole and converted to UTF-8 once.
 */
#include "export/csv.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/ustring.h>

/* A UTF-8 file is read a window at a time; the window starts at this
 * size and doubles while one record does not fit in it. */
#define CSV_WINDOW ((size_t)64 << 10)

struct csv_reader {
	char *buffer;        /* what to free: text, or the block text is in */
	char *text;          /* UTF-8, NUL-terminated, split in place */
	size_t len;
	size_t pos;
	long line;
	char separator;
	enum csv_encoding encoding;
	char source[256];
	/* Streaming: text is a window of file, of cap bytes plus the NUL. */
	FILE *file;          /* NULL when text holds the whole input */
	size_t cap;
	bool eof;            /* the window holds the end of the file */
};

static const struct {
	const char *name;
	enum csv_encoding encoding;
} encoding_names[] = {
	{ "utf-8", CSV_ENCODING_UTF8 }, { "utf8", CSV_ENCODING_UTF8 },
	{ "cp949", CSV_ENCODING_CP949 }, { "windows-949", CSV_ENCODING_CP949 },
	{ "uhc", CSV_ENCODING_CP949 }, { "euc-kr", CSV_ENCODING_EUC_KR },
	{ "euckr", CSV_ENCODING_EUC_KR }, { "auto", CSV_ENCODING_AUTO },
};

int csv_encoding_parse(const char *name)
{
	for (size_t i = 0; i < sizeof encoding_names / sizeof encoding_names[0]; i++)
		if (strcasecmp(name, encoding_names[i].name) == 0)
			return (int)encoding_names[i].encoding;
	return -1;
}

const char *csv_encoding_name(enum csv_encoding e)
{
	switch (e) {
	case CSV_ENCODING_UTF8: return "utf-8";
	case CSV_ENCODING_CP949: return "cp949";
	case CSV_ENCODING_EUC_KR: return "euc-kr";
	default: return "auto";
	}
}

enum csv_encoding csv_reader_encoding(const struct csv_reader *r)
{
	return r->encoding;
}

char csv_reader_separator(const struct csv_reader *r)
{
	return r->separator;
}

/* The 1-based line of byte offset in data; CP949 trail bytes are never
 * 0x0A, so counting newline bytes is right for every encoding we read. */
static long line_of(const char *data, size_t offset)
{
	long line = 1;

	for (size_t i = 0; i < offset; i++)
		line += data[i] == '\n';
	return line;
}

/* Offset of the first byte that is not well-formed UTF-8 (overlongs,
 * surrogates and values past U+10FFFF included), or len when all are. */
static size_t utf8_invalid_at(const unsigned char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		unsigned c = s[i];
		size_t n;
		unsigned min, cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) { n = 1; min = 0x80; cp = c & 0x1f; }
		else if (c >= 0xe0 && c <= 0xef) { n = 2; min = 0x800; cp = c & 0x0f; }
		else if (c >= 0xf0 && c <= 0xf4) { n = 3; min = 0x10000; cp = c & 0x07; }
		else return i;
		if (len - i <= n)
			return i;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return i;
		i += n + 1;
	}
	return len;
}

/* Offset of the first byte that breaks EUC-KR's pairs of 0xA1-0xFE (ICU's
 * EUC-KR converter would read CP949's extra Hangul as C1 controls), or
 * len when all are fine. */
static size_t euc_kr_invalid_at(const unsigned char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (s[i] < 0x80)
			continue;
		if (s[i] < 0xa1 || s[i] == 0xff || i + 1 == len ||
		    s[i + 1] < 0xa1 || s[i + 1] == 0xff)
			return i;
		i++;
	}
	return len;
}

/* Converts CP949 or EUC-KR to UTF-8 through ICU, stopping at the first
 * byte sequence the code page does not define. */
static int convert_korean(struct csv_reader *r, const char *data, size_t len,
			  struct error *err)
{
	const char *name = r->encoding == CSV_ENCODING_EUC_KR ? "EUC-KR" :
		"windows-949-2000";
	UErrorCode status = U_ZERO_ERROR;
	UConverter *from = ucnv_open(name, &status);
	UChar *wide = NULL;
	const char *src = data;
	UChar *dst;
	int32_t out_len;
	int rc = 0;

	if (U_FAILURE(status))
		return error_set(err, ERROR_INTERNAL, "%s: no %s converter: %s",
				 r->source, name, u_errorName(status));
	if (r->encoding == CSV_ENCODING_EUC_KR) {
		size_t bad = euc_kr_invalid_at((const unsigned char *)data, len);

		if (bad != len) {
			ucnv_close(from);
			return error_set(err, ERROR_INVALID,
					 "%s: line %ld: byte 0x%02X is not EUC-KR (try --encoding cp949)",
					 r->source, line_of(data, bad),
					 (unsigned)(unsigned char)data[bad]);
		}
	}
	ucnv_setToUCallBack(from, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL,
			    &status);
	/* One UTF-16 unit per byte at most; three UTF-8 bytes per unit. */
	if (len > (size_t)INT32_MAX / 3 ||
	    (wide = malloc((len + 1) * sizeof *wide)) == NULL) {
		ucnv_close(from);
		return error_set(err, ERROR_NOMEM, "%s: out of memory", r->source);
	}
	dst = wide;
	ucnv_toUnicode(from, &dst, wide + len + 1, &src, data + len, NULL, 1,
		       &status);
	if (U_FAILURE(status)) {
		size_t at = (size_t)(src - data);
		long line = line_of(data, at > 0 ? at - 1 : 0);

		rc = error_set(err, ERROR_INVALID,
			       "%s: line %ld: bytes that are not %s near offset %zu",
			       r->source, line, csv_encoding_name(r->encoding),
			       at);
		goto done;
	}
	status = U_ZERO_ERROR;
	r->buffer = r->text = malloc((size_t)(dst - wide) * 3 + 1);
	if (r->text == NULL) {
		rc = error_set(err, ERROR_NOMEM, "%s: out of memory", r->source);
		goto done;
	}
	u_strToUTF8(r->text, (int32_t)((dst - wide) * 3 + 1), &out_len, wide,
		    (int32_t)(dst - wide), &status);
	if (U_FAILURE(status)) {
		rc = error_set(err, ERROR_INTERNAL, "%s: UTF-8 conversion: %s",
			       r->source, u_errorName(status));
		goto done;
	}
	r->len = (size_t)out_len;
	r->text[r->len] = '\0';
done:
	free(wide);
	ucnv_close(from);
	return rc;
}

/* The separator is whichever of ',', ';' and tab the header line holds
 * most often (outside quotes); a one-column file gets ','. */
static char guess_separator(const char *s, size_t len)
{
	size_t comma = 0, semicolon = 0, tab = 0;
	bool quoted = false;

	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '"')
			quoted = !quoted;
		else if (quoted)
			continue;
		else if (c == '\n' || c == '\r')
			break;
		else if (c == ',')
			comma++;
		else if (c == ';')
			semicolon++;
		else if (c == '\t')
			tab++;
	}
	if (tab > comma && tab >= semicolon)
		return '\t';
	if (semicolon > comma)
		return ';';
	return ',';
}

/* The reader of data, a block of len bytes plus one that it takes over
 * (freeing it on failure too): UTF-8 text is split where it lies, so a
 * file costs its own size once, not twice; other encodings are converted
 * into a new block and data is freed. */
static struct csv_reader *reader_take(char *data, size_t len,
				      enum csv_encoding encoding,
				      const char *source, struct error *err)
{
	struct csv_reader *r;
	const char *nul;
	size_t skip = 0, bad;

	if (len > CSV_FILE_MAX) {
		error_set(err, ERROR_NOMEM, "%s: larger than %zu bytes", source,
			  CSV_FILE_MAX);
		free(data);
		return NULL;
	}
	r = calloc(1, sizeof *r);
	if (r == NULL) {
		error_set(err, ERROR_NOMEM, "%s: out of memory", source);
		free(data);
		return NULL;
	}
	snprintf(r->source, sizeof r->source, "%s", source);
	r->line = 1;
	if (len >= 2 && ((data[0] == '\xff' && data[1] == '\xfe') ||
			 (data[0] == '\xfe' && data[1] == '\xff'))) {
		error_set(err, ERROR_INVALID,
			  "%s: UTF-16 text; save it as \"CSV UTF-8\" instead", source);
		goto fail;
	}
	if ((nul = memchr(data, '\0', len)) != NULL) {
		error_set(err, ERROR_INVALID, "%s: line %ld: a NUL byte (not a text file?)",
			  source, line_of(data, (size_t)(nul - data)));
		goto fail;
	}
	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		skip = 3;
		if (encoding == CSV_ENCODING_AUTO)
			encoding = CSV_ENCODING_UTF8;
	}
	/* One pass decides between UTF-8 and CP949 and finds the bad byte. */
	bad = encoding == CSV_ENCODING_AUTO || encoding == CSV_ENCODING_UTF8 ?
		utf8_invalid_at((const unsigned char *)data + skip, len - skip) :
		len - skip;
	if (encoding == CSV_ENCODING_AUTO)
		encoding = bad == len - skip ? CSV_ENCODING_UTF8 : CSV_ENCODING_CP949;
	r->encoding = encoding;
	if (encoding == CSV_ENCODING_UTF8) {
		if (bad != len - skip) {
			error_set(err, ERROR_INVALID,
				  "%s: line %ld: byte 0x%02X is not UTF-8 (try --encoding cp949)",
				  source, line_of(data + skip, bad),
				  (unsigned)(unsigned char)data[skip + bad]);
			goto fail;
		}
		r->buffer = data;
		r->text = data + skip;
		r->len = len - skip;
		r->text[r->len] = '\0';
		data = NULL;
	} else if (convert_korean(r, data + skip, len - skip, err)) {
		goto fail;
	}
	free(data);
	r->separator = guess_separator(r->text, r->len);
	return r;
fail:
	free(data);
	csv_reader_free(r);
	return NULL;
}

struct csv_reader *csv_reader_new(const char *data, size_t len,
				  enum csv_encoding encoding,
				  const char *source, struct error *err)
{
	char *copy;

	if (len > CSV_FILE_MAX) {
		error_set(err, ERROR_NOMEM, "%s: larger than %zu bytes", source,
			  CSV_FILE_MAX);
		return NULL;
	}
	if ((copy = malloc(len + 1)) == NULL) {
		error_set(err, ERROR_NOMEM, "%s: out of memory", source);
		return NULL;
	}
	memcpy(copy, data, len);
	return reader_take(copy, len, encoding, source, err);
}

void csv_reader_free(struct csv_reader *r)
{
	if (r == NULL)
		return;
	if (r->file != NULL)
		fclose(r->file);
	free(r->buffer);
	free(r);
}

/* Where the record starting at or after from (blank lines first) ends in
 * the window, past its line end and the byte after that (csv_next looks
 * at it to tell CR LF from CR); 0 when the window ends first and more of
 * the file is to come.  It follows csv_next's reading of quotes: a quote
 * opens only at the start of a field. */
static size_t record_end(const struct csv_reader *r, size_t from)
{
	const char *t = r->text;
	size_t p = from, len = r->len;

	while (p < len && (t[p] == '\n' || t[p] == '\r'))
		p++;
	for (;;) {
		if (p < len && t[p] == '"') {
			for (p++; ; p++) {
				if (p >= len)
					return r->eof ? len : 0;
				if (t[p] != '"')
					continue;
				if (p + 1 >= len)
					return r->eof ? len : 0;
				if (t[p + 1] != '"')
					break;
				p++;
			}
			p++;
		}
		while (p < len && t[p] != r->separator && t[p] != '\n' &&
		       t[p] != '\r')
			p++;
		if (p >= len)
			return r->eof ? len : 0;
		if (t[p] == r->separator) {
			p++;
			continue;
		}
		if (p + 2 > len)
			return r->eof ? len : 0;
		return p + 2;
	}
}

/* Reads on into the window: first moves what is left of it (from pos) to
 * its start, or doubles it when that is all of it.  The fields of records
 * before pos are gone afterwards. */
static int read_more(struct csv_reader *r, struct error *err)
{
	size_t n;

	if (r->pos > 0) {
		memmove(r->text, r->text + r->pos, r->len - r->pos);
		r->len -= r->pos;
		r->pos = 0;
	} else if (r->len == r->cap) {
		char *p;

		if (r->cap >= CSV_FILE_MAX)
			return error_set(err, ERROR_NOMEM,
					 "%s: line %ld: a record longer than %zu bytes",
					 r->source, r->line, CSV_FILE_MAX);
		if ((p = realloc(r->buffer, r->cap * 2 + 1)) == NULL)
			return error_set(err, ERROR_NOMEM, "%s: out of memory",
					 r->source);
		r->buffer = r->text = p;
		r->cap *= 2;
	}
	n = fread(r->text + r->len, 1, r->cap - r->len, r->file);
	if (n == 0 && ferror(r->file))
		return error_set(err, ERROR_IO, "%s: read failed: %m", r->source);
	r->eof = n == 0;
	r->len += n;
	r->text[r->len] = '\0';
	return 0;
}

/* Makes sure the next record lies whole in the window. */
static int fill_window(struct csv_reader *r, struct error *err)
{
	while (!r->eof && record_end(r, r->pos) == 0)
		if (read_more(r, err))
			return err ? (int)err->code : ERROR_IO;
	return 0;
}

/* Ends the field that runs from start to w and files it in rec. */
static int end_field(struct csv_reader *r, struct csv_record *rec,
		     size_t start, size_t w, struct error *err)
{
	if (w - start > CSV_FIELD_MAX)
		return error_set(err, ERROR_NOMEM,
				 "%s: line %ld: field %zu is longer than %zu bytes",
				 r->source, r->line, rec->n_fields + 1, CSV_FIELD_MAX);
	if (rec->n_fields == CSV_FIELDS_MAX)
		return error_set(err, ERROR_NOMEM,
				 "%s: line %ld: more than %d fields", r->source,
				 r->line, CSV_FIELDS_MAX);
	r->text[w] = '\0';
	rec->fields[rec->n_fields++] = r->text + start;
	return 0;
}

int csv_next(struct csv_reader *r, struct csv_record *rec, struct error *err)
{
	char *t;

	if (r->file != NULL && fill_window(r, err))
		return err ? (int)err->code : ERROR_IO;
	t = r->text;

	while (r->pos < r->len && (t[r->pos] == '\n' || t[r->pos] == '\r')) {
		if (t[r->pos] == '\n' ||
		    (r->pos + 1 < r->len && t[r->pos + 1] != '\n') ||
		    r->pos + 1 == r->len)
			r->line++;
		r->pos++;
	}
	if (r->pos >= r->len)
		return 0;
	rec->n_fields = 0;
	rec->line = r->line;
	for (;;) {
		size_t start = r->pos, w = r->pos;
		char c;

		if (t[r->pos] == '"') {
			long opened = r->line;

			r->pos++;
			for (;;) {
				if (r->pos >= r->len)
					return error_set(err, ERROR_INVALID,
							 "%s: line %ld: a quote opened here is never closed",
							 r->source, opened);
				c = t[r->pos];
				if (c == '"') {
					if (t[r->pos + 1] != '"') {
						r->pos++;
						break;
					}
					r->pos++;
				} else if (c == '\n') {
					r->line++;
				}
				t[w++] = c;
				r->pos++;
			}
			c = t[r->pos];
			if (r->pos < r->len && c != r->separator && c != '\n' &&
			    c != '\r')
				return error_set(err, ERROR_INVALID,
						 "%s: line %ld: field %zu: text after its closing quote",
						 r->source, r->line, rec->n_fields + 1);
		} else {
			while (r->pos < r->len && (c = t[r->pos]) != r->separator &&
			       c != '\n' && c != '\r')
				r->pos++;
			w = r->pos;
		}
		c = r->pos < r->len ? t[r->pos] : '\0';
		if (end_field(r, rec, start, w, err))
			return err ? (int)err->code : ERROR_INVALID;
		if (c == r->separator) {
			r->pos++;
			continue;
		}
		/* t[w] may have been the line end itself: decide on c. */
		if (c == '\r') {
			r->pos++;
			if (r->pos < r->len && t[r->pos] == '\n')
				r->pos++;
		} else if (c == '\n') {
			r->pos++;
		}
		if (c != '\0')
			r->line++;
		return 1;
	}
}

/* True when the rest of f is UTF-8 (a BOM allowed) without NUL bytes,
 * read a block at a time; anything else (CP949, UTF-16, a stray byte) is
 * left to reader_take, which reads the whole file and words the error. */
static bool file_is_utf8(FILE *f)
{
	char buf[CSV_WINDOW + 4];
	size_t carry = 0;

	for (;;) {
		size_t n = fread(buf + carry, 1, CSV_WINDOW, f), bad;
		bool end = n == 0;

		if (end && ferror(f))
			return false;
		n += carry;
		if (memchr(buf, '\0', n) != NULL)
			return false;
		bad = utf8_invalid_at((const unsigned char *)buf, n);
		/* A sequence cut by the block's end is checked with the next. */
		if (bad != n && (end || n - bad > 3))
			return false;
		carry = n - bad;
		memmove(buf, buf + bad, carry);
		if (end)
			return carry == 0;
	}
}

/* Whether s holds the end of its first line (quotes as guess_separator
 * reads them). */
static bool first_line_seen(const char *s, size_t len)
{
	bool quoted = false;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			quoted = !quoted;
		else if (!quoted && (s[i] == '\n' || s[i] == '\r'))
			return true;
	}
	return false;
}

/* A reader of the UTF-8 file f (checked by file_is_utf8, rewound) that
 * holds a window of it at a time instead of all of it; it owns f. */
static struct csv_reader *reader_stream(FILE *f, const char *path,
					struct error *err)
{
	struct csv_reader *r = calloc(1, sizeof *r);

	if (r == NULL || (r->buffer = malloc(CSV_WINDOW + 1)) == NULL) {
		free(r);
		fclose(f);
		error_set(err, ERROR_NOMEM, "%s: out of memory", path);
		return NULL;
	}
	snprintf(r->source, sizeof r->source, "%s", path);
	r->line = 1;
	r->encoding = CSV_ENCODING_UTF8;
	r->file = f;
	r->text = r->buffer;
	r->cap = CSV_WINDOW;
	r->text[0] = '\0';
	/* The header line decides the separator: have all of it. */
	do {
		if (read_more(r, err))
			goto fail;
	} while (!r->eof && !first_line_seen(r->text, r->len));
	if (r->len >= 3 && memcmp(r->text, "\xef\xbb\xbf", 3) == 0)
		r->pos = 3;
	r->separator = guess_separator(r->text + r->pos, r->len - r->pos);
	return r;
fail:
	csv_reader_free(r);
	return NULL;
}

struct csv_reader *csv_reader_open(const char *path, enum csv_encoding encoding,
				   struct error *err)
{
	bool is_stdin = strcmp(path, "-") == 0;
	FILE *f = is_stdin ? stdin : fopen(path, "rb");
	struct csv_reader *r = NULL;
	struct stat st;
	char *data = NULL;
	size_t len = 0, cap = 0;

	if (f == NULL) {
		error_set(err, ERROR_IO, "%s: cannot open: %m", path);
		return NULL;
	}
	/* A regular file is read into a block of its size (plus the NUL the
	 * reader adds), so it is never copied while growing. */
	if (fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode)) {
		if ((uintmax_t)st.st_size > CSV_FILE_MAX) {
			error_set(err, ERROR_NOMEM, "%s: larger than %zu bytes",
				  path, CSV_FILE_MAX);
			goto done;
		}
		cap = (size_t)st.st_size + 1;
		/* UTF-8, the usual case, is read a window at a time: the
		 * first pass only checks the encoding. */
		if (!is_stdin && (encoding == CSV_ENCODING_AUTO ||
				  encoding == CSV_ENCODING_UTF8)) {
			bool utf8 = file_is_utf8(f);

			if (fseek(f, 0, SEEK_SET) != 0) {
				error_set(err, ERROR_IO, "%s: cannot rewind: %m", path);
				goto done;
			}
			if (utf8)
				return reader_stream(f, path, err);
		}
	}
	if (cap == 0)
		cap = (size_t)1 << 16;
	if ((data = malloc(cap)) == NULL) {
		error_set(err, ERROR_NOMEM, "%s: out of memory", path);
		goto done;
	}
	for (;;) {
		size_t n;

		if (len + 1 == cap) {
			/* Full: grow only if there is more (a pipe, a file that grew). */
			int c = getc(f);
			char *p;

			if (c == EOF)
				break;
			if (cap > CSV_FILE_MAX) {
				error_set(err, ERROR_NOMEM, "%s: larger than %zu bytes",
					  path, CSV_FILE_MAX);
				goto done;
			}
			if ((p = realloc(data, cap * 2)) == NULL) {
				error_set(err, ERROR_NOMEM, "%s: out of memory", path);
				goto done;
			}
			data = p;
			cap *= 2;
			data[len++] = (char)c;
		}
		n = fread(data + len, 1, cap - 1 - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		error_set(err, ERROR_IO, "%s: read failed: %m", path);
		goto done;
	}
	r = reader_take(data, len, encoding, path, err);
	data = NULL;
done:
	free(data);
	if (!is_stdin)
		fclose(f);
	return r;
}
