/* store_http.c: the HTTP API's store operations of a backend. */
#include <string.h>

#include "store/store_http.h"

const struct store_http_ops *store_http(struct store *s)
{
	return s->ops->http;
}

const char *store_arg(const struct store_args *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->name[i], name) == 0)
			return a->value[i];
	return NULL;
}
