#!/bin/sh
# tests/outcomes/run-outcomes.sh: the outcome records through the HTTP API
# (outcomes_http.py, responses then checked against the OpenAPI document).
set -e
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 tests/outcomes/outcomes_http.py "$PAVILION" "$work"
node tests/http/check_openapi.mjs "$work/openapi.json" "$work/responses.jsonl"
if grep -q "ERROR: \(AddressSanitizer\|LeakSanitizer\)" "$work/serve.err"; then
	cat "$work/serve.err"
	exit 1
fi
