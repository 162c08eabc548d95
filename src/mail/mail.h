/* mail.h: sending e-mail through an SMTP server (libcurl's SMTP client).
 *
 * One message, plain text in UTF-8, to a few recipients.  The subject is
 * encoded per RFC 2047 and the body in base64, so Korean arrives intact
 * through any server.
 */
#ifndef PAVILION_MAIL_MAIL_H
#define PAVILION_MAIL_MAIL_H

#include <stddef.h>

#include "util/error.h"

#define MAIL_RECIPIENTS_MAX 16
#define MAIL_BODY_MAX ((size_t)64 * 1024)
#define MAIL_TIMEOUT_SECONDS 30

struct mail_server {
	const char *url;        /* smtp://host:port or smtps://host:port */
	const char *username;   /* NULL or "": no login */
	const char *password;
	int starttls;           /* require STARTTLS on smtp:// */
};

struct mail_message {
	const char *from;
	const char *to[MAIL_RECIPIENTS_MAX];
	size_t n_to;
	const char *subject;    /* UTF-8 */
	const char *body;       /* UTF-8, lines ending in \n */
};

/* Checks an address: one @, no spaces, brackets or line breaks. */
int mail_address_check(const char *address, const char *what,
		       struct error *err);

/* Sends m through server; ERROR_IO with the server's word on failure. */
int mail_send(const struct mail_server *server, const struct mail_message *m,
	      struct error *err);

/* The message as sent (headers and encoded body), for tests and dry
 * runs; NULL on allocation failure.  free() it. */
char *mail_format(const struct mail_message *m, long long now);

#endif
