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

/* One outcome tier (consulted, expected, signed, realised): how many
 * records carry it, the distinct home firms among them and its value per
 * currency.  Tiers are never added to each other. */
struct tier_figure {
	int count;
	int firms;
	int n_values;
	struct currency_total *values;
};

/* Consulted, signed and realised value of one home firm (firm -1: all
 * firms) in one currency: the conversion from one tier to the next. */
struct conversion {
	int firm;
	char currency[4];
	int64_t consulted;
	int64_t signed_value;
	int64_t realised;
};

/* A claim set beside the records: the records' figure for its tier in
 * its currency (or its number of firms), and whether that backs it. */
struct claim_check {
	int64_t recorded_minor;
	int recorded_firms;
	bool backed;
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

	/* The outcome tiers.  signed: contracts and purchase orders of the
	 * mission, signed at its events or from its consultations (not
	 * cancelled); realised: the realisations under them. */
	struct tier_figure tiers[TIER_COUNT];
	struct tier_figure signed_during;   /* at the mission's events or days */
	struct tier_figure signed_after;
	struct tier_figure realised_verified;  /* values with verified evidence */
	int consultation_buyers;    /* named buyers, plus each country-only one */
	const char *realised_as_of; /* the latest realisation's date, or NULL */
	bool has_outcome_records;   /* consultations, realisations or claims */
	int n_conversions;          /* all firms first, then per firm */
	struct conversion *conversions;
	struct claim_check *claims; /* per claim of the bundle */
};

/* The home firm of an agreement: the firm of the consultation it came
 * from, else its first party that is a local company; -1 when none. */
int outcome_home_firm(const struct bundle *b, const struct agreement *a);

/* Whether the agreement counts in the signed tier of b's mission. */
bool outcome_signed(const struct bundle *b, const struct agreement *a);

/* value / base in tenths of a percent, rounded; -1 when base is 0. */
int64_t outcome_permille(int64_t value, int64_t base);

/* Fills out from b (which must hold a mission); arrays live in b's arena.
 * Returns 0, or ERROR_NOMEM / ERROR_INVALID through err. */
struct error;
int outcome_compute(const struct bundle *b, struct outcome *out,
		    struct error *err);

#endif
