#!/usr/bin/env python3
"""tests/scale/scale_test.py PAVILION WORKDIR: the programme-scale API on
WORKDIR/scale.db (made by bench/scale/gen.sh) against the real server on
127.0.0.1 with a port chosen by the OS.

Every aggregate and listing is compared with figures computed here in
python from the raw tables (never with the server's SQL), for an officer
and for a company account.  Every response goes to
WORKDIR/responses.jsonl for check_openapi.mjs.  Prints "N passed, N
failed" and exits non-zero on any failure.
"""
import collections
import datetime as dt
import http.client
import json
import os
import sqlite3
import subprocess
import sys
import urllib.parse

PAVILION, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "scale.db")
RESPONSES = open(os.path.join(WORK, "responses.jsonl"), "w")
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, flush=True)


def cli(*args, stdin=None):
    r = subprocess.run([PAVILION, *args, "--db", DB], input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"pavilion {' '.join(args)}: {r.stderr}")
    return r.stdout


def request(path, token):
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    conn.request("GET", path, headers={"Authorization": "Bearer " + token})
    r = conn.getresponse()
    text = r.read().decode("utf-8", "replace")
    conn.close()
    RESPONSES.write(json.dumps({"method": "GET", "path": path, "status": r.status,
                                "content_type": r.getheader("Content-Type"), "body": text}) + "\n")
    try:
        return r.status, json.loads(text)
    except ValueError:
        return r.status, None


def get(path, token=None):
    status, doc = request(path, token or OFFICER)
    check(status == 200, f"GET {path}: {status} {doc}")
    return doc if status == 200 else {}


def all_pages(path, token=None, limit=50):
    items, cursor, pages = [], None, 0
    sep = "&" if "?" in path else "?"
    while True:
        doc = get(f"{path}{sep}limit={limit}" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""),
                  token)
        items += doc.get("items", [])
        pages += 1
        cursor = doc.get("next_cursor")
        if not cursor or pages > 500:
            return items


# --- the raw tables, read once ---
db = sqlite3.connect(DB)
db.row_factory = sqlite3.Row
orgs = {r["id"]: dict(r) for r in db.execute("SELECT * FROM organisation")}
missions = {r["id"]: dict(r) for r in db.execute("SELECT * FROM mission")}
stops = {r["id"]: dict(r) for r in db.execute("SELECT * FROM stop")}
events = {r["id"]: dict(r) for r in db.execute("SELECT * FROM event")}
agreements = {r["id"]: dict(r) for r in db.execute("SELECT * FROM agreement")}
parties = collections.defaultdict(list)
for r in db.execute("SELECT * FROM agreement_party ORDER BY agreement_id, position"):
    parties[r["agreement_id"]].append(dict(r))
participants = collections.defaultdict(list)
for r in db.execute("SELECT * FROM participant ORDER BY event_id, position"):
    participants[r["event_id"]].append(dict(r))
followups = [dict(r) for r in db.execute("SELECT * FROM followup")]
series = {r["id"]: dict(r) for r in db.execute("SELECT * FROM series")}
person_org = {r["id"]: r["organisation_id"] for r in db.execute("SELECT id, organisation_id FROM person")}
consultations = {r["id"]: dict(r) for r in db.execute("SELECT * FROM consultation")}
realisations = {r["id"]: dict(r) for r in db.execute("SELECT * FROM realisation")}
SECTORS = ["bio", "defence", "mobility", "agri-food", "ict", "ai", "semiconductor", "battery", "energy",
           "hydrogen", "machinery", "chemicals", "cosmetics", "healthcare", "content", "logistics",
           "education"]
db.close()


def local_day(utc, zone):
    from zoneinfo import ZoneInfo
    return dt.datetime.fromtimestamp(utc, ZoneInfo(zone)).date().isoformat()


def mission_days(mid):
    days = []
    for s in stops.values():
        if s["mission_id"] == mid:
            a = s["arrive_utc"] if s["arrive_utc"] is not None else s["depart_utc"]
            d = s["depart_utc"] if s["depart_utc"] is not None else s["arrive_utc"]
            days.append((local_day(a, s["zone"]), local_day(d, s["zone"])))
    return min(x[0] for x in days), max(x[1] for x in days)


def agreement_country(a):
    e = events.get(a["event_id"])
    s = stops.get(e["stop_id"]) if e else None
    return s["country"] if s else None


def full_day(partial):
    return partial + "-01-01"[len(partial) - 4:] if len(partial) < 10 else partial


# --- accounts ---
PASSWORD = "correct horse battery"
cli("user", "add", "officer1", "--role", "officer", "--password-stdin", stdin=PASSWORD + "\n")
OFFICER = cli("token", "create", "officer1").strip().splitlines()[-1]
# The company: the local firm that is a party to the most agreements.
count = collections.Counter(p["organisation_id"] for ps in parties.values() for p in ps
                            if orgs[p["organisation_id"]]["kind"] == "local_company")
COMPANY_ORG = count.most_common(1)[0][0]
cli("user", "add", "company1", "--role", "company", "--org", str(COMPANY_ORG), "--password-stdin",
    stdin=PASSWORD + "\n")
COMPANY = cli("token", "create", "company1").strip().splitlines()[-1]
own_agreements = {a for a, ps in parties.items() if any(p["organisation_id"] == COMPANY_ORG for p in ps)}
own_events = {e for e, ps in participants.items() if any(p["organisation_id"] == COMPANY_ORG for p in ps)}

server = subprocess.Popen([PAVILION, "serve", "--listen", "127.0.0.1:0", "--db", DB], stdout=subprocess.PIPE,
                          stderr=open(os.path.join(WORK, "serve.err"), "a"), text=True)
line = server.stdout.readline()
if not line.startswith("listening on http://127.0.0.1:"):
    raise SystemExit(f"server did not start: {line!r}")
