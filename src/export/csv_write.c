/* csv_write.c: the CSV writer (RFC 4180 quoting, CRLF line ends). */
#include "export/csv.h"

#include <string.h>

void csv_write_bom(struct buf *out)
{
	buf_add(out, "\xef\xbb\xbf", 3);
}

/* Quotes a field only when it holds a separator, a quote, a line break or
 * leading/trailing spaces Excel would otherwise trim. */
void csv_write_field(struct buf *out, const char *s, int first)
{
	size_t n;

	if (!first)
		buf_putc(out, ',');
	if (s == NULL)
		return;
	n = strlen(s);
	if (strpbrk(s, ",;\"\r\n\t") == NULL &&
	    (n == 0 || (s[0] != ' ' && s[n - 1] != ' '))) {
		buf_add(out, s, n);
		return;
	}
	buf_putc(out, '"');
	for (const char *p = s; *p != '\0'; p++) {
		if (*p == '"')
			buf_putc(out, '"');
		buf_putc(out, *p);
	}
	buf_putc(out, '"');
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
