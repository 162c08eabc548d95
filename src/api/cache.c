/* cache.c: replies of GET requests kept until the data changes.
 *
 * A reply is stored under its path, query and the asker's scope (readers
 * share one; each company has its own), with the data generation it was
 * made at.  The generation moves on every write this server acknowledges
 * (before the reply goes out) and whenever a store connection sees that
 * another process committed (PRAGMA data_version), so a stale reply is
 * never served.  Direct-mapped and bounded: API_CACHE_SLOTS entries of at
 * most API_CACHE_ENTRY_MAX bytes.
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
static struct { const void *store; int64_t version; } seen[16];

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

/* Moves the generation on when this connection saw an outside commit. */
static uint64_t current(struct store *s)
{
	int64_t v;
	uint64_t g;

	if (store_http(s)->data_version(s, &v, NULL) != 0)
		return 0;
	pthread_mutex_lock(&lock);
	for (int i = 0; i < 16; i++) {
		if (seen[i].store == s || seen[i].store == NULL) {
			if (seen[i].store == s && seen[i].version != v)
				generation++;
			seen[i].store = s;
			seen[i].version = v;
			break;
		}
	}
	g = generation;
	pthread_mutex_unlock(&lock);
	return g;
}

struct key_ctx {
	struct buf *key;
};

static int add_arg(void *ctx, const char *name, const char *value)
{
	struct buf *k = ctx;

	buf_printf(k, "&%s=%s", name, value);
	return 0;
}

const char *api_cache_key(struct http_request *rq, int64_t scope)
{
	struct buf k;
	const char *key;

	buf_init(&k, API_CACHE_KEY_MAX);
	buf_printf(&k, "%lld %s?", (long long)scope, rq->path);
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
