/* resources.c: the field tables of every resource the API serves.
 *
 * Column names follow the schema of sqlite_schema.c; a field's flags say
 * what the API may do with it (see resource.h).  Company scopes are the
 * rows a company account may read: its own organisation and people, the
 * events it took part in and the agreements it is a party to.
 */
#include "store/resource.h"

#include <stdio.h>
#include <string.h>

#include "domain/money.h"

#define F(n, t, c, fl, d) { n, t, c, fl, NULL, -1, 0, d }
#define FE(n, c, fl, tab, d) { n, SF_ENUM, c, fl, &(tab), -1, 0, d }
#define FR(n, c, fl, r, d) { n, SF_REF, c, fl, NULL, r, 0, d }
#define FC(n, c, fl, mx, d) { n, SF_COUNT, c, fl, NULL, -1, mx, d }
#define N(a) (sizeof(a) / sizeof((a)[0]))
/* The last UTC second whose local date is in 2200 in every zone
 * (2200-12-30T23:59:59Z): bundles and CSV accept the years 1900..2200,
 * and what the API stores must export and import back. */
#define UTC_MAX 7289567999

static const struct store_field org_fields[] = {
	F("key", SF_KEY, "key", SF_REQUIRED | SF_FILTER | SF_SORT, "stable key"),
	FE("kind", "kind", SF_REQUIRED | SF_FILTER | SF_SORT, enum_org_kind,
	   "kind of organisation"),
	F("name", SF_TEXT, "name", 0, "name in Korean and English"),
	F("country", SF_COUNTRY, "country", SF_FILTER | SF_SORT, "ISO 3166-1 alpha-2"),
	F("city", SF_TEXT, "city", 0, "city"),
	FR("parent_id", "parent_id", SF_FILTER, RES_ORGANISATIONS, "parent organisation"),
	F("sectors", SF_SECTORS, "sectors", SF_NOT_NULL, "sectors it works in"),
	F("description", SF_TEXT, "description", 0, "what it does"),
	F("website", SF_STRING, "website", 0, "web address"),
};

static const struct store_field person_fields[] = {
	F("key", SF_KEY, "key", SF_REQUIRED | SF_FILTER | SF_SORT, "stable key"),
	F("name", SF_TEXT, "name", 0, "name"),
	F("title", SF_TEXT, "title", 0, "job title"),
	FR("organisation_id", "organisation_id", SF_FILTER, RES_ORGANISATIONS,
	   "employer"),
	F("email", SF_STRING, "email", 0, "e-mail address"),
	F("phone", SF_STRING, "phone", 0, "telephone number"),
};

static const struct store_field mission_fields[] = {
	F("slug", SF_SLUG, "slug", SF_REQUIRED | SF_FILTER | SF_SORT, "stable slug"),
	F("title", SF_TEXT, "title", SF_REQUIRED, "title"),
	F("home_zone", SF_ZONE, "home_zone", SF_REQUIRED, "IANA zone of home"),
	FR("home_organisation_id", "home_organisation_id", SF_FILTER,
	   RES_ORGANISATIONS, "the government or agency sending it"),
	F("purpose", SF_TEXT, "purpose", 0, "purpose"),
	F("sectors", SF_SECTORS, "sectors", SF_NOT_NULL, "strategic sectors"),
};

static const struct store_field stop_fields[] = {
	FR("mission_id", "mission_id", SF_REQUIRED | SF_FIXED | SF_FILTER,
	   RES_MISSIONS, "mission"),
	F("key", SF_KEY, "key", SF_REQUIRED | SF_FILTER | SF_SORT, "key within the mission"),
	F("city", SF_TEXT, "city", 0, "city"),
	F("country", SF_COUNTRY, "country", SF_FILTER, "ISO 3166-1 alpha-2"),
	F("zone", SF_ZONE, "zone", SF_REQUIRED, "IANA zone"),
	F("home", SF_BOOL, "home", SF_NOT_NULL, "departure from or return home"),
	FC("arrive_utc", "arrive_utc", SF_SORT, UTC_MAX, "arrival, UTC seconds"),
	FC("arrive_precision", "arrive_precision", SF_NOT_NULL, 2,
	   "0 unknown, 1 day, 2 second"),
	FC("depart_utc", "depart_utc", 0, UTC_MAX, "departure, UTC seconds"),
	FC("depart_precision", "depart_precision", SF_NOT_NULL, 2,
	   "0 unknown, 1 day, 2 second"),
};

