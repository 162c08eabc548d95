/* cmd_smtp.c: `pavilion smtp set|show|test`: the SMTP server reminders go
 * through, kept in the database (smtp_config). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "auth/auth.h"
#include "cli/cli.h"
#include "mail/mail.h"
#include "store/store_followup.h"

static const char usage[] =
	"usage: pavilion smtp set --url smtp://HOST:PORT --from ADDRESS\n"
	"                         [--user NAME --password-stdin] [--starttls] [--db PATH]\n"
	"       pavilion smtp show [--db PATH]\n"
	"       pavilion smtp test --to ADDRESS [--db PATH]\n"
	"\n"
	"Sets the SMTP server `pavilion remind` sends reminders through\n"
	"(smtp:// or smtps://), shows it (never the password), or sends a test\n"
	"message.  The password is read from the first line of standard input\n"
	"and kept in the database, which must be protected like the server.\n";

/* Checks the URL's scheme and that it names a host. */
static int url_check(const char *url, struct error *err)
{
	if ((strncmp(url, "smtp://", 7) != 0 && strncmp(url, "smtps://", 8) != 0) ||
	    strlen(url) >= sizeof ((struct followup_smtp *)0)->url ||
	    url[strcspn(url, ":") + 3] == '\0' || strpbrk(url, " \t\r\n") != NULL)
		return error_set(err, ERROR_USAGE, "--url \"%s\": expected"
				 " smtp://HOST:PORT or smtps://HOST:PORT", url);
	return 0;
}

static int read_line(char *out, size_t size, struct error *err)
{
	size_t n;

	if (fgets(out, (int)size, stdin) == NULL)
		return error_set(err, ERROR_USAGE, "--password-stdin: nothing on"
				 " standard input");
	n = strcspn(out, "\r\n");
	if (out[n] == '\0' && n == size - 1)
		return error_set(err, ERROR_USAGE, "--password-stdin: longer than %zu"
				 " bytes", size - 2);
	out[n] = '\0';
	return 0;
}

static int smtp_test(struct store *store, const char *to, struct error *err)
{
	struct followup_smtp cfg;
	struct mail_server server;
	struct mail_message m = {
		.subject = "Pavilion SMTP 시험 / test",
		.body = "Pavilion이 이 서버로 알림을 보낼 수 있습니다.\n"
			"Pavilion can send reminders through this server.\n",
	};
	int status;

	if ((status = store_followup(store)->smtp_get(store, &cfg, err)))
		return status;
	server = (struct mail_server){ cfg.url, cfg.username, cfg.password,
				       cfg.starttls };
	m.from = cfg.sender;
	m.to[m.n_to++] = to;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	status = mail_send(&server, &m, err);
	curl_global_cleanup();
	return status;
}

int cli_smtp(int argc, char **argv)
{
	static const struct option options[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "url", required_argument, NULL, 'u' },
		{ "from", required_argument, NULL, 'f' },
		{ "user", required_argument, NULL, 'n' },
		{ "password-stdin", no_argument, NULL, 'p' },
		{ "starttls", no_argument, NULL, 's' },
		{ "to", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct followup_smtp cfg = { 0 };
	struct store_actor who = { .username = "cli" };
	struct store *store = NULL;
	struct error err = { 0 };
	const char *db = NULL, *url = NULL, *from = NULL, *user = NULL, *to = NULL;
	const char *verb;
	bool password = false;
	int c, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'u': url = optarg; break;
		case 'f': from = optarg; break;
		case 'n': user = optarg; break;
		case 'p': password = true; break;
		case 's': cfg.starttls = true; break;
		case 't': to = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("smtp", "bad option");
		}
	}
	if (argc - optind != 1)
		return cli_usage_error("smtp", "expected: set, show or test");
	verb = argv[optind];
	if (strcmp(verb, "set") == 0) {
		if (url == NULL || from == NULL)
			return cli_usage_error("smtp", "set needs --url and --from");
		if ((user != NULL) != password)
			return cli_usage_error("smtp", "--user and --password-stdin go"
					       " together");
		if (url_check(url, &err) ||
		    mail_address_check(from, "--from", &err) ||
		    (user && strlen(user) >= sizeof cfg.username &&
		     error_set(&err, ERROR_USAGE, "--user: too long")) ||
		    (password && read_line(cfg.password, sizeof cfg.password, &err)))
			return cli_fail("smtp", &err);
		snprintf(cfg.url, sizeof cfg.url, "%s", url);
		snprintf(cfg.sender, sizeof cfg.sender, "%s", from);
		snprintf(cfg.username, sizeof cfg.username, "%s", user ? user : "");
	} else if (strcmp(verb, "test") == 0) {
		if (to == NULL)
			return cli_usage_error("smtp", "test needs --to ADDRESS");
		if (mail_address_check(to, "--to", &err))
			return cli_fail("smtp", &err);
	} else if (strcmp(verb, "show") != 0) {
		return cli_usage_error("smtp", "unknown action \"%s\"", verb);
	}
	if (auth_init(&err) || cli_open_store(cli_db_path(db), 0, &store, &err))
		return cli_fail("smtp", &err);
	if (strcmp(verb, "set") == 0) {
		if (store_followup(store)->smtp_set(store, &cfg, &who, &err))
			status = cli_fail("smtp", &err);
		else
			printf("SMTP server: %s from %s%s\n", cfg.url, cfg.sender,
			       cfg.starttls ? " (STARTTLS)" : "");
	} else if (strcmp(verb, "show") == 0) {
		if (store_followup(store)->smtp_get(store, &cfg, &err))
			status = cli_fail("smtp", &err);
		else
			printf("url: %s\nfrom: %s\nuser: %s\npassword: %s\nstarttls: %s\n",
			       cfg.url, cfg.sender, cfg.username[0] ? cfg.username : "-",
			       cfg.password[0] ? "(set)" : "-",
			       cfg.starttls ? "yes" : "no");
	} else if (smtp_test(store, to, &err)) {
		status = cli_fail("smtp", &err);
	} else {
		printf("sent a test message to %s\n", to);
	}
	store_close(store);
	return status;
}
