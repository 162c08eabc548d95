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

server.terminate()
server.wait(timeout=30)
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
