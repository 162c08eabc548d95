/* import_bundles.c: `pavilion import FILE...` for JSON bundles.
 *
 * Reading a bundle (JSON parsing and validation) and writing it (SQLite)
 * cost about the same, so a reader thread parses the next files while the
 * calling thread writes the current one.  Files are still written one at
 * a time, in order, each in its own transaction, and each is reported as
 * before: a file that fails changes nothing and the others go on.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>

#include "bundle/bundle.h"
#include "cli/cli.h"
#include "domain/tz.h"
#include "store/store.h"

/* Bundles parsed ahead of the writer: bounds the memory in flight. */
#define READ_AHEAD 2

struct slot {
	struct bundle *bundle;   /* NULL: err says why */
	struct error err;
	double read_seconds;
};

struct pipeline {
	char **paths;
	int n;
	struct slot *slots;      /* READ_AHEAD of them, used round robin */
	int read;                /* files parsed so far */
	int written;             /* files taken by the writer so far */
	pthread_mutex_t lock;
	pthread_cond_t changed;
};

static void *reader(void *arg)
{
	struct pipeline *p = arg;

	for (int i = 0; i < p->n; i++) {
		struct slot *s = &p->slots[i % READ_AHEAD];
		double t0;

		pthread_mutex_lock(&p->lock);
		while (i - p->written >= READ_AHEAD)
			pthread_cond_wait(&p->changed, &p->lock);
		pthread_mutex_unlock(&p->lock);
		t0 = cli_now_seconds();
		s->err.code = ERROR_NONE;
		s->bundle = bundle_read_file(p->paths[i], &s->err);
		s->read_seconds = cli_now_seconds() - t0;
		pthread_mutex_lock(&p->lock);
		p->read = i + 1;
		pthread_cond_broadcast(&p->changed);
		pthread_mutex_unlock(&p->lock);
	}
	tz_thread_cleanup();
	return NULL;
}

/* Waits for file i to be parsed and returns its slot. */
static struct slot *take(struct pipeline *p, int i)
{
	pthread_mutex_lock(&p->lock);
	while (p->read <= i)
		pthread_cond_wait(&p->changed, &p->lock);
	pthread_mutex_unlock(&p->lock);
	return &p->slots[i % READ_AHEAD];
}

/* Frees file i's slot for the reader. */
static void release(struct pipeline *p, int i)
{
	pthread_mutex_lock(&p->lock);
	p->written = i + 1;
	pthread_cond_broadcast(&p->changed);
	pthread_mutex_unlock(&p->lock);
}

int cli_import_bundles(struct store *store, char **paths, int n, int flags,
		       bool quiet)
{
	struct slot slots[READ_AHEAD] = { 0 };
	struct pipeline p = { .paths = paths, .n = n, .slots = slots };
	pthread_t thread;
	int status = 0;

	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.changed, NULL);
	if (pthread_create(&thread, NULL, reader, &p) != 0) {
		struct error err;

		error_set(&err, ERROR_INTERNAL, "cannot start the reader thread");
		return cli_fail("import", &err);
	}
	for (int i = 0; i < n; i++) {
		struct slot *s = take(&p, i);
		struct store_import_stats stats;
		struct bundle *b = s->bundle;
		struct error err = s->err;
		double t0 = cli_now_seconds(), t;
		int rc;

		rc = b == NULL ? -1 : store_import(store, b, flags, &stats, &err);
		t = cli_now_seconds() - t0 + s->read_seconds;
		if (rc != 0) {
			if (b != NULL)
				error_prefix(&err, "%s", paths[i]);
			rc = cli_fail("import", &err);
			if (status == 0)
				status = rc;
		} else if (!quiet) {
			printf("%s: %s%s, %lld rows in %.3f s (%.0f rows/s)\n", paths[i],
			       b->mission ? b->mission->slug : "registry",
			       stats.replaced ? " (replaced)" : "",
			       (long long)stats.rows, t,
			       t > 0 ? (double)stats.rows / t : 0.0);
		}
		bundle_free(b);
		s->bundle = NULL;
		release(&p, i);
	}
	pthread_join(thread, NULL);
	pthread_cond_destroy(&p.changed);
	pthread_mutex_destroy(&p.lock);
	return status;
}
