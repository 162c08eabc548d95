/* report.c: GET /api/missions/{id}/report?lang=ko|en: the core outcome
 * report (report_render) as JSON. */
#include <inttypes.h>
#include <stdio.h>

#include "api/api.h"
#include "report/report.h"

int api_report(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	const char *lang_name = http_query(rq, "lang");
	int lang = lang_name ? lang_parse(lang_name) : LANG_EN;
	struct bundle *b = NULL;
	struct error err = { 0 };
	struct buf out;
	char id[24];

	if (lang < 0)
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL,
				    "lang: expected ko or en");
	snprintf(id, sizeof id, "%" PRId64, ar->id);
	if (store_load_mission(ar->store, id, &b, &err))
		return http_problem_error(rq, &err);
	buf_init(&out, HTTP_REPLY_MAX);
	if (report_render(b, (enum lang)lang, REPORT_JSON, &out, &err) != 0) {
		http_problem_error(rq, &err);
	} else {
		http_reply_raw(rq, 200, "application/json", buf_str(&out), out.len);
	}
	buf_free(&out);
	bundle_free(b);
	return 0;
}
