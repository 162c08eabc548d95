/* test_domain.c: the domain rules: dates and zones, money, nights and
 * days across the date line, series positions, outcome counts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/model.h"
#include "domain/moment.h"
#include "domain/money.h"
#include "domain/outcome.h"
#include "domain/tz.h"
#include "util/arena.h"
#include "util/error.h"

static void test_civil_days(void **state)
{
	(void)state;
	assert_int_equal(civil_day_number(1970, 1, 1), 0);
	assert_int_equal(civil_day_number(2024, 1, 14) -
			 civil_day_number(2024, 1, 8), 6);
	assert_int_equal(civil_day_number(2024, 3, 1) -
			 civil_day_number(2024, 2, 28), 2);   /* leap year */
	assert_int_equal(civil_day_number(2023, 3, 1) -
			 civil_day_number(2023, 2, 28), 1);
	assert_true(civil_date_valid(2024, 2, 29));
	assert_false(civil_date_valid(2023, 2, 29));
	assert_false(civil_date_valid(2100, 2, 29));
	assert_true(civil_date_valid(2000, 2, 29));
	assert_false(civil_date_valid(2024, 13, 1));
	assert_false(civil_date_valid(2024, 4, 31));
}

static void test_zones(void **state)
{
	struct civil c;
	int64_t utc;
	struct civil ces = { 2024, 1, 10, 14, 30, 0, 0, 0 };

	(void)state;
	assert_true(tz_valid("Asia/Seoul"));
	assert_true(tz_valid("America/Los_Angeles"));
	assert_false(tz_valid("Asia/Seul"));
	assert_false(tz_valid(""));
	assert_false(tz_valid("Mars/Olympus_Mons"));
	assert_true(tz_to_utc("America/Los_Angeles", &ces, &utc));
	/* 14:30 PST is 22:30 UTC and 07:30 KST the next day. */
	assert_int_equal(utc, civil_day_number(2024, 1, 10) * 86400 + 22 * 3600 + 1800);
	assert_true(tz_to_civil("Asia/Seoul", utc, &c));
	assert_int_equal(c.day, 11);
	assert_int_equal(c.hour, 7);
	assert_int_equal(c.offset, 9 * 3600);
	assert_int_equal(c.weekday, 4);   /* Thursday */
}

static void test_moment_parse(void **state)
{
	struct moment m;
	char why[256];

	(void)state;
	assert_int_equal(moment_parse("2024-01-10", "America/Los_Angeles", &m,
				      why, sizeof why), 0);
	assert_int_equal(m.precision, MOMENT_DATE);
	assert_int_equal(moment_local_day(m, "America/Los_Angeles"),
			 civil_day_number(2024, 1, 10));
	assert_int_equal(moment_parse("2024-01-10T14:30", "America/Los_Angeles",
				      &m, why, sizeof why), 0);
	assert_int_equal(m.precision, MOMENT_TIME);
	assert_int_equal(moment_parse("2024-01-10T14:30:00-08:00",
				      "America/Los_Angeles", &m, why, sizeof why), 0);
	/* An offset that is not the zone's at that time is refused. */
	assert_int_equal(moment_parse("2024-01-10T14:30:00-07:00",
				      "America/Los_Angeles", &m, why, sizeof why), -1);
	assert_non_null(strstr(why, "offset"));
	/* Summer time: -07:00 is right in July. */
	assert_int_equal(moment_parse("2024-07-10T14:30:00-07:00",
				      "America/Los_Angeles", &m, why, sizeof why), 0);
	assert_int_equal(moment_parse("2024-02-30", "Asia/Seoul", &m, why,
				      sizeof why), -1);
	assert_int_equal(moment_parse("2024-01-10T25:00", "Asia/Seoul", &m, why,
				      sizeof why), -1);
	assert_int_equal(moment_parse("10/01/2024", "Asia/Seoul", &m, why,
				      sizeof why), -1);
	assert_int_equal(moment_parse("2024-01-10T14:30Zjunk", "UTC", &m, why,
				      sizeof why), -1);
	assert_int_equal(moment_parse("2024-01-10", "Nowhere/City", &m, why,
				      sizeof why), -1);
	assert_int_equal(partial_date_check("2023", why, sizeof why), 0);
	assert_int_equal(partial_date_check("2023-05", why, sizeof why), 0);
	assert_int_equal(partial_date_check("2023-13", why, sizeof why), -1);
	assert_int_equal(partial_date_check("23", why, sizeof why), -1);
}

