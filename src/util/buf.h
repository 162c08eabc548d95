/* buf.h: a growable text buffer with a ceiling.
 *
 * Reports and exports are built in a buf and written once.  Appends past
 * the ceiling (or after an allocation failure) are dropped and remembered;
 * buf_failed() tells the writer the text is incomplete.
 */
#ifndef PAVILION_UTIL_BUF_H
#define PAVILION_UTIL_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct buf {
	char *data;     /* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
	size_t max;     /* 0: BUF_DEFAULT_MAX */
	bool failed;
};

#define BUF_DEFAULT_MAX ((size_t)1 << 30)

void buf_init(struct buf *b, size_t max);
void buf_free(struct buf *b);
void buf_add(struct buf *b, const char *s, size_t n);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Appends s padded with spaces to width display columns (Hangul and other
 * wide characters count two). */
void buf_pad(struct buf *b, const char *s, int width);
/* Display width of UTF-8 text in a terminal. */
int buf_text_width(const char *s);
const char *buf_str(const struct buf *b);  /* "" when empty */
/* Empties b, keeping its memory for reuse. */
void buf_clear(struct buf *b);

#endif
