#!/bin/sh
# tests/web/run-web.sh: the web UI in a real browser (Debian's chromium
# through playwright-core) against the real binary $PAVILION serving a
# temporary database.  Screenshots go to build/web-artifacts/.
set -e
command -v chromium >/dev/null 2>&1 || { echo "chromium is missing (make deps)"; exit 1; }
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$work"' EXIT
db="$work/web.db"
"$PAVILION" demo --db "$db" >/dev/null
echo 'officer password' | "$PAVILION" user add officer --role officer --password-stdin --db "$db" >/dev/null
echo 'viewer password' | "$PAVILION" user add viewer --role viewer --password-stdin --db "$db" >/dev/null
hsw=$("$PAVILION" show organisations home-shopping-world --db "$db" | sed -n 's/^id[^0-9]*\([0-9][0-9]*\).*/\1/p' | head -1)
echo 'company password' | "$PAVILION" user add hsw --role company --org "${hsw:-home-shopping-world}" --password-stdin --db "$db" >/dev/null
"$PAVILION" serve --db "$db" --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.err" &
pid=$!
i=0
until grep -q '^listening on ' "$work/serve.out" 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 200 ] || { cat "$work/serve.err"; exit 1; }
	sleep 0.05
done
url=$(sed -n 's/^listening on //p' "$work/serve.out" | head -1)
mkdir -p build/web-artifacts "$work/profile"
node tests/web/e2e.mjs "$url" "$work/profile" build/web-artifacts
if grep -q "ERROR: \(AddressSanitizer\|LeakSanitizer\)" "$work/serve.err"; then
	cat "$work/serve.err"
	exit 1
fi
