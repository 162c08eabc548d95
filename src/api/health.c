/* health.c: GET /api/health and GET /api/openapi.json (both public). */
#include "api/api.h"

int api_health(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct store_user u;
	struct error err = { 0 };
	int status = store_http(ar->store)->user_get(ar->store, "", -1, &u, &err);

	/* Any answer but a database failure means the store is reachable. */
	if (status != 0 && status != ERROR_NOT_FOUND)
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, json_pack("{ss ss}", "status", "ok",
						 "database", "ok"));
	return 0;
}

int api_openapi(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);

	http_reply_raw(rq, 200, "application/json", ar->ctx->openapi,
		       ar->ctx->openapi_len);
	return 0;
}
