/* sqlite_crud.c: list, get, create, update and delete of any resource,
 * with SQL built from the resource's field table (resource.h).
 *
 * Only names from the static field tables ever enter the SQL text; every
 * value from a request is bound.  A company actor's queries carry the
 * resource's company_scope condition, so a row outside it is "not found"
 * rather than forbidden, and its existence is not revealed.  What a
 * company may write is narrower (company_write): a row it can see but not
 * write is denied, and a create or update must leave the row inside it.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_http.h"
#include "domain/money.h"
#include "util/buf.h"

#define SQL_MAX 8192
#define CURSOR_MAX 1024
#define VALUE_PARAM 100

int sqlite_begin(sqlite3 *db, struct error *err)
{
	return sqlite_exec(db, "BEGIN IMMEDIATE", err);
}

int sqlite_commit(sqlite3 *db, struct error *err)
{
	if (sqlite_days_fill(db, err) || sqlite_exec(db, "COMMIT", err)) {
		sqlite_rollback(db);
		return err ? (int)err->code : ERROR_STORE;
	}
	return 0;
}

void sqlite_rollback(sqlite3 *db)
{
	if (!sqlite3_get_autocommit(db))
		sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
}

/* The columns of a row in output order: id, version, parent, fields. */
static void select_columns(struct buf *q, const struct store_resource *r,
			   const char *extra)
{
	buf_printf(q, "SELECT %s, version", r->id_column);
	if (r->parent_column)
		buf_printf(q, ", %s", r->parent_column);
	for (size_t i = 0; i < r->n_fields; i++) {
		char cols[2][64];
		int n = store_field_columns(&r->fields[i], cols);

		for (int k = 0; k < n; k++)
			buf_printf(q, ", %s", cols[k]);
	}
	/* A listing's sort value rides along last, for the cursor. */
	if (extra)
		buf_printf(q, ", %s", extra);
	buf_printf(q, " FROM %s WHERE 1 = 1", r->table);
}

static json_t *column_string(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? json_stringn((const char *)s,
				(size_t)sqlite3_column_bytes(st, i)) : json_null();
}

static json_t *column_int(sqlite3_stmt *st, int i)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		return json_null();
	return json_integer(sqlite3_column_int64(st, i));
}

static json_t *sectors_json(int64_t mask)
{
	json_t *a = json_array();

	for (int s = 0; s < SECTOR_COUNT; s++)
		if (mask & ((int64_t)1 << s))
			json_array_append_new(a, json_string(enum_code(&enum_sector, s)));
	return a;
}

/* Money as {"amount", "currency", "minor"}, or null. */
static json_t *column_money(sqlite3_stmt *st, int i)
{
	struct money m = { 0, "" };
	const unsigned char *cur = sqlite3_column_text(st, i + 1);
	char amount[32];

	if (sqlite3_column_type(st, i) == SQLITE_NULL || cur == NULL)
		return json_null();
	m.minor = sqlite3_column_int64(st, i);
	snprintf(m.currency, sizeof m.currency, "%s", (const char *)cur);
	money_format_plain(m, amount, sizeof amount);
	return json_pack("{ss ss sI}", "amount", amount, "currency", m.currency,
			 "minor", (json_int_t)m.minor);
}

/* The current row as the resource's JSON object. */
static json_t *row_json(sqlite3_stmt *st, const struct store_resource *r)
{
	json_t *o = json_object();
	int c = 0;

	json_object_set_new(o, "id", column_int(st, c++));
	json_object_set_new(o, "version", column_int(st, c++));
	if (r->parent_column)
		json_object_set_new(o, r->parent_column, column_int(st, c++));
	for (size_t i = 0; i < r->n_fields; i++) {
		const struct store_field *f = &r->fields[i];
		json_t *v;

		switch (f->type) {
		case SF_TEXT:
			v = json_object();
			json_object_set_new(v, "ko", column_string(st, c++));
			json_object_set_new(v, "en", column_string(st, c++));
			break;
		case SF_COUNT:
		case SF_REF:
			v = column_int(st, c++);
			break;
		case SF_BOOL:
			v = json_boolean(sqlite3_column_int(st, c++) != 0);
			break;
		case SF_MONEY:
			v = column_money(st, c);
			c += 2;
			break;
		case SF_SECTORS:
			v = sectors_json(sqlite3_column_int64(st, c++));
			break;
		default:
			v = column_string(st, c++);
			break;
		}
		json_object_set_new(o, f->name, v);
	}
	return o;
}

