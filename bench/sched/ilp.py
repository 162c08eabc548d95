#!/usr/bin/env python3
"""ilp.py PROBLEM.json MODEL.lp [--plain] [SOLUTION.json START.txt]:
writes the exact weight-maximisation ILP of a scheduling problem in CPLEX
LP format, for coinor-cbc (benchmark only; the product never uses CBC).
Given one of Pavilion's solutions too, it first checks that the schedule
satisfies every row of the model (a model that cut off a feasible
schedule would make CBC's "optimum" meaningless) and writes it as a CBC
-mipstart file.

Variables x_r_s (request r met in slot s) exist where both sides are
available; identical tables are one count, not an index.  Constraints,
as in docs/scheduler.md:
  - each request at most once;
  - per participant, at most one meeting in each maximal clique of
    pairwise conflicting slots (overlap, or less than the travel time
    between);
  - at most `tables` meetings per slot;
  - max_meetings;
  - fixed meetings are forced to 1.
Objective: maximise the total weight met (idle gaps are not modelled).

Unless --plain is given, the model also carries the participants'
*patterns*, which change nothing about the integer optimum but close
most of the LP gap with parallel venues.  A participant's meetings in one
connected group of mutually reachable slots (in practice, a day) lie in
some maximal set of pairwise non-conflicting slots, a pattern: with two
venues and travel, "all day at venue 1", "venue 1 until 11:00, then
venue 2", and so on.  Binary l_p_k picks at most one pattern per
participant and group; y_r_p_k (continuous) is request r's meeting
attributed to pattern k of its side p:
  - sum_k l_p_k <= 1;
  - meetings of p in slot s: sum_r x_r_s <= sum_{k contains s} l_p_k;
  - x_r_s <= sum_{k contains s} y_r_p_k;
  - sum_{s in the group} x_r_s <= sum_k y_r_p_k, y_r_p_k <= l_p_k;
  - sum_r y_r_p_k <= |k| l_p_k.
Integer schedules satisfy these with l on a pattern holding p's meetings
and y equal to the meetings; the LP, however, can no longer meet a
request "half in each venue" while its side spends each half of the day
elsewhere, which is what the plain clique model allows.
"""
import json
import sys
from datetime import datetime