static void test_moment_format_round_trip(void **state)
{
	struct moment m;
	char why[256], text[MOMENT_TEXT_MAX];

	(void)state;
	assert_int_equal(moment_parse("2024-03-10T03:30", "America/New_York", &m,
				      why, sizeof why), 0);
	moment_format(m, "America/New_York", text);
	/* 02:30 does not exist that night; 03:30 is EDT. */
	assert_string_equal(text, "2024-03-10T03:30:00-04:00");
	assert_int_equal(moment_parse("2024-01-12", "America/New_York", &m, why,
				      sizeof why), 0);
	moment_format(m, "America/New_York", text);
	assert_string_equal(text, "2024-01-12");
	assert_int_equal(moment_parse("2024-01-12T09:05:07+05:45", "Asia/Kathmandu",
				      &m, why, sizeof why), 0);
	moment_format(m, "Asia/Kathmandu", text);
	assert_string_equal(text, "2024-01-12T09:05:07+05:45");
}

static void test_money(void **state)
{
	struct money m;
	char why[256], text[64];
	int64_t sum = INT64_MAX - 1;

	(void)state;
	assert_true(money_currency_valid("USD"));
	assert_true(money_currency_valid("KRW"));
	assert_false(money_currency_valid("USDD"));
	assert_false(money_currency_valid("usd"));
	assert_false(money_currency_valid("XYZ"));
	assert_int_equal(money_parse("1000000.00", "USD", &m, why, sizeof why), 0);
	assert_int_equal(m.minor, 100000000);
	assert_string_equal(m.currency, "USD");
	assert_int_equal(money_parse("1000000", "USD", &m, why, sizeof why), 0);
	assert_int_equal(m.minor, 100000000);
	assert_int_equal(money_parse("1.5", "USD", &m, why, sizeof why), 0);
	assert_int_equal(m.minor, 150);
	assert_int_equal(money_parse("1300000000", "KRW", &m, why, sizeof why), 0);
	assert_int_equal(m.minor, 1300000000);
	assert_int_equal(money_parse("1.5", "KRW", &m, why, sizeof why), -1);
	assert_int_equal(money_parse("1.555", "USD", &m, why, sizeof why), -1);
	assert_int_equal(money_parse("-5", "USD", &m, why, sizeof why), -1);
	assert_int_equal(money_parse("1,000", "USD", &m, why, sizeof why), -1);
	assert_int_equal(money_parse("", "USD", &m, why, sizeof why), -1);
	assert_int_equal(money_parse("5.", "USD", &m, why, sizeof why), -1);
	assert_int_equal(money_parse(".5", "USD", &m, why, sizeof why), -1);
	assert_int_equal(money_parse("99999999999999999999", "USD", &m, why,
				     sizeof why), -1);
	assert_non_null(strstr(why, "too large"));
	/* MONEY_MINOR_MAX fits exactly; one minor unit more does not. */
	assert_int_equal(money_parse("10000000000000.00", "USD", &m, why,
				     sizeof why), 0);
	assert_true(m.minor == MONEY_MINOR_MAX);
	assert_int_equal(money_parse("10000000000000.01", "USD", &m, why,
				     sizeof why), -1);
	assert_int_equal(money_parse("1000000000000000", "KRW", &m, why,
				     sizeof why), 0);
	assert_int_equal(money_parse("1000000000000001", "KRW", &m, why,
				     sizeof why), -1);
	assert_non_null(strstr(why, "too large"));
	assert_int_equal(money_parse("92233720368547758.07", "USD", &m, why,
				     sizeof why), -1);
	m.minor = 100000050;
	memcpy(m.currency, "USD", 4);
	money_format_plain(m, text, sizeof text);
	assert_string_equal(text, "1000000.50");
	assert_true(money_add(&sum, 1));
	assert_false(money_add(&sum, 1));
	assert_true(country_valid("KR"));
	assert_true(country_valid("US"));
	assert_false(country_valid("XX"));
	assert_false(country_valid("KOR"));
}

/* A bundle with the stops of a trip, for itinerary tests. */
struct trip_stop {
	const char *zone;
	bool home;
	const char *arrive;
	const char *depart;
};

