/* password.c: Argon2id hashes and random secrets (auth.h). */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "auth/auth.h"

static pthread_mutex_t verify_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned auth_role_parse(const char *name)
{
	static const struct { const char *name; unsigned bit; } roles[] = {
		{ "admin", ROLE_ADMIN }, { "officer", ROLE_OFFICER },
		{ "company", ROLE_COMPANY }, { "viewer", ROLE_VIEWER },
	};

	for (size_t i = 0; name && i < sizeof roles / sizeof roles[0]; i++)
		if (strcmp(roles[i].name, name) == 0)
			return roles[i].bit;
	return 0;
}

int auth_init(struct error *err)
{
	if (sodium_init() < 0)
		return error_set(err, ERROR_INTERNAL, "libsodium failed to start");
	return 0;
}

int auth_password_hash(const char *password, char *out, size_t size,
		       struct error *err)
{
	size_t n = strlen(password);

	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_MAX)
		return error_set(err, ERROR_INVALID,
				 "password: must be %d to %d bytes long",
				 AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
	if (size < crypto_pwhash_STRBYTES)
		return error_set(err, ERROR_INTERNAL, "hash buffer too small");
	if (crypto_pwhash_str(out, password, n, crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return error_set(err, ERROR_NOMEM, "out of memory hashing the password");
	return 0;
}

bool auth_password_verify(const char *hash, const char *password)
{
	bool ok;

	pthread_mutex_lock(&verify_lock);
	ok = crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
	pthread_mutex_unlock(&verify_lock);
	return ok;
}

void auth_secret_new(char out[AUTH_SECRET_HEX + 1])
{
	unsigned char raw[AUTH_SECRET_HEX / 2];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(out, AUTH_SECRET_HEX + 1, raw, sizeof raw);
	sodium_memzero(raw, sizeof raw);
}

void auth_secret_hash(const char *secret, char out[AUTH_SECRET_HEX + 1])
{
	unsigned char h[AUTH_SECRET_HEX / 2];

	crypto_generichash(h, sizeof h, (const unsigned char *)secret,
			   strlen(secret), NULL, 0);
	sodium_bin2hex(out, AUTH_SECRET_HEX + 1, h, sizeof h);
}

bool auth_secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && n > 0 && sodium_memcmp(a, b, n) == 0;
}
