/* fuzz_bundle.c: libFuzzer target for the bundle reader (JSON parsing,
 * field tables, validation, references).  Whatever the input, the reader
 * must return a bundle or an error, and leak nothing.
 *
 *   make fuzz-bundle
 *   build/fuzz/fuzz_bundle -max_total_time=60 fuzz/corpus/bundle
 *
 * `make check` replays the corpus through tests/unit/test_bundle_corpus.c. */
#include <stddef.h>
#include <stdint.h>

#include "bundle/bundle.h"
#include "domain/outcome.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct error err = { 0 };
	struct bundle *b = bundle_read_text((const char *)data, size, "fuzz", &err);
	struct outcome o;

	/* A bundle that reads must also be countable. */
	if (b != NULL && b->mission != NULL)
		outcome_compute(b, &o, &err);
	bundle_free(b);
	return 0;
}