/* " AND (scope)" for a company actor; false when the resource has none. */
static bool add_scope(struct buf *q, const struct store_resource *r,
		      const struct store_actor *who)
{
	if (who == NULL || who->company_org == 0)
		return true;
	if (r->company_scope == NULL)
		return false;
	buf_printf(q, " AND (%s)", r->company_scope);
	return true;
}

/* The condition of an UPDATE or DELETE by who. */
static bool add_write_scope(struct buf *q, const struct store_resource *r,
			    const struct store_actor *who)
{
	if (who == NULL || who->company_org == 0 || r->company_write == NULL)
		return add_scope(q, r, who);
	buf_printf(q, " AND (%s)", r->company_write);
	return true;
}

static void bind_named_int(sqlite3_stmt *st, const char *name, int64_t v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i > 0)
		sqlite3_bind_int64(st, i, v);
}

/* Prepared statements are kept per connection, keyed by their SQL, so a
 * request of a shape seen before skips the SQL compiler.  An entry in use
 * is never evicted; release() gives it back reset, bindings cleared. */
#define STMT_CACHE_SIZE 64

struct sqlite_stmt_cache {
	struct {
		char *sql;
		sqlite3_stmt *st;
		bool used;
		unsigned long tick;
	} e[STMT_CACHE_SIZE];
	unsigned long tick;
};

void sqlite_stmt_cache_free(struct sqlite_store *ss)
{
	if (ss->stmts == NULL)
		return;
	for (int i = 0; i < STMT_CACHE_SIZE; i++) {
		sqlite3_finalize(ss->stmts->e[i].st);
		free(ss->stmts->e[i].sql);
	}
	free(ss->stmts);
	ss->stmts = NULL;
}

static int prepare(struct sqlite_store *ss, struct buf *q, sqlite3_stmt **st,
		   struct error *err)
{
	struct sqlite_stmt_cache *c;
	int victim = -1;
	char *sql;

	if (q->failed)
		return error_set(err, ERROR_NOMEM, "query too long");
	if (ss->stmts == NULL)
		ss->stmts = calloc(1, sizeof *ss->stmts);
	if ((c = ss->stmts) == NULL)
		return sqlite_prepare(ss->db, buf_str(q), st, err);
	c->tick++;
	for (int i = 0; i < STMT_CACHE_SIZE; i++) {
		if (c->e[i].used)
			continue;
		if (c->e[i].sql && strcmp(c->e[i].sql, buf_str(q)) == 0) {
			c->e[i].used = true;
			c->e[i].tick = c->tick;
			*st = c->e[i].st;
			return 0;
		}
		if (victim < 0 || c->e[i].tick < c->e[victim].tick)
			victim = i;
	}
	if (sqlite_prepare(ss->db, buf_str(q), st, err))
		return err ? (int)err->code : ERROR_STORE;
	if (victim < 0 || (sql = strdup(buf_str(q))) == NULL)
		return 0;   /* uncached: release() finalizes it */
	sqlite3_finalize(c->e[victim].st);
	free(c->e[victim].sql);
	c->e[victim].sql = sql;
	c->e[victim].st = *st;
	c->e[victim].used = true;
	c->e[victim].tick = c->tick;
	return 0;
}

static void release(struct sqlite_store *ss, sqlite3_stmt *st);

int sqlite_cached_prepare(struct sqlite_store *ss, const char *sql,
			  sqlite3_stmt **st, struct error *err)
{
	struct buf q;
	int status;

	buf_init(&q, SQL_MAX);
	buf_puts(&q, sql);
	status = prepare(ss, &q, st, err);
	buf_free(&q);
	return status;
}

void sqlite_cached_release(struct sqlite_store *ss, sqlite3_stmt *st)
{
	release(ss, st);
}

static void release(struct sqlite_store *ss, sqlite3_stmt *st)
{
	if (st == NULL)
		return;
	for (int i = 0; ss->stmts && i < STMT_CACHE_SIZE; i++) {
		if (ss->stmts->e[i].st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			ss->stmts->e[i].used = false;
			return;
		}
	}
	sqlite3_finalize(st);
}

static void bind_common(sqlite3_stmt *st, int64_t parent, int64_t id,
			const struct store_actor *who)
{
	bind_named_int(st, ":parent", parent);
	bind_named_int(st, ":id", id);
	if (who != NULL)
		bind_named_int(st, ":org", who->company_org);
}

static bool company_writes(const struct store_resource *r,
			   const struct store_actor *who)
{
	return who != NULL && who->company_org != 0 && r->company_write != NULL;
}

