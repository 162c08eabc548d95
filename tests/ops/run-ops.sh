#!/bin/sh
# tests/ops/run-ops.sh: operations against the real binary $PAVILION:
# slow clients (slow_test.py), backups taken while a writer runs
# (backup_test.py), and what exports write (export_test.py: UTC zones and
# years in calendars, formulas in CSV and XLSX, output files written
# whole or not at all).
set -u
P=${PAVILION:-build/pavilion}
HERE=$(dirname "$0")
PY=/usr/bin/python3      # Debian's, which has python3-icalendar
# The PDF writer's libraries keep a little for the process (see there).
LSAN_OPTIONS="suppressions=$(cd "$HERE/../interop" && pwd)/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
total_pass=0
total_fail=0
for t in "$HERE"/*_test.py; do
	"$PY" "$t" "$P" "$work" >"$work/log" 2>&1
	rc=$?
	cat "$work/log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$work/log" | tail -1)
	p=$(echo "$line" | cut -d' ' -f1)
	f=$(echo "$line" | cut -d' ' -f3)
	[ -n "$p" ] || { p=0; f=1; }
	[ "$rc" -eq 0 ] || [ "$f" -gt 0 ] || f=1
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
