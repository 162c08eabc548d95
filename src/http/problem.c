/* problem.c: the one table of problem types and of error codes to them.
 *
 * Types are URNs so they stay stable without a web site behind them;
 * docs/api.md lists each with when it happens.
 */
#include "http/http.h"

const struct http_problem_type http_problem_types[PROBLEM_COUNT] = {
	[PROBLEM_BAD_REQUEST] = { 400, "bad-request", "The request is malformed" },
	[PROBLEM_INVALID] = { 422, "invalid", "The request body breaks a rule" },
	[PROBLEM_UNAUTHORIZED] = { 401, "unauthorized", "Log in first" },
	[PROBLEM_FORBIDDEN] = { 403, "forbidden", "Your role may not do this" },
	[PROBLEM_CSRF] = { 403, "csrf", "The CSRF token is missing or wrong" },
	[PROBLEM_NOT_FOUND] = { 404, "not-found", "No such resource" },
	[PROBLEM_METHOD_NOT_ALLOWED] = { 405, "method-not-allowed",
		"The resource does not support this method" },
	[PROBLEM_CONFLICT] = { 409, "conflict",
		"The request conflicts with the stored data" },
	[PROBLEM_PRECONDITION_FAILED] = { 412, "precondition-failed",
		"The resource changed since you read it" },
	[PROBLEM_TOO_LARGE] = { 413, "too-large", "The request body is too large" },
	[PROBLEM_UNSUPPORTED_MEDIA] = { 415, "unsupported-media-type",
		"Send the body as application/json" },
	[PROBLEM_PRECONDITION_REQUIRED] = { 428, "precondition-required",
		"Send If-Match with the resource's ETag" },
	[PROBLEM_TOO_MANY_REQUESTS] = { 429, "too-many-requests",
		"Too many failed attempts; wait and retry" },
	[PROBLEM_INTERNAL] = { 500, "internal", "The server failed" },
	[PROBLEM_UNAVAILABLE] = { 503, "unavailable",
		"The server is busy or shutting down" },
};

static const enum http_problem by_code[ERROR_CODE_COUNT] = {
	[ERROR_NONE] = PROBLEM_INTERNAL,
	[ERROR_USAGE] = PROBLEM_BAD_REQUEST,
	[ERROR_INVALID] = PROBLEM_INVALID,
	[ERROR_NOT_FOUND] = PROBLEM_NOT_FOUND,
	[ERROR_CONFLICT] = PROBLEM_CONFLICT,
	[ERROR_IO] = PROBLEM_INTERNAL,
	[ERROR_STORE] = PROBLEM_UNAVAILABLE,
	[ERROR_NOMEM] = PROBLEM_TOO_LARGE,
	[ERROR_INTERNAL] = PROBLEM_INTERNAL,
	[ERROR_DENIED] = PROBLEM_FORBIDDEN,
};

enum http_problem http_problem_of(enum error_code code)
{
	if ((unsigned)code >= ERROR_CODE_COUNT)
		return PROBLEM_INTERNAL;
	return by_code[code];
}
