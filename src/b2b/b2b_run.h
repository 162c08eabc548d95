/* b2b_run.h: one scheduling run of a stored event, as the API and the
 * CLI both do it: load the event's records, schedule, store the meetings
 * (confirmed ones stay), and describe the run.  The one place where the
 * B2B code meets the store. */
#ifndef PAVILION_B2B_B2B_RUN_H
#define PAVILION_B2B_B2B_RUN_H

#include <jansson.h>
#include <pthread.h>
#include <stdint.h>

#include "sched/sched.h"
#include "store/store_http.h"

/* Runs the scheduler on event and stores the result as who, holding
 * save_lock (when not NULL) only while storing.  *out gets {"event_id",
 * "stats", "unscheduled"} (docs/meetings.md).  ERROR_CONFLICT when the
 * event changed during the run. */
int b2b_run(struct store *s, int64_t event, const struct sched_options *opt,
	    const struct store_actor *who, pthread_mutex_t *save_lock,
	    json_t **out, struct error *err);

#endif
