/* surveys.c: follow-up surveys (사후 성과조사) of a mission's firms.
 *
 * GET   /api/surveys?mission_id=&organisation_id=&state=&limit=&cursor=
 *       one page, in due order; state is upcoming, due (on or after its
 *       day, within FOLLOWUP_GRACE_DAYS), overdue (later, unanswered) or
 *       answered; a company account gets its own firm's only
 * GET   /api/surveys/{id}
 * POST  /api/surveys/{id}/answer   exports realised (each a realisation
 *       under one of the firm's agreements), contracts signed since (each
 *       an agreement of the mission), or no result with a reason; once
 * GET   /api/missions/{id}/survey-plan    the offsets in months
 * PATCH /api/missions/{id}/survey-plan    {"months": [3, 6, 12]}
 *
 * Surveys are made from the mission's records (store_followup.h); the
 * first read after a change brings them up to date, which writes, so it
 * holds the write lock while it does.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "api/api.h"
#include "bundle/jread.h"
#include "domain/enums.h"
#include "domain/model.h"
#include "store/store_followup.h"
#include "util/arena.h"

#define REASON_MAX 2000

/* Today, UTC, as YYYY-MM-DD. */
static void today_utc(char out[11])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

/* Brings the surveys up to date under the write lock. */
static int sync(struct api_request *ar, struct error *err)
{
	int status;

	pthread_mutex_lock(api_write_lock());
	status = store_followup(ar->store)->sync(ar->store, err);
	pthread_mutex_unlock(api_write_lock());
	if (status == 0)
		api_cache_touch();
	return status;
}

struct list_args {
	struct followup_query *q;
	struct error *err;
};

static int parse_id(const char *name, const char *value, int64_t *out,
		    struct error *err)
{
	if (!http_parse_id(value, out))
		return error_set(err, ERROR_USAGE, "%s: expected an id", name);
	return 0;
}

static int list_arg(void *ctx, const char *name, const char *value)
{
	struct list_args *a = ctx;
	static const char *const states[] = {
		[FOLLOWUP_UPCOMING] = "upcoming", [FOLLOWUP_DUE] = "due",
		[FOLLOWUP_OVERDUE] = "overdue", [FOLLOWUP_ANSWERED] = "answered",
	};

	if (strcmp(name, "mission_id") == 0)
		return parse_id(name, value, &a->q->mission_id, a->err);
	if (strcmp(name, "organisation_id") == 0)
		return parse_id(name, value, &a->q->organisation_id, a->err);
	if (strcmp(name, "cursor") == 0) {
		a->q->cursor = value;
		return 0;
	}
	if (strcmp(name, "limit") == 0) {
		char *end;
		long n = strtol(value, &end, 10);

		if (*end != '\0' || end == value || n < 1 || n > STORE_PAGE_MAX)
			return error_set(a->err, ERROR_USAGE, "limit: expected 1 to %d",
					 STORE_PAGE_MAX);
		a->q->limit = (int)n;
		return 0;
	}
	if (strcmp(name, "state") == 0) {
		for (int i = FOLLOWUP_UPCOMING; i <= FOLLOWUP_ANSWERED; i++)
			if (strcmp(value, states[i]) == 0) {
				a->q->state = (enum followup_state)i;
				return 0;
			}
		return error_set(a->err, ERROR_USAGE, "state: expected upcoming, due,"
				 " overdue or answered");
	}
	return error_set(a->err, ERROR_USAGE, "%s: not a parameter of this listing",
			 name);
}

