/* openapi.c: the OpenAPI 3.1 document, derived from the route table and
 * the resources' field tables, so it describes exactly what is served:
 * every path and method, parameter, request body and response. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "b2b/b2b.h"

static json_t *nullable(json_t *schema, bool yes)
{
	json_t *type = json_object_get(schema, "type");

	if (yes && json_is_string(type))
		json_object_set_new(schema, "type", json_pack("[s s]",
			json_string_value(type), "null"));
	/* An optional code may be null too. */
	if (yes && json_is_array(json_object_get(schema, "enum")))
		json_array_append_new(json_object_get(schema, "enum"), json_null());
	return schema;
}

static json_t *field_schema(const struct store_field *f, bool output)
{
	json_t *s, *codes;

	switch (f->type) {
	case SF_KEY:
		s = json_pack("{ss ss}", "type", "string",
			      "pattern", "^[A-Za-z0-9._-]{1,64}$");
		break;
	case SF_SLUG:
		s = json_pack("{ss ss}", "type", "string",
			      "pattern", "^(?![0-9]+$)[a-z0-9][a-z0-9-]{0,63}$");
		break;
	case SF_TEXT:
		return json_pack("{ss s{s{s[ss]} s{s[ss]}} sb}", "type", "object",
				 "properties", "ko", "type", "string", "null",
				 "en", "type", "string", "null",
				 "additionalProperties", 0);
	case SF_COUNT:
		s = json_pack("{ss si}", "type", "integer", "minimum", 0);
		if (f->max > 0)
			json_object_set_new(s, "maximum", json_integer(f->max));
		break;
	case SF_REF:
		s = json_pack("{ss si}", "type", "integer", "minimum", 1);
		break;
	case SF_BOOL:
		return json_pack("{ss}", "type", "boolean");
	case SF_ENUM:
		codes = json_array();
		for (size_t i = 0; i < f->table->count; i++)
			json_array_append_new(codes, json_string(f->table->entries[i].code));
		s = json_pack("{ss so}", "type", "string", "enum", codes);
		break;
	case SF_SECTORS:
		codes = json_array();
		for (size_t i = 0; i < enum_sector.count; i++)
			json_array_append_new(codes, json_string(enum_sector.entries[i].code));
		return json_pack("{ss s{ss so}}", "type", "array", "items",
				 "type", "string", "enum", codes);
	case SF_COUNTRY:
		s = json_pack("{ss ss}", "type", "string", "pattern", "^[A-Z]{2}$");
		break;
	case SF_CURRENCY:
		s = json_pack("{ss ss}", "type", "string", "pattern", "^[A-Z]{3}$");
		break;
	case SF_DATE:
		s = json_pack("{ss ss}", "type", "string",
			      "pattern", "^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
		break;
	case SF_MONEY:
		s = json_pack("{ss s{s{ss ss} s{ss ss} s{ss}} s[ss] sb}",
			      "type", "object", "properties",
			      "amount", "type", "string", "pattern",
			      "^[0-9]+(\\.[0-9]+)?$",
			      "currency", "type", "string", "pattern", "^[A-Z]{3}$",
			      "minor", "type", "integer",
			      "required", "amount", "currency",
			      "additionalProperties", 0);
		break;
	case SF_PARTIAL_DATE:
		s = json_pack("{ss ss}", "type", "string",
			      "pattern", "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$");
		break;
	default:
		s = json_pack("{ss si}", "type", "string", "maxLength", 8192);
		break;
	}
	if (f->doc)
		json_object_set_new(s, "description", json_string(f->doc));
	(void)output;
	return nullable(s, !(f->flags & (SF_REQUIRED | SF_NOT_NULL)));
}

static json_t *schema_text(const char *text);

/* kind 0: a record as returned; 1: a create body; 2: a PATCH body; 3: a
 * row of a listing (a record with the names it refers to). */
static json_t *record_schema(const struct store_resource *r, int kind)
{
	json_t *props = json_object(), *req = json_array();
	struct store_embed e;

	if (kind == 3) {
		for (size_t i = 0; i < r->n_fields; i++) {
			char name[64];
			size_t len = strlen(r->fields[i].name);

			if (!store_field_embed(&r->fields[i], &e))
				continue;
			snprintf(name, sizeof name, "%.*s", (int)(len - 3), r->fields[i].name);
			json_object_set_new(props, name, schema_text("REF_OR_NULL"));
			json_array_append_new(req, json_string(name));
		}
		if (r->id == RES_AGREEMENTS) {
			json_object_set_new(props, "parties", schema_text(
				"{'type': 'array', 'items': {'type': 'object',"
				" 'required': ['organisation_id', 'organisation', 'role'],"
				" 'properties': {'organisation_id': {'type': 'integer'},"
				" 'organisation': REF, 'role': {'type': 'string'}}}}"));
			json_array_append_new(req, json_string("parties"));
		}
		kind = 0;
	}
	if (kind == 0) {
		json_object_set_new(props, "id", json_pack("{ss si}", "type", "integer",
							   "minimum", 1));
		json_object_set_new(props, "version", json_pack("{ss si}", "type",
							       "integer", "minimum", 1));
		json_array_append_new(req, json_string("id"));
		json_array_append_new(req, json_string("version"));
		if (r->parent_column) {
			json_object_set_new(props, r->parent_column,
					    json_pack("{ss}", "type", "integer"));
			json_array_append_new(req, json_string(r->parent_column));
		}
	}
	for (size_t i = 0; i < r->n_fields; i++) {
		const struct store_field *f = &r->fields[i];

		if (kind == 2 && (f->flags & SF_FIXED))
			continue;
		json_object_set_new(props, f->name, field_schema(f, kind == 0));
		if (kind == 0 || (kind == 1 && (f->flags & SF_REQUIRED)))
			json_array_append_new(req, json_string(f->name));
	}
	return json_pack("{ss ss so so sb}", "type", "object", "description",
			 r->doc, "properties", props, "required", req,
			 "additionalProperties", 0);
}

static json_t *ref(const char *fmt, const char *name)
{
	char path[128];

	snprintf(path, sizeof path, fmt, name);
	return json_pack("{ss}", "$ref", path);
}

static json_t *json_content(json_t *schema)
{
	return json_pack("{s{so}}", "application/json", "schema", schema);
}

/* A schema written as JSON with single quotes (for legibility in C) and
 * the shorthands TEXT, REF, REF_OR_NULL and VALUES for the shared
 * component schemas. */
static json_t *schema_text(const char *text)
{
	static const struct { const char *word, *json; } words[] = {
		{ "REF_OR_NULL", "{\"oneOf\": [{\"$ref\": \"#/components/schemas/Ref\"},"
		  " {\"type\": \"null\"}]}" },
		{ "REF", "{\"$ref\": \"#/components/schemas/Ref\"}" },
		{ "TEXT", "{\"$ref\": \"#/components/schemas/Text\"}" },
		{ "VALUES", "{\"$ref\": \"#/components/schemas/Values\"}" },
	};
	char out[4096];
	size_t n = 0;
	json_t *schema;

	while (*text && n < sizeof out - 128) {
		size_t i;

		for (i = 0; i < sizeof words / sizeof words[0]; i++) {
			size_t len = strlen(words[i].word);

			if (strncmp(text, words[i].word, len) == 0) {
				n += (size_t)snprintf(out + n, sizeof out - n, "%s", words[i].json);
				text += len;
				break;
			}
		}
		if (i == sizeof words / sizeof words[0])
			out[n++] = *text == '\'' ? '"' : *text, text++;
	}
	out[n] = '\0';
	schema = json_loads(out, 0, NULL);
	assert(schema != NULL && *text == '\0');
	return schema;
}

static json_t *components(void)
{
	json_t *schemas = json_object(), *responses = json_object();
	static const char *const problems[] = {
		"400", "401", "403", "404", "405", "409", "412", "413", "415",
		"422", "428", "429", "503",
	};

	json_object_set_new(schemas, "Problem", json_pack(
		"{ss s{s{ss} s{ss} s{ss} s{ss} s{ss} s{ss}} s[ssss]}",
		"type", "object", "properties",
		"type", "type", "string", "title", "type", "string",
		"status", "type", "integer", "detail", "type", "string",
		"instance", "type", "string", "pointer", "type", "string",
		"required", "type", "title", "status", "detail"));
	json_object_set_new(schemas, "Text", json_pack(
		"{ss s{s{s[ss]} s{s[ss]}}}", "type", "object", "properties",
		"ko", "type", "string", "null", "en", "type", "string", "null"));
	json_object_set_new(schemas, "User", json_pack(
		"{ss s{s{ss} s{ss} s{ss s[ssss]} s{s[ss]} s{ss}} s[sssss] sb}",
		"type", "object", "properties", "id", "type", "integer",
		"username", "type", "string", "role", "type", "string", "enum",
		"admin", "officer", "company", "viewer",
		"organisation_id", "type", "integer", "null",
		"disabled", "type", "boolean",
		"required", "id", "username", "role", "organisation_id", "disabled",
		"additionalProperties", 0));
	json_object_set_new(schemas, "Session", json_pack(
		"{ss s{s{ss} s{ss} s{ss} s{s[ss]} s{s[ss]}} s[sssss]}",
		"type", "object", "properties", "id", "type", "integer",
		"username", "type", "string", "role", "type", "string",
		"organisation_id", "type", "integer", "null",
		"csrf_token", "type", "string", "null",
		"required", "id", "username", "role", "organisation_id", "csrf_token"));
	json_object_set_new(schemas, "Login", json_pack(
		"{ss s{s{ss} s{ss}} s[ss] sb}", "type", "object", "properties",
		"username", "type", "string", "password", "type", "string",
		"required", "username", "password", "additionalProperties", 0));
	json_object_set_new(schemas, "UserCreate", json_pack(
		"{ss s{s{ss} s{ss si} s{ss s[ssss]} s{ss si}} s[sss] sb}",
		"type", "object", "properties", "username", "type", "string",
		"password", "type", "string", "minLength", AUTH_PASSWORD_MIN,
		"role", "type", "string", "enum", "admin", "officer", "company", "viewer",
		"organisation_id", "type", "integer", "minimum", 1,
		"required", "username", "password", "role",
		"additionalProperties", 0));
	json_object_set_new(schemas, "UserUpdate", json_pack(
		"{ss s{s{ss si} s{ss s[ssss]} s{ss si} s{ss}} sb}",
		"type", "object", "properties",
		"password", "type", "string", "minLength", AUTH_PASSWORD_MIN,
		"role", "type", "string", "enum", "admin", "officer", "company", "viewer",
		"organisation_id", "type", "integer", "minimum", 0,
		"disabled", "type", "boolean", "additionalProperties", 0));
	json_object_set_new(schemas, "SearchHits", json_pack(
		"{ss s{s{ss s{ss s{s{ss} s{ss} s{ss}} s[sss]}}} s[s]}",
		"type", "object", "properties", "items", "type", "array", "items",
		"type", "object", "properties", "kind", "type", "string",
		"id", "type", "integer", "name", "$ref", "#/components/schemas/Text",
		"required", "kind", "id", "name", "required", "items"));
	json_object_set_new(schemas, "AuditEntries", json_pack(
		"{ss s{s{ss s{ss}}} s[s]}", "type", "object", "properties",
		"items", "type", "array", "items", "type", "object",
		"required", "items"));
	json_object_set_new(schemas, "Health", json_pack(
		"{ss s{s{ss} s{ss}} s[ss]}", "type", "object", "properties",
		"status", "type", "string", "database", "type", "string",
		"required", "status", "database"));
	json_object_set_new(schemas, "Report", json_pack(
		"{ss ss}", "type", "object", "description",
		"The outcome report of `pavilion report --format json`."));
	json_object_set_new(schemas, "ScheduleRun", json_pack(
		"{ss s{s{ss} s{ss s[ssssssssss]} s{ss}} s[sss] ss}", "type", "object",
		"properties", "event_id", "type", "integer",
		"stats", "type", "object", "required", "requests", "scheduled",
		"left_out", "weight_total", "weight_scheduled", "upper_bound",
		"optimal", "bound_method",
		"idle_gaps", "seconds", "unscheduled", "type", "array",
		"required", "event_id", "stats", "unscheduled", "description",
		"docs/meetings.md: the figures of the run and each request left out, with why."));
	json_object_set_new(schemas, "Agenda", json_pack(
		"{ss s{s{ss} s{ss} s{ss} s{ss}} s[ssss]}", "type", "object",
		"properties", "event_id", "type", "integer", "zone", "type", "string",
		"home_zone", "type", "string", "items", "type", "array",
		"required", "event_id", "zone", "home_zone", "items"));
	json_object_set_new(schemas, "Suggestions", json_pack(
		"{ss s{s{ss} s{ss} s{s[ss]}} s[sss]}", "type", "object",
		"properties", "event_id", "type", "integer", "items", "type", "array",
		"next_cursor", "type", "string", "null",
		"required", "event_id", "items", "next_cursor"));
	json_object_set_new(schemas, "CalendarFeedCreate", json_pack(
		"{ss s{s{ss si}} s[s] sb}", "type", "object", "properties",
		"mission_id", "type", "integer", "minimum", 1, "required",
		"mission_id", "additionalProperties", 0));
	json_object_set_new(schemas, "CalendarFeed", json_pack(
		"{ss s{s{ss} s{ss} s{ss} s{ss}} s[ssss]}", "type", "object",
		"properties", "id", "type", "integer", "mission_id", "type", "integer",
		"token", "type", "string", "url", "type", "string",
		"required", "id", "mission_id", "token", "url"));
	json_object_set_new(schemas, "CalendarFeeds", json_pack(
		"{ss s{s{ss}} s[s]}", "type", "object", "properties",
		"items", "type", "array", "required", "items"));
	json_object_set_new(schemas, "TokenCreate", json_pack(
		"{ss s{s{ss si} s{ss si si}} sb}", "type", "object", "properties",
		"label", "type", "string", "maxLength", 200, "days", "type",
		"integer", "minimum", 1, "maximum", AUTH_TOKEN_DAYS_MAX,
		"additionalProperties", 0));
	json_object_set_new(schemas, "Token", json_pack(
		"{ss s{s{ss} s{ss} s{s[ss]} s{ss} s{ss}} s[sssss]}", "type",
		"object", "properties", "id", "type", "integer", "user_id", "type",
		"integer", "label", "type", "string", "null", "expires_utc", "type",
		"integer", "token", "type", "string", "required", "id", "user_id",
		"label", "expires_utc", "token"));
	json_object_set_new(schemas, "Tokens", json_pack(
		"{ss s{s{ss s{ss s[ssssss]}}} s[s]}", "type", "object",
		"properties", "items", "type", "array", "items", "type", "object",
		"required", "id", "user_id", "username", "label", "created_utc",
		"expires_utc", "required", "items"));
	json_object_set_new(schemas, "Value", json_pack(
		"{ss s{s{ss ss} s{ss ss} s{ss}} s[sss] sb}", "type", "object",
		"properties", "currency", "type", "string", "pattern", "^[A-Z]{3}$",
		"amount", "type", "string", "pattern", "^[0-9]+(\\.[0-9]+)?$",
		"minor", "type", "integer",
		"required", "currency", "amount", "minor", "additionalProperties", 0));
	json_object_set_new(schemas, "Values", json_pack("{ss so}", "type", "array",
		"items", ref("#/components/schemas/%s", "Value")));
	json_object_set_new(schemas, "Ref", json_pack(
		"{ss ss s{s{ss} s{ss} s{ss} s{ss} s{ss} s{ss}} s[s] sb}",
		"type", "object", "description",
		"A referenced record's id, key or slug and name or title",
		"properties", "id", "type", "integer", "key", "type", "string",
		"slug", "type", "string",
		"name", "$ref", "#/components/schemas/Text",
		"title", "$ref", "#/components/schemas/Text",
		"city", "$ref", "#/components/schemas/Text",
		"required", "id", "additionalProperties", 0));
	json_object_set_new(schemas, "StatsRow", json_pack(
		"{ss s{s{s[sss]} so s{ss si} so so} s[ssss] sb}", "type", "object",
		"properties", "key", "type", "string", "integer", "null",
		"label", ref("#/components/schemas/%s", "Text"),
		"count", "type", "integer", "minimum", 0,
		"values", ref("#/components/schemas/%s", "Values"),
		"expected", ref("#/components/schemas/%s", "Values"),
		"required", "key", "label", "count", "values",
		"additionalProperties", 0));
	json_object_set_new(schemas, "Stats", json_pack(
		"{ss s{s{ss} s{ss} so s{ss so} s{ss s{s{ss} so} s[ss]}"
		" s{ss s{s{ss} so} s[ss]}} s[ssssss]}",
		"type", "object", "properties",
		"measure", "type", "string", "group", "type", "string",
		"counts", ref("#/components/schemas/%s", "Text"),
		"rows", "type", "array", "items", ref("#/components/schemas/%s", "StatsRow"),
		"total", "type", "object", "properties", "count", "type", "integer",
		"values", ref("#/components/schemas/%s", "Values"),
		"required", "count", "values",
		"others", "type", "object", "properties", "count", "type", "integer",
		"values", ref("#/components/schemas/%s", "Values"),
		"required", "count", "values",
		"required", "measure", "group", "counts", "rows", "total", "others"));
	json_object_set_new(schemas, "MissionSummary", schema_text(
		"{'type': 'object', 'required': ['id', 'slug', 'title',"
		" 'home_organisation_id', 'home_organisation', 'first_day', 'last_day',"
		" 'countries', 'events', 'agreements', 'values'], 'properties': {"
		" 'id': {'type': 'integer'}, 'slug': {'type': 'string'}, 'title': TEXT,"
		" 'home_organisation_id': {'type': ['integer', 'null']},"
		" 'home_organisation': REF_OR_NULL,"
		" 'first_day': {'type': ['string', 'null']},"
		" 'last_day': {'type': ['string', 'null']},"
		" 'countries': {'type': 'array', 'items': {'type': 'string'}},"
		" 'events': {'type': 'integer'}, 'agreements': {'type': 'integer'},"
		" 'values': VALUES}}"));
	json_object_set_new(schemas, "FollowupRow", schema_text(
		"{'type': 'object', 'required': ['agreement_id', 'id', 'description',"
		" 'due_on', 'done_on', 'owner_person_id', 'owner_person', 'agreement'],"
		" 'properties': {'agreement_id': {'type': 'integer'},"
		" 'id': {'type': 'integer'}, 'description': TEXT,"
		" 'due_on': {'type': 'string'}, 'done_on': {'type': ['string', 'null']},"
		" 'owner_person_id': {'type': ['integer', 'null']},"
		" 'owner_person': REF_OR_NULL, 'agreement': REF}}"));
	json_object_set_new(schemas, "OrganisationAgreement", schema_text(
		"{'type': 'object', 'required': ['id', 'key', 'kind', 'title',"
		" 'signed_on', 'status', 'role', 'mission', 'series', 'parties'],"
		" 'properties': {'id': {'type': 'integer'}, 'key': {'type': 'string'},"
		" 'kind': {'type': 'string'}, 'title': TEXT,"
		" 'signed_on': {'type': 'string'}, 'status': {'type': 'string'},"
		" 'value_minor': {'type': ['integer', 'null']},"
		" 'currency': {'type': ['string', 'null']}, 'role': {'type': 'string'},"
		" 'mission_id': {'type': ['integer', 'null']}, 'mission': REF_OR_NULL,"
		" 'series_id': {'type': ['integer', 'null']}, 'series': REF_OR_NULL,"
		" 'parties': {'type': 'array', 'items': {'type': 'object',"
		"  'required': ['organisation_id', 'organisation', 'role'],"
		"  'properties': {'organisation_id': {'type': 'integer'},"
		"  'organisation': REF, 'role': {'type': 'string'}}}}}}"));
	json_object_set_new(schemas, "OrganisationEvent", schema_text(
		"{'type': 'object', 'required': ['id', 'key', 'kind', 'title',"
		" 'start_utc', 'zone', 'role', 'mission'],"
		" 'properties': {'id': {'type': 'integer'}, 'key': {'type': 'string'},"
		" 'kind': {'type': 'string'}, 'title': TEXT,"
		" 'start_utc': {'type': 'integer'}, 'zone': {'type': 'string'},"
		" 'local_day': {'type': ['string', 'null']}, 'role': {'type': 'string'},"
		" 'mission_id': {'type': 'integer'}, 'mission': REF}}"));
	{
		static const char *const rows[] = { "MissionSummary", "FollowupRow",
			"OrganisationAgreement", "OrganisationEvent" };

		for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
			char name[64];

			snprintf(name, sizeof name, "%s.page", rows[i]);
			json_object_set_new(schemas, name, json_pack(
				"{ss s{s{ss so} s{s[ss]}} s[ss] sb}", "type", "object",
				"properties", "items", "type", "array",
				"items", ref("#/components/schemas/%s", rows[i]),
				"next_cursor", "type", "string", "null",
				"required", "items", "next_cursor",
				"additionalProperties", 0));
		}
	}
	api_followup_schemas(schemas);
	for (int i = 0; i < RES_COUNT; i++) {
		const struct store_resource *r = store_resources[i];
		char name[64];

		json_object_set_new(schemas, r->name, record_schema(r, 0));
		snprintf(name, sizeof name, "%s.item", r->name);
		json_object_set_new(schemas, name, record_schema(r, 3));
		snprintf(name, sizeof name, "%s.create", r->name);
		json_object_set_new(schemas, name, record_schema(r, 1));
		snprintf(name, sizeof name, "%s.update", r->name);
		json_object_set_new(schemas, name, record_schema(r, 2));
		snprintf(name, sizeof name, "%s.page", r->name);
		json_object_set_new(schemas, name, json_pack(
			"{ss s{s{ss so} s{s[ss]}} s[ss] sb}", "type", "object",
			"properties", "items", "type", "array",
			"items", ref("#/components/schemas/%s.item", r->name),
			"next_cursor", "type", "string", "null",
			"required", "items", "next_cursor", "additionalProperties", 0));
	}
	for (size_t i = 0; i < sizeof problems / sizeof problems[0]; i++)
		json_object_set_new(responses, problems[i], json_pack(
			"{ss s{s{so}}}", "description", "A problem (RFC 9457)",
			"content", "application/problem+json", "schema",
			ref("#/components/schemas/%s", "Problem")));
	return json_pack("{so so s{s{ss ss} s{ss ss ss}}}", "schemas", schemas,
			 "responses", responses, "securitySchemes",
			 "bearer", "type", "http", "scheme", "bearer",
			 "cookie", "type", "apiKey", "in", "cookie",
			 "name", "pavilion_session");
}

