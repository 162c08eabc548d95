/* test_csv_corpus.c: replays the CSV fuzz corpus (fuzz/csv/corpus) under
 * the sanitizers, as the fuzz target reads it (first byte: encoding), and
 * once more through the column mapping of every kind, so what the fuzzer
 * found stays fixed. */
#include <dirent.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <unicode/uclean.h>

#include "domain/tz.h"
#include "export/csv.h"
#include "export/csv_rows.h"

#define CORPUS_DIR "fuzz/csv/corpus"
#define CORPUS_FILE_MAX ((size_t)1 << 20)

static void replay(const char *data, size_t size)
{
	static const enum store_kind kinds[] = { STORE_ORGANISATIONS,
		STORE_PEOPLE, STORE_EVENTS, STORE_AGREEMENTS };
	struct error err = { 0 };
	struct csv_record rec;
	struct csv_reader *r;

	r = csv_reader_new(data + 1, size - 1,
			   (enum csv_encoding)((unsigned char)data[0] % 4), "corpus",
			   &err);
	if (r != NULL) {
		while (csv_next(r, &rec, &err) == 1)
			assert_true(rec.n_fields >= 1 && rec.n_fields <= CSV_FIELDS_MAX);
		csv_reader_free(r);
	}
	for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
		struct store_import_row row;
		struct csv_rows *cr;

		r = csv_reader_new(data + 1, size - 1, CSV_ENCODING_AUTO, "corpus",
				   &err);
		if (r == NULL)
			continue;
		cr = csv_rows_new(r, kinds[k], "corpus", &err);
		for (int rc = 1; cr != NULL && rc == 1;) {
			memset(&row, 0, sizeof row);
			rc = csv_rows_next(cr, &row, &err);
		}
		csv_rows_free(cr);
		csv_reader_free(r);
	}
}

static void test_corpus(void **state)
{
	DIR *d = opendir(CORPUS_DIR);
	struct dirent *e;
	int files = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)) != NULL) {
		char path[512], *data;
		size_t size;
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", CORPUS_DIR, e->d_name);
		f = fopen(path, "rb");
		assert_non_null(f);
		data = malloc(CORPUS_FILE_MAX);
		assert_non_null(data);
		size = fread(data, 1, CORPUS_FILE_MAX, f);
		fclose(f);
		if (size > 0)
			replay(data, size);
		free(data);
		files++;
	}
	closedir(d);
	assert_true(files >= 10);
	printf("replayed %d corpus files\n", files);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_corpus),
	};
	int failed = cmocka_run_group_tests_name("csv corpus", tests, NULL, NULL);

	tz_thread_cleanup();
	u_cleanup();
	return failed;
}