PORT = int(line.rsplit(":", 1)[1])
conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
conn.request("GET", "/api/openapi.json")
with open(os.path.join(WORK, "openapi.json"), "w") as f:
    f.write(conn.getresponse().read().decode())
conn.close()


def values_of(recs):
    v = collections.defaultdict(int)
    for a in recs:
        if a["currency"]:
            v[a["currency"]] += a["value_minor"]
    return {c: v[c] for c in v}


def api_values(vals):
    return {v["currency"]: v["minor"] for v in vals}


# --- /api/stats: agreements by every grouping, against python ---
def agreement_keys(a, group):
    m = missions.get(a["mission_id"])
    if group == "year":
        return [a["signed_on"][:4]]
    if group == "province":
        return [m["home_organisation_id"] if m else None]
    if group == "country":
        return [agreement_country(a)]
    if group == "kind":
        return [a["kind"]]
    if group == "status":
        return [a["status"]]
    if group == "sector":
        return [SECTORS[b] for b in range(len(SECTORS)) if a["sectors"] >> b & 1]
    if group == "series":
        return [a["series_id"]]


def check_stats(recs, group, doc, what, with_values=True, keys_of=agreement_keys):
    rows = collections.defaultdict(list)
    for a in recs:
        for k in keys_of(a, group):
            rows[k].append(a)
    got = {r["key"]: r for r in doc.get("rows", [])}
    kept = len(got)
    check(doc.get("total", {}).get("count") == len(recs), f"{what}: total {doc.get('total')} vs {len(recs)}")
    check(sum(r["count"] for r in got.values()) + doc.get("others", {}).get("count", -1) ==
          sum(len(v) for v in rows.values()), f"{what}: rows + others = every record")
    check(kept == min(len(rows), 20), f"{what}: {kept} rows of {len(rows)} groups")
    for k, r in got.items():
        check(r["count"] == len(rows.get(k, [])), f"{what}: {k}: {r['count']} vs {len(rows.get(k, []))}")
        if with_values:
            check(api_values(r["values"]) == values_of(rows.get(k, [])), f"{what}: values of {k}")
    if with_values:
        check(api_values(doc["total"]["values"]) == values_of(recs), f"{what}: total values")
    if group != "year":
        counts = [r["count"] for r in doc.get("rows", [])]
        check(counts == sorted(counts, reverse=True), f"{what}: rows by count")
        others = [len(v) for k, v in rows.items() if k not in got]
        check(not others or max(others) <= min(counts), f"{what}: the top rows are the largest")


for group in ("year", "province", "country", "kind", "status", "sector", "series"):
    doc = get(f"/api/stats?measure=agreements&group={group}")
    check_stats(list(agreements.values()), group, doc, f"stats agreements by {group}")
doc = get("/api/stats?group=year")
check([r["key"] for r in doc["rows"]] == sorted({a["signed_on"][:4] for a in agreements.values()}),
      "years in order")

# Filters: year, dates, province, country, sector, kind, status, series.
some_province = next(iter(missions.values()))["home_organisation_id"]
some_series = next(a["series_id"] for a in agreements.values() if a["series_id"])
FILTERS = [
    ("year=2019", lambda a: a["signed_on"][:4] == "2019"),
    ("from=2018-03-01&to=2019-06-30", lambda a: "2018-03-01" <= full_day(a["signed_on"]) <= "2019-06-30"),
    (f"province={some_province}", lambda a: a["mission_id"] and missions[a["mission_id"]]["home_organisation_id"] == some_province),
    ("country=US", lambda a: agreement_country(a) == "US"),
    ("sector=bio", lambda a: a["sectors"] & 1),
    ("kind=contract", lambda a: a["kind"] == "contract"),
    ("status=fulfilled", lambda a: a["status"] == "fulfilled"),
    (f"series={some_series}", lambda a: a["series_id"] == some_series),
    (f"year=2020&province={some_province}&status=signed",
     lambda a: a["signed_on"][:4] == "2020" and a["status"] == "signed" and a["mission_id"] and
     missions[a["mission_id"]]["home_organisation_id"] == some_province),
]
for query, keep in FILTERS:
    recs = [a for a in agreements.values() if keep(a)]
    check(len(recs) > 0, f"filter {query} selects something")
    check_stats(recs, "status", get(f"/api/stats?group=status&{query}"), f"stats {query}")

# Missions and events.
mission_recs = list(missions.values())


def mission_keys(m, group):
    if group == "year":
        return [mission_days(m["id"])[0][:4]]
    if group == "province":
        return [m["home_organisation_id"]]
    if group == "country":
        return sorted({s["country"] for s in stops.values() if s["mission_id"] == m["id"] and not s["home"]})
    if group == "sector":
        return [SECTORS[b] for b in range(len(SECTORS)) if m["sectors"] >> b & 1]


for group in ("year", "province", "country", "sector"):
    check_stats(mission_recs, group, get(f"/api/stats?measure=missions&group={group}"),
                f"stats missions by {group}", with_values=False, keys_of=mission_keys)


def event_keys(e, group):
    if group == "year":
        return [local_day(e["start_utc"], e["zone"])[:4]]
    if group == "kind":
        return [e["kind"]]
    if group == "country":
        s = stops.get(e["stop_id"])
        return [s["country"] if s else None]
    if group == "province":
        return [missions[e["mission_id"]]["home_organisation_id"]]


for group in ("year", "kind", "country", "province"):
    check_stats(list(events.values()), group, get(f"/api/stats?measure=events&group={group}"),
                f"stats events by {group}", with_values=False, keys_of=event_keys)
check_stats([e for e in events.values() if local_day(e["start_utc"], e["zone"])[:4] == "2021"], "kind",
            get("/api/stats?measure=events&group=kind&year=2021"), "stats events in 2021",
            with_values=False, keys_of=event_keys)

