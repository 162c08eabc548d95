/* ics.c: the iCalendar writer.  libical builds the components and does
 * the escaping and line folding RFC 5545 asks for; zone rules come from
 * libical's built-in time-zone data, wall times from ICU (domain/tz).
 *
 * Times in UTC under any of its names ("UTC", "GMT", "Etc/UTC"), and in
 * the rare zone ICU knows but libical does not, are written as UTC
 * ("DTSTART:20240110T090000Z") with no VTIMEZONE: the instant is exact and
 * every calendar reads it.  A time whose year falls outside 1..9999 cannot
 * be written in RFC 5545's four digits and fails the calendar, naming the
 * record, instead of becoming 00000000. */
#include "export/ics.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <libical/ical.h>

#include "domain/tz.h"
#include "util/arena.h"

#define ICS_SEQUENCE_EPOCH 1704067200   /* 2024-01-01T00:00:00Z */
#define ICS_ZONES_MAX 64
#define ICS_TEXT_MAX 4096

struct ics_writer {
	const struct bundle *b;
	const struct ics_options *opt;
	icalcomponent *cal;
	const char *zones[ICS_ZONES_MAX];
	int n_zones;
	int person;          /* index filters, -1 for none */
	int org;
	struct error *err;
};

/* Adds a VTIMEZONE for zone the first time it is used.  Sets *as_utc
 * when times in zone are to be written in UTC instead (see above). */
static int use_zone(struct ics_writer *w, const char *zone, bool *as_utc)
{
	icaltimezone *tz;
	icalcomponent *vtz;

	*as_utc = false;
	for (int i = 0; i < w->n_zones; i++)
		if (strcmp(w->zones[i], zone) == 0)
			return 0;
	if (w->n_zones == ICS_ZONES_MAX)
		return error_set(w->err, ERROR_NOMEM, "more than %d time zones",
				 ICS_ZONES_MAX);
	tz = tz_is_utc(zone) ? NULL : icaltimezone_get_builtin_timezone(zone);
	if (tz == NULL || (vtz = icaltimezone_get_component(tz)) == NULL) {
		*as_utc = true;
		return 0;
	}
	vtz = icalcomponent_new_clone(vtz);
	/* The built-in components carry a vendor prefix in TZID; calendars
	 * and parsers match the bare IANA name best. */
	icalproperty_set_tzid(icalcomponent_get_first_property(vtz,
				ICAL_TZID_PROPERTY), zone);
	icalcomponent_add_component(w->cal, vtz);
	w->zones[w->n_zones++] = zone;
	return 0;
}

/* The wall time of utc in zone (or its date when date_only); false when
 * its year cannot be written. */
static bool wall_time(const char *zone, int64_t utc, bool date_only,
		      int add_days, struct icaltimetype *out)
{
	struct icaltimetype t = icaltime_null_time();
	struct civil c;

	if (!tz_to_civil(zone, utc, &c) || c.year < 1 || c.year > 9999)
		return false;
	t.year = c.year;
	t.month = c.month;
	t.day = c.day;
	if (date_only) {
		t.is_date = 1;
		t.day += add_days;
		t = icaltime_normalize(t);
		if (t.year > 9999)
			return false;
		*out = t;
		return true;
	}
	t.hour = c.hour;
	t.minute = c.minute;
	t.second = c.second;
	*out = t;
	return true;
}

/* DTSTART (start) or DTEND of m in zone: with TZID, or in UTC. */
static int add_time(struct ics_writer *w, icalcomponent *ev, bool start,
		    const char *zone, bool as_utc, struct moment m, int add_days,
		    const char *what)
{
	struct icaltimetype t;
	icalproperty *p;

	if (!wall_time(as_utc && m.precision != MOMENT_DATE ? "Etc/UTC" : zone,
		       m.utc, m.precision == MOMENT_DATE, add_days, &t))
		return error_set(w->err, ERROR_INVALID,
				 "%s: its %s is not within the years 1 to 9999",
				 what, start ? "start" : "end");
	if (as_utc && m.precision != MOMENT_DATE)
		t.zone = icaltimezone_get_utc_timezone();
	p = start ? icalproperty_new_dtstart(t) : icalproperty_new_dtend(t);
	if (m.precision != MOMENT_DATE && !as_utc)
		icalproperty_add_parameter(p, icalparameter_new_tzid(zone));
	icalcomponent_add_property(ev, p);
	return 0;
}

