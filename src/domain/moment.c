/* moment.c: ISO 8601 subsets for instants and dates. */
#include "domain/moment.h"

#include <stdio.h>
#include <string.h>

#include "domain/tz.h"

/* Reads exactly n digits at s into *v. */
static int digits(const char *s, int n, int *v)
{
	int x = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		x = x * 10 + (s[i] - '0');
	}
	*v = x;
	return 0;
}

int date_parse(const char *text, int *year, int *month, int *day)
{
	if (strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
	    digits(text, 4, year) || digits(text + 5, 2, month) ||
	    digits(text + 8, 2, day))
		return -1;
	if (*year < 1900 || *year > 2200 || !civil_date_valid(*year, *month, *day))
		return -1;
	return 0;
}

int partial_date_check(const char *text, char *why, size_t why_size)
{
	size_t len = strlen(text);
	int y, m, d;

	if (len == 4 && digits(text, 4, &y) == 0 && y >= 1900 && y <= 2200)
		return 0;
	if (len == 7 && text[4] == '-' && digits(text, 4, &y) == 0 &&
	    digits(text + 5, 2, &m) == 0 && y >= 1900 && y <= 2200 &&
	    m >= 1 && m <= 12)
		return 0;
	if (len == 10 && date_parse(text, &y, &m, &d) == 0)
		return 0;
	snprintf(why, why_size,
		 "\"%s\" is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", text);
	return -1;
}

int moment_parse(const char *text, const char *zone, struct moment *out,
		 char *why, size_t why_size)
{
	struct civil c = { 0 };
	const char *p;
	int offset_given = 0, offset = 0;
	int64_t utc;

	if (strlen(text) < 10 || text[4] != '-' || text[7] != '-' ||
	    digits(text, 4, &c.year) || digits(text + 5, 2, &c.month) ||
	    digits(text + 8, 2, &c.day))
		goto malformed;
	if (c.year < 1900 || c.year > 2200 ||
	    !civil_date_valid(c.year, c.month, c.day)) {
		snprintf(why, why_size, "\"%s\" is not a calendar date", text);
		return -1;
	}
	p = text + 10;
	out->precision = MOMENT_DATE;
	if (*p == 'T' || *p == ' ') {
		if (digits(p + 1, 2, &c.hour) || p[3] != ':' ||
		    digits(p + 4, 2, &c.minute))
			goto malformed;
		p += 6;
		if (*p == ':') {
			if (digits(p + 1, 2, &c.second))
				goto malformed;
			p += 3;
		}
		if (c.hour > 23 || c.minute > 59 || c.second > 59) {
			snprintf(why, why_size, "\"%s\" is not a time of day", text);
			return -1;
		}
		out->precision = MOMENT_TIME;
		if (*p == 'Z') {
			offset_given = 1;
			p++;
		} else if (*p == '+' || *p == '-') {
			int oh, om;

			if (digits(p + 1, 2, &oh) || p[3] != ':' ||
			    digits(p + 4, 2, &om) || oh > 14 || om > 59)
				goto malformed;
			offset = (oh * 3600 + om * 60) * (*p == '-' ? -1 : 1);
			offset_given = 1;
			p += 6;
		}
	}
	if (*p != '\0')
		goto malformed;
	if (!tz_to_utc(zone, &c, &utc)) {
		snprintf(why, why_size, "\"%s\" is not a known time zone", zone);
		return -1;
	}
	if (offset_given) {
		struct civil check;
		int64_t given = utc;

		/* The instant the offset names, then the zone's view of it. */
		given = civil_day_number(c.year, c.month, c.day) * 86400 +
			c.hour * 3600 + c.minute * 60 + c.second - offset;
		if (!tz_to_civil(zone, given, &check) || check.offset != offset) {
			snprintf(why, why_size,
				 "\"%s\": the offset does not match %s at that time",
				 text, zone);
			return -1;
		}
		utc = given;
	}
	out->utc = utc;
	return 0;
malformed:
	snprintf(why, why_size,
		 "\"%s\" is not a time stamp (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][+HH:MM])",
		 text);
	return -1;
}

void moment_format(struct moment m, const char *zone, char out[MOMENT_TEXT_MAX])
{
	struct civil c;
	int off;

	out[0] = '\0';
	if (m.precision == MOMENT_NONE || !tz_to_civil(zone, m.utc, &c))
		return;
	if (m.precision == MOMENT_DATE) {
		snprintf(out, MOMENT_TEXT_MAX, "%04d-%02d-%02d", c.year, c.month,
			 c.day);
		return;
	}
	off = c.offset < 0 ? -c.offset : c.offset;
	snprintf(out, MOMENT_TEXT_MAX, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		 c.year, c.month, c.day, c.hour, c.minute, c.second,
		 c.offset < 0 ? '-' : '+', off / 3600, off / 60 % 60);
}

int64_t moment_local_day(struct moment m, const char *zone)
{
	struct civil c;

	if (!tz_to_civil(zone, m.utc, &c))
		return 0;
	return civil_day_number(c.year, c.month, c.day);
}
