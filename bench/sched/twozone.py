#!/usr/bin/env python3
"""twozone.py SEED PARTICIPANTS PROBLEM.json: a business day problem over
two days in two time zones, for bench/sched/small.py --two-zone.

The mission spends day 1 in Los Angeles (UTC-8) and day 2 in New York
(UTC-5), one venue each day, eight 30-minute slots from 09:00 local
time.  About 30% of participants are buyers of one city (available on
that city's day only; half of them for the morning or the afternoon
only); the local companies travel with the mission, and 40% of them
miss a half day (a site visit, the flight).  Requests come from
companies and name buyers with Zipf-like popularity (weight 1, 2 or 3;
10% echoed by the buyer, merged and summed); 5% are between companies.
Tables per slot: participants / 5, so popular buyers and crowded slots
both bind.  Half the buyers cap their meetings at 3-5.  Deterministic
for a seed (Python's own random.Random).

This is the shape where the b-matching bound is loosest: a participant's
capacity counts every slot it could use, while its partners' free slots
do not line up with one another.
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

CITIES = [("LA", -8, "2024-01-09"), ("NYC", -5, "2024-01-10")]
PER_DAY = 8
WINDOW = 3


def problem(seed, n):
    rnd = random.Random(seed)
    slots = []
    day_slots = []
    for city, offset, day in CITIES:
        zone = timezone(timedelta(hours=offset))
        t0 = datetime.fromisoformat(day + "T09:00:00").replace(tzinfo=zone)
        ids = []
        for k in range(PER_DAY):
            s = t0 + timedelta(minutes=30 * k)
            sid = "%s-%s" % (city.lower(), s.strftime("%H%M"))
            slots.append({"id": sid, "start": s.isoformat(),
                          "end": (s + timedelta(minutes=30)).isoformat(),
                          "location": city, "tables": max(2, n // 5)})
            ids.append(sid)
        day_slots.append(ids)
    half = PER_DAY // 2
    buyers = max(2, round(n * 0.5))
    people = []
    for i in range(n):
        p = {}
        if i < buyers:
            p["id"] = "buyer-%02d" % i
            d = i % 2
            mine = day_slots[d]
            if rnd.random() < 0.8:
                first = rnd.randrange(PER_DAY - WINDOW + 1)
                mine = mine[first:first + WINDOW]
            p["available"] = mine
            if rnd.random() < 0.5:
                p["max_meetings"] = rnd.randint(3, 5)
        else:
            p["id"] = "company-%02d" % (i - buyers)
            # Companies book their free slots one by one around their
            # own programme (site visits, the flight between cities).
            if rnd.random() < 0.7:
                p["available"] = [s["id"] for s in slots
                                  if rnd.random() < 0.55]
        people.append(p)
    popularity = [1 / (k + 1) ** 0.3 for k in range(buyers)]
    requests = []
    for _ in range(6 * n):
        a = rnd.randrange(buyers, n)
        if rnd.random() < 0.05:
            b = rnd.randrange(buyers, n)
            if b == a:
                continue
        else:
            b = rnd.choices(range(buyers), popularity)[0]
        w = rnd.choices([1, 2, 3], [70, 20, 10])[0]
        requests.append({"a": people[a]["id"], "b": people[b]["id"],
                         "weight": w})
        if rnd.random() < 0.1:
            requests.append({"a": people[b]["id"], "b": people[a]["id"],
                             "weight": w})
    return {"slots": slots, "participants": people, "requests": requests}


def main():
    seed, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    with open(path, "w") as f:
        json.dump(problem(seed, n), f, indent=1)


if __name__ == "__main__":
    main()