static json_t *param(const char *name, const char *in, bool required,
		     json_t *schema, const char *doc)
{
	return json_pack("{ss ss sb so ss}", "name", name, "in", in,
			 "required", required, "schema", schema, "description", doc);
}

static void add_problems(json_t *responses, const char *const *codes)
{
	for (; *codes; codes++)
		json_object_set_new(responses, *codes,
				    ref("#/components/responses/%s", *codes));
}

static json_t *etag_header(void)
{
	return json_pack("{s{ss s{ss}}}", "ETag", "description",
			 "the version, for If-Match", "schema", "type", "string");
}

/* A query parameter of the fixed routes: its name, JSON Schema type,
 * allowed values (space-separated, or NULL) and what it does. */
struct query_param {
	const char *name, *type, *values, *doc;
};

static void add_query_params(json_t *params, const struct query_param *p)
{
	for (; p->name; p++) {
		json_t *schema = json_pack("{ss}", "type", p->type);

		if (p->values) {
			json_t *e = json_array();
			char word[32];
			const char *v = p->values;

			while (*v) {
				size_t n = strcspn(v, " ");

				snprintf(word, sizeof word, "%.*s", (int)n, v);
				json_array_append_new(e, json_string(word));
				v += n + (v[n] == ' ');
			}
			json_object_set_new(schema, "enum", e);
		}
		json_array_append_new(params, param(p->name, "query", false, schema,
						    p->doc));
	}
}

