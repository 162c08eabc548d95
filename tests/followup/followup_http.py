#!/usr/bin/env python3
"""tests/followup/followup_http.py PAVILION WORKDIR: follow-up surveys,
evidence files and e-mail reminders against the real binary on 127.0.0.1
(ports chosen by the OS) and a real SMTP server (smtp_sink.py).

Surveys: made for each home firm of a mission at 3, 6 and 12 months after
its return, moved when the return moves, listed by state and paged, seen
and answered by a company for its own firm only (another firm's: 404,
nothing changed), bad answers refused with nothing changed.  Evidence:
stored by SHA-256, over-size and wrong types refused, another firm's 404,
deletions audited and chained.  Reminders: received by the SMTP server
with To, Subject and body in Korean and English.  Responses go to
WORKDIR/responses.jsonl for check_openapi.mjs.  Prints "N passed, N failed".
"""
import base64
import calendar
import datetime
import email
import email.policy
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import Client, Pavilion, Server as Serve, check, finish  # noqa: E402

PAVILION, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "followup.db")
RESPONSES = open(os.path.join(WORK, "responses.jsonl"), "w")
HERE = os.path.dirname(os.path.abspath(__file__))
cli = Pavilion(PAVILION, DB).run


def Server(*extra):
    return Serve(Pavilion(PAVILION, DB), WORK, *extra)


def request(*args, **kwargs):
    return Client(server, RESPONSES).request(*args, **kwargs)


def count(table, where="1"):
    with sqlite3.connect(DB) as d:
        return d.execute(f"SELECT count(*) FROM {table} WHERE {where}").fetchone()[0]


def dump():
    with sqlite3.connect(DB) as d:
        return "\n".join(d.iterdump())


def add_months(day, months):
    total = day.year * 12 + day.month - 1 + months
    y, m = divmod(total, 12)
    return datetime.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def seoul_midnight(day):
    return calendar.timegm(day.timetuple()) - 9 * 3600


# --- set-up: accounts and, through the API, two missions with home firms ---
if os.path.exists(DB):
    os.remove(DB)
cli("demo")
PASSWORD = "correct horse battery"
tokens = {}
for name, role in (("admin1", "admin"), ("officer1", "officer"), ("viewer1", "viewer")):
    cli("user", "add", name, "--role", role, "--password-stdin", stdin=PASSWORD + "\n")
    tokens[name] = cli("token", "create", name).stdout.strip().splitlines()[-1]
A, O, V = tokens["admin1"], tokens["officer1"], tokens["viewer1"]
server = Server()


def create(path, body, token=A):
    status, doc, _ = request("POST", path, body, token=token)
    if status != 201:
        raise SystemExit(f"POST {path}: {status} {doc}")
    return doc["id"]


FIRM_A = create("/api/organisations", {"key": "firm-a", "kind": "local_company",
                                       "name": {"ko": "가나식품", "en": "Gana Foods"}, "country": "KR"})
FIRM_B = create("/api/organisations", {"key": "firm-b", "kind": "local_company",
                                       "name": {"ko": "다라기계", "en": "Dara Machinery"}, "country": "KR"})
BUYER = create("/api/organisations", {"key": "buyer-x", "kind": "buyer", "name": {"en": "Buyer X"},
                                      "country": "US"})
for name, org in (("company-a", FIRM_A), ("company-b", FIRM_B)):
    cli("user", "add", name, "--role", "company", "--org", str(org), "--password-stdin", stdin=PASSWORD + "\n")
    tokens[name] = cli("token", "create", name).stdout.strip().splitlines()[-1]
CA, CB = tokens["company-a"], tokens["company-b"]
create("/api/people", {"key": "kim-a", "name": {"ko": "김가나"}, "organisation_id": FIRM_A,
                       "email": "kim@gana.example"})
create("/api/people", {"key": "lee-a", "name": {"ko": "이가나"}, "organisation_id": FIRM_A,
                       "email": "lee@gana.example"})

TODAY = datetime.datetime.now(datetime.timezone.utc).date()
RETURN_1 = TODAY - datetime.timedelta(days=100)   # 3 months: due; 6, 12: upcoming
RETURN_2 = TODAY - datetime.timedelta(days=200)   # 3 months: overdue; 6: due


