/* error.h: the one error type every module reports through.
 *
 * A function that can fail returns an int status (0 on success, an
 * enum error_code otherwise) and, when the caller passed one, fills a
 * struct error with the same code and a human message that says what was
 * wrong and where ("bundle.json: $.agreements[3].value.currency: \"USDD\"
 * is not an ISO 4217 code").  The code is stable; the message is for people.
 */
#ifndef PAVILION_UTIL_ERROR_H
#define PAVILION_UTIL_ERROR_H

#include <stdarg.h>

enum error_code {
	ERROR_NONE = 0,
	ERROR_USAGE,     /* a command line or request was malformed */
	ERROR_INVALID,   /* input data broke a rule of the model */
	ERROR_NOT_FOUND, /* a named record does not exist */
	ERROR_CONFLICT,  /* the record exists already, or changed meanwhile */
	ERROR_IO,        /* a file could not be read or written */
	ERROR_STORE,     /* the database failed */
	ERROR_NOMEM,     /* an allocation or a hard limit was exceeded */
	ERROR_INTERNAL,  /* a bug: an assumption did not hold */
	ERROR_DENIED,    /* the account may not do this to that record */
	ERROR_CODE_COUNT
};

#define ERROR_MESSAGE_MAX 1024

struct error {
	enum error_code code;
	char message[ERROR_MESSAGE_MAX];
};

/* Sets *err (when err is not NULL) and returns code, so callers can write
 * `return error_set(err, ERROR_INVALID, "...", ...);`. */
int error_set(struct error *err, enum error_code code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int error_setv(struct error *err, enum error_code code, const char *fmt,
	       va_list ap);

/* Prefixes the message already in err with "prefix: ". */
void error_prefix(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Stable lower-case name of a code ("invalid", "not-found", ...). */
const char *error_code_name(enum error_code code);

/* Process exit status for a code; see README "Exit status". */
int error_exit_status(enum error_code code);

#endif
