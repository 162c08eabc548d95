/* tz.h: civil time in IANA zones, through ICU's time-zone database.
 *
 * Pure functions of their arguments (the zone rules are data); calendars
 * are cached per thread because opening one costs far more than using it.
 */
#ifndef PAVILION_DOMAIN_TZ_H
#define PAVILION_DOMAIN_TZ_H

#include <stdbool.h>
#include <stdint.h>

struct civil {
	int year, month, day;        /* month 1..12 */
	int hour, minute, second;
	int weekday;                 /* 0 Sunday .. 6 Saturday */
	int offset;                  /* seconds east of UTC, DST included */
};

/* True for a known IANA zone id ("Asia/Seoul"; "UTC"). */
bool tz_valid(const char *zone);

/* True for a zone that is UTC under another name ("UTC", "GMT",
 * "Etc/UTC", "Zulu", ...): ICU maps them all to Etc/UTC or Etc/GMT. */
bool tz_is_utc(const char *zone);

/* Local wall time in zone to UTC seconds.  A wall time skipped by a DST
 * change moves forward as clocks do.  Returns false for a bad zone. */
bool tz_to_utc(const char *zone, const struct civil *local, int64_t *utc);

/* UTC seconds to the wall time in zone. */
bool tz_to_civil(const char *zone, int64_t utc, struct civil *out);

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t civil_day_number(int year, int month, int day);
bool civil_date_valid(int year, int month, int day);

/* Releases this thread's cached calendars. */
void tz_thread_cleanup(void);

#endif
