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

enum auth_role { ROLE_ADMIN = 1, ROLE_OFFICER = 2, ROLE_COMPANY = 4,
		 ROLE_VIEWER = 8 };

/* "admin" ... to its bit; 0 when unknown. */
unsigned auth_role_parse(const char *name);

int auth_init(struct error *err);   /* sodium_init */

/* out: at least crypto_pwhash_STRBYTES (128). */
int auth_password_hash(const char *password, char *out, size_t size,
		       struct error *err);
/* Verifies one at a time, which caps the memory Argon2id takes under a
 * flood and slows guessing. */
bool auth_password_verify(const char *hash, const char *password);

/* 64 hex digits of fresh randomness into out (65 bytes). */
void auth_secret_new(char out[AUTH_SECRET_HEX + 1]);
/* The stored form of a secret: 64 hex digits of its BLAKE2b hash. */
void auth_secret_hash(const char *secret, char out[AUTH_SECRET_HEX + 1]);
/* Constant-time equality of two NUL-terminated secrets. */
bool auth_secret_equal(const char *a, const char *b);

/* Failed logins per client address and user name: after a few, each
 * further attempt must wait 4 s, doubling up to a minute.  Returns the
 * seconds still to wait (0: go ahead). */
int auth_throttle_wait(const char *address, const char *username,
		       int64_t now);
void auth_throttle_failed(const char *address, const char *username,
			  int64_t now);
void auth_throttle_passed(const char *address, const char *username);

#endif
