/* cmd_schedule.c: `pavilion schedule solve|check|gen|event|agenda`.
 *
 * The scheduler library (src/sched/) does the work; this file reads the
 * files, prints the progress line on a terminal, and writes the JSON.
 * `event` and `agenda` work on a stored event (src/b2b/), as the API's
 * POST /api/events/{id}/schedule and GET .../agenda do.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "b2b/b2b.h"
#include "b2b/b2b_run.h"
#include "cli/cli.h"
#include "util/buf.h"
#include "sched/sched.h"
#include "sched/sched_json.h"

/* Violations printed by `check` before it only counts them. */
#define CHECK_MAX_PRINTED 1000
#define MAX_TIME_LIMIT 86400.0

static const char solve_usage[] =
	"usage: pavilion schedule solve PROBLEM.json [--time-limit S] "
	"[--seed N] [-o FILE]\n"
	"\n"
	"Schedules the requested meetings of PROBLEM.json and writes the\n"
	"solution JSON (meetings, unscheduled requests with reasons, stats\n"
	"with a proven upper bound) on standard output or to FILE.\n"
	"\n"
	"  --time-limit S  stop improving after S seconds (default 5); the\n"
	"                  solver returns sooner when it proves the schedule\n"
	"                  optimal or stops finding improvements\n"
	"  --seed N        random seed (default 1); same seed, same schedule\n"
	"                  unless the time limit cut the search\n"
	"  -o, --output FILE  write the solution to FILE\n"
	"\n"
	"See docs/scheduler.md for the formats.\n";

static const char check_usage[] =
	"usage: pavilion schedule check PROBLEM.json SOLUTION.json\n"
	"\n"
	"Checks SOLUTION.json against PROBLEM.json independently of the\n"
	"solver: every meeting requested, both sides available, no one in two\n"
	"meetings that overlap or lack the travel time, tables, caps, fixed\n"
	"meetings kept, and every figure in stats.  Exits 0 only when all\n"
	"hold; names every violation otherwise (exit status 3).\n";

static const char gen_usage[] =
	"usage: pavilion schedule gen --participants N --seed S [OPTIONS]\n"
	"\n"
	"Writes a synthetic problem: buyers wanted with skewed popularity,\n"
	"partial availability, several days and venues with travel.\n"
	"\n"
	"  --participants N   participants (buyers about 30%)\n"
	"  --requests M       request lines (default 6 per participant)\n"
	"  --days D           days (default 2)\n"
	"  --slots-per-day K  30-minute slots per day at each venue (default 8)\n"
	"  --venues V         venues running in parallel (default 2)\n"
	"  --tables T         tables per slot (default participants / (3 V))\n"
	"  --seed S           random seed (default 1)\n"
	"  -o, --output FILE  write to FILE instead of standard output\n";

/* --time-limit: seconds above 0 and at most max. */
static int parse_seconds(const char *cmd, const char *text, double max,
			 double *out)
{
	char *end;

	errno = 0;
	*out = strtod(text, &end);
	if (errno || end == text || *end || !(*out > 0) || *out > max)
		return cli_usage_error(cmd, "--time-limit must be seconds above 0 "
				       "and at most %.0f", max);
	return 0;
}

