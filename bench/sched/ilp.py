#!/usr/bin/env python3
"""ilp.py PROBLEM.json MODEL.lp: writes the exact weight-maximisation ILP
of a scheduling problem in CPLEX LP format, for coinor-cbc (benchmark only;
the product never uses CBC).

Variables x_r_s (request r met in slot s) exist where both sides are
available.  Constraints, as in docs/scheduler.md:
  - each request at most once;
  - per participant, at most one meeting in any clique of pairwise
    conflicting slots (overlap, or less than the travel time between);
  - at most `tables` meetings per slot;
  - max_meetings;
  - fixed meetings are forced to 1.
Objective: maximise the total weight met (idle gaps are not modelled).
"""
import json
import sys
from datetime import datetime


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def main():
    problem = json.load(open(sys.argv[1]))
    slots = problem["slots"]
    S = len(slots)
    sid = {s["id"]: i for i, s in enumerate(slots)}
    start = [parse_time(s["start"]) for s in slots]
    end = [parse_time(s["end"]) for s in slots]
    loc = [s["location"] for s in slots]
    travel = {}
    for t in problem.get("travel", []):
        a, b = t["between"]
        travel[(a, b)] = travel[(b, a)] = t["minutes"] * 60

    def conflict(s, t):
        if start[s] < end[t] and start[t] < end[s]:
            return True
        gap = start[t] - end[s] if end[s] <= start[t] else start[s] - end[t]
        return loc[s] != loc[t] and gap < travel.get((loc[s], loc[t]), 0)

    people = problem["participants"]
    pid = {p["id"]: i for i, p in enumerate(people)}
    avail = []
    for p in people:
        if "available" in p:
            avail.append({sid[x] for x in p["available"]})
        else:
            avail.append(set(range(S)))
    weight = {}
    for r in problem.get("requests", []):
        a, b = pid[r["a"]], pid[r["b"]]
        key = (min(a, b), max(a, b))
        weight[key] = weight.get(key, 0) + r.get("weight", 1)
    requests = sorted(weight)

    var = {}          # (request index, slot) -> name
    by_person_slot = {}
    by_slot = {}
    for i, (a, b) in enumerate(requests):
        for s in sorted(avail[a] & avail[b]):
            name = "x%d_%d" % (i, s)
            var[(i, s)] = name
            by_person_slot.setdefault((a, s), []).append(name)
            by_person_slot.setdefault((b, s), []).append(name)
            by_slot.setdefault(s, []).append(name)

    out = open(sys.argv[2], "w")
    out.write("Maximize\n obj:")
    terms = ["%d %s" % (weight[requests[i]], n) for (i, s), n in var.items()]
    write_sum(out, terms or ["0 dummy"])
    out.write("\nSubject To\n")
    k = 0
    per_request = {}
    for (i, s), n in var.items():
        per_request.setdefault(i, []).append(n)
    for i, names in per_request.items():
        k += 1
        out.write(" c%d:" % k)
        write_sum(out, names)
        out.write(" <= 1\n")
    conflicts = [(s, t) for s in range(S) for t in range(s + 1, S)
                 if conflict(s, t)]
    # Cover every conflicting pair by a maximal clique of pairwise
    # conflicting slots: one constraint per clique is much tighter than
    # one per pair.
    cliques = set()
    for s, t in conflicts:
        c = [s, t]
        for u in range(S):
            if u not in c and all(conflict(u, v) for v in c):
                c.append(u)
        cliques.add(frozenset(c))
    in_clique = set().union(*cliques) if cliques else set()
    groups = [sorted(c) for c in cliques] + \
        [[s] for s in range(S) if s not in in_clique]
    for x in range(len(people)):
        for g in groups:
            names = [n for s in g for n in by_person_slot.get((x, s), [])]
            if len(names) > 1:
                k += 1
                out.write(" c%d:" % k)
                write_sum(out, names)
                out.write(" <= 1\n")
        cap = people[x].get("max_meetings")
        if cap is not None:
            names = [n for s in range(S) for n in by_person_slot.get((x, s), [])]
            if len(names) > cap:
                k += 1
                out.write(" c%d:" % k)
                write_sum(out, names)
                out.write(" <= %d\n" % cap)
    for s, names in by_slot.items():
        if len(names) > slots[s]["tables"]:
            k += 1
            out.write(" c%d:" % k)
            write_sum(out, names)
            out.write(" <= %d\n" % slots[s]["tables"])
    for f in problem.get("fixed", []):
        a, b = pid[f["a"]], pid[f["b"]]
        i = requests.index((min(a, b), max(a, b)))
        k += 1
        out.write(" c%d: %s = 1\n" % (k, var[(i, sid[f["slot"]])]))
    out.write("Binaries\n")
    for n in var.values():
        out.write(" %s\n" % n)
    if not var:
        out.write(" dummy\n")
    out.write("End\n")


def write_sum(out, terms):
    for j, t in enumerate(terms):
        out.write((" + " if j else " ") + t)
        if j % 8 == 7:
            out.write("\n")


if __name__ == "__main__":
    main()
