/* test_ics.c: the calendar read back with libical: one VTIMEZONE per
 * zone used, stable UIDs, each event's wall time in its own zone, day-only
 * events all-day, language of summary and location, agenda filters. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include <libical/ical.h>
#include <unicode/uclean.h>

#include "bundle/bundle.h"
#include "domain/tz.h"
#include "export/ics.h"
#include "report/format.h"

static const char mission[] =
	"{\"pavilion_bundle\": 1,"
	" \"organisations\": [{\"key\": \"acme\", \"kind\": \"buyer\","
	"   \"name\": {\"ko\": \"애크미\", \"en\": \"Acme\"}}],"
	" \"people\": [{\"key\": \"kim\", \"name\": {\"ko\": \"김\", \"en\": \"Kim\"}},"
	"   {\"key\": \"lee\", \"name\": {\"ko\": \"이\", \"en\": \"Lee\"},"
	"    \"organisation\": \"acme\"}],"
	" \"venues\": [{\"key\": \"hall\", \"name\": {\"ko\": \"전시장\", \"en\": \"Hall\"},"
	"   \"city\": {\"ko\": \"라스베이거스\", \"en\": \"Las Vegas\"},"
	"   \"country\": \"US\", \"zone\": \"America/Los_Angeles\"}],"
	" \"mission\": {\"slug\": \"m1\", \"title\": {\"ko\": \"사절단\"},"
	"   \"home_zone\": \"Asia/Seoul\","
	"   \"delegation\": [{\"person\": \"kim\", \"role\": \"leader\"}],"
	"   \"events\": ["
	"    {\"key\": \"sign\", \"kind\": \"signing\","
	"     \"title\": {\"ko\": \"서명\", \"en\": \"Signing\"}, \"venue\": \"hall\","
	"     \"zone\": \"America/Los_Angeles\","
	"     \"start\": \"2024-01-10T14:30\", \"end\": \"2024-01-10T15:30\","
	"     \"participants\": [{\"person\": \"lee\", \"role\": \"signatory\"}]},"
	"    {\"key\": \"day\", \"kind\": \"site_visit\","
	"     \"title\": {\"ko\": \"방문\", \"en\": \"Visit\"},"
	"     \"zone\": \"America/New_York\", \"start\": \"2024-01-12\","
	"     \"participants\": [{\"person\": \"kim\", \"role\": \"host\"}]}]}}";

static icalcomponent *render(const struct bundle *b, enum lang lang,
			     const char *person, const char *org)
{
	struct ics_options opt = { .lang = lang, .person = person, .org = org,
				   .now = 1735689600 };
	struct error err = { 0 };
	icalcomponent *cal;
	struct buf out;

	buf_init(&out, 0);
	assert_int_equal(ics_render(b, &opt, &out, &err), 0);
	cal = icalparser_parse_string(buf_str(&out));
	buf_free(&out);
	assert_non_null(cal);
	return cal;
}

static icalcomponent *find_event(icalcomponent *cal, const char *uid)
{
	for (icalcomponent *c = icalcomponent_get_first_component(cal,
			ICAL_VEVENT_COMPONENT); c != NULL;
	     c = icalcomponent_get_next_component(cal, ICAL_VEVENT_COMPONENT))
		if (strcmp(icalcomponent_get_uid(c), uid) == 0)
			return c;
	return NULL;
}

static void test_round_trip(void **state)
{
	struct error err = { 0 };
	struct bundle *b = bundle_read_text(mission, strlen(mission), "m.json",
					    &err);
	icalcomponent *cal, *ev;
	icalproperty *p;
	struct icaltimetype t;
	int zones = 0;

	(void)state;
	assert_non_null(b);
	cal = render(b, LANG_KO, NULL, NULL);
	for (icalcomponent *z = icalcomponent_get_first_component(cal,
			ICAL_VTIMEZONE_COMPONENT); z != NULL;
	     z = icalcomponent_get_next_component(cal, ICAL_VTIMEZONE_COMPONENT)) {
		const char *id = icalproperty_get_tzid(
			icalcomponent_get_first_property(z, ICAL_TZID_PROPERTY));

		assert_true(strcmp(id, "America/Los_Angeles") == 0 ||
			    strcmp(id, "America/New_York") == 0);
		zones++;
	}
	assert_int_equal(zones, 2);
	ev = find_event(cal, "sign.m1@" ICS_UID_DOMAIN);
	assert_non_null(ev);
	p = icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY);
	assert_string_equal(icalparameter_get_tzid(icalproperty_get_first_parameter(
		p, ICAL_TZID_PARAMETER)), "America/Los_Angeles");
	t = icalproperty_get_dtstart(p);
	assert_int_equal(t.hour, 14);
	assert_int_equal(t.minute, 30);
	assert_int_equal(t.day, 10);
	assert_false(t.is_date);
	assert_string_equal(icalcomponent_get_summary(ev), "서명");
	assert_non_null(strstr(icalcomponent_get_location(ev), "전시장"));
	assert_non_null(strstr(icalcomponent_get_description(ev), "이"));
	assert_int_equal(icalcomponent_get_sequence(ev), 1735689600 - 1704067200);
	ev = find_event(cal, "day.m1@" ICS_UID_DOMAIN);
	t = icalcomponent_get_dtstart(ev);
	assert_true(t.is_date);
	assert_int_equal(t.day, 12);
	t = icalcomponent_get_dtend(ev);
	assert_true(t.is_date);
	assert_int_equal(t.day, 13);   /* exclusive end of an all-day event */
	icalcomponent_free(cal);

	cal = render(b, LANG_EN, NULL, NULL);
	assert_string_equal(icalcomponent_get_summary(find_event(cal,
		"sign.m1@" ICS_UID_DOMAIN)), "Signing");
	icalcomponent_free(cal);

	cal = render(b, LANG_EN, "kim", NULL);
	assert_null(find_event(cal, "sign.m1@" ICS_UID_DOMAIN));
	assert_non_null(find_event(cal, "day.m1@" ICS_UID_DOMAIN));
	icalcomponent_free(cal);
	cal = render(b, LANG_EN, NULL, "acme");    /* through its person */
	assert_non_null(find_event(cal, "sign.m1@" ICS_UID_DOMAIN));
	assert_null(find_event(cal, "day.m1@" ICS_UID_DOMAIN));
	icalcomponent_free(cal);
	bundle_free(b);
}

static void test_unknown_person(void **state)
{
	struct error err = { 0 };
	struct bundle *b = bundle_read_text(mission, strlen(mission), "m.json",
					    &err);
	struct ics_options opt = { .person = "nobody" };
	struct buf out;

	(void)state;
	buf_init(&out, 0);
	assert_int_equal(ics_render(b, &opt, &out, &err), ERROR_NOT_FOUND);
	assert_non_null(strstr(err.message, "\"nobody\""));
	buf_free(&out);
	bundle_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unknown_person),
	};
	int failed = cmocka_run_group_tests_name("ics", tests, NULL, NULL);

	icaltimezone_free_builtin_timezones();
	tz_thread_cleanup();
	fmt_thread_cleanup();
	u_cleanup();
	return failed;
}
