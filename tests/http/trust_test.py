#!/usr/bin/env python3
"""tests/http/trust_test.py PAVILION WORKDIR: correctness of the API
against the real binary on 127.0.0.1 with a port chosen by the OS.

The reply cache (keys that cannot collide, no stale reply after another
process writes), stable identities of child records, versions moved by
imports, the B2B event stamp, one validator per rule, and the checks on
hand-placed meetings.  Every response is written to
WORKDIR/responses.jsonl and the OpenAPI document to WORKDIR/openapi.json
for check_openapi.mjs.  Prints "N passed, N failed" and exits non-zero on
any failure.
"""
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import Client, Pavilion, Server as Serve, check, finish  # noqa: E402

PAVILION, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "trust.db")
RESPONSES = open(os.path.join(WORK, "responses.jsonl"), "w")
PV = Pavilion(PAVILION, DB)


def run(*args, stdin=None):
    return PV.run(*args, stdin=stdin, ok=False)


def cli(*args, stdin=None):
    return PV.run(*args, stdin=stdin).stdout


def Server():
    return Serve(PV, WORK)


def request(*args, **kwargs):
    return Client(server, RESPONSES).request(*args, **kwargs)


def sql(statement, *params):
    db = sqlite3.connect(DB)
    rows = db.execute(statement, params).fetchall()
    db.commit()
    db.close()
    return rows


# --- set-up: the demo mission, an account per role ---
if os.path.exists(DB):
    os.remove(DB)
