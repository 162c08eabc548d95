#!/bin/sh
# bench/scale/run.sh [OUT]: the API on the demo database, a 300-mission
# and a 1,500-mission (national-size) generated database, in one run.
# $PAVILION names the binary (default build/pavilion); databases go to
# OUT (default bench/out/scale) and are made once.
set -e
out=${1:-bench/out/scale}
PAVILION=${PAVILION:-build/pavilion}
export PAVILION
mkdir -p "$out"
[ -f "$out/demo.db" ] || "$PAVILION" demo --db "$out/demo.db" >/dev/null
[ -f "$out/scale-300.db" ] || sh bench/scale/gen.sh --missions 300 "$out/scale-300.db"
[ -f "$out/scale-1500.db" ] || sh bench/scale/gen.sh --missions 1500 "$out/scale-1500.db"
python3 bench/scale/api_bench.py "$PAVILION" demo="$out/demo.db" \
	missions-300="$out/scale-300.db" missions-1500="$out/scale-1500.db"