static const char *text_or_null(struct text t, enum lang lang)
{
	const char *s = text_get(t, lang);

	return s[0] != '\0' ? s : NULL;
}

/* "Venue, City" in the language, or the stop's city. */
static void location(const struct ics_writer *w, const struct event *e,
		     struct buf *out)
{
	const struct bundle *b = w->b;
	enum lang lang = w->opt->lang;

	if (e->venue >= 0) {
		const struct venue *v = &b->venues[e->venue];

		buf_puts(out, text_get(v->name, lang));
		if (text_or_null(v->address, lang))
			buf_printf(out, ", %s", text_get(v->address, lang));
		else if (text_or_null(v->city, lang))
			buf_printf(out, ", %s", text_get(v->city, lang));
	} else if (e->stop >= 0) {
		buf_puts(out, text_get(b->stops[e->stop].city, lang));
	}
}

static void description(const struct ics_writer *w, const struct event *e,
			struct buf *out)
{
	const struct bundle *b = w->b;
	enum lang lang = w->opt->lang;

	buf_puts(out, enum_label(&enum_event_kind, (int)e->kind, lang));
	for (size_t i = 0; i < e->n_participants; i++) {
		const struct participant *p = &e->participants[i];

		buf_puts(out, i == 0 ? (lang == LANG_KO ? "\n참석: " : "\nWith: ") :
			 ", ");
		if (p->person >= 0)
			buf_puts(out, text_get(b->people[p->person].name, lang));
		if (p->person >= 0 && p->org >= 0)
			buf_puts(out, " (");
		if (p->org >= 0)
			buf_puts(out, text_get(b->orgs[p->org].name, lang));
		if (p->person >= 0 && p->org >= 0)
			buf_puts(out, ")");
	}
	if (text_or_null(e->notes, lang))
		buf_printf(out, "\n%s", text_get(e->notes, lang));
}

/* True when the event is on the agenda asked for. */
static bool wanted(const struct ics_writer *w, size_t index)
{
	const struct bundle *b = w->b;
	const struct event *e = &b->events[index];

	if (w->person < 0 && w->org < 0)
		return true;
	for (size_t i = 0; i < e->n_participants; i++) {
		const struct participant *p = &e->participants[i];

		if (w->person >= 0 && p->person == w->person)
			return true;
		if (w->org >= 0 && (p->org == w->org ||
				    (p->person >= 0 && b->people[p->person].org == w->org)))
			return true;
	}
	for (size_t k = 0; w->org >= 0 && k < b->n_pavilions; k++) {
		const struct pavilion *pv = &b->pavilions[k];

		if (pv->event != (int)index)
			continue;
		for (size_t x = 0; x < pv->n_exhibitors; x++)
			if (pv->exhibitors[x].org == w->org)
				return true;
	}
	return false;
}

static void add_common(struct ics_writer *w, icalcomponent *ev,
		       const char *prefix, const char *key, const char *summary)
{
	struct icaltimetype stamp = icaltime_from_timet_with_zone(
		(time_t)w->opt->now, 0, icaltimezone_get_utc_timezone());
	int64_t seq = w->opt->now - ICS_SEQUENCE_EPOCH;
	char uid[256];

	snprintf(uid, sizeof uid, "%s%s.%s@%s", prefix, key, w->b->mission->slug,
		 ICS_UID_DOMAIN);
	icalcomponent_add_property(ev, icalproperty_new_uid(uid));
	icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp));
	icalcomponent_add_property(ev, icalproperty_new_sequence(
		seq < 0 ? 0 : seq > INT32_MAX ? INT32_MAX : (int)seq));
	icalcomponent_add_property(ev, icalproperty_new_summary(summary));
}

