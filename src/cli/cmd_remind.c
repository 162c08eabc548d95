/* cmd_remind.c: `pavilion remind`: e-mails the firms whose follow-up
 * surveys are due and unanswered, through the configured SMTP server.
 * Meant for cron: a survey is reminded again only after
 * FOLLOWUP_REMIND_EVERY_DAYS, so running it daily sends each reminder
 * once a week until the survey is answered. */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "domain/moment.h"
#include "mail/mail.h"
#include "store/store_followup.h"
#include "util/buf.h"

/* Surveys reminded per run at most; the rest wait for the next run. */
#define REMIND_BATCH 500

static const char usage[] =
	"usage: pavilion remind [--today YYYY-MM-DD] [--dry-run] [--db PATH]\n"
	"\n"
	"Sends one e-mail (Korean and English) per follow-up survey that is due\n"
	"and unanswered to the people of its firm who have an e-mail address,\n"
	"through the server of `pavilion smtp set`.  A survey is reminded again\n"
	"after 7 days at the earliest.  --today judges what is due on another\n"
	"day (default: today, UTC); --dry-run prints the messages instead.\n"
	"Prints one line per survey; exits 0 when every message went out.\n";

static const char *or_key(const char *text, const char *fallback)
{
	return text && text[0] ? text : fallback;
}

/* The reminder of d, in both languages. */
static void compose(const struct followup_due *d, struct buf *subject,
		    struct buf *body)
{
	const char *mko = or_key(d->mission_ko, or_key(d->mission_en, d->mission_slug));
	const char *men = or_key(d->mission_en, or_key(d->mission_ko, d->mission_slug));
	const char *fko = or_key(d->firm_ko, d->firm_en);
	const char *fen = or_key(d->firm_en, d->firm_ko);

	buf_printf(subject, "[Pavilion] 사후 성과조사 %" PRId64 "개월 / %" PRId64
		   "-month follow-up survey: %s", d->months, d->months, men);
	buf_printf(body,
		   "%s 담당자님께,\n\n"
		   "%s 귀국 %" PRId64 "개월 사후 성과조사의 응답 기한은 %s입니다.\n"
		   "Pavilion의 '사후 성과조사' 화면에서 실현된 수출(증빙 포함), 새 계약,\n"
		   "또는 성과 없음과 그 사유를 응답해 주십시오.\n\n"
		   "----\n\n"
		   "To %s,\n\n"
		   "The %" PRId64 "-month follow-up survey of %s was due on %s.\n"
		   "Please answer it on Pavilion's \"Follow-up surveys\" page: exports\n"
		   "realised (with evidence), new contracts, or no result and why.\n\n"
		   "survey %" PRId64 "\n",
		   fko, mko, d->months, d->due_on, fen, d->months, men, d->due_on,
		   d->survey_id);
}

/* Sends (or prints) one reminder: 0 sent, 1 failed, 2 skipped (no one
 * of the firm has an e-mail address). */
static int remind_one(struct store *store, const struct followup_smtp *cfg,
		      const struct followup_due *d, bool dry_run, int64_t now)
{
	struct mail_server server = { cfg->url, cfg->username, cfg->password,
				      cfg->starttls };
	struct mail_message m = { .from = cfg->sender };
	struct buf subject, body, to;
	struct error err = { 0 };
	int status = 0;

	buf_init(&subject, 2048);
	buf_init(&body, MAIL_BODY_MAX);
	buf_init(&to, 4096);
	compose(d, &subject, &body);
	for (size_t i = 0; i < d->n_to && m.n_to < MAIL_RECIPIENTS_MAX; i++) {
		if (mail_address_check(d->to[i], "to", NULL) != 0)
			continue;
		m.to[m.n_to++] = d->to[i];
		buf_printf(&to, "%s%s", to.len ? ", " : "", d->to[i]);
	}
	m.subject = buf_str(&subject);
	m.body = buf_str(&body);
	if (m.n_to == 0) {
		printf("survey %" PRId64 " (%s, %s): skipped, no one of the firm has"
		       " an e-mail address\n", d->survey_id, d->mission_slug,
		       or_key(d->firm_en, d->firm_ko));
		status = 2;
	} else if (dry_run) {
		char *text = mail_format(&m, (long long)now);

		printf("survey %" PRId64 ": would send to %s\n%s\n", d->survey_id,
		       buf_str(&to), text ? text : "");
		free(text);
	} else {
		status = mail_send(&server, &m, &err) ? 1 : 0;
		printf("survey %" PRId64 " (%s, %s, due %s): %s %s%s%s\n",
		       d->survey_id, d->mission_slug, or_key(d->firm_en, d->firm_ko),
		       d->due_on, status ? "NOT sent to" : "sent to", buf_str(&to),
		       status ? ": " : "", status ? err.message : "");
		if (store_followup(store)->remind_done(store, d->survey_id, now,
						       buf_str(&to), status == 0,
						       status ? err.message : NULL,
						       &err) != 0) {
			fprintf(stderr, "pavilion remind: %s\n", err.message);
			status = 1;
		}
	}
	buf_free(&subject);
	buf_free(&body);
	buf_free(&to);
	return status;
}

int cli_remind(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "today", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct followup_smtp cfg = { 0 };
	struct followup_due *due = NULL;
	struct store *store = NULL;
	struct error err = { 0 };
	const char *db = NULL, *today_arg = NULL;
	char today[11];
	bool dry_run = false;
	int64_t now = (int64_t)time(NULL);
	size_t n = 0, failed = 0, skipped = 0;
	int c, status = 0, y, mo, d;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 't': today_arg = optarg; break;
		case 'n': dry_run = true; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("remind", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("remind", "unexpected argument \"%s\"",
				       argv[optind]);
	if (today_arg) {
		if (strlen(today_arg) != 10 || date_parse(today_arg, &y, &mo, &d) != 0)
			return cli_usage_error("remind", "--today \"%s\": expected"
					       " YYYY-MM-DD", today_arg);
		memcpy(today, today_arg, 11);
	} else {
		struct tm tm;
		time_t t = (time_t)now;

		gmtime_r(&t, &tm);
		strftime(today, sizeof today, "%Y-%m-%d", &tm);
	}
	if (auth_init(&err) || cli_open_store(cli_db_path(db), 0, &store, &err))
		return cli_fail("remind", &err);
	if ((!dry_run && store_followup(store)->smtp_get(store, &cfg, &err)) ||
	    (due = calloc(REMIND_BATCH, sizeof *due)) == NULL ||
	    store_followup(store)->remind_due(store, today, now, due, REMIND_BATCH,
					      &n, &err)) {
		if (due == NULL && err.code == ERROR_NONE)
			error_set(&err, ERROR_NOMEM, "out of memory");
		status = cli_fail("remind", &err);
		goto cleanup;
	}
	if (dry_run)
		snprintf(cfg.sender, sizeof cfg.sender, "pavilion@localhost");
	curl_global_init(CURL_GLOBAL_DEFAULT);
	for (size_t i = 0; i < n; i++) {
		int r = remind_one(store, &cfg, &due[i], dry_run, now);

		failed += r == 1;
		skipped += r == 2;
	}
	curl_global_cleanup();
	printf("%zu survey%s due on %s: %zu reminded, %zu failed, %zu without an"
	       " address\n", n, n == 1 ? "" : "s", today, n - failed - skipped,
	       failed, skipped);
	if (failed) {
		error_set(&err, ERROR_IO, "%zu reminder%s not sent", failed,
			  failed == 1 ? "" : "s");
		status = cli_fail("remind", &err);
	}
cleanup:
	free(due);
	store_close(store);
	return status;
}