# A company counts only its own agreements and events.
check_stats([agreements[a] for a in own_agreements], "status",
            get("/api/stats?group=status", COMPANY), "stats as a company")
check_stats([events[e] for e in own_events], "kind",
            get("/api/stats?measure=events&group=kind", COMPANY), "event stats as a company",
            with_values=False, keys_of=event_keys)

# Top and bad arguments.
doc = get("/api/stats?group=series&top=3")
check(len(doc["rows"]) == 3 and doc["others"]["count"] > 0, "top=3 keeps three rows")
for bad in ("measure=people", "group=colour", "measure=missions&group=status", "year=20x4",
            "from=2024-13-01", "province=abc", "sector=spaceship", "top=0", "top=500",
            "measure=events&series=1", "colour=red"):
    status, doc = request(f"/api/stats?{bad}", OFFICER)
    check(status == 400 and doc and doc.get("detail"), f"stats?{bad}: {status} {doc}")

# --- outcome tiers: /api/stats?measure=consultations|realisations and their listings ---
def money_of(recs, amount, currency):
    v = collections.defaultdict(int)
    for x in recs:
        if x[currency]:
            v[x[currency]] += x[amount]
    return dict(v)


def consultation_keys(c, group):
    e = events[c["event_id"]]
    s = stops.get(e["stop_id"])
    return {"year": [local_day(e["start_utc"], e["zone"])[:4]],
            "province": [missions[e["mission_id"]]["home_organisation_id"]],
            "country": [s["country"] if s else None],
            "sector": [SECTORS[b] for b in range(len(SECTORS)) if e["sectors"] >> b & 1],
            "mission": [e["mission_id"]]}[group]


def realisation_keys(x, group):
    a = agreements[x["agreement_id"]]
    if group == "year":
        return [x["on_date"][:4]]
    if group == "mission":
        return [a["mission_id"]]
    return agreement_keys(a, group)


TIERS = [("consultations", consultations, consultation_keys,
          [("values", "consulted_minor", "consulted_currency"), ("expected", "expected_minor", "expected_currency")]),
         ("realisations", realisations, realisation_keys, [("values", "value_minor", "value_currency")])]
for measure, recs_all, keys_of, money in TIERS:
    check(len(recs_all) > 0, f"the data set has {measure}")
    for group in ("year", "province", "country", "sector", "mission"):
        doc = get(f"/api/stats?measure={measure}&group={group}&top=200")
        rows = collections.defaultdict(list)
        for x in recs_all.values():
            for k in keys_of(x, group):
                rows[k].append(x)
        got = {r["key"]: r for r in doc.get("rows", [])}
        check(set(got) == set(rows), f"stats {measure} by {group}: the groups")
        check(doc["total"]["count"] == len(recs_all), f"stats {measure} by {group}: total")
        for name, amount, currency in money:
            check(api_values(doc["total"][name]) == money_of(recs_all.values(), amount, currency),
                  f"stats {measure} by {group}: total {name}")
        for k, r in got.items():
            check(r["count"] == len(rows[k]), f"stats {measure} by {group}: {k}: {r['count']} vs {len(rows[k])}")
            for name, amount, currency in money:
                check(api_values(r[name]) == money_of(rows[k], amount, currency),
                      f"stats {measure} by {group}: {name} of {k}")
    # Every figure opens its list: the listing with the same filters.
    one = next(iter(recs_all.values()))
    for query, group in ((f"year={keys_of(one, 'year')[0]}", "year"),
                         (f"province={keys_of(one, 'province')[0]}", "province"),
                         (f"country={keys_of(one, 'country')[0]}", "country"),
                         (f"sector={keys_of(one, 'sector')[0]}", "sector"),
                         (f"mission={keys_of(one, 'mission')[0]}", "mission"),
                         (f"year={keys_of(one, 'year')[0]}&country={keys_of(one, 'country')[0]}", None)):
        want = sorted(x["id"] for x in recs_all.values()
                      if all(str(v) in map(str, keys_of(x, kv.split("=")[0]))
                             for kv in query.split("&") for v in [kv.split("=")[1]]))
        items = all_pages(f"/api/{measure}?{query}", limit=83)
        check(sorted(i["id"] for i in items) == want, f"{measure}?{query}: {len(items)} vs {len(want)}")
        doc = get(f"/api/stats?measure={measure}&group=year&{query}")
        check(doc["total"]["count"] == len(want), f"stats {measure} {query}: the listing's count")
        subset = [recs_all[i] for i in want]
        for name, amount, currency in money:
            check(api_values(doc["total"][name]) == money_of(subset, amount, currency),
                  f"stats {measure} {query}: {name}")
# A company counts only its own firm's consultations and the realisations
# of agreements it is a party to, as its listings show them.
own_c = [c for c in consultations.values() if c["firm_id"] == COMPANY_ORG]
doc = get("/api/stats?measure=consultations&group=year", COMPANY)
check(doc["total"]["count"] == len(own_c) and
      api_values(doc["total"]["values"]) == money_of(own_c, "consulted_minor", "consulted_currency"),
      f"stats consultations as a company: {doc['total']['count']} vs {len(own_c)}")
own_r = [x for x in realisations.values() if x["agreement_id"] in own_agreements]
doc = get("/api/stats?measure=realisations&group=year", COMPANY)
check(doc["total"]["count"] == len(own_r) == len(all_pages("/api/realisations", COMPANY)),
      f"stats realisations as a company: {doc['total']['count']} vs {len(own_r)}")
# Tiers are never added together: agreements' values stay the agreements'.
check(api_values(get("/api/stats?group=year")["total"]["values"]) == values_of(list(agreements.values())),
      "agreements' values hold no consultation or realisation")
