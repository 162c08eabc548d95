/* throttle.c: slows down repeated failed logins (auth.h).
 *
 * A fixed table of recent failures keyed by a hash of address and user
 * name; the oldest entry is reused when it is full, so memory is bounded
 * whatever an attacker sends.
 */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "auth/auth.h"

#define THROTTLE_SLOTS 1024
#define THROTTLE_FREE_TRIES 3
#define THROTTLE_FIRST_WAIT 4
#define THROTTLE_MAX_WAIT 60

struct slot {
	unsigned char key[16];
	int failures;
	int64_t last;
};

static struct slot slots[THROTTLE_SLOTS];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void key_of(const char *address, const char *username,
		   unsigned char key[16])
{
	crypto_generichash_state st;

	crypto_generichash_init(&st, NULL, 0, 16);
	crypto_generichash_update(&st, (const unsigned char *)address,
				  strlen(address) + 1);
	crypto_generichash_update(&st, (const unsigned char *)username,
				  strlen(username));
	crypto_generichash_final(&st, key, 16);
}

static struct slot *find(const unsigned char key[16], bool create)
{
	struct slot *oldest = &slots[0];

	for (int i = 0; i < THROTTLE_SLOTS; i++) {
		if (slots[i].failures > 0 && memcmp(slots[i].key, key, 16) == 0)
			return &slots[i];
		if (slots[i].last < oldest->last)
			oldest = &slots[i];
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	memcpy(oldest->key, key, 16);
	return oldest;
}

static int wait_for(const struct slot *s, int64_t now)
{
	int64_t wait;

	if (s == NULL || s->failures < THROTTLE_FREE_TRIES)
		return 0;
	wait = (int64_t)THROTTLE_FIRST_WAIT << (s->failures - THROTTLE_FREE_TRIES < 5 ?
					       s->failures - THROTTLE_FREE_TRIES : 5);
	if (wait > THROTTLE_MAX_WAIT)
		wait = THROTTLE_MAX_WAIT;
	wait -= now - s->last;
	return wait > 0 ? (int)wait : 0;
}

int auth_throttle_wait(const char *address, const char *username, int64_t now)
{
	unsigned char key[16];
	int wait;

	key_of(address, username, key);
	pthread_mutex_lock(&lock);
	wait = wait_for(find(key, false), now);
	pthread_mutex_unlock(&lock);
	return wait;
}

void auth_throttle_failed(const char *address, const char *username,
			  int64_t now)
{
	unsigned char key[16];
	struct slot *s;

	key_of(address, username, key);
	pthread_mutex_lock(&lock);
	s = find(key, true);
	s->failures++;
	s->last = now;
	pthread_mutex_unlock(&lock);
}

void auth_throttle_passed(const char *address, const char *username)
{
	unsigned char key[16];
	struct slot *s;

	key_of(address, username, key);
	pthread_mutex_lock(&lock);
	if ((s = find(key, false)) != NULL)
		memset(s, 0, sizeof *s);
	pthread_mutex_unlock(&lock);
}
