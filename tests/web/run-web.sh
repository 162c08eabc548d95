#!/bin/sh
# tests/web/run-web.sh: the web UI in a real browser (Debian's chromium
# through playwright-core) against the real binary $PAVILION serving a
# temporary database.  Screenshots go to build/web-artifacts/.
. tests/web/serve.sh
db="$work/web.db"
"$PAVILION" demo --db "$db" >/dev/null
echo 'officer password' | "$PAVILION" user add officer --role officer --password-stdin --db "$db" >/dev/null
echo 'viewer password' | "$PAVILION" user add viewer --role viewer --password-stdin --db "$db" >/dev/null
hsw=$("$PAVILION" show organisations home-shopping-world --db "$db" | sed -n 's/^id[^0-9]*\([0-9][0-9]*\).*/\1/p' | head -1)
echo 'company password' | "$PAVILION" user add hsw --role company --org "${hsw:-home-shopping-world}" --password-stdin --db "$db" >/dev/null
serve "$db" web
node tests/web/e2e.mjs "$url" "$work/profile" build/web-artifacts
sanitizer_clean web