cli("demo")
PASSWORD = "correct horse battery"
tokens = {}
for role in ("admin", "officer", "viewer"):
    cli("user", "add", role + "1", "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    tokens[role] = cli("token", "create", role + "1").strip().splitlines()[-1]
A, O, V = tokens["admin"], tokens["officer"], tokens["viewer"]
server = Server()

# --- 5: cache keys cannot collide; no stale reply after an outside write ---
status, doc, _ = request("GET", "/api/organisations?kind=company%26sort%3Dkey%26limit%3D10", token=V)
check(status in (200, 400), f"an escaped '&' in a value: {status}")
status, doc, _ = request("GET", "/api/organisations?kind=company&sort=key&limit=10", token=O)
check(status == 200 and len(doc["items"]) > 0,
      f"the officer's listing is not the viewer's cached answer: {status} {doc}")
status, one, _ = request("GET", "/api/organisations?kind=company&sort=key&limit=1", token=O)
status, both, _ = request("GET", "/api/organisations?kind=company&sort=key&limit=1%26x", token=O)
check(status == 400 or both != one, f"a value with '&' is another key: {status}")

status, before, _ = request("GET", "/api/organisations/1", token=O)
sql("UPDATE organisation SET name_en = 'Renamed elsewhere', version = version + 1 WHERE id = 1")


# A login holds one store connection (the one the read above used) for
# the length of a password hash; the read that runs meanwhile takes the
# other connection, which the cache has not seen before.
def slow_login():
    request("POST", "/api/session", {"username": "admin1", "password": "not the password"})


slow = threading.Thread(target=slow_login)
slow.start()
time.sleep(0.03)
status, after, _ = request("GET", "/api/organisations/1", token=O)
slow.join()
check(status == 200 and after["name"]["en"] == "Renamed elsewhere",
      f"a write by another process is seen by the next read: {after and after['name']}")

serial = [0]


def fresh_key(prefix):
    serial[0] += 1
    return f"{prefix}-{serial[0]}"


def created(path, body, token=A):
    status, doc, _ = request("POST", path, body, token=token)
    if status != 201:
        raise SystemExit(f"POST {path}: {status} {doc}")
    return doc["id"]


def new_event():
    return created("/api/events", {"mission_id": 1, "key": fresh_key("event"), "kind": "consultation",
                                   "title": {"en": "Talks"}, "zone": "America/New_York",
                                   "start_utc": 1705000000, "start_precision": 2})


def new_org():
    return created("/api/organisations", {"key": fresh_key("org"), "kind": "company", "name": {"en": "Co"}})


# --- 10: a meeting placed by hand keeps the event's rules ---
E1, E2 = new_event(), new_event()
orgs = [new_org() for _ in range(5)]
for org in orgs[:4]:
    created(f"/api/events/{E1}/participants", {"organisation_id": org, "role": "attendee"})
S1 = created("/api/slots", {"event_id": E1, "start_utc": 1705000000, "end_utc": 1705001800, "tables": 3})
S2 = created("/api/slots", {"event_id": E2, "start_utc": 1705000000, "end_utc": 1705001800, "tables": 3})


def meeting(slot, table, a, b):
    return {"event_id": E1, "slot_id": slot, "table_no": table, "a_organisation_id": a, "b_organisation_id": b}


for body, why in ((meeting(S2, 1, orgs[0], orgs[1]), "a slot of another event"),
                  (meeting(S1, 99, orgs[0], orgs[1]), "table 99 of a 3-table slot"),
                  (meeting(S1, 1, orgs[0], orgs[4]), "an organisation that is not a participant")):
    status, doc, _ = request("POST", "/api/meetings", body, token=O)
    check(status == 422, f"POST /api/meetings refuses {why}: {status} {doc}")
status, good, _ = request("POST", "/api/meetings", meeting(S1, 1, orgs[0], orgs[1]), token=O)
check(status == 201, f"a meeting that keeps the rules: {status} {good}")
status, doc, _ = request("POST", "/api/meetings", meeting(S1, 2, orgs[2], orgs[0]), token=O)
check(status == 422 and "already meets" in doc["detail"],
      f"one organisation twice in a slot: {status} {doc}")
status, doc, _ = request("POST", "/api/meetings", meeting(S1, 2, orgs[2], orgs[3]), token=O)
check(status == 201, f"a second meeting in the slot: {status} {doc}")
second, second_version = (doc or {}).get("id", 0), (doc or {}).get("version")
for body, why in (({"table_no": 4}, "table 4 of 3"), ({"slot_id": S2}, "a slot of another event"),
                  ({"b_organisation_id": orgs[1]}, "an organisation already met in the slot"),
                  ({"a_organisation_id": orgs[4]}, "a non-participant")):
    status, doc, _ = request("PATCH", f"/api/meetings/{second}", body, token=O, headers={"If-Match": "*"})
    check(status == 422, f"PATCH /api/meetings refuses {why}: {status} {doc}")
status, doc, _ = request("GET", f"/api/meetings/{second}", token=O)
check(status == 200 and doc["version"] == second_version and doc["table_no"] == 2,
      f"refused changes changed nothing: {doc}")
status, doc, _ = request("PATCH", f"/api/slots/{S1}", {"tables": 1}, token=O, headers={"If-Match": "*"})
check(status == 422 and "table 2" in doc["detail"], f"a slot keeps a table for each of its meetings: {status} {doc}")
rows = sql("SELECT count(*) FROM meeting WHERE event_id = ?", E1)[0][0]
check(rows == 2, f"only the two good meetings are stored: {rows}")

# --- 9: one rule per kind of name, the same in the API, bundles and CSV ---
for slug, why in (("1", "an all-digit slug (it would read as an id)"), ("Upper.Case", "an upper-case slug"),
                  ("-lead", "a slug starting with '-'")):
    status, doc, _ = request("POST", "/api/missions", {"slug": slug, "home_zone": "Asia/Seoul",
                                                       "title": {"en": "M"}}, token=O)
    check(status == 422 and "is not a slug" in doc["detail"], f"the API refuses {why}: {status} {doc}")
status, doc, _ = request("POST", "/api/missions", {"slug": fresh_key("untitled"), "home_zone": "Asia/Seoul"}, token=O)
check(status == 422 and doc.get("pointer") == "/title", f"the API refuses a mission without a title: {status} {doc}")
for path, body in (("/api/events", {"mission_id": 1, "key": fresh_key("untitled"), "kind": "signing", "zone": "Asia/Seoul",
                                     "start_utc": 1705000000, "start_precision": 2}),
                   ("/api/agreements", {"key": fresh_key("untitled"), "kind": "mou", "signed_on": "2024",
                                        "home_role": "facilitator", "status": "signed"})):
    status, doc, _ = request("POST", path, body, token=O)
    check(status == 422 and doc.get("pointer") == "/title", f"POST {path} without a title, as a bundle: {status} {doc}")
titled = created("/api/missions", {"slug": fresh_key("titled"), "home_zone": "Asia/Seoul", "title": {"en": "M"}})
status, doc, _ = request("PATCH", f"/api/missions/{titled}", {"title": None}, token=O, headers={"If-Match": "*"})
check(status == 422, f"the API refuses a title set to null: {status} {doc}")
slug = fresh_key("round-trip")
status, doc, _ = request("POST", "/api/missions", {"slug": slug, "home_zone": "Asia/Seoul", "title": {"en": "M"}},
                         token=O)
check(status == 201, f"a good slug is accepted: {status} {doc}")
bundle = os.path.join(WORK, "trust-round-trip.json")
cli("export", slug, "-o", bundle)
r = run("import", "--replace", bundle)
check(r.returncode == 0, f"a mission made through the API imports back: {r.stderr}")
with open(bundle) as f:
    doc = json.load(f)
doc["mission"]["slug"] = "Upper.Case"
with open(bundle, "w") as f:
    json.dump(doc, f)
r = run("import", bundle)
check(r.returncode == 3 and "is not a slug" in r.stderr, f"a bundle refuses the same slug: {r.returncode} {r.stderr}")
events_csv = os.path.join(WORK, "trust-events.csv")
for bad in ("Upper.Case", "1"):
    with open(events_csv, "w") as f:
        f.write("mission,key,kind,title_en,zone,start\n")
        f.write(f"{bad},ev-csv,consultation,Talks,Asia/Seoul,2024-01-10 09:00\n")
    r = run("import", "--csv", "events", events_csv)
    check(r.returncode == 3 and "is not a slug" in r.stderr, f"CSV refuses the slug {bad!r}: {r.returncode} {r.stderr}")

# --- 6: children keep their identity; a stale If-Match is always 412 ---
AG = created("/api/agreements", {"key": fresh_key("agreement"), "kind": "mou", "signed_on": "2024-01",
                                 "title": {"en": "MOU"}, "home_role": "facilitator", "status": "signed"})
fus = [created(f"/api/agreements/{AG}/followups", {"due_on": f"2024-0{i}-01", "description": {"en": f"step {i}"}})
       for i in (1, 2, 3)]
FU = f"/api/agreements/{AG}/followups"
status, second_fu, resp = request("GET", f"{FU}/{fus[1]}", token=O)
etag = resp.getheader("ETag")
check(status == 200 and second_fu["description"]["en"] == "step 2", f"read follow-up 2: {status} {second_fu}")
check(request("DELETE", f"{FU}/{fus[0]}", token=O)[0] == 204, "delete follow-up 1")
status, doc, _ = request("PATCH", f"{FU}/{fus[1]}", {"done_on": "2024-02-02"}, token=O, headers={"If-Match": etag})
check(status == 200 and doc["description"]["en"] == "step 2",
      f"the follow-up read is the one changed after another is deleted: {status} {doc}")
status, doc, _ = request("GET", f"{FU}/{fus[2]}", token=O)
check(status == 200 and doc["description"]["en"] == "step 3" and doc["done_on"] is None,
      f"the follow-up after it is untouched: {status} {doc}")
check(request("GET", f"{FU}/{fus[0]}", token=O)[0] == 404, "a deleted follow-up's id names nothing")
status, doc, _ = request("PATCH", f"{FU}/{fus[1]}", {"done_on": None}, token=O, headers={"If-Match": etag})
check(status == 412, f"a stale If-Match is 412: {status} {doc}")
_, _, resp = request("GET", f"{FU}/{fus[2]}", token=O)
third_etag = resp.getheader("ETag")
check(request("DELETE", f"{FU}/{fus[2]}", token=O)[0] == 204, "delete the last follow-up")
fourth = created(FU, {"due_on": "2024-04-01", "description": {"en": "step 4"}})
status, doc, _ = request("PATCH", f"{FU}/{fourth}", {"done_on": "2024-04-02"}, token=O,
                         headers={"If-Match": third_etag or "*"})
check(status == 412, f"an ETag of a deleted record does not fit the one made after it: {status} {doc}")
status, doc, _ = request("PATCH", f"{FU}/{fourth}", {"done_on": "2024-04-02"}, token=O, headers={"If-Match": etag})
check(status == 412, f"an ETag of one record does not fit another: {status} {doc}")
# Children of an event with a gap where one was deleted still export whole.
EV = new_event()
parts = [created(f"/api/events/{EV}/participants", {"organisation_id": org, "role": "attendee"}) for org in orgs[:3]]
check(request("DELETE", f"/api/events/{EV}/participants/{parts[0]}", token=O)[0] == 204, "delete participant 1")
status, doc, _ = request("GET", f"/api/events/{EV}/participants", token=O)
check(status == 200 and [p["id"] for p in doc["items"]] == parts[1:], f"the others keep their ids: {doc}")
exported = os.path.join(WORK, "trust-export.json")
r = run("export", "jeonbuk-us-2024", "-o", exported)
check(r.returncode == 0, f"export after a delete: {r.stderr}")
with open(exported) as f:
    ev = [e for e in json.load(f)["mission"]["events"] if len(e.get("participants", [])) == 2]
check(len(ev) >= 1, "the event exports with its two remaining participants")

# --- 7: imports move the versions of what they change ---
_, _, resp = request("GET", "/api/agreements/1", token=O)
agreement_etag = resp.getheader("ETag")
_, org1, resp = request("GET", "/api/organisations/1", token=O)
org_etag = resp.getheader("ETag")
with open(exported) as f:
    doc = json.load(f)
doc["agreements"][0]["title"]["en"] = "Imported title"
for o in doc["organisations"]:
    if o["key"] == org1["key"]:
        o["name"]["en"] = "Imported name"
with open(exported, "w") as f:
    json.dump(doc, f)
cli("import", "--replace", exported)
status, doc, _ = request("PATCH", "/api/agreements/1", {"notes": {"en": "after import"}}, token=O,
                         headers={"If-Match": agreement_etag})
check(status == 412, f"an agreement's ETag from before import --replace is stale: {status} {doc}")
status, doc, _ = request("PATCH", "/api/organisations/1", {"website": "https://example.org"}, token=O,
                         headers={"If-Match": org_etag})
check(status == 412, f"an organisation's ETag from before import --replace is stale: {status} {doc}")
_, org1, resp = request("GET", "/api/organisations/1", token=O)
org_etag = resp.getheader("ETag")
orgs_csv = os.path.join(WORK, "trust-orgs.csv")
with open(orgs_csv, "w") as f:
    f.write("key,kind,name_en\n")
    f.write(f"{org1['key']},{org1['kind']},Renamed by CSV\n")
r = run("import", "--csv", "organisations", orgs_csv)
check(r.returncode == 0, f"CSV import: {r.stderr}")
status, doc, _ = request("PATCH", "/api/organisations/1", {"website": "https://example.org"}, token=O,
                         headers={"If-Match": org_etag})
check(status == 412, f"an organisation's ETag from before a CSV import is stale: {status} {doc}")

VERSIONED = ("organisation", "person", "mission", "stop", "event", "participant", "pavilion", "exhibitor",
             "agreement", "agreement_party", "followup", "meeting_slot", "meeting_request", "meeting")
total, distinct = sql("SELECT count(*), count(DISTINCT version) FROM (" +
                      " UNION ALL ".join(f"SELECT version FROM {t}" for t in VERSIONED) + ")")[0]
check(total == distinct, f"no two rows share a version after API writes and imports: {total} rows, {distinct} versions")

# A run stores nothing when one participant was swapped for another while
# it solved (the event of bench/b2b/gen.py keeps the solver busy).
import tempfile
with tempfile.TemporaryDirectory() as gen_dir:
    subprocess.run([sys.executable, "bench/b2b/gen.py", "300", "1", gen_dir], check=True, capture_output=True)
    db = sqlite3.connect(DB)
    db.executescript(open(os.path.join(gen_dir, "event.sql")).read())
    db.close()
BIG = 900001
status, doc, _ = request("GET", f"/api/events/{BIG}/participants?organisation_id=1000000", token=O)
leaving = doc["items"][0]["id"]
results = {}


def long_run():
    results["run"] = request("POST", f"/api/events/{BIG}/schedule?time_limit=5", token=O)


worker = threading.Thread(target=long_run)
worker.start()
time.sleep(0.3)
swap = [request("DELETE", f"/api/events/{BIG}/participants/{leaving}", token=O)[0],
        request("POST", f"/api/events/{BIG}/participants", {"organisation_id": orgs[4], "role": "attendee"},
                token=O)[0]]
worker.join()
check(swap == [204, 201], f"swap a participant during a run: {swap}")
check(results["run"][0] == 409 and "changed while" in results["run"][1]["detail"],
      f"a run that overlapped a participant swap stores nothing: {results['run'][:2]}")

status, doc, _ = request("GET", "/api/openapi.json")
with open(os.path.join(WORK, "openapi.json"), "w") as f:
    json.dump(doc, f)
check(server.stop() == 0, "SIGTERM: clean exit")
RESPONSES.close()
finish()