def mission(slug, back):
    m = create("/api/missions", {"slug": slug, "home_zone": "Asia/Seoul",
                                 "title": {"ko": "미국 수출 사절단", "en": "US export mission"}})
    create("/api/stops", {"mission_id": m, "key": "leave", "zone": "Asia/Seoul", "home": True,
                          "depart_utc": seoul_midnight(back - datetime.timedelta(days=6)), "depart_precision": 1})
    stop = create("/api/stops", {"mission_id": m, "key": "return", "zone": "Asia/Seoul", "home": True,
                                 "arrive_utc": seoul_midnight(back), "arrive_precision": 1})
    event = create("/api/events", {"mission_id": m, "key": "b2b", "kind": "b2b_meeting", "title": {"en": "B2B meetings"},
                                   "zone": "America/New_York",
                                   "start_utc": seoul_midnight(back - datetime.timedelta(days=3)),
                                   "start_precision": 1})
    return m, stop, event


M1, STOP1, EVENT1 = mission("followup-1", RETURN_1)
M2, _, EVENT2 = mission("followup-2", RETURN_2)
PARTICIPANT1 = {org: create(f"/api/events/{EVENT1}/participants", {"organisation_id": org, "role": "attendee"})
                for org in (FIRM_A, FIRM_B, BUYER)}
create(f"/api/events/{EVENT2}/participants", {"organisation_id": FIRM_A, "role": "attendee"})


def state_of(due):
    if due > TODAY:
        return "upcoming"
    return "due" if due > TODAY - datetime.timedelta(days=30) else "overdue"


# --- surveys made from the records: home firms x 3, 6, 12 months ---
status, doc, _ = request("GET", f"/api/surveys?mission_id={M1}&limit=200", token=O)
items = doc["items"] if status == 200 else []
got = sorted((s["organisation_id"], s["months"], s["due_on"], s["state"]) for s in items)
want = sorted((org, n, add_months(RETURN_1, n).isoformat(), state_of(add_months(RETURN_1, n)))
              for org in (FIRM_A, FIRM_B) for n in (3, 6, 12))
check(got == want, f"mission 1: a survey per home firm at 3, 6, 12 months (the buyer has none): {got} != {want}")
status, doc, _ = request("GET", f"/api/surveys?mission_id={M2}", token=O)
got = sorted((s["months"], s["state"]) for s in doc["items"])
check(got == [(3, state_of(add_months(RETURN_2, 3))), (6, state_of(add_months(RETURN_2, 6))),
              (12, state_of(add_months(RETURN_2, 12)))], f"mission 2: states by due day: {got}")
check(state_of(add_months(RETURN_2, 3)) == "overdue" and state_of(add_months(RETURN_1, 3)) == "due",
      "the set-up has due and overdue surveys")

# States as filters, and pages that follow each other without a gap.
for state in ("upcoming", "due", "overdue", "answered"):
    status, doc, _ = request("GET", f"/api/surveys?state={state}&limit=200", token=O)
    check(status == 200 and all(s["state"] == state for s in doc["items"]), f"state={state} filters: {status}")
status, doc, _ = request("GET", "/api/surveys?state=overdue&limit=200", token=O)
check([s["mission_id"] for s in doc["items"] if s["mission_id"] in (M1, M2)] == [M2],
      f"overdue: of these missions, mission 2's 3-month survey only: {doc}")
with sqlite3.connect(DB) as d:
    TOTAL = d.execute("SELECT count(*) FROM survey").fetchone()[0]   # the demo's sample mission has some too
seen, cursor, pages = [], None, 0
while True:
    status, doc, _ = request("GET", "/api/surveys?limit=2" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""),
                             token=V)
    if status != 200:
        break
    pages += 1
    seen += [s["id"] for s in doc["items"]]
    cursor = doc["next_cursor"]
    if cursor is None:
        break
check(TOTAL >= 9 and pages == (TOTAL + 1) // 2 and len(seen) == TOTAL and len(set(seen)) == TOTAL,
      f"{TOTAL} surveys in pages of 2, each once: {pages} {seen}")
for bad in ("state=late", "limit=0", "limit=201", "cursor=nonsense", "mission_id=x", "colour=red"):
    status, doc, _ = request("GET", "/api/surveys?" + bad, token=O)
    check(status == 400, f"GET /api/surveys?{bad}: 400, got {status}")

# --- by role: a company sees and answers its own firm's surveys only ---
status, doc, _ = request("GET", "/api/surveys?limit=200", token=CA)
check(status == 200 and {s["organisation_id"] for s in doc["items"]} == {FIRM_A} and len(doc["items"]) == 6,
      f"company A lists its own 6 surveys: {status}")