for bad in ("measure=consultations&group=status", "measure=consultations&series=1",
            "measure=consultations&q=x", "measure=missions&group=mission"):
    status, doc = request(f"/api/stats?{bad}", OFFICER)
    check(status == 400 and doc and doc.get("detail"), f"stats?{bad}: {status} {doc}")

# --- /api/missions/summary ---
def summary_expected(m, own=None):
    evs = [e for e in events.values() if e["mission_id"] == m["id"] and (own is None or e["id"] in own[0])]
    ags = [a for a in agreements.values() if a["mission_id"] == m["id"] and (own is None or a["id"] in own[1])]
    first, last = mission_days(m["id"])
    return {"first_day": first, "last_day": last, "events": len(evs), "agreements": len(ags),
            "values": values_of(ags),
            "countries": sorted({s["country"] for s in stops.values() if s["mission_id"] == m["id"] and not s["home"]})}


def check_summary(items, expected_ids, what, own=None):
    check([i["id"] for i in items] == expected_ids, f"{what}: ids {[i['id'] for i in items][:8]} vs {expected_ids[:8]}")
    for i in items:
        m = missions[i["id"]]
        e = summary_expected(m, own)
        got = {"first_day": i["first_day"], "last_day": i["last_day"], "events": i["events"],
               "agreements": i["agreements"], "values": api_values(i["values"]), "countries": i["countries"]}
        check(got == e, f"{what}: mission {m['slug']}: {got} vs {e}")
        h = orgs[m["home_organisation_id"]]
        check(i["home_organisation"] == {"id": h["id"], "key": h["key"], "name": {"ko": h["name_ko"], "en": h["name_en"]}},
              f"{what}: home organisation embedded")


def by_start(ms, desc=True):
    return [m["id"] for m in sorted(ms, key=lambda m: (mission_days(m["id"])[0], m["id"]), reverse=desc)]


items = all_pages("/api/missions/summary", limit=7)
check_summary(items, by_start(mission_recs), "summary, newest first")
items = all_pages("/api/missions/summary?sort=start", limit=50)
check([i["id"] for i in items] == by_start(mission_recs, False), "summary sort=start")
items = all_pages("/api/missions/summary?sort=-agreements", limit=9)
check([i["id"] for i in items] == [m["id"] for m in sorted(mission_recs, key=lambda m: (
    sum(1 for a in agreements.values() if a["mission_id"] == m["id"]), m["id"]), reverse=True)], "summary sort=-agreements")
items = all_pages("/api/missions/summary?sort=title", limit=9)
check([i["id"] for i in items] == [m["id"] for m in sorted(mission_recs, key=lambda m: (m["title_ko"], m["id"]))],
      "summary sort=title")
SUMMARY_FILTERS = [
    ("year=2020", lambda m: mission_days(m["id"])[0][:4] == "2020"),
    (f"province={some_province}", lambda m: m["home_organisation_id"] == some_province),
    ("country=DE", lambda m: any(s["country"] == "DE" and not s["home"] for s in stops.values() if s["mission_id"] == m["id"])),
    ("sector=energy", lambda m: m["sectors"] >> 8 & 1),
    ("q=" + urllib.parse.quote("부산광역시"), lambda m: "부산광역시" in m["title_ko"]),
    ("q=" + urllib.parse.quote("부산"), lambda m: "부산" in m["title_ko"]),
    ("q=busan", lambda m: "busan" in m["title_en"].lower()),
    (f"year=2022&province={some_province}", lambda m: mission_days(m["id"])[0][:4] == "2022" and
     m["home_organisation_id"] == some_province),
]
for query, keep in SUMMARY_FILTERS:
    expected = by_start([m for m in mission_recs if keep(m)])
    check(len(expected) > 0, f"summary {query} selects something")
    check_summary(all_pages(f"/api/missions/summary?{query}", limit=5), expected, f"summary {query}")
own_missions = [m for m in mission_recs if any(events[e]["mission_id"] == m["id"] for e in own_events)]
check_summary(all_pages("/api/missions/summary", COMPANY), by_start(own_missions), "summary as a company",
              own=(own_events, own_agreements))

# --- /api/followups ---
TODAY = dt.datetime.now(dt.timezone.utc).date().isoformat()


def fu_ids(fs, desc=False):
    return [(f["agreement_id"], f["id"]) for f in sorted(fs, key=lambda f: (f["due_on"], f["id"]), reverse=desc)]


def check_followups(query, keep, what, token=None, limit=50):
    items = all_pages("/api/followups" + (f"?{query}" if query else ""), token, limit)
    expected = fu_ids([f for f in followups if keep(f)], "sort=-due" in query)
    check(len(expected) > 0, f"{what} selects something")
    check([(i["agreement_id"], i["id"]) for i in items] == expected, f"{what}: {len(items)} vs {len(expected)}")
    for i in items[:50]:
        a = agreements[i["agreement_id"]]
        check(i["agreement"] == {"id": a["id"], "key": a["key"], "title": {"ko": a["title_ko"], "en": a["title_en"]}},
              f"{what}: agreement embedded")
        check(i["owner_person"] is None or i["owner_person"]["id"] == i["owner_person_id"], f"{what}: owner embedded")


some_owner = followups[0]["owner_person_id"]
some_agreement = followups[-1]["agreement_id"]
check_followups("", lambda f: True, "followups, all", limit=200)
# A company sees an owner only when the person is one of its own.
foreign_owned = [f for f in followups if f["agreement_id"] in own_agreements and f["owner_person_id"]
                 and person_org[f["owner_person_id"]] != COMPANY_ORG]
check(len(foreign_owned) > 0, "the company's agreements have follow-ups owned by other organisations' people")
for i in all_pages("/api/followups", COMPANY, 200):
    check(i["owner_person"] is None or person_org[i["owner_person"]["id"]] == COMPANY_ORG,
          f"a company is not shown another organisation's person: {i['owner_person']}")
