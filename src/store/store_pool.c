/* store_pool.c: borrow and return whole connections (store_pool.h). */
#include <pthread.h>
#include <stdlib.h>

#include "store/store_pool.h"

#define POOL_MAX 16

struct store_pool {
	pthread_mutex_t lock;
	pthread_cond_t free_one;
	struct store *all[POOL_MAX];
	struct store *idle[POOL_MAX];
	int size, n_idle;
};

int store_pool_open(const char *location, int size, struct store_pool **out,
		    struct error *err)
{
	struct store_pool *p = calloc(1, sizeof *p);

	if (p == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	if (size < 1 || size > POOL_MAX)
		size = size < 1 ? 1 : POOL_MAX;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->free_one, NULL);
	for (int i = 0; i < size; i++) {
		int status = store_open(location, i == 0 ? STORE_OPEN_CREATE : 0,
					&p->all[i], err);

		if (status) {
			store_pool_close(p);
			return status;
		}
		p->idle[p->n_idle++] = p->all[i];
		p->size++;
	}
	*out = p;
	return 0;
}

void store_pool_close(struct store_pool *p)
{
	if (p == NULL)
		return;
	for (int i = 0; i < p->size; i++)
		store_close(p->all[i]);
	pthread_cond_destroy(&p->free_one);
	pthread_mutex_destroy(&p->lock);
	free(p);
}

struct store *store_pool_take(struct store_pool *p)
{
	struct store *s;

	pthread_mutex_lock(&p->lock);
	while (p->n_idle == 0)
		pthread_cond_wait(&p->free_one, &p->lock);
	s = p->idle[--p->n_idle];
	pthread_mutex_unlock(&p->lock);
	return s;
}

void store_pool_give(struct store_pool *p, struct store *s)
{
	if (s == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->idle[p->n_idle++] = s;
	pthread_cond_signal(&p->free_one);
	pthread_mutex_unlock(&p->lock);
}
