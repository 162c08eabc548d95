#!/bin/sh
# tests/web/run-drill.sh: every figure of the dashboard and of a mission's
# page opens the list of the records it counts, with the same count
# (tests/web/drill.mjs), on the demo database and on a generated one of
# 60 missions narrowed to its busiest province and that province's
# latest year.
. tests/web/serve.sh
db="$work/drill.db"
sh bench/scale/gen.sh --missions 60 "$db" >/dev/null
echo 'officer password' | "$PAVILION" user add officer --role officer --password-stdin --db "$db" >/dev/null
serve "$db" drill
node tests/web/drill.mjs "$url" "$work/profile" build/web-artifacts busiest
sanitizer_clean drill