static const struct store_field event_fields[] = {
	FR("mission_id", "mission_id", SF_REQUIRED | SF_FIXED | SF_FILTER,
	   RES_MISSIONS, "mission"),
	F("key", SF_KEY, "key", SF_REQUIRED | SF_FILTER | SF_SORT, "key within the mission"),
	FE("kind", "kind", SF_REQUIRED | SF_FILTER | SF_SORT, enum_event_kind,
	   "kind of event"),
	F("title", SF_TEXT, "title", SF_REQUIRED, "title"),
	FR("stop_id", "stop_id", SF_FILTER, RES_STOPS, "stop of the mission"),
	FR("venue_id", "venue_id", 0, -1, "venue"),
	F("zone", SF_ZONE, "zone", SF_REQUIRED, "IANA zone where it happens"),
	FC("start_utc", "start_utc", SF_REQUIRED | SF_SORT, UTC_MAX, "start, UTC seconds"),
	FC("start_precision", "start_precision", SF_REQUIRED, 2,
	   "1 day, 2 second"),
	FC("end_utc", "end_utc", 0, UTC_MAX, "end, UTC seconds"),
	FC("end_precision", "end_precision", SF_NOT_NULL, 2, "0 unknown, 1 day, 2 second"),
	F("sectors", SF_SECTORS, "sectors", SF_NOT_NULL, "sectors"),
	FC("registered", "registered", 0, 0, "registered attendees"),
	FC("attended", "attended", 0, 0, "actual attendees"),
	F("attendance_approximate", SF_BOOL, "attendance_approximate", SF_NOT_NULL,
	  "counts are approximate"),
	F("notes", SF_TEXT, "notes", 0, "notes"),
	FC("meeting_travel_minutes", "meeting_travel_minutes", SF_NOT_NULL, 10080,
	   "B2B meetings: minutes to allow between two venues"),
};

static const struct store_field participant_fields[] = {
	FR("organisation_id", "organisation_id", SF_FILTER, RES_ORGANISATIONS,
	   "organisation taking part"),
	FR("person_id", "person_id", SF_FILTER, RES_PEOPLE, "person taking part"),
	FE("role", "role", SF_REQUIRED | SF_FILTER, enum_participant_role, "role"),
	FC("max_meetings", "max_meetings", 0, 1000,
	   "B2B meetings: at most this many, null for no limit"),
	FC("available_from_utc", "available_from_utc", 0, UTC_MAX,
	   "B2B meetings: available from, UTC seconds"),
	FC("available_until_utc", "available_until_utc", 0, UTC_MAX,
	   "B2B meetings: available until, UTC seconds"),
};

static const struct store_field pavilion_fields[] = {
	FR("mission_id", "mission_id", SF_REQUIRED | SF_FIXED | SF_FILTER,
	   RES_MISSIONS, "mission"),
	F("key", SF_KEY, "key", SF_REQUIRED | SF_FILTER | SF_SORT, "key within the mission"),
	FR("event_id", "event_id", SF_FILTER, RES_EVENTS, "the show's event"),
	F("show", SF_TEXT, "show", 0, "trade show"),
	F("name", SF_TEXT, "name", 0, "pavilion name"),
	FR("venue_id", "venue_id", 0, -1, "venue"),
	F("notes", SF_TEXT, "notes", 0, "notes"),
};

static const struct store_field exhibitor_fields[] = {
	FR("organisation_id", "organisation_id", SF_FILTER, RES_ORGANISATIONS,
	   "exhibiting firm"),
	F("description", SF_TEXT, "description", 0, "description"),
	F("booth", SF_STRING, "booth", 0, "booth number"),
	F("products", SF_TEXT, "products", 0, "products shown"),
};

