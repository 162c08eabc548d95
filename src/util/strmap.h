/* strmap.h: string keys to int values, open addressing, arena-backed.
 * Keys are not copied: they must outlive the map (arena strings do). */
#ifndef PAVILION_UTIL_STRMAP_H
#define PAVILION_UTIL_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

struct arena;

struct strmap {
	struct arena *arena;
	const char **keys;
	int *values;
	size_t cap;     /* a power of two */
	size_t count;
};

void strmap_init(struct strmap *m, struct arena *a);
/* Adds key -> value; false when the key is present already (the old
 * value stays) or memory ran out (arena_failed tells). */
bool strmap_put(struct strmap *m, const char *key, int value);
/* The value of key, or -1. */
int strmap_get(const struct strmap *m, const char *key);

#endif
