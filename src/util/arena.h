/* arena.h: a bump allocator whose memory is released all at once.
 *
 * A loaded mission, a parsed bundle or a request owns one arena; every
 * string and array hanging off it lives there and is freed with
 * arena_free().  When memory or the arena's ceiling runs out, allocation
 * returns NULL and the arena stays failed (every later allocation returns
 * NULL too, and arena_failed() says so): every caller checks the pointer
 * it got, or arena_failed() before it writes through any of them.  There
 * is no scratch block to write into by mistake.
 */
#ifndef PAVILION_UTIL_ARENA_H
#define PAVILION_UTIL_ARENA_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

/* limit: the most bytes the arena may hold (0: ARENA_DEFAULT_LIMIT). */
struct arena *arena_new(size_t limit);
void arena_free(struct arena *a);

#define ARENA_DEFAULT_LIMIT ((size_t)4 << 30)

/* NULL on failure; arena_strdup(a, NULL) is NULL as well. */
void *arena_alloc(struct arena *a, size_t size);     /* zeroed */
void *arena_array(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);  /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool arena_failed(const struct arena *a);
size_t arena_used(const struct arena *a);

#endif
