#!/bin/sh
# tests/web/run-scale.sh: the main pages on a programme-scale database
# (bench/scale/gen.sh, 300 missions) in headless chromium: each within its
# budget of API requests and bytes, showing the figures tests/web/pick.py
# reads from the database file (tests/web/scale.mjs).
set -e
command -v chromium >/dev/null 2>&1 || { echo "chromium is missing (make deps)"; exit 1; }
work=$(mktemp -d)
pids=
trap 'kill $pids 2>/dev/null; wait $pids 2>/dev/null; rm -rf "$work"' EXIT
. tests/web/serve.sh
db="$work/scale.db"
sh bench/scale/gen.sh --missions 300 "$db"
echo 'officer password' | "$PAVILION" user add officer --role officer --password-stdin --db "$db" >/dev/null
python3 tests/web/pick.py "$db" >"$work/pick.json"
org=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["org"]["id"])' "$work/pick.json")
echo 'company password' | "$PAVILION" user add firm --role company --org "$org" --password-stdin --db "$db" >/dev/null
serve "$db" scale
mkdir -p build/web-artifacts "$work/profile"
node tests/web/scale.mjs "$url" "$work/profile" "$work/pick.json" build/web-artifacts
sanitizer_clean scale
