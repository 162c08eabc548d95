/* arena.h: a bump allocator whose memory is released all at once.
 *
 * A loaded mission, a parsed bundle or a request owns one arena; every
 * string and array hanging off it lives there and is freed with
 * arena_free().  Allocation never returns NULL: when memory or the
 * arena's ceiling runs out the arena records the failure and returns a
 * pointer to a small static scratch area, and arena_failed() tells the
 * caller to give up.  This keeps the many small allocations in parsers
 * free of per-call checks while still failing cleanly.
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

void *arena_alloc(struct arena *a, size_t size);     /* zeroed */
void *arena_array(struct arena *a, size_t n, size_t size);
char *arena_strdup(struct arena *a, const char *s);  /* NULL stays NULL */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
bool arena_failed(const struct arena *a);
size_t arena_used(const struct arena *a);

#endif
