#!/usr/bin/env python3
"""bench/scale/api_bench.py PAVILION NAME=DB...: times the API's listings,
searches and aggregates on each database, in one run, against the first
(the baseline), and prints a Markdown table of median times and ratios.

Each database gets its own server on 127.0.0.1 (port chosen by the OS).
Listings are timed page by page, walking their cursors (distinct URLs,
so the reply cache never answers); aggregates with top= varied, for the
same reason.  Of ROUNDS requests per endpoint and database, the fastest
(the steadiest figure on a shared, loaded machine) and the median are
reported.
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
    if r.returncode != 0 and "UNIQUE" not in r.stderr and "is taken" not in r.stderr:
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
        for attempt in (0, 1):
            t0 = time.perf_counter()
            try:
                self.conn.request("GET", path, headers={"Authorization": "Bearer " + self.token})
                r = self.conn.getresponse()
                body = r.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                # The server closed an idle connection: a new one, and
                # the request again, timed afresh.
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt:
                    raise
        dt = time.perf_counter() - t0
        if r.status == 400:  # an endpoint this build does not have
            raise Unsupported(path)
        if r.status != 200:
            raise SystemExit(f"GET {path}: {r.status} {body[:300]}")
        return dt, json.loads(body)

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def walk(s, path):
    """Times each page of a listing, following next_cursor; a listing
    shorter than ROUNDS pages is walked again with another page size
    (limit= one less each time), so no URL repeats and the reply cache
    never answers."""
    times, cursor, shrink = [], None, 0
    base = path
    while len(times) < ROUNDS:
        sep = "&" if "?" in base else "?"
        dt, doc = s.get(base + (f"{sep}cursor={urllib.parse.quote(cursor)}" if cursor else ""))
        times.append(dt)
        cursor = doc.get("next_cursor")
        if not cursor:
            shrink += 1
            limit = int(urllib.parse.parse_qs(urllib.parse.urlparse(path).query).get("limit", ["50"])[0])
            if limit - shrink < 1:
                break
            base = path.replace(f"limit={limit}", f"limit={limit - shrink}") if "limit=" in path \
                else f"{path}{'&' if '?' in path else '?'}limit={50 - shrink}"
    return times


def repeat(s, path):
    """Uncached requests: the same query with top= (or limit=) varied,
    so the reply cache never answers; the first warms the statement."""
    s.get(path)
    arg = "top" if "/api/stats" in path else "limit"
    sep = "&" if "?" in path else "?"
    return [s.get(f"{path}{sep}{arg}={i}")[0] for i in range(1, ROUNDS + 1)]


class Unsupported(Exception):
    pass


def full_pages(sorts):
    """Like-for-like listings: first pages of limit=5, 4 and 3 under each
    sort, every one full on the demo database as on the large ones, so
    the answers are the same size; distinct URLs, so no reply is cached."""
    def how(s, path):
        sep = "&" if "?" in path else "?"
        urls = [(f"{path}{sep}sort={d}{f}&limit={n}", n) for n in (5, 4, 3) for f in sorts for d in ("", "-")]
        times = []
        for url, n in urls[:ROUNDS]:
            dt, doc = s.get(url)
            if len(doc["items"]) != n:
                raise SystemExit(f"GET {url}: {len(doc['items'])} rows, not a full page")
            times.append(dt)
        return times
    return how


def cached(s, path):
    """The same request again: answered by the reply cache."""
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
    ("stats: agreements by year, again (reply cache)", cached, "/api/stats?group=year"),
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
    ("search q=ㅎㅅㅍ (initial consonants)", repeat, "/api/search?q=" + urllib.parse.quote("ㅎㅅㅍ")),
    ("organisations, q=ㅎㅅㅍ", walk, "/api/organisations?q=" + urllib.parse.quote("ㅎㅅㅍ") + "&limit=20"),
    # The dashboard's lower charts and the board's longest series.
    ("stats: agreements by status", repeat, "/api/stats?group=status"),
    ("stats: agreements by sector", repeat, "/api/stats?group=sector"),
    ("stats: agreements by country", repeat, "/api/stats?group=country"),
    ("stats: agreements by series (longest)", repeat, "/api/stats?group=series"),
    ("stats: consultations by year", repeat, "/api/stats?measure=consultations&group=year"),
    ("stats: realisations by year", repeat, "/api/stats?measure=realisations&group=year"),
    # Like-for-like listings: pages of 3 to 5 rows, full on every database.
    ("agreements, full pages of 3-5", full_pages(["signed_on", "key", "kind", "status", "value_minor"]),
     "/api/agreements"),
    ("events, full pages of 3-5", full_pages(["start_utc", "key", "kind", "id"]), "/api/events"),
    ("organisations, full pages of 3-5", full_pages(["key", "kind", "country", "id"]), "/api/organisations"),
    ("mission report", cached, "/api/missions/{mission}/report?lang=en"),
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
                try:
                    t = how(s, path.format(org=org, mission=mission))
                except Unsupported:
                    results[(label, name)] = None
                    continue
                results[(label, name)] = (statistics.median(t) * 1000, min(t) * 1000, len(t))
    finally:
        for _, s, _, _ in servers:
            s.stop()
    for which, title in ((1, "fastest of the requests"), (0, "median")):
        print(f"\n{title} (ms); ratios against {DBS[0][0]}\n")
        table(results, which)


def table(results, which):
    names = [n for n, _ in DBS]
    growth = len(names) >= 3  # the last two: the same kind of data, two sizes
    print("| endpoint | " + " | ".join(f"{n} (ms)" for n in names) + " | " +
          " | ".join(f"{n}/{names[0]}" for n in names[1:]) +
          (f" | {names[-1]}/{names[-2]}" if growth else "") + " |")
    print("|---|" + "---:|" * (2 * len(names) - 1 + growth))
    for label, _, _ in ENDPOINTS:
        if any(results[(label, n)] is None for n in names):
            print(f"| {label} | " + " | ".join(["n/a"] * (2 * len(names) - 1 + growth)) + " |")
            continue
        base = results[(label, names[0])][which]
        cells = [f"{results[(label, n)][which]:.2f}" for n in names]
        ratios = [f"{results[(label, n)][which] / base:.2f}" for n in names[1:]]
        if growth:
            ratios.append(f"{results[(label, names[-1])][which] / results[(label, names[-2])][which]:.2f}")
        print(f"| {label} | " + " | ".join(cells) + " | " + " | ".join(ratios) + " |")


if __name__ == "__main__":
    main()
