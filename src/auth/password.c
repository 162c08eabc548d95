/* password.c: Argon2id hashes and random secrets (auth.h). */
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "auth/auth.h"

/* Held while one verification runs (auth_password_verify). */
static pthread_mutex_t verify_lock = PTHREAD_MUTEX_INITIALIZER;

/* What an unknown user's password is checked against: the Argon2id hash,
 * made with the same parameters as every stored one
 * (crypto_pwhash_OPSLIMIT_INTERACTIVE, MEMLIMIT_INTERACTIVE), of 64
 * random hex digits that were thrown away. */
static const char dummy_hash[] =
	"$argon2id$v=19$m=65536,t=2,p=1$Tg6oDukbDKotlwFy39K9pA$"
	"f937jNxrxmyvAHVWcGqehucNo1yv8eUaxWAI6mFTB8w";

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

int auth_password_hash(const char *password, const char *username,
		       char *out, size_t size, struct error *err)
{
	if (auth_password_check(password, username, err) != 0)
		return err ? (int)err->code : ERROR_INVALID;
	if (size < crypto_pwhash_STRBYTES)
		return error_set(err, ERROR_INTERNAL, "hash buffer too small");
	if (crypto_pwhash_str(out, password, strlen(password),
			      crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return error_set(err, ERROR_NOMEM, "out of memory hashing the password");
	return 0;
}

enum auth_verify auth_password_verify(const char *hash, const char *password)
{
	bool ok;

	if (pthread_mutex_trylock(&verify_lock) != 0)
		return AUTH_VERIFY_BUSY;
	ok = crypto_pwhash_str_verify(hash ? hash : dummy_hash, password,
				      strlen(password)) == 0;
	pthread_mutex_unlock(&verify_lock);
	return ok && hash ? AUTH_VERIFY_OK : AUTH_VERIFY_WRONG;
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
