/* error.c: filling and naming struct error. */
#include "util/error.h"

#include <stdio.h>
#include <string.h>

int error_setv(struct error *err, enum error_code code, const char *fmt,
	       va_list ap)
{
	if (err == NULL)
		return (int)code;
	err->code = code;
	vsnprintf(err->message, sizeof err->message, fmt, ap);
	return (int)code;
}

int error_set(struct error *err, enum error_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	error_setv(err, code, fmt, ap);
	va_end(ap);
	return (int)code;
}

void error_prefix(struct error *err, const char *fmt, ...)
{
	char prefix[256];
	char old[ERROR_MESSAGE_MAX];
	va_list ap;

	if (err == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	memcpy(old, err->message, sizeof old);
	snprintf(err->message, sizeof err->message, "%s: %s", prefix, old);
}

static const char *const code_names[ERROR_CODE_COUNT] = {
	[ERROR_NONE] = "none",
	[ERROR_USAGE] = "usage",
	[ERROR_INVALID] = "invalid",
	[ERROR_NOT_FOUND] = "not-found",
	[ERROR_CONFLICT] = "conflict",
	[ERROR_IO] = "io",
	[ERROR_STORE] = "store",
	[ERROR_NOMEM] = "resource-limit",
	[ERROR_INTERNAL] = "internal",
	[ERROR_DENIED] = "denied",
};

const char *error_code_name(enum error_code code)
{
	if ((unsigned)code >= ERROR_CODE_COUNT)
		return "internal";
	return code_names[code];
}

/* Exit statuses follow the sysexits.h spirit but stay small and few. */
static const int exit_statuses[ERROR_CODE_COUNT] = {
	[ERROR_NONE] = 0,
	[ERROR_USAGE] = 2,
	[ERROR_INVALID] = 3,
	[ERROR_NOT_FOUND] = 4,
	[ERROR_CONFLICT] = 5,
	[ERROR_IO] = 6,
	[ERROR_STORE] = 7,
	[ERROR_NOMEM] = 8,
	[ERROR_INTERNAL] = 9,
	[ERROR_DENIED] = 10,
};

int error_exit_status(enum error_code code)
{
	if ((unsigned)code >= ERROR_CODE_COUNT)
		return 9;
	return exit_statuses[code];
}
