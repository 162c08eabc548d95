# mk/core.mk: the bundle reader's libFuzzer target (clang, from mk/http.mk's
# packages).  `make fuzz-bundle`, then
#   build/fuzz/fuzz_bundle -max_total_time=60 fuzz/corpus/bundle
# `make check` replays the corpus through tests/unit/test_bundle_corpus.c.
.PHONY: fuzz-bundle
fuzz-bundle: build/fuzz/fuzz_bundle
build/fuzz/fuzz_bundle: fuzz/fuzz_bundle.c $(LIB_SRC) $(ASM_SRC)
	@mkdir -p $(@D)
	clang -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Isrc -g -O1 \
		-fsanitize=fuzzer,address,undefined \
		$(shell pkg-config --cflags $(PKGS) 2>/dev/null) \
		-o $@ fuzz/fuzz_bundle.c $(LIB_SRC) $(ASM_SRC) $(LIBS)
