#!/bin/sh
# tests/followup/run-followup-web.sh: a company answers its follow-up
# survey in a real browser (Debian's chromium through playwright-core),
# with an evidence file, against the real binary $PAVILION serving the
# demo (whose fictional sample mission has surveys due); then an officer
# sees it answered (web_followup.mjs).  Screenshots: build/web-artifacts/.
set -e
command -v chromium >/dev/null 2>&1 || { echo "chromium is missing (make deps)"; exit 1; }
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
db="$work/web.db"
"$PAVILION" demo --db "$db" >/dev/null
echo 'officer password' | "$PAVILION" user add officer --role officer --password-stdin --db "$db" >/dev/null
firm=$("$PAVILION" show organisations sample-gasang-foods --db "$db" | sed -n 's/^id[^0-9]*\([0-9][0-9]*\).*/\1/p' | head -1)
echo 'company password' | "$PAVILION" user add gasang --role company --org "$firm" --password-stdin --db "$db" >/dev/null
token=$("$PAVILION" token create officer --db "$db" | tail -1)
"$PAVILION" serve --db "$db" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
i=0
until grep -q '^listening on ' "$work/serve.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 200 ] || { cat "$work/serve.err"; exit 1; }
	sleep 0.05
done
url=$(sed -n 's/^listening on //p' "$work/serve.out" | head -1)
mkdir -p build/web-artifacts "$work/profile"
node tests/followup/web_followup.mjs "$url" "$work/profile" build/web-artifacts "$token" "$firm"
if grep -q "ERROR: \(AddressSanitizer\|LeakSanitizer\)" "$work/serve.err"; then
	cat "$work/serve.err"
	exit 1
fi