static const struct query_param stats_params[] = {
	{ "measure", "string", "agreements missions events consultations realisations",
	  "what is counted (default agreements)" },
	{ "group", "string", "year province country kind status sector series mission",
	  "how the rows are grouped (default year)" },
	{ "top", "integer", NULL, "rows kept, 1 to 200 (default 20); the rest are others" },
	{ "year", "string", NULL, "only this year (YYYY)" },
	{ "from", "string", NULL, "from this day (YYYY-MM-DD)" },
	{ "to", "string", NULL, "to this day, included (YYYY-MM-DD)" },
	{ "province", "integer", NULL, "missions sent by this organisation (id)" },
	{ "country", "string", NULL, "ISO 3166-1 alpha-2 code of where it happened" },
	{ "sector", "string", NULL, "a sector code" },
	{ "kind", "string", NULL, "kind of agreement or event" },
	{ "status", "string", NULL, "agreement status" },
	{ "mission", "integer", NULL, "only this mission (id)" },
	{ "series", "integer", NULL, "only this series (id)" },
	{ "q", "string", NULL, "title contains this text (agreements, missions)" },
	{ NULL, NULL, NULL, NULL },
};

#define PAGE_PARAMS \
	{ "limit", "integer", NULL, "page size, 1 to 200 (default 50)" }, \
	{ "cursor", "string", NULL, "next_cursor of the page before" }

