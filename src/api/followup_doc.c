/* followup_doc.c: the OpenAPI description of the follow-up routes
 * (surveys.c, evidence.c), called by openapi.c. */
#include <assert.h>
#include <string.h>

#include "api/api.h"
#include "domain/followup.h"

#define SCHEMA(name) "#/components/schemas/" name

static void problems(json_t *responses, const char *const *codes)
{
	char path[64];

	for (; *codes; codes++) {
		snprintf(path, sizeof path, "#/components/responses/%s", *codes);
		json_object_set_new(responses, *codes, json_pack("{ss}", "$ref", path));
	}
}

static void reply(json_t *responses, const char *code, const char *schema)
{
	json_object_set_new(responses, code, json_pack("{ss s{s{s{ss}}}}",
		"description", "success", "content", "application/json", "schema",
		"$ref", schema));
}

static void body(json_t *op, const char *schema)
{
	json_object_set_new(op, "requestBody", json_pack("{sb s{s{s{ss}}}}",
		"required", 1, "content", "application/json", "schema", "$ref", schema));
}

static json_t *query(const char *name, json_t *schema, const char *doc)
{
	return json_pack("{ss ss sb so ss}", "name", name, "in", "query",
			 "required", 0, "schema", schema, "description", doc);
}

void api_followup_schemas(json_t *schemas)
{
	json_t *nullable_int = json_pack("{s[ss]}", "type", "integer", "null");
	json_t *nullable_str = json_pack("{s[ss]}", "type", "string", "null");

	json_object_set_new(schemas, "Survey", json_pack(
		"{ss s{s{ss} s{ss} s{ss} s{ss} s{ss} s{ss} s{ss} s{ss} s{ss}"
		" s{ss s[ssss]} sO s{s[ss] s[ssn]} sO s{s[ss]} sO s{ss} s{ss}}"
		" s[sssssssssssss]}",
		"type", "object", "properties",
		"id", "type", "integer", "mission_id", "type", "integer",
		"mission_slug", "type", "string",
		"mission_title", "$ref", SCHEMA("Text"),
		"organisation_id", "type", "integer",
		"organisation_key", "type", "string",
		"organisation_name", "$ref", SCHEMA("Text"),
		"months", "type", "integer", "due_on", "type", "string",
		"state", "type", "string", "enum", "upcoming", "due", "overdue", "answered",
		"answered_utc", nullable_int,
		"outcome", "type", "string", "null", "enum", "results", "no_result",
		"reason", nullable_str,
		"answer", "type", "object", "null",
		"reminded_utc", nullable_int,
		"version", "type", "integer", "reminders", "type", "integer",
		"required", "id", "mission_id", "organisation_id", "months", "due_on",
		"state", "answered_utc", "outcome", "reason", "answer", "reminded_utc",
		"version", "reminders"));
	json_object_set_new(schemas, "Surveys", json_pack(
		"{ss s{s{ss s{ss}} s{s[ss]}} s[ss]}", "type", "object", "properties",
		"items", "type", "array", "items", "$ref", SCHEMA("Survey"),
		"next_cursor", "type", "string", "null", "required", "items",
		"next_cursor"));
	json_object_set_new(schemas, "Money", json_pack(
		"{ss s{s{ss ss} s{ss ss} s{ss}} s[ss] sb}", "type", "object",
		"properties", "amount", "type", "string", "pattern",
		"^[0-9]+(\\.[0-9]+)?$", "currency", "type", "string", "pattern",
		"^[A-Z]{3}$", "minor", "type", "integer",
		"required", "amount", "currency", "additionalProperties", 0));
	json_object_set_new(schemas, "SurveyAnswer", json_pack(
		"{ss s{s{ss s[ss]} s{ss} s{ss}"
		" s{ss si s{ss s{s{ss} s{ss} s{ss} s{ss} s{ss}} s[sss] sb}}"
		" s{ss si s{ss s{s{ss} s{ss} s{ss} s{ss}} s[sss] sb}}} s[s] sb}",
		"type", "object", "properties",
		"outcome", "type", "string", "enum", "results", "no_result",
		"reason", "type", "string", "note", "type", "string",
		"exports", "type", "array", "maxItems", 50, "items", "type", "object",
		"properties", "agreement_id", "type", "integer", "on", "type", "string",
		"value", "$ref", SCHEMA("Money"),
		"evidence_kind", "type", "string", "evidence_reference", "type", "string",
		"required", "agreement_id", "on", "value", "additionalProperties", 0,
		"contracts", "type", "array", "maxItems", 50, "items", "type", "object",
		"properties", "buyer_id", "type", "integer", "signed_on", "type", "string",
		"value", "$ref", SCHEMA("Money"), "title", "type", "string",
		"required", "buyer_id", "signed_on", "value", "additionalProperties", 0,
		"required", "outcome", "additionalProperties", 0));
	json_object_set_new(schemas, "SurveyPlan", json_pack(
		"{ss s{s{ss} s{ss s{ss si si}}} s[ss]}", "type", "object",
		"properties", "mission_id", "type", "integer", "months", "type",
		"array", "items", "type", "integer", "minimum", 1, "maximum",
		FOLLOWUP_OFFSET_MONTHS_MAX, "required", "mission_id", "months"));
	json_object_set_new(schemas, "SurveyPlanUpdate", json_pack(
		"{ss s{s{ss si si s{ss si si}}} s[s] sb}", "type", "object",
		"properties", "months", "type", "array", "minItems", 1, "maxItems",
		FOLLOWUP_OFFSETS_MAX, "items", "type", "integer", "minimum", 1,
		"maximum", FOLLOWUP_OFFSET_MONTHS_MAX, "required", "months",
		"additionalProperties", 0));
	json_object_set_new(schemas, "Evidence", json_pack(
		"{ss s{s{ss} s{ss} s{ss ss} sO s{ss s[sss]} s{ss} s{ss} sO}"
		" s[ssssssss] sb}",
		"type", "object", "properties", "id", "type", "integer",
		"realisation_id", "type", "integer",
		"sha256", "type", "string", "pattern", "^[0-9a-f]{64}$",
		"name", nullable_str,
		"content_type", "type", "string", "enum", "application/pdf",
		"image/png", "image/jpeg",
		"size", "type", "integer", "uploaded_utc", "type", "integer",
		"uploaded_by", nullable_str,
		"required", "id", "realisation_id", "sha256", "name", "content_type",
		"size", "uploaded_utc", "uploaded_by", "additionalProperties", 0));
	json_object_set_new(schemas, "EvidenceList", json_pack(
		"{ss s{s{ss s{ss}}} s[s]}", "type", "object", "properties",
		"items", "type", "array", "items", "$ref", SCHEMA("Evidence"),
		"required", "items"));
	json_decref(nullable_int);
	json_decref(nullable_str);
	/* A format slip above would drop a schema without a word. */
	assert(json_object_get(schemas, "Survey") && json_object_get(schemas,
	       "SurveyAnswer") && json_object_get(schemas, "Evidence"));
}

