/* arena.c: chunked bump allocation with a ceiling. */
#include "util/arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK_MIN (64 * 1024)
#define CHUNK_MAX (4 * 1024 * 1024)
#define ALIGN 16

struct chunk {
	struct chunk *next;
	size_t size;
	size_t used;
	max_align_t data[];
};

struct arena {
	struct chunk *head;
	size_t limit;
	size_t total;
	bool failed;
};

struct arena *arena_new(size_t limit)
{
	struct arena *a = calloc(1, sizeof *a);

	if (a == NULL)
		return NULL;
	a->limit = limit ? limit : ARENA_DEFAULT_LIMIT;
	return a;
}

void arena_free(struct arena *a)
{
	struct chunk *c, *next;

	if (a == NULL)
		return;
	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

static void *fail(struct arena *a)
{
	a->failed = true;
	return NULL;
}

void *arena_alloc(struct arena *a, size_t size)
{
	struct chunk *c = a->head;
	size_t need = (size + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	void *p;

	if (a->failed || need < size)
		return fail(a);
	if (need == 0)
		need = ALIGN;
	if (c == NULL || c->size - c->used < need) {
		/* Chunks double up to CHUNK_MAX so large loads make few. */
		size_t csize = CHUNK_MIN;

		if (c != NULL)
			csize = c->size >= CHUNK_MAX ? CHUNK_MAX : c->size * 2;
		if (csize < need)
			csize = need;
		if (a->total > a->limit || csize > a->limit - a->total)
			return fail(a);
		c = malloc(sizeof *c + csize);
		if (c == NULL)
			return fail(a);
		c->size = csize;
		c->used = 0;
		c->next = a->head;
		a->head = c;
		a->total += csize;
	}
	p = (char *)c->data + c->used;
	c->used += need;
	memset(p, 0, size);
	return p;
}

void *arena_array(struct arena *a, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		return fail(a);
	return arena_alloc(a, n * size);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (s == NULL)
		return NULL;
	if (n == SIZE_MAX)
		return fail(a);
	p = arena_alloc(a, n + 1);
	if (p == NULL)
		return NULL;
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s == NULL ? NULL : arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return fail(a);
	p = arena_alloc(a, (size_t)n + 1);
	if (p == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

bool arena_failed(const struct arena *a)
{
	return a->failed;
}

size_t arena_used(const struct arena *a)
{
	return a->total;
}
