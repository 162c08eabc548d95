#!/usr/bin/env python3
"""tests/outcomes/outcomes_http.py PAVILION WORKDIR: consultations,
realisations, claims and agreements' consultations through the HTTP API
of the real binary on 127.0.0.1 (port chosen by the OS), by role: a
company sees and writes only its own firm's records, another firm's are
404 or 403 with nothing changed; amounts in a currency's decimals; a buyer
named or only its country.  Every change is chained: `pavilion verify`
passes at the end.  Responses go to WORKDIR/responses.jsonl for
check_openapi.mjs.  Prints "N passed, N failed"."""
import json
import os
import sqlite3
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import Client, Pavilion, Server, check, finish  # noqa: E402

PAVILION, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "outcomes.db")
RESPONSES = open(os.path.join(WORK, "responses.jsonl"), "w")
cli = Pavilion(PAVILION, DB).run


if os.path.exists(DB):
    os.remove(DB)
cli("demo")
db = sqlite3.connect(DB)
COMPANY_ORG = 4  # Home Shopping World: a party to agreements 1 and 4
OTHER_ORG = db.execute("SELECT min(id) FROM organisation WHERE id != ? AND kind != 'government'",
                       (COMPANY_ORG,)).fetchone()[0]
EVENT = db.execute("SELECT min(id) FROM event").fetchone()[0]
OFFICER_PERSON = db.execute("SELECT min(id) FROM person").fetchone()[0]
FOREIGN_AGREEMENT = db.execute("SELECT min(id) FROM agreement WHERE kind IN ('contract', 'purchase_order')"
                               " AND id NOT IN"
                               " (SELECT agreement_id FROM agreement_party WHERE organisation_id = ?)",
                               (COMPANY_ORG,)).fetchone()[0]
# A B2B meeting between two other organisations, for the meeting rule.
db.execute("INSERT INTO meeting_slot (event_id, start_utc, end_utc, tables) VALUES (?, 1705000000, 1705001800, 2)",
           (EVENT,))
db.execute("INSERT INTO meeting (event_id, slot_id, table_no, a_organisation_id, b_organisation_id)"
           " VALUES (?, last_insert_rowid(), 1, ?, ?)", (EVENT, OTHER_ORG, OTHER_ORG + 1))
db.commit()
FOREIGN_MEETING = db.execute("SELECT max(id) FROM meeting").fetchone()[0]
MOU = db.execute("SELECT min(id) FROM agreement WHERE kind = 'mou'").fetchone()[0]
BASE_CONSULTATIONS = db.execute("SELECT count(*) FROM consultation").fetchone()[0]
BASE_CLAIMS = db.execute("SELECT count(*) FROM claim").fetchone()[0]
db.close()
PASSWORD = "correct horse battery"
tokens = {}
for name, role, org in (("admin1", "admin", None), ("officer1", "officer", None), ("company1", "company", COMPANY_ORG),
                        ("other1", "company", OTHER_ORG), ("viewer1", "viewer", None)):
    cli("user", "add", name, "--role", role, *(["--org", str(org)] if org else []), "--password-stdin",
        stdin=PASSWORD + "\n")
    tokens[name] = cli("token", "create", name).stdout.strip().splitlines()[-1]
A, O, C, X, V = (tokens[n] for n in ("admin1", "officer1", "company1", "other1", "viewer1"))

server = Server(Pavilion(PAVILION, DB), WORK)
request = Client(server, RESPONSES).request


def count(table):
    with sqlite3.connect(DB) as d:
        return d.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def dump():
    with sqlite3.connect(DB) as d:
        return "\n".join(d.iterdump())


def patch(path, body, token):
    _, _, r = request("GET", path, token=A)
    return request("PATCH", path, body, token=token, headers={"If-Match": r.getheader("ETag")})


def usd(amount):
    return {"amount": amount, "currency": "USD"}


# --- consultations ---------------------------------------------------
own = {"key": "c-own", "event_id": EVENT, "firm_id": COMPANY_ORG, "buyer_country": "US",
       "products": {"ko": "김치", "en": "kimchi"}, "hs_code": "200590",
       "consulted": usd("80000.00"), "expected": usd("25000"), "likelihood": "high"}
status, doc, _ = request("POST", "/api/consultations", own, token=A)
check(status == 201 and doc["consulted"] == {"amount": "80000.00", "currency": "USD", "minor": 8000000}
      and doc["expected"]["minor"] == 2500000 and doc["buyer_id"] is None, f"officer records a consultation: {status} {doc}")
own_id = doc["id"] if status == 201 else 0
status, doc, _ = request("POST", "/api/consultations", dict(own, key="c-own-2", consulted={"amount": "120000000",
                         "currency": "KRW"}, expected=None), token=C)
check(status == 201 and doc["consulted"]["minor"] == 120000000, f"a company records its own: {status} {doc}")
other = dict(own, key="c-other", firm_id=OTHER_ORG)
status, doc, _ = request("POST", "/api/consultations", other, token=A)
check(status == 201, f"another firm's consultation: {status} {doc}")
other_id = doc["id"] if status == 201 else 0

