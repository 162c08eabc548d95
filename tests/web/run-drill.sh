#!/bin/sh
# tests/web/run-drill.sh: every figure of the dashboard and of a mission's
# page opens the list of the records it counts, with the same count
# (tests/web/drill.mjs), on the demo database and on a generated one of
# 60 missions narrowed to its busiest province and that province's
# latest year; and a company's outcome tiers are its own.
. tests/web/serve.sh
db="$work/drill.db"
sh bench/scale/gen.sh --missions 60 "$db" >/dev/null
echo 'officer password' | "$PAVILION" user add officer --role officer --password-stdin --db "$db" >/dev/null
serve "$db" drill
big=$url
"$PAVILION" demo --db "$work/demo.db" >/dev/null
echo 'officer password' | "$PAVILION" user add officer --role officer --password-stdin --db "$work/demo.db" >/dev/null
firm=$("$PAVILION" show organisations sample-gasang-foods --db "$work/demo.db" | sed -n 's/^id[^0-9]*\([0-9][0-9]*\).*/\1/p' | head -1)
echo 'company password' | "$PAVILION" user add gasang --role company --org "$firm" --password-stdin --db "$work/demo.db" >/dev/null
serve "$work/demo.db" demo
node tests/web/drill.mjs "$work/profile" build/web-artifacts "$url" "$big" "$firm"
sanitizer_clean drill
sanitizer_clean demo