def parse_time(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def maximal_cliques(vertices, adjacent):
    """All maximal cliques of the graph on vertices (Bron-Kerbosch with
    pivoting); adjacent(u) is the set of u's neighbours."""
    found = []

    def expand(r, p, x):
        if not p and not x:
            found.append(sorted(r))
            return
        pivot = max(p | x, key=lambda u: len(adjacent(u) & p))
        for v in sorted(p - adjacent(pivot)):
            expand(r | {v}, p & adjacent(v), x & adjacent(v))
            p = p - {v}
            x = x | {v}

    expand(set(), set(vertices), set())
    return found


def merged_requests(problem):
    """{(a, b): weight} over participant indices, a < b, duplicates summed;
    x_i_s names the i-th of these in sorted order."""
    pid = {p["id"]: i for i, p in enumerate(problem["participants"])}
    weight = {}
    for r in problem.get("requests", []):
        a, b = pid[r["a"]], pid[r["b"]]
        key = (min(a, b), max(a, b))
        weight[key] = weight.get(key, 0) + r.get("weight", 1)
    return weight


def schedule_from_cbc(problem, solution_text):
    """CBC's -solution file for this model as a Pavilion solution
    document, so that `pavilion schedule check` can judge it: tables are
    numbered per slot, idle gaps counted as docs/scheduler.md defines
    them."""
    people = problem["participants"]
    slots = problem["slots"]
    weight = merged_requests(problem)
    requests = sorted(weight)
    met = {}
    for line in solution_text.splitlines()[1:]:
        f = line.split()
        if len(f) >= 3 and f[1].startswith("x") and float(f[2]) > 0.5:
            i, s = map(int, f[1][1:].split("_"))
            met[i] = s
    used = {}
    meetings = []
    for i, s in sorted(met.items(), key=lambda m: (m[1], m[0])):
        used[s] = used.get(s, 0) + 1
        a, b = requests[i]
        meetings.append({"a": people[a]["id"], "b": people[b]["id"],
                         "slot": slots[s]["id"], "table": used[s]})
    unscheduled = [{"a": people[a]["id"], "b": people[b]["id"],
                    "weight": weight[(a, b)], "reason": "not met by CBC"}
                   for i, (a, b) in enumerate(requests) if i not in met]
    start = [parse_time(s["start"]) for s in slots]
    end = [parse_time(s["end"]) for s in slots]
    day = [datetime.fromisoformat(s["start"].replace("Z", "+00:00")).date()
           for s in slots]
    sid = {s["id"]: k for k, s in enumerate(slots)}
    held = {}
    for i, s in met.items():
        for x in requests[i]:
            held.setdefault((x, day[s]), []).append(s)
    gaps = 0
    for (x, _), mine in held.items():
        ids = people[x].get("available")
        avail = range(len(slots)) if ids is None else [sid[v] for v in ids]
        mine.sort(key=lambda s: start[s])
        for s, t in zip(mine, mine[1:]):
            if any(start[u] >= end[s] and end[u] <= start[t] for u in avail):
                gaps += 1
    total = sum(weight[requests[i]] for i in met)
    return {"meetings": meetings, "unscheduled": unscheduled,
            "stats": {"requests": len(requests), "scheduled": len(met),
                      "weight_total": sum(weight.values()),
                      "weight_scheduled": total, "upper_bound": total,
                      "idle_gaps": gaps, "seconds": 0}}


def build(problem, plain=False):
    """The model as a dict: rows [(terms, "<= k")], var {(i, s): name},
    extra (continuous), binaries, weight, requests, and patterns
    [(x, group, slots, patterns)] for start_values()."""
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

    neighbours = [{t for t in range(S) if t != s and conflict(s, t)}
                  for s in range(S)]

    people = problem["participants"]
    pid = {p["id"]: i for i, p in enumerate(people)}
    avail = []
    for p in people:
        if "available" in p:
            avail.append({sid[x] for x in p["available"]})
        else:
            avail.append(set(range(S)))
    weight = merged_requests(problem)
    requests = sorted(weight)

    var = {}          # (request index, slot) -> name
    by_person_slot = {}
    by_slot = {}
    slots_of = {}     # request index -> its slots
    requests_of = {}  # participant -> request indices
    for i, (a, b) in enumerate(requests):
        for s in sorted(avail[a] & avail[b]):
            name = "x%d_%d" % (i, s)
            var[(i, s)] = name
            by_person_slot.setdefault((a, s), []).append(name)
            by_person_slot.setdefault((b, s), []).append(name)
            by_slot.setdefault(s, []).append(name)
            slots_of.setdefault(i, []).append(s)
        if i in slots_of:
            requests_of.setdefault(a, []).append(i)
            requests_of.setdefault(b, []).append(i)

    rows = []         # (terms, sense and right-hand side)
    extra = []        # continuous variables (the y's)
    binaries = list(var.values())

    for i, names in sorted(slots_of.items()):
        rows.append(([var[(i, s)] for s in names], "<= 1"))
    # Every maximal clique of the slot conflict graph; a participant's
    # maximal cliques are among these restricted to where they can meet.
    cliques = maximal_cliques(range(S), lambda u: neighbours[u])
    for x in range(len(people)):
        seen = set()
        for c in cliques:
            names = [n for s in c for n in by_person_slot.get((x, s), [])]
            key = tuple(names)
            if len(names) > 1 and key not in seen:
                seen.add(key)
                rows.append((names, "<= 1"))
        cap = people[x].get("max_meetings")
        if cap is not None:
            names = [n for s in range(S) for n in by_person_slot.get((x, s), [])]
            if len(names) > cap:
                rows.append((names, "<= %d" % cap))
    for s, names in sorted(by_slot.items()):
        if len(names) > slots[s]["tables"]:
            rows.append((names, "<= %d" % slots[s]["tables"]))
    for f in problem.get("fixed", []):
        a, b = pid[f["a"]], pid[f["b"]]
        i = requests.index((min(a, b), max(a, b)))
        rows.append(([var[(i, sid[f["slot"]])]], "= 1"))

    found = []
    if not plain:
        for x in range(len(people)):
            add_patterns(x, requests_of.get(x, []), slots_of, var,
                         by_person_slot, neighbours, rows, extra, binaries,
                         found)
    return {"rows": rows, "var": var, "extra": extra, "binaries": binaries,
            "weight": weight, "requests": requests, "patterns": found}


def start_values(problem, doc, model):
    """Every variable's value for a Pavilion solution document: x from its
    meetings, a pattern holding each participant's meetings of a group,
    and y on it.  None when no pattern holds them (the model would be
    wrong)."""
    pid = {p["id"]: i for i, p in enumerate(problem["participants"])}
    sid = {s["id"]: i for i, s in enumerate(problem["slots"])}
    index = {k: i for i, k in enumerate(model["requests"])}
    values = {}
    met = {}
    for m in doc["meetings"]:
        a, b = pid[m["a"]], pid[m["b"]]
        i = index[(min(a, b), max(a, b))]
        met[i] = sid[m["slot"]]
        values[model["var"][(i, met[i])]] = 1
    for x, g, gslots, patterns in model["patterns"]:
        gset = set(gslots)
        mine = {i: s for i, s in met.items()
                if x in model["requests"][i] and s in gset}
        holders = [k for k, pat in enumerate(patterns)
                   if all(s in pat for s in mine.values())]
        if not holders:
            return None
        k = holders[0]
        values["l%d_%d_%d" % (x, g, k)] = 1
        for i in mine:
            values["y%d_%d_%d_%d" % (i, x, g, k)] = 1
    return values


def violated(model, values):
    """The rows that values break (empty for a valid model and start)."""
    bad = []
    for k, (terms, rhs) in enumerate(model["rows"]):
        total = 0
        for term in terms:
            f = term.split()
            coef, name = (int(f[0]), f[1]) if len(f) == 2 else (1, f[0])
            total += coef * values.get(name, 0)
        sense, bound = rhs.split()
        if total > int(bound) or (sense == "=" and total != int(bound)):
            bad.append("c%d" % (k + 1))
    return bad


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    plain = "--plain" in sys.argv[3:]
    problem = json.load(open(args[0]))
    model = build(problem, plain)
    if len(args) > 2:
        # --start SOLUTION.json START.txt: check the model against one of
        # our schedules and write it as a CBC -mipstart file.
        doc = json.load(open(args[2]))
        values = start_values(problem, doc, model)
        if values is None:
            sys.exit("%s: no pattern holds the schedule" % args[2])
        bad = violated(model, values)
        if bad:
            sys.exit("%s: the schedule breaks rows %s" % (args[2],
                                                          " ".join(bad[:10])))
        with open(args[3], "w") as f:
            f.write("Feasible - objective value %d\n"
                    % doc["stats"]["weight_scheduled"])
            known = set(model["binaries"]) | set(model["extra"])
            for n, name in enumerate(sorted(set(values) & known)):
                f.write("%d %s %d 0\n" % (n, name, values[name]))
    rows, var, extra, binaries = (model["rows"], model["var"],
                                  model["extra"], model["binaries"])
    weight, requests = model["weight"], model["requests"]
    out = open(args[1], "w")
    out.write("Maximize\n obj:")
    terms = ["%d %s" % (weight[requests[i]], n) for (i, s), n in var.items()]
    write_sum(out, terms or ["0 dummy"])
    out.write("\nSubject To\n")
    for k, (terms, rhs) in enumerate(rows):
        out.write(" c%d:" % (k + 1))
        write_sum(out, terms)
        out.write(" %s\n" % rhs)
    if extra:
        out.write("Bounds\n")
        for n in extra:
            out.write(" 0 <= %s <= 1\n" % n)
    out.write("Binaries\n")
    for n in binaries:
        out.write(" %s\n" % n)
    if not var:
        out.write(" dummy\n")
    out.write("End\n")


def add_patterns(x, mine, slots_of, var, by_person_slot, neighbours, rows,
                 extra, binaries, found):
    """The pattern rows of participant x (see the module comment)."""
    usable = sorted({s for i in mine for s in slots_of[i]})
    # Groups: connected components of the conflict graph on x's slots.
    group = {}
    for s in usable:
        if s in group:
            continue
        group[s] = s
        todo = [s]
        while todo:
            u = todo.pop()
            for v in neighbours[u]:
                if v in usable and v not in group:
                    group[v] = s
                    todo.append(v)
    members = {}
    for s in usable:
        members.setdefault(group[s], []).append(s)
    for g, gslots in sorted(members.items()):
        if len(gslots) < 2:
            continue
        gset = set(gslots)
        # Patterns: maximal cliques of the complement (stable sets).
        patterns = maximal_cliques(
            gslots, lambda u: gset - neighbours[u] - {u})
        if len(patterns) < 2:
            continue
        found.append((x, g, gslots, patterns))
        lam = ["l%d_%d_%d" % (x, g, k) for k in range(len(patterns))]
        binaries.extend(lam)
        rows.append((lam, "<= 1"))
        for s in gslots:
            names = by_person_slot.get((x, s), [])
            if not names:
                continue
            holders = [lam[k] for k, pat in enumerate(patterns) if s in pat]
            rows.append((names + ["-1 " + n for n in holders], "<= 0"))
        per_pattern = [[] for _ in patterns]
        for i in mine:
            here = [s for s in slots_of[i] if s in gset]
            if not here:
                continue
            ys = {}
            for k, pat in enumerate(patterns):
                if any(s in pat for s in here):
                    n = "y%d_%d_%d_%d" % (i, x, g, k)
                    ys[k] = n
                    extra.append(n)
                    per_pattern[k].append(n)
                    rows.append(([n, "-1 " + lam[k]], "<= 0"))
            rows.append(([var[(i, s)] for s in here] +
                         ["-1 " + n for n in ys.values()], "<= 0"))
            if len(here) > 1:
                for s in here:
                    rows.append(([var[(i, s)]] +
                                 ["-1 " + ys[k] for k in ys
                                  if s in patterns[k]], "<= 0"))
        for k, pat in enumerate(patterns):
            size = len(pat)
            if len(per_pattern[k]) > size:
                rows.append((per_pattern[k] + ["-%d %s" % (size, lam[k])],
                             "<= 0"))


def write_sum(out, terms):
    for j, t in enumerate(terms):
        if j and t.startswith("-"):
            out.write(" - " + t[1:])
        else:
            out.write((" + " if j else " ") + t)
        if j % 8 == 7:
            out.write("\n")


if __name__ == "__main__":
    main()
