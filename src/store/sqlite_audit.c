/* sqlite_audit.c: the audit trail (who wrote what, when) and the name
 * search over the trigram index kept by migration 2's triggers. */
#include <string.h>
#include <time.h>

#include "store/sqlite_http.h"
#include "util/buf.h"

#define AUDIT_DETAIL_MAX 4096

int sqlite_audit_add(sqlite3 *db, const struct store_actor *who,
		     const char *action, const char *resource, int64_t record,
		     int64_t parent, const char *detail, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, "INSERT INTO audit (at_utc, user_id, username,"
			   " action, resource, record_id, parent_id, detail)"
			   " VALUES (?, ?, ?, ?, ?, ?, nullif(?, 0), ?)", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_int64(st, 1, (int64_t)time(NULL));
	if (who && who->user_id)
		sqlite3_bind_int64(st, 2, who->user_id);
	sqlite_bind_str(st, 3, who ? who->username : NULL);
	sqlite3_bind_text(st, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, resource, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 6, record);
	sqlite3_bind_int64(st, 7, parent);
	if (detail)
		sqlite3_bind_text(st, 8, detail,
				  (int)strnlen(detail, AUDIT_DETAIL_MAX),
				  SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : sqlite_fail(db, err, "audit");
}

int sqlite_audit_list(struct store *s, int limit, json_t **out,
		      struct error *err)
{
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	json_t *items = json_array();
	int rc;

	if (sqlite_prepare(db, "SELECT id, at_utc, username, action, resource,"
			   " record_id, parent_id, detail FROM audit"
			   " ORDER BY id DESC LIMIT ?", &st, err)) {
		json_decref(items);
		return err ? (int)err->code : ERROR_STORE;
	}
	sqlite3_bind_int(st, 1, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *user = (const char *)sqlite3_column_text(st, 2);
		const char *detail = (const char *)sqlite3_column_text(st, 7);

		json_array_append_new(items, json_pack("{sI sI so ss ss sI so so}",
			"id", (json_int_t)sqlite3_column_int64(st, 0),
			"at_utc", (json_int_t)sqlite3_column_int64(st, 1),
			"username", user ? json_string(user) : json_null(),
			"action", (const char *)sqlite3_column_text(st, 3),
			"resource", (const char *)sqlite3_column_text(st, 4),
			"record_id", (json_int_t)sqlite3_column_int64(st, 5),
			"parent_id", sqlite3_column_type(st, 6) == SQLITE_NULL ?
				json_null() : json_integer(sqlite3_column_int64(st, 6)),
			"detail", detail ? json_string(detail) : json_null()));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sqlite_fail(db, err, "audit");
	}
	*out = json_pack("{so}", "items", items);
	return 0;
}

enum sqlite_search_mode sqlite_search_mode(const char *q)
{
	size_t chars = 0;
	bool separated = false;

	if (sqlite_initials_only(q))
		return SEARCH_INITIALS;
	for (const unsigned char *p = (const unsigned char *)q; *p; p++) {
		chars += (*p & 0xc0) != 0x80;
		if (*p < 0x80 && !((*p >= '0' && *p <= '9') ||
				   ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z')))
			separated = true;
	}
	if (chars >= 3)
		return SEARCH_TRIGRAM;
	return separated ? SEARCH_SCAN : SEARCH_SHORT;
}

/* Three characters or more: a trigram phrase for search_name MATCH.  One
 * or two letters: the word of search_short (migration 11), lower-cased as
 * it was indexed.  Only Hangul consonants (ㅎㅅㅍ): a prefix query for the
 * words' initial consonants search_short also holds (migration 14).
 * Anything else (one or two characters with a space or a sign): a LIKE
 * pattern with q's own %, _ and \ escaped, which looks through the
 * index's table. */
void sqlite_search_pattern(const char *q, struct buf *out)
{
	enum sqlite_search_mode mode = sqlite_search_mode(q);

	if (mode == SEARCH_INITIALS) {
		/* Consonants only: no quote to double. */
		buf_printf(out, "\"%s\"*", q);
		return;
	}
	if (mode == SEARCH_SHORT) {
		/* q, one or two letters, is itself one indexed word. */
		buf_putc(out, '"');
		for (const char *p = q; *p; p++)
			buf_putc(out, *p >= 'A' && *p <= 'Z' ? (char)(*p | 0x20) : *p);
		buf_putc(out, '"');
		return;
	}
	buf_putc(out, mode == SEARCH_TRIGRAM ? '"' : '%');
	for (const char *p = q; *p; p++) {
		if (mode == SEARCH_TRIGRAM && *p == '"')
			buf_putc(out, '"');
		if (mode == SEARCH_SCAN && (*p == '%' || *p == '_' || *p == '\\'))
			buf_putc(out, '\\');
		buf_putc(out, *p);
	}
	buf_putc(out, mode == SEARCH_TRIGRAM ? '"' : '%');
}

void sqlite_search_condition(struct buf *q, const char *id, int kind,
			     const char *param, const char *text)
{
	switch (sqlite_search_mode(text)) {
	case SEARCH_TRIGRAM:
		buf_printf(q, " AND %s IN (SELECT rowid / 8 FROM search_name WHERE"
			   " search_name MATCH %s AND rowid %% 8 = %d)", id, param, kind);
		break;
	case SEARCH_SHORT:
	case SEARCH_INITIALS:
		buf_printf(q, " AND %s IN (SELECT rowid / 8 FROM search_short WHERE"
			   " search_short MATCH %s AND rowid %% 8 = %d)", id, param, kind);
		break;
	case SEARCH_SCAN:
		buf_printf(q, " AND %s IN (SELECT rowid / 8 FROM search_name WHERE"
			   " (name_ko LIKE %s ESCAPE '\\' OR name_en LIKE %s ESCAPE '\\')"
			   " AND rowid %% 8 = %d)", id, param, param, kind);
		break;
	}
}

int sqlite_search(struct store *s, const char *q, int limit, json_t **out,
		  struct error *err)
{
	static const char *const where[] = {
		[SEARCH_TRIGRAM] = " WHERE search_name MATCH ?1",
		[SEARCH_SHORT] = " WHERE rowid IN (SELECT rowid FROM search_short"
			" WHERE search_short MATCH ?1)",
		[SEARCH_SCAN] = " WHERE name_ko LIKE ?1 ESCAPE '\\'"
			" OR name_en LIKE ?1 ESCAPE '\\'",
	};
	enum sqlite_search_mode mode = sqlite_search_mode(q);
	sqlite3 *db = ((struct sqlite_store *)s)->db;
	sqlite3_stmt *st;
	struct buf pattern, sql;
	json_t *items;
	int rc;

	buf_init(&pattern, 1024);
	sqlite_search_pattern(q, &pattern);
	if (pattern.failed) {
		buf_free(&pattern);
		return error_set(err, ERROR_USAGE, "q: too long");
	}
	buf_init(&sql, 1024);
	/* The index's rowid is id * 8 + kind (see migration 3). */
	buf_printf(&sql, "SELECT CASE rowid %% 8 WHEN 1 THEN 'organisation'"
		   " WHEN 2 THEN 'person' WHEN 3 THEN 'mission'"
		   " WHEN 5 THEN 'pavilion' ELSE 'agreement' END AS kind,"
		   " rowid / 8, name_ko, name_en FROM search_name%s"
		   " ORDER BY kind, rowid / 8 LIMIT ?2", where[mode == SEARCH_INITIALS ? SEARCH_SHORT : mode]);
	if (sqlite_prepare(db, buf_str(&sql), &st, err)) {
		buf_free(&sql);
		buf_free(&pattern);
		return err ? (int)err->code : ERROR_STORE;
	}
	buf_free(&sql);
	sqlite3_bind_text(st, 1, buf_str(&pattern), -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	items = json_array();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ko = (const char *)sqlite3_column_text(st, 2);
		const char *en = (const char *)sqlite3_column_text(st, 3);

		json_array_append_new(items, json_pack("{ss sI s{so so}}",
			"kind", (const char *)sqlite3_column_text(st, 0),
			"id", (json_int_t)sqlite3_column_int64(st, 1),
			"name", "ko", ko ? json_string(ko) : json_null(),
			"en", en ? json_string(en) : json_null()));
	}
	sqlite3_finalize(st);
	buf_free(&pattern);
	if (rc != SQLITE_DONE) {
		json_decref(items);
		return sqlite_fail(db, err, "search");
	}
	*out = json_pack("{so}", "items", items);
	return 0;
}