# Bad input: 422, nothing changed.
before = dump()
for body, pointer, what in (
        (dict(own, key="c-bad1", consulted={"amount": "1000.5", "currency": "KRW"}), "/consulted/amount",
         "KRW with decimals"),
        (dict(own, key="c-bad2", consulted={"amount": "10.005", "currency": "USD"}), "/consulted/amount",
         "USD with three decimals"),
        (dict(own, key="c-bad3", expected={"amount": "-5", "currency": "USD"}), "/expected/amount", "negative"),
        (dict(own, key="c-bad4", expected={"amount": 5, "currency": "USD"}), "/expected/amount", "a number"),
        (dict(own, key="c-bad5", consulted={"amount": "5", "currency": "USDD"}), "/consulted/currency",
         "bad currency"),
        (dict(own, key="c-bad6", likelihood="certain"), "/likelihood", "bad likelihood"),
        (dict(own, key="c-bad7", consulted={"amount": "5", "currency": "USD", "colour": 1}), "/consulted/colour",
         "unknown member"),
):
    status, doc, _ = request("POST", "/api/consultations", body, token=A)
    check(status == 422, f"{what}: {status} {doc}")
    check(status == 422 and json.dumps(doc).find(pointer) >= 0, f"{what} names {pointer}: {doc}")
status, doc, _ = request("POST", "/api/consultations", dict(own, key="c-both", buyer_id=OTHER_ORG), token=A)
check(status == 422 and "buyer_named_or_only_its_country_not_both" in doc.get("detail", ""),
      f"a buyer both named and country-only: {status} {doc}")
nobuyer = dict(own, key="c-none")
del nobuyer["buyer_country"]
status, doc, _ = request("POST", "/api/consultations", nobuyer, token=A)
check(status == 422, f"a consultation with no buyer at all: {status} {doc}")
status, doc, _ = patch(f"/api/consultations/{own_id}", {"buyer_id": OTHER_ORG}, A)
check(status == 422, f"a PATCH naming the buyer of a country-only one: {status} {doc}")
status, doc, _ = patch(f"/api/consultations/{own_id}", {"consulted": {"amount": "1.5", "currency": "JPY"}}, A)
check(status == 422 and "/consulted/amount" in json.dumps(doc), f"a PATCH in JPY with decimals: {status} {doc}")
check(dump() == before, "refused consultations changed nothing")

# By role: the company sees and writes only its own firm's.
status, doc, _ = request("GET", "/api/consultations?limit=50", token=C)
check(status == 200 and doc["items"] and all(c["firm_id"] == COMPANY_ORG for c in doc["items"]),
      f"a company lists only its own: {doc}")
status, doc, _ = request("GET", "/api/consultations?limit=50", token=A)
check(status == 200 and len(doc["items"]) == BASE_CONSULTATIONS + 3, f"an officer lists all: {doc}")
status, doc, _ = request("GET", f"/api/consultations/{other_id}", token=C)
check(status == 404, f"another firm's consultation is not found: {status}")
status, doc, _ = request("GET", f"/api/consultations/{other_id}", token=X)
check(status == 200, f"that firm sees it: {status}")
before = dump()
status, doc, _ = request("POST", "/api/consultations", dict(own, key="c-pose", firm_id=OTHER_ORG), token=C)
check(status == 403, f"a company may not record another firm's: {status} {doc}")
status, doc, _ = patch(f"/api/consultations/{other_id}", {"likelihood": "low"}, C)
check(status == 404, f"nor change another firm's: {status} {doc}")
status, doc, _ = patch(f"/api/consultations/{own_id}", {"firm_id": OTHER_ORG}, C)
check(status == 403, f"nor hand its own to another firm: {status} {doc}")
if FOREIGN_MEETING:
    status, doc, _ = patch(f"/api/consultations/{own_id}", {"meeting_id": FOREIGN_MEETING}, C)
    check(status == 403, f"nor tie its own to a meeting it was not at: {status} {doc}")
status, doc, _ = request("DELETE", f"/api/consultations/{other_id}", token=C)
check(status == 404, f"nor delete another firm's: {status} {doc}")
status, doc, _ = request("POST", "/api/consultations", dict(own, key="c-viewer"), token=V)
check(status == 403, f"a viewer writes none: {status}")
status, doc, _ = request("GET", "/api/consultations")
check(status == 401, f"anonymous: {status}")
check(dump() == before, "refused writes by role changed nothing")
status, doc, _ = patch(f"/api/consultations/{own_id}", {"likelihood": "medium", "notes": {"en": "call in May"}}, C)
check(status == 200 and doc["likelihood"] == "medium", f"a company updates its own: {status} {doc}")
status, doc, _ = request("GET", f"/api/consultations?firm_id={OTHER_ORG}", token=C)
check(status == 200 and doc["items"] == [], f"a filter cannot reach beyond the scope: {doc}")

