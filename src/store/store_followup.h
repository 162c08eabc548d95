/* store_followup.h: what follows a mission: evidence files of realised
 * exports, follow-up surveys of its firms, the SMTP server reminders go
 * through and the reminders sent.
 *
 * Evidence files live in the database (evidence_blob, one row per
 * distinct SHA-256), so the copy `pavilion backup` makes of the SQLite
 * file holds them too, a file and its record are written in one
 * transaction, and two uploads of the same bytes are stored once.
 *
 * Surveys are a deterministic function of a mission's records: one per
 * home firm (a local company among its delegates' employers, its events'
 * participants and its pavilions' exhibitors) and per offset of its plan
 * (3, 6 and 12 months by default), due that many months after the
 * return day (the home-zone day of the last arrival at a home stop).
 * Triggers mark a mission whenever those records change; every survey
 * operation first brings the marked missions' surveys up to date
 * (followup_sync), so what it reads is current.  Answered surveys are
 * never removed or moved.
 */
#ifndef PAVILION_STORE_STORE_FOLLOWUP_H
#define PAVILION_STORE_STORE_FOLLOWUP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "domain/followup.h"
#include "store/store_http.h"

/* Evidence files: the largest accepted by default and at most. */
#define FOLLOWUP_EVIDENCE_MAX_DEFAULT ((size_t)4 * 1024 * 1024)
#define FOLLOWUP_EVIDENCE_MAX_CEILING ((size_t)8 * 1024 * 1024)
/* A survey unanswered this many days after its due day is overdue. */
#define FOLLOWUP_GRACE_DAYS 30
/* A reminder of the same survey is sent again after this many days. */
#define FOLLOWUP_REMIND_EVERY_DAYS 7
/* Reminders go to at most this many people of a firm. */
#define FOLLOWUP_RECIPIENTS_MAX 8

struct followup_file {
	const char *name;          /* the uploader's file name, or NULL */
	const char *content_type;  /* checked against the bytes already */
	const unsigned char *bytes;
	size_t size;
	char sha256[65];           /* hex */
};

/* Exports realised under one of the firm's agreements: each becomes a
 * realisation. */
struct followup_export {
	int64_t agreement_id;
	const char *on;                 /* YYYY-MM-DD */
	int64_t value_minor;
	const char *currency;
	const char *evidence_kind;      /* export_declaration, invoice, ... */
	const char *evidence_reference;
	const char *summary;            /* for the audit */
};

/* A contract signed since the mission: it becomes an agreement of the
 * mission, the firm selling and the buyer buying. */
struct followup_contract {
	int64_t buyer_id;
	const char *signed_on;          /* YYYY, YYYY-MM or YYYY-MM-DD */
	int64_t value_minor;
	const char *currency;
	const char *title;
	const char *summary;
};

#define FOLLOWUP_ANSWER_ITEMS_MAX 50

/* A survey's answer as the API read it: results (exports, contracts or
 * both) or no result with a reason. */
struct followup_answer {
	bool no_result;
	const char *reason;             /* required with no_result */
	const char *note;
	const struct followup_export *exports;
	size_t n_exports;
	const struct followup_contract *contracts;
	size_t n_contracts;
	const char *summary;            /* the body as sent, for the audit */
};

enum followup_state {
	FOLLOWUP_ANY, FOLLOWUP_UPCOMING, FOLLOWUP_DUE, FOLLOWUP_OVERDUE,
	FOLLOWUP_ANSWERED,
};

struct followup_query {
	int64_t mission_id;        /* 0: any */
	int64_t organisation_id;   /* 0: any */
	enum followup_state state;
	const char *today;         /* YYYY-MM-DD the states are judged on */
	int limit;                 /* 1..STORE_PAGE_MAX */
	const char *cursor;        /* next_cursor of the page before */
};

struct followup_smtp {
	char url[512];             /* smtp://host:port or smtps://host:port */
	char sender[256];
	char username[256];        /* "" none */
	char password[256];        /* "" none */
	bool starttls;
};

/* One survey due for a reminder, with where to send it. */
struct followup_due {
	int64_t survey_id;
	int64_t months;
	char due_on[11];
	char mission_slug[65];
	char mission_ko[256], mission_en[256];
	char firm_ko[256], firm_en[256];
	size_t n_to;
	char to[FOLLOWUP_RECIPIENTS_MAX][256];
};

struct followup_ops {
	/* Adds file to a realisation the actor may see (ERROR_NOT_FOUND
	 * otherwise); *out the evidence record.  The same bytes twice on one
	 * realisation return the first record (created false). */
	int (*evidence_add)(struct store *s, int64_t realisation,
			    const struct followup_file *file,
			    const struct store_actor *who, json_t **out,
			    bool *created, struct error *err);
	/* The evidence records of a realisation: {"items": [...]}. */
	int (*evidence_list)(struct store *s, int64_t realisation,
			     const struct store_actor *who, json_t **out,
			     struct error *err);
	/* One record, with its bytes (malloc'ed into *bytes) when bytes is
	 * not NULL. */
	int (*evidence_get)(struct store *s, int64_t id,
			    const struct store_actor *who, json_t **out,
			    unsigned char **bytes, size_t *size,
			    struct error *err);
	int (*evidence_delete)(struct store *s, int64_t id,
			       const struct store_actor *who, struct error *err);

	/* Brings the surveys of every marked mission up to date. */
	int (*sync)(struct store *s, struct error *err);
	/* One page of surveys: {"items": [...], "next_cursor"}. */
	int (*survey_list)(struct store *s, const struct followup_query *q,
			   const struct store_actor *who, json_t **out,
			   struct error *err);
	int (*survey_get)(struct store *s, int64_t id, const char *today,
			  const struct store_actor *who, json_t **out,
			  struct error *err);
	/* Records an answer; ERROR_CONFLICT when it was answered already. */
	int (*survey_answer)(struct store *s, int64_t id,
			     const struct followup_answer *a, const char *today,
			     const struct store_actor *who, json_t **out,
			     struct error *err);
	/* A mission's offsets in months: {"mission_id", "months": [..]}. */
	int (*plan_get)(struct store *s, int64_t mission, json_t **out,
			struct error *err);
	int (*plan_set)(struct store *s, int64_t mission, const int *months,
			size_t n, const struct store_actor *who, json_t **out,
			struct error *err);
	/* Every unanswered survey of a mission, for its calendar:
	 * {"items": [{"id", "organisation_id", "organisation_key", "months",
	 * "due_on"}]}. */
	int (*mission_surveys)(struct store *s, int64_t mission, json_t **out,
			       struct error *err);

	/* The SMTP server; ERROR_NOT_FOUND when none is configured. */
	int (*smtp_get)(struct store *s, struct followup_smtp *out,
			struct error *err);
	int (*smtp_set)(struct store *s, const struct followup_smtp *in,
			const struct store_actor *who, struct error *err);
	/* Surveys unanswered on or after their due day (today), not reminded
	 * within FOLLOWUP_REMIND_EVERY_DAYS of now, at most max of them. */
	int (*remind_due)(struct store *s, const char *today, int64_t now,
			  struct followup_due *out, size_t max, size_t *n,
			  struct error *err);
	/* Records a reminder sent (ok) or not. */
	int (*remind_done)(struct store *s, int64_t survey, int64_t now,
			   const char *recipients, bool ok, const char *error,
			   struct error *err);
};

/* The follow-up operations of s. */
const struct followup_ops *store_followup(struct store *s);

extern const struct followup_ops sqlite_followup_ops;

#endif