static int add_event(struct ics_writer *w, const struct event *e)
{
	icalcomponent *ev;
	struct buf text;
	char what[128];
	bool as_utc;
	int rc;

	if (use_zone(w, e->zone, &as_utc))
		return -1;
	snprintf(what, sizeof what, "event \"%s\"", e->key);
	ev = icalcomponent_new_vevent();
	add_common(w, ev, "", e->key, text_get(e->title, w->opt->lang));
	rc = add_time(w, ev, true, e->zone, as_utc, e->start, 0, what);
	if (rc == 0 && e->end.precision != MOMENT_NONE)
		rc = add_time(w, ev, false, e->zone, as_utc, e->end,
			      e->end.precision == MOMENT_DATE ? 1 : 0, what);
	else if (rc == 0 && e->start.precision == MOMENT_DATE)
		rc = add_time(w, ev, false, e->zone, as_utc, e->start, 1, what);
	if (rc != 0) {
		icalcomponent_free(ev);
		return rc;
	}
	buf_init(&text, ICS_TEXT_MAX);
	location(w, e, &text);
	if (text.len > 0)
		icalcomponent_add_property(ev, icalproperty_new_location(buf_str(&text)));
	text.len = 0;
	text.failed = false;
	description(w, e, &text);
	icalcomponent_add_property(ev, icalproperty_new_description(buf_str(&text)));
	buf_free(&text);
	icalcomponent_add_property(ev, icalproperty_new_categories(
		enum_label(&enum_event_kind, (int)e->kind, w->opt->lang)));
	icalcomponent_add_component(w->cal, ev);
	return 0;
}