status, doc, _ = request("GET", f"/api/surveys?organisation_id={FIRM_B}", token=CA)
check(status == 200 and doc["items"] == [], f"company A asking for firm B's gets none: {doc}")
status, doc, _ = request("GET", f"/api/surveys?mission_id={M1}&organisation_id={FIRM_B}&limit=200", token=O)
b_surveys = {s["months"]: s["id"] for s in doc["items"]}
status, doc, _ = request("GET", f"/api/surveys?mission_id={M1}&organisation_id={FIRM_A}&limit=200", token=O)
a_surveys = {s["months"]: s["id"] for s in doc["items"]}
status, _, _ = request("GET", f"/api/surveys/{b_surveys[3]}", token=CA)
check(status == 404, f"company A reading firm B's survey: 404, got {status}")
status, doc, _ = request("GET", f"/api/surveys/{a_surveys[3]}", token=CA)
check(status == 200 and doc["organisation_name"]["ko"] == "가나식품", f"company A reads its own: {status}")
status, _, _ = request("GET", "/api/surveys", None)
check(status == 401, f"no login: 401, got {status}")

AGREEMENT = create("/api/agreements", {"key": "ag-a-x", "kind": "contract", "title": {"en": "ag-a-x"}, "signed_on": "2024-01",
                                       "home_role": "none", "status": "signed", "mission_id": M1})
create(f"/api/agreements/{AGREEMENT}/parties", {"organisation_id": FIRM_A, "role": "seller"})
create(f"/api/agreements/{AGREEMENT}/parties", {"organisation_id": BUYER, "role": "buyer"})
MOU = create("/api/agreements", {"key": "mou-a-x", "kind": "mou", "title": {"en": "mou-a-x"}, "signed_on": "2024-01", "home_role": "none",
                                  "status": "signed", "mission_id": M1})
create(f"/api/agreements/{MOU}/parties", {"organisation_id": FIRM_A, "role": "party"})
FOREIGN_AGREEMENT = create("/api/agreements", {"key": "ag-b-x", "kind": "contract", "title": {"en": "ag-b-x"}, "signed_on": "2024-01",
                                               "home_role": "none", "status": "signed"})
create(f"/api/agreements/{FOREIGN_AGREEMENT}/parties", {"organisation_id": FIRM_B, "role": "seller"})

EXPORT = {"agreement_id": AGREEMENT, "on": RETURN_1.isoformat(), "value": {"amount": "1234.50", "currency": "USD"},
          "evidence_kind": "invoice", "evidence_reference": "INV-2024-7"}
GOOD = {"outcome": "results", "exports": [EXPORT],
        "contracts": [{"buyer_id": BUYER, "signed_on": RETURN_1.isoformat(), "title": "second order",
                       "value": {"amount": "5000000", "currency": "KRW"}}]}

before = dump()
status, doc, _ = request("POST", f"/api/surveys/{b_surveys[3]}/answer", GOOD, token=CA)
check(status == 404, f"company A answering firm B's survey: 404, got {status} {doc}")
status, doc, _ = request("POST", f"/api/surveys/{a_surveys[3]}/answer", {"outcome": "no_result", "reason": "x"},
                         token=V)
check(status == 403, f"a viewer answering: 403, got {status}")
for body, pointer, what in (
        ({"outcome": "no_result"}, "/reason", "no result without a reason"),
        ({"outcome": "no_result", "reason": "  "}, "/reason", "a blank reason"),
        ({"outcome": "maybe"}, "/outcome", "an unknown outcome"),
        ({"outcome": "results"}, "", "results without exports or contracts"),
        ({"outcome": "no_result", "reason": "none", "exports": [EXPORT]}, "/exports", "no result with exports"),
        ({"outcome": "results", "exports": [dict(EXPORT, value={"amount": "10.005", "currency": "USD"})]},
         "/exports/0/value/amount", "USD with three decimals"),
        ({"outcome": "results", "exports": [dict(EXPORT, value={"amount": "100.5", "currency": "KRW"})]},
         "/exports/0/value/amount", "KRW with decimals"),
        ({"outcome": "results", "exports": [dict(EXPORT, value={"amount": "1", "currency": "USDD"})]},
         "/exports/0/value/currency", "a bad currency"),
        ({"outcome": "results", "exports": [dict(EXPORT, value={"amount": "10000000000000.01", "currency": "USD"})]},
         "/exports/0/value/amount", "an export beyond the money ceiling"),
        ({"outcome": "results", "contracts": [dict(GOOD["contracts"][0],
                                                   value={"amount": "9000000000000000000", "currency": "KRW"})] * 2},
         "/contracts/0/value/amount", "contracts whose sum overflows every total"),
        ({"outcome": "results", "exports": [dict(EXPORT, evidence_kind="rumour")]}, "/exports/0",
         "an unknown evidence kind"),
        ({"outcome": "results", "exports": [dict(EXPORT, on="2024-13-01")]}, "/exports/0", "a bad date"),
        ({"outcome": "results", "exports": [dict(EXPORT, agreement_id=FOREIGN_AGREEMENT)]}, "",
         "an export under another firm's agreement"),
        ({"outcome": "results", "exports": [dict(EXPORT, agreement_id=MOU)]}, "", "an export under an MOU"),
        ({"outcome": "results", "contracts": [dict(GOOD["contracts"][0], buyer_id=FIRM_A)]}, "",
         "a contract with itself"),
        ({"outcome": "results", "contracts": [{k: v for k, v in GOOD["contracts"][0].items() if k != "title"}]},
         "/contracts/0", "a contract without a title (an agreement needs one)"),
        ({"outcome": "results", "exports": [EXPORT], "colour": "red"}, "", "an unknown member"),
        ({"outcome": "results", "exports": [EXPORT] * 51}, "/exports", "too many exports"),
):
    status, doc, _ = request("POST", f"/api/surveys/{a_surveys[3]}/answer", body, token=CA)
    check(status == 422 and doc.get("type") == "urn:pavilion:problem:invalid", f"{what}: 422, got {status} {doc}")
    check(status != 422 or doc.get("pointer", "").startswith(pointer), f"{what}: pointer {pointer}: {doc}")
