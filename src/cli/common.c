/* common.c: what the subcommands share: messages, the database path. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cli/cli.h"
#include "util/buf.h"
#include "store/store.h"

int cli_fail(const char *cmd, const struct error *err)
{
	fprintf(stderr, "pavilion %s: %s\n", cmd, err->message);
	return error_exit_status(err->code);
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pavilion %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "; see pavilion %s --help\n", cmd);
	return error_exit_status(ERROR_USAGE);
}

const char *cli_db_path(const char *option)
{
	const char *env = getenv("PAVILION_DB");

	if (option != NULL)
		return option;
	if (env != NULL && env[0] != '\0')
		return env;
	return "pavilion.db";
}

int cli_open_store(const char *path, int create, struct store **out,
		   struct error *err)
{
	return store_open(path, create ? STORE_OPEN_CREATE : 0, out, err);
}

int cli_write_output(const char *cmd, const char *path, const struct buf *b)
{
	FILE *f = stdout;
	struct error err = { 0 };

	if (path != NULL && !(path[0] == '-' && path[1] == '\0')) {
		f = fopen(path, "wb");
		if (f == NULL) {
			error_set(&err, ERROR_IO, "%s: cannot create: %m", path);
			return cli_fail(cmd, &err);
		}
	}
	if (fwrite(b->data ? b->data : "", 1, b->len, f) != b->len ||
	    fflush(f) != 0) {
		error_set(&err, ERROR_IO, "%s: write failed: %m",
			  f == stdout ? "<stdout>" : path);
		if (f != stdout)
			fclose(f);
		return cli_fail(cmd, &err);
	}
	if (f != stdout && fclose(f) != 0) {
		error_set(&err, ERROR_IO, "%s: write failed: %m", path);
		return cli_fail(cmd, &err);
	}
	return 0;
}

double cli_now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
