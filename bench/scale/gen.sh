#!/bin/sh
# bench/scale/gen.sh [--missions N] [--seed S] DB: a programme-scale
# database (bench/scale/gen.py's bundles, imported with `pavilion import`
# in one run).  N defaults to 1,500 (the national size); 300 is the size
# the tests use.  $PAVILION names the binary (default build/pavilion).
# DB must not exist yet.
set -e
missions=1500
seed=1
while [ $# -gt 1 ]; do
	case $1 in
	--missions) missions=$2; shift 2 ;;
	--seed) seed=$2; shift 2 ;;
	*) echo "gen.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
if [ $# -ne 1 ]; then
	echo "usage: bench/scale/gen.sh [--missions N] [--seed S] DB" >&2
	exit 2
fi
db=$1
if [ -e "$db" ]; then
	echo "gen.sh: $db exists" >&2
	exit 2
fi
here=$(dirname "$0")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$here/gen.py" "$work" --missions "$missions" --seed "$seed"
"${PAVILION:-build/pavilion}" import --db "$db" "$work/registry.json" "$work"/m-*.json >/dev/null