check_followups("state=open", lambda f: f["done_on"] is None, "followups open", limit=37)
check_followups("state=done&sort=-due", lambda f: f["done_on"] is not None, "followups done", limit=200)
check_followups("overdue=true", lambda f: f["done_on"] is None and f["due_on"] < TODAY, "followups overdue")
check_followups("due_before=2019-01-01", lambda f: f["due_on"] < "2019-01-01", "followups due before")
check_followups(f"owner={some_owner}&state=open", lambda f: f["owner_person_id"] == some_owner and f["done_on"] is None,
                "followups of an owner")
check_followups(f"agreement={some_agreement}", lambda f: f["agreement_id"] == some_agreement, "followups of an agreement")
check_followups("", lambda f: f["agreement_id"] in own_agreements, "followups as a company", COMPANY)

# --- an organisation's agreements and events ---
FOREIGN_ORG = next(p["organisation_id"] for a in sorted(parties) for p in parties[a]
                   if orgs[p["organisation_id"]]["kind"] != "local_company" and orgs[p["organisation_id"]]["kind"] != "government")
for org, token, what in ((COMPANY_ORG, None, "officer"), (COMPANY_ORG, COMPANY, "company"), (FOREIGN_ORG, None, "officer")):
    items = all_pages(f"/api/organisations/{org}/agreements", token, limit=3)
    mine = [a for a in agreements.values() if any(p["organisation_id"] == org for p in parties[a["id"]])]
    expected = [a["id"] for a in sorted(mine, key=lambda a: (a["signed_on"], a["id"]), reverse=True)]
    check([i["id"] for i in items] == expected, f"agreements of {org} as {what}")
    for i in items:
        ps = parties[i["id"]]
        check(i["role"] == next(p["role"] for p in ps if p["organisation_id"] == org), "the organisation's role")
        check([(p["organisation_id"], p["role"], p["organisation"]["name"]["en"]) for p in i["parties"]] ==
              [(p["organisation_id"], p["role"], orgs[p["organisation_id"]]["name_en"]) for p in ps], "parties embedded")
    items = all_pages(f"/api/organisations/{org}/events", token, limit=4)
    took = [e for e in events.values() if any(p["organisation_id"] == org for p in participants[e["id"]])]
    expected = [e["id"] for e in sorted(took, key=lambda e: (e["start_utc"], e["id"]), reverse=True)]
    check([i["id"] for i in items] == expected, f"events of {org} as {what}")
    check(all(i["mission"]["slug"] == missions[i["mission_id"]]["slug"] for i in items), "mission embedded")
status, _ = request(f"/api/organisations/{FOREIGN_ORG}/agreements", COMPANY)
check(status == 404, f"a company asks for another organisation's agreements: {status}")
status, _ = request(f"/api/organisations/{FOREIGN_ORG}/events", COMPANY)
check(status == 404, f"a company asks for another organisation's events: {status}")
status, _ = request("/api/organisations/999999/agreements", OFFICER)
check(status == 404, f"no such organisation: {status}")
for bad in ("/api/missions/summary?sort=colour", "/api/missions/summary?year=x", "/api/missions/summary?limit=0",
            "/api/missions/summary?limit=201", "/api/missions/summary?cursor=zz", "/api/missions/summary?country=XX1",
            "/api/followups?state=maybe", "/api/followups?due_before=2024-02-30", "/api/followups?owner=me",
            "/api/followups?overdue=yes", f"/api/organisations/{COMPANY_ORG}/agreements?status=won",
            f"/api/organisations/{COMPANY_ORG}/events?kind=party", "/api/followups?colour=red"):
    status, doc = request(bad, OFFICER)
    check(status == 400 and doc and doc.get("detail"), f"{bad}: {status} {doc}")

