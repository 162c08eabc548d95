/* ics_mission.c: a stored mission's calendar, meetings included. */
#include "export/ics.h"
#include "store/store_followup.h"
#include "store/store_http.h"
#include "util/arena.h"

#define MEETINGS_ARENA_MAX ((size_t)1 << 30)

/* The mission's unanswered follow-up surveys into opt, from a. */
static int load_surveys(struct store *s, int64_t mission, struct arena *a,
			struct ics_options *opt, struct error *err)
{
	struct ics_survey *list;
	json_t *doc = NULL, *items, *it;
	size_t i;
	int status;

	if ((status = store_followup(s)->mission_surveys(s, mission, &doc, err)))
		return status;
	items = json_object_get(doc, "items");
	list = arena_array(a, json_array_size(items) + 1, sizeof *list);
	if (list == NULL) {
		json_decref(doc);
		return error_set(err, ERROR_NOMEM, "out of memory");
	}
	json_array_foreach(items, i, it) {
		json_t *name = json_object_get(it, "organisation_name");

		list[i] = (struct ics_survey){
			.id = json_integer_value(json_object_get(it, "id")),
			.org_key = arena_strdup(a, json_string_value(
				json_object_get(it, "organisation_key"))),
			.org_name = { arena_strdup(a, json_string_value(
					      json_object_get(name, "ko"))),
				      arena_strdup(a, json_string_value(
					      json_object_get(name, "en"))) },
			.months = json_integer_value(json_object_get(it, "months")),
			.due_on = arena_strdup(a, json_string_value(
				json_object_get(it, "due_on"))),
		};
	}
	opt->surveys = list;
	opt->n_surveys = json_array_size(items);
	json_decref(doc);
	return 0;
}

int ics_render_mission(struct store *s, const char *mission,
		       struct ics_options *opt, struct buf *out,
		       struct error *err)
{
	struct bundle *b = NULL;
	struct arena *a = NULL;
	struct b2b_agenda_item *items = NULL;
	size_t n = 0;
	int status;

	if ((status = store_load_mission(s, mission, &b, err)) != 0)
		return status;
	if ((a = arena_new(MEETINGS_ARENA_MAX)) == NULL) {
		status = error_set(err, ERROR_NOMEM, "out of memory");
		goto done;
	}
	if ((status = store_http(s)->b2b_mission_agenda(s, b->mission->id, a,
							&items, &n, err)) != 0)
		goto done;
	opt->meetings = items;
	opt->n_meetings = n;
	if ((status = load_surveys(s, b->mission->id, a, opt, err)) != 0)
		goto done;
	status = ics_render(b, opt, out, err);
	opt->meetings = NULL;
	opt->n_meetings = 0;
	opt->surveys = NULL;
	opt->n_surveys = 0;
done:
	arena_free(a);
	bundle_free(b);
	return status;
}