int api_surveys_list(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct followup_query q = { .limit = 50 };
	struct error err = { 0 };
	struct list_args args = { &q, &err };
	char today[11];
	json_t *out = NULL;

	if (http_query_each(rq, list_arg, &args) != 0)
		return http_problem(rq, PROBLEM_BAD_REQUEST, NULL, "%s", err.message);
	today_utc(today);
	q.today = today;
	if (sync(ar, &err) ||
	    store_followup(ar->store)->survey_list(ar->store, &q, &ar->actor, &out,
						   &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_survey_get(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	char today[11];
	json_t *out = NULL;

	today_utc(today);
	if (sync(ar, &err) ||
	    store_followup(ar->store)->survey_get(ar->store, ar->id, today,
						  &ar->actor, &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

struct export_in {
	int64_t agreement_id;
	const char *on, *evidence_reference;
	int evidence_kind;
	json_t *value;
};

static const struct jfield export_fields[] = {
	JFIELD("agreement_id", JF_COUNT, true, struct export_in, agreement_id),
	JFIELD("on", JF_DATE, true, struct export_in, on),
	JFIELD("value", JF_JSON, true, struct export_in, value),
	JFIELD_ENUM("evidence_kind", false, struct export_in, evidence_kind,
		    enum_evidence_kind),
	JFIELD("evidence_reference", JF_STRING, false, struct export_in,
	       evidence_reference),
};

struct contract_in {
	int64_t buyer_id;
	const char *signed_on, *title;
	json_t *value;
};

static const struct jfield contract_fields[] = {
	JFIELD("buyer_id", JF_COUNT, true, struct contract_in, buyer_id),
	JFIELD("signed_on", JF_PARTIAL_DATE, true, struct contract_in, signed_on),
	JFIELD("value", JF_JSON, true, struct contract_in, value),
	JFIELD("title", JF_STRING, true, struct contract_in, title),
};

struct answer_in {
	const char *outcome, *reason, *note;
	json_t *exports, *contracts;
};

static const struct jfield answer_fields[] = {
	JFIELD("outcome", JF_STRING, true, struct answer_in, outcome),
	JFIELD("reason", JF_STRING, false, struct answer_in, reason),
	JFIELD("note", JF_STRING, false, struct answer_in, note),
	JFIELD("exports", JF_JSON, false, struct answer_in, exports),
	JFIELD("contracts", JF_JSON, false, struct answer_in, contracts),
};

/* Fails at /member/index/field with a JSON pointer for the reply. */
static int bad(struct error *err, char *pointer, size_t size,
	       const char *where, const char *fmt, const char *what)
{
	snprintf(pointer, size, "%s", where);
	return error_set(err, ERROR_INVALID, fmt, where, what);
}

/* The item as compact JSON in the arena, for the audit. */
static const char *summary(struct arena *a, json_t *item)
{
	char *text = json_dumps(item, JSON_COMPACT);
	const char *copy = arena_strdup(a, text);

	free(text);
	return copy;
}

static int read_exports(struct jread *rd, json_t *list, struct arena *a,
			struct followup_answer *out, char *pointer, size_t size)
{
	struct followup_export *x;

	if (!json_is_array(list) || json_array_size(list) > FOLLOWUP_ANSWER_ITEMS_MAX)
		return bad(rd->err, pointer, size, "/exports", "%s: %s", "expected an"
			   " array of at most 50 exports");
	out->n_exports = json_array_size(list);
	out->exports = x = arena_alloc(a, (out->n_exports + 1) * sizeof *x);
	if (x == NULL)
		return error_set(rd->err, ERROR_NOMEM, "out of memory");
	for (size_t i = 0; i < out->n_exports; i++) {
		struct export_in in = { .evidence_kind = -1 };
		json_t *item = json_array_get(list, i);
		struct money value;
		char where[48];
		size_t mark;

		snprintf(where, sizeof where, "/exports/%zu", i);
		mark = jread_push_field(rd, "exports");
		jread_push_index(rd, i);
		if (jread_object(rd, item, export_fields, sizeof export_fields /
				 sizeof export_fields[0], &in) != 0) {
			snprintf(pointer, size, "%s", where);
			return ERROR_INVALID;
		}
		jread_pop(rd, mark);
		snprintf(where, sizeof where, "exports/%zu/value", i);
		if (api_money_read(in.value, where, &value, pointer, size, rd->err))
			return ERROR_INVALID;
		x[i] = (struct followup_export){ in.agreement_id, in.on, value.minor,
			arena_strdup(a, value.currency), in.evidence_kind >= 0 ?
			enum_evidence_kind.entries[in.evidence_kind].code : NULL,
			in.evidence_reference, NULL };
		x[i].summary = summary(a, item);
	}
	return 0;
}

static int read_contracts(struct jread *rd, json_t *list, struct arena *a,
			  struct followup_answer *out, char *pointer, size_t size)
{
	struct followup_contract *c;

	if (!json_is_array(list) || json_array_size(list) > FOLLOWUP_ANSWER_ITEMS_MAX)
		return bad(rd->err, pointer, size, "/contracts", "%s: %s", "expected an"
			   " array of at most 50 contracts");
	out->n_contracts = json_array_size(list);
	out->contracts = c = arena_alloc(a, (out->n_contracts + 1) * sizeof *c);
	if (c == NULL)
		return error_set(rd->err, ERROR_NOMEM, "out of memory");
	for (size_t i = 0; i < out->n_contracts; i++) {
		struct contract_in in = { 0 };
		json_t *item = json_array_get(list, i);
		struct money value;
		char where[48];
		size_t mark;

		snprintf(where, sizeof where, "/contracts/%zu", i);
		mark = jread_push_field(rd, "contracts");
		jread_push_index(rd, i);
		if (jread_object(rd, item, contract_fields, sizeof contract_fields /
				 sizeof contract_fields[0], &in) != 0) {
			snprintf(pointer, size, "%s", where);
			return ERROR_INVALID;
		}
		jread_pop(rd, mark);
		snprintf(where, sizeof where, "contracts/%zu/value", i);
		if (api_money_read(in.value, where, &value, pointer, size, rd->err))
			return ERROR_INVALID;
		c[i] = (struct followup_contract){ in.buyer_id, in.signed_on,
			value.minor, arena_strdup(a, value.currency), in.title, NULL };
		c[i].summary = summary(a, item);
	}
	return 0;
}

/* The answer of body into out; ERROR_INVALID with pointer set when it
 * breaks a rule. */
static int read_answer(json_t *body, struct arena *a,
		       struct followup_answer *out, char *pointer, size_t size,
		       struct error *err)
{
	struct answer_in in = { 0 };
	struct jread rd;
	int status;

	memset(out, 0, sizeof *out);
	pointer[0] = '\0';
	jread_init(&rd, a, "body", err);
	if (jread_object(&rd, body, answer_fields, sizeof answer_fields /
			 sizeof answer_fields[0], &in) != 0)
		return ERROR_INVALID;
	if (strcmp(in.outcome, "results") != 0 && strcmp(in.outcome, "no_result") != 0)
		return bad(err, pointer, size, "/outcome", "%s: \"%s\" is not results"
			   " or no_result", in.outcome);
	out->no_result = strcmp(in.outcome, "no_result") == 0;
	out->reason = in.reason;
	out->note = in.note;
	if (in.reason && strlen(in.reason) > REASON_MAX)
		return bad(err, pointer, size, "/reason", "%s: %s",
			   "at most 2000 bytes");
	if (out->no_result) {
		if (in.reason == NULL || in.reason[strspn(in.reason, " \t\r\n")] == '\0')
			return bad(err, pointer, size, "/reason", "%s: %s", "no_result"
				   " needs the reason");
		if (in.exports || in.contracts)
			return bad(err, pointer, size, in.exports ? "/exports" :
				   "/contracts", "%s: %s", "no_result has no exports or"
				   " contracts");
		return 0;
	}
	if (in.exports &&
	    (status = read_exports(&rd, in.exports, a, out, pointer, size)))
		return status;
	if (in.contracts &&
	    (status = read_contracts(&rd, in.contracts, a, out, pointer, size)))
		return status;
	if (out->n_exports + out->n_contracts == 0)
		return bad(err, pointer, size, "", "%s%s", "results needs at least one"
			   " export or contract (or answer no_result with the reason)");
	return 0;
}

int api_survey_answer(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct followup_answer answer;
	struct error err = { 0 };
	char pointer[64], today[11];
	json_t *body = http_body_json(rq), *out = NULL;
	int status;

	if (body == NULL)
		return 0;
	status = read_answer(body, rq->arena, &answer, pointer, sizeof pointer, &err);
	if (status == 0) {
		answer.summary = arena_strdup(rq->arena, rq->body.data);
		today_utc(today);
		status = store_followup(ar->store)->survey_answer(ar->store, ar->id,
			&answer, today, &ar->actor, &out, &err);
	}
	json_decref(body);
	if (status == ERROR_INVALID)
		return http_problem(rq, PROBLEM_INVALID, pointer, "%s", err.message);
	if (status)
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_survey_plan_get(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	struct error err = { 0 };
	json_t *out = NULL;

	if (store_followup(ar->store)->plan_get(ar->store, ar->id, &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}

int api_survey_plan_set(struct http_request *rq)
{
	struct api_request *ar = api_of(rq);
	int months[FOLLOWUP_OFFSETS_MAX];
	struct error err = { 0 };
	json_t *body = http_body_json(rq), *list, *out = NULL, *v;
	const char *key;
	size_t i, n;

	if (body == NULL)
		return 0;
	json_object_foreach(body, key, v) {
		if (strcmp(key, "months") != 0) {
			http_problem(rq, PROBLEM_INVALID, "", "\"%s\" is not a member"
				     " of a survey plan", key);
			json_decref(body);
			return 0;
		}
	}
	list = json_object_get(body, "months");
	n = json_array_size(list);
	if (!json_is_array(list) || n == 0 || n > FOLLOWUP_OFFSETS_MAX) {
		json_decref(body);
		return http_problem(rq, PROBLEM_INVALID, "/months", "months: expected"
				    " an array of 1 to %d whole numbers",
				    FOLLOWUP_OFFSETS_MAX);
	}
	json_array_foreach(list, i, v) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > FOLLOWUP_OFFSET_MONTHS_MAX) {
			json_decref(body);
			return http_problem(rq, PROBLEM_INVALID, "/months", "months/%zu:"
					    " expected 1 to %d", i,
					    FOLLOWUP_OFFSET_MONTHS_MAX);
		}
		months[i] = (int)json_integer_value(v);
	}
	json_decref(body);
	if (followup_months_check(months, n, &err))
		return http_problem(rq, PROBLEM_INVALID, "/months", "%s", err.message);
	if (store_followup(ar->store)->plan_set(ar->store, ar->id, months, n,
						&ar->actor, &out, &err))
		return http_problem_error(rq, &err);
	http_reply_json_steal(rq, 200, out);
	return 0;
}
