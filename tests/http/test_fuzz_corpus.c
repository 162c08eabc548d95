/* test_fuzz_corpus.c: replays fuzz/corpus/request (the libFuzzer target's
 * corpus, crashes it once found included) through the same entry point,
 * under the sanitizers of `make check`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../fuzz/fuzz_request.c"

static void replay_corpus(void **state)
{
	const char *dir = "fuzz/corpus/request";
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[512];
		uint8_t buf[FUZZ_INPUT_MAX];
		size_t n;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		n = fread(buf, 1, sizeof buf, f);
		fclose(f);
		LLVMFuzzerTestOneInput(buf, n);
		files++;
	}
	closedir(d);
	assert_true(files >= 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(replay_corpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
