#!/bin/sh
# tests/http/run-trust.sh: the correctness tests (trust_test.py) against
# the real binary $PAVILION, then every response they saw checked against
# the OpenAPI document by the validator of check_openapi.mjs.
set -e
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/http/trust_test.py "$PAVILION" "$work"
node tests/http/check_openapi.mjs "$work/openapi.json" "$work/responses.jsonl"
if grep -q "ERROR: \(AddressSanitizer\|LeakSanitizer\)" "$work/serve.err"; then
	cat "$work/serve.err"
	exit 1
fi
