#!/bin/sh
# tests/scale/run-scale.sh: the programme-scale API (aggregates, listings
# across records, filters, search through the index) on a generated
# database (bench/scale/gen.sh), each figure checked against one computed
# independently in python from the tables; then every response seen is
# checked against the OpenAPI document.
set -e
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
PAVILION="$PAVILION" sh bench/scale/gen.sh --missions 40 "$work/scale.db"
python3 tests/scale/scale_test.py "$PAVILION" "$work"
node tests/http/check_openapi.mjs "$work/openapi.json" "$work/responses.jsonl"
if grep -q "ERROR: \(AddressSanitizer\|LeakSanitizer\)" "$work/serve.err"; then
	cat "$work/serve.err"
	exit 1
fi
