/* cache.c: replies of GET requests kept until the data changes.
 *
 * A reply is stored under the asker's role and scope (each company has
 * its own; a record resource's reply depends on nothing else of the
 * asker, so accounts of one role share it), its path and its decoded
 * query arguments, every part written with its length so that no two
 * different requests share a key, with the data generation it was made
 * at.  The generation moves on every write this server acknowledges
 * (before the reply goes out) and whenever a store connection sees that
 * another process committed (PRAGMA data_version); a connection seen for
 * the first time moves it too, as nothing tells what it missed, so a
 * stale reply is never served.  Direct-mapped and bounded:
 * API_CACHE_SLOTS entries of at most API_CACHE_ENTRY_MAX bytes.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "util/arena.h"

#define API_CACHE_SLOTS 256
#define API_CACHE_ENTRY_MAX ((size_t)64 * 1024)
#define API_CACHE_KEY_MAX 1024

struct entry {
	char *key;
	char *body;
	size_t len;
	char etag[40];
	uint64_t generation;
};

static struct entry slots[API_CACHE_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t generation = 1;
#define API_CACHE_STORES 16
static struct { const void *store; int64_t version; } seen[API_CACHE_STORES];

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

void api_cache_touch(void)
{
	pthread_mutex_lock(&lock);
	generation++;
	pthread_mutex_unlock(&lock);
}

/* Moves the generation on when this connection saw an outside commit, or
 * is new to the cache (or the table of connections is full). */
static uint64_t current(struct store *s)
{
	int64_t v;
	uint64_t g;
	bool same = false;

	if (store_http(s)->data_version(s, &v, NULL) != 0)
		return 0;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < API_CACHE_STORES; i++) {
		if (seen[i].store == s || seen[i].store == NULL) {
			same = seen[i].store == s && seen[i].version == v;
			seen[i].store = s;
			seen[i].version = v;
			break;
		}
	}
	if (!same)
		generation++;
	g = generation;
	pthread_mutex_unlock(&lock);
	return g;
}

/* One part of a key: its length, then its bytes ("-" for a missing value),
 * so a part holding '&', '=' or a digit never reads as a boundary. */
static void add_part(struct buf *k, const char *part)
{
	if (part == NULL)
		buf_puts(k, "-");
	else
		buf_printf(k, "%zu:%s", strlen(part), part);
}

static int add_arg(void *ctx, const char *name, const char *value)
{
	struct buf *k = ctx;

	add_part(k, name);
	add_part(k, value);
	return 0;
}

const char *api_cache_key(struct http_request *rq, unsigned role,
			  int64_t scope)
{
	struct buf k;
	const char *key;

	buf_init(&k, API_CACHE_KEY_MAX);
	buf_printf(&k, "%u %lld ", role, (long long)scope);
	add_part(&k, rq->path);
	http_query_each(rq, add_arg, &k);
	key = k.failed ? NULL : arena_strdup(rq->arena, buf_str(&k));
	buf_free(&k);
	return key;
}

bool api_cache_get(struct http_request *rq, struct store *s, const char *key,
		   uint64_t *gen)
{
	struct entry *e = &slots[hash(key) % API_CACHE_SLOTS];
	bool hit = false;

	*gen = current(s);
	if (*gen == 0)
		return false;
	pthread_mutex_lock(&lock);
	if (e->key && e->generation == *gen && strcmp(e->key, key) == 0) {
		http_reply_raw(rq, 200, "application/json", e->body, e->len);
		if (e->etag[0])
			http_add_header(rq, "ETag", e->etag);
		hit = true;
	}
	pthread_mutex_unlock(&lock);
	return hit;
}

void api_cache_put(struct http_request *rq, const char *key, uint64_t gen)
{
	struct entry *e = &slots[hash(key) % API_CACHE_SLOTS];
	const char *etag = "";
	char *k, *body;

	if (rq->status != 200 || gen == 0 || rq->reply.len > API_CACHE_ENTRY_MAX ||
	    rq->reply.failed)
		return;
	for (size_t i = 0; i < rq->n_headers; i++)
		if (strcmp(rq->headers[i].name, "ETag") == 0)
			etag = rq->headers[i].value;
	k = strdup(key);
	body = malloc(rq->reply.len + 1);
	if (k == NULL || body == NULL) {
		free(k);
		free(body);
		return;
	}
	memcpy(body, rq->reply.data ? rq->reply.data : "", rq->reply.len);
	pthread_mutex_lock(&lock);
	if (gen == generation) {
		free(e->key);
		free(e->body);
		e->key = k;
		e->body = body;
		e->len = rq->reply.len;
		memcpy(e->etag, etag, strnlen(etag, sizeof e->etag - 1));
		e->etag[strnlen(etag, sizeof e->etag - 1)] = '\0';
		e->generation = gen;
		k = body = NULL;
	}
	pthread_mutex_unlock(&lock);
	free(k);
	free(body);
}

void api_cache_clear(void)
{
	pthread_mutex_lock(&lock);
	for (int i = 0; i < API_CACHE_SLOTS; i++) {
		free(slots[i].key);
		free(slots[i].body);
		memset(&slots[i], 0, sizeof slots[i]);
	}
	memset(seen, 0, sizeof seen);
	pthread_mutex_unlock(&lock);
}
