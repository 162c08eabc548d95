/* sqlite_chain.c: the hash chain that makes changes to outcome records
 * tamper-evident, and its check.
 *
 * Each link is SHA-256 over the previous link's hash and the change: its
 * number, time, the record's kind and id and the record's state after the
 * change as the view chain_state renders it (nothing when the record is
 * gone).  The schema's triggers append a link for every change of the
 * chained tables through the view chain_append, in the change's own
 * transaction; they call pavilion_chain_hash, registered here on every
 * connection.  Verification walks the links in order recomputing each
 * hash, then compares every record as it stands with its last link.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "store/sqlite_internal.h"

static void update_str(crypto_hash_sha256_state *h, const char *s)
{
	if (s != NULL)
		crypto_hash_sha256_update(h, (const unsigned char *)s, strlen(s));
	crypto_hash_sha256_update(h, (const unsigned char *)"\n", 1);
}

static void update_int(crypto_hash_sha256_state *h, int64_t v)
{
	char n[24];

	snprintf(n, sizeof n, "%" PRId64, v);
	update_str(h, n);
}

void store_chain_digest(const char *prev, int64_t seq, int64_t at_utc,
			const char *kind, int64_t record_id, const char *state,
			char out[STORE_CHAIN_HASH_HEX + 1])
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&h);
	update_str(&h, prev);
	update_int(&h, seq);
	update_int(&h, at_utc);
	update_str(&h, kind);
	update_int(&h, record_id);
	if (state != NULL)
		crypto_hash_sha256_update(&h, (const unsigned char *)state,
					  strlen(state));
	crypto_hash_sha256_final(&h, digest);
	sodium_bin2hex(out, STORE_CHAIN_HASH_HEX + 1, digest, sizeof digest);
}

/* pavilion_chain_hash(prev, seq, at_utc, kind, record_id, state). */
static void chain_hash_fn(sqlite3_context *ctx, int argc, sqlite3_value **v)
{
	char hex[STORE_CHAIN_HASH_HEX + 1];

	(void)argc;
	store_chain_digest((const char *)sqlite3_value_text(v[0]),
			   sqlite3_value_int64(v[1]), sqlite3_value_int64(v[2]),
			   (const char *)sqlite3_value_text(v[3]),
			   sqlite3_value_int64(v[4]),
			   (const char *)sqlite3_value_text(v[5]), hex);
	sqlite3_result_text(ctx, hex, STORE_CHAIN_HASH_HEX, SQLITE_TRANSIENT);
}

int sqlite_chain_register(sqlite3 *db, struct error *err)
{
	if (sodium_init() < 0)
		return error_set(err, ERROR_INTERNAL, "libsodium cannot start");
	if (sqlite3_create_function(db, "pavilion_chain_hash", 6,
				    SQLITE_UTF8 | SQLITE_DETERMINISTIC, NULL,
				    chain_hash_fn, NULL, NULL) != SQLITE_OK)
		return sqlite_fail(db, err, "chain function");
	return 0;
}

int sqlite_chain_append(sqlite3 *db, const char *kind, int64_t record_id,
			struct error *err)
{
	sqlite3_stmt *st;
	int status = 0;

