/* policy.c: which passwords may be chosen (auth_password_check, auth.h).
 *
 * Length alone lets "aaaaaaaa" and eight spaces through.  Refused as
 * well: the common passwords built into the binary (common_passwords.S,
 * from Debian's john-data), the same with digits or punctuation added at
 * the end, the account's own name with fewer than 8 other bytes, one
 * character repeated, blanks, runs
 * along the alphabet, the digits or a keyboard row (either way), and a
 * pattern of up to four characters repeated.
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include "auth/auth.h"

extern const char auth_common_passwords[];
extern const char auth_common_passwords_end[];

/* Runs that are as easy to guess as a word, read either way. */
static const char *const runs[] = {
	"01234567890123456789",
	"abcdefghijklmnopqrstuvwxyzabc",
	"qwertyuiopasdfghjklzxcvbnm",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
	"qazwsxedcrfvtgbyhnujmikolp",
};

/* Whether the n bytes of s are a line of the built-in list. */
static bool is_common(const char *s, size_t n)
{
	const char *p = auth_common_passwords, *end = auth_common_passwords_end;

	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t len = (size_t)((eol ? eol : end) - p);

		if (len == n && memcmp(p, s, n) == 0)
			return true;
		p += len + 1;
	}
	return false;
}

static bool in_run(const char *s, size_t n)
{
	char reversed[AUTH_PASSWORD_MAX + 1];

	for (size_t i = 0; i < n; i++)
		reversed[i] = s[n - 1 - i];
	reversed[n] = '\0';
	for (size_t i = 0; i < sizeof runs / sizeof runs[0]; i++)
		if (strstr(runs[i], s) || strstr(runs[i], reversed))
			return true;
	return false;
}

/* Whether s is a unit of at most four bytes repeated (a cut-off last
 * repetition counts). */
static bool repeats(const char *s, size_t n)
{
	for (size_t unit = 1; unit <= 4 && unit < n; unit++) {
		size_t i = unit;

		while (i < n && s[i] == s[i - unit])
			i++;
		if (i == n)
			return true;
	}
	return false;
}

/* How many bytes of the lower-case password s are left once every
 * occurrence of username (any case) is taken out. */
static size_t rest_without(const char *s, size_t n, const char *username)
{
	size_t u = strlen(username), rest = n;

	if (u == 0)
		return n;
	for (size_t i = 0; i + u <= n;) {
		if (strncasecmp(s + i, username, u) == 0) {
			rest -= u;
			i += u;
		} else {
			i++;
		}
	}
	return rest;
}

int auth_password_check(const char *password, const char *username,
			struct error *err)
{
	char lower[AUTH_PASSWORD_MAX + 1];
	size_t n = strlen(password), stem;
	bool blank = true;

	if (n < AUTH_PASSWORD_MIN || n > AUTH_PASSWORD_MAX)
		return error_set(err, ERROR_INVALID,
				 "password: must be %d to %d bytes long",
				 AUTH_PASSWORD_MIN, AUTH_PASSWORD_MAX);
	for (size_t i = 0; i < n; i++) {
		lower[i] = (char)tolower((unsigned char)password[i]);
		blank = blank && isspace((unsigned char)password[i]);
	}
	lower[n] = '\0';
	if (blank)
		return error_set(err, ERROR_INVALID, "password: only blanks");
	if (repeats(lower, n))
		return error_set(err, ERROR_INVALID,
				 "password: one character or a short pattern repeated");
	if (in_run(lower, n))
		return error_set(err, ERROR_INVALID,
				 "password: a run of letters, digits or keys in a row");
	for (stem = n; stem > 0 && (isdigit((unsigned char)lower[stem - 1]) ||
				    ispunct((unsigned char)lower[stem - 1])); stem--)
		;
	if (username && rest_without(lower, n, username) < AUTH_PASSWORD_MIN)
		return error_set(err, ERROR_INVALID,
				 "password: mostly the user name");
	if (is_common(lower, n) || (stem >= 6 && is_common(lower, stem)))
		return error_set(err, ERROR_INVALID,
				 "password: one of the most common passwords");
	return 0;
}
