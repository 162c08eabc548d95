#!/bin/sh
# tests/run.sh BUILD_DIR TEST_BINARY...: runs the unit test binaries, then
# every tests/*/run-*.sh script against BUILD_DIR/pavilion, and prints one
# closing line "N passed, N failed".
build=$1
shift
passed=0
failed=0
failures=""
for t in "$@"; do
	if "$t" >"$t.log" 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures $t"
		cat "$t.log"
	fi
done
for s in tests/*/run-*.sh; do
	[ -f "$s" ] || continue
	log="$build/$(echo "$s" | tr / _).log"
	if PAVILION="$build/pavilion" sh "$s" >"$log" 2>&1; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures="$failures $s"
		cat "$log"
	fi
done
for f in $failures; do
	echo "FAILED: $f"
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
