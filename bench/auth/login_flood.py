#!/usr/bin/env python3
"""bench/auth/login_flood.py PAVILION WORKDIR [SECONDS] [FLOODERS]

Median and 90th-percentile latency of GET /api/health, one new connection
per request, first with the server idle and then while FLOODERS threads
send logins with wrong passwords for 50 existing accounts, so that every
attempt the server accepts costs a password verification.  Each thread
sends from its own loopback addresses, changing address every ten
attempts and cycling through the accounts, so that no brake stops the
flood within the run: a flood of many clients.  Prints one JSON line.
"""
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
import http.client

PAVILION, WORK = sys.argv[1], sys.argv[2]
SECONDS = float(sys.argv[3]) if len(sys.argv) > 3 else 10
FLOODERS = int(sys.argv[4]) if len(sys.argv) > 4 else 8
DB = os.path.join(WORK, "flood.db")

for f in (DB, DB + "-wal", DB + "-shm"):
    if os.path.exists(f):
        os.remove(f)
subprocess.run([PAVILION, "demo", "--db", DB], check=True, capture_output=True)
subprocess.run([PAVILION, "user", "add", "bench", "--role", "officer", "--password-stdin", "--db", DB],
               input="bench password 1\n", text=True, check=True, capture_output=True)
# 50 more accounts with the same (unknown to the flood) password.
with sqlite3.connect(DB) as db:
    db.execute("WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 49)"
               " INSERT INTO app_user (username, password_hash, role, created_utc)"
               " SELECT 'flood' || i, password_hash, 'viewer', 0 FROM n, app_user WHERE username = 'bench'")
proc = subprocess.Popen([PAVILION, "serve", "--listen", "127.0.0.1:0", "--db", DB],
                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = int(proc.stdout.readline().rsplit(":", 1)[1])


def call(method, path, body=None, source=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120,
                                      source_address=(source, 0) if source else None)
    headers = {"Content-Type": "application/json"} if body else {}
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    r.read()
    conn.close()
    return r.status


def health_latencies(seconds):
    out, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        t = time.monotonic()
        status = call("GET", "/api/health")
        out.append((time.monotonic() - t) * 1000)
        assert status == 200, status
        time.sleep(0.02)
    return out


stop = threading.Event()
statuses = {}
lock = threading.Lock()


def flooder(k):
    n = 0
    while not stop.is_set():
        source = f"127.{10 + k}.{n // 2500 % 250 + 1}.{n // 10 % 250 + 1}"
        body = json.dumps({"username": f"flood{(n * 7 + k) % 50}", "password": "wrong password"})
        try:
            status = call("POST", "/api/session", body, source)
        except OSError:
            status = "error"
        with lock:
            statuses[status] = statuses.get(status, 0) + 1
        n += 1


def summary(ms):
    ms = sorted(ms)
    return {"n": len(ms), "median_ms": round(statistics.median(ms), 2),
            "p90_ms": round(ms[int(len(ms) * 0.9)], 2)}


idle = health_latencies(SECONDS)
threads = [threading.Thread(target=flooder, args=(k,)) for k in range(FLOODERS)]
t0 = time.monotonic()
for t in threads:
    t.start()
time.sleep(1)
flooded = health_latencies(SECONDS)
stop.set()
for t in threads:
    t.join()
elapsed = time.monotonic() - t0
proc.terminate()
proc.wait(timeout=60)
print(json.dumps({"binary": PAVILION, "flooders": FLOODERS, "idle": summary(idle), "flood": summary(flooded),
                  "ratio_median": round(statistics.median(flooded) / statistics.median(idle), 2),
                  "logins_per_s": round(sum(statuses.values()) / elapsed, 1),
                  "login_statuses": {str(k): v for k, v in sorted(statuses.items(), key=str)}}))
