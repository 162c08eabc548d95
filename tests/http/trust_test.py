#!/usr/bin/env python3
"""tests/http/trust_test.py PAVILION WORKDIR: correctness of the API
against the real binary on 127.0.0.1 with a port chosen by the OS.

The reply cache (keys that cannot collide, no stale reply after another
process writes), stable identities of child records, versions moved by
imports, the B2B event stamp, one validator per rule, and the checks on
hand-placed meetings.  Every response is appended to
WORKDIR/responses.jsonl for check_openapi.mjs.  Prints "N passed, N
failed" and exits non-zero on any failure.
"""
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
import http.client

PAVILION, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "trust.db")
RESPONSES = open(os.path.join(WORK, "responses.jsonl"), "a")
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, flush=True)


def run(*args, stdin=None):
    return subprocess.run([PAVILION, *args, "--db", DB], input=stdin, capture_output=True, text=True)


def cli(*args, stdin=None):
    r = run(*args, stdin=stdin)
    if r.returncode != 0:
        raise SystemExit(f"pavilion {' '.join(args)}: {r.stderr}")
    return r.stdout


class Server:
    def __init__(self):
        self.proc = subprocess.Popen([PAVILION, "serve", "--listen", "127.0.0.1:0", "--db", DB],
                                     stdout=subprocess.PIPE, stderr=open(os.path.join(WORK, "serve.err"), "a"),
                                     text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("listening on http://127.0.0.1:"):
            raise SystemExit(f"server did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])

    def stop(self):
        self.proc.terminate()
        return self.proc.wait(timeout=60)


def request(method, path, body=None, token=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    h = dict(headers or {})
    if token:
        h["Authorization"] = "Bearer " + token
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        h["Content-Type"] = "application/json"
    conn.request(method, path, body=data, headers=h)
    r = conn.getresponse()
    text = r.read().decode("utf-8", "replace")
    conn.close()
    RESPONSES.write(json.dumps({"method": method, "path": path, "status": r.status,
                                "content_type": r.getheader("Content-Type"), "body": text}) + "\n")
    try:
        doc = json.loads(text) if text else None
    except ValueError:
        doc = None
    return r.status, doc, r


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

server.stop()
RESPONSES.close()
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