check(dump() == before, "refused answers changed nothing")

audit_before = count("audit")
status, doc, _ = request("POST", f"/api/surveys/{a_surveys[3]}/answer", GOOD, token=CA)
check(status == 200 and doc["state"] == "answered" and doc["outcome"] == "results"
      and len(doc["answer"]["realisation_ids"]) == 1 and len(doc["answer"]["agreement_ids"]) == 1,
      f"company A answers its 3-month survey: {status} {doc}")
REALISATION = doc["answer"]["realisation_ids"][0] if status == 200 else 0
NEW_AGREEMENT = doc["answer"]["agreement_ids"][0] if status == 200 else 0
status, doc, _ = request("GET", f"/api/realisations/{REALISATION}", token=CA)
check(status == 200 and doc["value"]["minor"] == 123450 and doc["value"]["currency"] == "USD"
      and doc["evidence_kind"] == "invoice" and doc["verified_by"] is None,
      f"the export became an unverified realisation the firm sees: {status} {doc}")
status, doc, _ = request("GET", f"/api/agreements/{NEW_AGREEMENT}", token=CA)
check(status == 200 and doc["kind"] == "contract" and doc["mission_id"] == M1 and doc["status"] == "signed",
      f"the contract became a signed agreement of the mission: {status} {doc}")
status, doc, _ = request("GET", f"/api/agreements/{NEW_AGREEMENT}/parties", token=O)
check(status == 200 and sorted((p["organisation_id"], p["role"]) for p in doc["items"]) ==
      sorted([(FIRM_A, "seller"), (BUYER, "buyer")]), f"firm sells, buyer buys: {doc}")
check(count("audit") == audit_before + 3, f"answer, realisation and agreement audited: {count('audit') - audit_before}")
status, doc, _ = request("POST", f"/api/surveys/{a_surveys[3]}/answer", {"outcome": "no_result", "reason": "x"},
                         token=CA)
check(status == 409, f"answering twice: 409, got {status}")
status, doc, _ = request("POST", f"/api/surveys/{b_surveys[3]}/answer",
                         {"outcome": "no_result", "reason": "바이어가 가격 재협상 중 / buyer renegotiating price"},
                         token=CB)
check(status == 200 and doc["outcome"] == "no_result" and doc["reason"].startswith("바이어"),
      f"company B answers no result with its reason: {status} {doc}")
status, doc, _ = request("GET", f"/api/surveys?state=answered&mission_id={M1}", token=O)
check(status == 200 and sorted(s["id"] for s in doc["items"]) == sorted([a_surveys[3], b_surveys[3]]),
      f"officers see the answered ones: {doc}")

# --- the plan and the return day move unanswered surveys, never answered ones ---
status, doc, _ = request("PATCH", f"/api/missions/{M1}/survey-plan", {"months": [3, 9]}, token=O)
check(status == 200 and doc["months"] == [3, 9], f"officer sets the plan to 3 and 9 months: {status} {doc}")
status, doc, _ = request("GET", f"/api/surveys?mission_id={M1}&organisation_id={FIRM_A}", token=O)
check(sorted(s["months"] for s in doc["items"]) == [3, 9], f"firm A's surveys follow the plan: {doc}")
for body in ({"months": [6, 3]}, {"months": []}, {"months": [0]}, {"months": [61]}, {"months": "3,6"},
             {"months": [1, 2, 3, 4, 5, 6, 7]}, {"weeks": [2]}):
    status, _, _ = request("PATCH", f"/api/missions/{M1}/survey-plan", body, token=O)
    check(status == 422, f"plan {body}: 422, got {status}")
