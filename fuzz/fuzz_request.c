/* fuzz_request.c: libFuzzer target for what the API parses from a client:
 * JSON request bodies (api_body_read, create and PATCH), query arguments
 * (api_page_add) and paths (http_split_path, http_parse_id).
 *
 * Input: byte 0 picks the resource, byte 1 the parser (0 create body,
 * 1 PATCH body, 2 query string "a=b&c=d", 3 path); the rest is the text.
 * Build with `make fuzz`; the corpus in fuzz/corpus/request is replayed by
 * tests/http/test_fuzz_corpus.c in `make check`.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "api/api.h"
#include "domain/tz.h"
#include "util/arena.h"

#define FUZZ_INPUT_MAX 65536

static void parse_query(const struct store_resource *r, char *text)
{
	struct store_page page = { .limit = 50 };
	struct error err;
	char *p = text;

	while (p != NULL && *p != '\0') {
		char *amp = strchr(p, '&'), *eq;

		if (amp != NULL)
			*amp = '\0';
		eq = strchr(p, '=');
		if (eq != NULL)
			*eq = '\0';
		if (api_page_add(r, &page, p, eq ? eq + 1 : "", &err) != 0)
			break;
		p = amp ? amp + 1 : NULL;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct store_resource *r;
	struct arena *a;
	char *text;
	int mode;

	if (size < 2 || size > FUZZ_INPUT_MAX)
		return 0;
	r = store_resources[data[0] % RES_COUNT];
	mode = data[1] % 4;
	text = malloc(size - 1);
	if (text == NULL)
		return 0;
	memcpy(text, data + 2, size - 2);
	text[size - 2] = '\0';
	a = arena_new(HTTP_ARENA_MAX);
	if (mode <= 1) {
		json_t *body = json_loadb(text, size - 2, JSON_REJECT_DUPLICATES, NULL);

		if (body != NULL) {
			struct store_write w;
			struct error err;
			char pointer[256];

			api_body_read(r, body, mode == 0, a, &w, pointer, sizeof pointer,
				      &err);
			json_decref(body);
		}
	} else if (mode == 2) {
		parse_query(r, text);
	} else {
		struct http_request rq = { .arena = a, .path = text };
		int64_t id;

		if (http_split_path(&rq))
			for (size_t i = 0; i < rq.n_segments; i++)
				http_parse_id(rq.segments[i], &id);
	}
	arena_free(a);
	free(text);
	tz_thread_cleanup();
	return 0;
}
