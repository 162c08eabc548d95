#!/bin/sh
# bench/core/run.sh [OUTDIR]: bundle import and outcome report on a large
# synthetic database (1,000 missions, 100,000 organisations, 1,000,000
# events, 50,000 agreements), each against a baseline measured in the same
# run on the same machine:
#   import  vs the sqlite3 shell's .import of the same events as flat CSV;
#   report  vs the sqlite3 shell answering one indexed query on the same
#           database (process start, open, one lookup).
# Needs python3, sqlite3, hyperfine and /usr/bin/time (Debian: time).
set -eu
OUT=${1:-bench/out}
P=${PAVILION:-build/pavilion}
DATA=$OUT/data
mkdir -p "$OUT"
if [ ! -f "$DATA/m-0999.json" ]; then
	echo "generating data in $DATA"
	python3 bench/core/gen.py "$DATA"
fi
du -sh "$DATA"

echo "== import: pavilion import of 1,001 bundles"
rm -f "$OUT/big.db" "$OUT/big.db-wal" "$OUT/big.db-shm"
/usr/bin/time -v -o "$OUT/import.time" "$P" import --db "$OUT/big.db" \
	"$DATA/registry.json" "$DATA"/m-*.json > "$OUT/import.log"
"$P" import --db "$OUT/big.db" examples/jeonbuk-us-2024.json >> "$OUT/import.log"
rows=$(awk '{ for (i = 1; i < NF; i++) if ($(i + 1) == "rows") s += $i } END { print s }' "$OUT/import.log")
wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$OUT/import.time")
rss=$(awk -F': ' '/Maximum resident/ { print $2 }' "$OUT/import.time")
echo "rows=$rows wall=${wall}s rate=$(echo "$rows $wall" | awk '{ printf "%.0f", $1 / $2 }') rows/s max_rss=${rss}KB"
sqlite3 "$OUT/big.db" "SELECT (SELECT count(*) FROM mission), (SELECT count(*) FROM organisation), (SELECT count(*) FROM event), (SELECT count(*) FROM agreement)"

echo "== baseline: sqlite3 .import of the 1,000,000 events as CSV"
rm -f "$OUT/base.db"
sqlite3 "$OUT/base.db" "CREATE TABLE event_raw (mission INTEGER, key TEXT, kind TEXT, title_ko TEXT, title_en TEXT, zone TEXT, start TEXT, end TEXT)"
/usr/bin/time -v -o "$OUT/base.time" sqlite3 "$OUT/base.db" ".import --csv --skip 1 $DATA/events.csv event_raw"
bwall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$OUT/base.time")
brows=$(sqlite3 "$OUT/base.db" "SELECT count(*) FROM event_raw")
echo "rows=$brows wall=${bwall}s rate=$(echo "$brows $bwall" | awk '{ printf "%.0f", $1 / $2 }') rows/s"

echo "== report on the large database"
hyperfine -N -w 3 -r 30 \
	"$P report --db $OUT/big.db m-0500" \
	"$P report --db $OUT/big.db --format json m-0999" \
	"$P report --db $OUT/big.db jeonbuk-us-2024" \
	"sqlite3 $OUT/big.db 'SELECT count(*) FROM event WHERE mission_id = 500'"
/usr/bin/time -v "$P" report --db "$OUT/big.db" m-0500 2>&1 >/dev/null | grep -E "Maximum resident|Elapsed"
