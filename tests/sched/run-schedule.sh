#!/bin/sh
# run-schedule.sh: `pavilion schedule` end to end against $PAVILION.
# gen -> solve -> check; bad problems refused with the path and exit 3,
# nothing written; a tampered solution is caught with every violation
# named; usage errors exit 2.
set -u
PAVILION=${PAVILION:-build/pavilion}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
failures=0
passes=0

fail() {
	echo "FAIL: $*"
	failures=$((failures + 1))
}

ok() {
	passes=$((passes + 1))
}

# expect STATUS DESCRIPTION -- COMMAND...: runs COMMAND, keeps its stderr
# in $dir/err, and checks the exit status.
expect() {
	want=$1
	what=$2
	shift 3
	"$@" >"$dir/out" 2>"$dir/err"
	got=$?
	if [ "$got" -eq "$want" ]; then
		ok
	else
		fail "$what: exit $got, wanted $want: $(cat "$dir/err")"
	fi
}

said() {
	if grep -qF -- "$1" "$dir/err"; then
		ok
	else
		fail "stderr lacks \"$1\": $(cat "$dir/err")"
	fi
}

# --- help and usage -----------------------------------------------------
expect 0 "schedule --help" -- "$PAVILION" schedule --help
for sub in solve check gen; do
	expect 0 "$sub --help" -- "$PAVILION" schedule "$sub" --help
	grep -q "usage: pavilion schedule $sub" "$dir/out" || fail "$sub --help text"
done
expect 2 "no subcommand" -- "$PAVILION" schedule
expect 2 "bad subcommand" -- "$PAVILION" schedule frobnicate
expect 2 "solve without a file" -- "$PAVILION" schedule solve
expect 2 "bad time limit" -- "$PAVILION" schedule solve x.json --time-limit -1
expect 2 "gen without participants" -- "$PAVILION" schedule gen --seed 1
expect 6 "missing problem file" -- "$PAVILION" schedule solve "$dir/none.json"

# --- gen, solve, check ----------------------------------------------------
expect 0 "gen" -- "$PAVILION" schedule gen --participants 40 --venues 2 \
	--days 2 --slots-per-day 6 --seed 7 -o "$dir/p.json"
expect 0 "gen again" -- "$PAVILION" schedule gen --participants 40 --venues 2 \
	--days 2 --slots-per-day 6 --seed 7 -o "$dir/p2.json"
cmp -s "$dir/p.json" "$dir/p2.json" || fail "gen is not deterministic"
expect 0 "solve" -- "$PAVILION" schedule solve "$dir/p.json" --time-limit 0.5 \
	--seed 3 -o "$dir/s.json"
expect 0 "check of the solver's output" -- "$PAVILION" schedule check \
	"$dir/p.json" "$dir/s.json"
grep -q "^ok: feasible" "$dir/out" || fail "check prints its verdict"
grep -q '"upper_bound"' "$dir/s.json" || fail "solution has stats"
"$PAVILION" schedule solve "$dir/p.json" --time-limit 0.5 --seed 3 >"$dir/s_stdout.json" 2>/dev/null ||
	fail "solve to standard output"
grep -q '"meetings"' "$dir/s_stdout.json" || fail "solution on standard output"

# --- the checker catches tampering ---------------------------------------
# Another table number in the first meeting's slot would be fine; the same
# table twice is not.  Rewrite the second meeting into the first one's
# slot and table, and claim one more scheduled meeting.
python3 - "$dir/s.json" "$dir/bad.json" <<'EOF' || fail "tampering script"
import json, sys
s = json.load(open(sys.argv[1]))
m = s["meetings"]
m[1]["slot"], m[1]["table"] = m[0]["slot"], m[0]["table"]
s["stats"]["scheduled"] += 1
s["stats"]["upper_bound"] = 0
json.dump(s, open(sys.argv[2], "w"))
EOF
expect 3 "check of a tampered solution" -- "$PAVILION" schedule check \
	"$dir/p.json" "$dir/bad.json"
said "bad.json: \$.meetings[1]: table"
said "\$.stats.scheduled"
said "\$.stats.upper_bound"
said "violations"

