/* fuzz_csv.c: libFuzzer target for the CSV reader (`make fuzz-csv`,
 * then build/fuzz/csv fuzz/csv/corpus).  The first byte picks the
 * encoding mode; the rest is the file.  Every record is read to the end
 * and each field's length checked against its limit.  make check
 * replays the corpus through tests/interop/test_csv_corpus.c. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "export/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = { 0 };
	struct csv_record rec;
	struct csv_reader *r;
	enum csv_encoding enc;

	if (size == 0)
		return 0;
	enc = (enum csv_encoding)(data[0] % 4);
	r = csv_reader_new((const char *)data + 1, size - 1, enc, "fuzz", &err);
	if (r == NULL)
		return 0;
	while (csv_next(r, &rec, &err) == 1) {
		if (rec.n_fields == 0 || rec.n_fields > CSV_FIELDS_MAX)
			abort();
		for (size_t i = 0; i < rec.n_fields; i++)
			if (strlen(rec.fields[i]) > CSV_FIELD_MAX)
				abort();
	}
	csv_reader_free(r);
	return 0;
}
