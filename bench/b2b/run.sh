#!/bin/sh
# bench/b2b/run.sh: an event's B2B meetings end to end on a stored event
# (bench/b2b/gen.py), against the scheduler alone on the same problem in
# the same run: `pavilion schedule event` (load from SQLite, solve, store
# the meetings, audit) vs `pavilion schedule solve` (read JSON, solve,
# write JSON), both with the same time limit and seed; then the
# matchmaking over HTTP (GET /api/events/{id}/suggestions for every local
# company) and the agenda of one organisation.
# Usage: PAVILION=build/pavilion sh bench/b2b/run.sh [N...]
set -eu
PAVILION=${PAVILION:-build/pavilion}
out=${BENCH_DIR:-bench/out/b2b}
limit=${TIME_LIMIT:-5}
mkdir -p "$out"
echo "uptime: $(uptime)"
for n in ${*:-1000 5000}; do
	d="$out/$n"
	rm -rf "$d"; mkdir -p "$d"
	python3 bench/b2b/gen.py "$n" 1 "$d"
	"$PAVILION" demo --db "$d/b.db" >/dev/null
	sqlite3 "$d/b.db" <"$d/event.sql"
	echo 'bench password' | "$PAVILION" user add bench --role officer --password-stdin --db "$d/b.db" >/dev/null
	token=$("$PAVILION" token create bench --db "$d/b.db" | tail -1)
	/usr/bin/time -f "solve   wall %e s, max RSS %M KB" "$PAVILION" schedule solve "$d/problem.json" \
		--time-limit "$limit" --seed 1 -o "$d/solution.json"
	/usr/bin/time -f "event   wall %e s, max RSS %M KB" "$PAVILION" schedule event jeonbuk-us-2024/bench-b2b \
		--time-limit "$limit" --seed 1 --db "$d/b.db" -o "$d/run.json"
	python3 - "$d/solution.json" "$d/run.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["stats"]; r = json.load(open(sys.argv[2]))["stats"]
for name, x in (("solve", s), ("event", r)):
    print(f"{name}   weight {x['weight_scheduled']} of bound {x['upper_bound']} "
          f"({x['weight_scheduled'] / x['upper_bound']:.4f}), {x['scheduled']} of {x['requests']} requests, "
          f"solver {x['seconds']:.2f} s")
PY
	echo "meetings stored: $(sqlite3 "$d/b.db" "SELECT count(*) FROM meeting WHERE event_id = 900001")"
	"$PAVILION" serve --db "$d/b.db" --listen 127.0.0.1:0 >"$d/serve.out" 2>"$d/serve.err" &
	pid=$!
	until grep -q '^listening on ' "$d/serve.out" 2>/dev/null; do sleep 0.05; done
	url=$(sed -n 's/^listening on //p' "$d/serve.out")
	for path in "/api/events/900001/suggestions?limit=10" "/api/events/900001/agenda?organisation_id=1000000"; do
		curl -s -o "$d/reply.json" -w "GET $path: %{http_code}, %{time_total} s, %{size_download} bytes\n" \
			-H "Authorization: Bearer $token" "$url$path"
	done
	kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "uptime: $(uptime)"
