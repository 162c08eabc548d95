/* strmap.c: FNV-1a hashing with linear probing; grows at 50% load. */
#include "util/strmap.h"

#include <stdint.h>
#include <string.h>

#include "util/arena.h"

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	while (*s)
		h = (h ^ (unsigned char)*s++) * 1099511628211ULL;
	return h;
}

void strmap_init(struct strmap *m, struct arena *a)
{
	memset(m, 0, sizeof *m);
	m->arena = a;
}

static bool grow(struct strmap *m)
{
	size_t cap = m->cap ? m->cap * 2 : 64;
	const char **keys = arena_array(m->arena, cap, sizeof *keys);
	int *values = arena_array(m->arena, cap, sizeof *values);

	if (arena_failed(m->arena))
		return false;
	for (size_t i = 0; i < m->cap; i++) {
		size_t j;

		if (m->keys[i] == NULL)
			continue;
		for (j = hash(m->keys[i]) & (cap - 1); keys[j] != NULL;
		     j = (j + 1) & (cap - 1))
			;
		keys[j] = m->keys[i];
		values[j] = m->values[i];
	}
	m->keys = keys;
	m->values = values;
	m->cap = cap;
	return true;
}

bool strmap_put(struct strmap *m, const char *key, int value)
{
	size_t j;

	if ((m->count + 1) * 2 > m->cap && !grow(m))
		return false;
	for (j = hash(key) & (m->cap - 1); m->keys[j] != NULL;
	     j = (j + 1) & (m->cap - 1))
		if (strcmp(m->keys[j], key) == 0)
			return false;
	m->keys[j] = key;
	m->values[j] = value;
	m->count++;
	return true;
}

int strmap_get(const struct strmap *m, const char *key)
{
	if (m->cap == 0)
		return -1;
	for (size_t j = hash(key) & (m->cap - 1); m->keys[j] != NULL;
	     j = (j + 1) & (m->cap - 1))
		if (strcmp(m->keys[j], key) == 0)
			return m->values[j];
	return -1;
}