/* Inside a write's transaction: whether top-level row id satisfies r's
 * company_write condition for who; ERROR_DENIED when it does not. */
static int check_writable(struct sqlite_store *ss,
			  const struct store_resource *r, int64_t id,
			  const struct store_actor *who, struct error *err)
{
	sqlite3_stmt *st;
	char sql[1024];
	int rc;

	snprintf(sql, sizeof sql, "SELECT 1 FROM %s WHERE id = :id AND (%s)",
		 r->table, r->company_write);
	if (sqlite_prepare(ss->db, sql, &st, err))
		return err ? (int)err->code : ERROR_STORE;
	bind_common(st, 0, id, who);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return sqlite_fail(ss->db, err, "write check");
	return error_set(err, ERROR_DENIED,
			 "a company account may only write its own %ss",
			 r->singular);
}

/* Inside a write's transaction: whether row id keeps r's rule_check. */
static int check_rules(struct sqlite_store *ss, const struct store_resource *r,
		       int64_t id, struct error *err)
{
	sqlite3_stmt *st;
	int rc, status = 0;

	if (r->rule_check == NULL)
		return 0;
	if ((status = sqlite_cached_prepare(ss, r->rule_check, &st, err)) != 0)
		return status;
	bind_named_int(st, ":id", id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL)
		status = error_set(err, ERROR_INVALID, "%s",
				   (const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		status = sqlite_fail(ss->db, err, "rule check");
	release(ss, st);
	return status;
}

static int one_row(struct sqlite_store *ss, const struct store_resource *r,
		   int64_t parent, int64_t id, const struct store_actor *who,
		   json_t **out, struct error *err)
{
	struct buf q;
	sqlite3_stmt *st = NULL;
	int rc, status = 0;

	buf_init(&q, SQL_MAX);
	select_columns(&q, r, NULL);
	buf_printf(&q, " AND %s = :id", r->id_column);
	if (r->parent_column)
		buf_printf(&q, " AND %s = :parent", r->parent_column);
	if (!add_scope(&q, r, who)) {
		buf_free(&q);
		return error_set(err, ERROR_NOT_FOUND, "no %s %" PRId64,
				 r->singular, id);
	}
	if ((status = prepare(ss, &q, &st, err)) != 0)
		goto done;
	bind_common(st, parent, id, who);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = row_json(st, r);
	else if (rc == SQLITE_DONE)
		status = error_set(err, ERROR_NOT_FOUND, "no %s %" PRId64,
				   r->singular, id);
	else
		status = sqlite_fail(ss->db, err, "get");
done:
	release(ss, st);
	buf_free(&q);
	return status;
}

int sqlite_res_get(struct store *s, const struct store_resource *r,
		   int64_t parent, int64_t id, const struct store_actor *who,
		   json_t **out, struct error *err)
{
	return one_row((struct sqlite_store *)s, r, parent, id, who, out, err);
}

/* The SQL expression a listing sorts by; NULL when name cannot sort. */
static const char *sort_expr(const struct store_resource *r, const char *name,
			     char *out, size_t size)
{
	const struct store_field *f;

	if (name == NULL || strcmp(name, "id") == 0) {
		snprintf(out, size, "%s", r->id_column);
		return out;
	}
	f = store_resource_field(r, name);
	if (f == NULL || !(f->flags & SF_SORT))
		return NULL;
	/* The bare column, so its index serves the order; NULLs are handled
	 * by the keyset condition (keyset_condition). */
	snprintf(out, size, f->type == SF_MONEY ? "%s_minor" : "%s", f->column);
	return out;
}

static int bind_filter(sqlite3_stmt *st, int i, const struct store_field *f,
		       const char *value, struct error *err)
{
	char *end;
	long long n;

	switch (f->type) {
	case SF_COUNT:
	case SF_REF:
		n = strtoll(value, &end, 10);
		if (value[0] == '\0' || *end != '\0' || n < 0)
			return error_set(err, ERROR_USAGE,
					 "%s: \"%s\" is not a whole number", f->name, value);
		sqlite3_bind_int64(st, i, n);
		return 0;
	case SF_BOOL:
		if (strcmp(value, "true") != 0 && strcmp(value, "false") != 0)
			return error_set(err, ERROR_USAGE,
					 "%s: expected true or false", f->name);
		sqlite3_bind_int(st, i, value[0] == 't');
		return 0;
	default:
		sqlite3_bind_text(st, i, value, -1, SQLITE_STATIC);
		return 0;
	}
}

static void hex_encode(const char *in, size_t n, struct buf *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		buf_putc(out, digits[(unsigned char)in[i] >> 4]);
		buf_putc(out, digits[(unsigned char)in[i] & 15]);
	}
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* A cursor is the hex of [sort value, id] of the page's last row. */
int sqlite_cursor_decode(const char *cursor, json_t **value, int64_t *id,
			 struct error *err)
{
	size_t n = strlen(cursor);
	char raw[CURSOR_MAX / 2 + 1];
	json_t *a;

	if (n == 0 || n > CURSOR_MAX || n % 2)
		goto bad;
	for (size_t i = 0; i < n; i += 2) {
		int hi = hex_value(cursor[i]), lo = hex_value(cursor[i + 1]);

		if (hi < 0 || lo < 0)
			goto bad;
		raw[i / 2] = (char)(hi << 4 | lo);
	}
	raw[n / 2] = '\0';
	a = json_loadb(raw, n / 2, 0, NULL);
	if (a == NULL || !json_is_array(a) || json_array_size(a) != 2 ||
	    !json_is_integer(json_array_get(a, 1)) ||
	    !(json_is_string(json_array_get(a, 0)) ||
	      json_is_integer(json_array_get(a, 0)) ||
	      json_is_null(json_array_get(a, 0)))) {
		json_decref(a);
		goto bad;
	}
	*value = json_incref(json_array_get(a, 0));
	*id = json_integer_value(json_array_get(a, 1));
	json_decref(a);
	return 0;
bad:
	return error_set(err, ERROR_USAGE, "cursor: not a cursor of this listing");
}

char *sqlite_cursor_encode(sqlite3_stmt *st, int sort_col, int id_col)
{
	json_t *a = json_array();
	struct buf out;
	char *text;

	if (sqlite3_column_type(st, sort_col) == SQLITE_INTEGER)
		json_array_append_new(a, json_integer(sqlite3_column_int64(st, sort_col)));
	else if (sqlite3_column_type(st, sort_col) == SQLITE_NULL)
		json_array_append_new(a, json_null());
	else
		json_array_append_new(a, json_string(
			(const char *)sqlite3_column_text(st, sort_col)));
	json_array_append_new(a, json_integer(sqlite3_column_int64(st, id_col)));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	buf_init(&out, CURSOR_MAX + 1);
	if (text != NULL)
		hex_encode(text, strlen(text), &out);
	free(text);
	return out.failed ? (buf_free(&out), NULL) : out.data;
}

/* " AND" the rows after the cursor's (:cv, :cid) in the listing's order,
 * as a row value so the sort column's index serves it.  SQLite puts NULLs
 * first ascending and last descending; a NULL cursor value (cv_null)
 * continues among them. */
static void keyset_condition(struct buf *q, const char *expr, const char *id,
		      bool descending, bool cv_null)
{
	if (cv_null)
		buf_printf(q, descending ? " AND (%s IS NULL AND %s < :cid)" :
			   " AND (%s IS NOT NULL OR %s > :cid)", expr, id);
	else if (descending)
		buf_printf(q, " AND ((%s, %s) < (:cv, :cid) OR %s IS NULL)", expr, id,
			   expr);
	else
		buf_printf(q, " AND (%s, %s) > (:cv, :cid)", expr, id);
}

/* Binds an extra filter's value (resource.h) under :NAME. */
static void bind_extra_filter(sqlite3_stmt *st, const struct store_filter *x,
			      const char *value)
{
	char name[40];
	struct buf pattern;
	int i;

	if (x->type == SFT_SEARCH) {
		buf_init(&pattern, 1024);
		sqlite_search_pattern(value, &pattern);
		i = sqlite3_bind_parameter_index(st, ":f0s");
		if (i > 0)
			sqlite3_bind_text(st, i, buf_str(&pattern), -1, SQLITE_TRANSIENT);
		buf_free(&pattern);
		return;
	}
	snprintf(name, sizeof name, ":%s", x->name);
	i = sqlite3_bind_parameter_index(st, name);
	if (i <= 0)
		return;
	if (x->type == SFT_YEAR) {
		char next[8];

		snprintf(next, sizeof next, "%04lld", strtoll(value, NULL, 10) + 1);
		sqlite3_bind_text(st, i, value, -1, SQLITE_STATIC);
		i = sqlite3_bind_parameter_index(st, ":year_next");
		if (i > 0)
			sqlite3_bind_text(st, i, next, -1, SQLITE_TRANSIENT);
	} else if (x->type == SFT_ID)
		sqlite3_bind_int64(st, i, strtoll(value, NULL, 10));
	else if (x->type == SFT_SECTOR)
		sqlite3_bind_int(st, i, enum_parse(&enum_sector, value));
	else
		sqlite3_bind_text(st, i, value, -1, SQLITE_STATIC);
}

int sqlite_res_list(struct store *s, const struct store_resource *r,
		    const struct store_page *page, const struct store_actor *who,
		    json_t **out, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	char expr[128];
	struct buf q;
	sqlite3_stmt *st = NULL;
	json_t *cursor_value = NULL, *items, *result;
	int64_t cursor_id = 0;
	int limit = page->limit, n = 0, rc, status = 0, sort_col;
	char *next = NULL;

	if (sort_expr(r, page->sort, expr, sizeof expr) == NULL)
		return error_set(err, ERROR_USAGE,
				 "sort: \"%s\" is not a sortable field of %s",
				 page->sort, r->name);
	if (page->cursor && sqlite_cursor_decode(page->cursor, &cursor_value,
					  &cursor_id, err))
		return err ? (int)err->code : ERROR_USAGE;
	if (limit < 1 || limit > STORE_PAGE_MAX)
		limit = 50;
	buf_init(&q, SQL_MAX);
	select_columns(&q, r, expr);
	if (r->parent_column)
		buf_printf(&q, " AND %s = :parent", r->parent_column);
	if (!add_scope(&q, r, who))
		buf_puts(&q, " AND 0");
	for (size_t i = 0; i < page->n_filters; i++) {
		const struct store_field *f = store_resource_field(r, page->filter_names[i]);
		const struct store_filter *x = store_resource_filter(r, page->filter_names[i]);

		if (f && !(f->flags & SF_FILTER))
			f = NULL;
		if (f == NULL && x == NULL) {
			status = error_set(err, ERROR_USAGE,
					   "%s: not a filter of %s", page->filter_names[i],
					   r->name);
			goto done;
		}
		/* Named, not ?N: SQLite numbers a named parameter such as
		 * :parent or a scope's :org by its first appearance, so a ?1
		 * after it would share its slot. */
		if (f)
			buf_printf(&q, " AND %s = :f%zu", f->column, i);
		else if (x->type == SFT_SEARCH)
			sqlite_search_condition(&q, "id", x->search_kind, ":f0s",
						page->filter_values[i]);
		else
			buf_printf(&q, " AND %s", x->condition);
	}
	if (cursor_value)
		keyset_condition(&q, expr, r->id_column, page->descending,
				 json_is_null(cursor_value));
	buf_printf(&q, " ORDER BY %s %s, %s %s LIMIT :limit", expr,
		   page->descending ? "DESC" : "ASC", r->id_column,
		   page->descending ? "DESC" : "ASC");
	if ((status = prepare(ss, &q, &st, err)) != 0)
		goto done;
	bind_common(st, page->parent, 0, who);
	bind_named_int(st, ":limit", limit + 1);
	for (size_t i = 0; i < page->n_filters; i++) {
		const struct store_field *f = store_resource_field(r, page->filter_names[i]);
		const struct store_filter *x = store_resource_filter(r, page->filter_names[i]);
		char name[40];

		if (f && (f->flags & SF_FILTER)) {
			snprintf(name, sizeof name, ":f%zu", i);
			if ((status = bind_filter(st, sqlite3_bind_parameter_index(st, name),
						  f, page->filter_values[i], err)) != 0)
				goto done;
		} else {
			bind_extra_filter(st, x, page->filter_values[i]);
		}
	}
	if (cursor_value && !json_is_null(cursor_value)) {
		int cv = sqlite3_bind_parameter_index(st, ":cv");

		if (json_is_integer(cursor_value))
			sqlite3_bind_int64(st, cv, json_integer_value(cursor_value));
		else
			sqlite3_bind_text(st, cv, json_string_value(cursor_value), -1,
					  SQLITE_STATIC);
		bind_named_int(st, ":cid", cursor_id);
	}
	if (cursor_value && json_is_null(cursor_value))
		bind_named_int(st, ":cid", cursor_id);
	items = json_array();
	sort_col = sqlite3_column_count(st) - 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == limit) {
			break;
		}
		json_array_append_new(items, row_json(st, r));
		n++;
		if (n == limit) {
			free(next);
			next = sqlite_cursor_encode(st, sort_col, 0);
		}
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		json_decref(items);
		free(next);
		status = sqlite_fail(ss->db, err, "list");
		goto done;
	}
	if (rc == SQLITE_DONE) {
		free(next);
		next = NULL;
	}
	release(ss, st);
	st = NULL;
	if ((status = sqlite_embed_names(ss, r, items, who, err)) != 0) {
		json_decref(items);
		free(next);
		goto done;
	}
	result = json_object();
	json_object_set_new(result, "items", items);
	json_object_set_new(result, "next_cursor",
			    next ? json_string(next) : json_null());
	free(next);
	*out = result;
done:
	json_decref(cursor_value);
	release(ss, st);
	buf_free(&q);
	return status;
}

