#!/bin/sh
# large.sh [target|curve]: large-problem figures for bench/sched/RESULTS.md.
#
#   target: 5,000 participants, 60,000 request lines, 48 slots (3 days x 8
#           periods x 2 venues in parallel, travel between them), seeds 1-3,
#           --time-limit 9 (so the whole process, JSON in and out, stays
#           under 10 s); weight against our own proven upper bound,
#           wall time and peak memory from /usr/bin/time -v.
#   curve:  500 to 20,000 participants (12 request lines each, same slot
#           layout) at --time-limit 2 and 10.
#
# The binary is $PAVILION (default build/pavilion); files go to $BENCH_DIR
# (default /tmp/pavilion-bench-sched).  Prints Markdown table rows.
set -eu
PAVILION=${PAVILION:-build/pavilion}
dir=${BENCH_DIR:-/tmp/pavilion-bench-sched}
mkdir -p "$dir"

# run N M SEED LIMIT: one generated problem, solved and checked.
run() {
	n=$1 m=$2 seed=$3 limit=$4
	p="$dir/large-$n-$m-$seed.json"
	s="$dir/large-$n-$m-$seed-$limit.solution.json"
	[ -e "$p" ] || "$PAVILION" schedule gen --participants "$n" --requests "$m" \
		--days 3 --slots-per-day 8 --venues 2 --seed "$seed" -o "$p"
	/usr/bin/time -v "$PAVILION" schedule solve "$p" --time-limit "$limit" \
		-o "$s" 2>"$dir/time.txt"
	"$PAVILION" schedule check "$p" "$s" >/dev/null
	python3 - "$s" "$dir/time.txt" "$n" "$m" "$seed" "$limit" <<'EOF'
import json, re, sys
stats = json.load(open(sys.argv[1]))["stats"]
t = open(sys.argv[2]).read()
rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", t).group(1))
wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", t).group(1)
mins, secs = wall.rsplit(":", 1)
wall = float(mins.split(":")[-1]) * 60 + float(secs)
n, m, seed, limit = sys.argv[3:]
print("| %s | %s | %d | %s | %s | %d | %d | %.4f | %d | %.2f | %d |" % (
    n, m, stats["requests"], seed, limit, stats["weight_scheduled"],
    stats["upper_bound"], stats["weight_scheduled"] / stats["upper_bound"],
    stats["idle_gaps"], wall, rss // 1024))
EOF
}

header() {
	echo "| participants | request lines | requests (merged) | seed | --time-limit | weight | upper bound | ratio | idle gaps | wall s | peak MB |"
	echo "|---|---|---|---|---|---|---|---|---|---|---|"
}

case "${1:-target}" in
target)
	header
	for seed in 1 2 3; do
		run 5000 60000 "$seed" 9
	done
	;;
curve)
	header
	for n in 500 1000 2000 5000 10000 20000; do
		for limit in 2 10; do
			run "$n" $((n * 12)) 1 "$limit"
		done
	done
	;;
*)
	echo "usage: large.sh [target|curve]" >&2
	exit 2
	;;
esac
