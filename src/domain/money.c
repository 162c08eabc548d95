/* money.c: ISO 4217 amounts, validated against ICU's currency data. */
#include "domain/money.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ucurr.h>
#include <unicode/uenum.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#define CURRENCY_MAX 400

static char currencies[CURRENCY_MAX][4];
static size_t n_currencies;
static pthread_once_t currencies_once = PTHREAD_ONCE_INIT;

static int compare_code(const void *a, const void *b)
{
	return strcmp(a, b);
}

static void load_currencies(void)
{
	UErrorCode status = U_ZERO_ERROR;
	UEnumeration *e = ucurr_openISOCurrencies(
		UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
	const char *code;

	if (U_FAILURE(status))
		return;
	while ((code = uenum_next(e, NULL, &status)) != NULL &&
	       U_SUCCESS(status) && n_currencies < CURRENCY_MAX) {
		if (strlen(code) == 3)
			memcpy(currencies[n_currencies++], code, 4);
	}
	uenum_close(e);
	qsort(currencies, n_currencies, sizeof currencies[0], compare_code);
}

bool money_currency_valid(const char *code)
{
	pthread_once(&currencies_once, load_currencies);
	if (strlen(code) != 3)
		return false;
	return bsearch(code, currencies, n_currencies, sizeof currencies[0],
		       compare_code) != NULL;
}

int money_fraction_digits(const char *code)
{
	UChar ucode[4];
	UErrorCode status = U_ZERO_ERROR;
	int32_t digits;

	u_charsToUChars(code, ucode, 4);
	digits = ucurr_getDefaultFractionDigits(ucode, &status);
	if (U_FAILURE(status) || digits < 0 || digits > 4)
		return 2;
	return digits;
}

int money_parse(const char *amount, const char *currency, struct money *out,
		char *why, size_t why_size)
{
	int fraction = money_fraction_digits(currency);
	int64_t minor = 0;
	int seen_digits = 0, seen_fraction = -1;
	const char *p;

	for (p = amount; *p != '\0'; p++) {
		if (*p == '.' && seen_fraction < 0 && seen_digits > 0) {
			seen_fraction = 0;
			continue;
		}
		if (*p < '0' || *p > '9') {
			snprintf(why, why_size,
				 "\"%s\" is not an amount (digits, optionally a point and up to %d decimals)",
				 amount, fraction);
			return -1;
		}
		if (seen_fraction >= 0 && ++seen_fraction > fraction) {
			if (fraction == 0)
				snprintf(why, why_size, "\"%s\" has decimals, but %s has"
					 " no minor unit", amount, currency);
			else
				snprintf(why, why_size, "\"%s\" has more than %d decimals"
					 " for %s", amount, fraction, currency);
			return -1;
		}
		if (minor > (INT64_MAX - (*p - '0')) / 10)
			goto overflow;
		minor = minor * 10 + (*p - '0');
		seen_digits++;
	}
	if (seen_digits == 0 || seen_fraction == 0) {
		snprintf(why, why_size, "\"%s\" is not an amount", amount);
		return -1;
	}
	for (int i = seen_fraction < 0 ? 0 : seen_fraction; i < fraction; i++) {
		if (minor > INT64_MAX / 10)
			goto overflow;
		minor *= 10;
	}
	if (minor > MONEY_MINOR_MAX)
		goto overflow;
	out->minor = minor;
	memcpy(out->currency, currency, 3);
	out->currency[3] = '\0';
	return 0;
overflow:
	snprintf(why, why_size, "\"%s\" is too large (at most %lld in minor"
		 " units)", amount, (long long)MONEY_MINOR_MAX);
	return -1;
}

void money_format_plain(struct money m, char *out, size_t size)
{
	int fraction = money_fraction_digits(m.currency);
	int64_t scale = 1;

	for (int i = 0; i < fraction; i++)
		scale *= 10;
	if (fraction == 0)
		snprintf(out, size, "%lld", (long long)m.minor);
	else
		snprintf(out, size, "%lld.%0*lld", (long long)(m.minor / scale),
			 fraction, (long long)(m.minor % scale));
}

bool money_add(int64_t *sum, int64_t add)
{
	if ((add > 0 && *sum > INT64_MAX - add) ||
	    (add < 0 && *sum < INT64_MIN - add))
		return false;
	*sum += add;
	return true;
}

bool country_valid(const char *code)
{
	const char *const *list = uloc_getISOCountries();

	if (strlen(code) != 2)
		return false;
	for (; *list != NULL; list++)
		if (strcmp(*list, code) == 0)
			return true;
	return false;
}
