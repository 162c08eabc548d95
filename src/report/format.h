/* format.h: dates, times, numbers and money as each language writes them,
 * through ICU ("2024년 1월 10일 (수)", "Wed, Jan 10, 2024"). */
#ifndef PAVILION_REPORT_FORMAT_H
#define PAVILION_REPORT_FORMAT_H

#include <stddef.h>
#include <stdint.h>

#include "domain/enums.h"
#include "domain/model.h"

enum fmt_style {
	FMT_DATE_LONG,   /* 2024년 1월 10일 (수) / Wed, Jan 10, 2024 */
	FMT_DATE_SHORT,  /* 1월 10일 (수) / Wed, Jan 10 */
	FMT_TIME,        /* 14:30 */
	FMT_STYLE_COUNT
};

#define FMT_MAX 128

/* Formats the instant utc as seen in zone.  out gets "" on failure. */
void fmt_instant(enum lang lang, enum fmt_style style, const char *zone,
		 int64_t utc, char out[FMT_MAX]);

/* A day number (civil_day_number) as a date, independent of zones. */
void fmt_day(enum lang lang, enum fmt_style style, int64_t day,
	     char out[FMT_MAX]);

/* 1,000,000 with the language's grouping. */
void fmt_count(enum lang lang, int64_t n, char out[FMT_MAX]);

/* "USD 1,000,000" (fraction digits only when not zero). */
void fmt_money(enum lang lang, const char *currency, int64_t minor,
	       char out[FMT_MAX]);

/* A country's name ("미국", "United States"); the code when unknown. */
void fmt_country(enum lang lang, const char *code, char out[FMT_MAX]);

/* {"ko": ..., "en": ...}: a country's name in both languages. */
#include <jansson.h>
json_t *fmt_country_text(const char *code);

/* Releases this thread's cached formatters. */
void fmt_thread_cleanup(void);

#endif
