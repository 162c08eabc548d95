/* enums.h: the closed vocabularies of the model, with their stable codes
 * (used in bundles, the database and the API) and labels in both
 * languages. */
#ifndef PAVILION_DOMAIN_ENUMS_H
#define PAVILION_DOMAIN_ENUMS_H

#include <stddef.h>

enum lang { LANG_KO = 0, LANG_EN = 1 };

struct enum_entry {
	const char *code;
	const char *ko;
	const char *en;
};

struct enum_table {
	const char *name;    /* what the value is, for error messages */
	const struct enum_entry *entries;
	size_t count;
};

enum org_kind {
	ORG_LOCAL_COMPANY, ORG_BUYER, ORG_DISTRIBUTOR, ORG_ASSOCIATION,
	ORG_GOVERNMENT, ORG_UNIVERSITY, ORG_RESEARCH_INSTITUTE, ORG_COMPANY,
	ORG_KIND_COUNT
};

enum sector {
	SECTOR_BIO, SECTOR_DEFENCE, SECTOR_MOBILITY, SECTOR_AGRI_FOOD,
	SECTOR_ICT, SECTOR_AI, SECTOR_SEMICONDUCTOR, SECTOR_BATTERY,
	SECTOR_ENERGY, SECTOR_HYDROGEN, SECTOR_MACHINERY, SECTOR_CHEMICALS,
	SECTOR_COSMETICS, SECTOR_HEALTHCARE, SECTOR_CONTENT, SECTOR_LOGISTICS,
	SECTOR_EDUCATION, SECTOR_COUNT
};

enum event_kind {
	EVENT_JOINT_PAVILION, EVENT_SIGNING, EVENT_BUSINESS_DAY,
	EVENT_COURTESY_CALL, EVENT_SITE_VISIT, EVENT_CONSULTATION,
	EVENT_COACHING, EVENT_TECH_EXCHANGE, EVENT_B2B_MEETING,
	EVENT_ADDRESS, EVENT_SALES_PROMOTION, EVENT_EXPORT_CONSULTATION,
	EVENT_KIND_COUNT
};

enum participant_role {
	PARTICIPANT_HOST, PARTICIPANT_COUNTERPART, PARTICIPANT_SIGNATORY,
	PARTICIPANT_WITNESS, PARTICIPANT_SPEAKER, PARTICIPANT_ATTENDEE,
	PARTICIPANT_EXHIBITOR, PARTICIPANT_ROLE_COUNT
};

enum delegate_role {
	DELEGATE_LEADER, DELEGATE_MEMBER, DELEGATE_STAFF, DELEGATE_COMPANY,
	DELEGATE_ROLE_COUNT
};

enum agreement_kind {
	AGREEMENT_MOU, AGREEMENT_LOI, AGREEMENT_CONTRACT,
	AGREEMENT_PURCHASE_ORDER, AGREEMENT_KIND_COUNT
};

enum agreement_status {
	STATUS_SIGNED, STATUS_IN_EXECUTION, STATUS_FULFILLED, STATUS_LAPSED,
	STATUS_CANCELLED, STATUS_COUNT
};

/* How the home government stands to an agreement. */
enum home_role {
	HOME_PARTY, HOME_FACILITATOR, HOME_WITNESS, HOME_NONE, HOME_ROLE_COUNT
};

enum party_role {
	PARTY_PARTY, PARTY_BUYER, PARTY_SELLER, PARTY_ROLE_COUNT
};

/* Who asked for a B2B meeting. */
enum request_source {
	SOURCE_OFFICER, SOURCE_COMPANY, SOURCE_SUGGESTION, SOURCE_COUNT
};

/* How likely a consultation is to become a contract. */
enum likelihood { LIKELIHOOD_HIGH, LIKELIHOOD_MEDIUM, LIKELIHOOD_LOW,
		  LIKELIHOOD_COUNT };
/* What proves a realised export. */
enum evidence_kind {
	EVIDENCE_EXPORT_DECLARATION, EVIDENCE_INVOICE, EVIDENCE_PAYMENT,
	EVIDENCE_LETTER_OF_CREDIT, EVIDENCE_STATEMENT, EVIDENCE_KIND_COUNT
};
/* The outcome tiers, never added together. */
enum tier { TIER_CONSULTED, TIER_EXPECTED, TIER_SIGNED, TIER_REALISED,
	    TIER_COUNT };

extern const struct enum_table enum_org_kind;
extern const struct enum_table enum_sector;
extern const struct enum_table enum_event_kind;
extern const struct enum_table enum_participant_role;
extern const struct enum_table enum_delegate_role;
extern const struct enum_table enum_agreement_kind;
extern const struct enum_table enum_agreement_status;
extern const struct enum_table enum_home_role;
extern const struct enum_table enum_party_role;
extern const struct enum_table enum_request_source;
extern const struct enum_table enum_likelihood;
extern const struct enum_table enum_evidence_kind;
extern const struct enum_table enum_tier;

/* Index of code in t, or -1. */
int enum_parse(const struct enum_table *t, const char *code);
const char *enum_code(const struct enum_table *t, int value);
const char *enum_label(const struct enum_table *t, int value, enum lang lang);

/* "ko" or "en" to enum lang; -1 otherwise. */
int lang_parse(const char *s);

#endif
