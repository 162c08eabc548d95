#!/bin/sh
# bench/auth/run.sh [BEFORE_BINARY] [SECONDS]: /api/health latency while
# failed logins flood the server (bench/auth/login_flood.py), for
# build/pavilion and, in the same run, for BEFORE_BINARY (an older build
# to compare with).  Figures are written up in bench/auth/RESULTS.md.
set -e
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$root/bench/out/auth
mkdir -p "$out"
make -s -C "$root" build/pavilion
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -n "$1" ]; then
	python3 "$here/login_flood.py" "$1" "$out" "${2:-10}"
fi
python3 "$here/login_flood.py" "$root/build/pavilion" "$out" "${2:-10}"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