/* Binds field f's value from w at parameter i onwards; returns how many
 * parameters it used. */
static int bind_value(sqlite3_stmt *st, int i, const struct store_field *f,
		      const struct store_write *w, size_t k, int lang)
{
	const union store_value *v = &w->v[k];

	if (w->null[k]) {
		sqlite3_bind_null(st, i);
		return 1;
	}
	switch (f->type) {
	case SF_TEXT:
		sqlite_bind_str(st, i, lang == 0 ? v->t.ko : v->t.en);
		break;
	case SF_MONEY:
		if (lang == 0)
			sqlite3_bind_int64(st, i, v->money.minor);
		else
			sqlite3_bind_text(st, i, v->money.currency, -1, SQLITE_STATIC);
		break;
	case SF_COUNT:
	case SF_REF:
		sqlite3_bind_int64(st, i, v->i);
		break;
	case SF_BOOL:
		sqlite3_bind_int(st, i, v->b);
		break;
	case SF_SECTORS:
		sqlite3_bind_int64(st, i, v->m);
		break;
	case SF_ENUM:
		sqlite3_bind_text(st, i, enum_code(f->table, v->e), -1, SQLITE_STATIC);
		break;
	default:
		sqlite_bind_str(st, i, v->s);
		break;
	}
	return 1;
}

