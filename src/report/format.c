/* format.c: ICU date and number formatters, cached per thread. */
#include "report/format.h"

#include <stdio.h>
#include <string.h>
#include <unicode/udat.h>
#include <unicode/uloc.h>
#include <unicode/unum.h>
#include <unicode/ustring.h>

#include "domain/money.h"

#define CACHE_SIZE 16
#define ZONE_MAX 64

static const char *const patterns[FMT_STYLE_COUNT][2] = {
	[FMT_DATE_LONG] = { "y년 M월 d일 (E)", "EEE, MMM d, y" },
	[FMT_DATE_SHORT] = { "M월 d일 (E)", "EEE, MMM d" },
	[FMT_TIME] = { "HH:mm", "HH:mm" },
};

static const char *const locales[2] = { "ko_KR", "en_US" };

struct cached_format {
	enum lang lang;
	enum fmt_style style;
	char zone[ZONE_MAX];
	UDateFormat *fmt;
};

static _Thread_local struct cached_format cache[CACHE_SIZE];
static _Thread_local unsigned cache_next;
static _Thread_local UNumberFormat *number_formats[2];

static UDateFormat *date_format(enum lang lang, enum fmt_style style,
				const char *zone)
{
	UChar upattern[64], uzone[ZONE_MAX];
	UErrorCode status = U_ZERO_ERROR;
	struct cached_format *slot;
	size_t zlen = strlen(zone);
	UDateFormat *f;

	if (zlen >= ZONE_MAX)
		return NULL;
	for (unsigned i = 0; i < CACHE_SIZE; i++)
		if (cache[i].fmt != NULL && cache[i].lang == lang &&
		    cache[i].style == style && strcmp(cache[i].zone, zone) == 0)
			return cache[i].fmt;
	u_strFromUTF8(upattern, 64, NULL, patterns[style][lang], -1, &status);
	u_charsToUChars(zone, uzone, (int32_t)zlen + 1);
	f = udat_open(UDAT_PATTERN, UDAT_PATTERN, locales[lang], uzone,
		      (int32_t)zlen, upattern, -1, &status);
	if (U_FAILURE(status))
		return NULL;
	slot = &cache[cache_next++ % CACHE_SIZE];
	if (slot->fmt != NULL)
		udat_close(slot->fmt);
	slot->lang = lang;
	slot->style = style;
	memcpy(slot->zone, zone, zlen + 1);
	slot->fmt = f;
	return f;
}

void fmt_instant(enum lang lang, enum fmt_style style, const char *zone,
		 int64_t utc, char out[FMT_MAX])
{
	UDateFormat *f = date_format(lang, style, zone);
	UChar text[FMT_MAX];
	UErrorCode status = U_ZERO_ERROR;
	int32_t n;

	out[0] = '\0';
	if (f == NULL)
		return;
	n = udat_format(f, (UDate)utc * 1000.0, text, FMT_MAX, NULL, &status);
	if (U_SUCCESS(status))
		u_strToUTF8(out, FMT_MAX, NULL, text, n, &status);
	if (U_FAILURE(status))
		out[0] = '\0';
}

void fmt_day(enum lang lang, enum fmt_style style, int64_t day,
	     char out[FMT_MAX])
{
	/* Noon UTC of the day, formatted in UTC, is that day everywhere. */
	fmt_instant(lang, style, "UTC", day * 86400 + 43200, out);
}

static UNumberFormat *number_format(enum lang lang)
{
	UErrorCode status = U_ZERO_ERROR;

	if (number_formats[lang] == NULL)
		number_formats[lang] = unum_open(UNUM_DECIMAL, NULL, 0,
						 locales[lang], NULL, &status);
	return U_SUCCESS(status) ? number_formats[lang] : NULL;
}

void fmt_count(enum lang lang, int64_t n, char out[FMT_MAX])
{
	UNumberFormat *f = number_format(lang);
	UChar text[FMT_MAX];
	UErrorCode status = U_ZERO_ERROR;
	int32_t len;

	if (f == NULL) {
		snprintf(out, FMT_MAX, "%lld", (long long)n);
		return;
	}
	len = unum_formatInt64(f, n, text, FMT_MAX, NULL, &status);
	u_strToUTF8(out, FMT_MAX, NULL, text, len, &status);
	if (U_FAILURE(status))
		snprintf(out, FMT_MAX, "%lld", (long long)n);
}

void fmt_money(enum lang lang, const char *currency, int64_t minor,
	       char out[FMT_MAX])
{
	int digits = money_fraction_digits(currency);
	int64_t scale = 1;
	char whole[FMT_MAX];

	for (int i = 0; i < digits; i++)
		scale *= 10;
	fmt_count(lang, minor / scale, whole);
	if (minor % scale == 0)
		snprintf(out, FMT_MAX, "%s %s", currency, whole);
	else
		snprintf(out, FMT_MAX, "%s %s.%0*lld", currency, whole, digits,
			 (long long)(minor % scale));
}

void fmt_thread_cleanup(void)
{
	for (unsigned i = 0; i < CACHE_SIZE; i++) {
		if (cache[i].fmt != NULL)
			udat_close(cache[i].fmt);
		cache[i].fmt = NULL;
	}
	for (int i = 0; i < 2; i++) {
		if (number_formats[i] != NULL)
			unum_close(number_formats[i]);
		number_formats[i] = NULL;
	}
}

void fmt_country(enum lang lang, const char *code, char out[FMT_MAX])
{
	char locale[8];
	UChar name[FMT_MAX];
	UErrorCode status = U_ZERO_ERROR;
	int32_t n;

	out[0] = '\0';
	if (code == NULL)
		return;
	snprintf(locale, sizeof locale, "_%s", code);
	n = uloc_getDisplayCountry(locale, lang == LANG_KO ? "ko" : "en", name,
				   FMT_MAX, &status);
	if (U_SUCCESS(status))
		u_strToUTF8(out, FMT_MAX, NULL, name, n, &status);
	if (U_FAILURE(status) || out[0] == '\0')
		snprintf(out, FMT_MAX, "%s", code);
}

json_t *fmt_country_text(const char *code)
{
	char ko[FMT_MAX], en[FMT_MAX];

	fmt_country(LANG_KO, code, ko);
	fmt_country(LANG_EN, code, en);
	return json_pack("{ss ss}", "ko", ko, "en", en);
}
