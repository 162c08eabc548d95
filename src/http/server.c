/* server.c: the libmicrohttpd daemon and the life of one request.
 *
 * libmicrohttpd calls the access handler several times per request: once
 * with the headers, once per body chunk, once at the end.  The first call
 * creates the request (its arena and body buffer), the chunks are
 * appended up to the body limit (the rest is drained and dropped: no reply
 * may be queued while upload data is pending), and the last call runs the
 * API's dispatch and queues the reply.  NOTIFY_COMPLETED frees it all.
 *
 * Deadlines: libmicrohttpd's own timeout closes a connection that sends
 * nothing for HTTP_TIMEOUT_SECONDS, but a client dripping one header line
 * every few seconds never trips it.  So every connection also carries a
 * deadline: its whole request (headers and body) must have arrived within
 * HTTP_REQUEST_SECONDS of the connection's start or of the end of its
 * previous reply.  A watchdog thread shuts down the socket of a connection
 * past its deadline; libmicrohttpd then sees the end of the stream and
 * closes it.  The deadline is lifted while a request is being answered.
 * Connections are tracked from NOTIFY_CONNECTION's start to its close
 * notice, which comes before libmicrohttpd closes the descriptor, so the
 * watchdog (holding the same lock) never touches a reused descriptor.
 *
 * Shutdown: MHD_quiesce_daemon stops accepting, then we wait until no
 * request is in flight (or the grace time passed) before stopping, so a
 * write the client saw acknowledged was committed before the exit.
 */
#include <errno.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "http/http.h"
#include "util/arena.h"

/* One TCP connection and the time by which its request must be in. */
struct http_conn {
	struct http_conn *prev, *next;
	MHD_socket fd;
	int64_t deadline_ms;            /* monotonic; 0 while answering */
};

struct http_server {
	struct MHD_Daemon *daemon;
	struct http_server_config cfg;
	pthread_mutex_t lock;           /* in_flight, conns, stopping */
	pthread_cond_t wake;
	pthread_t watchdog;
	bool watchdog_running;
	bool stopping;
	int in_flight;
	struct http_conn *conns;
	MHD_socket listen_fd;
};

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sets the deadline of connection c: 0 lifts it. */
static void conn_deadline(struct http_server *s, struct MHD_Connection *c,
			  int64_t deadline_ms)
{
	const union MHD_ConnectionInfo *info =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	struct http_conn *hc = info ? info->socket_context : NULL;

	if (hc == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	hc->deadline_ms = deadline_ms;
	pthread_mutex_unlock(&s->lock);
}

static void on_connection(void *cls, struct MHD_Connection *c,
			  void **socket_context,
			  enum MHD_ConnectionNotificationCode toe)
{
	struct http_server *s = cls;
	struct http_conn *hc = *socket_context;

	if (toe == MHD_CONNECTION_NOTIFY_STARTED) {
		const union MHD_ConnectionInfo *info =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);

		hc = calloc(1, sizeof *hc);
		if (hc == NULL || info == NULL) {
			/* Untracked, it still has libmicrohttpd's idle timeout. */
			free(hc);
			return;
		}
		hc->fd = info->connect_fd;
		hc->deadline_ms = now_ms() + HTTP_REQUEST_SECONDS * 1000;
		pthread_mutex_lock(&s->lock);
		hc->next = s->conns;
		if (s->conns != NULL)
			s->conns->prev = hc;
		s->conns = hc;
		pthread_mutex_unlock(&s->lock);
		*socket_context = hc;
		return;
	}
	if (hc == NULL)
		return;
	pthread_mutex_lock(&s->lock);
	if (hc->prev != NULL)
		hc->prev->next = hc->next;
	else
		s->conns = hc->next;
	if (hc->next != NULL)
		hc->next->prev = hc->prev;
	pthread_mutex_unlock(&s->lock);
	free(hc);
	*socket_context = NULL;
}

/* Once a second: shuts down the sockets of connections past their
 * deadline (once each; libmicrohttpd closes them). */
