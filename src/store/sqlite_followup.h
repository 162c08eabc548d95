/* sqlite_followup.h: what sqlite_evidence.c and sqlite_surveys.c share. */
#ifndef PAVILION_STORE_SQLITE_FOLLOWUP_H
#define PAVILION_STORE_SQLITE_FOLLOWUP_H

#include "store/sqlite_http.h"
#include "store/store_followup.h"

/* Steps st once, finalizes it, and fails through err unless it ran. */
int sqlite_followup_step(sqlite3 *db, sqlite3_stmt *st, struct error *err,
			 const char *what);

int sqlite_evidence_add(struct store *s, int64_t realisation,
			const struct followup_file *file,
			const struct store_actor *who, json_t **out,
			bool *created, struct error *err);
int sqlite_evidence_list(struct store *s, int64_t realisation,
			 const struct store_actor *who, json_t **out,
			 struct error *err);
int sqlite_evidence_get(struct store *s, int64_t id,
			const struct store_actor *who, json_t **out,
			unsigned char **bytes, size_t *size, struct error *err);
int sqlite_evidence_delete(struct store *s, int64_t id,
			   const struct store_actor *who, struct error *err);

/* A mission's surveys counted for its report: answered, not answered and
 * not yet overdue ("due"), overdue, as of today (UTC). */
int sqlite_survey_status(struct store *s, int64_t mission,
			 struct survey_status *out, struct error *err);

#endif