status, _, _ = request("PATCH", f"/api/missions/{M1}/survey-plan", {"months": [3]}, token=CA)
check(status == 403, f"a company setting the plan: 403, got {status}")
status, _, _ = request("GET", "/api/missions/999999/survey-plan", token=O)
check(status == 404, f"no such mission: 404, got {status}")
request("PATCH", f"/api/missions/{M1}/survey-plan", {"months": [3, 6, 12]}, token=O)
status, doc, r = request("GET", f"/api/stops/{STOP1}", token=O)
later = RETURN_1 + datetime.timedelta(days=31)
request("PATCH", f"/api/stops/{STOP1}", {"arrive_utc": seoul_midnight(later)}, token=O,
        headers={"If-Match": r.getheader("ETag")})
status, doc, _ = request("GET", f"/api/surveys?mission_id={M1}&organisation_id={FIRM_A}", token=O)
got = {s["months"]: s["due_on"] for s in doc["items"]}
check(got == {3: add_months(RETURN_1, 3).isoformat(), 6: add_months(later, 6).isoformat(),
              12: add_months(later, 12).isoformat()}, f"a later return moves the unanswered surveys only: {got}")
request("DELETE", f"/api/events/{EVENT1}/participants/{PARTICIPANT1[FIRM_B]}", token=O)   # firm B leaves the event
status, doc, _ = request("GET", f"/api/surveys?mission_id={M1}&organisation_id={FIRM_B}", token=O)
check([s["months"] for s in doc["items"]] == [3], f"firm B's answered survey stays, the others go: {doc}")

r = cli("report", "followup-1", "--lang", "en")
check("Follow-up surveys: 2 answered, 2 due, 0 overdue" in r.stdout, f"the report counts the surveys: {r.stdout}")
r = cli("report", "followup-2", "--format", "json")
check(json.loads(r.stdout)["outcomes"]["surveys"] == {"due": 2, "overdue": 1, "answered": 0} if r.returncode == 0 else False,
      f"the JSON report counts them too: {r.stdout[-300:]}")

# --- evidence files: SHA-256, types by their bytes, size, rights ---
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n" + bytes(range(256)) * 4
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 64
B_REALISATION = create("/api/realisations", {"agreement_id": FOREIGN_AGREEMENT, "on": "2024-05-01",
                                              "value": {"amount": "10", "currency": "USD"}})
path = f"/api/realisations/{REALISATION}/evidence"
status, doc, r = request("POST", path + "?name=invoice%20INV-7.pdf", raw=PDF, content_type="application/pdf", token=CA)
check(status == 201 and doc["sha256"] == hashlib.sha256(PDF).hexdigest() and doc["size"] == len(PDF)
      and doc["name"] == "invoice INV-7.pdf" and doc["uploaded_by"] == "company-a"
      and r.getheader("Location") == f"/api/evidence/{doc['id']}", f"company A uploads a PDF: {status} {doc}")
EVIDENCE = doc["id"] if status == 201 else 0
status, doc, _ = request("POST", path, raw=PDF, content_type="application/pdf", token=O)
check(status == 200 and doc["id"] == EVIDENCE, f"the same bytes again: the same record: {status} {doc}")
status, doc, _ = request("POST", path, raw=PNG, content_type="image/png", token=O)
check(status == 201 and count("evidence_blob") == 2, f"a PNG: {status}")
status, doc, _ = request("POST", f"/api/realisations/{B_REALISATION}/evidence", raw=PDF,
                         content_type="application/pdf", token=O)
check(status == 201 and count("evidence_blob") == 2 and count("evidence_file") == 3,
      f"the same PDF on another realisation is stored once: {status}")
B_EVIDENCE = doc["id"] if status == 201 else 0
before = dump()
for raw, ctype, expect, what in (
        (PNG, "application/pdf", 415, "PNG bytes declared a PDF"),
        (JPEG, "image/png", 415, "JPEG bytes declared a PNG"),
        (b"<html><script>alert(1)</script>", "image/jpeg", 415, "HTML declared a JPEG"),
        (PDF, "text/html", 415, "a PDF declared text/html"),
        (PDF, "application/octet-stream", 415, "an unchecked type"),
        (b"", "application/pdf", 422, "an empty file"),
):
    status, doc, _ = request("POST", path, raw=raw, content_type=ctype, token=CA)
    check(status == expect, f"{what}: {expect}, got {status} {doc}")
