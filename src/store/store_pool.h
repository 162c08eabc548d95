/* store_pool.h: a fixed set of open stores shared by server threads.
 *
 * SQLite statements and transactions belong to one connection, so each
 * request borrows a whole connection for its duration and gives it back;
 * with as many connections as worker threads nobody waits.
 */
#ifndef PAVILION_STORE_STORE_POOL_H
#define PAVILION_STORE_STORE_POOL_H

#include "store/store.h"

struct store_pool;

int store_pool_open(const char *location, int size, struct store_pool **out,
		    struct error *err);
void store_pool_close(struct store_pool *p);   /* NULL is fine */
struct store *store_pool_take(struct store_pool *p);
void store_pool_give(struct store_pool *p, struct store *s);

#endif
