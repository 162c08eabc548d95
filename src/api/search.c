/* search.c: GET /api/search?q=: names in Korean and English. */
#include <string.h>

#include "api/api.h"

#define SEARCH_QUERY_MAX 200

int api_search(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	const char *q = http_query(rq, "q"), *limit = http_query(rq, "limit");
	struct error err = { 0 };
	int64_t n = 20;
	json_t *out;

	if (q == NULL || q[0] == '\0' || strlen(q) > SEARCH_QUERY_MAX)
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL,
				    "q: give 1 to %d bytes of text to look for",
				    SEARCH_QUERY_MAX);
	if (limit && (!http_parse_id(limit, &n) || n > STORE_PAGE_MAX))
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL,
				    "limit: expected 1 to %d", STORE_PAGE_MAX);
	if (store_http(ar->store)->search(ar->store, q, (int)n, &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}
