/* ics.h: a mission's itinerary as an RFC 5545 iCalendar (libical).
 *
 * Pure formatting: a bundle in, calendar text out, so the CLI and the
 * HTTP API (GET /api/missions/{id}/calendar.ics) share it.  Every event
 * and every stop abroad becomes a VEVENT in its own zone, with a
 * VTIMEZONE for each zone used; day-only events are all-day (VALUE=DATE).
 * UIDs are stable (KEY.MISSION@ICS_UID_DOMAIN), so a calendar that
 * re-imports an updated file updates its events instead of doubling them.
 */
#ifndef PAVILION_EXPORT_ICS_H
#define PAVILION_EXPORT_ICS_H

#include <stdint.h>

#include "b2b/b2b.h"
#include "domain/model.h"
#include "util/buf.h"
#include "util/error.h"

#define ICS_UID_DOMAIN "pavilion.invalid"

struct ics_survey;

struct ics_options {
	enum lang lang;       /* summary, location and description */
	const char *person;   /* only this person's agenda (key), or NULL */
	const char *org;      /* only this organisation's agenda (key), or NULL */
	/* DTSTAMP and SEQUENCE: the export time, UTC seconds.  SEQUENCE is
	 * the seconds since 2024-01-01 at export, so every later export of a
	 * changed event carries a higher one (see docs/interop.md). */
	int64_t now;
	/* The mission's B2B meetings; with org or person, only theirs. */
	const struct b2b_agenda_item *meetings;
	size_t n_meetings;
	/* Unanswered follow-up surveys, each a VTODO due on its day; with org,
	 * only that organisation's. */
	const struct ics_survey *surveys;
	size_t n_surveys;
};

/* A follow-up survey of one firm, for the calendar. */
struct ics_survey {
	int64_t id;
	const char *org_key;
	struct text org_name;
	int64_t months;
	const char *due_on;      /* YYYY-MM-DD */
};

/* Appends the calendar for b (which must hold a mission) to out.
 * ERROR_NOT_FOUND when the person or organisation is not in it. */
int ics_render(const struct bundle *b, const struct ics_options *opt,
	       struct buf *out, struct error *err);

struct store;

/* The calendar of a stored mission (id or slug) with its B2B meetings:
 * what `pavilion export --ics` and GET .../calendar.ics both send. */
int ics_render_mission(struct store *s, const char *mission,
		       struct ics_options *opt, struct buf *out,
		       struct error *err);

#endif
