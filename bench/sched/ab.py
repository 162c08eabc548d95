#!/usr/bin/env python3
"""ab.py OLD NEW PROBLEM.json... [--seeds K] [--time-limit S]: schedule
weights of two builds of pavilion on the same problems, run alternately
(old then new on odd seeds, new then old on even ones) so that a change
in the machine's load falls on both; prints a Markdown table (per
problem: the sum over seeds of each build's weight, and how often each
was ahead) and the totals.  Every schedule passes `schedule check`.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def solve(binary, problem, seed, limit, out):
    subprocess.run([binary, "schedule", "solve", problem, "--time-limit",
                    str(limit), "--seed", str(seed), "-o", out],
                   check=True, capture_output=True)
    subprocess.run([binary, "schedule", "check", problem, out], check=True,
                   capture_output=True)
    return json.load(open(out))["stats"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("problems", nargs="+")
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--time-limit", type=float, default=0.8)
    args = ap.parse_args()
    out = os.path.join(tempfile.mkdtemp(), "s.json")
    print("| problem | old weight (sum over seeds) | new weight | old ahead | "
          "new ahead | new: optimal |")
    print("|---|---|---|---|---|---|")
    total_old = total_new = 0
    for prob in args.problems:
        sum_old = sum_new = old_ahead = new_ahead = optimal = 0
        for seed in range(1, args.seeds + 1):
            order = [("old", args.old), ("new", args.new)]
            if seed % 2 == 0:
                order.reverse()
            got = {}
            for name, binary in order:
                got[name] = solve(binary, prob, seed, args.time_limit, out)
            w_old = got["old"]["weight_scheduled"]
            w_new = got["new"]["weight_scheduled"]
            sum_old += w_old
            sum_new += w_new
            old_ahead += w_old > w_new
            new_ahead += w_new > w_old
            optimal += bool(got["new"].get("optimal"))
        total_old += sum_old
        total_new += sum_new
        print("| %s | %d | %d | %d | %d | %d of %d |"
              % (os.path.basename(prob), sum_old, sum_new, old_ahead,
                 new_ahead, optimal, args.seeds), flush=True)
    print()
    print("total weight: old %d, new %d (%+.3f%%) over %d problems x %d "
          "seeds" % (total_old, total_new,
                     100.0 * (total_new - total_old) / max(total_old, 1),
                     len(args.problems), args.seeds))


if __name__ == "__main__":
    sys.exit(main())