# --- /api/agreements: filters, names and parties embedded; counts from /api/stats ---
A_ONE = next(a for a in agreements.values() if agreement_country(a) and a["sectors"] and a["mission_id"])
A_COUNTRY, A_PROVINCE = agreement_country(A_ONE), missions[A_ONE["mission_id"]]["home_organisation_id"]
A_SECTOR = next(b for b in range(len(SECTORS)) if A_ONE["sectors"] >> b & 1)
AGREEMENT_FILTERS = [
    ("status=signed", lambda a: a["status"] == "signed"),
    ("signed_from=2019-01-01&signed_to=2019-12-31", lambda a: "2019-01-01" <= full_day(a["signed_on"]) <= "2019-12-31"),
    (f"province={some_province}", lambda a: a["mission_id"] and missions[a["mission_id"]]["home_organisation_id"] == some_province),
    (f"series={some_series}", lambda a: a["series_id"] == some_series),
    ("q=" + urllib.parse.quote("바이오"), lambda a: "바이오" in a["title_ko"] or "바이오" in a["title_en"]),
    ("q=LOI", lambda a: "loi" in a["title_ko"].lower() or "loi" in a["title_en"].lower()),
    ("year=2019", lambda a: a["signed_on"][:4] == "2019"),
    ("country=US", lambda a: agreement_country(a) == "US"),
    ("sector=bio", lambda a: a["sectors"] & 1),
    ("kind=contract&year=2020", lambda a: a["kind"] == "contract" and a["signed_on"][:4] == "2020"),
    (f"mission={next(iter(missions))}", lambda a: a["mission_id"] == next(iter(missions))),
    # Three filters at once, their values those of one agreement.
    (f"country={A_COUNTRY}&sector={SECTORS[A_SECTOR]}&province={A_PROVINCE}",
     lambda a: agreement_country(a) == A_COUNTRY and a["sectors"] >> A_SECTOR & 1 and a["mission_id"] and
     missions[a["mission_id"]]["home_organisation_id"] == A_PROVINCE),
    (f"status=fulfilled&province={some_province}&signed_from=2017-01-01",
     lambda a: a["status"] == "fulfilled" and full_day(a["signed_on"]) >= "2017-01-01" and a["mission_id"] and
     missions[a["mission_id"]]["home_organisation_id"] == some_province),
]
for query, keep in AGREEMENT_FILTERS:
    expected = [a["id"] for a in sorted((a for a in agreements.values() if keep(a)),
                                        key=lambda a: (a["signed_on"], a["id"]), reverse=True)]
    check(len(expected) > 0, f"agreements {query} selects something")
    items = all_pages(f"/api/agreements?sort=-signed_on&{query}", limit=61)
    check([i["id"] for i in items] == expected, f"agreements {query}: {len(items)} vs {len(expected)}")
    for i in items[:40]:
        check([(p["organisation_id"], p["role"], p["organisation"]["key"]) for p in i["parties"]] ==
              [(p["organisation_id"], p["role"], orgs[p["organisation_id"]]["key"]) for p in parties[i["id"]]],
              f"agreements {query}: parties of {i['id']} embedded")
        m = missions.get(i["mission_id"])
        check(i["mission"] == ({"id": m["id"], "slug": m["slug"], "title": {"ko": m["title_ko"], "en": m["title_en"]}}
                               if m else None), f"agreements {query}: mission embedded")
        sr = series.get(i["series_id"])
        check((i["series"] or {}).get("key") == (sr["key"] if sr else None), f"agreements {query}: series embedded")
    # The board's column counts: /api/stats group=status with the same filters.
    stats_query = query.replace("signed_from", "from").replace("signed_to", "to")
    doc = get(f"/api/stats?group=status&{stats_query}")
    check(doc.get("total", {}).get("count") == len(expected), f"stats for the board {query}")
    for row in doc.get("rows", []):
        check(row["count"] == sum(1 for i in expected if agreements[i]["status"] == row["key"]),
              f"board column {row['key']} of {query}")

# --- /api/events: the filters of /api/stats?measure=events, the same records ---
E_ONE = next(e for e in events.values() if e["stop_id"] in stops and not stops[e["stop_id"]]["home"])
E_YEAR, E_COUNTRY = local_day(E_ONE["start_utc"], E_ONE["zone"])[:4], stops[E_ONE["stop_id"]]["country"]
E_PROVINCE = missions[E_ONE["mission_id"]]["home_organisation_id"]
EVENT_FILTERS = [
    ("year=2021", lambda e: local_day(e["start_utc"], e["zone"])[:4] == "2021"),
    (f"province={some_province}", lambda e: missions[e["mission_id"]]["home_organisation_id"] == some_province),
    ("country=US", lambda e: e["stop_id"] in stops and stops[e["stop_id"]]["country"] == "US"),
    ("sector=bio", lambda e: e["sectors"] & 1),
    (f"mission={E_ONE['mission_id']}&kind={E_ONE['kind']}",
     lambda e: e["mission_id"] == E_ONE["mission_id"] and e["kind"] == E_ONE["kind"]),
    # Three filters at once, their values those of one event.
    (f"year={E_YEAR}&province={E_PROVINCE}&country={E_COUNTRY}",
     lambda e: local_day(e["start_utc"], e["zone"])[:4] == E_YEAR and
     missions[e["mission_id"]]["home_organisation_id"] == E_PROVINCE and
     e["stop_id"] in stops and stops[e["stop_id"]]["country"] == E_COUNTRY),
]
for query, keep in EVENT_FILTERS:
    expected = sorted(e["id"] for e in events.values() if keep(e))
    check(len(expected) > 0, f"events {query} selects something")
    items = all_pages(f"/api/events?{query}", limit=97)
    check(sorted(i["id"] for i in items) == expected, f"events {query}: {len(items)} vs {len(expected)}")
    doc = get(f"/api/stats?measure=events&group=kind&{query}")
    check(doc.get("total", {}).get("count") == len(items), f"stats events {query}: the listing's count")
for bad in ("/api/events?year=21", "/api/events?country=usa", "/api/events?sector=spaceship",
            "/api/agreements?year=abcd", "/api/agreements?country=U1", "/api/events?province=x"):
    status, doc = request(bad, OFFICER)
    check(status == 400 and doc and doc.get("detail"), f"{bad}: {status} {doc}")
items = all_pages("/api/agreements?sort=value_minor", limit=200)
values = [i["value_minor"] for i in items]
check(len(items) == len(agreements) and values == sorted(values, key=lambda v: (v is not None, v or 0)),
      "agreements sorted by value, the nulls first, every one once")
items = all_pages("/api/agreements?sort=-value_minor", limit=113)
check([i["id"] for i in items] == [a["id"] for a in sorted(agreements.values(), key=lambda a: (
    a["value_minor"] is not None, a["value_minor"] or 0, a["id"]), reverse=True)], "agreements by -value, nulls last")
items = all_pages("/api/agreements", COMPANY)
check(sorted(i["id"] for i in items) == sorted(own_agreements), "agreements as a company")
check(all(i["mission"] is None for i in items), "a company sees no mission names")

