#!/usr/bin/env python3
"""tests/ops/backup_test.py PAVILION WORKDIR: `pavilion backup`, `backup
--check` and `restore` against a running server with a writer.

While three clients create organisations through the API as fast as
they can, backups are taken; every
organisation whose creation was acknowledged before a backup began must
be in it.  A backup taken after the writes ended equals the database
table by table.  Damaged files fail the check; restore refuses while the
server has the database open, restores with --force (the server answers
from the restored data), and restores into a new file.
Prints "N passed, N failed".
"""
import http.client
import json
import os
import sqlite3
import subprocess
import sys
import threading
import time

from ops import Server, check, finish, fresh_db

PAVILION, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "live.db")


def run(*args, stdin=None):
    return subprocess.run([PAVILION, *args], input=stdin, capture_output=True, text=True)


def counts(path):
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    tables = [r[0] for r in c.execute("SELECT name FROM sqlite_schema WHERE type = 'table'"
                                      " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_name_%'")]
    out = {t: c.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    c.close()
    return out


def keys(path):
    c = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {r[0] for r in c.execute("SELECT key FROM organisation")}
    c.close()
    return out


for f in os.listdir(WORK):
    if f.startswith(("live", "backup")):
        os.remove(os.path.join(WORK, f))
fresh_db(PAVILION, DB)
run("user", "add", "writer", "--role", "officer", "--password-stdin", "--db", DB,
    stdin="backup test password 1\n")
token = run("token", "create", "writer", "--db", DB).stdout.strip().splitlines()[-1]
server = Server(PAVILION, DB, os.path.join(WORK, "backup-serve.err"))
port = server.port

acked = []          # (monotonic time the 201 arrived, key)
lock = threading.Lock()
stop = threading.Event()
write_errors = []


def writer(n):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    i = 0
    while not stop.is_set():
        i += 1
        key = f"bk-{n}-{i}"
        body = json.dumps({"key": key, "kind": "company", "name": {"en": key}})
        try:
            c.request("POST", "/api/organisations", body=body,
                      headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
            r = c.getresponse()
            r.read()
        except (OSError, http.client.HTTPException) as e:
            c.close()
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            write_errors.append(str(e))
            continue
        if r.status == 201:
            with lock:
                acked.append((time.monotonic(), key))
        else:
            write_errors.append(r.status)


threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
for t in threads:
    t.start()
time.sleep(1)
missing_total = 0
for k in range(3):
    out = os.path.join(WORK, f"backup-{k}.db")
    began = time.monotonic()
    r = run("backup", "--db", DB, out)
    check(r.returncode == 0, f"backup {k} while writing: {r.stderr.strip()}")
    if r.returncode != 0:
        continue
    with lock:
        before = {key for t, key in acked if t < began}
    have = keys(out)
    missing_total += len(before - have)
    check(before <= have, f"backup {k}: {len(before - have)} of {len(before)} acknowledged organisations missing")
    check("integrity_check passed" in r.stdout, f"backup {k} checked itself: {r.stdout[-200:]}")
    time.sleep(0.5)
stop.set()
for t in threads:
    t.join()
check(len(acked) > 50 and not write_errors, f"{len(acked)} organisations written, errors {write_errors[:3]}")
print(f"{len(acked)} organisations created during the test; {missing_total} missing from backups")

final = os.path.join(WORK, "backup-final.db")
r = run("backup", "--db", DB, final)
check(r.returncode == 0, "backup after the writes")
live, copy = counts(DB), counts(final)
check(live == copy, f"final backup equals the database table by table: {set(live.items()) ^ set(copy.items())}")
check(keys(final) >= {k for _, k in acked}, "every acknowledged organisation is in the final backup")
check(not [f for f in os.listdir(WORK) if f.startswith(".backup")], "no temporary files left")

# --check: counts, and damage found.
r = run("backup", "--check", final)
check(r.returncode == 0 and f"organisation" in r.stdout and str(copy["organisation"]) in r.stdout,
      f"--check prints the counts: {r.stdout[:300]}")
damaged = os.path.join(WORK, "backup-damaged.db")
data = bytearray(open(final, "rb").read())
page = 4096
for i in range(3 * page, min(len(data), 6 * page)):
    data[i] = 0x5A
open(damaged, "wb").write(bytes(data))
r = run("backup", "--check", damaged)
check(r.returncode == 3 and "backup-damaged.db" in r.stderr, f"a damaged file fails the check: {r.returncode} {r.stderr.strip()}")
notdb = os.path.join(WORK, "backup-notdb.db")
open(notdb, "w").write("not a database\n" * 100)
r = run("backup", "--check", notdb)
check(r.returncode == 3, f"a text file fails the check: {r.returncode}")
r = run("backup", "--check", os.path.join(WORK, "backup-missing.db"))
check(r.returncode == 6, f"a missing file fails the check: {r.returncode}")
check(not os.path.exists(os.path.join(WORK, "backup-missing.db")), "--check creates nothing")

# restore: refused while the server holds the database, unless --force.
early = os.path.join(WORK, "backup-0.db")
before = counts(DB)
r = run("restore", "--db", DB, early)
check(r.returncode == 5 and "--force" in r.stderr, f"restore refused while serving: {r.returncode} {r.stderr.strip()}")
check(counts(DB) == before, "a refused restore changes nothing")
r = run("restore", "--db", DB, damaged)
check(r.returncode != 0 and counts(DB) == before, "a damaged backup is not restored")
r = run("restore", "--force", "--db", DB, early)
check(r.returncode == 0, f"restore --force while serving: {r.stderr.strip()}")
check(counts(DB)["organisation"] == counts(early)["organisation"], "the database holds the backup's organisations")
# An organisation created after backup 0: gone from the server's answers.
gone_key = sorted(keys(final) - keys(early))[0]
gone_id = sqlite3.connect(f"file:{final}?mode=ro", uri=True).execute(
    "SELECT id FROM organisation WHERE key = ?", (gone_key,)).fetchone()[0]
c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
c.request("GET", f"/api/organisations/{gone_id}", headers={"Authorization": "Bearer " + token})
r = c.getresponse()
r.read()
check(r.status == 404, f"the server answers from the restored data: organisation {gone_id} is {r.status}")
c.request("GET", "/api/organisations/1", headers={"Authorization": "Bearer " + token})
r = c.getresponse()
r.read()
check(r.status == 200, "the server answers after the restore")
server.stop()
r = run("backup", "--check", DB)
check(r.returncode == 0, "the restored database passes the check")
fresh = os.path.join(WORK, "live-restored.db")
r = run("restore", "--db", fresh, final)
check(r.returncode == 0 and counts(fresh) == copy, f"restore into a new file: {r.stderr.strip()}")
r = run("list", "organisations", "--db", fresh)
check(r.returncode == 0, "the restored database opens with pavilion")
finish()