# --- bad problems: exit 3, the path, nothing written -------------------------
bad() {
	name=$1
	message=$2
	printf '%s\n' "$3" >"$dir/$name.json"
	rm -f "$dir/out.json"
	expect 3 "$name" -- "$PAVILION" schedule solve "$dir/$name.json" -o "$dir/out.json"
	said "$name.json: $message"
	[ ! -e "$dir/out.json" ] || fail "$name: output written anyway"
}
slot='{"id":"d1","start":"2024-01-09T10:00:00-08:00","end":"2024-01-09T10:30:00-08:00","location":"LVCC","tables":2}'
people='[{"id":"acme"},{"id":"hmart"}]'
bad unknown-id '$.requests[0].b: unknown participant "hmartt"' \
	"{\"slots\":[$slot],\"participants\":$people,\"requests\":[{\"a\":\"acme\",\"b\":\"hmartt\"}]}"
bad negative-weight '$.requests[0].weight: must be at least 1' \
	"{\"slots\":[$slot],\"participants\":$people,\"requests\":[{\"a\":\"acme\",\"b\":\"hmart\",\"weight\":-1}]}"
bad self-request '$.requests[0]: "acme" cannot meet itself' \
	"{\"slots\":[$slot],\"participants\":$people,\"requests\":[{\"a\":\"acme\",\"b\":\"acme\"}]}"
bad duplicate-slot '$.slots[1]: duplicate slot "d1"' \
	"{\"slots\":[$slot,$slot],\"participants\":$people}"
bad no-tables '$.slots[0].tables: a slot needs at least one table' \
	'{"slots":[{"id":"d1","start":"2024-01-09T10:00:00Z","end":"2024-01-09T10:30:00Z","location":"L","tables":0}],"participants":[]}'
bad bad-time '$.slots[0].start: "2024-01-09 10:00" is not an RFC 3339' \
	'{"slots":[{"id":"d1","start":"2024-01-09 10:00","end":"2024-01-09T10:30:00Z","location":"L","tables":1}],"participants":[]}'
bad end-before-start '$.slots[0].end' \
	'{"slots":[{"id":"d1","start":"2024-01-09T10:00:00Z","end":"2024-01-09T09:30:00Z","location":"L","tables":1}],"participants":[]}'
bad travel-location '$.travel[0].between[1]: unknown location "Bellagio"' \
	"{\"slots\":[$slot],\"travel\":[{\"between\":[\"LVCC\",\"Bellagio\"],\"minutes\":20}],\"participants\":[]}"
printf '{"slots": [' >"$dir/not-json.json"
expect 3 "not JSON" -- "$PAVILION" schedule solve "$dir/not-json.json"
said "not-json.json:1:"

# --- fixed meetings are kept -------------------------------------------------
cat >"$dir/fixed.json" <<EOF
{"slots":[$slot,{"id":"d2","start":"2024-01-09T10:30:00-08:00","end":"2024-01-09T11:00:00-08:00","location":"LVCC","tables":2}],
 "participants":[{"id":"acme"},{"id":"hmart"},{"id":"kia"}],
 "requests":[{"a":"acme","b":"hmart"},{"a":"acme","b":"kia","weight":5},{"a":"hmart","b":"kia"}],
 "fixed":[{"a":"acme","b":"hmart","slot":"d2","table":2}]}
EOF
expect 0 "solve with fixed" -- "$PAVILION" schedule solve "$dir/fixed.json" -o "$dir/fs.json"
python3 - "$dir/fs.json" <<'EOF' || fail "fixed meeting kept as given, weight 6 of bound 6"
import json, sys
s = json.load(open(sys.argv[1]))
m = [x for x in s["meetings"] if {x["a"], x["b"]} == {"acme", "hmart"}]
assert m and m[0]["slot"] == "d2" and m[0]["table"] == 2, m
assert s["stats"]["weight_scheduled"] == 6 == s["stats"]["upper_bound"], s["stats"]
EOF
expect 0 "check with fixed" -- "$PAVILION" schedule check "$dir/fixed.json" "$dir/fs.json"

echo "run-schedule.sh: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
