/* followup.h: the rules of following a mission up, pure C: the offsets
 * of its surveys, their due days, and what kind of file a piece of
 * evidence really is. */
#ifndef PAVILION_DOMAIN_FOLLOWUP_H
#define PAVILION_DOMAIN_FOLLOWUP_H

#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

/* Survey offsets: at most this many per mission, each 1..60 months. */
#define FOLLOWUP_OFFSETS_MAX 6
#define FOLLOWUP_OFFSET_MONTHS_MAX 60

/* The offsets when a mission has no plan of its own. */
extern const int followup_default_months[3];

/* Checks 1..FOLLOWUP_OFFSETS_MAX offsets in increasing order, each
 * 1..FOLLOWUP_OFFSET_MONTHS_MAX months; err says which is wrong. */
int followup_months_check(const int *months, size_t n, struct error *err);

/* Parses "3,6,12" (as stored) into months; the count, or -1. */
int followup_months_parse(const char *text, int *months, size_t max);

/* day + months, clamped to the last day of the month (2024-08-31 plus 6
 * months is 2025-02-28).  day and out are YYYY-MM-DD. */
void followup_add_months(const char *day, int months, char out[11]);

/* day + days (may be negative), YYYY-MM-DD in and out. */
void followup_add_days(const char *day, int days, char out[11]);

/* A day number (see civil_day_number) as YYYY-MM-DD. */
void followup_day_text(int64_t day, char out[11]);

/* The MIME type the first bytes of a file show (PDF, PNG or JPEG), or
 * NULL for anything else. */
const char *followup_sniff(const unsigned char *bytes, size_t size);

#endif
