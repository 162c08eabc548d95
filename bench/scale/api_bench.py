#!/usr/bin/env python3
"""bench/scale/api_bench.py PAVILION NAME=DB...: times the API's listings,
searches and aggregates on each database, in one run, against the first
(the baseline), and prints a Markdown table of median times and ratios.

Each database gets its own server on 127.0.0.1 (port chosen by the OS).
Listings are timed page by page, walking their cursors (distinct URLs,
so the reply cache never answers); other requests are repeated.  The
median of up to ROUNDS requests is reported per endpoint and database.
"""
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

PAVILION = sys.argv[1]
DBS = [a.split("=", 1) for a in sys.argv[2:]]
ROUNDS = int(os.environ.get("ROUNDS", "40"))


def cli(db, *args, stdin=None):
    r = subprocess.run([PAVILION, *args, "--db", db], input=stdin, capture_output=True, text=True)
    if r.returncode != 0 and "UNIQUE" not in r.stderr:
        raise SystemExit(f"pavilion {args}: {r.stderr}")
    return r.stdout


class Server:
    def __init__(self, db):
        cli(db, "user", "add", "bench", "--role", "officer", "--password-stdin", stdin="bench password\n")
        self.token = cli(db, "token", "create", "bench").strip().splitlines()[-1]
        self.proc = subprocess.Popen([PAVILION, "serve", "--listen", "127.0.0.1:0", "--db", db],
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.port = int(self.proc.stdout.readline().rsplit(":", 1)[1])
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def get(self, path):
        t0 = time.perf_counter()
        self.conn.request("GET", path, headers={"Authorization": "Bearer " + self.token})
        r = self.conn.getresponse()
        body = r.read()
        dt = time.perf_counter() - t0
        if r.status != 200:
            raise SystemExit(f"GET {path}: {r.status} {body[:300]}")
        return dt, json.loads(body)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def walk(s, path):
    """Times each page of a listing, following next_cursor."""
    times, cursor = [], None
    sep = "&" if "?" in path else "?"
    while len(times) < ROUNDS:
        dt, doc = s.get(path + (f"{sep}cursor={urllib.parse.quote(cursor)}" if cursor else ""))
        times.append(dt)
        cursor = doc.get("next_cursor")
        if not cursor:
            break
    return times


def repeat(s, path):
    s.get(path)
    return [s.get(path)[0] for _ in range(ROUNDS)]


def busiest_org(db):
    import sqlite3
    c = sqlite3.connect(db)
    org = c.execute("SELECT organisation_id FROM agreement_party GROUP BY organisation_id"
                    " ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    mission = c.execute("SELECT id FROM mission ORDER BY agreement_count DESC, id LIMIT 1").fetchone()[0]
    c.close()
    return org, mission


ENDPOINTS = [
    ("stats: agreements by year", repeat, "/api/stats?group=year"),
    ("stats: agreements by status, one year", repeat, "/api/stats?group=status&year=2024"),
    ("stats: agreements by province", repeat, "/api/stats?group=province"),
    ("stats: missions by country", repeat, "/api/stats?measure=missions&group=country"),
    ("stats: events by kind", repeat, "/api/stats?measure=events&group=kind"),
    ("missions summary, pages of 20", walk, "/api/missions/summary?limit=20"),
    ("missions summary, by agreements", walk, "/api/missions/summary?limit=20&sort=-agreements"),
    ("follow-ups open, pages of 50", walk, "/api/followups?state=open"),
    ("follow-ups overdue", walk, "/api/followups?overdue=true"),
    ("organisation's agreements", walk, "/api/organisations/{org}/agreements?limit=20"),
    ("organisation's events", walk, "/api/organisations/{org}/events?limit=20"),
    ("agreements, newest first", walk, "/api/agreements?sort=-signed_on&limit=50"),
    ("agreements board column (status)", walk, "/api/agreements?status=signed&sort=-signed_on&limit=20"),
    ("organisations by key", walk, "/api/organisations?sort=key&limit=50"),
    ("organisations by country", walk, "/api/organisations?sort=-country&limit=50"),
    ("organisations, q=Korea (3+ characters)", walk, "/api/organisations?q=Korea&limit=50"),
    ("events by start", walk, "/api/events?sort=start_utc&limit=50"),
    ("search q=shopping", repeat, "/api/search?q=shopping"),
    ("search q=no-such-name", repeat, "/api/search?q=no-such-name"),
    ("search q=쇼핑 (2 characters)", repeat, "/api/search?q=%EC%87%BC%ED%95%91"),
    ("mission report", repeat, "/api/missions/{mission}/report?lang=en"),
]


def main():
    servers = []
    for name, db in DBS:
        org, mission = busiest_org(db)
        servers.append((name, Server(db), org, mission))
    results = {}
    try:
        for label, how, path in ENDPOINTS:
            for name, s, org, mission in servers:
                t = how(s, path.format(org=org, mission=mission))
                results[(label, name)] = (statistics.median(t) * 1000, len(t))
    finally:
        for _, s, _, _ in servers:
            s.stop()
    names = [n for n, _ in DBS]
    print("| endpoint | " + " | ".join(f"{n} (ms)" for n in names) + " | " +
          " | ".join(f"{n}/{names[0]}" for n in names[1:]) + " |")
    print("|---|" + "---:|" * (2 * len(names) - 1))
    for label, _, _ in ENDPOINTS:
        base = results[(label, names[0])][0]
        cells = [f"{results[(label, n)][0]:.2f}" for n in names]
        ratios = [f"{results[(label, n)][0] / base:.2f}" for n in names[1:]]
        print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
