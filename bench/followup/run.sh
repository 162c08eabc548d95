#!/bin/sh
# bench/followup/run.sh [OUTDIR]: follow-up surveys on a large database,
# against baselines measured in the same run on the same machine:
#   sync    making the surveys of 2,000 missions of 10 home firms each
#           (60,000 surveys) after their records were written behind the
#           application's back (`pavilion remind --dry-run` brings them up
#           to date) vs `pavilion verify`'s walk of the same database's
#           (empty) chain, i.e. opening it and one query;
#   list    one page of 50 overdue surveys, the first and one deep in
#           (keyset cursor), through the API, vs a page of 50
#           organisations from the generic listing of the same server.
# Needs sqlite3, curl and hyperfine.
set -eu
OUT=${1:-bench/out/followup}
P=${PAVILION:-build/pavilion}
mkdir -p "$OUT"
DB="$OUT/followup.db"
rm -f "$DB" "$DB-wal" "$DB-shm"
"$P" demo --db "$DB" >/dev/null
# 2,000 missions, each with a home return stop 400 days ago and one event
# whose 10 participants are local companies (20,000 firms in all).
sqlite3 "$DB" <<'SQL'
PRAGMA foreign_keys = ON;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO organisation (key, kind, name_ko, name_en, country)
SELECT 'bench-firm-' || i, 'local_company', '벤치기업 ' || i, 'Bench firm ' || i, 'KR' FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
INSERT INTO mission (slug, title_ko, title_en, home_zone)
SELECT 'bench-mission-' || i, '벤치 사절단 ' || i, 'Bench mission ' || i, 'Asia/Seoul' FROM n;
INSERT INTO stop (mission_id, key, zone, home, arrive_utc, arrive_precision)
SELECT id, 'back', 'Asia/Seoul', 1, CAST(strftime('%s', 'now', '-400 days') AS INTEGER) - (id % 200) * 86400, 1
FROM mission WHERE slug LIKE 'bench-mission-%';
INSERT INTO event (mission_id, key, kind, zone, start_utc, start_precision)
SELECT id, 'b2b', 'b2b_meeting', 'America/New_York', CAST(strftime('%s', 'now', '-405 days') AS INTEGER), 1
FROM mission WHERE slug LIKE 'bench-mission-%';
INSERT INTO participant (event_id, position, organisation_id, role)
SELECT e.id, o.id / 2000, o.id, 'attendee' FROM event e
JOIN mission m ON m.id = e.mission_id AND m.slug LIKE 'bench-mission-%'
JOIN organisation o ON o.key LIKE 'bench-firm-%'
 AND (o.id % 2000) = (CAST(substr(m.slug, 15) AS INTEGER) % 2000);
SQL
sqlite3 "$DB" "SELECT (SELECT count(*) FROM survey_dirty), (SELECT count(*) FROM participant)"
echo "== sync: the surveys of 2,000 missions"
cp "$DB" "$OUT/fresh.db"
hyperfine -N -w 0 -r 5 --export-markdown "$OUT/sync.md" \
	--prepare "cp $OUT/fresh.db $OUT/sync.db" \
	"$P remind --dry-run --today 2000-01-01 --db $OUT/sync.db" \
	"$P verify --db $OUT/sync.db"
"$P" remind --dry-run --today 2000-01-01 --db "$DB" >/dev/null
sqlite3 "$DB" "SELECT count(*), sum(due_on < date('now', '-30 days')) FROM survey"

echo "== list: a page of 50 overdue surveys, first and deep"
echo 'bench password' | "$P" user add bench --role officer --password-stdin --db "$DB" >/dev/null
TOKEN=$("$P" token create bench --db "$DB" | tail -1)
"$P" serve --db "$DB" --listen 127.0.0.1:0 >"$OUT/serve.out" 2>"$OUT/serve.err" &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
until grep -q '^listening on ' "$OUT/serve.out" 2>/dev/null; do sleep 0.05; done
U=$(sed -n 's/^listening on //p' "$OUT/serve.out")
H="Authorization: Bearer $TOKEN"
CUR=$(curl -s -H "$H" "$U/api/surveys?state=overdue&limit=200&cursor=2024-01-01.1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["next_cursor"])')
hyperfine -N -w 5 -r 100 --export-markdown "$OUT/list.md" \
	"curl -s -o /dev/null -H '$H' $U/api/organisations?limit=50" \
	"curl -s -o /dev/null -H '$H' $U/api/surveys?state=overdue&limit=50" \
	"curl -s -o /dev/null -H '$H' $U/api/surveys?state=overdue&limit=50&cursor=$CUR"
