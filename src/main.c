/* main.c: `pavilion COMMAND ...` dispatches to one file per subcommand. */
#include <stdio.h>
#include <string.h>

#include <unicode/uclean.h>

#include "cli/cli.h"
#include "domain/tz.h"
#include "report/format.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "demo", cli_demo, "create a database holding the reference mission" },
	{ "import", cli_import, "load mission bundles (JSON) into the database" },
	{ "export", cli_export, "write a mission as a JSON bundle" },
	{ "report", cli_report, "print a mission's outcome report" },
	{ "list", cli_list, "list records of one kind" },
	{ "portfolio", cli_portfolio, "report across missions, by year, province and country" },
	{ "show", cli_show, "show one record" },
	{ "serve", cli_serve, "serve the HTTP JSON API" },
	{ "user", cli_user, "manage the accounts of the HTTP API" },
	{ "token", cli_token, "create an API token for scripts" },
	{ "schedule", cli_schedule, "solve, check and generate B2B meeting schedules" },
	{ "backup", cli_backup, "copy the database, consistently, while a server runs" },
	{ "restore", cli_restore, "replace the database by a backup" },
	{ "verify", cli_verify, "check the hash chain of the outcome records" },
	{ "smtp", cli_smtp, "set the SMTP server reminders go through" },
	{ "remind", cli_remind, "e-mail reminders of follow-up surveys that are due" },
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: pavilion COMMAND [OPTIONS] [ARGS]\n"
		"\n"
		"Plan and run trade missions and prove what they achieved.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-10s %s\n", commands[i].name,
			commands[i].summary);
	fprintf(out,
		"\n"
		"Every command takes --help.  Commands that use a database take\n"
		"--db PATH; without it $PAVILION_DB, else ./pavilion.db.\n"
		"\n"
		"Exit status: 0 success, 2 usage error, 3 invalid data,\n"
		"4 not found, 5 conflict, 6 file error, 7 database error,\n"
		"8 limit exceeded, 9 internal error.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return 0;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++) {
		if (strcmp(argv[1], commands[i].name) == 0) {
			int status = commands[i].run(argc - 1, argv + 1);

			/* ICU's caches, released so leak checks see a clean exit. */
			tz_thread_cleanup();
			fmt_thread_cleanup();
			u_cleanup();
			return status;
		}
	}
	fprintf(stderr, "pavilion: unknown command \"%s\"; see pavilion --help\n",
		argv[1]);
	return 2;
}
