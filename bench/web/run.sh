#!/bin/sh
# bench/web/run.sh [--missions N] [--runs R]: the browser benchmark.  Makes
# the demo database and a programme-scale one (bench/scale/gen.sh, N
# missions, default 1,500; kept in build/bench/ between runs), serves
# both with $PAVILION (default build/pavilion) and opens the same pages on
# each with bench/web/bench.mjs: API requests, bytes and time to render.
set -e
missions=1500
runs=3
while [ $# -gt 0 ]; do
	case $1 in
	--missions) missions=$2; shift 2 ;;
	--runs) runs=$2; shift 2 ;;
	*) echo "usage: bench/web/run.sh [--missions N] [--runs R]" >&2; exit 2 ;;
	esac
done
PAVILION=${PAVILION:-build/pavilion}
export PAVILION
. tests/web/serve.sh
mkdir -p build/bench
big=build/bench/scale-$missions.db
[ -e "$big" ] || sh bench/scale/gen.sh --missions "$missions" "$big"
cp "$big" "$work/big.db"
"$PAVILION" demo --db "$work/demo.db" >/dev/null
for db in demo big; do
	echo 'officer password' | "$PAVILION" user add officer --role officer --password-stdin --db "$work/$db.db" >/dev/null
	python3 tests/web/pick.py "$work/$db.db" >"$work/$db.json"
	serve "$work/$db.db" "$db"
	eval "${db}_url=\$url"
done
node bench/web/bench.mjs "$work/profile" "$runs" \
	"demo=$demo_url=$work/demo.json" "$missions missions=$big_url=$work/big.json"
