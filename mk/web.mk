# mk/web.mk: the web UI (web/src, src/web) and its browser tests
# (tests/web).  chromium is the browser the tests drive through
# playwright-core; fonts-noto-cjk renders Korean in the screenshots.
DEBS += chromium fonts-noto-cjk nodejs npm

# playwright-core, exactly as web/package-lock.json pins it.
CHECK_PREP += web/node_modules/.stamp

web/node_modules/.stamp: web/package.json web/package-lock.json
	cd web && npm ci --no-audit --no-fund --silent
	@touch $@

# Every file under web/src is built into the binary by src/web/assets.S,
# which includes the table generated here: one .incbin per file, its name
# under web/src and an ETag from its SHA-256.  Names are limited to
# letters, digits, '.', '-', '_' and '/' so they are safe in .asciz.
WEB_FILES := $(sort $(shell find web/src -type f 2>/dev/null))

build/web/assets.inc: $(WEB_FILES) mk/web.mk
	@mkdir -p $(@D)
	$(call say,GEN,$@)
	$(Q)set -e; out=$@.tmp; n=0; \
	printf '\t.section .rodata\n' >$$out; \
	for f in $(WEB_FILES); do \
		name=$${f#web/src/}; \
		case "$$name" in *[!A-Za-z0-9._/-]*) echo "$$f: bad file name" >&2; exit 1;; esac; \
		sum=$$(sha256sum "$$f" | cut -c1-20); \
		printf '\t.balign 16\nweb_data_%d:\n\t.incbin "%s"\nweb_data_%d_end:\n\t.byte 0\n' $$n "$$f" $$n >>$$out; \
		printf 'web_name_%d:\n\t.asciz "%s"\nweb_etag_%d:\n\t.asciz "\\"%s\\""\n' $$n "$$name" $$n "$$sum" >>$$out; \
		n=$$((n + 1)); \
	done; \
	printf '\t.section .data.rel.ro\n\t.balign 8\n\t.global web_asset_table\nweb_asset_table:\n' >>$$out; \
	i=0; while [ $$i -lt $$n ]; do \
		printf '\t.quad web_name_%d, web_etag_%d, web_data_%d, web_data_%d_end - web_data_%d\n' $$i $$i $$i $$i $$i >>$$out; \
		i=$$((i + 1)); \
	done; \
	printf '\t.global web_asset_count\n\t.balign 8\nweb_asset_count:\n\t.quad %d\n' $$n >>$$out; \
	mv $$out $@

# An explicit rule: the Makefile's .S pattern rule names both objects as
# targets of one recipe, so making one would leave the other stale.
build/obj/web/assets.o build/asan/obj/web/assets.o: src/web/assets.S build/web/assets.inc $(WEB_FILES)
	@mkdir -p $(@D)
	$(call say,AS,$<)
	$(Q)$(CC) -c $< -o $@
build/fuzz/fuzz_request build/fuzz/fuzz_bundle: build/web/assets.inc
