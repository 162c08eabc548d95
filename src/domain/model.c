/* model.c: bundle lifetime and bilingual text lookup. */
#include "domain/model.h"

#include <stdlib.h>

#include "util/arena.h"

struct bundle *bundle_new(void)
{
	struct arena *a = arena_new(0);
	struct bundle *b;

	if (a == NULL)
		return NULL;
	b = arena_alloc(a, sizeof *b);
	if (arena_failed(a)) {
		arena_free(a);
		return NULL;
	}
	b->arena = a;
	return b;
}

void bundle_free(struct bundle *b)
{
	if (b != NULL)
		arena_free(b->arena);
}

const char *text_get(struct text t, enum lang lang)
{
	const char *first = lang == LANG_KO ? t.ko : t.en;
	const char *second = lang == LANG_KO ? t.en : t.ko;

	if (first != NULL && first[0] != '\0')
		return first;
	if (second != NULL)
		return second;
	return "";
}

const struct consultation *agreement_consultation(const struct bundle *b,
						  const struct agreement *a)
{
	if (a->consultation < 0 || (size_t)a->consultation >= b->n_consultations)
		return NULL;
	return &b->consultations[a->consultation];
}
