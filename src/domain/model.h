/* model.h: the records Pavilion keeps, as plain C structs.
 *
 * A struct bundle holds one mission with everything it refers to (or, with
 * no mission, a slice of the registry).  Records refer to each other by
 * index into the bundle's arrays (-1 for none), so a bundle can be parsed,
 * validated, stored, loaded and reported on without pointers crossing
 * module lines.  All memory belongs to the bundle's arena.
 *
 * Time: an instant is UTC seconds plus the IANA zone where it happened.
 * A moment known only to the day keeps the local midnight of that day and
 * says so (MOMENT_DATE).  Money: integer minor units plus ISO 4217 code.
 */
#ifndef PAVILION_DOMAIN_MODEL_H
#define PAVILION_DOMAIN_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/enums.h"

struct arena;

/* Text in Korean and English; either may be NULL. */
struct text {
	const char *ko;
	const char *en;
};

enum moment_precision {
	MOMENT_NONE = 0,  /* not known */
	MOMENT_DATE,      /* the local day only; utc is its local midnight */
	MOMENT_TIME,      /* to the second */
};

struct moment {
	int64_t utc;
	enum moment_precision precision;
};

struct money {
	int64_t minor;     /* minor units (cents for USD, won for KRW) */
	char currency[4];  /* ISO 4217, NUL-terminated */
};

struct product {
	struct text name;
	const char *hs_code;
};

struct org {
	int64_t id;
	const char *key;
	enum org_kind kind;
	struct text name;
	const char *country;  /* ISO 3166-1 alpha-2 */
	struct text city;
	int parent;           /* index of the parent organisation, or -1 */
	uint32_t sectors;     /* bit per enum sector */
	struct product *products;
	size_t n_products;
	struct text description;
	const char *website;
};

struct person {
	int64_t id;
	const char *key;
	struct text name;
	struct text title;
	int org;
	const char *email;
	const char *phone;
};

struct venue {
	int64_t id;
	const char *key;
	struct text name;
	struct text city;
	const char *country;
	const char *zone;
	struct text address;
};

struct series {
	int64_t id;
	const char *key;
	struct text name;
};

struct delegate {
	int person;
	enum delegate_role role;
};

struct mission {
	int64_t id;
	const char *slug;
	struct text title;
	const char *home_zone;
	int home_org;         /* the government or agency that sends it */
	struct text purpose;
	uint32_t sectors;     /* strategic sectors */
	struct delegate *delegates;
	size_t n_delegates;
};

struct stop {
	int64_t id;
	const char *key;
	struct text city;
	const char *country;
	const char *zone;
	bool home;            /* departure from or return to home */
	struct moment arrive;
	struct moment depart;
};

struct participant {
	int org;
	int person;
	enum participant_role role;
};

/* Counts as reported: -1 when unknown.  approximate marks "about 70". */
struct attendance {
	int64_t registered;
	int64_t attended;
	bool approximate;
};

struct event {
	int64_t id;
	const char *key;
	enum event_kind kind;
	struct text title;
	int stop;
	int venue;
	const char *zone;
	struct moment start;
	struct moment end;
	uint32_t sectors;
	struct participant *participants;
	size_t n_participants;
	struct attendance attendance;
	struct text notes;
};

struct exhibitor {
	int org;              /* -1 when the firm's name was not reported */
	struct text description;
	const char *booth;
	struct text products;
};

struct pavilion {
	int64_t id;
	const char *key;
	int event;
	struct text show;
	struct text name;
	int venue;
	struct exhibitor *exhibitors;
	size_t n_exhibitors;
	struct text notes;
};

struct party {
	int org;
	enum party_role role;
};

struct followup {
	struct text description;
	const char *due_on;   /* YYYY-MM-DD */
	int owner;            /* person index, or -1 */
	const char *done_on;  /* NULL while open */
};

/* An export shipped or paid under an agreement (수출 실적). */
struct realisation {
	int64_t id;
	const char *on;           /* YYYY-MM-DD */
	struct money value;
	int evidence_kind;        /* enum evidence_kind, or -1: none given */
	const char *evidence_reference;
	int verified_by;          /* person index, or -1: unverified */
	const char *verified_at;  /* YYYY-MM-DD, or NULL */
};

struct agreement {
	int64_t id;
	const char *key;
	enum agreement_kind kind;
	struct text title;
	bool in_mission;      /* signed during this bundle's mission */
	int event;            /* where it was signed, or -1 */
	const char *signed_on;  /* YYYY, YYYY-MM or YYYY-MM-DD */
	enum home_role home_role;
	struct party *parties;
	size_t n_parties;
	bool has_value;
	struct money value;
	enum agreement_status status;
	int series;
	uint32_t sectors;
	struct followup *followups;
	size_t n_followups;
	struct text notes;
	int consultation;     /* the consultation it came from, or -1 */
	struct realisation *realisations;
	size_t n_realisations;
};

/* A talk between a home firm and an overseas buyer at one of the
 * mission's events (상담).  The buyer is an organisation, or only a
 * country when it was not disclosed. */
struct consultation {
	int64_t id;
	const char *key;
	int event;
	int firm;
	int buyer;                /* organisation index, or -1 */
	const char *buyer_country;
	struct text products;
	const char *hs_code;
	bool has_consulted;
	struct money consulted;   /* 상담액: discussed, not sold */
	bool has_expected;
	struct money expected;    /* 계약추진액: expected, not signed */
	int likelihood;           /* enum likelihood, or -1 */
	struct text notes;
};

/* A figure announced about the mission, to be set beside its records. */
struct claim {
	int64_t id;
	const char *key;
	enum tier tier;
	bool has_value;
	struct money value;
	int64_t firms;            /* -1 when not announced */
	const char *stated_on;
	struct text source_title;
	const char *source_url;
};

/* The newest link of the outcome records' hash chain when the bundle was
 * loaded (links 0: none), printed by reports so a published figure can be
 * checked against the chain later. */
#define STORE_CHAIN_HASH_HEX 64
struct chain_head {
	int64_t links;
	char head[STORE_CHAIN_HASH_HEX + 1];
	int64_t at_utc;
};

/* Follow-up surveys of the mission's firms (3, 6 and 12 months after
 * return), counted by the store that keeps them; a report shows their
 * status only when there are some. */
struct survey_status {
	int due;
	int overdue;
	int answered;
};

struct bundle {
	struct arena *arena;
	struct org *orgs;
	size_t n_orgs;
	struct person *people;
	size_t n_people;
	struct venue *venues;
	size_t n_venues;
	struct series *series;
	size_t n_series;
	struct mission *mission;  /* NULL for a registry-only bundle */
	struct stop *stops;
	size_t n_stops;
	struct event *events;
	size_t n_events;
	struct pavilion *pavilions;
	size_t n_pavilions;
	struct agreement *agreements;
	size_t n_agreements;
	struct consultation *consultations;
	size_t n_consultations;
	struct claim *claims;
	size_t n_claims;
	struct chain_head chain;
	struct survey_status surveys;
};

/* A new empty bundle with its own arena; NULL when out of memory. */
struct bundle *bundle_new(void);
void bundle_free(struct bundle *b);

/* The consultation an agreement came from, or NULL (also for an index
 * outside the bundle, as in an agreement built without setting it). */
const struct consultation *agreement_consultation(const struct bundle *b,
						  const struct agreement *a);

/* Text in the wanted language, falling back to the other one, then "". */
const char *text_get(struct text t, enum lang lang);

#endif
