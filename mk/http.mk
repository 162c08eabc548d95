# mk/http.mk: what `pavilion serve` and its tests need.
# libmicrohttpd serves HTTP, libsodium hashes passwords (Argon2id) and
# makes tokens; node and npm run the OpenAPI validator of tests/http;
# clang builds the libFuzzer target in fuzz/.
RUN_DEBS += libmicrohttpd-dev libsodium-dev
DEBS += nodejs npm clang libclang-rt-14-dev curl
PKGS += libmicrohttpd libsodium

CHECK_PREP += node_modules/.stamp

# The validator and ajv, exactly as package-lock.json pins them.
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@

# The libFuzzer target (clang): `make fuzz`, then run
#   build/fuzz/fuzz_request -max_total_time=60 fuzz/corpus/request
# `make check` replays the corpus through tests/http/test_fuzz_corpus.c.
FUZZ_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Isrc -g -O1 \
	-fsanitize=fuzzer,address,undefined \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
.PHONY: fuzz
fuzz: build/fuzz/fuzz_request
build/fuzz/fuzz_request: fuzz/fuzz_request.c $(LIB_SRC) $(ASM_SRC)
	@mkdir -p $(@D)
	clang $(FUZZ_CFLAGS) -o $@ fuzz/fuzz_request.c $(LIB_SRC) $(ASM_SRC) $(LIBS)

# Where `make run` serves the API.
RUN_LISTEN ?= 127.0.0.1:8080
