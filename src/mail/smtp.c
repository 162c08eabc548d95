/* smtp.c: one message through libcurl's SMTP client. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "mail/mail.h"
#include "util/buf.h"

int mail_address_check(const char *address, const char *what,
		       struct error *err)
{
	const char *at = address ? strchr(address, '@') : NULL;

	if (at == NULL || at == address || at[1] == '\0' ||
	    strchr(at + 1, '@') != NULL || strlen(address) > 254 ||
	    strpbrk(address, " \t\r\n<>,;\"") != NULL)
		return error_set(err, ERROR_INVALID, "%s: \"%s\" is not an e-mail"
				 " address", what, address ? address : "");
	return 0;
}

static void put_base64(struct buf *out, const char *s, size_t n)
{
	size_t len = sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL);
	char *b = malloc(len);

	if (b == NULL) {
		out->failed = true;
		return;
	}
	sodium_bin2base64(b, len, (const unsigned char *)s, n,
			  sodium_base64_VARIANT_ORIGINAL);
	buf_puts(out, b);
	free(b);
}

char *mail_format(const struct mail_message *m, long long now)
{
	struct buf out;
	char date[64];
	time_t t = (time_t)now;
	struct tm tm;
	unsigned char nonce[8];
	size_t body_len = strlen(m->body);
	char *text;

	buf_init(&out, MAIL_BODY_MAX * 2);
	gmtime_r(&t, &tm);
	strftime(date, sizeof date, "%a, %d %b %Y %H:%M:%S +0000", &tm);
	randombytes_buf(nonce, sizeof nonce);
	buf_printf(&out, "Date: %s\r\nFrom: <%s>\r\nTo: ", date, m->from);
	for (size_t i = 0; i < m->n_to; i++)
		buf_printf(&out, "%s<%s>", i ? ", " : "", m->to[i]);
	buf_puts(&out, "\r\nSubject: =?UTF-8?B?");
	put_base64(&out, m->subject, strlen(m->subject));
	buf_printf(&out, "?=\r\nMessage-ID: <%lld.%02x%02x%02x%02x%02x%02x%02x%02x@%s>\r\n",
		   now, nonce[0], nonce[1], nonce[2], nonce[3], nonce[4], nonce[5],
		   nonce[6], nonce[7], strchr(m->from, '@') + 1);
	buf_puts(&out, "MIME-Version: 1.0\r\n"
		 "Content-Type: text/plain; charset=UTF-8\r\n"
		 "Content-Transfer-Encoding: base64\r\n\r\n");
	/* 57 bytes of text make one 76-character line of base64. */
	for (size_t i = 0; i < body_len; i += 57) {
		put_base64(&out, m->body + i, body_len - i < 57 ? body_len - i : 57);
		buf_puts(&out, "\r\n");
	}
	if (out.failed) {
		buf_free(&out);
		return NULL;
	}
	text = out.data;
	return text;
}

struct reader {
	const char *data;
	size_t left;
};

static size_t read_cb(char *dst, size_t size, size_t n, void *ctx)
{
	struct reader *r = ctx;
	size_t k = size * n < r->left ? size * n : r->left;

	memcpy(dst, r->data, k);
	r->data += k;
	r->left -= k;
	return k;
}

int mail_send(const struct mail_server *server, const struct mail_message *m,
	      struct error *err)
{
	char curl_error[CURL_ERROR_SIZE] = "";
	struct curl_slist *rcpt = NULL;
	struct reader rd;
	CURL *curl = NULL;
	char *text = NULL;
	CURLcode rc;
	int status = 0;

	if (m->n_to == 0 || m->n_to > MAIL_RECIPIENTS_MAX)
		return error_set(err, ERROR_INVALID, "a message needs 1 to %d"
				 " recipients", MAIL_RECIPIENTS_MAX);
	if (strlen(m->body) > MAIL_BODY_MAX)
		return error_set(err, ERROR_NOMEM, "the message exceeds %zu bytes",
				 MAIL_BODY_MAX);
	if ((status = mail_address_check(m->from, "from", err)))
		return status;
	for (size_t i = 0; i < m->n_to; i++)
		if ((status = mail_address_check(m->to[i], "to", err)))
			return status;
	text = mail_format(m, (long long)time(NULL));
	curl = curl_easy_init();
	if (text == NULL || curl == NULL) {
		status = error_set(err, ERROR_NOMEM, "out of memory");
		goto cleanup;
	}
	for (size_t i = 0; i < m->n_to; i++) {
		char addr[300];
		struct curl_slist *next;

		snprintf(addr, sizeof addr, "<%s>", m->to[i]);
		if ((next = curl_slist_append(rcpt, addr)) == NULL) {
			status = error_set(err, ERROR_NOMEM, "out of memory");
			goto cleanup;
		}
		rcpt = next;
	}
	{
		char from[300];

		snprintf(from, sizeof from, "<%s>", m->from);
		curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from);
		rd.data = text;
		rd.left = strlen(text);
		curl_easy_setopt(curl, CURLOPT_URL, server->url);
		curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
		curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
		curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_cb);
		curl_easy_setopt(curl, CURLOPT_READDATA, &rd);
		curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
		curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
		curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long)MAIL_TIMEOUT_SECONDS);
		curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
		if (server->starttls)
			curl_easy_setopt(curl, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
		if (server->username && server->username[0]) {
			curl_easy_setopt(curl, CURLOPT_USERNAME, server->username);
			curl_easy_setopt(curl, CURLOPT_PASSWORD,
					 server->password ? server->password : "");
		}
		rc = curl_easy_perform(curl);
	}
	if (rc != CURLE_OK)
		status = error_set(err, ERROR_IO, "%s: %s", server->url,
				   curl_error[0] ? curl_error : curl_easy_strerror(rc));
cleanup:
	curl_slist_free_all(rcpt);
	if (curl)
		curl_easy_cleanup(curl);
	free(text);
	return status;
}
