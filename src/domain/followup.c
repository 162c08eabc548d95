/* followup.c: survey offsets and due days, and evidence file types. */
#include "domain/followup.h"

#include <stdint.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/tz.h"

const int followup_default_months[3] = { 3, 6, 12 };

int followup_months_check(const int *months, size_t n, struct error *err)
{
	if (n == 0 || n > FOLLOWUP_OFFSETS_MAX)
		return error_set(err, ERROR_INVALID,
				 "months: expected 1 to %d offsets, got %zu",
				 FOLLOWUP_OFFSETS_MAX, n);
	for (size_t i = 0; i < n; i++) {
		if (months[i] < 1 || months[i] > FOLLOWUP_OFFSET_MONTHS_MAX)
			return error_set(err, ERROR_INVALID,
					 "months/%zu: %d is not 1 to %d", i, months[i],
					 FOLLOWUP_OFFSET_MONTHS_MAX);
		if (i > 0 && months[i] <= months[i - 1])
			return error_set(err, ERROR_INVALID,
					 "months/%zu: %d does not come after %d", i,
					 months[i], months[i - 1]);
	}
	return 0;
}

int followup_months_parse(const char *text, int *months, size_t max)
{
	size_t n = 0;
	const char *p = text;

	while (*p) {
		char *end;
		long v = strtol(p, &end, 10);

		if (end == p || n == max || v < 1 || v > FOLLOWUP_OFFSET_MONTHS_MAX)
			return -1;
		months[n++] = (int)v;
		p = *end == ',' ? end + 1 : end;
		if (*end != ',' && *end != '\0')
			return -1;
	}
	return (int)n;
}

static bool leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				      30, 31 };

	return m == 2 && leap(y) ? 29 : days[m - 1];
}

static void parse_day(const char *day, int *y, int *m, int *d)
{
	*y = (int)strtol(day, NULL, 10);
	*m = (int)strtol(day + 5, NULL, 10);
	*d = (int)strtol(day + 8, NULL, 10);
}

void followup_add_months(const char *day, int months, char out[11])
{
	int y, m, d, total;

	parse_day(day, &y, &m, &d);
	total = y * 12 + (m - 1) + months;
	y = total / 12;
	m = total % 12 + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

/* The civil date of a day number (Howard Hinnant's algorithm, the
 * inverse of civil_day_number). */
static void civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

void followup_add_days(const char *day, int days, char out[11])
{
	int y, m, d;

	parse_day(day, &y, &m, &d);
	followup_day_text(civil_day_number(y, m, d) + days, out);
}

void followup_day_text(int64_t day, char out[11])
{
	int y, m, d;

	civil_from_days(day, &y, &m, &d);
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
}

const char *followup_sniff(const unsigned char *b, size_t n)
{
	if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
		return "application/pdf";
	if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
		return "image/png";
	if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
		return "image/jpeg";
	return NULL;
}