/* Whether the parent record exists (and the actor may see it). */
static int parent_exists(struct sqlite_store *ss, const struct store_resource *r,
			 int64_t parent, struct error *err)
{
	const struct store_resource *p = store_resources[r->parent];
	json_t *o = NULL;
	int status = one_row(ss, p, 0, parent, NULL, &o, err);

	json_decref(o);
	return status;
}

static int step_done(sqlite3 *db, sqlite3_stmt *st, const char *what,
		     struct error *err)
{
	if (sqlite3_step(st) != SQLITE_DONE)
		return sqlite_fail(db, err, what);
	return 0;
}

/* The end of a create or update inside its transaction: the audit row,
 * the record as now stored, the commit; rolled back on any failure. */
static int finish_write(struct sqlite_store *ss, const struct store_resource *r,
			const struct store_actor *who, const char *action,
			int64_t parent, int64_t id, const char *summary,
			json_t **out, struct error *err)
{
	int status;

	*out = NULL;
	if ((status = sqlite_audit_add(ss->db, who, action, r->singular, id,
				       parent, summary, err)) != 0 ||
	    (status = one_row(ss, r, parent, id, NULL, out, err)) != 0 ||
	    (status = sqlite_commit(ss->db, err)) != 0) {
		sqlite_rollback(ss->db);
		json_decref(*out);
		*out = NULL;
	}
	return status;
}