static void *watchdog_main(void *arg)
{
	struct http_server *s = arg;

	pthread_mutex_lock(&s->lock);
	while (!s->stopping) {
		struct timespec until;
		int64_t now = now_ms();

		for (struct http_conn *hc = s->conns; hc != NULL; hc = hc->next)
			if (hc->deadline_ms != 0 && hc->deadline_ms <= now) {
				shutdown(hc->fd, SHUT_RDWR);
				hc->deadline_ms = 0;
			}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += 1;
		pthread_cond_timedwait(&s->wake, &s->lock, &until);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

/* Raises the soft limit on open files to what the connection limit needs;
 * returns the connection limit the hard limit allows. */
static unsigned connection_limit(void)
{
	struct rlimit rl;
	rlim_t want = (rlim_t)HTTP_CONNECTIONS_MAX + HTTP_FILES_SPARE;

	if (getrlimit(RLIMIT_NOFILE, &rl) != 0)
		return HTTP_CONNECTIONS_MAX;
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want) {
		rl.rlim_cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max > want ?
			want : rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) != 0 && getrlimit(RLIMIT_NOFILE, &rl) != 0)
			return HTTP_CONNECTIONS_MAX;
	}
	if (rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < want)
		return rl.rlim_cur > 2 * HTTP_FILES_SPARE ?
			(unsigned)(rl.rlim_cur - HTTP_FILES_SPARE) : HTTP_FILES_SPARE;
	return HTTP_CONNECTIONS_MAX;
}

static enum http_method method_of(const char *m)
{
	static const struct { const char *name; enum http_method m; } table[] = {
		{ "GET", HTTP_GET }, { "POST", HTTP_POST }, { "PATCH", HTTP_PATCH },
		{ "DELETE", HTTP_DELETE }, { "PUT", HTTP_PUT }, { "HEAD", HTTP_HEAD },
	};

	for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].name, m) == 0)
			return table[i].m;
	return HTTP_OTHER;
}

static struct http_request *request_new(struct http_server *s,
					struct MHD_Connection *c,
					const char *url, const char *method)
{
	struct http_request *rq = calloc(1, sizeof *rq);

	if (rq == NULL)
		return NULL;
	rq->arena = arena_new(HTTP_ARENA_MAX);
	if (rq->arena == NULL) {
		free(rq);
		return NULL;
	}
	rq->connection = c;
	rq->method = method_of(method);
	rq->method_name = arena_strdup(rq->arena, method);
	rq->path = arena_strdup(rq->arena, url);
	rq->body_max = s->cfg.body_max;
	if (s->cfg.body_max_for) {
		size_t max = s->cfg.body_max_for(rq, s->cfg.ctx);

		if (max > 0)
			rq->body_max = max;
	}
	buf_init(&rq->body, rq->body_max);
	buf_init(&rq->reply, HTTP_REPLY_MAX);
	pthread_mutex_lock(&s->lock);
	s->in_flight++;
	pthread_mutex_unlock(&s->lock);
	return rq;
}

static void request_free(struct http_server *s, struct http_request *rq)
{
	if (s->cfg.release)
		s->cfg.release(rq, s->cfg.ctx);
	buf_free(&rq->body);
	buf_free(&rq->reply);
	arena_free(rq->arena);
	free(rq);
	pthread_mutex_lock(&s->lock);
	s->in_flight--;
	pthread_mutex_unlock(&s->lock);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	if (*con_cls != NULL)
		request_free(cls, *con_cls);
	*con_cls = NULL;
	conn_deadline(cls, c, now_ms() + HTTP_REQUEST_SECONDS * 1000);
}

static enum MHD_Result send_reply(struct http_request *rq)
{
	struct MHD_Response *r;
	enum MHD_Result ok;

