/* common.c: what the subcommands share: messages, the database path,
 * output files written whole or not at all. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

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

int cli_output_begin(const char *path, char tmp[CLI_TMP_MAX], struct error *err)
{
	const char *slash = strrchr(path, '/');
	int dir_len = slash ? (int)(slash - path) + 1 : 0;
	struct stat st;
	mode_t mask;
	int fd, n;

	n = snprintf(tmp, CLI_TMP_MAX, "%.*s.%s.XXXXXX", dir_len, path,
		     path + dir_len);
	if (n < 0 || n >= CLI_TMP_MAX)
		return error_set(err, ERROR_IO, "%s: the name is too long", path);
	fd = mkstemp(tmp);
	if (fd < 0)
		return error_set(err, ERROR_IO, "%s: cannot create: %m", path);
	/* The mode a plain create would give, or the replaced file's. */
	mask = umask(022);
	umask(mask);
	if (fchmod(fd, stat(path, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask) != 0 ||
	    close(fd) != 0) {
		unlink(tmp);
		return error_set(err, ERROR_IO, "%s: cannot create: %m", path);
	}
	return 0;
}

int cli_output_end(const char *tmp, const char *path, int status,
		   struct error *err)
{
	int fd, rc = 0;
	char dir[CLI_TMP_MAX];
	const char *slash = strrchr(path, '/');

	if (status != 0) {
		unlink(tmp);
		return status;
	}
	fd = open(tmp, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fsync(fd) != 0)
		rc = error_set(err, ERROR_IO, "%s: write failed: %m", path);
	if (fd >= 0)
		close(fd);
	if (rc == 0 && rename(tmp, path) != 0)
		rc = error_set(err, ERROR_IO, "%s: cannot replace: %m", path);
	if (rc != 0) {
		unlink(tmp);
		return rc;
	}
	/* The rename itself must survive a crash too. */
	snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) + 1 : 1,
		 slash ? path : ".");
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
	return 0;
}

int cli_write_output(const char *cmd, const char *path, const struct buf *b)
{
	struct error err = { 0 };
	char tmp[CLI_TMP_MAX];
	FILE *f;
	int status = 0;

	if (path == NULL || (path[0] == '-' && path[1] == '\0')) {
		if (fwrite(b->data ? b->data : "", 1, b->len, stdout) != b->len ||
		    fflush(stdout) != 0) {
			error_set(&err, ERROR_IO, "<stdout>: write failed: %m");
			return cli_fail(cmd, &err);
		}
		return 0;
	}
	if (cli_output_begin(path, tmp, &err))
		return cli_fail(cmd, &err);
	f = fopen(tmp, "wb");
	if (f == NULL)
		status = error_set(&err, ERROR_IO, "%s: cannot create: %m", path);
	else if (fwrite(b->data ? b->data : "", 1, b->len, f) != b->len ||
		 fflush(f) != 0)
		status = error_set(&err, ERROR_IO, "%s: write failed: %m", path);
	if (f != NULL && fclose(f) != 0 && status == 0)
		status = error_set(&err, ERROR_IO, "%s: write failed: %m", path);
	if (cli_output_end(tmp, path, status, &err))
		return cli_fail(cmd, &err);
	return 0;
}

double cli_now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
