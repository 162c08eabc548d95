/* csv_write.c: the CSV writer (RFC 4180 quoting, CRLF line ends). */
#include "export/csv.h"

#include <stdbool.h>
#include <string.h>

void csv_write_bom(struct buf *out)
{
	buf_add(out, "\xef\xbb\xbf", 3);
}

/* Writes prefix and s as one field, quoted only when it holds a
 * separator, a quote, a line break or leading/trailing spaces Excel would
 * otherwise trim. */
static void write_field(struct buf *out, const char *prefix, const char *s,
			int first)
{
	size_t n;

	if (!first)
		buf_putc(out, ',');
	if (s == NULL)
		return;
	n = strlen(s);
	if (strpbrk(s, ",;\"\r\n\t") == NULL &&
	    (n == 0 || ((prefix[0] != '\0' || s[0] != ' ') && s[n - 1] != ' '))) {
		buf_puts(out, prefix);
		buf_add(out, s, n);
		return;
	}
	buf_putc(out, '"');
	buf_puts(out, prefix);
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
}

void csv_write_field(struct buf *out, const char *s, int first)
{
	write_field(out, "", s, first);
}

static bool formula_start(char c)
{
	return c != '\0' && strchr("=+-@\t\r", c) != NULL;
}

/* True when s is apostrophes followed by a formula character: the shape
 * that carries one extra apostrophe in a file. */
static bool needs_apostrophe(const char *s)
{
	while (*s == '\'')
		s++;
	return formula_start(*s);
}

void csv_write_value(struct buf *out, const char *s, int first)
{
	write_field(out, s != NULL && needs_apostrophe(s) ? "'" : "", s, first);
}

void csv_write_cell(struct buf *out, const char *s, int first)
{
	write_field(out, s != NULL && formula_start(s[0]) ? "'" : "", s, first);
}

char *csv_read_value(char *s)
{
	return s[0] == '\'' && needs_apostrophe(s) ? s + 1 : s;
}

void csv_write_end(struct buf *out)
{
	buf_add(out, "\r\n", 2);
}

void csv_write_record(struct buf *out, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csv_write_field(out, fields[i], i == 0);
	csv_write_end(out);
}
