# Pavilion: `make` builds build/pavilion; `make run` starts it on a demo
# database; `make check` builds with ASan+UBSan and runs every test.

# Debian packages the build and the tests need; `make deps` installs the
# missing ones (as root, or through sudo).
.DEFAULT_GOAL := all

DEBS := build-essential pkg-config libsqlite3-dev libicu-dev libjansson-dev \
	libcmocka-dev sqlite3 python3
PKGS := sqlite3 icu-uc icu-i18n jansson

CC ?= cc
CFLAGS ?= -O2 -g
WARN := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	-Wno-missing-field-initializers -Wno-format-truncation
BASE_CFLAGS = -std=c11 -D_DEFAULT_SOURCE -D_GNU_SOURCE -Isrc $(WARN) \
	$(shell pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null) -lm -lpthread
TEST_LIBS = $(shell pkg-config --libs cmocka 2>/dev/null)

SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=undefined

LIB_SRC := $(sort $(wildcard src/*/*.c))
ASM_SRC := $(sort $(wildcard src/*/*.S))
MAIN_SRC := src/main.c
TEST_SRC := $(sort $(wildcard tests/*/test_*.c))

REL_OBJ := $(patsubst src/%.c,build/obj/%.o,$(LIB_SRC)) \
	$(patsubst src/%.S,build/obj/%.o,$(ASM_SRC))
SAN_OBJ := $(patsubst src/%.c,build/asan/obj/%.o,$(LIB_SRC)) \
	$(patsubst src/%.S,build/asan/obj/%.o,$(ASM_SRC))
SAN_TESTS := $(patsubst tests/%.c,build/asan/tests/%,$(TEST_SRC))

DEMO_DB ?= demo.db

# Quiet build lines ("CC src/x.c"); `make V=1` shows the commands.
ifeq ($(V),1)
Q :=
say = @true
else
Q := @
say = @printf '  %-4s %s\n' $(1) $(2)
endif

# Each area may add packages (DEBS, PKGS) and steps that must run before
# the tests (CHECK_PREP) in a file of its own under mk/.
CHECK_PREP :=
-include $(sort $(wildcard mk/*.mk))

.PHONY: all deps run check check-unit check-cli check-golden clean bench
.DELETE_ON_ERROR:

all: build/pavilion

build/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(CFLAGS) -MMD -MP -c $< -o $@

# Data files built into the binary (the demo bundle).
build/obj/%.o build/asan/obj/%.o: src/%.S examples/jeonbuk-us-2024.json examples/sample-outcomes-2025.json
	@mkdir -p $(@D)
	$(call say,AS,$<)
	$(Q)$(CC) -c $< -o $@

build/pavilion: build/obj/main.o $(REL_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) $(CFLAGS) -o $@ $^ $(LIBS)

build/asan/obj/%.o: src/%.c
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) -MMD -MP -c $< -o $@

build/asan/pavilion: build/asan/obj/main.o $(SAN_OBJ)
	$(call say,LD,$@)
	$(Q)$(CC) $(SAN_FLAGS) -o $@ $^ $(LIBS)

build/asan/tests/%: tests/%.c $(SAN_OBJ)
	@mkdir -p $(@D)
	$(call say,CC,$<)
	$(Q)$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) -Itests -o $@ $< $(SAN_OBJ) $(LIBS) $(TEST_LIBS)

-include $(wildcard build/obj/*/*.d build/obj/*.d build/asan/obj/*/*.d build/asan/obj/*.d)

# Installs whichever of $(DEBS) is missing.  Quiet when nothing is.  A
# package whose command is on the PATH already (npm shipped inside another
# nodejs build, say) counts as present.
deps:
	@missing=""; for p in $(sort $(DEBS)); do \
		dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'ok installed' || \
		command -v $$p >/dev/null 2>&1 || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO=sudo; \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

run: deps
	@$(MAKE) --no-print-directory build/pavilion
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	@./build/pavilion demo --db $(DEMO_DB)
	@./build/pavilion report jeonbuk-us-2024 --db $(DEMO_DB) --lang ko | head -n 20
	@pw=$$(head -c 12 /dev/urandom | base64 | tr -d '/+='); \
	echo "$$pw" | ./build/pavilion user add admin --role admin --password-stdin --db $(DEMO_DB) >/dev/null && \
	echo && \
	echo "Demo database: $(DEMO_DB).  The API is starting at http://$(RUN_LISTEN)/api/ (docs/api.md)." && \
	echo "Demo login: admin / $$pw" && \
	echo "  curl -c jar -H 'Content-Type: application/json' -d '{\"username\":\"admin\",\"password\":\"'$$pw'\"}' http://$(RUN_LISTEN)/api/session" && \
	echo "  curl -b jar 'http://$(RUN_LISTEN)/api/organisations?limit=5'" && \
	echo "  curl -b jar 'http://$(RUN_LISTEN)/api/missions/1/report?lang=en'" && \
	echo "Other commands: ./build/pavilion --help.  Ctrl-C stops the server." && \
	exec ./build/pavilion serve --db $(DEMO_DB) --listen $(RUN_LISTEN)

# Every test, under AddressSanitizer and UndefinedBehaviorSanitizer.
check: deps
	@$(MAKE) --no-print-directory -j2 build/asan/pavilion $(SAN_TESTS) $(CHECK_PREP)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 \
		sh tests/run.sh build/asan $(SAN_TESTS)

clean:
	rm -rf build
