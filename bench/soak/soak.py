#!/usr/bin/env python3
"""bench/soak/soak.py PAVILION WORKDIR SECONDS: a long run of mixed reads
and writes against `pavilion serve`, with slow clients among the clients.

Clients (threads, each on its own kept-alive connection):
  - 4 readers: a page of organisations, a mission, the outcome report, a
    search, an event's agenda, the calendar;
  - 2 writers: create an organisation, read it, PATCH it with its ETag,
    delete it (so the database stays the same size);
  - 40 slow clients from 127.0.0.2..127.0.0.5 that send a request line and
    a header line every 3 s and never finish; when the server cuts one at
    its deadline it connects again at once.
The server's RSS (VmRSS) is sampled every 10 s.  The first window (after a
60 s warm-up) is the baseline; the last window of the same length is
compared with it: latency percentiles per window and RSS at start and end.
Any answer other than the expected status counts as an error.
Writes WORKDIR/soak.json and prints a summary.
"""
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time

PAVILION, WORK, SECONDS = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(WORK, exist_ok=True)
WARMUP = min(60, SECONDS // 6)
WINDOW = max(60, min(300, (SECONDS - WARMUP) // 4))
DB = os.path.join(WORK, "soak.db")
READERS, WRITERS, SLOW = 4, 2, 40
stop = threading.Event()
lock = threading.Lock()
samples = []        # (t, kind, seconds)
errors = []         # (t, what)
rss = []            # (t, KiB)
slow_cuts = [0]


def cli(*args, stdin=None):
    return subprocess.run([PAVILION, *args, "--db", DB], input=stdin, text=True,
                          capture_output=True, check=True).stdout


for f in (DB, DB + "-wal", DB + "-shm"):
    if os.path.exists(f):
        os.remove(f)
cli("demo")
cli("user", "add", "soak", "--role", "officer", "--password-stdin", stdin="soak bench password 1\n")
TOKEN = cli("token", "create", "soak").strip().splitlines()[-1]
proc = subprocess.Popen([PAVILION, "serve", "--listen", "127.0.0.1:0", "--db", DB],
                        stdout=subprocess.PIPE, stderr=open(os.path.join(WORK, "soak-serve.err"), "w"),
                        text=True)
PORT = int(proc.stdout.readline().rsplit(":", 1)[1])
T0 = time.monotonic()


def now():
    return time.monotonic() - T0


class Client:
    def __init__(self):
        self.c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)

    def call(self, kind, method, path, expect, body=None, headers=None):
        h = {"Authorization": "Bearer " + TOKEN}
        h.update(headers or {})
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        t = time.monotonic()
        for attempt in (1, 2):
            try:
                self.c.request(method, path, body=data, headers=h)
                r = self.c.getresponse()
                text = r.read()
                break
            except (OSError, http.client.HTTPException) as e:
                # A kept-alive connection the server closed while idle
                # is retried once on a fresh one; anything else is an error.
                self.c.close()
                self.c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
                if attempt == 2:
                    with lock:
                        errors.append((now(), f"{method} {path}: {e}"))
                    return None, None
        took = time.monotonic() - t
        with lock:
            samples.append((now(), kind, took))
            if r.status != expect:
                errors.append((now(), f"{method} {path}: {r.status} {text[:200]!r}"))
        return r, text


def reader(seed):
    rnd = random.Random(seed)
    c = Client()
    paths = ["/api/organisations?limit=50", "/api/missions/1", "/api/missions/1/report?lang=ko",
             "/api/search?q=%EA%B8%B0%EC%97%85", "/api/events?limit=50&mission_id=1",
             "/api/missions/1/calendar.ics", "/api/people?limit=50", "/api/agreements?limit=50"]
    while not stop.is_set():
        c.call("read", "GET", rnd.choice(paths), 200)


def writer(seed):
    rnd = random.Random(seed)
    c = Client()
    n = 0
    while not stop.is_set():
        n += 1
        key = f"soak-{seed}-{n}"
        r, text = c.call("write", "POST", "/api/organisations", 201,
                         {"key": key, "kind": "company", "country": "KR",
                          "name": {"en": f"Soak Company {n}", "ko": f"소크 기업 {n}"}})
        if r is None or r.status != 201:
            continue
        oid = json.loads(text)["id"]
        r, _ = c.call("read", "GET", f"/api/organisations/{oid}", 200)
        if r is None:
            continue
        c.call("write", "PATCH", f"/api/organisations/{oid}", 200,
               {"name": {"en": f"Soak Company {n} (renamed)"}}, {"If-Match": r.getheader("ETag")})
        c.call("write", "DELETE", f"/api/organisations/{oid}", 204)
        time.sleep(rnd.uniform(0, 0.05))


def slow_client(i):
    address = f"127.0.0.{2 + i % 4}"
    while not stop.is_set():
        s = socket.socket()
        try:
            s.bind((address, 0))
            s.connect(("127.0.0.1", PORT))
            s.sendall(b"GET /api/health HTTP/1.1\r\nHost: soak\r\n")
            while not stop.is_set():
                time.sleep(3)
                s.sendall(b"X-Slow: 1\r\n")
        except OSError:
            with lock:
                slow_cuts[0] += 1
        finally:
            s.close()


def sampler():
    while not stop.is_set():
        with open(f"/proc/{proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    with lock:
                        rss.append((now(), int(line.split()[1])))
        stop.wait(10)


threads = [threading.Thread(target=reader, args=(i,)) for i in range(READERS)]
threads += [threading.Thread(target=writer, args=(100 + i,)) for i in range(WRITERS)]
threads += [threading.Thread(target=slow_client, args=(i,), daemon=True) for i in range(SLOW)]
threads.append(threading.Thread(target=sampler))
for t in threads:
    t.start()
time.sleep(SECONDS)
stop.set()
for t in threads:
    if not t.daemon:
        t.join()
proc.terminate()
code = proc.wait(timeout=60)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(p / 100 * len(xs)))] * 1000 if xs else float("nan")


def window(lo, hi):
    w = [s for s in samples if lo <= s[0] < hi]
    out = {"from_s": lo, "to_s": hi, "requests": len(w), "per_s": len(w) / (hi - lo)}
    for kind in ("read", "write"):
        xs = [s[2] for s in w if s[1] == kind]
        out[kind] = {"n": len(xs), "p50_ms": pct(xs, 50), "p90_ms": pct(xs, 90),
                     "p99_ms": pct(xs, 99), "max_ms": max(xs) * 1000 if xs else float("nan")}
    r = [k for t, k in rss if lo <= t < hi]
    out["rss_kib"] = {"min": min(r), "max": max(r)} if r else {}
    return out


first = window(WARMUP, WARMUP + WINDOW)
last = window(SECONDS - WINDOW, SECONDS)
result = {"seconds": SECONDS, "readers": READERS, "writers": WRITERS, "slow": SLOW,
          "requests": len(samples), "errors": len(errors), "first_errors": errors[:10],
          "slow_reconnects": slow_cuts[0], "server_exit": code,
          "rss_start_kib": next((k for t, k in rss if t >= WARMUP), None),
          "rss_end_kib": rss[-1][1] if rss else None, "rss_peak_kib": max(k for _, k in rss),
          "first": first, "last": last}
json.dump(result, open(os.path.join(WORK, "soak.json"), "w"), indent=1)
print(json.dumps(result, indent=1))
