/* cmd_backup.c: `pavilion backup` and `pavilion restore`: consistent
 * copies of the database, taken while a server runs, checked, and put
 * back (see docs/backup.md). */
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "store/store_backup.h"

static const char backup_usage[] =
	"usage: pavilion backup [--db PATH] FILE\n"
	"       pavilion backup --check FILE\n"
	"\n"
	"Copies the database into FILE: a consistent copy of one moment, safe\n"
	"to take while `pavilion serve` runs and writes (SQLite's online backup\n"
	"API).  FILE is written whole or not at all, then checked.  With\n"
	"--check, only checks that FILE opens, passes SQLite's integrity_check\n"
	"and is a Pavilion database, and prints the rows of each table.\n";

static const char restore_usage[] =
	"usage: pavilion restore [--db PATH] [--force] FILE\n"
	"\n"
	"Replaces the database by the backup FILE, after checking FILE as\n"
	"`pavilion backup --check` does.  Refuses while another process (a\n"
	"running `pavilion serve`) has the database open: stop it first.  With\n"
	"--force the copy is made through SQLite's locks while the server runs,\n"
	"and the server answers from the restored data at once.\n";

static int print_count(const char *table, int64_t rows, void *ctx)
{
	(void)ctx;
	printf("  %-24s %" PRId64 "\n", table, rows);
	return 0;
}

static int check(const char *cmd, const char *path)
{
	struct error err = { 0 };

	printf("%s:\n", path);
	if (store_backup_check(path, print_count, NULL, &err))
		return cli_fail(cmd, &err);
	printf("%s: ok (integrity_check passed)\n", path);
	return 0;
}

int cli_backup(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "check", no_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL, *out;
	char tmp[CLI_TMP_MAX];
	bool only_check = false;
	struct error err = { 0 };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'c': only_check = true; break;
		case 'h': fputs(backup_usage, stdout); return 0;
		default: return cli_usage_error("backup", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("backup", "give exactly one FILE");
	out = argv[optind];
	if (only_check)
		return db != NULL ? cli_usage_error("backup", "--check takes no --db") :
			check("backup", out);
	if (strcmp(out, "-") == 0)
		return cli_usage_error("backup", "FILE must be a file, not -");
	db = cli_db_path(db);
	if (cli_output_begin(out, tmp, &err) ||
	    cli_output_end(tmp, out, store_backup(db, tmp, &err), &err))
		return cli_fail("backup", &err);
	return check("backup", out);
}

int cli_restore(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = NULL;
	bool force = false;
	struct error err = { 0 };
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'f': force = true; break;
		case 'h': fputs(restore_usage, stdout); return 0;
		default: return cli_usage_error("restore", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("restore", "give exactly one FILE");
	db = cli_db_path(db);
	if (store_restore(argv[optind], db, force, &err))
		return cli_fail("restore", &err);
	printf("%s: restored from %s\n", db, argv[optind]);
	return 0;
}