status, doc, _ = request("POST", path + "?name=..%2Fetc%2Fpasswd", raw=PDF + b"x", content_type="application/pdf",
                         token=CA)
check(status == 400, f"a name with a path: 400, got {status}")
status, doc, _ = request("POST", path + "?name=%FF%FEinvoice.pdf", raw=PDF + b"n", content_type="application/pdf",
                         token=CA)
check(status == 400 and "name" in doc.get("detail", ""), f"a name that is not UTF-8: 400, got {status} {doc}")
status, doc, _ = request("POST", f"/api/realisations/{B_REALISATION}/evidence", raw=PDF + b"y",
                         content_type="application/pdf", token=CA)
check(status == 404, f"company A uploading to firm B's realisation: 404, got {status}")
status, doc, _ = request("POST", path, raw=PDF + b"z", content_type="application/pdf", token=V)
check(status == 403, f"a viewer uploading: 403, got {status}")
check(dump() == before, "refused uploads changed nothing")

status, doc, _ = request("GET", path, token=CA)
check(status == 200 and [e["id"] for e in doc["items"]] == [EVIDENCE, EVIDENCE + 1], f"company A lists: {doc}")
status, doc, _ = request("GET", path, token=CB)
check(status == 404, f"company B listing firm A's evidence: 404, got {status}")
status, doc, r = request("GET", f"/api/evidence/{EVIDENCE}", token=CA, log=False)
check(status == 200 and r.payload == PDF and r.getheader("Content-Type") == "application/pdf"
      and "attachment" in r.getheader("Content-Disposition", "") and r.getheader("X-Content-Type-Options") == "nosniff",
      f"company A downloads the PDF it uploaded, as an attachment: {status}")
status, doc, r = request("GET", f"/api/evidence/{EVIDENCE}", token=V, log=False)
check(status == 200 and r.payload == PDF, f"a viewer downloads it: {status}")
for token, who in ((CB, "company B"),):
    status, _, _ = request("GET", f"/api/evidence/{EVIDENCE}", token=token)
    check(status == 404, f"{who} downloading firm A's evidence: 404, got {status}")
    status, _, _ = request("DELETE", f"/api/evidence/{EVIDENCE}", token=token)
    check(status == 404, f"{who} deleting firm A's evidence: 404, got {status}")
status, _, _ = request("GET", f"/api/evidence/{B_EVIDENCE}", token=CA)
check(status == 404, f"company A downloading firm B's evidence: 404, got {status}")
status, _, _ = request("DELETE", f"/api/evidence/{EVIDENCE + 1}", token=CA)
check(status == 403, f"company A deleting what an officer uploaded: 403, got {status}")
status, _, _ = request("DELETE", f"/api/evidence/{EVIDENCE}", token=V)
check(status == 403, f"a viewer deleting: 403, got {status}")
status, _, _ = request("DELETE", f"/api/evidence/{EVIDENCE}", token=CA)
check(status == 204 and count("evidence_file", f"id = {EVIDENCE}") == 0 and count("evidence_blob") == 2,
      f"company A deletes its upload; the PDF stays for firm B's realisation: {status}")
check(count("audit", f"action = 'delete' AND resource = 'evidence' AND record_id = {EVIDENCE}") == 1,
      "the deletion is audited")
status, _, _ = request("DELETE", f"/api/evidence/{B_EVIDENCE}", token=O)
check(status == 204 and count("evidence_blob") == 1, f"the last reference gone, the blob goes: {status}")
check(count("chain", "kind = 'evidence'") == 5, "evidence changes are chained: 3 uploads, 2 deletions")
r = cli("verify", ok=False)
check(r.returncode == 0, f"pavilion verify after evidence changes: {r.stdout} {r.stderr}")
with sqlite3.connect(DB) as d:
    d.execute("DROP TRIGGER chain_evidence_file_update")
    d.execute("UPDATE evidence_file SET name = 'forged.pdf' WHERE id = ?", (EVIDENCE + 1,))
r = cli("verify", ok=False)
check(r.returncode != 0 and "evidence" in r.stderr + r.stdout, f"verify finds an evidence record edited behind its back: {r.stderr}")
with sqlite3.connect(DB) as d:
    d.execute("UPDATE evidence_file SET name = NULL WHERE id = ?", (EVIDENCE + 1,))
# A realisation deleted takes its evidence files with it, bytes included.
GONE = create("/api/realisations", {"agreement_id": AGREEMENT, "on": "2024-06-01",
                                    "value": {"amount": "5", "currency": "USD"}})
blobs = count("evidence_blob")
status, _, _ = request("POST", f"/api/realisations/{GONE}/evidence", raw=PDF + b"gone", content_type="application/pdf",
                       token=O)
