#!/usr/bin/env python3
"""tests/http/http_test.py PAVILION WORKDIR: HTTP tests against the real
binary on 127.0.0.1 with a port chosen by the OS.

Every route x role is checked against the table ROLE_TABLE in full; then
CSRF, ETags, pagination, search, bad input of every kind, failed-login
throttling, graceful shutdown and a kill -9 durability test.  Every
response is appended to WORKDIR/responses.jsonl for check_openapi.mjs.
Prints "N passed, N failed" and exits non-zero on any failure.
"""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import http.client
import urllib.parse

PAVILION, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "http.db")
RESPONSES = open(os.path.join(WORK, "responses.jsonl"), "w")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import check, finish  # noqa: E402


def cli(*args, stdin=None):
    r = subprocess.run([PAVILION, *args, "--db", DB], input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"pavilion {' '.join(args)}: {r.stderr}")
    return r.stdout


class Server:
    def __init__(self, *extra):
        self.proc = subprocess.Popen([PAVILION, "serve", "--listen", "127.0.0.1:0", "--db", DB, *extra],
                                     stdout=subprocess.PIPE, stderr=open(os.path.join(WORK, "serve.err"), "a"),
                                     text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("listening on http://127.0.0.1:"):
            raise SystemExit(f"server did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=60)


def request(method, path, body=None, token=None, cookie=None, csrf=None, headers=None, raw=None,
            content_type="application/json", source=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60,
                                      source_address=(source, 0) if source else None)
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    if cookie:
        h["Cookie"] = "pavilion_session=" + cookie
    if csrf:
        h["X-CSRF-Token"] = csrf
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    if data is not None and content_type:
        h["Content-Type"] = content_type
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    text = r.read().decode("utf-8", "replace")
    r.text = text
    conn.close()
    RESPONSES.write(json.dumps({"method": method, "path": path, "status": r.status,
                                "content_type": r.getheader("Content-Type"), "body": text}) + "\n")
    try:
        doc = json.loads(text) if text else None
    except ValueError:
        doc = None
    return r.status, doc, r


def q(s):
    return urllib.parse.quote(s)


# --- set-up: the demo mission, one account per role, a token each ---
if os.path.exists(DB):
    os.remove(DB)
cli("demo")
db = sqlite3.connect(DB)
COMPANY_ORG = 4  # Home Shopping World: a party to agreements 1 and 4
OTHER_ORG = db.execute("SELECT min(id) FROM organisation WHERE id != ?", (COMPANY_ORG,)).fetchone()[0]
db.close()
PASSWORD = "correct horse battery"
tokens = {}
for role in ("admin", "officer", "company", "viewer"):
    extra = ["--org", str(COMPANY_ORG)] if role == "company" else []
    cli("user", "add", role + "1", "--role", role, *extra, "--password-stdin", stdin=PASSWORD + "\n")
    tokens[role] = cli("token", "create", role + "1").strip().splitlines()[-1]
tokens["anon"] = None
ROLES = ("anon", "admin", "officer", "company", "viewer")
server = Server()
A = tokens["admin"]

# Two company accounts without an organisation.  "orphan" lost it the
# way the API allows: its organisation was deleted, which disables it.
# "orphan_raw" is one written into the database by other means (an older
# version, a hand edit): it must be refused everything all the same.
for name in ("orphan", "orphan_raw"):
    status, doc, _ = request("POST", "/api/organisations", {"key": name + "-org", "kind": "company"}, token=A)
    assert status == 201, (status, doc)
    cli("user", "add", name, "--role", "company", "--org", str(doc["id"]), "--password-stdin", stdin=PASSWORD + "\n")
    tokens[name] = cli("token", "create", name).strip().splitlines()[-1]
    if name == "orphan":
        status, _, _ = request("DELETE", f"/api/organisations/{doc['id']}", token=A)
        assert status == 204, status
    else:
        with sqlite3.connect(DB) as raw:
            raw.execute("UPDATE app_user SET organisation_id = NULL WHERE username = ?", (name,))
status, doc, _ = request("GET", "/api/users", token=A)
orphan = next(u for u in doc["items"] if u["username"] == "orphan")
check(orphan["disabled"] is True and orphan["organisation_id"] is None,
      f"deleting a company's organisation disables its account: {orphan}")

# Records the matrix works on, made by the admin.
serial = [0]


def fresh_key(prefix):
    serial[0] += 1
    return f"{prefix}-{serial[0]}"


BODIES = {
    "organisations": lambda: {"key": fresh_key("org"), "kind": "company", "name": {"en": "Test Co", "ko": "테스트"}},
    "people": lambda: {"key": fresh_key("person"), "name": {"en": "Kim"}, "organisation_id": COMPANY_ORG},
    "missions": lambda: {"slug": fresh_key("mission"), "home_zone": "Asia/Seoul", "title": {"en": "M"}},
    "stops": lambda: {"mission_id": 1, "key": fresh_key("stop"), "zone": "America/New_York"},
    "events": lambda: {"mission_id": 1, "key": fresh_key("event"), "kind": "consultation", "title": {"en": "E"},
                       "zone": "America/New_York", "start_utc": 1705000000, "start_precision": 2},
    "pavilions": lambda: {"mission_id": 1, "key": fresh_key("pavilion"), "name": {"en": "P"}},
    "agreements": lambda: {"key": fresh_key("agreement"), "kind": "mou", "signed_on": "2024-01", "title": {"en": "A"},
                           "home_role": "facilitator", "status": "signed", "value_minor": 100000,
                           "currency": "USD"},
    "participants": lambda: {"organisation_id": COMPANY_ORG, "role": "attendee"},
    "exhibitors": lambda: {"organisation_id": COMPANY_ORG, "booth": "A1"},
    "parties": lambda: {"organisation_id": COMPANY_ORG, "role": "party"},
    "followups": lambda: {"due_on": "2024-06-30", "description": {"en": "call back"}},
}
PATCHES = {
    "organisations": {"website": "https://example.org"}, "people": {"email": "kim@example.org"},
    "missions": {"purpose": {"en": "trade"}}, "stops": {"home": False}, "events": {"attended": 12},
    "pavilions": {"notes": {"en": "n"}}, "agreements": {"status": "fulfilled"},
    "participants": {"role": "speaker"}, "exhibitors": {"booth": "B2"}, "parties": {"role": "buyer"},
    "followups": {"done_on": "2024-07-01"},
}
CHILDREN = {"participants": "events", "exhibitors": "pavilions", "parties": "agreements",
            "followups": "agreements"}
COMPANY_SCOPED = {"organisations", "people", "events", "participants", "exhibitors", "agreements",
                  "parties", "followups"}


def create(res, parent=None):
    path = f"/api/{CHILDREN[res]}/{parent}/{res}" if parent else f"/api/{res}"
    status, doc, _ = request("POST", path, BODIES[res](), token=A)
    assert status == 201, (path, status, doc)
    return doc["id"]


# The company's own event and agreement: it attends one, is party to another.
own_event = create("events")
request("POST", f"/api/events/{own_event}/participants", BODIES["participants"](), token=A)
other_event = create("events")
own_agreement = 4
parents = {"events": own_event, "pavilions": create("pavilions"), "agreements": own_agreement}
child_ids = {child: create(child, parents[CHILDREN[child]]) for child in CHILDREN}

# --- the route x role table: every route, every role, full ---
R, W, ADMIN = "readers", "writers", "admin"


def expect(kind, res=None, own=True):
    """Expected status per role for a kind of access."""
    e = {"anon": 401}
    if kind == "public":
        return {r: 200 for r in ROLES}
    if kind == "any":
        e.update(admin=200, officer=200, company=200, viewer=200)
    elif kind == ADMIN:
        e.update(admin=200, officer=403, company=403, viewer=403)
    elif kind == R:
        e.update(admin=200, officer=200, viewer=200, company=403)
        if res in COMPANY_SCOPED:
            e["company"] = 200 if own else 404
    return e


def with_status(e, ok):
    return {r: (ok if s == 200 else s) for r, s in e.items()}


ROLE_TABLE = []  # (method, path-maker, body-maker, headers-maker, {role: status})
ROLE_TABLE += [
    ("GET", lambda: "/api/health", None, {r: 200 for r in ROLES}),
    ("GET", lambda: "/api/openapi.json", None, {r: 200 for r in ROLES}),
    ("GET", lambda: "/api/session", None, expect("any")),
    ("GET", lambda: "/api/users", None, expect(ADMIN)),
    ("POST", lambda: "/api/users", lambda: {"username": fresh_key("u"), "password": PASSWORD, "role": "viewer"},
     with_status(expect(ADMIN), 201)),
    ("PATCH", lambda: "/api/users/4", lambda: {"role": "viewer"}, expect(ADMIN)),
    ("GET", lambda: "/api/audit?limit=5", None, expect(ADMIN)),
    ("GET", lambda: "/api/search?q=" + q("쇼핑"), None, expect(R)),
    ("GET", lambda: "/api/missions/1/report?lang=ko", None, expect(R)),
    ("GET", lambda: "/api/tokens", None, expect("any")),
    # Tokens are made from a session only; the table runs with tokens.
    ("POST", lambda: "/api/tokens", lambda: {"label": "table"}, with_status(expect("any"), 403)),
    ("DELETE", lambda: "/api/tokens/999999", None, with_status(expect("any"), 404)),
]
own_ids = {"organisations": COMPANY_ORG, "events": own_event, "agreements": own_agreement}
foreign_ids = {"organisations": OTHER_ORG, "events": other_event, "agreements": 2}


def writers(ok, res, own=True):
    e = {"anon": 401, "admin": ok, "officer": ok, "viewer": 403, "company": 403}
    return e


for res in ("organisations", "people", "missions", "stops", "events", "pavilions", "agreements"):
    rid = own_ids.get(res)
    ROLE_TABLE.append(("GET", lambda res=res: f"/api/{res}?limit=5", None, expect(R, res)))
    ROLE_TABLE.append(("POST", lambda res=res: f"/api/{res}", BODIES[res], writers(201, res)))
    if rid is None:
        rid = create(res)
        if res == "people":  # a person of the company's own organisation
            pass
    ROLE_TABLE.append(("GET", lambda res=res, rid=rid: f"/api/{res}/{rid}", None, expect(R, res)))
    if res in foreign_ids:
        ROLE_TABLE.append(("GET", lambda res=res: f"/api/{res}/{foreign_ids[res]}", None,
                           expect(R, res, own=False)))
    patch = writers(200, res)
    if res == "organisations":
        patch["company"] = 200
    ROLE_TABLE.append(("PATCH", lambda res=res, rid=rid: f"/api/{res}/{rid}", lambda res=res: PATCHES[res], patch))
    if res == "organisations":
        foreign = writers(200, res)
        foreign["company"] = 404
        ROLE_TABLE.append(("PATCH", lambda: f"/api/organisations/{OTHER_ORG}",
                           lambda: {"website": "https://example.com"}, foreign))
    ROLE_TABLE.append(("DELETE", lambda res=res: f"/api/{res}/{create(res)}", None, writers(204, res)))

for child, parent in CHILDREN.items():
    pid = parents[parent]
    base = f"/api/{parent}/{pid}/{child}"
    e = expect(R, child)
    if parent == "pavilions":
        e["company"] = 403  # companies do not see pavilions, so neither their children
    ROLE_TABLE.append(("GET", lambda base=base: base, None, e))
    ROLE_TABLE.append(("POST", lambda base=base: base, BODIES[child], writers(201, child)))
    ROLE_TABLE.append(("GET", lambda base=base, child=child: f"{base}/{child_ids[child]}", None, e))
    ROLE_TABLE.append(("PATCH", lambda base=base, child=child: f"{base}/{child_ids[child]}",
                       lambda child=child: PATCHES[child],
                       writers(200, child)))
    ROLE_TABLE.append(("DELETE", lambda base=base, child=child, parent=parent, pid=pid:
                       f"{base}/{create(child, pid)}", None, writers(204, child)))

ROLE_TABLE.append(("DELETE", lambda: "/api/session", None, {"anon": 401, "admin": 204, "officer": 204,
                                                            "company": 204, "viewer": 204}))
# Logging in is public; a wrong password is 401 for everyone.
ROLE_TABLE.append(("POST", lambda: "/api/session", lambda: {"username": fresh_key("nobody"), "password": "wrong password"},
                   {r: 401 for r in ROLES}))

# The accounts without an organisation: public routes as anyone, every
# other refused (disabled: 401; enabled but orphaned: 403).
for row in ROLE_TABLE:
    public = row[3]["anon"] == 200 or row[3]["admin"] == 401
    row[3]["orphan"] = row[3]["anon"] if public else 401
    row[3]["orphan_raw"] = row[3]["anon"] if public else 403
ROLES += ("orphan", "orphan_raw")
for method, path_of, body_of, expected in ROLE_TABLE:
    check(set(expected) == set(ROLES), f"table row {method} covers every role")
    for role in ROLES:
        path = path_of()
        headers = {}
        if method == "PATCH":
            _, _, resp = request("GET", path, token=A)
            headers["If-Match"] = resp.getheader("ETag") or '"v1"'
        status, doc, _ = request(method, path, body_of() if body_of else None, token=tokens[role],
                                 headers=headers)
        check(status == expected[role], f"{method} {path} as {role}: {status}, expected {expected[role]} {doc}")
print(f"route x role table: {len(ROLE_TABLE)} routes x {len(ROLES)} roles", flush=True)

# --- login, cookie session and CSRF ---
status, doc, resp = request("POST", "/api/session", {"username": "officer1", "password": PASSWORD})
check(status == 201 and doc["role"] == "officer", f"login: {status} {doc}")
set_cookie = resp.getheader("Set-Cookie") or ""
check("HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie and "Secure" not in set_cookie,
      f"cookie flags over plain HTTP: {set_cookie}")
status, _, resp = request("POST", "/api/session", {"username": "officer1", "password": PASSWORD},
                          headers={"X-Forwarded-Proto": "https"})
check(status == 201 and "; Secure" in (resp.getheader("Set-Cookie") or ""),
      f"cookie behind a proxy that says https: {resp.getheader('Set-Cookie')}")
cookie = set_cookie.split(";")[0].split("=", 1)[1]
csrf = doc["csrf_token"]
status, doc, _ = request("GET", "/api/session", cookie=cookie)
check(status == 200 and doc["csrf_token"] == csrf, "session by cookie")
status, doc, _ = request("POST", "/api/organisations", BODIES["organisations"](), cookie=cookie)
check(status == 403 and doc["type"].endswith(":csrf"), f"POST with cookie, no CSRF: {status}")
status, doc, _ = request("POST", "/api/organisations", BODIES["organisations"](), cookie=cookie, csrf="0" * 64)
check(status == 403, f"POST with a wrong CSRF token: {status}")
status, doc, _ = request("POST", "/api/organisations", BODIES["organisations"](), cookie=cookie, csrf=csrf)
check(status == 201, f"POST with cookie and CSRF: {status}")
status, _, _ = request("DELETE", "/api/session", cookie=cookie, csrf=csrf)
check(status == 204, "logout")
status, _, _ = request("GET", "/api/session", cookie=cookie)
check(status == 401, "cookie dead after logout")

# --- ETags and If-Match ---
oid = create("organisations")
status, doc, resp = request("GET", f"/api/organisations/{oid}", token=A)
etag = resp.getheader("ETag")
status, _, _ = request("PATCH", f"/api/organisations/{oid}", {"website": "a"}, token=A)
check(status == 428, f"PATCH without If-Match: {status}")
status, doc, resp = request("PATCH", f"/api/organisations/{oid}", {"website": "a"}, token=A,
                            headers={"If-Match": etag})
check(status == 200 and resp.getheader("ETag") != etag, f"PATCH with If-Match: {status}")
status, doc, _ = request("PATCH", f"/api/organisations/{oid}", {"website": "b"}, token=tokens["officer"],
                         headers={"If-Match": etag})
check(status == 412 and doc["type"].endswith(":precondition-failed"), f"stale If-Match: {status}")
status, doc, _ = request("DELETE", f"/api/organisations/{oid}", token=A, headers={"If-Match": etag})
check(status == 412, f"DELETE with stale If-Match: {status}")
status, doc, _ = request("PATCH", f"/api/organisations/{oid}", {"website": "b"}, token=A,
                         headers={"If-Match": "garbage"})
check(status == 412, f"malformed If-Match: {status}")

# --- pagination, filter, sort ---
seen, cursor, pages = [], None, 0
while True:
    status, doc, _ = request("GET", "/api/organisations?limit=3&sort=-key" + (f"&cursor={cursor}" if cursor else ""),
                             token=A)
    check(status == 200, f"page {pages}: {status}")
    seen += [o["key"] for o in doc["items"]]
    pages += 1
    cursor = doc["next_cursor"]
    if not cursor or pages > 50:
        break
total = sqlite3.connect(DB).execute("SELECT count(*) FROM organisation").fetchone()[0]
check(len(seen) == total and len(set(seen)) == total and seen == sorted(seen, reverse=True),
      f"cursor pagination: {len(seen)} of {total}")
status, doc, _ = request("GET", "/api/organisations?kind=company&limit=200", token=A)
check(status == 200 and doc["items"] and all(o["kind"] == "company" for o in doc["items"]), "filter kind")
# A filter beside a company's scope (:org) or a parent (:parent): each
# keeps its own parameter (a positional ?1 once shared their slot).
status, own, _ = request("GET", f"/api/organisations/{COMPANY_ORG}", token=A)
status, doc, _ = request("GET", f"/api/organisations?kind={own['kind']}", token=tokens["company"])
check(status == 200 and [o["id"] for o in doc["items"]] == [COMPANY_ORG], f"company scope and a filter: {doc}")
status, doc, _ = request("GET", f"/api/events/{own_event}/participants", token=A)
role = doc["items"][0]["role"]
status, doc, _ = request("GET", f"/api/events/{own_event}/participants?role={role}", token=A)
check(status == 200 and len(doc["items"]) >= 1 and all(p["role"] == role for p in doc["items"]), f"parent and a filter: {doc}")
status, doc, _ = request("GET", "/api/events?mission_id=1&sort=start_utc", token=A)
check(status == 200 and [e["start_utc"] for e in doc["items"]] == sorted(e["start_utc"] for e in doc["items"]),
      "sort by start_utc")

# --- search: Korean partial words, English ---
status, doc, _ = request("GET", "/api/search?q=" + q("쇼핑"), token=A)
check(status == 200 and any(h["name"]["ko"] == "홈쇼핑월드" for h in doc["items"]), f"search 쇼핑: {doc}")
status, doc, _ = request("GET", "/api/search?q=shopping", token=A)
check(status == 200 and any("Shopping" in (h["name"]["en"] or "") for h in doc["items"]), "search shopping")
status, doc, _ = request("GET", "/api/search?q=" + q("ㅎㅅㅍ"), token=A)
check(status == 200 and any(h["name"]["ko"] == "홈쇼핑월드" for h in doc["items"]), f"search ㅎㅅㅍ: {doc}")
status, doc, _ = request("GET", "/api/organisations?q=" + q("ㅎㅅㅍ"), token=A)
check(status == 200 and [o["name"]["ko"] for o in doc["items"]] == ["홈쇼핑월드"], f"organisations ㅎㅅㅍ: {doc}")
status, doc, _ = request("GET", "/api/search?q=" + q("ㅅㅍㅇ"), token=A)
check(status == 200 and not any(h["name"]["ko"] == "홈쇼핑월드" for h in doc["items"]),
      "initials match from the start of a word only")
status, doc, _ = request("GET", "/api/search?q=" + q("100%_"), token=A)
check(status == 200 and doc["items"] == [], "search escapes LIKE wildcards")

# --- a write by another process is seen at once (the GET cache follows it) ---
path = f"/api/organisations/{COMPANY_ORG}"
request("GET", path, token=A)
request("GET", path, token=A)
with sqlite3.connect(DB) as other:
    other.execute("UPDATE organisation SET website = 'https://outside.example' WHERE id = ?", (COMPANY_ORG,))
status, doc, _ = request("GET", path, token=A)
check(status == 200 and doc["website"] == "https://outside.example", f"outside write seen: {doc}")

# --- bad input of every kind: 4xx, problem+json, never 500 ---
BAD = [
    ("POST", "/api/organisations", b'{"key": "x", ', "application/json", 400, ""),
    ("POST", "/api/organisations", b'[1, 2]', "application/json", 422, ""),
    ("POST", "/api/organisations", b'', "application/json", 400, ""),
    ("POST", "/api/organisations", b'{"key": "a", "key": "b"}', "application/json", 400, ""),
    ("POST", "/api/organisations", b'{"key": 5, "kind": "company"}', "application/json", 422, "/key"),
    ("POST", "/api/organisations", b'{"key": "ok", "kind": "spaceship"}', "application/json", 422, "/kind"),
    ("POST", "/api/organisations", b'{"key": "ok", "kind": "company", "colour": 1}', "application/json", 422,
     "/colour"),
    ("POST", "/api/organisations", b'{"kind": "company"}', "application/json", 422, "/key"),
    ("POST", "/api/organisations", b'{"key": "ok", "kind": "company", "id": 9}', "application/json", 422, "/id"),
    ("POST", "/api/organisations", b'{"key": "ok", "kind": "company", "name": {"fr": "x"}}', "application/json",
     422, "/name"),
    ("POST", "/api/organisations", b'{"key": "ok", "kind": "company", "sectors": ["bio", 3]}',
     "application/json", 422, "/sectors/1"),
    ("POST", "/api/organisations", b'{"key": "ok", "kind": "company", "country": "XX"}', "application/json", 422,
     "/country"),
    ("POST", "/api/organisations", b'{"key": "bad key!", "kind": "company"}', "application/json", 422, "/key"),
    ("POST", "/api/organisations", b'{"key": "k\\u0000", "kind": "company"}', "application/json", 400, ""),
    ("POST", "/api/organisations", b'\xff\xfe{}', "application/json", 400, ""),
    ("POST", "/api/organisations", b'{"key": "ok", "kind": "company"}', "text/plain", 415, None),
    ("POST", "/api/organisations", b'{"key": "ok", "kind": "company"}', None, 415, None),
    ("POST", "/api/agreements", b'{"key": "a", "kind": "mou", "signed_on": "2024-13", "home_role": "none",'
     b' "status": "signed", "title": {"en": "A"}}', "application/json", 422, "/signed_on"),
    ("POST", "/api/agreements", b'{"key": "a", "kind": "mou", "signed_on": "2024", "home_role": "none",'
     b' "status": "signed", "title": {"en": "A"}, "currency": "USDD", "value_minor": 1}', "application/json", 422,
     "/currency"),
    ("POST", "/api/agreements", b'{"key": "a", "kind": "mou", "signed_on": "2024", "home_role": "none",'
     b' "status": "signed", "title": {"en": "A"}, "value_minor": -5}', "application/json", 422, "/value_minor"),
    ("POST", "/api/events", b'{"mission_id": 1, "key": "e", "kind": "signing", "zone": "Mars/Base",'
     b' "title": {"en": "E"}, "start_utc": 1, "start_precision": 2}', "application/json", 422, "/zone"),
    ("POST", "/api/events", b'{"mission_id": 1, "key": "e", "kind": "signing", "zone": "Asia/Seoul",'
     b' "title": {"en": "E"}, "start_utc": 1, "start_precision": 7}', "application/json", 422, "/start_precision"),
    ("POST", "/api/events", b'{"mission_id": 99999, "key": "e", "kind": "signing", "zone": "Asia/Seoul",'
     b' "title": {"en": "E"}, "start_utc": 1, "start_precision": 2}', "application/json", 409, None),
    ("POST", "/api/organisations", b'{"key": "jeonbuk", "kind": "company"}', "application/json", 409, None),
    ("POST", "/api/organisations", b'{"key": "' + b"x" * 70 + b'", "kind": "company"}', "application/json",
     422, "/key"),
    ("POST", "/api/organisations", b'{"a":' * 3000 + b'1' + b'}' * 3000, "application/json", 400, ""),
    ("POST", "/api/organisations", b'{"website": "' + b"w" * 70000 + b'"}', "application/json", 413, ""),
    ("POST", "/api/events/1/participants", b'{"role": "attendee", "organisation_id": 0}', "application/json",
     422, "/organisation_id"),
    ("POST", "/api/events/999999/participants", b'{"role": "attendee"}', "application/json", 404, None),
    ("POST", "/api/session", b'{"username": "admin1"}', "application/json", 422, "/password"),
    ("POST", "/api/users", b'{"username": "c", "password": "long enough", "role": "company"}',
     "application/json", 422, "/organisation_id"),
    ("POST", "/api/users", b'{"username": "c", "password": "short", "role": "viewer"}',
     "application/json", 422, "/password"),
    ("GET", "/api/organisations?limit=0", None, None, 400, None),
    ("GET", "/api/organisations?limit=abc", None, None, 400, None),
    ("GET", "/api/organisations?sort=website", None, None, 400, None),
    ("GET", "/api/organisations?cursor=zz", None, None, 400, None),
    ("GET", "/api/organisations?cursor=5b2261222c315d", None, None, 200, None),
    ("GET", "/api/organisations?cursor=" + "00" * 600, None, None, 400, None),
    ("GET", "/api/organisations?colour=red", None, None, 400, None),
    ("GET", "/api/organisations?parent_id=x", None, None, 400, None),
    ("GET", "/api/search", None, None, 400, None),
    ("GET", "/api/search?q=" + "x" * 300, None, None, 400, None),
    ("GET", "/api/missions/1/report?lang=fr", None, None, 400, None),
    ("GET", "/api/missions/999/report", None, None, 404, None),
    ("GET", "/api/organisations/0", None, None, 404, None),
    ("GET", "/api/organisations/99999999999999999999", None, None, 404, None),
    ("GET", "/api/organisations/-1", None, None, 404, None),
    ("GET", "/api/organisations/abc", None, None, 404, None),
    ("GET", "/api/organisations/999999", None, None, 404, None),
    ("GET", "/api/venues", None, None, 404, None),
    ("GET", "/api/events/1/exhibitors", None, None, 404, None),
    ("GET", "/api//organisations", None, None, 404, None),
    ("GET", "/api/" + "a/" * 20, None, None, 404, None),
    ("POST", "/", b"{}", "application/json", 404, None),
    ("PUT", "/api/organisations/1", b'{}', "application/json", 405, None),
    ("POST", "/api/organisations/1", b'{}', "application/json", 405, None),
    ("DELETE", "/api/organisations", None, None, 405, None),
    ("BREW", "/api/organisations", None, None, 405, None),
]
for method, path, raw, ctype, want, pointer in BAD:
    status, doc, resp = request(method, path, raw=raw, content_type=ctype, token=A)
    ok = status == want
    if want >= 400:
        ok = ok and resp.getheader("Content-Type") == "application/problem+json" and doc and \
            doc["status"] == want and doc["type"].startswith("urn:pavilion:problem:") and doc["detail"]
        if pointer is not None:
            ok = ok and doc.get("pointer") == pointer
    check(ok, f"bad input {method} {path[:60]} {raw[:60] if raw else ''}: {status} {doc}, expected {want} {pointer}")
status, doc, _ = request("PATCH", f"/api/events/{own_event}", {"mission_id": 2}, token=A,
                         headers={"If-Match": "*"})
check(status == 422 and doc["pointer"] == "/mission_id", f"fixed field: {status} {doc}")
status, doc, _ = request("PATCH", f"/api/events/{own_event}", {"zone": None}, token=A, headers={"If-Match": "*"})
check(status == 422 and doc["pointer"] == "/zone", f"null required field: {status} {doc}")

# --- a bigger body limit is honoured when configured ---
server.stop()
server = Server("--body-max", "200000")
status, doc, _ = request("POST", "/api/organisations", {"key": fresh_key("big"), "kind": "company",
                                                        "description": {"en": "d" * 8000}, "website": "w" * 8000},
                         token=A)
check(status == 201, f"body under a raised limit: {status}")

# --- failed logins are slowed down ---
codes = [request("POST", "/api/session", {"username": "viewer1", "password": "wrong password"})[0]
         for _ in range(5)]
check(codes[:3] == [401, 401, 401] and 429 in codes[3:], f"throttle: {codes}")
status, doc, resp = request("POST", "/api/session", {"username": "viewer1", "password": PASSWORD})
check(status == 429 and resp.getheader("Retry-After"), "throttled even with the right password")

# --- the user command: list, passwd, disable (which ends access) ---
cli("user", "add", "temp1", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n")
temp_token = cli("token", "create", "temp1").strip().splitlines()[-1]
listing = cli("user", "list")
check("temp1" in listing and "company1" in listing and str(COMPANY_ORG) in listing, f"user list: {listing}")
status, doc, resp = request("POST", "/api/session", {"username": "temp1", "password": PASSWORD})
temp_cookie = (resp.getheader("Set-Cookie") or "=;").split(";")[0].split("=", 1)[1]
check(status == 201 and request("GET", "/api/session", token=temp_token)[0] == 200, "token works before passwd")
cli("user", "passwd", "temp1", "--password-stdin", stdin="another long password\n")
check(request("GET", "/api/session", token=temp_token)[0] == 401, "passwd revokes the account's API tokens")
check(request("GET", "/api/session", cookie=temp_cookie)[0] == 401, "passwd ends the account's sessions")
status, _, _ = request("POST", "/api/session", {"username": "temp1", "password": "another long password"})
check(status == 201, f"login after passwd: {status}")
temp_token = cli("token", "create", "temp1").strip().splitlines()[-1]
check(request("GET", "/api/session", token=temp_token)[0] == 200, "token works before disable")
cli("user", "disable", "temp1")
check(request("GET", "/api/session", token=temp_token)[0] == 401, "token refused after disable")

# --- access control: accounts, passwords, tokens, the login brake ---
def run_cli(*args, stdin=None):
    return subprocess.run([PAVILION, *args, "--db", DB], input=stdin, capture_output=True, text=True)


# A company account needs an organisation that exists, however it is made.
status, doc, _ = request("POST", "/api/users", {"username": "co-missing", "password": PASSWORD, "role": "company",
                                                "organisation_id": 999999}, token=A)
check(status == 422 and doc["pointer"] == "/organisation_id", f"company account of a missing organisation: {status} {doc}")
r = run_cli("user", "add", "co-missing", "--role", "company", "--org", "999999", "--password-stdin", stdin=PASSWORD + "\n")
check(r.returncode != 0 and "organisation" in r.stderr, f"user add --org of a missing organisation: {r.returncode} {r.stderr}")
status, doc, _ = request("POST", "/api/users", {"username": "plain1", "password": PASSWORD, "role": "viewer"}, token=A)
plain = doc["id"]
status, doc, _ = request("PATCH", f"/api/users/{plain}", {"role": "company"}, token=A)
check(status == 422 and doc["pointer"] == "/organisation_id", f"role company without an organisation: {status} {doc}")
status, doc, _ = request("PATCH", "/api/users/3", {"organisation_id": 0}, token=A)
check(status == 422 and doc["pointer"] == "/organisation_id", f"a company account's organisation removed: {status} {doc}")
if status == 200:  # put it back, so that the tests below test what they say
    request("PATCH", "/api/users/3", {"organisation_id": COMPANY_ORG}, token=A)
status, doc, _ = request("PATCH", f"/api/users/{plain}", {"role": "company", "organisation_id": COMPANY_ORG}, token=A)
check(status == 200 and doc["organisation_id"] == COMPANY_ORG, f"role company with an organisation: {status} {doc}")
status, doc, _ = request("PATCH", f"/api/users/{plain}", {"role": "viewer"}, token=A)
check(status == 200 and doc["organisation_id"] is None, f"leaving the company role leaves the organisation: {status} {doc}")
status, doc, _ = request("PATCH", f"/api/users/{orphan['id']}", {"disabled": False}, token=A)
check(status == 422, f"an orphaned company account stays disabled: {status} {doc}")

# Passwords: common and trivial ones are refused, on the API and the CLI.
for bad in ("aaaaaaaa", " " * 8, "password1", "Password123", "12345678", "87654321", "qwertyuiop", "abcdefgh",
            "abababab", "baseball", "weakpw01"):
    status, doc, _ = request("POST", "/api/users", {"username": "weakpw01", "password": bad, "role": "viewer"}, token=A)
    check(status == 422 and doc["pointer"] == "/password", f"password {bad!r} refused: {status} {doc}")
r = run_cli("user", "add", "weakpw", "--role", "viewer", "--password-stdin", stdin="aaaaaaaa\n")
check(r.returncode != 0 and "password" in r.stderr, f"user add with a trivial password: {r.returncode} {r.stderr}")
r = run_cli("user", "passwd", "plain1", "--password-stdin", stdin="        \n")
check(r.returncode != 0 and "password" in r.stderr, f"passwd to blanks: {r.returncode} {r.stderr}")
status, doc, _ = request("PATCH", f"/api/users/{plain}", {"password": "plain1plain1"}, token=A)
check(status == 422 and doc["pointer"] == "/password", f"PATCH to a pattern password: {status} {doc}")

# User names are one whatever their case.
status, doc, _ = request("POST", "/api/users", {"username": "WEAKPW", "password": PASSWORD, "role": "viewer"}, token=A)
check(status == 201, f"WEAKPW: {status} {doc}")
status, doc, _ = request("POST", "/api/users", {"username": "weakpw", "password": PASSWORD, "role": "viewer"}, token=A)
check(status == 409, f"weakpw beside WEAKPW: {status} {doc}")
r = run_cli("user", "add", "WeakPw", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n")
check(r.returncode != 0 and "taken" in r.stderr, f"user add WeakPw beside WEAKPW: {r.returncode} {r.stderr}")
status, doc, _ = request("POST", "/api/session", {"username": "weakPW", "password": PASSWORD})
check(status == 201 and doc["username"] == "WEAKPW", f"login whatever the case: {status} {doc}")

# API tokens: made from a session, listed without secrets, revoked, expiring.
status, doc, resp = request("POST", "/api/session", {"username": "officer1", "password": PASSWORD})
o_cookie = resp.getheader("Set-Cookie").split(";")[0].split("=", 1)[1]
o_csrf = doc["csrf_token"]
status, tok, resp = request("POST", "/api/tokens", {"label": "nightly export", "days": 1}, cookie=o_cookie, csrf=o_csrf)
check(status == 201 and len(tok["token"]) == 64 and tok["label"] == "nightly export" and
      0 < tok["expires_utc"] - time.time() <= 86400 and resp.getheader("Location") == f"/api/tokens/{tok['id']}",
      f"POST /api/tokens: {status} {tok}")
if status == 201:
    check(request("GET", "/api/session", token=tok["token"])[1]["username"] == "officer1", "the new token acts as its maker")
    check(request("POST", "/api/tokens", {}, token=tokens["officer"])[0] == 403, "a token cannot make tokens")
    check(request("POST", "/api/tokens", {"days": 0}, cookie=o_cookie, csrf=o_csrf)[0] == 422, "token days 0")
    check(request("POST", "/api/tokens", {"days": 99999}, cookie=o_cookie, csrf=o_csrf)[0] == 422, "token days too many")
    check(request("POST", "/api/tokens", {"colour": 1}, cookie=o_cookie, csrf=o_csrf)[0] == 422, "token: unknown member")
    status, doc, _ = request("GET", "/api/tokens", token=tok["token"])
    mine = [t for t in doc["items"] if t["id"] == tok["id"]]
    check(status == 200 and len(mine) == 1 and "token" not in mine[0] and "token_hash" not in mine[0] and
          all(t["username"] == "officer1" for t in doc["items"]), f"GET /api/tokens, own only: {doc}")
    status, doc, _ = request("GET", "/api/tokens", token=A)
    check(status == 200 and {"officer1", "admin1"} <= {t["username"] for t in doc["items"]}, f"an admin lists all tokens: {doc}")
    check(request("DELETE", f"/api/tokens/{tok['id']}", token=tokens["viewer"])[0] == 404, "no revoking another's token")
    check(request("DELETE", f"/api/tokens/{tok['id']}", token=tok["token"])[0] == 204, "revoke a token")
    check(request("GET", "/api/session", token=tok["token"])[0] == 401, "a revoked token is dead")
    check(request("DELETE", f"/api/tokens/{tok['id']}", token=A)[0] == 404, "revoked twice")
r = run_cli("token", "create", "viewer1", "--days", "2", "--label", "cron")
words = r.stdout.split()
check(r.returncode == 0 and len(words) > 1 and words[1].isdigit(), f"token create prints the token's id: {r.stdout} {r.stderr}")
if r.returncode == 0 and len(words) > 1 and words[1].isdigit():
    cli_token, cli_id = r.stdout.strip().splitlines()[-1], int(words[1])
    listing = cli("token", "list", "viewer1")
    check(f"{cli_id} " in listing and "cron" in listing and cli_token not in listing, f"token list: {listing}")
    check(request("GET", "/api/session", token=cli_token)[0] == 200, "a CLI token works")
    with sqlite3.connect(DB) as raw:
        raw.execute("UPDATE api_token SET expires_utc = CAST(strftime('%s', 'now') AS INTEGER) - 1 WHERE id = ?", (cli_id,))
    check(request("GET", "/api/session", token=cli_token)[0] == 401, "an expired token is dead")
    out = cli("token", "create", "viewer1")
    cli_token, cli_id = out.strip().splitlines()[-1], int(out.split()[1])
    check("revoked" in cli("token", "revoke", str(cli_id)) and request("GET", "/api/session", token=cli_token)[0] == 401,
          "token revoke")
    check(run_cli("token", "revoke", str(cli_id)).returncode == 4, "token revoke of an unknown id")
    check(run_cli("token", "create", "viewer1", "--days", "0").returncode == 2, "token create --days 0")

# Companies learn nothing of events and organisations outside their scope.
C = tokens["company"]
s1, out_of_scope, _ = request("GET", f"/api/events/{other_event}/agenda", token=C)
s2, missing, _ = request("GET", "/api/events/999999/agenda", token=C)
check(s1 == s2 == 404 and out_of_scope["detail"].replace(str(other_event), "N") ==
      missing["detail"].replace("999999", "N"), f"agenda out of scope as missing: {s1} {out_of_scope} {s2} {missing}")
s1, out_of_scope, _ = request("GET", f"/api/events/{other_event}/suggestions", token=C)
s2, missing, _ = request("GET", "/api/events/999999/suggestions", token=C)
check(s1 == s2 == 404 and out_of_scope["detail"].replace(str(other_event), "N") ==
      missing["detail"].replace("999999", "N"), f"suggestions out of scope as missing: {s1} {out_of_scope} {s2} {missing}")
s1, invisible, _ = request("PATCH", f"/api/organisations/{COMPANY_ORG}", {"parent_id": OTHER_ORG}, token=C,
                           headers={"If-Match": "*"})
s2, missing, _ = request("PATCH", f"/api/organisations/{COMPANY_ORG}", {"parent_id": 999999}, token=C,
                         headers={"If-Match": "*"})
check(s1 == s2 == 422 and invisible["pointer"] == missing["pointer"] == "/parent_id" and
      invisible["detail"].replace(str(OTHER_ORG), "N") == missing["detail"].replace("999999", "N"),
      f"parent_id invisible as missing: {s1} {invisible} {s2} {missing}")
check(request("GET", f"/api/organisations/{COMPANY_ORG}", token=A)[1]["parent_id"] is None, "parent_id unchanged")
s1, doc, _ = request("PATCH", f"/api/organisations/{COMPANY_ORG}", {"parent_id": COMPANY_ORG}, token=C,
                     headers={"If-Match": "*"})
request("PATCH", f"/api/organisations/{COMPANY_ORG}", {"parent_id": None}, token=A, headers={"If-Match": "*"})
check(s1 == 200, f"a company may name an organisation it sees: {s1} {doc}")

# The login brake.  Every address of 127.0.0.0/8 is this machine, so each
# check below comes from addresses of its own.
for name in ("victim1", "spread1", "timing1"):
    cli("user", "add", name, "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n")


def login(name, password, source):
    return request("POST", "/api/session", {"username": name, "password": password}, source=source)


# Three guesses at victim1, then a flood of 2,100 made-up names from
# another address: the flood is braked, and victim1's count survives it.
codes = [login("victim1", "wrong password", "127.0.0.21")[0] for _ in range(3)]
check(codes == [401, 401, 401], f"three guesses: {codes}")
flood = [login(f"made-up-{i}", "wrong password", "127.0.0.22")[0] for i in range(2100)]
# Twenty free failures, then one each time a wait (4 s, 8 s, ...) ran out.
check(20 <= flood.count(401) <= 25 and flood.count(429) >= 2000, f"a flood from one address is braked: "
      f"{flood.count(401)} x 401, {flood.count(429)} x 429")
codes = []
while len(codes) < 2:  # the first waits out the 4 s of the third guess
    status, doc, resp = login("victim1", "wrong password", "127.0.0.21")
    if status == 429 and not codes:
        time.sleep(int(resp.getheader("Retry-After")))
        continue
    codes.append(status)
check(codes == [401, 429], f"the flood did not give victim1's guesser fresh tries: {codes}")
# One account from many addresses: braked after ten, wherever they come from.
codes = [login("spread1", "wrong password", f"127.0.1.{i}")[0] for i in range(1, 13)]
check(codes[:10] == [401] * 10 and codes[10:] == [429, 429], f"guesses at one account from many addresses: {codes}")
status, _, _ = login("spread1", PASSWORD, "127.0.1.99")
check(status == 429, f"the right password waits too: {status}")


# Without --behind-tls, X-Forwarded-For is the client's word: ignored.
codes = [request("POST", "/api/session", {"username": f"spoof-{i}", "password": "wrong password"},
                 headers={"X-Forwarded-For": f"192.0.2.{i}"}, source="127.0.0.40")[0] for i in range(21)]
check(codes[:20] == [401] * 20 and codes[20] == 429, f"X-Forwarded-For does not dodge the address brake: {codes}")


# Unknown names cost what known ones do.
def timed(name, source):
    t = time.monotonic()
    status = login(name, "wrong password", source)[0]
    return time.monotonic() - t, status


known = sorted(timed("timing1", f"127.0.2.{i}") for i in range(1, 4))
unknown = sorted(timed(f"nobody-{i}", f"127.0.3.{i}") for i in range(1, 4))
check(all(s == 401 for _, s in known + unknown), f"timing logins: {known} {unknown}")
ratio = unknown[1][0] / known[1][0]
check(0.5 < ratio < 2, f"an unknown name takes as long as a known one: {unknown[1][0]:.3f} s vs {known[1][0]:.3f} s")

# --- the audit trail names who wrote what ---
status, doc, _ = request("GET", "/api/audit?limit=1000", token=A)
actions = {(e["username"], e["action"], e["resource"]) for e in doc["items"]}
check(("officer1", "update", "agreement") in actions and ("admin1", "create", "organisation") in actions,
      "audit trail records writes")

# --- B2B meetings: suggestions, requests, schedule, agenda, calendars ---
O = tokens["officer"]
C = tokens["company"]


def b2b_org(key, kind, sectors):
    status, doc, _ = request("POST", "/api/organisations", {"key": key, "kind": kind, "country": "US" if kind != "local_company" else "KR",
                                                            "name": {"ko": key + " 한글", "en": key}, "sectors": sectors}, token=A)
    assert status == 201, (status, doc)
    return doc["id"]


food = b2b_org("b2b-food", "local_company", ["agri-food"])
bio = b2b_org("b2b-bio", "local_company", ["bio"])
pharma = b2b_org("b2b-pharma", "buyer", ["bio"])
gov = b2b_org("b2b-gov", "government", ["agri-food", "bio"])
status, deal, _ = request("POST", "/api/agreements", {"key": "b2b-deal", "kind": "contract", "signed_on": "2023-05",
                                                      "home_role": "none", "status": "signed",
                                                      "title": {"ko": "수출 계약", "en": "Export deal"}}, token=A)
for org, role in ((food, "seller"), (COMPANY_ORG, "buyer")):
    request("POST", f"/api/agreements/{deal['id']}/parties", {"organisation_id": org, "role": role}, token=A)
status, ev, _ = request("POST", "/api/events", {"mission_id": 1, "key": "b2b-day", "kind": "b2b_meeting",
                                                "title": {"en": "B2B day"},
                                                "zone": "America/Los_Angeles", "start_utc": 1704902400,
                                                "start_precision": 2}, token=A)
E = ev["id"]
for org in (food, bio, pharma, gov, COMPANY_ORG):
    request("POST", f"/api/events/{E}/participants", {"organisation_id": org, "role": "attendee", "max_meetings": 2}, token=A)
status, doc, _ = request("POST", f"/api/events/{E}/schedule", token=O)
check(status == 422 and "no meeting slots" in doc["detail"], f"schedule without slots: {status} {doc}")
for i in range(3):
    status, doc, _ = request("POST", "/api/slots", {"event_id": E, "start_utc": 1704902400 + 1800 * i,
                                                    "end_utc": 1704904200 + 1800 * i, "tables": 1}, token=O)
    check(status == 201, f"slot {i}: {status} {doc}")
status, doc, _ = request("POST", "/api/slots", {"event_id": E, "start_utc": 1704902400, "end_utc": 1704902400, "tables": 1}, token=O)
check(status == 422, f"slot ending at its start: {status} {doc}")
status, doc, _ = request("POST", "/api/slots", {"event_id": E, "start_utc": 1704902400, "end_utc": 1704904200, "tables": 0}, token=O)
check(status == 422, f"slot without tables: {status} {doc}")

status, doc, _ = request("GET", f"/api/events/{E}/suggestions", token=O)
by_company = {i["organisation"]["id"]: i["suggestions"] for i in doc["items"]}
check(status == 200 and set(by_company) == {food, bio}, f"suggestions for the local companies: {status} {doc}")
top = by_company.get(food, [{}])[0]
codes = {r["code"] for r in top.get("reasons", [])}
check(top.get("organisation", {}).get("id") == COMPANY_ORG and {"agreement", "sector", "market"} <= codes,
      f"food's best match is its earlier partner, with reasons: {top}")
check(all(r["ko"] and r["en"] for r in top.get("reasons", [])), "reasons in both languages")
check(all(s["organisation"]["id"] not in (gov, bio) for s in by_company.get(food, [])),
      "no governments or other local companies suggested")
check([s["organisation"]["id"] for s in by_company.get(bio, [])][:1] == [pharma], f"bio meets pharma: {by_company.get(bio)}")
check(request("GET", f"/api/events/{E}/suggestions?organisation_id={food}", token=C)[0] == 403,
      "a company may not see another's suggestions")
check(request("GET", f"/api/events/{E}/suggestions?limit=0", token=O)[0] == 400, "suggestions: bad limit")
status, p1, _ = request("GET", f"/api/events/{E}/suggestions?companies=1", token=O)
status2, p2, _ = request("GET", f"/api/events/{E}/suggestions?companies=1&cursor={p1['next_cursor']}", token=O)
check(status == status2 == 200 and [i["organisation"]["id"] for i in p1["items"] + p2["items"]] == [food, bio]
      and p2["next_cursor"] is None, f"suggestions page by company: {p1} {p2}")
check(request("GET", "/api/events/999999/suggestions", token=O)[0] == 404, "suggestions: unknown event")

REQ = "/api/meeting-requests"
status, r1, _ = request("POST", REQ, {"event_id": E, "from_organisation_id": food, "to_organisation_id": COMPANY_ORG,
                                      "source": "suggestion"}, token=O)
check(status == 201 and r1["weight"] == 1, f"accept a suggestion: {status} {r1}")
status, r2, _ = request("POST", REQ, {"event_id": E, "from_organisation_id": bio, "to_organisation_id": pharma,
                                      "weight": 3}, token=O)
check(status == 201 and r2["source"] == "officer", f"officer request: {status} {r2}")
status, r3, _ = request("POST", REQ, {"event_id": E, "from_organisation_id": COMPANY_ORG, "to_organisation_id": bio,
                                      "source": "company"}, token=C)
check(status == 201, f"a company asks for its own meeting: {status} {r3}")
status, doc, _ = request("POST", REQ, {"event_id": E, "from_organisation_id": food, "to_organisation_id": bio,
                                       "source": "company"}, token=C)
check(status == 403, f"a company may not ask for another's meeting: {status} {doc}")
status, doc, _ = request("POST", REQ, {"event_id": E, "from_organisation_id": COMPANY_ORG, "to_organisation_id": food,
                                       "source": "officer"}, token=C)
check(status == 403, f"a company may not pose as an officer: {status} {doc}")
status, doc, _ = request("POST", REQ, {"event_id": other_event, "from_organisation_id": COMPANY_ORG,
                                       "to_organisation_id": food, "source": "company"}, token=C)
check(status == 403, f"a company asks only at events it takes part in: {status} {doc}")
check(request("POST", REQ, {"event_id": E, "from_organisation_id": food, "to_organisation_id": COMPANY_ORG}, token=O)[0] == 409,
      "the same request twice")
check(request("POST", REQ, {"event_id": E, "from_organisation_id": food, "to_organisation_id": food}, token=O)[0] == 422,
      "a request to oneself")
check(request("POST", REQ, {"event_id": E, "from_organisation_id": food, "to_organisation_id": bio, "weight": 0}, token=O)[0] == 422,
      "weight 0")
check(request("POST", REQ, {"event_id": E, "from_organisation_id": food, "to_organisation_id": bio}, token=tokens["viewer"])[0] == 403,
      "a viewer may not ask")
status, r4, _ = request("POST", REQ, {"event_id": E, "from_organisation_id": food, "to_organisation_id": OTHER_ORG}, token=O)
status, doc, _ = request("GET", f"/api/events/{E}/suggestions?organisation_id={food}", token=O)
check(all(s["organisation"]["id"] != COMPANY_ORG for s in doc["items"][0]["suggestions"]),
      "a requested pair is no longer suggested")

for role in ("viewer", "company", "anon"):
    check(request("POST", f"/api/events/{E}/schedule", token=tokens[role])[0] in (401, 403), f"schedule as {role}")
check(request("POST", f"/api/events/{E}/schedule?time_limit=0", token=O)[0] == 400, "schedule: bad time limit")
check(request("POST", "/api/events/999999/schedule", token=O)[0] == 404, "schedule: unknown event")
status, run, _ = request("POST", f"/api/events/{E}/schedule?time_limit=1", token=O)
st = run.get("stats", {}) if status == 200 else {}
left = {(u["a"], u["b"]): u for u in run.get("unscheduled", [])} if status == 200 else {}
check(status == 200 and st["requests"] == 3 and st["scheduled"] == 3 and st["weight_scheduled"] == 5
      and st["upper_bound"] >= st["weight_scheduled"], f"schedule: {status} {run}")
# Every request that can be met is met, so the bound proves it optimal.
check(status == 200 and st["upper_bound"] == 5 and st["optimal"] is True
      and st["bound_method"] in ("lp_relaxation", "b_matching"), f"schedule: optimal, and how it was proven: {st}")
check(left.get((food, OTHER_ORG), {}).get("reason") == "not_registered" and
      left[(food, OTHER_ORG)]["organisation_id"] == OTHER_ORG and left[(food, OTHER_ORG)]["reason_text"]["ko"],
      f"a request with a non-participant is left out, with why: {run.get('unscheduled')}")

status, agenda, _ = request("GET", f"/api/events/{E}/agenda?organisation_id={food}", token=O)
check(status == 200 and [i["with"]["id"] for i in agenda["items"]] == [COMPANY_ORG] and
      agenda["items"][0]["start_local"].endswith("-08:00") and agenda["items"][0]["start_home"].endswith("+09:00"),
      f"food's agenda: {status} {agenda}")
status, agenda, _ = request("GET", f"/api/events/{E}/agenda", token=C)
check(status == 200 and len(agenda["items"]) == 2 and
      all(COMPANY_ORG in (i["a"]["id"], i["b"]["id"]) for i in agenda["items"]), f"the company's own agenda: {agenda}")
check(request("GET", f"/api/events/{E}/agenda?organisation_id={food}", token=C)[0] == 403, "not another's agenda")
status, full, _ = request("GET", f"/api/events/{E}/agenda", token=O)
check(status == 200 and len(full["items"]) == 3, f"the whole agenda: {full}")
slots_used = [(i["slot_id"], i["table_no"]) for i in full["items"]]
check(len(set(slots_used)) == 3, f"one meeting per table and slot: {slots_used}")

# Confirm the food meeting, move the others by re-running with another seed:
# the confirmed one stays where it is.
mid = next(i["id"] for i in full["items"] if food in (i["a"]["id"], i["b"]["id"]))
_, mdoc, resp = request("GET", f"/api/meetings/{mid}", token=O)
status, mdoc2, _ = request("PATCH", f"/api/meetings/{mid}", {"confirmed": True}, token=O,
                           headers={"If-Match": resp.getheader("ETag")})
check(status == 200 and mdoc2["confirmed"] is True, f"confirm a meeting: {status} {mdoc2}")
for seed in (2, 3):
    status, run, _ = request("POST", f"/api/events/{E}/schedule?time_limit=1&seed={seed}", token=O)
    status2, again, _ = request("GET", f"/api/meetings/{mid}", token=O)
    check(status == 200 and status2 == 200 and (again["slot_id"], again["table_no"]) == (mdoc["slot_id"], mdoc["table_no"]),
          f"re-run keeps the confirmed meeting (seed {seed}): {status} {run} {again}")
    check(run.get("stats", {}).get("scheduled") == 3, f"re-run schedules all again: {run}")
status, doc, _ = request("DELETE", f"{REQ}/{r3['id']}", token=C)
check(status == 204, f"a company withdraws its own request: {status} {doc}")
check(request("DELETE", f"{REQ}/{r1['id']}", token=C)[0] == 403, "but not an officer's")

# Calendars: the mission's, one organisation's, a company's own, feeds.
hsw_key = request("GET", f"/api/organisations/{COMPANY_ORG}", token=A)[1]["key"]
status, _, resp = request("GET", f"/api/missions/1/calendar.ics?lang=en&organisation={hsw_key}", token=O)
check(status == 200 and resp.getheader("Content-Type").startswith("text/calendar") and
      resp.text.count("UID:meeting-") == 2 and "SUMMARY:B2B meeting: b2b-food" in resp.text and
      "TZID=America/Los_Angeles" in resp.text, f"an organisation's calendar has its meetings: {status}")
status, _, resp = request("GET", "/api/missions/1/calendar.ics", token=O)
check(status == 200 and resp.text.count("UID:meeting-") == 3 and "BEGIN:VTIMEZONE" in resp.text and
      "SUMMARY:상담: " in resp.text, "the mission's calendar, Korean by default")
status, _, resp = request("GET", "/api/missions/1/calendar.ics?lang=en", token=C)
check(status == 200 and resp.text.count("UID:meeting-") == 2 and "SUMMARY:B2B meeting: b2b-bio" in resp.text and
      "SUMMARY:B2B meeting: b2b-pharma" not in resp.text,
      f"a company's calendar is its own agenda: {status}")
check(request("GET", "/api/missions/1/calendar.ics?organisation=b2b-food", token=C)[0] == 403,
      "a company may not read another's calendar")
check(request("GET", "/api/missions/1/calendar.ics?lang=fr", token=O)[0] == 400, "calendar: bad lang")
check(request("GET", "/api/missions/1/calendar.ics?organisation=nobody", token=O)[0] == 404, "calendar: unknown organisation")
check(request("GET", "/api/missions/999999/calendar.ics", token=O)[0] == 404, "calendar: unknown mission")
check(request("GET", "/api/missions/1/calendar.ics")[0] == 401, "calendar needs a login")

status, feed, _ = request("POST", "/api/calendar-feeds", {"mission_id": 1}, token=C)
check(status == 201 and feed["url"].startswith("/api/calendar/") and feed["url"].endswith(".ics"), f"feed: {status} {feed}")
status, _, resp = request("GET", feed["url"])
check(status == 200 and resp.text.count("UID:meeting-") == 2, f"the feed reads without login, as its owner: {status}")
status, doc, _ = request("GET", "/api/calendar-feeds", token=C)
check(status == 200 and [f["id"] for f in doc["items"]] == [feed["id"]] and "token" not in doc["items"][0],
      f"feeds listed without their tokens: {doc}")
check(request("GET", "/api/calendar-feeds", token=O)[1]["items"] == [], "feeds are per user")
check(request("DELETE", f"/api/calendar-feeds/{feed['id']}", token=O)[0] == 404, "no revoking another's feed")
check(request("DELETE", f"/api/calendar-feeds/{feed['id']}", token=C)[0] == 204, "revoke a feed")
check(request("GET", feed["url"])[0] == 404, "a revoked feed is gone")
check(request("GET", "/api/calendar/" + "0" * 64 + ".ics")[0] == 404, "an unknown feed")
check(request("GET", "/api/calendar/short.ics")[0] == 404, "a malformed feed token")
check(request("POST", "/api/calendar-feeds", {"mission_id": 999999}, token=C)[0] == 404, "feed of an unknown mission")
check(request("POST", "/api/calendar-feeds", {}, token=C)[0] == 422, "feed without a mission")

# A run holds no lock while it solves: a write made meanwhile goes
# through at once, and the run, finding the event changed, stores nothing
# and says so (409); run again, it stores.  The event of bench/b2b/gen.py
# (300 organisations) keeps the solver busy for a second or more.
import tempfile
import threading
with tempfile.TemporaryDirectory() as gen_dir:
    subprocess.run([sys.executable, "bench/b2b/gen.py", "300", "1", gen_dir], check=True, capture_output=True)
    db = sqlite3.connect(DB)
    db.executescript(open(os.path.join(gen_dir, "event.sql")).read())
    db.close()
BIG = 900001
done_order, results = [], {}
def long_run():
    results["run"] = request("POST", f"/api/events/{BIG}/schedule?time_limit=5", token=O)
    done_order.append("run")
worker = threading.Thread(target=long_run)
worker.start()
time.sleep(0.3)
results["write"] = request("POST", REQ, {"event_id": BIG, "from_organisation_id": 1000000, "to_organisation_id": 1000299}, token=O)
done_order.append("write")
worker.join()
check(results["write"][0] == 201 and done_order == ["write", "run"], f"a write during a run is not held up: {done_order} {results['write'][:2]}")
check(results["run"][0] == 409 and "changed while" in results["run"][1]["detail"], f"the overlapped run stores nothing: {results['run'][:2]}")
db = sqlite3.connect(DB)
check(db.execute("SELECT count(*) FROM meeting WHERE event_id = ?", (BIG,)).fetchone()[0] == 0, "no meetings from the refused run")
db.close()
status, run, _ = request("POST", f"/api/events/{BIG}/schedule?time_limit=1", token=O)
check(status == 200 and run["stats"]["requests"] == 1801 and run["stats"]["scheduled"] > 0, f"run again after the change: {status} {run.get('stats')}")

# --- graceful stop: a request in flight at SIGTERM still completes ---
import socket
body = json.dumps({"key": fresh_key("inflight"), "kind": "company"}).encode()
sock = socket.create_connection(("127.0.0.1", server.port))
sock.sendall(b"POST /api/organisations HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + A.encode() +
             b"\r\nContent-Type: application/json\r\nContent-Length: " + str(len(body)).encode() +
             b"\r\n\r\n" + body[:5])
time.sleep(0.3)
server.proc.send_signal(signal.SIGTERM)
time.sleep(0.3)
sock.sendall(body[5:])
sock.settimeout(30)
reply = b""
while b"\r\n\r\n" not in reply:
    chunk = sock.recv(4096)
    if not chunk:
        break
    reply += chunk
sock.close()
check(reply.startswith(b"HTTP/1.1 201"), f"in-flight request at SIGTERM: {reply[:40]!r}")
check(server.proc.wait(timeout=30) == 0, "SIGTERM: clean exit")
try:
    socket.create_connection(("127.0.0.1", server.port), timeout=2).close()
    check(False, "no connections accepted after stop")
except OSError:
    check(True, "")

# --- kill -9 loses no acknowledged write ---
server = Server()
acked = []
for i in range(40):
    key = fresh_key("crash")
    status, doc, _ = request("POST", "/api/organisations", {"key": key, "kind": "company"}, token=A)
    if status == 201:
        acked.append(key)
server.proc.kill()
server.proc.wait()
server = Server()
status, doc, _ = request("GET", "/api/organisations?limit=200&sort=-id", token=A)
present = {o["key"] for o in doc["items"]}
check(len(acked) == 40 and all(k in present for k in acked), f"kill -9: {len(acked)} acknowledged, "
      f"{sum(k in present for k in acked)} present after restart")
check(server.stop() == 0, "SIGTERM: clean exit")

# --- behind a TLS proxy: Secure cookies, the proxy's X-Forwarded-For ---
server = Server("--behind-tls")
status, _, resp = request("POST", "/api/session", {"username": "officer1", "password": PASSWORD})
check(status == 201 and "; Secure" in (resp.getheader("Set-Cookie") or ""),
      f"--behind-tls: Secure cookie: {resp.getheader('Set-Cookie')}")
status, _, resp = request("DELETE", "/api/session", token=tokens["officer"])
check(status == 204 and "; Secure" in (resp.getheader("Set-Cookie") or ""), "--behind-tls: logout cookie Secure")
codes = [request("POST", "/api/session", {"username": f"proxied-{i}", "password": "wrong password"},
                 headers={"X-Forwarded-For": f"198.51.100.7, 203.0.113.{i // 21}"})[0] for i in range(42)]
check(codes[:20] == [401] * 20 and codes[20] == 429 and codes[21] == 401,
      f"--behind-tls: the brake counts the proxy's last X-Forwarded-For entry: {codes}")
status, doc, _ = request("GET", "/api/openapi.json")
with open(os.path.join(WORK, "openapi.json"), "w") as f:
    json.dump(doc, f)
check(server.stop() == 0, "SIGTERM after restart: clean exit")
RESPONSES.close()
finish()
