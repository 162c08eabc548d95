/* outcome.h: what a mission achieved, counted from its records.
 *
 * Nothing here is typed in: nights and days come from the stops, counts
 * from events and agreements, series positions from signing dates.  The
 * report renderers only format what outcome_compute() found.
 */
#ifndef PAVILION_DOMAIN_OUTCOME_H
#define PAVILION_DOMAIN_OUTCOME_H

#include <stdbool.h>
#include <stdint.h>

#include "domain/model.h"

/* Nights and days of a trip.
 * days: calendar days in the home zone from leaving home to coming back,
 * both counted ("5박 7일" has 7).  nights: nights spent at the stops
 * abroad, each stop contributing the local days between its arrival and
 * its departure, so a flight across the date line neither adds nor loses
 * one. */
struct trip_span {
	bool known;           /* false without dated stops */
	int nights;
	int days;
	int64_t first_day;    /* home-zone day numbers (civil_day_number) */
	int64_t last_day;
};

int itinerary_span(const struct bundle *b, struct trip_span *out);

struct currency_total {
	char currency[4];
	int64_t minor;
	int count;
};

/* Where an agreement stands in its series: the 3rd of 3. */
struct series_place {
	int position;
	int count;
};

struct outcome {
	struct trip_span span;
	int n_cities;
	int *city_stops;          /* first stop index of each distinct city */
	int n_zones;
	const char **zones;       /* distinct zones of the stops abroad */

	int agreements;           /* signed during the mission */
	int by_kind[AGREEMENT_KIND_COUNT];
	int mous_party;           /* the home government signed */
	int mous_supported;       /* it facilitated or witnessed */
	int n_totals;             /* values of contracts and orders */
	struct currency_total *totals;
	struct series_place *places;  /* per agreement of the bundle */

	int events_by_kind[EVENT_KIND_COUNT];
	int pavilions;
	int pavilion_companies;
	int investment_events;     /* business days and briefings */
	int64_t investment_attendance;
	bool attendance_approximate;
	int city_meetings;         /* courtesy calls on governments and cities */
	int corporate_consultations;

	uint32_t sectors;          /* strategic sectors and those touched */
};

/* Fills out from b (which must hold a mission); arrays live in b's arena.
 * Returns 0, or ERROR_NOMEM / ERROR_INVALID through err. */
struct error;
int outcome_compute(const struct bundle *b, struct outcome *out,
		    struct error *err);

#endif
