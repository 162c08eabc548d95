/* ics_mission.c: a stored mission's calendar, meetings included. */
#include "export/ics.h"
#include "store/store_http.h"
#include "util/arena.h"

#define MEETINGS_ARENA_MAX ((size_t)1 << 30)

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
	status = ics_render(b, opt, out, err);
	opt->meetings = NULL;
	opt->n_meetings = 0;
done:
	arena_free(a);
	bundle_free(b);
	return status;
}