static const struct store_field agreement_fields[] = {
	F("key", SF_KEY, "key", SF_REQUIRED | SF_FILTER | SF_SORT, "stable key"),
	FE("kind", "kind", SF_REQUIRED | SF_FILTER | SF_SORT, enum_agreement_kind,
	   "kind of agreement"),
	F("title", SF_TEXT, "title", SF_REQUIRED, "title"),
	FR("mission_id", "mission_id", SF_FILTER, RES_MISSIONS, "signed during"),
	FR("event_id", "event_id", SF_FILTER, RES_EVENTS, "signed at"),
	F("signed_on", SF_PARTIAL_DATE, "signed_on", SF_REQUIRED | SF_SORT,
	  "YYYY, YYYY-MM or YYYY-MM-DD"),
	FE("home_role", "home_role", SF_REQUIRED, enum_home_role,
	   "how the home government stands to it"),
	FC("value_minor", "value_minor", SF_SORT, MONEY_MINOR_MAX,
	   "value in minor units of currency"),
	F("currency", SF_CURRENCY, "currency", SF_FILTER, "ISO 4217 code of the value"),
	FE("status", "status", SF_REQUIRED | SF_FILTER | SF_SORT,
	   enum_agreement_status, "status"),
	FR("series_id", "series_id", 0, -1, "series of agreements"),
	F("sectors", SF_SECTORS, "sectors", SF_NOT_NULL, "sectors"),
	F("notes", SF_TEXT, "notes", 0, "notes"),
	FR("consultation_id", "consultation_id", SF_FILTER, RES_CONSULTATIONS,
	   "the consultation it came from"),
};

static const struct store_field party_fields[] = {
	FR("organisation_id", "organisation_id", SF_REQUIRED | SF_FILTER,
	   RES_ORGANISATIONS, "party"),
	FE("role", "role", SF_REQUIRED, enum_party_role, "role"),
};

static const struct store_field followup_fields[] = {
	F("description", SF_TEXT, "description", 0, "what is to be done"),
	F("due_on", SF_DATE, "due_on", SF_REQUIRED | SF_SORT, "due date"),
	FR("owner_person_id", "owner_person_id", SF_FILTER, RES_PEOPLE, "owner"),
	F("done_on", SF_DATE, "done_on", SF_SORT, "date done, null while open"),
};

static const struct store_field slot_fields[] = {
	FR("event_id", "event_id", SF_REQUIRED | SF_FIXED | SF_FILTER, RES_EVENTS,
	   "the event"),
	FC("start_utc", "start_utc", SF_REQUIRED | SF_SORT, UTC_MAX, "start, UTC seconds"),
	FC("end_utc", "end_utc", SF_REQUIRED, UTC_MAX, "end, UTC seconds"),
	FR("venue_id", "venue_id", 0, -1, "venue, when not the event's"),
	FC("tables", "tables", SF_REQUIRED, 100000, "meetings the slot can hold"),
};

static const struct store_field request_fields[] = {
	FR("event_id", "event_id", SF_REQUIRED | SF_FIXED | SF_FILTER, RES_EVENTS,
	   "the event"),
	FR("from_organisation_id", "from_organisation_id",
	   SF_REQUIRED | SF_FIXED | SF_FILTER, RES_ORGANISATIONS, "who asks"),
	FR("to_organisation_id", "to_organisation_id",
	   SF_REQUIRED | SF_FIXED | SF_FILTER, RES_ORGANISATIONS, "whom it asks to meet"),
	FC("weight", "weight", SF_NOT_NULL, 100, "priority, 1 to 100 (default 1)"),
	FE("source", "source", SF_NOT_NULL | SF_FILTER, enum_request_source,
	   "officer, company (a company account's own) or suggestion"),
	F("note", SF_STRING, "note", 0, "note"),
};

static const struct store_field meeting_fields[] = {
	FR("event_id", "event_id", SF_REQUIRED | SF_FIXED | SF_FILTER, RES_EVENTS,
	   "the event"),
	FR("slot_id", "slot_id", SF_REQUIRED | SF_FILTER | SF_SORT, RES_SLOTS,
	   "the slot"),
	FC("table_no", "table_no", SF_REQUIRED, 100000, "table number, from 1"),
	FR("a_organisation_id", "a_organisation_id", SF_REQUIRED | SF_FILTER,
	   RES_ORGANISATIONS, "one side"),
	FR("b_organisation_id", "b_organisation_id", SF_REQUIRED | SF_FILTER,
	   RES_ORGANISATIONS, "the other side"),
	F("confirmed", SF_BOOL, "confirmed", SF_NOT_NULL | SF_FILTER,
	  "confirmed meetings stay where they are when the schedule is re-run"),
};

