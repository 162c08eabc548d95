/* test_followup.c: the rules of following a mission up: survey offsets,
 * due days at month ends and across leap years, and evidence file types
 * told by their bytes, each boundary both ways. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "domain/followup.h"
#include "domain/tz.h"

static void due(const char *day, int months, const char *want)
{
	char out[11];

	followup_add_months(day, months, out);
	assert_string_equal(out, want);
}

static void test_add_months(void **state)
{
	(void)state;
	due("2024-01-14", 3, "2024-04-14");
	due("2024-01-14", 12, "2025-01-14");
	due("2024-08-31", 6, "2025-02-28");   /* clamped to the month's end */
	due("2023-08-31", 6, "2024-02-29");   /* a leap year's February */
	due("2024-10-31", 1, "2024-11-30");
	due("2024-11-15", 2, "2025-01-15");   /* across the year */
	due("2024-01-31", 60, "2029-01-31");
}

static void test_add_days(void **state)
{
	char out[11];

	(void)state;
	followup_add_days("2024-03-01", -1, out);
	assert_string_equal(out, "2024-02-29");
	followup_add_days("2023-03-01", -1, out);
	assert_string_equal(out, "2023-02-28");
	followup_add_days("2024-12-31", 1, out);
	assert_string_equal(out, "2025-01-01");
	followup_add_days("2024-01-15", -30, out);
	assert_string_equal(out, "2023-12-16");
	followup_day_text(0, out);
	assert_string_equal(out, "1970-01-01");
	followup_day_text(civil_day_number(2025, 6, 14), out);
	assert_string_equal(out, "2025-06-14");
}

static void test_months(void **state)
{
	struct error err = { 0 };
	int ok[] = { 3, 6, 12 }, one[] = { 1 }, max[] = { 60 };
	int down[] = { 6, 3 }, same[] = { 3, 3 }, zero[] = { 0 }, big[] = { 61 };
	int seven[] = { 1, 2, 3, 4, 5, 6, 7 }, six[] = { 1, 2, 3, 4, 5, 6 };
	int parsed[FOLLOWUP_OFFSETS_MAX];

	(void)state;
	assert_int_equal(followup_months_check(ok, 3, &err), 0);
	assert_int_equal(followup_months_check(one, 1, &err), 0);
	assert_int_equal(followup_months_check(max, 1, &err), 0);
	assert_int_equal(followup_months_check(six, 6, &err), 0);
	assert_int_equal(followup_months_check(seven, 7, &err), ERROR_INVALID);
	assert_int_equal(followup_months_check(ok, 0, &err), ERROR_INVALID);
	assert_int_equal(followup_months_check(down, 2, &err), ERROR_INVALID);
	assert_non_null(strstr(err.message, "months/1"));
	assert_int_equal(followup_months_check(same, 2, &err), ERROR_INVALID);
	assert_int_equal(followup_months_check(zero, 1, &err), ERROR_INVALID);
	assert_int_equal(followup_months_check(big, 1, &err), ERROR_INVALID);
	assert_int_equal(followup_months_parse("3,6,12", parsed, FOLLOWUP_OFFSETS_MAX), 3);
	assert_int_equal(parsed[2], 12);
	assert_int_equal(followup_months_parse("3,,6", parsed, FOLLOWUP_OFFSETS_MAX), -1);
	assert_int_equal(followup_months_parse("3;6", parsed, FOLLOWUP_OFFSETS_MAX), -1);
	assert_int_equal(followup_months_parse("1,2,3,4,5,6,7", parsed, FOLLOWUP_OFFSETS_MAX), -1);
	assert_int_equal(followup_months_parse("61", parsed, FOLLOWUP_OFFSETS_MAX), -1);
}

static void test_sniff(void **state)
{
	static const unsigned char pdf[] = "%PDF-1.7\n", png[] = "\x89PNG\r\n\x1a\n\0",
		jpeg[] = "\xff\xd8\xff\xe0", html[] = "<html>", gif[] = "GIF89a";

	(void)state;
	assert_string_equal(followup_sniff(pdf, 5), "application/pdf");
	assert_null(followup_sniff(pdf, 4));             /* "%PDF" alone is not enough */
	assert_string_equal(followup_sniff(png, 8), "image/png");
	assert_null(followup_sniff(png, 7));
	assert_string_equal(followup_sniff(jpeg, 3), "image/jpeg");
	assert_null(followup_sniff(jpeg, 2));
	assert_null(followup_sniff(html, 6));
	assert_null(followup_sniff(gif, 6));             /* not accepted */
	assert_null(followup_sniff(pdf, 0));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_add_months),
		cmocka_unit_test(test_add_days),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_sniff),
	};

	return cmocka_run_group_tests_name("followup", tests, NULL, NULL);
}
