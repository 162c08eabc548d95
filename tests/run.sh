#!/bin/sh
# tests/run.sh BUILD_DIR TEST_BINARY...: runs the unit test binaries, then
# every tests/*/run-*.sh script against BUILD_DIR/pavilion, and prints one
# closing line "N passed, N failed" counting individual checks: cmocka's
# per-binary totals, a script's own "N passed, M failed" line, else one
# check per script.  A binary or script that exits non-zero always counts
# as at least one failure.
build=$1
shift
passed=0
failed=0
failures=""

# tally LOG STATUS NAME: adds the counts LOG reports, or one check.
tally() {
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{ s += $1 } END { print s + 0 }')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{ s += $1 } END { print s + 0 }')
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -1)
		p=$(echo "$line" | grep -oE '[0-9]+ passed' | grep -oE '[0-9]+')
		f=$(echo "$line" | grep -oE '[0-9]+ failed' | grep -oE '[0-9]+')
		if [ -z "$line" ]; then
			p=$(( $2 == 0 ))
			f=$(( $2 != 0 ))
		fi
	fi
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
	if [ "$2" -ne 0 ]; then
		failures="$failures $3"
		cat "$1"
	fi
}

for t in "$@"; do
	"$t" >"$t.log" 2>&1
	tally "$t.log" $? "$t"
done
for s in tests/*/run-*.sh; do
	[ -f "$s" ] || continue
	log="$build/$(echo "$s" | tr / _).log"
	PAVILION="$build/pavilion" sh "$s" >"$log" 2>&1
	tally "$log" $? "$s"
done
for f in $failures; do
	echo "FAILED: $f"
done
echo "$passed passed, $failed failed"
[ -z "$failures" ]