int sqlite_res_create(struct store *s, const struct store_resource *r,
		      int64_t parent, const struct store_write *w,
		      const struct store_actor *who, json_t **out,
		      struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct buf q, vals;
	sqlite3_stmt *st = NULL;
	/* Values are numbered from VALUE_PARAM so that :parent, which comes
	 * first in the text, cannot take their numbers. */
	int status, p = VALUE_PARAM, n = VALUE_PARAM;
	int64_t id;

	buf_init(&q, SQL_MAX);
	buf_init(&vals, SQL_MAX);
	/* The version is the database's next (sqlite_schema.c); a child goes
	 * after its parent's last one. */
	buf_printf(&q, "INSERT INTO %s (version", r->table);
	buf_puts(&vals, "1");
	if (r->parent_column) {
		buf_printf(&q, ", %s, position", r->parent_column);
		buf_printf(&vals, ", :parent, (SELECT coalesce(max(position) + 1, 0)"
			   " FROM %s WHERE %s = :parent)", r->table,
			   r->parent_column);
	}
	for (size_t i = 0; i < r->n_fields; i++) {
		char cols[2][64];
		int k, m;

		if (!w->set[i])
			continue;
		m = store_field_columns(&r->fields[i], cols);
		for (k = 0; k < m; k++) {
			buf_printf(&q, ", %s", cols[k]);
			buf_printf(&vals, ", ?%d", n++);
		}
	}
	buf_printf(&q, ") VALUES (%s)", buf_str(&vals));
	buf_free(&vals);
	if ((status = sqlite_begin(ss->db, err)) != 0)
		goto done;
	if (r->parent_column &&
	    (status = parent_exists(ss, r, parent, err)) != 0)
		goto fail;
	if ((status = prepare(ss, &q, &st, err)) != 0)
		goto fail;
	bind_named_int(st, ":parent", parent);
	for (size_t i = 0; i < r->n_fields; i++) {
		if (!w->set[i])
			continue;
		p += bind_value(st, p, &r->fields[i], w, i, 0);
		if (r->fields[i].type == SF_TEXT || r->fields[i].type == SF_MONEY)
			p += bind_value(st, p, &r->fields[i], w, i, 1);
	}
	if ((status = step_done(ss->db, st, "insert", err)) != 0)
		goto fail;
	id = sqlite3_last_insert_rowid(ss->db);
	if ((status = check_rules(ss, r, id, err)) != 0 ||
	    (company_writes(r, who) &&
	     (status = check_writable(ss, r, id, who, err)) != 0))
		goto fail;
	status = finish_write(ss, r, who, "create", parent, id, w->summary, out,
			      err);
	goto done;
fail:
	sqlite_rollback(ss->db);
done:
	release(ss, st);
	buf_free(&q);
	return status;
}

