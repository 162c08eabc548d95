#!/bin/sh
# tests/web/run-scale.sh: the main pages on a programme-scale database
# (bench/scale/gen.sh, 300 missions) in headless chromium: each within its
# budget of API requests and bytes, showing the figures tests/web/pick.py
# reads from the database file (tests/web/scale.mjs).
. tests/web/serve.sh
db="$work/scale.db"
sh bench/scale/gen.sh --missions 300 "$db"
echo 'officer password' | "$PAVILION" user add officer --role officer --password-stdin --db "$db" >/dev/null
python3 tests/web/pick.py "$db" >"$work/pick.json"
org=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["org"]["id"])' "$work/pick.json")
echo 'company password' | "$PAVILION" user add firm --role company --org "$org" --password-stdin --db "$db" >/dev/null
serve "$db" scale
node tests/web/scale.mjs "$url" "$work/profile" "$work/pick.json" build/web-artifacts
sanitizer_clean scale