static const struct query_param summary_params[] = {
	PAGE_PARAMS,
	{ "sort", "string", "start -start title -title agreements -agreements",
	  "order (default -start: the newest first)" },
	{ "year", "string", NULL, "first day in this year (YYYY)" },
	{ "province", "integer", NULL, "sent by this organisation (id)" },
	{ "country", "string", NULL, "stops in this country (ISO 3166-1 alpha-2)" },
	{ "sector", "string", NULL, "a sector code" },
	{ "q", "string", NULL, "title contains this text (search index)" },
	{ NULL, NULL, NULL, NULL },
};

static const struct query_param followup_params[] = {
	PAGE_PARAMS,
	{ "sort", "string", "due -due", "order (default due: the soonest first)" },
	{ "state", "string", "open done", "open (not done) or done" },
	{ "due_before", "string", NULL, "due before this day (YYYY-MM-DD)" },
	{ "overdue", "string", "true false", "open and due before today (UTC)" },
	{ "owner", "integer", NULL, "owned by this person (id)" },
	{ "agreement", "integer", NULL, "of this agreement (id)" },
	{ NULL, NULL, NULL, NULL },
};

static const struct query_param org_agreement_params[] = {
	PAGE_PARAMS,
	{ "sort", "string", "signed_on -signed_on",
	  "order (default -signed_on: the newest first)" },
	{ "status", "string", NULL, "agreement status" },
	{ "kind", "string", NULL, "kind of agreement" },
	{ NULL, NULL, NULL, NULL },
};

