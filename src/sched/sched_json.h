/* sched_json.h: the scheduler's JSON formats (docs/scheduler.md), read
 * and written with jansson.  Kept apart from the solver so that the solver
 * stays free of I/O; the API server can hand parsed bodies straight to
 * sched_json_parse_problem(). */
#ifndef PAVILION_SCHED_SCHED_JSON_H
#define PAVILION_SCHED_SCHED_JSON_H

#include <jansson.h>

#include "sched/sched.h"

/* Largest problem or solution file read, in bytes. */
#define SCHED_JSON_MAX_FILE ((size_t)1 << 30)

/* Builds a problem from parsed JSON.  Messages start with name (a file
 * name) and the JSON path: `problem.json: $.requests[3].b: unknown
 * participant "hmartt"`. */
int sched_json_parse_problem(const json_t *root, const char *name,
			     struct sched_problem **out, struct error *err);
/* Reads and parses the problem file at path. */
int sched_json_read_problem(const char *path, struct sched_problem **out,
			    struct error *err);

/* The solution document; NULL when out of memory. */
json_t *sched_json_solution(const struct sched_problem *p,
			    const struct sched_solution *s);
/* The problem document (for `schedule gen`); NULL when out of memory. */
json_t *sched_json_problem(const struct sched_problem *p);

/* A solution file read back for sched_check(); strings point into root. */
struct sched_json_claim {
	json_t *root;
	struct sched_claim claim;
	struct sched_claimed_meeting *meetings;
	struct sched_claimed_unscheduled *unscheduled;
	char *where;             /* storage for the paths */
};

int sched_json_read_claim(const char *path, struct sched_json_claim *out,
			  struct error *err);
void sched_json_claim_free(struct sched_json_claim *c);

/* RFC 3339 date-time with an offset ("2024-01-09T10:00:00-08:00", "Z"):
 * seconds since the epoch and the offset in seconds east of UTC. */
int sched_parse_time(const char *text, int64_t *epoch, int32_t *offset);
/* Formats epoch at offset as RFC 3339 into out (at least 32 bytes). */
void sched_format_time(int64_t epoch, int32_t offset, char *out, size_t size);

#endif