#define SIGNED_DAY STORE_SQL_SIGNED_DAY("signed_on")

static const struct store_filter org_filters[] = {
	{ "q", SFT_SEARCH, NULL, 1, "name contains this text (search index)" },
	{ "sector", SFT_SECTOR, "(sectors >> :sector) & 1", 0, "works in this sector" },
};

static const struct store_filter agreement_filters[] = {
	{ "signed_from", SFT_DATE, SIGNED_DAY " >= :signed_from", 0,
	  "signed on or after this day (YYYY-MM-DD)" },
	{ "signed_to", SFT_DATE, SIGNED_DAY " <= :signed_to", 0,
	  "signed on or before this day (YYYY-MM-DD)" },
	{ "province", SFT_ID, "mission_id IN (SELECT id FROM mission"
	  " WHERE home_organisation_id = :province)", 0,
	  "signed during a mission sent by this organisation (id)" },
	{ "series", SFT_ID, "series_id = :series", 0, "of this series (id)" },
	{ "q", SFT_SEARCH, NULL, 6, "title contains this text (search index)" },
	/* The meanings of /api/stats's filters of agreements. */
	{ "year", SFT_YEAR, STORE_SQL_YEAR("signed_on"), 0,
	  "signed in this year (YYYY)" },
	{ "country", SFT_COUNTRY, "event_id IN (SELECT e.id FROM event e"
	  " JOIN stop st ON st.id = e.stop_id WHERE st.country = :country)", 0,
	  "signed at an event of a stop in this country (ISO 3166-1 alpha-2)" },
	{ "sector", SFT_SECTOR, STORE_SQL_SECTOR("sectors"), 0, "in this sector" },
	{ "mission", SFT_ID, "mission_id = :mission", 0,
	  "signed during this mission (id), as mission_id" },
};

/* The meanings of /api/stats's filters of events. */
static const struct store_filter event_filters[] = {
	{ "year", SFT_YEAR, STORE_SQL_YEAR("local_day"), 0,
	  "held in this year, by its local day (YYYY)" },
	{ "province", SFT_ID, "mission_id IN (SELECT id FROM mission"
	  " WHERE home_organisation_id = :province)", 0,
	  "of a mission sent by this organisation (id)" },
	{ "country", SFT_COUNTRY, "stop_id IN (SELECT id FROM stop"
	  " WHERE country = :country)", 0,
	  "held at a stop in this country (ISO 3166-1 alpha-2)" },
	{ "sector", SFT_SECTOR, STORE_SQL_SECTOR("sectors"), 0, "in this sector" },
	{ "mission", SFT_ID, "mission_id = :mission", 0,
	  "of this mission (id), as mission_id" },
};

static const struct store_field consultation_fields[] = {
	F("key", SF_KEY, "key", SF_REQUIRED | SF_FILTER | SF_SORT, "stable key"),
	FR("event_id", "event_id", SF_REQUIRED | SF_FILTER, RES_EVENTS,
	   "the event where the talk took place"),
	FR("firm_id", "firm_id", SF_REQUIRED | SF_FILTER, RES_ORGANISATIONS,
	   "the home firm"),
	FR("buyer_id", "buyer_id", SF_FILTER, RES_ORGANISATIONS,
	   "the buyer; or give only buyer_country"),
	F("buyer_country", SF_COUNTRY, "buyer_country", SF_FILTER,
	  "the undisclosed buyer's country (ISO 3166-1 alpha-2)"),
	FR("meeting_id", "meeting_id", SF_FILTER, RES_MEETINGS,
	   "the B2B meeting it records"),
	F("products", SF_TEXT, "products", 0, "products discussed"),
	F("hs_code", SF_STRING, "hs_code", 0, "HS code of the products"),
	F("consulted", SF_MONEY, "consulted", SF_SORT,
	  "the amount discussed (상담액); not a sale"),
	F("expected", SF_MONEY, "expected", SF_SORT,
	  "the amount the firm expects to contract (계약추진액); not a sale"),
	FE("likelihood", "likelihood", SF_FILTER, enum_likelihood,
	   "how likely a contract is"),
	FR("recorded_by", "recorded_by", 0, RES_PEOPLE, "who recorded it"),
	F("notes", SF_TEXT, "notes", 0, "notes"),
};