check(status == 201 and count("evidence_blob") == blobs + 1, f"evidence of a realisation to be deleted: {status}")
status, _, _ = request("DELETE", f"/api/realisations/{GONE}", token=O)
check(status == 204 and count("evidence_file", f"realisation_id = {GONE}") == 0 and count("evidence_blob") == blobs,
      f"deleting the realisation deletes its evidence bytes too: {status} {count('evidence_blob')} != {blobs}")

# Over the size limit: 413 and nothing stored.
server.stop()
server = Server("--evidence-max", "2048")
before = dump()
status, doc, _ = request("POST", path, raw=PDF + b"\0" * 2048, content_type="application/pdf", token=CA)
check(status == 413 and "2048" in doc.get("detail", ""), f"over --evidence-max: 413, got {status} {doc}")
status, doc, _ = request("POST", path, raw=PDF[:2048], content_type="application/pdf", token=CA)
check(status == 201, f"exactly at --evidence-max: 201, got {status}")
status, doc, _ = request("POST", "/api/consultations", {"notes": "x" * 70000}, token=O)
check(status == 413, f"other bodies keep the general limit: 413, got {status}")
server.stop()
server = Server()
big = PDF + b"\0" * 100000
status, doc, _ = request("POST", path, raw=big, content_type="application/pdf")
check(status == 413 and "65536" in doc.get("detail", ""), f"without credentials the general limit holds: {status} {doc}")
for forged in ({"Authorization": "Bearer " + "0" * 64}, {"Authorization": "Basic x"},
               {"Cookie": "pavilion_session=" + "0" * 64}):
    status, doc, _ = request("POST", path, raw=big, content_type="application/pdf", headers=forged)
    check(status == 413 and "65536" in doc.get("detail", ""),
          f"credentials that name no account keep the general limit: {forged}: {status} {doc}")
status, doc, _ = request("POST", path, raw=big, content_type="application/pdf", token=V)
check(status == 413 and "65536" in doc.get("detail", ""), f"so does a viewer, who may not upload: {status} {doc}")
status, doc, _ = request("POST", path, raw=big, content_type="application/pdf", token=CA)
check(status == 201, f"with them, the evidence limit: {status} {doc}")
r = subprocess.run([PAVILION, "serve", "--evidence-max", "99999999999", "--db", DB], capture_output=True, text=True)
check(r.returncode == 2 and "--evidence-max" in r.stderr, f"serve refuses a limit above the ceiling: {r.stderr}")

# --- e-mail reminders through a real SMTP server ---
mail_dir = os.path.join(WORK, "mail")
os.mkdir(mail_dir)
sink = subprocess.Popen([sys.executable, os.path.join(HERE, "smtp_sink.py"), mail_dir], stdout=subprocess.PIPE,
                        text=True)
smtp_port = int(sink.stdout.readline().split()[1])
r = cli("remind", ok=False)
check(r.returncode != 0 and "smtp set" in r.stderr, f"remind without a server says how to set one: {r.stderr}")
for args in (["--url", "http://x", "--from", "a@b.example"], ["--url", "smtp://127.0.0.1:25", "--from", "nobody"],
             ["--url", "smtp://127.0.0.1:25"]):
    r = cli("smtp", "set", *args, ok=False)
    check(r.returncode == 2 or r.returncode == 3, f"smtp set {args}: refused, got {r.returncode} {r.stderr}")
cli("smtp", "set", "--url", f"smtp://127.0.0.1:{smtp_port}", "--from", "pavilion@jeonbuk.example")
r = cli("smtp", "show")
check(f"127.0.0.1:{smtp_port}" in r.stdout and "pavilion@jeonbuk.example" in r.stdout, f"smtp show: {r.stdout}")
create(f"/api/events/{EVENT2}/participants", {"organisation_id": FIRM_B, "role": "attendee"})
r = cli("remind", ok=False)
check(r.returncode == 0, f"remind: {r.returncode} {r.stdout} {r.stderr}")
time.sleep(0.5)
messages = sorted(f for f in os.listdir(mail_dir) if f.endswith(".eml"))
parsed = [email.message_from_bytes(open(os.path.join(mail_dir, f), "rb").read(), policy=email.policy.default)
          for f in messages]
to_a = [m for m in parsed if "kim@gana.example" in m["To"]]
check(len(parsed) == 2 and len(to_a) == 2, "two reminders, both to firm A (mission 2: 3 months overdue, 6 due): "
      f"{[m['To'] for m in parsed]}")
