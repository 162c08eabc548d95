/* moment.h: reading and writing the time stamps of bundles.
 *
 * Accepted: "2024-01-10" (the local day), "2024-01-10T14:30" or
 * "2024-01-10T14:30:00" (local wall time in the given zone), and the same
 * with "Z" or an offset "-08:00", which must then be the zone's offset at
 * that instant (a mismatch is nearly always a typing error).
 */
#ifndef PAVILION_DOMAIN_MOMENT_H
#define PAVILION_DOMAIN_MOMENT_H

#include <stddef.h>

#include "domain/model.h"

#define MOMENT_TEXT_MAX 32

/* On failure returns -1 and writes the reason into why. */
int moment_parse(const char *text, const char *zone, struct moment *out,
		 char *why, size_t why_size);

/* "2024-01-10" or "2024-01-10T14:30:00-08:00" in zone. */
void moment_format(struct moment m, const char *zone,
		   char out[MOMENT_TEXT_MAX]);

/* The local day of m in zone, as a day number (see civil_day_number). */
int64_t moment_local_day(struct moment m, const char *zone);

/* A calendar date as agreements use them: "2023", "2023-05" or
 * "2023-05-14".  Returns -1 with a reason when malformed. */
int partial_date_check(const char *text, char *why, size_t why_size);

/* A full date "2024-01-10" into its parts; -1 when not one. */
int date_parse(const char *text, int *year, int *month, int *day);

#endif
