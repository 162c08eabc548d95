#!/bin/sh
# bench/outcomes/run.sh [OUTDIR]: the outcome report and the record chain,
# each against a baseline measured in the same run on the same machine:
#   report  of a mission with 5,000 consultations, 1,000 contracts from
#           them and 1,000 realisations (bench/outcomes/gen.py) vs the
#           reference mission's report from the same database;
#   verify  of a chain of 1,000,000 links (bench/outcomes/chain.py writes
#           them through the schema's triggers with its own SHA-256) vs
#           the sqlite3 shell reading every link once.
# Needs python3, sqlite3 and hyperfine.
set -eu
OUT=${1:-bench/out/outcomes}
P=${PAVILION:-build/pavilion}
mkdir -p "$OUT"

echo "== report: 5,000 consultations and 1,000 realisations"
python3 bench/outcomes/gen.py "$OUT/bench-outcomes.json"
rm -f "$OUT/report.db" "$OUT/report.db-wal" "$OUT/report.db-shm"
"$P" demo --db "$OUT/report.db" >/dev/null
"$P" import --db "$OUT/report.db" "$OUT/bench-outcomes.json"
sqlite3 "$OUT/report.db" "SELECT (SELECT count(*) FROM consultation), (SELECT count(*) FROM realisation), (SELECT count(*) FROM agreement), (SELECT count(*) FROM chain)"
hyperfine -N -w 3 -r 20 --export-markdown "$OUT/report.md" \
	"$P report --db $OUT/report.db jeonbuk-us-2024" \
	"$P report --db $OUT/report.db bench-outcomes" \
	"$P report --db $OUT/report.db --format json bench-outcomes"

echo "== verify: a chain of 1,000,000 links"
if [ "$(sqlite3 "$OUT/chain.db" "SELECT count(*) FROM chain" 2>/dev/null || echo 0)" -lt 1000000 ]; then
	rm -f "$OUT/chain.db" "$OUT/chain.db-wal" "$OUT/chain.db-shm"
	"$P" demo --db "$OUT/chain.db" >/dev/null
	python3 bench/outcomes/chain.py "$OUT/chain.db" 1000000
fi
sqlite3 "$OUT/chain.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
ls -l "$OUT/chain.db"
hyperfine -N -w 1 -r 5 --export-markdown "$OUT/verify.md" \
	"$P verify --db $OUT/chain.db" \
	"sqlite3 $OUT/chain.db \"SELECT count(*), sum(length(state)), sum(length(hash)) FROM chain\""