/* After an UPDATE or DELETE changed nothing: not there, not the
 * actor's to write, or stale. */
static int why_unchanged(struct sqlite_store *ss, const struct store_resource *r,
			 int64_t parent, int64_t id, int64_t if_version,
			 const struct store_actor *who, struct error *err)
{
	json_t *o = NULL;
	int status = one_row(ss, r, parent, id, who, &o, err);
	int64_t version;

	if (status != 0)
		return status;
	version = (int64_t)json_integer_value(json_object_get(o, "version"));
	json_decref(o);
	if (company_writes(r, who) && (if_version < 0 || if_version == version))
		return check_writable(ss, r, id, who, err);
	return error_set(err, ERROR_CONFLICT,
			 "stale: %s %" PRId64 " is at version %" PRId64,
			 r->singular, id, version);
}

static void key_condition(struct buf *q, const struct store_resource *r,
			  int64_t if_version)
{
	buf_printf(q, " WHERE %s = :id", r->id_column);
	if (r->parent_column)
		buf_printf(q, " AND %s = :parent", r->parent_column);
	if (if_version >= 0)
		buf_puts(q, " AND version = :version");
}

int sqlite_res_update(struct store *s, const struct store_resource *r,
		      int64_t parent, int64_t id, int64_t if_version,
		      const struct store_write *w, const struct store_actor *who,
		      json_t **out, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct buf q;
	sqlite3_stmt *st = NULL;
	int status, p = 1;

	buf_init(&q, SQL_MAX);
	/* Leaving version as it is makes the trigger draw the next one. */
	buf_printf(&q, "UPDATE %s SET version = version", r->table);
	for (size_t i = 0; i < r->n_fields; i++) {
		const struct store_field *f = &r->fields[i];

		if (!w->set[i])
			continue;
		if (f->type == SF_MONEY) {
			buf_printf(&q, ", %s_minor = ?, %s_currency = ?", f->column,
				   f->column);
			continue;
		}
		if (f->type != SF_TEXT) {
			buf_printf(&q, ", %s = ?", f->column);
			continue;
		}
		if (w->null[i] || w->lang_set[i][0])
			buf_printf(&q, ", %s_ko = ?", f->column);
		if (w->null[i] || w->lang_set[i][1])
			buf_printf(&q, ", %s_en = ?", f->column);
	}
	key_condition(&q, r, if_version);
	if (!add_write_scope(&q, r, who))
		buf_puts(&q, " AND 0");
	if ((status = sqlite_begin(ss->db, err)) != 0)
		goto done;
	if ((status = prepare(ss, &q, &st, err)) != 0)
		goto fail;
	for (size_t i = 0; i < r->n_fields; i++) {
		const struct store_field *f = &r->fields[i];

		if (!w->set[i])
			continue;
		if (f->type == SF_MONEY) {
			p += bind_value(st, p, f, w, i, 0);
			p += bind_value(st, p, f, w, i, 1);
			continue;
		}
		if (f->type != SF_TEXT) {
			p += bind_value(st, p, f, w, i, 0);
			continue;
		}
		if (w->null[i] || w->lang_set[i][0])
			p += bind_value(st, p, f, w, i, 0);
		if (w->null[i] || w->lang_set[i][1])
			p += bind_value(st, p, f, w, i, 1);
	}
	bind_common(st, parent, id, who);
	bind_named_int(st, ":version", if_version);
	if ((status = step_done(ss->db, st, "update", err)) != 0)
		goto fail;
	if (sqlite3_changes(ss->db) == 0) {
		status = why_unchanged(ss, r, parent, id, if_version, who, err);
		goto fail;
	}
	if ((status = check_rules(ss, r, id, err)) != 0 ||
	    (company_writes(r, who) &&
	     (status = check_writable(ss, r, id, who, err)) != 0))
		goto fail;
	status = finish_write(ss, r, who, "update", parent, id, w->summary, out,
			      err);
	goto done;
fail:
	sqlite_rollback(ss->db);
done:
	release(ss, st);
	buf_free(&q);
	return status;
}

