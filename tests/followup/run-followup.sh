#!/bin/sh
# tests/followup/run-followup.sh: evidence files, follow-up surveys and
# e-mail reminders against the real binary, server and a real SMTP server
# (followup_http.py), then every response checked against the OpenAPI
# document.  Debian's python3 has python3-aiosmtpd.
set -e
PY=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$PY tests/followup/followup_http.py "$PAVILION" "$work"
node tests/http/check_openapi.mjs "$work/openapi.json" "$work/responses.jsonl"
if grep -q "ERROR: \(AddressSanitizer\|LeakSanitizer\)" "$work"/serve*.err; then
	cat "$work"/serve*.err
	exit 1
fi