	if (sqlite_prepare(db, "INSERT INTO chain_append (kind, record_id)"
			   " VALUES (?1, ?2)", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_text(st, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, record_id);
	if (sqlite3_step(st) != SQLITE_DONE)
		status = sqlite_fail(db, err, "chain");
	sqlite3_finalize(st);
	return status;
}

int sqlite_chain_head(sqlite3 *db, struct chain_head *out, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(out, 0, sizeof *out);
	if (sqlite_prepare(db, "SELECT seq, hash, at_utc FROM chain"
			   " ORDER BY seq DESC LIMIT 1", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(st, 1);

		out->links = sqlite3_column_int64(st, 0);
		snprintf(out->head, sizeof out->head, "%s", h ? (const char *)h : "");
		out->at_utc = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sqlite_fail(db, err, "chain head");
	return 0;
}

/* Every link in order: numbers without gaps from 1, each hash recomputed
 * from the one before. */
static int verify_links(sqlite3 *db, struct store_verify *out,
			struct error *err)
{
	char prev[STORE_CHAIN_HASH_HEX + 1] = "", hex[STORE_CHAIN_HASH_HEX + 1];
	sqlite3_stmt *st;
	int64_t want = 1;
	int rc;

	if (sqlite_prepare(db, "SELECT seq, at_utc, kind, record_id, state, hash"
			   " FROM chain ORDER BY seq", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		const char *kind = (const char *)sqlite3_column_text(st, 2);
		const char *hash = (const char *)sqlite3_column_text(st, 5);
		int64_t id = sqlite3_column_int64(st, 3);

		if (seq != want) {
			error_set(err, ERROR_INVALID,
				  "chain: link %" PRId64 " is missing (the next is %"
				  PRId64 ")", want, seq);
			goto broken;
		}
		store_chain_digest(prev, seq, sqlite3_column_int64(st, 1), kind, id,
				   (const char *)sqlite3_column_text(st, 4), hex);
		if (hash == NULL || strcmp(hash, hex) != 0) {
			error_set(err, ERROR_INVALID,
				  "chain: link %" PRId64 " (%s %" PRId64 ") is broken: its"
				  " hash does not match the link and the one before it",
				  seq, kind ? kind : "?", id);
			goto broken;
		}
		memcpy(prev, hex, sizeof prev);
		out->links = seq;
		want++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return sqlite_fail(db, err, "verify");
	memcpy(out->head, prev, sizeof prev);
	return 0;
broken:
	sqlite3_finalize(st);
	return ERROR_INVALID;
}

/* Every record against its last link: both streams come in kind and id
 * order (the chain through its index chain_record) and are merged here,
 * so the first record found wrong is the first in that order: one with no
 * link, one whose state differs, or a link whose record is gone without
 * a link saying so. */
static int verify_records(sqlite3 *db, struct error *err)
{
	sqlite3_stmt *links = NULL, *states = NULL;
	int lrc, src, status = 0;

	if (sqlite_prepare(db, "SELECT kind, record_id, state, max(seq) FROM chain"
			   " GROUP BY kind, record_id ORDER BY kind, record_id",
			   &links, err) ||
	    sqlite_prepare(db, "SELECT kind, id, state FROM chain_state"
			   " ORDER BY kind, id", &states, err)) {
		status = err ? (int)err->code : ERROR_STORE;
		goto cleanup;
	}
	lrc = sqlite3_step(links);
	src = sqlite3_step(states);
	while (lrc == SQLITE_ROW || src == SQLITE_ROW) {
		const char *lkind = (const char *)sqlite3_column_text(links, 0);
		const char *skind = (const char *)sqlite3_column_text(states, 0);
		const char *lstate = (const char *)sqlite3_column_text(links, 2);
		int64_t lid = sqlite3_column_int64(links, 1);
		int64_t sid = sqlite3_column_int64(states, 1);
		int64_t seq = sqlite3_column_int64(links, 3);
		int cmp;

		if (lrc != SQLITE_ROW)
			cmp = 1;
		else if (src != SQLITE_ROW)
			cmp = -1;
		else if ((cmp = strcmp(lkind, skind)) == 0)
			cmp = (lid > sid) - (lid < sid);
		if (cmp < 0 && lstate != NULL) {
			status = error_set(err, ERROR_INVALID,
				"chain: %s %" PRId64 " is gone, but its last link %"
				PRId64 " has it", lkind, lid, seq);
			goto cleanup;
		}
		if (cmp > 0) {
			status = error_set(err, ERROR_INVALID,
				"chain: %s %" PRId64 " is not in the chain: it was"
				" written without a link", skind, sid);
			goto cleanup;
		}
		if (cmp == 0 && (lstate == NULL || strcmp(lstate,
			(const char *)sqlite3_column_text(states, 2)) != 0)) {
			status = error_set(err, ERROR_INVALID,
				"chain: %s %" PRId64 " differs from its last chained"
				" state (link %" PRId64 ")%s", skind, sid, seq,
				lstate == NULL ? ": that link has it deleted" : "");
			goto cleanup;
		}
		if (cmp <= 0)
			lrc = sqlite3_step(links);
		if (cmp >= 0)
			src = sqlite3_step(states);
	}
	if (lrc != SQLITE_DONE || src != SQLITE_DONE)
		status = sqlite_fail(db, err, "verify");
cleanup:
	sqlite3_finalize(links);
	sqlite3_finalize(states);
	return status;
}

/* Whether a link has that hash. */
static int verify_head(sqlite3 *db, const char *head, struct error *err)
{
	sqlite3_stmt *st;
	int rc;

	if (sqlite_prepare(db, "SELECT seq FROM chain WHERE hash = ?1", &st, err))
		return err ? (int)err->code : ERROR_STORE;
	sqlite3_bind_text(st, 1, head, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return sqlite_fail(db, err, "verify");
	return error_set(err, ERROR_INVALID, "chain: no link has the head %s:"
			 " the chain was rewritten since it was printed", head);
}

int sqlite_verify(struct store *s, const char *head, struct store_verify *out,
		  struct error *err)
{
	struct sqlite_store *ss = (struct sqlite_store *)s;
	int status;

	memset(out, 0, sizeof *out);
	if (sqlite_exec(ss->db, "BEGIN", err))
		return err ? (int)err->code : ERROR_STORE;
	status = verify_links(ss->db, out, err);
	if (status == 0)
		status = verify_records(ss->db, err);
	if (status == 0 && head != NULL)
		status = verify_head(ss->db, head, err);
	if (status == 0) {
		struct chain_head h;

		status = sqlite_chain_head(ss->db, &h, err);
		out->head_at_utc = h.at_utc;
	}
	sqlite3_exec(ss->db, "COMMIT", NULL, NULL, NULL);
	return status;
}