static const struct store_field realisation_fields[] = {
	FR("agreement_id", "agreement_id", SF_REQUIRED | SF_FIXED | SF_FILTER,
	   RES_AGREEMENTS, "the agreement it was shipped or paid under"),
	F("on", SF_DATE, "on_date", SF_REQUIRED | SF_SORT, "date shipped or paid"),
	F("value", SF_MONEY, "value", SF_REQUIRED | SF_SORT, "value realised"),
	FE("evidence_kind", "evidence_kind", SF_FILTER, enum_evidence_kind,
	   "kind of evidence"),
	F("evidence_reference", SF_STRING, "evidence_reference", 0,
	  "the evidence's number or reference"),
	FR("verified_by", "verified_by", SF_FILTER, RES_PEOPLE,
	   "the officer who verified the evidence; null: unverified"),
	F("verified_at", SF_DATE, "verified_at", 0, "when it was verified"),
};

static const struct store_field claim_fields[] = {
	FR("mission_id", "mission_id", SF_REQUIRED | SF_FIXED | SF_FILTER,
	   RES_MISSIONS, "the mission it is about"),
	F("key", SF_KEY, "key", SF_REQUIRED | SF_FILTER | SF_SORT,
	  "key within the mission"),
	FE("tier", "tier", SF_REQUIRED | SF_FILTER, enum_tier,
	   "the tier it claims"),
	F("value", SF_MONEY, "value", 0, "the figure announced"),
	FC("firms", "firms", 0, 0, "the number of firms announced"),
	F("stated_on", SF_DATE, "stated_on", SF_REQUIRED | SF_SORT,
	  "when it was announced"),
	F("source_title", SF_TEXT, "source_title", 0,
	  "press release, council answer or news report"),
	F("source_url", SF_STRING, "source_url", 0, "where it can be read"),
};

#define OWN_EVENTS "(SELECT event_id FROM participant WHERE organisation_id = :org)"
#define OWN_AGREEMENTS \
	"(SELECT agreement_id FROM agreement_party WHERE organisation_id = :org)"

/* A meeting placed by hand: in a slot of its own event, at one of the
 * slot's tables, between participants of the event, each of them in no
 * other meeting of that slot. */
#define MEETING_OTHER(org) \
	"EXISTS (SELECT 1 FROM meeting o WHERE o.slot_id = m.slot_id" \
	" AND o.id <> m.id AND " org " IN (o.a_organisation_id, o.b_organisation_id))"
#define MEETING_PARTICIPANT(org) \
	"EXISTS (SELECT 1 FROM participant p WHERE p.event_id = m.event_id" \
	" AND p.organisation_id = " org ")"
#define MEETING_RULES \
	"SELECT CASE" \
	" WHEN s.event_id <> m.event_id THEN printf('/slot_id: slot %d belongs" \
	" to event %d, not to event %d', s.id, s.event_id, m.event_id)" \
	" WHEN m.table_no > s.tables THEN printf('/table_no: slot %d has %d" \
	" table(s), no table %d', s.id, s.tables, m.table_no)" \
	" WHEN NOT " MEETING_PARTICIPANT("m.a_organisation_id") \
	" THEN printf('/a_organisation_id: organisation %d is not a participant" \
	" of event %d', m.a_organisation_id, m.event_id)" \
	" WHEN NOT " MEETING_PARTICIPANT("m.b_organisation_id") \
	" THEN printf('/b_organisation_id: organisation %d is not a participant" \
	" of event %d', m.b_organisation_id, m.event_id)" \
	" WHEN " MEETING_OTHER("m.a_organisation_id") \
	" THEN printf('/a_organisation_id: organisation %d already meets someone" \
	" in slot %d', m.a_organisation_id, m.slot_id)" \
	" WHEN " MEETING_OTHER("m.b_organisation_id") \
	" THEN printf('/b_organisation_id: organisation %d already meets someone" \
	" in slot %d', m.b_organisation_id, m.slot_id)" \
	" END FROM meeting m JOIN meeting_slot s ON s.id = m.slot_id" \
	" WHERE m.id = :id"