static struct bundle *trip(const char *home_zone, const struct trip_stop *s,
			   size_t n)
{
	struct bundle *b = bundle_new();
	char why[256];

	b->mission = arena_alloc(b->arena, sizeof *b->mission);
	b->mission->home_zone = home_zone;
	b->mission->home_org = -1;
	b->stops = arena_array(b->arena, n, sizeof *b->stops);
	b->n_stops = n;
	for (size_t i = 0; i < n; i++) {
		b->stops[i].zone = s[i].zone;
		b->stops[i].home = s[i].home;
		if (s[i].arrive)
			assert_int_equal(moment_parse(s[i].arrive, s[i].zone,
						      &b->stops[i].arrive, why,
						      sizeof why), 0);
		if (s[i].depart)
			assert_int_equal(moment_parse(s[i].depart, s[i].zone,
						      &b->stops[i].depart, why,
						      sizeof why), 0);
	}
	return b;
}

static void test_span_reference_mission(void **state)
{
	/* Seoul -> Las Vegas -> Dallas -> Boston -> Seoul: "5박 7일". */
	static const struct trip_stop stops[] = {
		{ "Asia/Seoul", true, NULL, "2024-01-08" },
		{ "America/Los_Angeles", false, "2024-01-08", "2024-01-11" },
		{ "America/Chicago", false, "2024-01-11", "2024-01-12" },
		{ "America/New_York", false, "2024-01-12", "2024-01-13" },
		{ "Asia/Seoul", true, "2024-01-14", NULL },
	};
	struct bundle *b = trip("Asia/Seoul", stops, 5);
	struct trip_span s;

	(void)state;
	itinerary_span(b, &s);
	assert_true(s.known);
	assert_int_equal(s.nights, 5);
	assert_int_equal(s.days, 7);
	bundle_free(b);
}

static void test_span_date_line_timed(void **state)
{
	/* Leaving Incheon 10:00 KST on the 8th lands in LA at 05:00 on the
	 * 8th local: earlier than departure by the clock on the wall.  The
	 * night flight home leaves New York 00:50 on the 13th and lands
	 * 05:30 KST on the 14th. */
	static const struct trip_stop stops[] = {
		{ "Asia/Seoul", true, NULL, "2024-01-08T10:00" },
		{ "America/Los_Angeles", false, "2024-01-08T05:00", "2024-01-11T08:00" },
		{ "America/Chicago", false, "2024-01-11T13:00", "2024-01-12T07:00" },
		{ "America/New_York", false, "2024-01-12T11:00", "2024-01-13T00:50" },
		{ "Asia/Seoul", true, "2024-01-14T05:30", NULL },
	};
	struct bundle *b = trip("Asia/Seoul", stops, 5);
	struct trip_span s;

	(void)state;
	itinerary_span(b, &s);
	assert_int_equal(s.nights, 5);
	assert_int_equal(s.days, 7);
	bundle_free(b);
}

static void test_span_westward_date_line(void **state)
{
	/* Auckland to Honolulu: the traveller lands the day before leaving. */
	static const struct trip_stop stops[] = {
		{ "Pacific/Auckland", true, NULL, "2024-03-05T21:00" },
		{ "Pacific/Honolulu", false, "2024-03-05T07:00", "2024-03-08T10:00" },
		{ "Pacific/Auckland", true, "2024-03-09T17:00", NULL },
	};
	struct bundle *b = trip("Pacific/Auckland", stops, 3);
	struct trip_span s;

	(void)state;
	itinerary_span(b, &s);
	assert_int_equal(s.nights, 3);
	assert_int_equal(s.days, 5);   /* 5th to 9th in Auckland */
	bundle_free(b);
}

static void test_span_without_home_stops(void **state)
{
	static const struct trip_stop stops[] = {
		{ "Europe/Paris", false, "2024-06-01", "2024-06-04" },
		{ "Europe/Berlin", false, "2024-06-04", "2024-06-06" },
	};
	struct bundle *b = trip("Asia/Seoul", stops, 2);
	struct trip_span s;

	(void)state;
	itinerary_span(b, &s);
	assert_true(s.known);
	assert_int_equal(s.nights, 5);
	assert_int_equal(s.days, 6);
	bundle_free(b);
}