bool api_followup_operation(const struct http_route *rt, json_t *op,
			    json_t *params, json_t *responses)
{
	static const char *const writes[] = { "409", "413", "415", "422", NULL };

	if (rt->handler == api_surveys_list) {
		json_array_append_new(params, query("mission_id", json_pack("{ss si}",
			"type", "integer", "minimum", 1), "only this mission's"));
		json_array_append_new(params, query("organisation_id", json_pack(
			"{ss si}", "type", "integer", "minimum", 1),
			"only this firm's (a company account: always its own)"));
		json_array_append_new(params, query("state", json_pack("{ss s[ssss]}",
			"type", "string", "enum", "upcoming", "due", "overdue", "answered"),
			"only surveys in this state"));
		json_array_append_new(params, query("limit", json_pack("{ss si si}",
			"type", "integer", "minimum", 1, "maximum", STORE_PAGE_MAX),
			"page size (default 50)"));
		json_array_append_new(params, query("cursor", json_pack("{ss}", "type",
			"string"), "next_cursor of the page before"));
		reply(responses, "200", SCHEMA("Surveys"));
	} else if (rt->handler == api_survey_get) {
		reply(responses, "200", SCHEMA("Survey"));
	} else if (rt->handler == api_survey_answer) {
		body(op, SCHEMA("SurveyAnswer"));
		problems(responses, writes);
		reply(responses, "200", SCHEMA("Survey"));
	} else if (rt->handler == api_survey_plan_get) {
		reply(responses, "200", SCHEMA("SurveyPlan"));
	} else if (rt->handler == api_survey_plan_set) {
		body(op, SCHEMA("SurveyPlanUpdate"));
		problems(responses, writes);
		reply(responses, "200", SCHEMA("SurveyPlan"));
	} else if (rt->handler == api_evidence_upload) {
		json_object_set_new(op, "requestBody", json_pack(
			"{sb s{s{s{ss}} s{s{ss}} s{s{ss}}}}", "required", 1, "content",
			"application/pdf", "schema", "type", "string",
			"image/png", "schema", "type", "string",
			"image/jpeg", "schema", "type", "string"));
		json_array_append_new(params, query("name", json_pack("{ss si si}",
			"type", "string", "minLength", 1, "maxLength", 200),
			"the file's name, for people"));
		problems(responses, writes);
		reply(responses, "201", SCHEMA("Evidence"));
		reply(responses, "200", SCHEMA("Evidence"));
	} else if (rt->handler == api_evidence_list) {
		reply(responses, "200", SCHEMA("EvidenceList"));
	} else if (rt->handler == api_evidence_get) {
		json_object_set_new(responses, "200", json_pack(
			"{ss s{s{s{ss}} s{s{ss}} s{s{ss}}}}", "description", "the file",
			"content", "application/pdf", "schema", "type", "string",
			"image/png", "schema", "type", "string",
			"image/jpeg", "schema", "type", "string"));
	} else if (rt->handler == api_evidence_delete) {
		json_object_set_new(responses, "204", json_pack("{ss}", "description",
								"deleted"));
	} else {
		return false;
	}
	return true;
}
