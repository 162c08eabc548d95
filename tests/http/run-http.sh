#!/bin/sh
# tests/http/run-http.sh: the HTTP tests (http_test.py) against the real
# binary $PAVILION, then the OpenAPI document and every response seen
# checked by a real validator (check_openapi.mjs, from npm).
set -e
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/http/http_test.py "$PAVILION" "$work"
node tests/http/check_openapi.mjs "$work/openapi.json" "$work/responses.jsonl"
if grep -q "ERROR: \(AddressSanitizer\|LeakSanitizer\)" "$work/serve.err"; then
	cat "$work/serve.err"
	exit 1
fi