# --- /api/organisations: q through the index, sector ---
ORG_FILTERS = [
    ("q=" + urllib.parse.quote("한빛"), lambda o: "한빛" in (o["name_ko"] or "") or "한빛" in (o["name_en"] or "")),
    ("q=" + urllib.parse.quote("바이오"), lambda o: "바이오" in (o["name_ko"] or "")),
    ("q=pacific", lambda o: "pacific" in (o["name_en"] or "").lower() or "pacific" in (o["name_ko"] or "").lower()),
    ("sector=cosmetics", lambda o: o["sectors"] >> 12 & 1),
    ("q=Foods&sector=agri-food&kind=local_company", lambda o: "foods" in (o["name_en"] or "").lower() and
     o["sectors"] >> 3 & 1 and o["kind"] == "local_company"),
]
for query, keep in ORG_FILTERS:
    expected = [o["key"] for o in sorted((o for o in orgs.values() if keep(o)), key=lambda o: (o["key"], o["id"]))]
    check(len(expected) > 0, f"organisations {query} selects something")
    items = all_pages(f"/api/organisations?sort=key&{query}", limit=97)
    check([i["key"] for i in items] == expected, f"organisations {query}: {len(items)} vs {len(expected)}")
for bad in ("/api/agreements?signed_from=2024", "/api/agreements?province=x", "/api/organisations?sector=x",
            "/api/organisations?q=", "/api/agreements?series=-1"):
    status, doc = request(bad, OFFICER)
    check(status == 400 and doc and doc.get("detail"), f"{bad}: {status} {doc}")

# --- reports and exports: a bounded series context with true positions ---
def series_place(a):
    placed = sorted((x for x in agreements.values() if x["series_id"] == a["series_id"] and x["status"] != "cancelled"),
                    key=lambda x: (x["signed_on"], x["id"]))
    return [x["id"] for x in placed].index(a["id"]) + 1, len(placed)


longest = max(series, key=lambda sid: sum(1 for a in agreements.values() if a["series_id"] == sid))
late = max((a for a in agreements.values() if a["series_id"] == longest), key=lambda a: (a["signed_on"], a["id"]))
slug = missions[late["mission_id"]]["slug"]
report = json.loads(cli("report", slug, "--format", "json", "--lang", "en"))
placed = {x["agreement"]: (x["position"], x["count"]) for x in report["agreements"]["series"]}
mine = [a for a in agreements.values() if a["mission_id"] == late["mission_id"] and a["series_id"]
        and a["status"] != "cancelled"]
check(len(mine) > 0 and all(placed.get(a["key"]) == series_place(a) for a in mine),
      f"report of {slug}: series positions {sorted(placed.values())[:5]}")
check(series_place(late)[0] > 10, f"the series of {slug} is long: {series_place(late)}")
out = os.path.join(WORK, "export.json")
cli("export", slug, "-o", out)
exported = json.load(open(out))["agreements"]
own = sum(1 for a in agreements.values() if a["mission_id"] == late["mission_id"])
n_series = len({a["series_id"] for a in agreements.values() if a["mission_id"] == late["mission_id"] and a["series_id"]})
check(own <= len(exported) < own + 3 * n_series + 20,
      f"export of {slug}: {len(exported)} agreements for {own} of its own in {n_series} series")

# A cached aggregate is dropped by the next write.
before = get("/api/stats?group=status")["total"]["count"]
conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
conn.request("POST", "/api/agreements", body=json.dumps({
    "key": "cache-check", "kind": "mou", "title": {"en": "Cache check"}, "signed_on": "2024-05", "home_role": "facilitator",
    "status": "signed"}), headers={"Authorization": "Bearer " + OFFICER, "Content-Type": "application/json"})
r = conn.getresponse()
made = json.loads(r.read())
conn.close()
check(r.status == 201, f"create an agreement: {r.status}")
after = get("/api/stats?group=status")["total"]["count"]
check(after == before + 1, f"stats after a write: {before} then {after}")
conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
conn.request("DELETE", f"/api/agreements/{made['id']}", headers={"Authorization": "Bearer " + OFFICER})
r = conn.getresponse()
r.read()
conn.close()
check(r.status == 204 and get("/api/stats?group=status")["total"]["count"] == before, "stats after the delete")

# --- /api/search: one, two and more characters, against the names ---
names = [("organisation", o["id"], o["name_ko"], o["name_en"]) for o in orgs.values()] + \
    [("mission", m["id"], m["title_ko"], m["title_en"]) for m in mission_recs] + \
    [("agreement", a["id"], a["title_ko"], a["title_en"]) for a in agreements.values()]
for text in ("부산", "바", "리", "LA", "x", "7", "Bio", "무역 전시", "no such"):
    low = text.lower()
    want = sorted((k, i) for k, i, ko, en in names
                  if low in (ko or "").lower() or low in (en or "").lower())
    doc = get("/api/search?limit=200&q=" + urllib.parse.quote(text))
    items = doc.get("items", [])
    got = sorted((h["kind"], h["id"]) for h in items if h["kind"] in ("organisation", "mission", "agreement"))
    if len(items) < 200:
        check(got == want, f"search {text!r}: {len(got)} hits, {len(want)} names contain it")
    else:  # the first 200 by kind and id
        check(set(got) <= set(want) and len(got) > 0, f"search {text!r}: {len(got)} of {len(want)}")
