/* store_http.c: the HTTP API's store operations of a backend. */
#include "store/store_http.h"

const struct store_http_ops *store_http(struct store *s)
{
	return s->ops->http;
}