int sqlite_res_delete(struct store *s, const struct store_resource *r,
		      int64_t parent, int64_t id, int64_t if_version,
		      const struct store_actor *who, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct buf q;
	sqlite3_stmt *st = NULL;
	int status;

	buf_init(&q, SQL_MAX);
	buf_printf(&q, "DELETE FROM %s", r->table);
	key_condition(&q, r, if_version);
	if (!add_write_scope(&q, r, who))
		buf_puts(&q, " AND 0");
	if ((status = sqlite_begin(ss->db, err)) != 0)
		goto done;
	if ((status = prepare(ss, &q, &st, err)) != 0)
		goto fail;
	bind_common(st, parent, id, who);
	bind_named_int(st, ":version", if_version);
	if ((status = step_done(ss->db, st, "delete", err)) != 0)
		goto fail;
	if (sqlite3_changes(ss->db) == 0) {
		status = why_unchanged(ss, r, parent, id, if_version, who, err);
		goto fail;
	}
	if ((status = sqlite_audit_add(ss->db, who, "delete", r->singular, id,
				       parent, NULL, err)) != 0)
		goto fail;
	status = sqlite_commit(ss->db, err);
	goto done;
fail:
	sqlite_rollback(ss->db);
done:
	release(ss, st);
	buf_free(&q);
	return status;
}

/* PRAGMA data_version sees other connections' commits; our own commits
 * it does not count, so the sum with the total of changes made on this
 * connection changes on every write from anywhere. */
int sqlite_data_version(struct store *s, int64_t *out, struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	struct buf q;
	sqlite3_stmt *st = NULL;
	int status;

	buf_init(&q, 64);
	buf_puts(&q, "PRAGMA data_version");
	if ((status = prepare(ss, &q, &st, err)) == 0) {
		if (sqlite3_step(st) == SQLITE_ROW)
			*out = sqlite3_column_int64(st, 0) +
				sqlite3_total_changes64(ss->db);
		else
			status = sqlite_fail(ss->db, err, "data_version");
	}
	release(ss, st);
	buf_free(&q);
	return status;
}

const struct store_http_ops sqlite_http_ops = {
	.res_list = sqlite_res_list,
	.res_get = sqlite_res_get,
	.res_create = sqlite_res_create,
	.res_update = sqlite_res_update,
	.res_delete = sqlite_res_delete,
	.user_add = sqlite_user_add,
	.user_get = sqlite_user_get,
	.user_list = sqlite_user_list,
	.user_update = sqlite_user_update,
	.session_add = sqlite_session_add,
	.session_find = sqlite_session_find,
	.session_remove = sqlite_session_remove,
	.token_add = sqlite_token_add,
	.token_list = sqlite_token_list,
	.token_remove = sqlite_token_remove,
	.login_failures = sqlite_login_failures,
	.login_failed = sqlite_login_failed,
	.login_passed = sqlite_login_passed,
	.search = sqlite_search,
	.audit_list = sqlite_audit_list,
	.data_version = sqlite_data_version,
	.b2b_load = sqlite_b2b_load,
	.b2b_save = sqlite_b2b_save,
	.b2b_candidates = sqlite_b2b_candidates,
	.b2b_agenda = sqlite_b2b_agenda,
	.b2b_mission_agenda = sqlite_b2b_mission_agenda,
	.feed_add = sqlite_feed_add,
	.feed_find = sqlite_feed_find,
	.feed_list = sqlite_feed_list,
	.feed_remove = sqlite_feed_remove,
	.stats = sqlite_stats,
	.mission_summary = sqlite_mission_summary,
	.followup_list = sqlite_followup_list,
	.org_agreements = sqlite_org_agreements,
	.org_events = sqlite_org_events,
};