# Consonants only: the initial consonants of a run of Hangul syllables.
def initials(text):
    runs, run = [], ""
    for ch in (text or "") + " ":
        if "\uac00" <= ch <= "\ud7a3":
            run += "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"[(ord(ch) - 0xAC00) // 588]
        elif run:
            runs.append(run)
            run = ""
    return runs
for text in ("ㅂㅅ", "ㅎ", "ㅁㅇㅈ", "ㅋㅋㅋㅋ"):
    want = sorted((k, i) for k, i, ko, en in names
                  if any(w.startswith(text) for w in initials(ko) + initials(en)))
    doc = get("/api/search?limit=200&q=" + urllib.parse.quote(text))
    items = doc.get("items", [])
    got = sorted((h["kind"], h["id"]) for h in items if h["kind"] in ("organisation", "mission", "agreement"))
    if len(items) < 200:
        check(got == want, f"search {text!r}: {len(got)} hits, {len(want)} names' initials start with it")
    else:
        check(set(got) <= set(want) and len(got) > 0, f"search {text!r}: {len(got)} of {len(want)}")
# A renamed organisation is found by its new short name, no longer by the old.
conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
conn.request("PATCH", f"/api/organisations/{FOREIGN_ORG}", body=json.dumps({"name": {"ko": "꿹뷁", "en": "Qz"}}),
             headers={"Authorization": "Bearer " + OFFICER, "Content-Type": "application/json", "If-Match": "*"})
r = conn.getresponse()
r.read()
conn.close()
check(r.status == 200, f"rename an organisation: {r.status}")
for text, found in (("꿹뷁", True), ("꿹", True), ("qz", True), ("ㄲㅂ", True), (orgs[FOREIGN_ORG]["name_en"][:2], None)):
    doc = get("/api/search?limit=200&q=" + urllib.parse.quote(text))
    hit = any(h["kind"] == "organisation" and h["id"] == FOREIGN_ORG for h in doc.get("items", []))
    if found is not None:
        check(hit == found, f"search {text!r} after the rename: {hit}")
conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
o = orgs[FOREIGN_ORG]
conn.request("PATCH", f"/api/organisations/{FOREIGN_ORG}", body=json.dumps({"name": {"ko": o["name_ko"], "en": o["name_en"]}}),
             headers={"Authorization": "Bearer " + OFFICER, "Content-Type": "application/json", "If-Match": "*"})
conn.getresponse().read()
conn.close()
doc = get("/api/search?limit=200&q=" + urllib.parse.quote("꿹"))
check(not any(h["kind"] == "organisation" and h["id"] == FOREIGN_ORG for h in doc.get("items", [])),
      "the old short name is gone from the index")

# --- CLI: pavilion portfolio and pavilion list with filters ---
prov_key = orgs[some_province]["key"]
for args, keep_m in ((["--year", "2021"], lambda m: mission_days(m["id"])[0][:4] == "2021"),
                     (["--province", prov_key], lambda m: m["home_organisation_id"] == some_province),
                     ([], lambda m: True)):
    doc = json.loads(cli("portfolio", "--format", "json", *args))
    ms = [m for m in mission_recs if keep_m(m)]
    check(doc["total"]["missions"] == len(ms), f"portfolio {args}: missions {doc['total']['missions']} vs {len(ms)}")
    check([m["id"] for m in doc["missions"]] == by_start(ms), f"portfolio {args}: the missions, newest first")
    if not args or args[0] == "--province":
        ags = [a for a in agreements.values() if a["mission_id"] and keep_m(missions[a["mission_id"]])]
        check(doc["total"]["agreements"] == len(ags) and api_values(doc["total"]["values"]) == values_of(ags),
              f"portfolio {args}: agreements and values")
        by_year = {r["key"]: r for r in doc["tables"][0]["rows"]}
        for y in {a["signed_on"][:4] for a in ags}:
            n = sum(1 for a in ags if a["signed_on"][:4] == y)
            check(by_year.get(y, {}).get("agreements") == n, f"portfolio {args}: agreements of {y}")
    text = cli("portfolio", "--lang", "en", *args)
    check(f"{len(ms):,} missions" in text, f"portfolio text {args}")
    md = cli("portfolio", "--format", "markdown", *args)
    check(md.startswith("# ") and "| " in md, f"portfolio markdown {args}")
xlsx = os.path.join(WORK, "portfolio.xlsx")
cli("portfolio", "--format", "xlsx", "-o", xlsx, "--province", prov_key)
with open(xlsx, "rb") as f:
    check(f.read(2) == b"PK", "portfolio xlsx is a workbook")
r = subprocess.run([PAVILION, "portfolio", "--format", "xlsx", "--db", DB], capture_output=True, text=True)
check(r.returncode == 2 and "needs -o" in r.stderr, f"xlsx without -o: {r.returncode} {r.stderr}")
r = subprocess.run([PAVILION, "portfolio", "--province", "nowhere", "--db", DB], capture_output=True, text=True)
check(r.returncode == 4 and "nowhere" in r.stderr, f"portfolio of an unknown province: {r.returncode} {r.stderr}")


def list_keys(*args):
    lines = cli("list", *args).splitlines()[1:]
    return [line.split()[1] for line in lines]


newest = sorted(agreements.values(), key=lambda a: (a["signed_on"], a["id"]), reverse=True)
check(list_keys("--limit", "7", "agreements") == [a["key"] for a in newest[:7]], "list --limit 7 agreements: the newest")
keys = list_keys("--since", "2023-01-01", "--status", "signed", "agreements")
check(sorted(keys) == sorted(a["key"] for a in agreements.values()
                             if full_day(a["signed_on"]) >= "2023-01-01" and a["status"] == "signed"),
      "list --since --status agreements")
keys = list_keys("--province", prov_key, "missions")
check(sorted(keys) == sorted(m["slug"] for m in mission_recs if m["home_organisation_id"] == some_province),
      "list --province missions")
keys = list_keys("--country", "DE", "--limit", "1000", "events")
check(len(keys) == sum(1 for e in events.values() if stops.get(e["stop_id"], {}).get("country") == "DE"),
      "list --country events")
keys = list_keys("--status", "open", "followups")
check(len(keys) == sum(1 for f in followups if f["done_on"] is None), "list --status open followups")
for bad, code in ((["--since", "2024", "agreements"], 2), (["--since", "2024-01-01", "venues"], 2),
                  (["--limit", "0", "missions"], 2), (["--status", "won", "agreements"], 2),
                  (["--country", "ZZZ", "events"], 2)):
    r = subprocess.run([PAVILION, "list", *bad, "--db", DB], capture_output=True, text=True)
    check(r.returncode == code and r.stderr.strip(), f"list {bad}: {r.returncode} {r.stderr}")

server.terminate()
server.wait(timeout=30)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
