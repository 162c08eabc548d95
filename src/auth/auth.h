/* auth.h: passwords, secrets and the failed-login brake.
 *
 * Passwords are hashed with Argon2id (libsodium crypto_pwhash_str).  A
 * session, an API token and a CSRF value are 32 random bytes shown in
 * hex; the database keeps only a BLAKE2b hash of sessions and tokens.
 */
#ifndef PAVILION_AUTH_AUTH_H
#define PAVILION_AUTH_AUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define AUTH_SECRET_HEX 64
#define AUTH_PASSWORD_MIN 8
#define AUTH_PASSWORD_MAX 1024
#define AUTH_SESSION_SECONDS (12 * 3600)
#define AUTH_TOKEN_DAYS_DEFAULT 90
#define AUTH_TOKEN_DAYS_MAX 3650

enum auth_role { ROLE_ADMIN = 1, ROLE_OFFICER = 2, ROLE_COMPANY = 4,
		 ROLE_VIEWER = 8 };

/* "admin" ... to its bit; 0 when unknown. */
unsigned auth_role_parse(const char *name);

int auth_init(struct error *err);   /* sodium_init */

/* Whether password may be chosen by the account username: 8 to 1024
 * bytes, not on the built-in list of common passwords (policy.c), not
 * the user name with fewer than 8 other bytes, not blank, not a run such
 * as 12345678 or qwertyui and not a pattern of up to 4 bytes repeated.  ERROR_INVALID
 * naming the rule otherwise. */
int auth_password_check(const char *password, const char *username,
			struct error *err);

/* Checks the password (auth_password_check), then hashes it into out
 * (at least crypto_pwhash_STRBYTES, 128). */
int auth_password_hash(const char *password, const char *username,
		       char *out, size_t size, struct error *err);

enum auth_verify { AUTH_VERIFY_OK, AUTH_VERIFY_WRONG, AUTH_VERIFY_BUSY };

/* Verifies password against hash; hash NULL (no such user) verifies
 * against a dummy hash of the same cost, so unknown names take as long
 * as known ones.  One verification runs at a time, and a caller that
 * finds it taken gets AUTH_VERIFY_BUSY at once instead of waiting: the
 * server's few threads stay free for other requests, and the memory
 * Argon2id takes stays that of one hash. */
enum auth_verify auth_password_verify(const char *hash, const char *password);

/* 64 hex digits of fresh randomness into out (65 bytes). */
void auth_secret_new(char out[AUTH_SECRET_HEX + 1]);
/* The stored form of a secret: 64 hex digits of its BLAKE2b hash. */
void auth_secret_hash(const char *secret, char out[AUTH_SECRET_HEX + 1]);
/* Constant-time equality of two NUL-terminated secrets. */
bool auth_secret_equal(const char *a, const char *b);

/* The failed-login brake (throttle.c).  Failures are counted under three
 * keys: the client address with the user name, the user name from any
 * address, and the address for any user name.  Each key has a number of
 * free failures; past it every further attempt must wait 4 s, doubling
 * up to a minute.  The counts live in the store, keyed by a hash, so no
 * flood of other names can push one out. */
enum { AUTH_BRAKE_PAIR, AUTH_BRAKE_USER, AUTH_BRAKE_ADDRESS, AUTH_BRAKE_KEYS };
#define AUTH_BRAKE_KEY_HEX 32

/* The keys of an attempt (user names compared without case). */
void auth_brake_keys(const char *address, const char *username,
		     char keys[AUTH_BRAKE_KEYS][AUTH_BRAKE_KEY_HEX + 1]);
/* The seconds still to wait given each key's failures and the time of
 * the last (0: go ahead). */
int auth_brake_wait(const int64_t failures[AUTH_BRAKE_KEYS],
		    const int64_t last[AUTH_BRAKE_KEYS], int64_t now);

#endif
