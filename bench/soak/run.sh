#!/bin/sh
# bench/soak/run.sh [SECONDS]: the soak benchmark (bench/soak/soak.py)
# against the release build, 1800 s unless told.  Writes
# bench/out/soak/soak.json; the figures of a run go in bench/RESULTS.md.
set -e
secs=${1:-1800}
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$root/bench/out/soak
mkdir -p "$out"
make -s -C "$root" build/pavilion
python3 "$root/bench/soak/soak.py" "$root/build/pavilion" "$out" "$secs"