/* A slot keeps a table for each of its meetings. */
#define SLOT_RULES \
	"SELECT printf('/tables: slot %d has a meeting at table %d', s.id," \
	" max(m.table_no)) FROM meeting_slot s JOIN meeting m ON m.slot_id = s.id" \
	" WHERE s.id = :id GROUP BY s.id HAVING max(m.table_no) > s.tables"

static const struct store_resource organisations = {
	RES_ORGANISATIONS, "organisations", "organisation", "organisation", -1,
	NULL, "id", "id = :org", "organisation", org_fields, N(org_fields),
	"Companies, buyers, agencies and other organisations.",
	.filters = org_filters, .n_filters = N(org_filters),
};
static const struct store_resource people = {
	RES_PEOPLE, "people", "person", "person", -1, NULL, "id",
	"organisation_id = :org", "person", person_fields, N(person_fields),
	"People of the organisations.",
};
static const struct store_resource missions = {
	RES_MISSIONS, "missions", "mission", "mission", -1, NULL, "id", NULL,
	"mission", mission_fields, N(mission_fields), "Trade missions.",
};
static const struct store_resource stops = {
	RES_STOPS, "stops", "stop", "stop", -1, NULL, "id", NULL, NULL,
	stop_fields, N(stop_fields), "Cities a mission stops in.",
};
static const struct store_resource events = {
	RES_EVENTS, "events", "event", "event", -1, NULL, "id",
	"id IN " OWN_EVENTS, "event", event_fields, N(event_fields),
	"Events of a mission: signings, business days, B2B meetings, ...",
	.filters = event_filters, .n_filters = N(event_filters),
};
static const struct store_resource participants = {
	RES_PARTICIPANTS, "participants", "participant", "participant",
	RES_EVENTS, "event_id", "id", "event_id IN " OWN_EVENTS, NULL,
	participant_fields, N(participant_fields), "Who took part in an event.",
};
static const struct store_resource pavilions = {
	RES_PAVILIONS, "pavilions", "pavilion", "pavilion", -1, NULL, "id", NULL,
	"pavilion", pavilion_fields, N(pavilion_fields),
	"Joint pavilions at trade shows.",
};
static const struct store_resource exhibitors = {
	RES_EXHIBITORS, "exhibitors", "exhibitor", "exhibitor", RES_PAVILIONS,
	"pavilion_id", "id", "organisation_id = :org", NULL,
	exhibitor_fields, N(exhibitor_fields), "Firms exhibiting in a pavilion.",
};
static const struct store_resource agreements = {
	RES_AGREEMENTS, "agreements", "agreement", "agreement", -1, NULL, "id",
	"id IN " OWN_AGREEMENTS, "agreement", agreement_fields,
	N(agreement_fields), "MOUs, LOIs, contracts and purchase orders.",
	.filters = agreement_filters, .n_filters = N(agreement_filters),
};
static const struct store_resource parties = {
	RES_PARTIES, "parties", "party", "agreement_party", RES_AGREEMENTS,
	"agreement_id", "id", "agreement_id IN " OWN_AGREEMENTS, NULL,
	party_fields, N(party_fields), "Parties to an agreement.",
};
static const struct store_resource followups = {
	RES_FOLLOWUPS, "followups", "follow-up", "followup", RES_AGREEMENTS,
	"agreement_id", "id", "agreement_id IN " OWN_AGREEMENTS, NULL,
	followup_fields, N(followup_fields), "Follow-ups of an agreement.",
};

