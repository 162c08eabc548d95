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
	python3 - "$url" "$token" <<'PY'
import json, sys, time, urllib.request
url, token = sys.argv[1], sys.argv[2]
def get(path):
    r = urllib.request.Request(url + path, headers={"Authorization": "Bearer " + token})
    t = time.perf_counter()
    with urllib.request.urlopen(r) as resp:
        body = resp.read()
    return time.perf_counter() - t, len(body), json.loads(body)
total = size = pages = companies = 0
cursor, first = None, None
while True:
    dt, n, doc = get("/api/events/900001/suggestions?limit=10&companies=50" + (f"&cursor={cursor}" if cursor else ""))
    total += dt; size += n; pages += 1; companies += len(doc["items"])
    first = first or dt
    cursor = doc["next_cursor"]
    if cursor is None:
        break
print(f"suggestions: {companies} companies in {pages} pages of 50, {total:.2f} s in all "
      f"({total / pages * 1000:.0f} ms a page, first {first * 1000:.0f} ms), {size} bytes")
dt, n, doc = get("/api/events/900001/suggestions?organisation_id=1000000&limit=10")
print(f"suggestions for one company: {dt * 1000:.0f} ms, {n} bytes")
dt, n, doc = get("/api/events/900001/agenda?organisation_id=1000000")
print(f"agenda of one company: {dt * 1000:.1f} ms, {len(doc['items'])} meetings")
PY
	kill "$pid"; wait "$pid" 2>/dev/null || true
done
echo "uptime: $(uptime)"
