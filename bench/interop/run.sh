#!/bin/sh
# bench/interop/run.sh [OUTDIR]: exports of a 10,000-event mission to XLSX
# and ICS, and CSV import of 1,000,000 organisations against the sqlite3
# shell's .import of the same file, in the same run on the same machine.
# Needs python3, sqlite3 and /usr/bin/time.  Figures: bench/interop/RESULTS.md.
set -eu
OUT=${1:-bench/out/interop}
P=${PAVILION:-build/pavilion}
DATA=$OUT/data
mkdir -p "$OUT"
[ -f "$DATA/orgs-1m.csv" ] || python3 bench/interop/gen.py "$DATA"
ls -la "$DATA"

wall() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$1"; }
rss() { awk -F': ' '/Maximum resident/ { print $2 }' "$1"; }
fresh() { rm -f "$1" "$1-wal" "$1-shm"; }

echo "== 10,000-event mission"
fresh "$OUT/m.db"
"$P" import --db "$OUT/m.db" "$DATA/mission-10k.json"
for run in 1 2 3; do
	/usr/bin/time -v -o "$OUT/xlsx.time" "$P" export --db "$OUT/m.db" --xlsx -o "$OUT/m.xlsx" bench-10k
	echo "xlsx run $run: $(wall "$OUT/xlsx.time") s, max RSS $(rss "$OUT/xlsx.time") KB, $(wc -c < "$OUT/m.xlsx") bytes"
	/usr/bin/time -v -o "$OUT/ics.time" "$P" export --db "$OUT/m.db" --ics -o "$OUT/m.ics" bench-10k
	echo "ics  run $run: $(wall "$OUT/ics.time") s, max RSS $(rss "$OUT/ics.time") KB, $(grep -c BEGIN:VEVENT "$OUT/m.ics") VEVENTs"
done

echo "== CSV import of 1,000,000 organisations"
# Three imports of the same file, each into a fresh database:
#   pavilion   import --csv: every check, duplicate keys, key lookups,
#              update-or-insert, WAL with synchronous=FULL, one transaction;
#   same       the sqlite3 shell's .import into pavilion's own organisation
#              table (same indexes, foreign keys and search-index triggers),
#              through a view whose INSTEAD OF trigger maps the columns;
#   plain      the sqlite3 shell's .import into a bare table with the same
#              columns, NOT NULLs and UNIQUE key, and no triggers.
cpu() { awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$1"; }
rows=$(($(wc -l < "$DATA/orgs-1m.csv") - 1))
RUNS=${RUNS:-1}
report() {
	echo "$1: $(sqlite3 "$3" "$4") rows in $(wall "$2") s wall, $(cpu "$2") s CPU" \
		"($(echo "$rows $(wall "$2")" | awk '{ printf "%.0f", $1 / $2 }') rows/s wall," \
		"$(echo "$rows $(cpu "$2")" | awk '{ printf "%.0f", $1 / $2 }') rows/CPU-s), max RSS $(rss "$2") KB"
}
for run in $(seq 1 "$RUNS"); do
	echo "-- run $run"
	fresh "$OUT/p.db"
	"$P" demo --db "$OUT/p.db" >/dev/null
	/usr/bin/time -v -o "$OUT/p.time" "$P" import --db "$OUT/p.db" --quiet \
		--csv organisations "$DATA/orgs-1m.csv"
	report pavilion "$OUT/p.time" "$OUT/p.db" "SELECT count(*) FROM organisation WHERE key LIKE 'c-%'"

	fresh "$OUT/s.db"
	"$P" demo --db "$OUT/s.db" >/dev/null
	sqlite3 "$OUT/s.db" "CREATE VIEW org_csv AS SELECT key, kind, name_ko,
		name_en, country, city_ko, city_en, '' AS parent, sectors, website,
		description_ko, description_en FROM organisation;
		CREATE TRIGGER org_csv_insert INSTEAD OF INSERT ON org_csv BEGIN
		INSERT INTO organisation (key, kind, name_ko, name_en, country,
		city_ko, city_en, parent_id, sectors, website, description_ko,
		description_en) VALUES (new.key, new.kind, new.name_ko, new.name_en,
		new.country, new.city_ko, new.city_en, (SELECT id FROM organisation
		WHERE key = nullif(new.parent, '')), new.sectors, new.website,
		new.description_ko, new.description_en); END;"
	/usr/bin/time -v -o "$OUT/s.time" sqlite3 -cmd "PRAGMA foreign_keys = ON" \
		-cmd "PRAGMA synchronous = FULL" "$OUT/s.db" \
		".import --csv --skip 1 $DATA/orgs-1m.csv org_csv"
	report "sqlite3 same table" "$OUT/s.time" "$OUT/s.db" "SELECT count(*) FROM organisation WHERE key LIKE 'c-%'"

	fresh "$OUT/b.db"
	sqlite3 "$OUT/b.db" "PRAGMA journal_mode = WAL;" >/dev/null
	sqlite3 "$OUT/b.db" "CREATE TABLE organisation (key TEXT NOT NULL UNIQUE,
		kind TEXT NOT NULL, name_ko TEXT, name_en TEXT, country TEXT,
		city_ko TEXT, city_en TEXT, parent TEXT, sectors TEXT, website TEXT,
		description_ko TEXT, description_en TEXT)"
	/usr/bin/time -v -o "$OUT/b.time" sqlite3 -cmd "PRAGMA synchronous = FULL" \
		"$OUT/b.db" ".import --csv --skip 1 $DATA/orgs-1m.csv organisation"
	report "sqlite3 plain table" "$OUT/b.time" "$OUT/b.db" "SELECT count(*) FROM organisation"
	echo "ratio pavilion/same: wall $(echo "$(wall "$OUT/s.time") $(wall "$OUT/p.time")" | awk '{ printf "%.2f", $1 / $2 }')," \
		"CPU $(echo "$(cpu "$OUT/s.time") $(cpu "$OUT/p.time")" | awk '{ printf "%.2f", $1 / $2 }');" \
		"pavilion/plain: wall $(echo "$(wall "$OUT/b.time") $(wall "$OUT/p.time")" | awk '{ printf "%.2f", $1 / $2 }')," \
		"CPU $(echo "$(cpu "$OUT/b.time") $(cpu "$OUT/p.time")" | awk '{ printf "%.2f", $1 / $2 }')"
done
