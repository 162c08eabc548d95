/* stats.c: GET /api/stats, counts and values per currency computed in
 * the database, and the query-argument reader the cross-record listings
 * (listings.c) share with it. */
#include <string.h>

#include "api/api.h"
#include "report/format.h"

struct args_ctx {
	struct store_args *args;
	struct error *err;
};

static int add_arg(void *ctx, const char *name, const char *value)
{
	struct args_ctx *ac = ctx;

	if (store_arg(ac->args, name) != NULL)
		return error_set(ac->err, ERROR_USAGE, "%s: given twice", name);
	if (ac->args->n == STORE_ARGS_MAX)
		return error_set(ac->err, ERROR_USAGE, "too many query arguments");
	ac->args->name[ac->args->n] = name;
	ac->args->value[ac->args->n++] = value;
	return 0;
}

int api_args_read(struct http_request *rq, struct store_args *args,
		  struct error *err)
{
	struct args_ctx ac = { args, err };

	args->n = 0;
	return http_query_each(rq, add_arg, &ac) ? ERROR_USAGE : 0;
}

/* Countries are labelled here, where the language tables are. */
static void label_countries(json_t *rows)
{
	size_t i;
	json_t *row;

	json_array_foreach(rows, i, row) {
		const char *code = json_string_value(json_object_get(row, "key"));

		if (code)
			json_object_set_new(row, "label", fmt_country_text(code));
	}
}

int api_stats(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct store_args args;
	struct error err = { 0 };
	json_t *out = NULL;

	if (api_args_read(rq, &args, &err))
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL, "%s", err.message);
	if (store_http(ar->store)->stats(ar->store, &args, &ar->actor, &out, &err))
		return http_problem_error(rq, &err);
	if (strcmp(json_string_value(json_object_get(out, "group")), "country") == 0)
		label_countries(json_object_get(out, "rows"));
	http_reply_json_steal(rq, 200, out);
	return 0;
}
