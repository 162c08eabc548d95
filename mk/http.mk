# mk/http.mk: what `pavilion serve` and its tests need.
# libmicrohttpd serves HTTP, libsodium hashes passwords (Argon2id) and
# makes tokens; node and npm run the OpenAPI validator of tests/http;
# clang builds the libFuzzer target in fuzz/.
DEBS += libmicrohttpd-dev libsodium-dev nodejs npm clang libclang-rt-14-dev curl
PKGS += libmicrohttpd libsodium

CHECK_PREP += node_modules/.stamp

# The validator and ajv, exactly as package-lock.json pins them.
node_modules/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --silent
	@touch $@