static const struct store_resource slots = {
	RES_SLOTS, "slots", "slot", "meeting_slot", -1, NULL, "id",
	"event_id IN " OWN_EVENTS, NULL, slot_fields, N(slot_fields),
	"B2B meeting slots of an event: a time, a venue and a number of tables.",
	NULL, SLOT_RULES,
};
static const struct store_resource meeting_requests = {
	RES_MEETING_REQUESTS, "meeting-requests", "meeting request",
	"meeting_request", -1, NULL, "id",
	"from_organisation_id = :org OR to_organisation_id = :org", NULL,
	request_fields, N(request_fields),
	"Who asks to meet whom at an event; a pair asked both ways counts twice.",
	"from_organisation_id = :org AND source = 'company'"
	" AND event_id IN " OWN_EVENTS,
};
static const struct store_resource meetings = {
	RES_MEETINGS, "meetings", "meeting", "meeting", -1, NULL, "id",
	"a_organisation_id = :org OR b_organisation_id = :org", NULL,
	meeting_fields, N(meeting_fields),
	"B2B meetings placed in slots, by the scheduler or by hand.",
	.rule_check = MEETING_RULES,
};

/* The meanings of /api/stats?measure=consultations's filters: a
 * consultation is dated, placed and sectored by its event. */
static const struct store_filter consultation_filters[] = {
	{ "year", SFT_YEAR, "event_id IN (SELECT id FROM event WHERE "
	  STORE_SQL_YEAR("local_day") ")", 0, "at an event held in this year (YYYY)" },
	{ "province", SFT_ID, "event_id IN (SELECT e.id FROM event e JOIN mission m"
	  " ON m.id = e.mission_id WHERE m.home_organisation_id = :province)", 0,
	  "at an event of a mission sent by this organisation (id)" },
	{ "country", SFT_COUNTRY, "event_id IN (SELECT e.id FROM event e"
	  " JOIN stop st ON st.id = e.stop_id WHERE st.country = :country)", 0,
	  "at an event of a stop in this country (ISO 3166-1 alpha-2)" },
	{ "sector", SFT_SECTOR, "event_id IN (SELECT id FROM event WHERE "
	  STORE_SQL_SECTOR("sectors") ")", 0, "at an event in this sector" },
	{ "mission", SFT_ID, "event_id IN (SELECT id FROM event"
	  " WHERE mission_id = :mission)", 0, "at an event of this mission (id)" },
};

/* The meanings of /api/stats?measure=realisations's filters: dated by
 * its own day, placed and sectored by its agreement. */
static const struct store_filter realisation_filters[] = {
	{ "year", SFT_YEAR, STORE_SQL_YEAR("on_date"), 0, "realised in this year (YYYY)" },
	{ "province", SFT_ID, "agreement_id IN (SELECT a.id FROM agreement a"
	  " JOIN mission m ON m.id = a.mission_id"
	  " WHERE m.home_organisation_id = :province)", 0,
	  "under an agreement of a mission sent by this organisation (id)" },
	{ "country", SFT_COUNTRY, "agreement_id IN (SELECT a.id FROM agreement a"
	  " JOIN event e ON e.id = a.event_id JOIN stop st ON st.id = e.stop_id"
	  " WHERE st.country = :country)", 0,
	  "under an agreement signed in this country (ISO 3166-1 alpha-2)" },
	{ "sector", SFT_SECTOR, "agreement_id IN (SELECT id FROM agreement WHERE "
	  STORE_SQL_SECTOR("sectors") ")", 0, "under an agreement in this sector" },
	{ "mission", SFT_ID, "agreement_id IN (SELECT id FROM agreement"
	  " WHERE mission_id = :mission)", 0, "under an agreement of this mission (id)" },
};

static const struct store_resource consultations = {
	RES_CONSULTATIONS, "consultations", "consultation", "consultation", -1,
	NULL, "id", "firm_id = :org", NULL, consultation_fields,
	N(consultation_fields),
	"Consultations (상담): a home firm's talk with a buyer at an event.",
	"firm_id = :org AND (meeting_id IS NULL OR meeting_id IN"
	" (SELECT id FROM meeting WHERE a_organisation_id = :org"
	" OR b_organisation_id = :org))",
	.filters = consultation_filters, .n_filters = N(consultation_filters),
};
/* A company records its own firm's realisations; verifying is an
 * officer's, so a verified one is no longer the company's to change. */
