/* throttle.c: the policy of the failed-login brake (auth.h).  The counts
 * themselves are the store's (login_failure), so they are shared by every
 * thread and survive a restart. */
#include <ctype.h>
#include <sodium.h>
#include <string.h>

#include "auth/auth.h"

#define BRAKE_FIRST_WAIT 4
#define BRAKE_MAX_WAIT 60

/* Failures each key allows before waits begin: a few guesses at one
 * account from one place; more for an account from anywhere (people
 * mistype on several devices); more still for one address (an office
 * behind one address). */
static const int free_tries[AUTH_BRAKE_KEYS] = { 3, 10, 20 };

static void key_of(char kind, const char *address, const char *username,
		   char out[AUTH_BRAKE_KEY_HEX + 1])
{
	crypto_generichash_state st;
	unsigned char h[AUTH_BRAKE_KEY_HEX / 2];

	crypto_generichash_init(&st, NULL, 0, sizeof h);
	crypto_generichash_update(&st, (const unsigned char *)&kind, 1);
	if (address)
		crypto_generichash_update(&st, (const unsigned char *)address,
					  strlen(address) + 1);
	for (const char *p = username; p && *p; p++) {
		unsigned char c = (unsigned char)tolower((unsigned char)*p);

		crypto_generichash_update(&st, &c, 1);
	}
	crypto_generichash_final(&st, h, sizeof h);
	sodium_bin2hex(out, AUTH_BRAKE_KEY_HEX + 1, h, sizeof h);
}

void auth_brake_keys(const char *address, const char *username,
		     char keys[AUTH_BRAKE_KEYS][AUTH_BRAKE_KEY_HEX + 1])
{
	key_of('p', address, username, keys[AUTH_BRAKE_PAIR]);
	key_of('u', NULL, username, keys[AUTH_BRAKE_USER]);
	key_of('a', address, NULL, keys[AUTH_BRAKE_ADDRESS]);
}

int auth_brake_wait(const int64_t failures[AUTH_BRAKE_KEYS],
		    const int64_t last[AUTH_BRAKE_KEYS], int64_t now)
{
	int64_t longest = 0;

	for (int i = 0; i < AUTH_BRAKE_KEYS; i++) {
		int64_t over = failures[i] - free_tries[i], wait;

		if (over < 0)
			continue;
		wait = (int64_t)BRAKE_FIRST_WAIT << (over < 5 ? over : 5);
		if (wait > BRAKE_MAX_WAIT)
			wait = BRAKE_MAX_WAIT;
		wait -= now - last[i];
		if (wait > longest)
			longest = wait;
	}
	return (int)longest;
}
