/* cli.h: the subcommands of `pavilion`, one file each (cmd_<name>.c).
 *
 * Each command receives argv with argv[0] set to its own name, parses its
 * options with getopt_long, prints results on standard output and problems
 * on standard error, and returns the process exit status (see
 * error_exit_status() and the README's "Exit status").
 */
#ifndef PAVILION_CLI_CLI_H
#define PAVILION_CLI_CLI_H

#include <stdbool.h>

#include "util/error.h"

struct store;

int cli_demo(int argc, char **argv);
int cli_import(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_list(int argc, char **argv);
int cli_portfolio(int argc, char **argv);
int cli_show(int argc, char **argv);
int cli_schedule(int argc, char **argv);
int cli_serve(int argc, char **argv);
int cli_user(int argc, char **argv);
int cli_token(int argc, char **argv);
int cli_backup(int argc, char **argv);
int cli_restore(int argc, char **argv);
int cli_verify(int argc, char **argv);
int cli_smtp(int argc, char **argv);
int cli_remind(int argc, char **argv);

/* Prints "pavilion CMD: message" on stderr and returns the exit status
 * for err's code. */
int cli_fail(const char *cmd, const struct error *err);

/* Prints a usage problem ("pavilion CMD: ...; see pavilion CMD --help")
 * and returns the usage exit status. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* The database path: --db when given, else $PAVILION_DB, else
 * ./pavilion.db. */
const char *cli_db_path(const char *option);

/* Opens the store at path (creating and migrating it when create is
 * true and the file does not exist yet). */
int cli_open_store(const char *path, int create, struct store **out,
		   struct error *err);

/* Writes out to path (NULL or "-": standard output) in one piece;
 * returns the exit status.  A file is written whole or not at all (see
 * cli_output_begin). */
struct buf;
int cli_write_output(const char *cmd, const char *path, const struct buf *out);

/* Output files (-o FILE) are never written in place: the output goes to
 * a new file beside FILE (".FILE.XXXXXX", made by cli_output_begin with
 * FILE's mode, or the mode a new file gets), which cli_output_end
 * flushes to disk and renames over FILE, so a failed or interrupted
 * command leaves FILE as it was:
 *     if ((rc = cli_output_begin(path, tmp, &err)) == 0)
 *             rc = cli_output_end(tmp, path, write_to(tmp, &err), &err);
 */
#define CLI_TMP_MAX 4096
int cli_output_begin(const char *path, char tmp[CLI_TMP_MAX], struct error *err);
/* status is the writer's: non-zero removes tmp and is returned as it is;
 * zero flushes tmp, renames it to path and flushes the directory. */
int cli_output_end(const char *tmp, const char *path, int status,
		   struct error *err);

/* Seconds on the monotonic clock, for rates printed to the user. */
double cli_now_seconds(void);

/* Imports the JSON bundles at paths[0..n) in order, each in its own
 * transaction, parsing ahead on a second thread; prints a line per file
 * unless quiet.  Returns the exit status of the first failure, or 0. */
int cli_import_bundles(struct store *store, char **paths, int n, int flags,
		       bool quiet);

#endif
