/* cmd_serve.c: `pavilion serve`: the HTTP JSON API (src/api). */
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "cli/cli.h"
#include "store/store_followup.h"
#include "store/store_pool.h"
#include "web/web.h"

static const char usage[] =
	"usage: pavilion serve [--listen HOST:PORT] [--db PATH] [--body-max BYTES]\n"
	"                      [--behind-tls] [--evidence-max BYTES]\n"
	"\n"
	"Serves the HTTP JSON API (see docs/api.md) until SIGTERM or SIGINT,\n"
	"then stops accepting, finishes the requests in flight and exits.\n"
	"--listen defaults to 127.0.0.1:8080; port 0 lets the system choose.\n"
	"The first line on standard output is \"listening on http://HOST:PORT\".\n"
	"--body-max caps request bodies (default 65536 bytes); --evidence-max\n"
	"caps evidence files (default 4194304 bytes, at most 8388608).\n"
	"--behind-tls: a reverse proxy on this host serves HTTPS and forwards\n"
	"here; the session cookie gets Secure, and the failed-login brake counts\n"
	"the last X-Forwarded-For address (which the proxy sets) as the\n"
	"client's.  Listen on 127.0.0.1 only then (docs/api.md).\n";

int cli_serve(int argc, char **argv)
{
	static const struct option options[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "db", required_argument, NULL, 'd' },
		{ "body-max", required_argument, NULL, 'b' },
		{ "behind-tls", no_argument, NULL, 't' },
		{ "evidence-max", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct http_server_config cfg = {
		.listen = "127.0.0.1:8080", .body_max = HTTP_BODY_MAX_DEFAULT,
		.dispatch = web_dispatch, .release = api_release,
		.body_max_for = api_body_max_for,
	};
	struct api_ctx ctx = { .evidence_max = FOLLOWUP_EVIDENCE_MAX_DEFAULT };
	struct http_server *server = NULL;
	struct error err = { 0 };
	const char *db = NULL;
	sigset_t signals;
	unsigned port = 0;
	int c, sig, status = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
		switch (c) {
		case 'l': cfg.listen = optarg; break;
		case 'd': db = optarg; break;
		case 'b': {
			char *end;
			unsigned long long n = strtoull(optarg, &end, 10);

			if (*end != '\0' || n < 1024 || n > HTTP_BODY_MAX_CEILING)
				return cli_usage_error("serve",
					"--body-max: expected 1024 to %zu",
					(size_t)HTTP_BODY_MAX_CEILING);
			cfg.body_max = (size_t)n;
			break;
		}
		case 't': ctx.behind_tls = true; break;
		case 'e': {
			char *end;
			unsigned long long n = strtoull(optarg, &end, 10);

			if (*end != '\0' || n < 1024 || n > FOLLOWUP_EVIDENCE_MAX_CEILING)
				return cli_usage_error("serve",
					"--evidence-max: expected 1024 to %zu",
					(size_t)FOLLOWUP_EVIDENCE_MAX_CEILING);
			ctx.evidence_max = (size_t)n;
			break;
		}
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage_error("serve", "bad option");
		}
	}
	if (optind != argc)
		return cli_usage_error("serve", "unexpected argument \"%s\"",
				       argv[optind]);
	/* Signals are taken by sigwait below, never by a worker thread. */
	sigemptyset(&signals);
	sigaddset(&signals, SIGTERM);
	sigaddset(&signals, SIGINT);
	sigaddset(&signals, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &signals, NULL);
	if (auth_init(&err) ||
	    store_pool_open(cli_db_path(db), HTTP_THREADS, &ctx.pool, &err))
		return cli_fail("serve", &err);
	ctx.openapi = api_openapi_build(&ctx.openapi_len);
	cfg.ctx = &ctx;
	if (ctx.openapi == NULL) {
		error_set(&err, ERROR_NOMEM, "cannot build the OpenAPI document");
		status = cli_fail("serve", &err);
		goto done;
	}
	if (http_server_start(&cfg, &server, &port, &err)) {
		status = cli_fail("serve", &err);
		goto done;
	}
	{
		const char *colon = strrchr(cfg.listen, ':');

		printf("listening on http://%.*s:%u\n", (int)(colon - cfg.listen),
		       cfg.listen, port);
		fflush(stdout);
	}
	sigdelset(&signals, SIGPIPE);
	sigwait(&signals, &sig);
	fprintf(stderr, "pavilion serve: %s, finishing requests in flight\n",
		sig == SIGTERM ? "SIGTERM" : "SIGINT");
	http_server_stop(server, 10);
done:
	api_cache_clear();
	free(ctx.openapi);
	store_pool_close(ctx.pool);
	return status;
}