static const struct query_param org_event_params[] = {
	PAGE_PARAMS,
	{ "sort", "string", "start_utc -start_utc",
	  "order (default -start_utc: the newest first)" },
	{ "kind", "string", NULL, "kind of event" },
	{ "year", "string", NULL, "local day in this year (YYYY)" },
	{ NULL, NULL, NULL, NULL },
};

/* One operation of a route, for resource r (NULL when not a resource
 * route) under parent p. */
static json_t *operation(const struct http_route *rt,
			 const struct store_resource *p,
			 const struct store_resource *r, const char *path)
{
	static const char *const common[] = { "400", "401", "403", "404", "405",
					      "503", NULL };
	json_t *op = json_object(), *params = json_array();
	json_t *responses = json_object();
	char id[160], schema[96], summary[160];
	const char *method = rt->method == HTTP_GET ? "get" :
		rt->method == HTTP_POST ? "post" : rt->method == HTTP_PATCH ?
		"patch" : "delete";

	snprintf(id, sizeof id, "%s%s", method, path);
	for (char *c = id; *c; c++)
		if (*c == '/' || *c == '{' || *c == '}' || *c == '.')
			*c = '_';
	json_object_set_new(op, "operationId", json_string(id));
	snprintf(summary, sizeof summary, "%s%s%s", rt->summary, r ? " " : "",
		 r ? r->name : "");
	json_object_set_new(op, "summary", json_string(summary));
	if (r)
		json_object_set_new(op, "tags", json_pack("[s]", p ? p->name : r->name));
	if (rt->flags & ROUTE_PUBLIC)
		json_object_set_new(op, "security", json_array());
	if (strstr(rt->pattern, "{id}"))
		json_array_append_new(params, param("id", "path", true,
			json_pack("{ss si}", "type", "integer", "minimum", 1),
			"the record's id"));
	if (strstr(rt->pattern, "{child_id}"))
		json_array_append_new(params, param("child_id", "path", true,
			json_pack("{ss si}", "type", "integer", "minimum", 1),
			"the child record's own id (kept for life)"));
	add_problems(responses, common);
	if (r && rt->handler == api_res_list) {
		json_t *sorts = json_pack("[ss]", "id", "-id");

		for (size_t i = 0; i < r->n_fields; i++) {
			const struct store_field *f = &r->fields[i];
			char neg[64];

			if (f->flags & SF_SORT) {
				snprintf(neg, sizeof neg, "-%s", f->name);
				json_array_append_new(sorts, json_string(f->name));
				json_array_append_new(sorts, json_string(neg));
			}
			if (f->flags & SF_FILTER)
				json_array_append_new(params, param(f->name, "query", false,
					json_pack("{ss}", "type", "string"), "equals this value"));
		}
		for (size_t i = 0; i < r->n_filters; i++)
			json_array_append_new(params, param(r->filters[i].name, "query",
				false, json_pack("{ss}", "type", "string"), r->filters[i].doc));
		json_array_append_new(params, param("limit", "query", false,
			json_pack("{ss si si}", "type", "integer", "minimum", 1,
				  "maximum", STORE_PAGE_MAX), "page size (default 50)"));
		json_array_append_new(params, param("cursor", "query", false,
			json_pack("{ss}", "type", "string"), "next_cursor of the page before"));
		json_array_append_new(params, param("sort", "query", false,
			json_pack("{ss so}", "type", "string", "enum", sorts),
			"field to sort by; a leading - sorts descending"));
		snprintf(schema, sizeof schema, "#/components/schemas/%s.page", r->name);
		json_object_set_new(responses, "200", json_pack("{ss so}",
			"description", "one page", "content",
			json_content(json_pack("{ss}", "$ref", schema))));
	} else if (r && rt->handler == api_res_get) {
		json_object_set_new(responses, "200", json_pack("{ss so so}",
			"description", "the record", "headers", etag_header(), "content",
			json_content(ref("#/components/schemas/%s", r->name))));
	} else if (r && (rt->handler == api_res_create ||
			 rt->handler == api_res_update)) {
		bool create = rt->handler == api_res_create;
		static const char *const writes[] = { "409", "412", "413", "415",
						      "422", "428", NULL };

		snprintf(schema, sizeof schema, "#/components/schemas/%s.%s", r->name,
			 create ? "create" : "update");
		json_object_set_new(op, "requestBody", json_pack("{sb so}",
			"required", 1, "content", json_content(json_pack("{ss}",
			"$ref", schema))));
		if (!create)
			json_array_append_new(params, param("If-Match", "header", true,
				json_pack("{ss}", "type", "string"),
				"the ETag of the version being changed"));
		add_problems(responses, writes);
		json_object_set_new(responses, create ? "201" : "200",
			json_pack("{ss so so}", "description", create ? "created" :
				  "updated", "headers", etag_header(), "content",
				  json_content(ref("#/components/schemas/%s", r->name))));
	} else if (r && rt->handler == api_res_delete) {
		static const char *const deletes[] = { "409", "412", NULL };

		json_array_append_new(params, param("If-Match", "header", false,
			json_pack("{ss}", "type", "string"),
			"when given, the ETag the record must still have"));
		add_problems(responses, deletes);
		json_object_set_new(responses, "204",
				    json_pack("{ss}", "description", "deleted"));
	} else {
		/* The fixed routes, one by one. */
		const char *out = NULL, *in = NULL;
		const char *code = "200";

		if (rt->handler == api_health)
			out = "Health";
		else if (rt->handler == api_openapi)
			json_object_set_new(responses, "200", json_pack("{ss so}",
				"description", "this document", "content",
				json_content(json_pack("{ss}", "type", "object"))));
		else if (rt->handler == api_session_create)
			in = "Login", out = "Session", code = "201";
		else if (rt->handler == api_session_get)
			out = "Session";
		else if (rt->handler == api_session_delete)
			json_object_set_new(responses, "204",
					    json_pack("{ss}", "description", "logged out"));
		else if (rt->handler == api_users_list)
			json_object_set_new(responses, "200", json_pack("{ss so}",
				"description", "accounts", "content", json_content(
				json_pack("{ss s{s{ss so}} s[s]}", "type", "object",
					  "properties", "items", "type", "array", "items",
					  ref("#/components/schemas/%s", "User"),
					  "required", "items"))));
		else if (rt->handler == api_users_create)
			in = "UserCreate", out = "User", code = "201";
		else if (rt->handler == api_users_update)
			in = "UserUpdate", out = "User";
		else if (rt->handler == api_audit_list) {
			out = "AuditEntries";
			json_array_append_new(params, param("limit", "query", false,
				json_pack("{ss si si}", "type", "integer", "minimum", 1,
					  "maximum", 1000), "how many (default 100)"));
		} else if (rt->handler == api_search) {
			out = "SearchHits";
			json_array_append_new(params, param("q", "query", true,
				json_pack("{ss si si}", "type", "string", "minLength", 1,
					  "maxLength", 200), "text to look for"));
			json_array_append_new(params, param("limit", "query", false,
				json_pack("{ss si si}", "type", "integer", "minimum", 1,
					  "maximum", STORE_PAGE_MAX), "how many (default 20)"));
		} else if (rt->handler == api_mission_calendar ||
			   rt->handler == api_feed_get) {
			json_object_set_new(responses, "200", json_pack("{ss s{s{s{ss}}}}",
				"description", "RFC 5545 iCalendar", "content",
				"text/calendar", "schema", "type", "string"));
			json_array_append_new(params, param("lang", "query", false,
				json_pack("{ss s[ss]}", "type", "string", "enum", "ko", "en"),
				"language (default ko)"));
			if (rt->handler == api_mission_calendar) {
				json_array_append_new(params, param("person", "query", false,
					json_pack("{ss}", "type", "string"),
					"only this person's agenda (key)"));
				json_array_append_new(params, param("organisation", "query",
					false, json_pack("{ss}", "type", "string"),
					"only this organisation's agenda (key)"));
			} else {
				json_array_append_new(params, param("token", "path", true,
					json_pack("{ss}", "type", "string"),
					"the feed's token followed by .ics"));
			}
		} else if (rt->handler == api_event_schedule) {
			static const char *const runs[] = { "409", "422", NULL };

			out = "ScheduleRun";
			add_problems(responses, runs);
			json_array_append_new(params, param("time_limit", "query", false,
				json_pack("{ss si si}", "type", "integer", "minimum", 1,
					  "maximum", (int)B2B_MAX_TIME_LIMIT),
				"seconds the solver may take (default 2)"));
			json_array_append_new(params, param("seed", "query", false,
				json_pack("{ss si}", "type", "integer", "minimum", 0),
				"random seed (default 1)"));
		} else if (rt->handler == api_event_agenda ||
			   rt->handler == api_event_suggestions) {
			out = rt->handler == api_event_agenda ? "Agenda" : "Suggestions";
			json_array_append_new(params, param("organisation_id", "query",
				false, json_pack("{ss si}", "type", "integer", "minimum", 1),
				"only this organisation (a company account: its own)"));
			if (rt->handler == api_event_suggestions) {
				json_array_append_new(params, param("limit", "query", false,
					json_pack("{ss si si}", "type", "integer", "minimum", 1,
						  "maximum", 100), "per company (default 10)"));
				json_array_append_new(params, param("companies", "query",
					false, json_pack("{ss si si}", "type", "integer",
					"minimum", 1, "maximum", 200),
					"companies per page (default 50)"));
				json_array_append_new(params, param("cursor", "query", false,
					json_pack("{ss}", "type", "string"),
					"next_cursor of the page before"));
			}
		} else if (rt->handler == api_feeds_list) {
			out = "CalendarFeeds";
		} else if (rt->handler == api_feeds_create) {
			in = "CalendarFeedCreate", out = "CalendarFeed", code = "201";
		} else if (rt->handler == api_feeds_delete) {
			json_object_set_new(responses, "204",
					    json_pack("{ss}", "description", "revoked"));
		} else if (rt->handler == api_tokens_list) {
			out = "Tokens";
		} else if (rt->handler == api_tokens_create) {
			in = "TokenCreate", out = "Token", code = "201";
		} else if (rt->handler == api_tokens_delete) {
			json_object_set_new(responses, "204",
					    json_pack("{ss}", "description", "revoked"));
		} else if (rt->handler == api_stats) {
			out = "Stats";
			add_query_params(params, stats_params);
		} else if (rt->handler == api_missions_summary) {
			out = "MissionSummary.page";
			add_query_params(params, summary_params);
		} else if (rt->handler == api_followups_list) {
			out = "FollowupRow.page";
			add_query_params(params, followup_params);
		} else if (rt->handler == api_org_agreements) {
			out = "OrganisationAgreement.page";
			add_query_params(params, org_agreement_params);
		} else if (rt->handler == api_org_events) {
			out = "OrganisationEvent.page";
			add_query_params(params, org_event_params);
		} else if (api_followup_operation(rt, op, params, responses)) {
			/* surveys and evidence: followup_doc.c */
		} else if (rt->handler == api_report) {
			out = "Report";
			json_array_append_new(params, param("lang", "query", false,
				json_pack("{ss s[ss]}", "type", "string", "enum", "ko", "en"),
				"language of labels (default en)"));
		}
		if (in) {
			static const char *const writes[] = { "409", "413", "415", "422",
							      "429", NULL };

			json_object_set_new(op, "requestBody", json_pack("{sb so}",
				"required", 1, "content",
				json_content(ref("#/components/schemas/%s", in))));
			add_problems(responses, writes);
		}
		if (out)
			json_object_set_new(responses, code, json_pack("{ss so}",
				"description", "success", "content",
				json_content(ref("#/components/schemas/%s", out))));
	}
	if (json_array_size(params) > 0)
		json_object_set_new(op, "parameters", params);
	else
		json_decref(params);
	json_object_set_new(op, "responses", responses);
	return op;
}

