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
for sub in solve check gen event agenda; do
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

# --- the quality figure: "optimal" where the bound proves it ----------------
# b1 and b2 are free only in s1, b3 only in s2: the company can meet one
# of b1, b2 (weight 3) and b3 (1).  Only the LP relaxation sees that the
# company is in one place in s1 (the b-matching bound is 6).
cat >"$dir/lp.json" <<EOF
{"slots":[{"id":"s1","start":"2024-01-09T10:00:00-08:00","end":"2024-01-09T10:30:00-08:00","location":"LVCC","tables":5},
          {"id":"s2","start":"2024-01-09T10:30:00-08:00","end":"2024-01-09T11:00:00-08:00","location":"LVCC","tables":5}],
 "participants":[{"id":"company"},{"id":"b1","available":["s1"]},{"id":"b2","available":["s1"]},{"id":"b3","available":["s2"]}],
 "requests":[{"a":"company","b":"b1","weight":3},{"a":"company","b":"b2","weight":3},{"a":"company","b":"b3"}]}
EOF
expect 0 "solve, optimal by the LP" -- "$PAVILION" schedule solve "$dir/lp.json" --time-limit 1 -o "$dir/lps.json"
said "weight 4, optimal: it equals the upper bound proven by the LP relaxation"
python3 - "$dir/lps.json" <<'EOF' || fail "stats: optimal, bound 4 from the LP relaxation"
import json, sys
s = json.load(open(sys.argv[1]))["stats"]
assert s["weight_scheduled"] == 4 == s["upper_bound"] and s["optimal"] is True, s
assert s["bound_method"] == "lp_relaxation", s
EOF
expect 0 "check of an optimal schedule" -- "$PAVILION" schedule check "$dir/lp.json" "$dir/lps.json"
grep -q "upper bound 4: optimal" "$dir/out" && ok || fail "check says optimal: $(cat "$dir/out")"
# Claiming optimal above the schedule's weight is caught, and so is an
# unknown bound method.
python3 - "$dir/lps.json" "$dir/lpbad.json" <<'EOF' || fail "tampering script"
import json, sys
s = json.load(open(sys.argv[1]))
s["stats"]["upper_bound"] = 5
json.dump(s, open(sys.argv[2], "w"))
EOF
expect 3 "check of a false optimal" -- "$PAVILION" schedule check "$dir/lp.json" "$dir/lpbad.json"
said "\$.stats.optimal: true, but the upper bound 5 is above the weight 4"
python3 - "$dir/lps.json" "$dir/lpbad.json" <<'EOF' || fail "tampering script"
import json, sys
s = json.load(open(sys.argv[1]))
s["stats"]["bound_method"] = "guess"
json.dump(s, open(sys.argv[2], "w"))
EOF
expect 3 "check of an unknown bound method" -- "$PAVILION" schedule check "$dir/lp.json" "$dir/lpbad.json"
said "\$.stats.bound_method: must be"
# Two five-cycles of requests, two slots: an odd cycle cannot be met in
# two rounds, so 8 of 10 is the best, while every bound says 10.
python3 - "$dir/odd.json" <<'EOF' || fail "odd cycles problem"
import json, sys
slots = [{"id": "s%d" % i, "start": "2024-01-09T1%d:00:00-08:00" % i,
          "end": "2024-01-09T1%d:30:00-08:00" % i, "location": "LVCC",
          "tables": 10} for i in (1, 2)]
people = [{"id": "p%d" % i} for i in range(10)]
requests = [{"a": "p%d" % (c * 5 + i), "b": "p%d" % (c * 5 + (i + 1) % 5)}
            for c in (0, 1) for i in range(5)]
json.dump({"slots": slots, "participants": people, "requests": requests},
          open(sys.argv[1], "w"))
EOF
expect 0 "solve, not provably optimal" -- "$PAVILION" schedule solve "$dir/odd.json" --time-limit 0.3 -o "$dir/odds.json"
said "weight 8 of upper bound 10 (80.0%): no schedule weighs more than the bound"
python3 - "$dir/odds.json" <<'EOF' || fail "odd cycles: optimal is false"
import json, sys
assert json.load(open(sys.argv[1]))["stats"]["optimal"] is False
EOF