static void test_span_unknown(void **state)
{
	struct bundle *b = trip("Asia/Seoul", NULL, 0);
	struct trip_span s;

	(void)state;
	itinerary_span(b, &s);
	assert_false(s.known);
	bundle_free(b);
}

/* Three channel agreements in one series, one MOU facilitated, and a
 * cancelled one that must not count. */
static void test_outcome_series_and_counts(void **state)
{
	struct bundle *b = trip("Asia/Seoul", NULL, 0);
	struct outcome o;
	struct error err = { 0 };
	struct agreement *a;

	(void)state;
	b->n_series = 1;
	b->series = arena_array(b->arena, 1, sizeof *b->series);
	b->n_agreements = 5;
	b->agreements = a = arena_array(b->arena, 5, sizeof *a);
	for (int i = 0; i < 5; i++) {
		a[i].event = -1;
		a[i].series = 0;
		a[i].kind = AGREEMENT_MOU;
		a[i].home_role = HOME_PARTY;
	}
	a[0].signed_on = "2024-01-10";  /* listed first, signed last */
	a[0].kind = AGREEMENT_CONTRACT;
	a[0].in_mission = true;
	a[0].has_value = true;
	a[0].value.minor = 100000000;
	memcpy(a[0].value.currency, "USD", 4);
	a[1].signed_on = "2023";
	a[2].signed_on = "2023-06";
	a[3].signed_on = "2024-01-12";
	a[3].series = -1;
	a[3].in_mission = true;
	a[3].home_role = HOME_FACILITATOR;
	a[4].signed_on = "2022";
	a[4].status = STATUS_CANCELLED;
	assert_int_equal(outcome_compute(b, &o, &err), 0);
	assert_int_equal(o.places[0].position, 3);
	assert_int_equal(o.places[0].count, 3);
	assert_int_equal(o.places[1].position, 1);
	assert_int_equal(o.places[2].position, 2);
	assert_int_equal(o.places[3].count, 0);
	assert_int_equal(o.agreements, 2);
	assert_int_equal(o.by_kind[AGREEMENT_CONTRACT], 1);
	assert_int_equal(o.by_kind[AGREEMENT_MOU], 1);
	assert_int_equal(o.mous_party, 0);
	assert_int_equal(o.mous_supported, 1);
	assert_int_equal(o.n_totals, 1);
	assert_string_equal(o.totals[0].currency, "USD");
	assert_int_equal(o.totals[0].minor, 100000000);
	bundle_free(b);
}

static void test_outcome_needs_mission(void **state)
{
	struct bundle *b = bundle_new();
	struct outcome o;
	struct error err = { 0 };

	(void)state;
	assert_int_equal(outcome_compute(b, &o, &err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "no mission"));
	bundle_free(b);
}

/* At its ceiling an arena hands out NULL, stays failed, and every kind of
 * allocation says so; below it allocations are zeroed and usable. */
static void test_arena_ceiling(void **state)
{
	struct arena *a = arena_new(64 * 1024);
	char *p;

	(void)state;
	p = arena_alloc(a, 100);
	assert_non_null(p);
	assert_int_equal(p[99], 0);
	assert_false(arena_failed(a));
	assert_null(arena_alloc(a, 64 * 1024));
	assert_true(arena_failed(a));
	assert_null(arena_alloc(a, 1));
	assert_null(arena_array(a, 2, 8));
	assert_null(arena_strdup(a, "x"));
	assert_null(arena_printf(a, "%d", 1));
	arena_free(a);
	a = arena_new(0);
	assert_null(arena_array(a, SIZE_MAX / 2, 4));
	assert_true(arena_failed(a));
	arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_civil_days),
		cmocka_unit_test(test_arena_ceiling),
		cmocka_unit_test(test_zones),
		cmocka_unit_test(test_moment_parse),
		cmocka_unit_test(test_moment_format_round_trip),
		cmocka_unit_test(test_money),
		cmocka_unit_test(test_span_reference_mission),
		cmocka_unit_test(test_span_date_line_timed),
		cmocka_unit_test(test_span_westward_date_line),
		cmocka_unit_test(test_span_without_home_stops),
		cmocka_unit_test(test_span_unknown),
		cmocka_unit_test(test_outcome_series_and_counts),
		cmocka_unit_test(test_outcome_needs_mission),
	};
	int failed = cmocka_run_group_tests_name("domain", tests, NULL, NULL);

	tz_thread_cleanup();
	return failed;
}