to_a = [m for m in to_a if add_months(RETURN_2, 3).isoformat() in m.get_content()]
check(len(to_a) == 1, "one of them for the overdue 3-month survey")
if to_a:
    m = to_a[0]
    body = m.get_content()
    check("lee@gana.example" in m["To"] and m["From"].addresses[0].addr_spec == "pavilion@jeonbuk.example",
          f"From and To: {m['From']} {m['To']}")
    check("사후 성과조사" in m["Subject"] and "follow-up survey" in m["Subject"], f"Subject in both: {m['Subject']}")
    check("응답 기한" in body and "가나식품" in body and "was due on" in body and "Gana Foods" in body
          and add_months(RETURN_2, 3).isoformat() in body, f"body in Korean and English: {body}")
    rcpt = open(os.path.join(mail_dir, messages[parsed.index(m)].replace(".eml", ".rcpt"))).read().split()
    check(sorted(rcpt) == ["kim@gana.example", "lee@gana.example"], f"envelope recipients: {rcpt}")
check("without an address" in r.stdout, f"remind reports firms without an address: {r.stdout}")
status, doc, _ = request("GET", f"/api/surveys?mission_id={M2}&state=overdue", token=CA)
check(status == 200 and doc["items"] and doc["items"][0]["reminders"] == 1 and doc["items"][0]["reminded_utc"],
      f"the survey shows the reminder: {doc}")
n = len(messages)
r = cli("remind", ok=False)
time.sleep(0.3)
check(r.returncode == 0 and len([f for f in os.listdir(mail_dir) if f.endswith(".eml")]) == n,
      f"a second run within a week sends nothing again: {r.stdout}")
sink.terminate()
sink.wait(timeout=30)
with sqlite3.connect(DB) as d:
    d.execute("UPDATE survey SET reminded_utc = NULL")
r = cli("remind", ok=False)
check(r.returncode != 0 and "NOT sent" in r.stdout, f"a server that is gone: remind fails and says so: {r.stdout}")
check(count("reminder", "ok = 0") >= 1 and count("survey", "reminded_utc IS NOT NULL") == 0,
      "the failure is recorded and the survey stays unreminded")
# A name longer than a reminder keeps is cut between characters, never
# inside one: the subject stays UTF-8.
status, doc, r = request("GET", f"/api/missions/{M2}", token=O)
status, doc, _ = request("PATCH", f"/api/missions/{M2}", {"title": {"en": "A" * 254 + "한국"}}, token=O,
                         headers={"If-Match": r.getheader("ETag")})
r = cli("remind", "--dry-run", ok=False)
subjects = [line.split("?")[3] for line in r.stdout.splitlines() if line.startswith("Subject: =?UTF-8?B?")]


def utf8(b64):
    try:
        base64.b64decode(b64).decode("utf-8")
        return True
    except ValueError:
        return False


check(status == 200 and r.returncode == 0 and subjects and all(utf8(s) for s in subjects),
      f"a long mission title cut at a character boundary in the reminder: {subjects}")

# --- a firm that stops being a home firm keeps only its answered surveys ---
def surveys_of(org):
    status, doc, _ = request("GET", f"/api/surveys?organisation_id={org}&limit=200", token=O)
    return sorted((s["mission_id"], s["months"], s["state"] == "answered") for s in doc["items"])


def set_kind(org, kind):
    status, doc, r = request("GET", f"/api/organisations/{org}", token=O)
    status, doc, _ = request("PATCH", f"/api/organisations/{org}", {"kind": kind}, token=O,
                             headers={"If-Match": r.getheader("ETag")})
    return status


was = surveys_of(FIRM_B)
check(any(not answered for _, _, answered in was), f"firm B has unanswered surveys: {was}")
status = set_kind(FIRM_B, "buyer")
check(status == 200 and surveys_of(FIRM_B) == [s for s in was if s[2]],
      f"firm B made a buyer: its unanswered surveys go: {surveys_of(FIRM_B)}")
status = set_kind(FIRM_B, "local_company")
check(status == 200 and surveys_of(FIRM_B) == was, f"and a home firm again, they come back: {surveys_of(FIRM_B)}")

# --- calendars: the firm's surveys as to-dos on their due days ---
status, _, r = request("GET", f"/api/missions/{M1}/calendar.ics?lang=en", token=CA, log=False)
text = r.payload.decode()
check(status == 200 and "BEGIN:VTODO" in text and "DUE;VALUE=DATE:" + add_months(later, 6).strftime("%Y%m%d") in text,
      f"company A's calendar has its 6-month survey as a to-do: {status}")

status, doc, _ = request("GET", "/api/openapi.json")
with open(os.path.join(WORK, "openapi.json"), "w") as f:
    json.dump(doc, f)
RESPONSES.close()
server.stop()
finish()