static void add_operation(json_t *paths, const char *path, const char *method,
			  json_t *op)
{
	json_t *item = json_object_get(paths, path);

	if (item == NULL) {
		item = json_object();
		json_object_set_new(paths, path, item);
	}
	json_object_set_new(item, method, op);
}

static const char *method_key(enum http_method m)
{
	return m == HTTP_GET ? "get" : m == HTTP_POST ? "post" :
		m == HTTP_PATCH ? "patch" : "delete";
}

/* Expands {resource} and {child} into every resource they stand for. */
static void expand(json_t *paths, const struct http_route *rt)
{
	char path[256];

	if (!(rt->flags & ROUTE_RESOURCE)) {
		add_operation(paths, rt->pattern, method_key(rt->method),
			      operation(rt, NULL, NULL, rt->pattern));
		return;
	}
	for (int i = 0; i < RES_COUNT; i++) {
		const struct store_resource *top = store_resources[i];
		bool child = strstr(rt->pattern, "{child}") != NULL;

		if (top->parent >= 0)
			continue;
		for (int j = child ? 0 : RES_COUNT - 1; j < RES_COUNT; j++) {
			const struct store_resource *c = child ? store_resources[j] : NULL;
			const char *rest;

			if (child && c->parent != (int)top->id)
				continue;
			rest = strstr(rt->pattern, "{resource}") + 10;
			if (child)
				snprintf(path, sizeof path, "/api/%s/{id}/%s%s", top->name,
					 c->name, strstr(rest, "{child}") + 7);
			else
				snprintf(path, sizeof path, "/api/%s%s", top->name, rest);
			add_operation(paths, path, method_key(rt->method),
				      operation(rt, child ? top : NULL, child ? c : top, path));
			if (!child)
				break;
		}
	}
}

char *api_openapi_build(size_t *len)
{
	json_t *paths = json_object(), *doc;
	char *text;

	for (size_t i = 0; i < api_route_count; i++)
		expand(paths, &api_routes[i]);
	doc = json_pack("{ss s{ss ss ss} s[{ss}] so so s[{s[]}{s[]}]}",
		"openapi", "3.1.0", "info", "title", "Pavilion API",
		"version", "1.0.0", "description",
		"Trade missions, their events and agreements, and what they achieved. "
		"Errors are application/problem+json (RFC 9457).",
		"servers", "url", "/", "paths", paths, "components", components(),
		"security", "bearer", "cookie");
	text = json_dumps(doc, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(doc);
	*len = text ? strlen(text) : 0;
	return text;
}
