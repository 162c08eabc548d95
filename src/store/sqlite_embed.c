/* sqlite_embed.c: the names of referenced records in listing rows.
 *
 * After a page of a resource is read, each reference field that embeds
 * (store_field_embed) costs one query over the page's distinct ids, and an
 * agreements page one more for its parties; so a page never needs the
 * registry and never costs more than a few indexed look-ups.  A company
 * account gets the names of records inside the referenced resource's
 * company scope only (null otherwise).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_http.h"

#define EMBED_SQL_MAX 1024

static json_t *column_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? json_string((const char *)s) : json_null();
}

/* The distinct non-null values of member in items, as JSON array text. */
static char *ids_of(json_t *items, const char *member)
{
	json_t *ids = json_array(), *item, *seen = json_object();
	size_t i;
	char key[32], *text;

	json_array_foreach(items, i, item) {
		json_t *v = json_object_get(item, member);

		if (!json_is_integer(v))
			continue;
		snprintf(key, sizeof key, "%lld", (long long)json_integer_value(v));
		if (json_object_get(seen, key))
			continue;
		json_object_set_new(seen, key, json_true());
		json_array_append(ids, v);
	}
	text = json_array_size(ids) ? json_dumps(ids, JSON_COMPACT) : NULL;
	json_decref(ids);
	json_decref(seen);
	return text;
}

static int embed_field(struct sqlite_store *ss, const struct store_field *f,
		       const struct store_embed *e, json_t *items,
		       const struct store_actor *who, struct error *err)
{
	char sql[EMBED_SQL_MAX], name[64];
	char *ids = ids_of(items, f->name);
	bool company = who && who->company_org != 0;
	const char *scope = e->resource >= 0 ?
		store_resources[e->resource]->company_scope : NULL;
	json_t *found = json_object(), *item;
	sqlite3_stmt *st = NULL;
	size_t i, len = strlen(f->name);
	int rc, status = 0;

	snprintf(name, sizeof name, "%.*s", (int)(len > 3 ? len - 3 : len), f->name);
	if (ids == NULL || (company && scope == NULL))
		goto set;
	snprintf(sql, sizeof sql, "SELECT id, %s, %s_ko, %s_en FROM %s WHERE id IN"
		 " (SELECT value FROM json_each(:ids))%s%s%s", e->key, e->text,
		 e->text, e->table, company ? " AND (" : "", company ? scope : "",
		 company ? ")" : "");
	if (sqlite_cached_prepare(ss, sql, &st, err)) {
		status = err ? (int)err->code : ERROR_STORE;
		goto done;
	}
	sqlite3_bind_text(st, sqlite3_bind_parameter_index(st, ":ids"), ids, -1,
			  SQLITE_STATIC);
	if (company && sqlite3_bind_parameter_index(st, ":org") > 0)
		sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":org"),
				   who->company_org);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char key[32];

		snprintf(key, sizeof key, "%lld", (long long)sqlite3_column_int64(st, 0));
		json_object_set_new(found, key, json_pack("{sI so s{so so}}",
			"id", (json_int_t)sqlite3_column_int64(st, 0),
			e->key, column_text(st, 1), e->text,
			"ko", column_text(st, 2), "en", column_text(st, 3)));
	}
	if (rc != SQLITE_DONE) {
		status = sqlite_fail(ss->db, err, "names");
		goto done;
	}
set:
	json_array_foreach(items, i, item) {
		json_t *v = json_object_get(item, f->name), *ref = NULL;
		char key[32];

		if (json_is_integer(v)) {
			snprintf(key, sizeof key, "%lld", (long long)json_integer_value(v));
			ref = json_object_get(found, key);
		}
		json_object_set(item, name, ref ? ref : json_null());
	}
done:
	sqlite_cached_release(ss, st);
	json_decref(found);
	free(ids);
	return status;
}

/* Every party of the page's agreements, in order, with names. */
static int embed_parties(struct sqlite_store *ss, json_t *items,
			 struct error *err)
{
	char *ids = ids_of(items, "id");
	json_t *by_id = json_object(), *item;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc, status = 0;

	json_array_foreach(items, i, item) {
		char key[32];

		snprintf(key, sizeof key, "%lld",
			 (long long)json_integer_value(json_object_get(item, "id")));
		json_object_set_new(item, "parties", json_array());
		json_object_set(by_id, key, json_object_get(item, "parties"));
	}
	if (ids == NULL)
		goto done;
	if (sqlite_cached_prepare(ss, "SELECT p.agreement_id, p.organisation_id,"
				  " o.key, o.name_ko, o.name_en, p.role"
				  " FROM agreement_party p JOIN organisation o"
				  " ON o.id = p.organisation_id WHERE p.agreement_id IN"
				  " (SELECT value FROM json_each(?1))"
				  " ORDER BY p.agreement_id, p.position", &st, err)) {
		status = err ? (int)err->code : ERROR_STORE;
		goto done;
	}
	sqlite3_bind_text(st, 1, ids, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		char key[32];
		json_t *list;

		snprintf(key, sizeof key, "%lld", (long long)sqlite3_column_int64(st, 0));
		if ((list = json_object_get(by_id, key)) == NULL)
			continue;
		json_array_append_new(list, json_pack("{sI s{sI so s{so so}} so}",
			"organisation_id", (json_int_t)sqlite3_column_int64(st, 1),
			"organisation", "id", (json_int_t)sqlite3_column_int64(st, 1),
			"key", column_text(st, 2), "name", "ko", column_text(st, 3),
			"en", column_text(st, 4), "role", column_text(st, 5)));
	}
	if (rc != SQLITE_DONE)
		status = sqlite_fail(ss->db, err, "parties");
done:
	sqlite_cached_release(ss, st);
	json_decref(by_id);
	free(ids);
	return status;
}

int sqlite_embed_names(struct sqlite_store *ss, const struct store_resource *r,
		       json_t *items, const struct store_actor *who,
		       struct error *err)
{
	struct store_embed e;
	int status = 0;

	for (size_t i = 0; i < r->n_fields && status == 0; i++)
		if (store_field_embed(&r->fields[i], &e))
			status = embed_field(ss, &r->fields[i], &e, items, who, err);
	if (status == 0 && r->id == RES_AGREEMENTS)
		status = embed_parties(ss, items, err);
	return status;
}