	r = MHD_create_response_from_buffer(rq->reply.len,
					    rq->reply.data ? rq->reply.data : "",
					    MHD_RESPMEM_MUST_COPY);
	if (r == NULL)
		return MHD_NO;
	if (rq->content_type)
		MHD_add_response_header(r, "Content-Type", rq->content_type);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	for (size_t i = 0; i < rq->n_headers; i++)
		MHD_add_response_header(r, rq->headers[i].name, rq->headers[i].value);
	ok = MHD_queue_response(rq->connection, rq->status ? rq->status : 500, r);
	MHD_destroy_response(r);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c,
				  const char *url, const char *method,
				  const char *version, const char *upload,
				  size_t *upload_size, void **con_cls)
{
	struct http_server *s = cls;
	struct http_request *rq = *con_cls;

	(void)version;
	if (rq == NULL) {
		rq = request_new(s, c, url, method);
		if (rq == NULL)
			return MHD_NO;
		*con_cls = rq;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!rq->body_too_large) {
			buf_add(&rq->body, upload, *upload_size);
			rq->body_too_large = rq->body.failed;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	if (rq->started)
		return MHD_YES;
	rq->started = true;
	conn_deadline(s, c, 0);
	if (rq->body_too_large)
		http_problem(rq, PROBLEM_TOO_LARGE, "",
			     "the body exceeds %zu bytes", rq->body_max);
	else if (!arena_failed(rq->arena) &&
		 (s->cfg.dispatch(rq, s->cfg.ctx) != 0 || rq->status == 0))
		http_problem(rq, PROBLEM_INTERNAL, NULL, "no reply was made");
	/* A reply whose headers could not all be kept is not sent. */
	if (arena_failed(rq->arena)) {
		rq->n_headers = 0;
		http_problem(rq, PROBLEM_UNAVAILABLE, NULL,
			     "out of memory: the request needs more than %zu bytes",
			     (size_t)HTTP_ARENA_MAX);
	}
	return send_reply(rq);
}

static int parse_listen(const char *listen, struct sockaddr_storage *sa,
			socklen_t *len, struct error *err)
{
	char host[256];
	const char *colon = strrchr(listen, ':');
	struct addrinfo hints = { 0 }, *ai;
	size_t hl;

	if (colon == NULL || (hl = (size_t)(colon - listen)) == 0 ||
	    hl >= sizeof host)
		return error_set(err, ERROR_USAGE,
				 "--listen \"%s\": expected HOST:PORT", listen);
	memcpy(host, listen, hl);
	host[hl] = '\0';
	if (host[0] == '[' && hl > 2 && host[hl - 1] == ']') {
		memmove(host, host + 1, hl - 2);
		host[hl - 2] = '\0';
	}
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
	if (getaddrinfo(host, colon + 1, &hints, &ai) != 0 || ai == NULL)
		return error_set(err, ERROR_USAGE,
				 "--listen \"%s\": not an address and port", listen);
	memcpy(sa, ai->ai_addr, ai->ai_addrlen);
	*len = ai->ai_addrlen;
	freeaddrinfo(ai);
	return 0;
}

int http_server_start(const struct http_server_config *cfg,
		      struct http_server **out, unsigned *port,
		      struct error *err)
{
	struct sockaddr_storage sa;
	socklen_t sa_len;
	struct http_server *s;
	const union MHD_DaemonInfo *info;
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ITC |
		MHD_USE_ERROR_LOG;

	if (parse_listen(cfg->listen, &sa, &sa_len, err))
		return ERROR_USAGE;
	if (sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	s = calloc(1, sizeof *s);
	if (s == NULL)
		return error_set(err, ERROR_NOMEM, "out of memory");
	s->cfg = *cfg;
	if (s->cfg.body_max == 0)
		s->cfg.body_max = HTTP_BODY_MAX_DEFAULT;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->wake, NULL);
	s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, (unsigned)HTTP_THREADS,
		MHD_OPTION_CONNECTION_LIMIT, connection_limit(),
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)HTTP_PER_IP_MAX,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)HTTP_CONNECTION_MEMORY,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)HTTP_TIMEOUT_SECONDS,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)512,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, on_connection, s,
		MHD_OPTION_END);
	if (s->daemon == NULL) {
		pthread_cond_destroy(&s->wake);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return error_set(err, ERROR_IO, "cannot listen on %s: %s",
				 cfg->listen, strerror(errno ? errno : EADDRINUSE));
	}
	s->watchdog_running = pthread_create(&s->watchdog, NULL, watchdog_main, s) == 0;
	if (!s->watchdog_running) {
		http_server_stop(s, 0);
		return error_set(err, ERROR_NOMEM, "cannot start the connection watchdog");
	}
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	*port = info ? info->port : 0;
	*out = s;
	return 0;
}

void http_server_stop(struct http_server *s, int grace_seconds)
{
	MHD_socket fd;
	struct timespec pause = { 0, 20 * 1000 * 1000 };

	if (s == NULL)
		return;
	fd = MHD_quiesce_daemon(s->daemon);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	for (int i = 0; i < grace_seconds * 50; i++) {
		int n;

		pthread_mutex_lock(&s->lock);
		n = s->in_flight;
		pthread_mutex_unlock(&s->lock);
		if (n == 0)
			break;
		nanosleep(&pause, NULL);
	}
	if (s->watchdog_running) {
		pthread_mutex_lock(&s->lock);
		s->stopping = true;
		pthread_cond_signal(&s->wake);
		pthread_mutex_unlock(&s->lock);
		pthread_join(s->watchdog, NULL);
	}
	MHD_stop_daemon(s->daemon);
	pthread_cond_destroy(&s->wake);
	pthread_mutex_destroy(&s->lock);
	free(s);
}