/* Parses a whole non-negative decimal number no larger than max. */
static int parse_count(const char *text, long long max, long long *out)
{
	char *end;

	errno = 0;
	long long v = strtoll(text, &end, 10);
	if (errno != 0 || end == text || *end != '\0' || v < 0 || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Writes doc to path (or standard output when path is NULL). */
static int write_json(const char *cmd, json_t *doc, const char *path)
{
	struct error err;
	size_t flags = JSON_INDENT(1) | JSON_PRESERVE_ORDER;
	struct buf out;
	char *text;
	int rc;

	if (path == NULL) {
		if (json_dumpf(doc, stdout, flags) != 0 ||
		    fputc('\n', stdout) == EOF || fflush(stdout) != 0) {
			error_set(&err, ERROR_IO, "cannot write the output");
			return cli_fail(cmd, &err);
		}
		return 0;
	}
	text = json_dumps(doc, flags);
	if (text == NULL) {
		error_set(&err, ERROR_NOMEM, "%s: out of memory", path);
		return cli_fail(cmd, &err);
	}
	out = (struct buf){ .data = text, .len = strlen(text) };
	rc = cli_write_output(cmd, path, &out);
	free(text);
	return rc;
}

/* The quality figure in one line: "optimal" when the weight meets the
 * proven bound, else the share of the bound, with what the bound means. */
static void print_quality(FILE *f, const char *cmd, int64_t weight,
			  int64_t bound, bool optimal, const char *method)
{
	const char *how = method && strcmp(method, "lp_relaxation") == 0
				  ? "the LP relaxation"
				  : "the b-matching relaxation";

	if (optimal)
		fprintf(f, "%s: weight %" PRId64 ", optimal: it equals the "
			"upper bound proven by %s, so no schedule weighs more\n",
			cmd, weight, how);
	else
		fprintf(f, "%s: weight %" PRId64 " of upper bound %" PRId64
			" (%.1f%%): no schedule weighs more than the bound (proven "
			"by %s), but the best one may weigh less, so the share "
			"can only understate this schedule\n", cmd, weight, bound,
			bound > 0 ? 100.0 * (double)weight / (double)bound : 100.0,
			how);
}

static void show_progress(void *ctx, const struct sched_progress *pr)
{
	(void)ctx;
	if (pr->idle_gaps >= 0)
		fprintf(stderr,
			"\r%6.2f s  [%s] weight %" PRId64 " of bound %" PRId64
			", idle gaps %" PRId64 "   ",
			pr->seconds, pr->phase, pr->weight_best,
			pr->upper_bound, pr->idle_gaps);
	else
		fprintf(stderr,
			"\r%6.2f s  [%s] weight %" PRId64 " of bound %" PRId64
			"                  ",
			pr->seconds, pr->phase, pr->weight_best,
			pr->upper_bound);
	fflush(stderr);
}

static int cmd_solve(int argc, char **argv)
{
	static const struct option options[] = {
		{ "time-limit", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = "schedule solve", *output = NULL;
	struct sched_options opt = { .time_limit = SCHED_DEFAULT_TIME_LIMIT,
				     .seed = 1 };
	struct error err;
	int c;
	long long n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		switch (c) {
		case 't':
			if (parse_seconds(cmd, optarg, MAX_TIME_LIMIT,
					  &opt.time_limit) != 0)
				return error_exit_status(ERROR_USAGE);
			break;
		case 's':
			if (parse_count(optarg, LLONG_MAX, &n) != 0)
				return cli_usage_error(
					cmd, "--seed must be a whole number");
			opt.seed = (uint64_t)n;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			fputs(solve_usage, stdout);
			return 0;
		default:
			return cli_usage_error(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, "expected one PROBLEM.json");

	struct sched_problem *p = NULL;
	struct sched_solution *sol = NULL;
	json_t *doc = NULL;
	int rc = sched_json_read_problem(argv[optind], &p, &err);
	if (rc != 0)
		return cli_fail(cmd, &err);
	if (isatty(STDERR_FILENO))
		opt.progress = show_progress;
	rc = sched_solve(p, &opt, &sol, &err);
	if (opt.progress)
		fputc('\n', stderr);
	if (rc != 0) {
		rc = cli_fail(cmd, &err);
		goto cleanup;
	}
	doc = sched_json_solution(p, sol);
	if (doc == NULL) {
		error_set(&err, ERROR_NOMEM, "out of memory writing JSON");
		rc = cli_fail(cmd, &err);
		goto cleanup;
	}
	rc = write_json(cmd, doc, output);
	if (rc == 0)
		print_quality(stderr, cmd, sol->stats.weight_scheduled,
			      sol->stats.upper_bound, sol->stats.optimal,
			      sched_bound_method_name(sol->stats.bound_method));
cleanup:
	json_decref(doc);
	sched_solution_free(sol);
	sched_problem_free(p);
	return rc;
}

struct check_report {
	const char *file;
	int printed;
};

static void print_violation(void *ctx, const char *message)
{
	struct check_report *r = ctx;

	if (r->printed++ < CHECK_MAX_PRINTED)
		fprintf(stderr, "%s: %s\n", r->file, message);
}

static int cmd_check(int argc, char **argv)
{
	static const struct option options[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = "schedule check";
	struct error err;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		if (c == 'h') {
			fputs(check_usage, stdout);
			return 0;
		}
		return cli_usage_error(cmd, "unknown option");
	}
	if (argc - optind != 2)
		return cli_usage_error(cmd,
				       "expected PROBLEM.json SOLUTION.json");

	struct sched_problem *p = NULL;
	struct sched_json_claim claim;
	int rc = sched_json_read_problem(argv[optind], &p, &err);
	if (rc != 0)
		return cli_fail(cmd, &err);
	rc = sched_json_read_claim(argv[optind + 1], &claim, &err);
	if (rc != 0) {
		sched_json_claim_free(&claim);
		sched_problem_free(p);
		return cli_fail(cmd, &err);
	}
	struct check_report report = { .file = argv[optind + 1] };
	int violations = sched_check(p, &claim.claim, print_violation,
				     &report);
	if (violations > CHECK_MAX_PRINTED)
		fprintf(stderr, "%s: ... and %d more\n", argv[optind + 1],
			violations - CHECK_MAX_PRINTED);
	if (violations > 0) {
		fprintf(stderr, "%s: %d violation%s\n", argv[optind + 1],
			violations, violations == 1 ? "" : "s");
		rc = error_exit_status(ERROR_INVALID);
	} else {
		const struct sched_stats *s = &claim.claim.stats;
		printf("ok: feasible; %" PRId64 " of %" PRId64
		       " requests met, weight %" PRId64 " of %" PRId64
		       " (upper bound %" PRId64 "%s), %" PRId64 " idle gaps\n",
		       s->scheduled, s->requests, s->weight_scheduled,
		       s->weight_total, s->upper_bound,
		       s->upper_bound == s->weight_scheduled ? ": optimal" : "",
		       s->idle_gaps);
	}
	sched_json_claim_free(&claim);
	sched_problem_free(p);
	return rc;
}

static int cmd_gen(int argc, char **argv)
{
	static const struct option options[] = {
		{ "participants", required_argument, NULL, 'n' },
		{ "requests", required_argument, NULL, 'm' },
		{ "days", required_argument, NULL, 'd' },
		{ "slots-per-day", required_argument, NULL, 'k' },
		{ "venues", required_argument, NULL, 'v' },
		{ "tables", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = "schedule gen", *output = NULL;
	struct sched_gen_options o = { .days = 2, .slots_per_day = 8,
				       .venues = 2, .seed = 1 };
	struct error err;
	int c;
	long long n;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		int *field = NULL;
		const char *name = NULL;
		switch (c) {
		case 'n': field = &o.participants; name = "--participants"; break;
		case 'm': field = &o.requests; name = "--requests"; break;
		case 'd': field = &o.days; name = "--days"; break;
		case 'k': field = &o.slots_per_day; name = "--slots-per-day"; break;
		case 'v': field = &o.venues; name = "--venues"; break;
		case 't': field = &o.tables; name = "--tables"; break;
		case 's':
			if (parse_count(optarg, LLONG_MAX, &n) != 0)
				return cli_usage_error(
					cmd, "--seed must be a whole number");
			o.seed = (uint64_t)n;
			continue;
		case 'o':
			output = optarg;
			continue;
		case 'h':
			fputs(gen_usage, stdout);
			return 0;
		default:
			return cli_usage_error(cmd, "unknown option");
		}
		if (parse_count(optarg, INT_MAX, &n) != 0 || n == 0)
			return cli_usage_error(cmd, "%s must be a positive "
					       "whole number", name);
		*field = (int)n;
	}
	if (optind != argc)
		return cli_usage_error(cmd, "unexpected argument \"%s\"",
				       argv[optind]);
	if (o.participants == 0)
		return cli_usage_error(cmd, "--participants is required");

	struct sched_problem *p = NULL;
	int rc = sched_generate(&o, &p, &err);
	if (rc != 0)
		return rc == ERROR_USAGE ? cli_usage_error(cmd, "%s",
							   err.message)
					 : cli_fail(cmd, &err);
	json_t *doc = sched_json_problem(p);
	if (doc == NULL) {
		sched_problem_free(p);
		error_set(&err, ERROR_NOMEM, "out of memory writing JSON");
		return cli_fail(cmd, &err);
	}
	rc = write_json(cmd, doc, output);
	json_decref(doc);
	sched_problem_free(p);
	return rc;
}

static const char event_usage[] =
	"usage: pavilion schedule event EVENT [--time-limit S] [--seed N]\n"
	"                               [-o FILE] [--db PATH]\n"
	"\n"
	"Schedules the B2B meetings of a stored event (an id or MISSION/KEY)\n"
	"from its slots, participants and meeting requests, keeps its\n"
	"confirmed meetings where they are, replaces the others, and writes\n"
	"the run's figures and the requests left out as JSON\n"
	"(docs/meetings.md).  --time-limit defaults to 2 seconds.\n";

static const char agenda_usage[] =
	"usage: pavilion schedule agenda EVENT [--org ID] [-o FILE] [--db PATH]\n"
	"\n"
	"The stored meetings of an event in time order, all or one\n"
	"organisation's, as JSON (the API's GET /api/events/{id}/agenda).\n";

static const struct store_actor cli_actor = { 0, "cli", 0 };

/* The id of a stored event named by id or MISSION/KEY. */
static int field_id(const char *name, const char *value, void *ctx)
{
	if (strcmp(name, "id") == 0)
		parse_count(value, LLONG_MAX, ctx);
	return 0;
}

static int event_id(struct store *s, const char *name, int64_t *id,
		    struct error *err)
{
	long long n = 0;
	int status = store_record(s, STORE_EVENTS, name, field_id, &n, err);

	*id = n;
	return status;
}

static int cmd_event(int argc, char **argv, bool agenda)
{
	static const struct option options[] = {
		{ "time-limit", required_argument, NULL, 't' },
		{ "seed", required_argument, NULL, 's' },
		{ "org", required_argument, NULL, 'g' },
		{ "output", required_argument, NULL, 'o' },
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *cmd = agenda ? "schedule agenda" : "schedule event";
	const char *output = NULL, *db = NULL;
	struct sched_options opt = { .time_limit = 2.0, .seed = 1 };
	struct store *store = NULL;
	struct error err = { 0 };
	json_t *doc = NULL;
	int64_t id;
	long long n, org = 0;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "o:h", options, NULL)) != -1) {
		if ((c == 't' || c == 's') && agenda)
			return cli_usage_error(cmd, "--time-limit and --seed go "
					       "with schedule event");
		if (c == 'g' && !agenda)
			return cli_usage_error(cmd, "--org goes with schedule agenda");
		switch (c) {
		case 't':
			if (parse_seconds(cmd, optarg, B2B_MAX_TIME_LIMIT,
					  &opt.time_limit) != 0)
				return error_exit_status(ERROR_USAGE);
			break;
		case 's':
			if (parse_count(optarg, LLONG_MAX, &n) != 0)
				return cli_usage_error(cmd, "--seed must be a whole number");
			opt.seed = (uint64_t)n;
			break;
		case 'g':
			if (parse_count(optarg, LLONG_MAX, &org) != 0 ||
			    org < 1)
				return cli_usage_error(cmd, "--org must be an "
						       "organisation id");
			break;
		case 'o': output = optarg; break;
		case 'd': db = optarg; break;
		case 'h':
			fputs(agenda ? agenda_usage : event_usage, stdout);
			return 0;
		default:
			return cli_usage_error(cmd, "unknown option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error(cmd, "expected one EVENT (id or MISSION/KEY)");
	if (cli_open_store(cli_db_path(db), 0, &store, &err) ||
	    event_id(store, argv[optind], &id, &err)) {
		rc = cli_fail(cmd, &err);
		goto cleanup;
	}
	if (agenda)
		rc = store_http(store)->b2b_agenda(store, id, org, &doc, &err);
	else
		rc = b2b_run(store, id, &opt, &cli_actor, NULL, &doc, &err);
	rc = rc ? cli_fail(cmd, &err) : write_json(cmd, doc, output);
	if (rc == 0 && !agenda) {
		json_t *st = json_object_get(doc, "stats");
		print_quality(stderr, cmd,
			      json_integer_value(json_object_get(st, "weight_scheduled")),
			      json_integer_value(json_object_get(st, "upper_bound")),
			      json_is_true(json_object_get(st, "optimal")),
			      json_string_value(json_object_get(st, "bound_method")));
	}
cleanup:
	json_decref(doc);
	store_close(store);
	return rc;
}

static const char schedule_usage[] =
	"usage: pavilion schedule solve|check|gen|event|agenda [OPTIONS] ...\n"
	"\n"
	"B2B meeting schedules with a proven upper bound.\n"
	"\n"
	"  solve PROBLEM.json   schedule the requests (see solve --help)\n"
	"  check PROBLEM.json SOLUTION.json\n"
	"                       verify a schedule independently\n"
	"  gen --participants N --seed S\n"
	"                       write a synthetic problem\n"
	"  event EVENT          schedule a stored event's B2B meetings\n"
	"  agenda EVENT         a stored event's meetings\n";

int cli_schedule(int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error("schedule",
				       "expected solve, check, gen, event or agenda");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(schedule_usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "solve") == 0)
		return cmd_solve(argc - 1, argv + 1);
	if (strcmp(argv[1], "check") == 0)
		return cmd_check(argc - 1, argv + 1);
	if (strcmp(argv[1], "gen") == 0)
		return cmd_gen(argc - 1, argv + 1);
	if (strcmp(argv[1], "event") == 0)
		return cmd_event(argc - 1, argv + 1, false);
	if (strcmp(argv[1], "agenda") == 0)
		return cmd_event(argc - 1, argv + 1, true);
	return cli_usage_error("schedule", "unknown subcommand \"%s\"",
			       argv[1]);
}