/* A stay abroad as an all-day event from arrival to departure. */
static int add_stop(struct ics_writer *w, const struct stop *s)
{
	icalcomponent *ev;
	char summary[512], what[128];
	struct moment arrive = { s->arrive.utc, MOMENT_DATE };
	struct moment depart = { s->depart.utc, MOMENT_DATE };

	if (s->home || s->arrive.precision == MOMENT_NONE ||
	    s->depart.precision == MOMENT_NONE)
		return 0;
	snprintf(summary, sizeof summary, "%s %s",
		 w->opt->lang == LANG_KO ? "체류:" : "Stay:",
		 text_get(s->city, w->opt->lang));
	snprintf(what, sizeof what, "stop \"%s\"", s->key);
	ev = icalcomponent_new_vevent();
	add_common(w, ev, "stop-", s->key, summary);
	if (add_time(w, ev, true, s->zone, false, arrive, 0, what) ||
	    add_time(w, ev, false, s->zone, false, depart, 1, what)) {
		icalcomponent_free(ev);
		return -1;
	}
	icalcomponent_add_property(ev, icalproperty_new_location(
		text_get(s->city, w->opt->lang)));
	icalcomponent_add_property(ev, icalproperty_new_transp(
		ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_component(w->cal, ev);
	return 0;
}

/* A B2B meeting: for one side's agenda it is named after the other. */
static int add_meeting(struct ics_writer *w, const struct b2b_agenda_item *m)
{
	const char *mine = w->org >= 0 ? w->b->orgs[w->org].key : NULL;
	enum lang lang = w->opt->lang;
	icalcomponent *ev;
	char key[32], summary[512], where[512], what[64];
	bool as_utc;

	if (w->person >= 0) {
		int org = w->b->people[w->person].org;

		mine = org >= 0 ? w->b->orgs[org].key : NULL;
		if (mine == NULL)
			return 0;
	}
	if (mine != NULL && strcmp(m->a_key, mine) != 0 &&
	    strcmp(m->b_key, mine) != 0)
		return 0;
	if (use_zone(w, m->zone, &as_utc))
		return -1;
	if (mine != NULL)
		snprintf(summary, sizeof summary, "%s: %s",
			 lang == LANG_KO ? "상담" : "B2B meeting",
			 text_get(strcmp(m->a_key, mine) == 0 ? m->b_name : m->a_name,
				  lang));
	else
		snprintf(summary, sizeof summary, "%s: %s – %s",
			 lang == LANG_KO ? "상담" : "B2B meeting",
			 text_get(m->a_name, lang), text_get(m->b_name, lang));
	snprintf(where, sizeof where, "%s%s%s %d", text_get(m->venue, lang),
		 text_or_null(m->venue, lang) ? " · " : "",
		 lang == LANG_KO ? "테이블" : "table", m->table);
	snprintf(key, sizeof key, "%lld", (long long)m->id);
	snprintf(what, sizeof what, "meeting %lld", (long long)m->id);
	ev = icalcomponent_new_vevent();
	add_common(w, ev, "meeting-", key, summary);
	if (add_time(w, ev, true, m->zone, as_utc,
		     (struct moment){ m->start, MOMENT_TIME }, 0, what) ||
	    add_time(w, ev, false, m->zone, as_utc,
		     (struct moment){ m->end, MOMENT_TIME }, 0, what)) {
		icalcomponent_free(ev);
		return -1;
	}
	icalcomponent_add_property(ev, icalproperty_new_location(where));
	icalcomponent_add_property(ev, icalproperty_new_description(
		text_get(m->event_title, lang)));
	icalcomponent_add_property(ev, icalproperty_new_status(
		m->confirmed ? ICAL_STATUS_CONFIRMED : ICAL_STATUS_TENTATIVE));
	icalcomponent_add_property(ev, icalproperty_new_categories(
		enum_label(&enum_event_kind, EVENT_B2B_MEETING, lang)));
	icalcomponent_add_component(w->cal, ev);
	return 0;
}

static int find_key(const char *key, const void *base, size_t n, size_t size,
		    size_t key_offset)
{
	for (size_t i = 0; i < n; i++) {
		const char *k = *(const char *const *)((const char *)base + i * size +
						       key_offset);

		if (k != NULL && strcmp(k, key) == 0)
			return (int)i;
	}
	return -1;
}

/* A survey as a to-do due on its day (all day, no zone needed). */
static int add_survey(struct ics_writer *w, const struct ics_survey *s)
{
	icalcomponent *todo;
	char key[64], summary[512];
	const char *firm = text_get(s->org_name, w->opt->lang);

	if (w->org >= 0 && strcmp(w->b->orgs[w->org].key, s->org_key) != 0)
		return 0;
	if (w->person >= 0)
		return 0;
	snprintf(key, sizeof key, "survey-%" PRId64, s->id);
	if (w->opt->lang == LANG_KO)
		snprintf(summary, sizeof summary, "사후 성과조사 %" PRId64 "개월: %s",
			 s->months, firm ? firm : s->org_key);
	else
		snprintf(summary, sizeof summary, "%" PRId64 "-month follow-up survey: %s",
			 s->months, firm ? firm : s->org_key);
	todo = icalcomponent_new_vtodo();
	add_common(w, todo, "", key, summary);
	icalcomponent_add_property(todo, icalproperty_new_due(
		icaltime_from_string(s->due_on)));
	icalcomponent_add_property(todo, icalproperty_new_status(
		ICAL_STATUS_NEEDSACTION));
	icalcomponent_add_component(w->cal, todo);
	return 0;
}

int ics_render(const struct bundle *b, const struct ics_options *opt,
	       struct buf *out, struct error *err)
{
	struct ics_writer w = { .b = b, .opt = opt, .person = -1, .org = -1,
				.err = err };
	char *text;
	int rc = 0;

	if (b->mission == NULL)
		return error_set(err, ERROR_INVALID, "a calendar needs a mission");
	if (opt->person != NULL &&
	    (w.person = find_key(opt->person, b->people, b->n_people,
				 sizeof *b->people, offsetof(struct person, key))) < 0)
		return error_set(err, ERROR_NOT_FOUND,
				 "person \"%s\" takes no part in mission %s",
				 opt->person, b->mission->slug);
	if (opt->org != NULL &&
	    (w.org = find_key(opt->org, b->orgs, b->n_orgs, sizeof *b->orgs,
			      offsetof(struct org, key))) < 0)
		return error_set(err, ERROR_NOT_FOUND,
				 "organisation \"%s\" takes no part in mission %s",
				 opt->org, b->mission->slug);
	w.cal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(w.cal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(w.cal, icalproperty_new_prodid(
		"-//Pavilion//Trade mission planner//EN"));
	icalcomponent_add_property(w.cal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(w.cal, icalproperty_new_x(
		text_get(b->mission->title, opt->lang)));
	icalproperty_set_x_name(icalcomponent_get_first_property(w.cal,
				ICAL_X_PROPERTY), "X-WR-CALNAME");
	for (size_t i = 0; rc == 0 && w.person < 0 && w.org < 0 &&
	     i < b->n_stops; i++)
		rc = add_stop(&w, &b->stops[i]);
	for (size_t i = 0; rc == 0 && i < b->n_events; i++)
		if (wanted(&w, i))
			rc = add_event(&w, &b->events[i]);
	for (size_t i = 0; rc == 0 && i < opt->n_meetings; i++)
		rc = add_meeting(&w, &opt->meetings[i]);
	for (size_t i = 0; rc == 0 && i < opt->n_surveys; i++)
		rc = add_survey(&w, &opt->surveys[i]);
	if (rc == 0) {
		text = icalcomponent_as_ical_string_r(w.cal);
		buf_puts(out, text);
		free(text);
		if (out->failed)
			rc = error_set(err, ERROR_NOMEM, "calendar too large");
	}
	icalcomponent_free(w.cal);
	return rc;
}
