#!/usr/bin/env python3
"""Writes a large synthetic Pavilion data set as bundles.

    bench/core/gen.py OUTDIR [--missions 1000] [--orgs 100000]
                             [--events-per-mission 1000]
                             [--agreements-per-mission 50] [--seed 1]

OUTDIR/registry.json holds the organisations; OUTDIR/m-NNNN.json one
mission each (stops across zones, events with participants and attendance,
a pavilion, agreements with values, series and follow-ups), repeating the
organisations it refers to, as every bundle is self-contained.
OUTDIR/events.csv holds the same events as flat rows, for the sqlite3
shell baseline.
"""
import argparse
import csv
import datetime as dt
import json
import os
import random

ZONES = [("US", "America/Los_Angeles", "Los Angeles"), ("US", "America/Chicago", "Chicago"),
         ("US", "America/New_York", "New York"), ("DE", "Europe/Berlin", "Berlin"),
         ("FR", "Europe/Paris", "Paris"), ("VN", "Asia/Ho_Chi_Minh", "Ho Chi Minh City"),
         ("JP", "Asia/Tokyo", "Tokyo"), ("AE", "Asia/Dubai", "Dubai"),
         ("AU", "Australia/Sydney", "Sydney"), ("BR", "America/Sao_Paulo", "São Paulo")]
KINDS = ["local_company", "buyer", "distributor", "association", "government",
         "university", "research_institute", "company"]
SECTORS = ["bio", "defence", "mobility", "agri-food", "ict", "ai", "semiconductor",
           "battery", "energy", "cosmetics"]
EVENT_KINDS = ["joint_pavilion", "signing", "business_day", "courtesy_call", "site_visit",
               "consultation", "coaching", "tech_exchange", "b2b_meeting"]
CURRENCIES = ["USD", "EUR", "KRW", "JPY", "VND"]
SYL = "가나다라마바사아자차카타파하국민대한전북경기서울부산"


def ko_name(r, n):
    return "".join(r.choice(SYL) for _ in range(n))


def org(i, r):
    country, zone, city = r.choice(ZONES)
    o = {"key": f"org-{i}", "kind": KINDS[i % len(KINDS)],
         "name": {"ko": ko_name(r, 4) + " " + str(i), "en": f"Organisation {i}"},
         "country": "KR" if i % 8 == 0 else country,
         "sectors": r.sample(SECTORS, 2)}
    if i % 3 == 0:
        o["products"] = [{"name": {"en": f"Product {i}"}, "hs_code": "%04d" % (i % 9999 + 1)}]
    return o


def mission(m, a, r, events_per, agreements_per, orgs_total, writer):
    start = dt.date(2020, 1, 1) + dt.timedelta(days=(m * 3) % 2000)
    stops, events, refs = [], [], set()
    home = f"org-{(m * 8) % orgs_total}"
    refs.add(home)
    stops.append({"key": "out", "city": {"en": "Incheon"}, "country": "KR",
                  "zone": "Asia/Seoul", "home": True, "depart": start.isoformat()})
    day = start
    legs = r.sample(ZONES, 3)
    for s, (country, zone, city) in enumerate(legs):
        nights = r.randint(1, 3)
        stops.append({"key": f"s{s}", "city": {"en": city}, "country": country, "zone": zone,
                      "arrive": day.isoformat(),
                      "depart": (day + dt.timedelta(days=nights)).isoformat()})
        day += dt.timedelta(days=nights)
    stops.append({"key": "back", "city": {"en": "Incheon"}, "country": "KR",
                  "zone": "Asia/Seoul", "home": True,
                  "arrive": (day + dt.timedelta(days=1)).isoformat()})
    for e in range(events_per):
        s = e % len(legs)
        stop = stops[s + 1]
        d0 = dt.date.fromisoformat(stop["arrive"])
        when = d0 + dt.timedelta(days=e % 2)
        hour = 8 + (e * 7) % 10
        minute = (e * 13) % 4 * 15
        counterpart = f"org-{r.randrange(orgs_total)}"
        refs.add(counterpart)
        ev = {"key": f"e{e}", "kind": EVENT_KINDS[e % len(EVENT_KINDS)],
              "title": {"ko": f"행사 {e}", "en": f"Event {e}"}, "stop": stop["key"],
              "start": f"{when.isoformat()}T{hour:02d}:{minute:02d}",
              "end": f"{when.isoformat()}T{hour + 1:02d}:{minute:02d}",
              "participants": [{"organisation": counterpart, "role": "counterpart"}]}
        if e % 4 == 0:
            ev["attendance"] = {"registered": 50 + e % 50, "attended": 40 + e % 40}
        events.append(ev)
        writer.writerow([m, ev["key"], ev["kind"], ev["title"]["ko"], ev["title"]["en"],
                         stop["zone"], ev["start"], ev["end"]])
    agreements = []
    for k in range(agreements_per):
        e = r.randrange(events_per)
        party = events[e]["participants"][0]["organisation"]
        kind = ["mou", "loi", "contract", "purchase_order"][k % 4]
        ag = {"key": f"a-{m}-{k}", "kind": kind, "title": {"en": f"Agreement {m}-{k}"},
              "event": events[e]["key"], "home_role": "party" if k % 2 else "witness",
              "parties": [{"organisation": home}, {"organisation": party}],
              "series": f"series-{m % 100}", "sectors": [r.choice(SECTORS)],
              "followups": [{"description": {"en": "Check delivery"},
                             "due_on": (day + dt.timedelta(days=90)).isoformat()}]}
        if kind != "mou":
            ag["value"] = {"amount": str(r.randint(1, 5000) * 1000),
                           "currency": r.choice(CURRENCIES)}
        agreements.append(ag)
    pav_event = events[0]["key"]
    return {"pavilion_bundle": 1,
            "organisations": [a[int(k[4:])] for k in sorted(refs)],
            "series": [{"key": f"series-{m % 100}", "name": {"en": f"Series {m % 100}"}}],
            "mission": {"slug": "m-%04d" % m, "title": {"ko": f"사절단 {m}", "en": f"Mission {m}"},
                        "home_zone": "Asia/Seoul", "home_organisation": home,
                        "sectors": r.sample(SECTORS, 3), "stops": stops, "events": events,
                        "pavilions": [{"key": "p", "event": pav_event, "show": {"en": "Show"},
                                       "name": {"en": "Joint pavilion"},
                                       "exhibitors": [{"organisation": home}]}]},
            "agreements": agreements}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("outdir")
    p.add_argument("--missions", type=int, default=1000)
    p.add_argument("--orgs", type=int, default=100000)
    p.add_argument("--events-per-mission", type=int, default=1000)
    p.add_argument("--agreements-per-mission", type=int, default=50)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    r = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)
    orgs = [org(i, r) for i in range(args.orgs)]
    with open(os.path.join(args.outdir, "registry.json"), "w") as f:
        json.dump({"pavilion_bundle": 1, "organisations": orgs}, f, ensure_ascii=False)
    with open(os.path.join(args.outdir, "events.csv"), "w", newline="") as cf:
        w = csv.writer(cf)
        w.writerow(["mission", "key", "kind", "title_ko", "title_en", "zone", "start", "end"])
        for m in range(args.missions):
            b = mission(m, orgs, r, args.events_per_mission, args.agreements_per_mission,
                        args.orgs, w)
            with open(os.path.join(args.outdir, "m-%04d.json" % m), "w") as f:
                json.dump(b, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
