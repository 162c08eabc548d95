#!/usr/bin/env python3
"""bench/b2b/gen.py N SEED OUT_DIR: a stored B2B event and the same
problem as a scheduler file.

N organisations take part (half local companies, half buyers and
distributors, popularity skewed: a few buyers are wanted by many),
12 requests per local company, 2 days x 8 half-hour slots at 2 venues with
30 minutes of travel, tables for a third of the participants per venue,
sectors and HS codes drawn so matchmaking has work to do.  Writes
OUT_DIR/event.sql (run after `pavilion demo`; the event is
jeonbuk-us-2024/bench-b2b) and OUT_DIR/problem.json (the same slots,
participants and requests, for `pavilion schedule solve`).
"""
import json
import random
import sys

n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
BASE = 1_000_000
T0 = 1704902400 + 16 * 3600            # 2024-01-10 08:00 in Los Angeles
locals_ = [BASE + i for i in range(n // 2)]
local_set = set(locals_)
buyers = [BASE + i for i in range(n // 2, n)]
weights = [1.0 / (r + 1) ** 0.8 for r in range(len(buyers))]
sql = ["BEGIN;",
       "INSERT INTO venue (id, key, name_en) VALUES (900001, 'bench-hall-a', 'Hall A'), (900002, 'bench-hall-b', 'Hall B');",
       "INSERT INTO event (id, mission_id, key, kind, zone, start_utc, start_precision, venue_id, meeting_travel_minutes)"
       f" VALUES (900001, 1, 'bench-b2b', 'b2b_meeting', 'America/Los_Angeles', {T0}, 2, 900001, 30);"]
for pos, org in enumerate(locals_ + buyers):
    kind = "local_company" if org in local_set else rng.choice(["buyer", "buyer", "distributor"])
    sectors = rng.choice([1, 8, 9, 8192, 4096, 16, 24])
    sql.append(f"INSERT INTO organisation (id, key, kind, name_en, country, sectors) VALUES "
               f"({org}, 'bench-{org}', '{kind}', 'Org {org}', '{'KR' if kind == 'local_company' else 'US'}', {sectors});")
    for k in range(2):
        hs = f"{rng.randint(1, 40):02d}{rng.randint(1, 20):02d}{rng.randint(10, 30):02d}"
        sql.append(f"INSERT INTO product (organisation_id, position, hs_code) VALUES ({org}, {k}, '{hs}');")
    sql.append(f"INSERT INTO participant (event_id, position, organisation_id, role) VALUES (900001, {pos}, {org}, 'attendee');")
slots, sid = [], 900000
tables = max(1, n // 6)
for day in range(2):
    for k in range(8):
        for venue in (900001, 900002):
            sid += 1
            start = T0 + day * 86400 + k * 1800
            slots.append({"id": f"s{sid}", "start": start, "end": start + 1800, "venue": venue})
            sql.append(f"INSERT INTO meeting_slot (id, event_id, start_utc, end_utc, venue_id, tables) VALUES "
                       f"({sid}, 900001, {start}, {start + 1800}, {venue}, {tables});")
requests = set()
for org in locals_:
    mine = set()
    while len(mine) < 12:
        mine.add(rng.choices(buyers, weights)[0])
    requests |= {(org, b) for b in mine}
for a, b in sorted(requests):
    sql.append(f"INSERT INTO meeting_request (event_id, from_organisation_id, to_organisation_id) VALUES (900001, {a}, {b});")
sql.append("COMMIT;")
open(f"{out}/event.sql", "w").write("\n".join(sql) + "\n")


def iso(t):
    import datetime
    return datetime.datetime.fromtimestamp(t, datetime.timezone(datetime.timedelta(hours=-8))).isoformat()


problem = {
    "slots": [{"id": s["id"], "start": iso(s["start"]), "end": iso(s["end"]),
               "location": "event" if s["venue"] == 900001 else "v900002", "tables": tables} for s in slots],
    "travel": [{"between": ["event", "v900002"], "minutes": 30}],
    "participants": [{"id": f"o{o}"} for o in locals_ + buyers],
    "requests": [{"a": f"o{a}", "b": f"o{b}"} for a, b in sorted(requests)],
}
json.dump(problem, open(f"{out}/problem.json", "w"))
print(f"{n} organisations, {len(requests)} requests, {len(slots)} slots of {tables} tables")