static const struct store_resource realisations = {
	RES_REALISATIONS, "realisations", "realisation", "realisation", -1,
	NULL, "id", "agreement_id IN " OWN_AGREEMENTS, NULL, realisation_fields,
	N(realisation_fields),
	"Realised exports (수출 실적) under an agreement, with their evidence.",
	"agreement_id IN " OWN_AGREEMENTS " AND verified_by IS NULL"
	" AND verified_at IS NULL",
	.filters = realisation_filters, .n_filters = N(realisation_filters),
};
static const struct store_resource claims = {
	RES_CLAIMS, "claims", "claim", "claim", -1, NULL, "id", NULL, NULL,
	claim_fields, N(claim_fields),
	"Figures announced about a mission, set beside its records in reports.",
};

const struct store_resource *const store_resources[RES_COUNT] = {
	[RES_ORGANISATIONS] = &organisations, [RES_PEOPLE] = &people,
	[RES_MISSIONS] = &missions, [RES_STOPS] = &stops,
	[RES_EVENTS] = &events, [RES_PARTICIPANTS] = &participants,
	[RES_PAVILIONS] = &pavilions, [RES_EXHIBITORS] = &exhibitors,
	[RES_AGREEMENTS] = &agreements, [RES_PARTIES] = &parties,
	[RES_FOLLOWUPS] = &followups, [RES_SLOTS] = &slots,
	[RES_MEETING_REQUESTS] = &meeting_requests, [RES_MEETINGS] = &meetings,
	[RES_CONSULTATIONS] = &consultations, [RES_REALISATIONS] = &realisations,
	[RES_CLAIMS] = &claims,
};

int store_field_columns(const struct store_field *f, char out[2][64])
{
	if (f->type == SF_TEXT || f->type == SF_MONEY) {
		snprintf(out[0], 64, "%s_%s", f->column,
			 f->type == SF_TEXT ? "ko" : "minor");
		snprintf(out[1], 64, "%s_%s", f->column,
			 f->type == SF_TEXT ? "en" : "currency");
		return 2;
	}
	snprintf(out[0], 64, "%s", f->column);
	return 1;
}

const struct store_resource *store_resource_find(const char *name, size_t len)
{
	for (int i = 0; i < RES_COUNT; i++)
		if (strlen(store_resources[i]->name) == len &&
		    memcmp(store_resources[i]->name, name, len) == 0)
			return store_resources[i];
	return NULL;
}

const struct store_field *store_resource_field(const struct store_resource *r,
					       const char *name)
{
	for (size_t i = 0; i < r->n_fields; i++)
		if (strcmp(r->fields[i].name, name) == 0)
			return &r->fields[i];
	return NULL;
}

const struct store_filter *store_resource_filter(const struct store_resource *r,
						 const char *name)
{
	for (size_t i = 0; i < r->n_filters; i++)
		if (strcmp(r->filters[i].name, name) == 0)
			return &r->filters[i];
	return NULL;
}

bool store_field_embed(const struct store_field *f, struct store_embed *out)
{
	static const struct store_embed targets[RES_COUNT] = {
		[RES_ORGANISATIONS] = { "organisation", "key", "name", RES_ORGANISATIONS },
		[RES_PEOPLE] = { "person", "key", "name", RES_PEOPLE },
		[RES_MISSIONS] = { "mission", "slug", "title", RES_MISSIONS },
		[RES_STOPS] = { "stop", "key", "city", RES_STOPS },
		[RES_EVENTS] = { "event", "key", "title", RES_EVENTS },
		[RES_PAVILIONS] = { "pavilion", "key", "name", RES_PAVILIONS },
		[RES_AGREEMENTS] = { "agreement", "key", "title", RES_AGREEMENTS },
	};

	if (f->type != SF_REF)
		return false;
	if (f->ref >= 0 && targets[f->ref].table) {
		*out = targets[f->ref];
		return true;
	}
	if (f->ref < 0 && strcmp(f->column, "series_id") == 0) {
		*out = (struct store_embed){ "series", "key", "name", -1 };
		return true;
	}
	if (f->ref < 0 && strcmp(f->column, "venue_id") == 0) {
		*out = (struct store_embed){ "venue", "key", "name", -1 };
		return true;
	}
	return false;
}