# --- a stored event: schedule event, agenda, re-run keeps confirmed -------
db="$dir/b2b.db"
"$PAVILION" demo --db "$db" >/dev/null
sqlite3 "$db" <<'EOF'
INSERT INTO organisation (id, key, kind, sectors) VALUES
 (901, 'cli-a', 'local_company', 8), (902, 'cli-b', 'local_company', 8),
 (903, 'cli-x', 'buyer', 8), (904, 'cli-y', 'buyer', 8);
INSERT INTO event (id, mission_id, key, kind, zone, start_utc, start_precision)
 VALUES (901, 1, 'cli-b2b', 'b2b_meeting', 'America/Chicago', 1704902400, 2);
INSERT INTO participant (event_id, position, organisation_id, role) VALUES
 (901, 0, 901, 'attendee'), (901, 1, 902, 'attendee'),
 (901, 2, 903, 'attendee'), (901, 3, 904, 'attendee');
INSERT INTO meeting_slot (id, event_id, start_utc, end_utc, tables) VALUES
 (901, 901, 1704902400, 1704904200, 2), (902, 901, 1704904200, 1704906000, 2);
INSERT INTO meeting_request (event_id, from_organisation_id, to_organisation_id, weight)
 VALUES (901, 901, 903, 1), (901, 901, 904, 1), (901, 902, 903, 2), (901, 902, 904, 1);
EOF
expect 0 "schedule event" -- "$PAVILION" schedule event jeonbuk-us-2024/cli-b2b --db "$db" -o "$dir/run.json"
said "schedule event: weight 5, optimal"
python3 - "$dir/run.json" <<'EOF' || fail "schedule event: all four requests met, at the bound"
import json, sys
r = json.load(open(sys.argv[1]))["stats"]
assert r["scheduled"] == 4 and r["weight_scheduled"] == 5 == r["upper_bound"], r
assert r["optimal"] is True and r["bound_method"] in ("lp_relaxation", "b_matching"), r
EOF
expect 0 "agenda of one organisation" -- "$PAVILION" schedule agenda 901 --org 901 --db "$db" -o "$dir/ag.json"
python3 - "$dir/ag.json" <<'EOF' || fail "agenda: two meetings of cli-a, in time order, local time in Chicago"
import json, sys
a = json.load(open(sys.argv[1]))
assert sorted(i["with"]["key"] for i in a["items"]) == ["cli-x", "cli-y"], a
assert a["items"][0]["start_local"].endswith("-06:00") and a["items"][0]["start_utc"] < a["items"][1]["start_utc"], a
EOF
sqlite3 "$db" "UPDATE meeting SET confirmed = 1 WHERE a_organisation_id = 902 AND b_organisation_id = 903"
kept=$(sqlite3 "$db" "SELECT id, slot_id, table_no FROM meeting WHERE confirmed = 1")
for seed in 2 3 4; do
	expect 0 "re-run, seed $seed" -- "$PAVILION" schedule event 901 --seed "$seed" --time-limit 0.5 --db "$db" -o "$dir/run.json"
	[ "$(sqlite3 "$db" "SELECT id, slot_id, table_no FROM meeting WHERE confirmed = 1")" = "$kept" ] && ok ||
		fail "re-run with seed $seed moved the confirmed meeting"
	[ "$(sqlite3 "$db" "SELECT count(*) FROM meeting WHERE event_id = 901")" = 4 ] && ok ||
		fail "re-run with seed $seed: four meetings"
done
before=$(sqlite3 "$db" "SELECT count(*) FROM meeting")
expect 3 "an event without slots" -- "$PAVILION" schedule event jeonbuk-us-2024/ces-pavilion --db "$db"
said "has no meeting slots"
expect 4 "an unknown event" -- "$PAVILION" schedule event nowhere/none --db "$db"
expect 2 "agenda takes no seed" -- "$PAVILION" schedule agenda 901 --seed 1 --db "$db"
expect 2 "event takes no --org" -- "$PAVILION" schedule event 901 --org 1 --db "$db"
expect 2 "event: time limit over a minute" -- "$PAVILION" schedule event 901 --time-limit 61 --db "$db"
[ "$(sqlite3 "$db" "SELECT count(*) FROM meeting")" = "$before" ] && ok || fail "failed runs changed meetings"
[ "$(sqlite3 "$db" "SELECT count(*) FROM audit WHERE action = 'schedule' AND username = 'cli'")" = 4 ] && ok ||
	fail "every run is in the audit trail"

echo "run-schedule.sh: $passes passed, $failures failed"
[ "$failures" -eq 0 ]
