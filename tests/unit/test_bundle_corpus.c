/* test_bundle_corpus.c: replays fuzz/corpus/bundle through the fuzz
 * target's entry point under the sanitizers of `make check`, and checks
 * that the corpus's valid bundles read and its bad ones do not. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../fuzz/fuzz_bundle.c"
#include "domain/tz.h"

#define CORPUS "fuzz/corpus/bundle"
#define INPUT_MAX (1 << 20)

static void replay_corpus(void **state)
{
	DIR *d = opendir(CORPUS);
	struct dirent *e;
	char *buf = malloc(INPUT_MAX);
	int files = 0, good = 0, bad = 0;

	(void)state;
	assert_non_null(d);
	assert_non_null(buf);
	while ((e = readdir(d)) != NULL) {
		char path[512];
		struct error err = { 0 };
		struct bundle *b;
		size_t n;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", CORPUS, e->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		n = fread(buf, 1, INPUT_MAX, f);
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
		b = bundle_read_text(buf, n, path, &err);
		if (strncmp(e->d_name, "bad-", 4) == 0) {
			assert_null(b);
			assert_int_equal(err.code, ERROR_INVALID);
			bad++;
		} else if (strncmp(e->d_name, "good-", 5) == 0) {
			assert_non_null(b);
			good++;
		}
		bundle_free(b);
		files++;
	}
	closedir(d);
	free(buf);
	assert_true(good >= 2);
	assert_true(bad >= 20);
	assert_true(files >= good + bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replay_corpus),
	};
	int failed = cmocka_run_group_tests_name("bundle corpus", tests, NULL, NULL);

	tz_thread_cleanup();
	return failed;
}
