/* b2b_run.c: load, schedule, store and describe one run (b2b_run.h). */
#include <inttypes.h>
#include <stdio.h>

#include "b2b/b2b.h"
#include "b2b/b2b_run.h"
#include "util/arena.h"

#define RUN_ARENA_MAX ((size_t)1 << 30)

static json_t *left_json(const struct b2b_left *l)
{
	return json_pack("{sI sI ss s{ss ss} so}",
			 "a", (json_int_t)l->a, "b", (json_int_t)l->b,
			 "reason", b2b_reason_code(l->reason),
			 "reason_text",
			 "ko", b2b_reason_label(l->reason, LANG_KO),
			 "en", b2b_reason_label(l->reason, LANG_EN),
			 "organisation_id",
			 l->who ? json_integer(l->who) : json_null());
}

static json_t *stats_json(const struct sched_stats *s, size_t left)
{
	return json_pack("{sI sI sI sI sI sI sb ss sI sf}",
			 "requests", (json_int_t)s->requests,
			 "scheduled", (json_int_t)s->scheduled,
			 "left_out", (json_int_t)left,
			 "weight_total", (json_int_t)s->weight_total,
			 "weight_scheduled", (json_int_t)s->weight_scheduled,
			 "upper_bound", (json_int_t)s->upper_bound,
			 "optimal", s->optimal,
			 "bound_method",
			 sched_bound_method_name(s->bound_method),
			 "idle_gaps", (json_int_t)s->idle_gaps,
			 "seconds", s->seconds);
}

int b2b_run(struct store *s, int64_t event, const struct sched_options *opt,
	    const struct store_actor *who, pthread_mutex_t *save_lock,
	    json_t **out, struct error *err)
{
	const struct store_http_ops *ops = store_http(s);
	struct arena *a = arena_new(RUN_ARENA_MAX);
	struct b2b_event ev;
	struct b2b_result res;
	char summary[160];
	json_t *left;
	int status;

	*out = NULL;
	if (a == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if ((status = ops->b2b_load(s, event, a, &ev, err)) != 0 ||
	    (status = b2b_schedule(&ev, opt, a, &res, err)) != 0)
		goto done;
	snprintf(summary, sizeof summary,
		 "{\"scheduled\": %" PRId64 ", \"weight\": %" PRId64
		 ", \"upper_bound\": %" PRId64 ", \"optimal\": %s}",
		 res.stats.scheduled, res.stats.weight_scheduled,
		 res.stats.upper_bound, res.stats.optimal ? "true" : "false");
	if (save_lock)
		pthread_mutex_lock(save_lock);
	status = ops->b2b_save(s, event, ev.stamp, res.meetings, res.n_meetings,
			       summary, who, err);
	if (save_lock)
		pthread_mutex_unlock(save_lock);
	if (status != 0)
		goto done;
	left = json_array();
	for (size_t i = 0; i < res.n_left; i++)
		json_array_append_new(left, left_json(&res.left[i]));
	*out = json_pack("{sI so so}", "event_id", (json_int_t)event,
			 "stats", stats_json(&res.stats, res.n_left),
			 "unscheduled", left);
	if (*out == NULL)
		status = error_set(err, ERROR_NOMEM, "out of memory");
done:
	arena_free(a);
	return status;
}
