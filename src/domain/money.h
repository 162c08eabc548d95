/* money.h: amounts as integer minor units of an ISO 4217 currency. */
#ifndef PAVILION_DOMAIN_MONEY_H
#define PAVILION_DOMAIN_MONEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/model.h"

/* True for an active ISO 4217 code ("USD", "KRW"). */
bool money_currency_valid(const char *code);

/* Digits after the decimal point of a currency (2 for USD, 0 for KRW). */
int money_fraction_digits(const char *code);

/* The largest amount of one record, in minor units (10^15: ten trillion
 * dollars, a quadrillion won).  Below 2^53, so JSON readers keep it
 * exact, and far enough below INT64_MAX that totals over thousands of
 * records cannot overflow. */
#define MONEY_MINOR_MAX ((int64_t)1000000000000000)

/* Parses a decimal amount ("1000000", "1000000.50") in currency into
 * minor units.  Returns -1 with a reason in why on a malformed amount,
 * more fraction digits than the currency has, a negative amount or one
 * above MONEY_MINOR_MAX. */
int money_parse(const char *amount, const char *currency, struct money *out,
		char *why, size_t why_size);

/* The amount as a plain decimal string ("1000000.00"). */
void money_format_plain(struct money m, char *out, size_t size);

/* *sum += add; false (and *sum untouched) on overflow. */
bool money_add(int64_t *sum, int64_t add);

/* True for an ISO 3166-1 alpha-2 country code ("KR", "US"). */
bool country_valid(const char *code);

#endif