# --- agreements name their consultation -------------------------------
status, doc, _ = patch("/api/agreements/4", {"consultation_id": own_id}, A)
check(status == 200 and doc["consultation_id"] == own_id, f"an agreement names its consultation: {status} {doc}")

# --- realisations ----------------------------------------------------
real = {"agreement_id": 4, "on": "2024-06-30", "value": usd("40000.00"), "evidence_kind": "export_declaration",
        "evidence_reference": "12345-24-0601234X"}
status, doc, _ = request("POST", "/api/realisations", dict(real, verified_by=OFFICER_PERSON,
                                                            verified_at="2024-07-02"), token=O)
check(status == 201 and doc["value"]["minor"] == 4000000 and doc["verified_by"] == OFFICER_PERSON,
      f"an officer records a verified realisation: {status} {doc}")
verified_id = doc["id"] if status == 201 else 0
status, doc, _ = request("POST", "/api/realisations", dict(real, evidence_kind="statement"), token=C)
check(status == 201 and doc["verified_by"] is None, f"a company records its own, unverified: {status} {doc}")
before = dump()
status, doc, _ = request("POST", "/api/realisations", dict(real, verified_by=OFFICER_PERSON), token=C)
check(status == 403, f"a company cannot verify: {status} {doc}")
status, doc, _ = patch(f"/api/realisations/{verified_id}", {"value": usd("90000")}, C)
check(status == 403, f"nor change a verified one: {status} {doc}")
status, doc, _ = request("POST", "/api/realisations", dict(real, agreement_id=FOREIGN_AGREEMENT), token=C)
check(status == 403, f"nor record under another's agreement: {status} {doc}")
status, doc, _ = request("POST", "/api/realisations", dict(real, value={"amount": "1.5", "currency": "KRW"}),
                         token=A)
check(status == 422 and "/value/amount" in json.dumps(doc), f"a KRW realisation with decimals: {status} {doc}")
status, doc, _ = request("POST", "/api/realisations", dict(real, evidence_kind="rumour"), token=A)
check(status == 422, f"an unknown kind of evidence: {status} {doc}")
status, doc, _ = request("POST", "/api/realisations", dict(real, agreement_id=MOU), token=A)
check(status == 422 and "only contracts and purchase orders are realised" in doc.get("detail", ""),
      f"an MOU is not realised: {status} {doc}")
check(dump() == before, "refused realisations changed nothing")
status, doc, _ = request("POST", "/api/realisations", dict(real, agreement_id=FOREIGN_AGREEMENT), token=A)
foreign_real = doc["id"] if status == 201 else 0
status, doc, _ = request("GET", f"/api/realisations/{foreign_real}", token=C)
check(status == 404, f"another's realisation is not found: {status}")
status, doc, _ = request("GET", "/api/realisations?limit=50", token=C)
check(status == 200 and {r["agreement_id"] for r in doc["items"]} == {4}, f"a company lists its own: {doc}")

# --- claims -----------------------------------------------------------
claim = {"mission_id": 1, "key": "press-2024-01", "tier": "signed", "value": usd("1124000"), "firms": 7,
         "stated_on": "2024-01-20", "source_title": {"ko": "보도자료", "en": "press release"},
         "source_url": "https://example.org/press"}
status, doc, _ = request("POST", "/api/claims", claim, token=O)
check(status == 201 and doc["value"]["minor"] == 112400000, f"an officer records a claim: {status} {doc}")
status, doc, _ = request("GET", "/api/claims", token=V)
check(status == 200 and len(doc["items"]) == BASE_CLAIMS + 1, f"a viewer reads claims: {status}")
status, doc, _ = request("GET", "/api/claims", token=C)
check(status == 403, f"a company does not: {status}")
status, doc, _ = request("POST", "/api/claims", dict(claim, key="k2", tier="promised"), token=O)
check(status == 422, f"an unknown tier: {status} {doc}")
status, doc, _ = request("POST", "/api/claims", dict(claim, key="k3"), token=C)
check(status == 403, f"a company records no claims: {status}")

# --- the OpenAPI document covers them ----------------------------------
status, doc, _ = request("GET", "/api/openapi.json")
check(status == 200 and all(f"/api/{r}" in json.dumps(doc["paths"]) for r in ("consultations", "realisations", "claims")),
      "openapi names the new resources")
with open(os.path.join(WORK, "openapi.json"), "w") as f:
    json.dump(doc, f)

# --- every change above is chained ---------------------------------------
server.stop()
r = cli("verify", ok=False)
check(r.returncode == 0 and "chain intact" in r.stdout, f"verify after the API's writes: {r.stdout} {r.stderr}")
with sqlite3.connect(DB) as d:
    kinds = {k for (k,) in d.execute("SELECT DISTINCT kind FROM chain")}
check(kinds == {"agreement", "consultation", "realisation", "claim"}, f"chained kinds: {kinds}")

RESPONSES.close()
finish()
