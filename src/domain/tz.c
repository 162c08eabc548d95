/* tz.c: ICU calendars for zone arithmetic, cached per thread. */
#include "domain/tz.h"

#include <string.h>
#include <unicode/ucal.h>
#include <unicode/ustring.h>

#define ZONE_MAX 64
#define CACHE_SIZE 16

struct cached_calendar {
	char zone[ZONE_MAX];
	UCalendar *cal;
};

static _Thread_local struct cached_calendar cache[CACHE_SIZE];
static _Thread_local unsigned cache_next;

static UCalendar *calendar_for(const char *zone)
{
	UChar uzone[ZONE_MAX];
	UChar canonical[ZONE_MAX];
	UErrorCode status = U_ZERO_ERROR;
	UBool is_system = 0;
	struct cached_calendar *slot;
	size_t len = strlen(zone);
	UCalendar *cal;

	if (len == 0 || len >= ZONE_MAX)
		return NULL;
	for (unsigned i = 0; i < CACHE_SIZE; i++)
		if (cache[i].cal != NULL && strcmp(cache[i].zone, zone) == 0)
			return cache[i].cal;
	u_charsToUChars(zone, uzone, (int32_t)len + 1);
	/* ICU opens unknown ids as GMT silently; ask first. */
	ucal_getCanonicalTimeZoneID(uzone, (int32_t)len, canonical, ZONE_MAX,
				    &is_system, &status);
	if (U_FAILURE(status) || !is_system)
		return NULL;
	cal = ucal_open(uzone, (int32_t)len, "en_US@calendar=gregorian",
			UCAL_GREGORIAN, &status);
	if (U_FAILURE(status))
		return NULL;
	/* Proleptic Gregorian: no Julian switch-over in old dates. */
	ucal_setGregorianChange(cal, -8.64e15, &status);
	slot = &cache[cache_next++ % CACHE_SIZE];
	if (slot->cal != NULL)
		ucal_close(slot->cal);
	memcpy(slot->zone, zone, len + 1);
	slot->cal = cal;
	return cal;
}

bool tz_valid(const char *zone)
{
	return calendar_for(zone) != NULL;
}

bool tz_is_utc(const char *zone)
{
	UChar uzone[ZONE_MAX], canonical[ZONE_MAX];
	char name[ZONE_MAX];
	UErrorCode status = U_ZERO_ERROR;
	UBool is_system = 0;
	size_t len = strlen(zone);
	int32_t n;

	if (len == 0 || len >= ZONE_MAX)
		return false;
	u_charsToUChars(zone, uzone, (int32_t)len + 1);
	n = ucal_getCanonicalTimeZoneID(uzone, (int32_t)len, canonical, ZONE_MAX,
					&is_system, &status);
	if (U_FAILURE(status) || !is_system || n <= 0 || n >= ZONE_MAX)
		return false;
	u_UCharsToChars(canonical, name, n);
	name[n] = '\0';
	return strcmp(name, "Etc/UTC") == 0 || strcmp(name, "Etc/GMT") == 0;
}

bool tz_to_utc(const char *zone, const struct civil *local, int64_t *utc)
{
	UCalendar *cal = calendar_for(zone);
	UErrorCode status = U_ZERO_ERROR;
	UDate ms;

	if (cal == NULL)
		return false;
	ucal_clear(cal);
	ucal_setDateTime(cal, local->year, local->month - 1, local->day,
			 local->hour, local->minute, local->second, &status);
	ms = ucal_getMillis(cal, &status);
	if (U_FAILURE(status))
		return false;
	*utc = (int64_t)(ms / 1000.0);
	return true;
}

bool tz_to_civil(const char *zone, int64_t utc, struct civil *out)
{
	UCalendar *cal = calendar_for(zone);
	UErrorCode status = U_ZERO_ERROR;

	if (cal == NULL)
		return false;
	ucal_setMillis(cal, (UDate)utc * 1000.0, &status);
	out->year = ucal_get(cal, UCAL_EXTENDED_YEAR, &status);
	out->month = ucal_get(cal, UCAL_MONTH, &status) + 1;
	out->day = ucal_get(cal, UCAL_DATE, &status);
	out->hour = ucal_get(cal, UCAL_HOUR_OF_DAY, &status);
	out->minute = ucal_get(cal, UCAL_MINUTE, &status);
	out->second = ucal_get(cal, UCAL_SECOND, &status);
	out->weekday = ucal_get(cal, UCAL_DAY_OF_WEEK, &status) - 1;
	out->offset = (ucal_get(cal, UCAL_ZONE_OFFSET, &status) +
		       ucal_get(cal, UCAL_DST_OFFSET, &status)) / 1000;
	return U_SUCCESS(status);
}

/* Howard Hinnant's days_from_civil: exact for every Gregorian date. */
int64_t civil_day_number(int year, int month, int day)
{
	int64_t y = (int64_t)year - (month <= 2);
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

bool civil_date_valid(int year, int month, int day)
{
	static const int days_in[12] = { 31, 28, 31, 30, 31, 30,
					 31, 31, 30, 31, 30, 31 };
	int max;

	if (month < 1 || month > 12 || day < 1)
		return false;
	max = days_in[month - 1];
	if (month == 2 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)))
		max = 29;
	return day <= max;
}

void tz_thread_cleanup(void)
{
	for (unsigned i = 0; i < CACHE_SIZE; i++) {
		if (cache[i].cal != NULL)
			ucal_close(cache[i].cal);
		cache[i].cal = NULL;
		cache[i].zone[0] = '\0';
	}
}
