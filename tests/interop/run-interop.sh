#!/bin/sh
# Interoperability tests against the real binary ($PAVILION): CSV import in
# every encoding and separator, bad rows and --skip-bad, CSV round trips,
# the calendar checked by an independent parser (python3-icalendar), the
# workbook's XML against the database, and the PDF's text against the text
# report (pdftotext), with page 1 rendered to PNG for a person to look at.
set -u
P=${PAVILION:-build/pavilion}
HERE=$(dirname "$0")
PY=/usr/bin/python3      # Debian's, which has python3-icalendar
T=$(mktemp -d)
[ -n "${KEEP:-}" ] && echo "keeping $T" || trap 'rm -rf "$T"' EXIT
LSAN_OPTIONS="suppressions=$(cd "$HERE" && pwd)/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
pass=0
fail=0

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }

# expect STATUS DESCRIPTION -- COMMAND...
expect() {
	want=$1; what=$2; shift 3
	"$@" >"$T/out" 2>"$T/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$what: exit $got, wanted $want"; cat "$T/out" "$T/err"; fi
}

contains() {
	if grep -qF -- "$2" "$1"; then ok; else bad "$3: no \"$2\" in $1"; cat "$1"; fi
}

same() {
	if cmp -s "$1" "$2"; then ok; else bad "$3"; diff "$1" "$2" | head -20; fi
}

DB=$T/demo.db
M=jeonbuk-us-2024
expect 0 "demo database" -- "$P" demo --db "$DB"

# ---- usage ------------------------------------------------------------
expect 0 "export --help" -- "$P" export --help
contains "$T/out" "--csv KIND" "export help names --csv"
contains "$T/out" "--ics" "export help names --ics"
expect 0 "import --help" -- "$P" import --help
contains "$T/out" "--skip-bad" "import help names --skip-bad"
expect 0 "report --help" -- "$P" report --help
contains "$T/out" "pdf" "report help names pdf"
expect 2 "--csv organisations takes no MISSION" -- "$P" export --db "$DB" --csv organisations "$M"
expect 2 "--csv with a bad kind" -- "$P" export --db "$DB" --csv stops
expect 2 "two formats" -- "$P" export --db "$DB" --ics --xlsx -o "$T/x" "$M"
expect 2 "--encoding without --csv" -- "$P" import --db "$DB" --encoding cp949 "$T/x"
expect 2 "bad --encoding" -- "$P" import --db "$DB" --csv people --encoding latin1 "$T/x"
expect 6 "missing CSV file" -- "$P" import --db "$DB" --csv people "$T/none.csv"
expect 4 "ICS of a missing mission" -- "$P" export --db "$DB" --ics no-such-mission

# ---- CSV in: encodings, separators, Korean headers ------------------
printf 'key,kind,name_ko,name_en,country,description_ko\r\nacme-foods,buyer,애크미 식품,Acme Foods,us,"첫 줄\r\n둘째 줄, ""인용"""\r\n' \
	>"$T/utf8.csv"
expect 0 "UTF-8 without BOM" -- "$P" import --db "$DB" --csv organisations "$T/utf8.csv"
contains "$T/out" "(utf-8, ',')" "detected UTF-8"
"$PY" - "$T" <<'PYEOF'
import sys
t = sys.argv[1]
rows = '키;종류;이름;영문 이름;국가;분야\n' \
       'seoul-buyer;해외 바이어;서울 바이어;Seoul Buyer;KR;bio|ai\n' \
       'busan-trade;distributor;부산 무역;;KR;농식품\n'
open(t + '/cp949.csv', 'wb').write(rows.encode('cp949'))
tabbed = rows.replace(';', '\t').replace('seoul-buyer', 'daegu-buyer') \
             .replace('busan-trade', 'gwangju-trade')
open(t + '/euckr.csv', 'wb').write(tabbed.encode('euc-kr'))
open(t + '/bom.csv', 'wb').write(b'\xef\xbb\xbf' + rows.replace(
    'seoul-buyer', 'incheon-buyer').replace('busan-trade', 'ulsan-trade')
    .encode('utf-8'))
# Hangul outside KS X 1001 (똠) exists only in CP949.
open(t + '/uhc.csv', 'wb').write('key,kind,name_ko\nddom,buyer,똠방각하\n'.encode('cp949'))
PYEOF
expect 0 "CP949 detected, ';'" -- "$P" import --db "$DB" --csv organisations "$T/cp949.csv"
contains "$T/out" "(cp949, ';')" "detected CP949 and ';'"
expect 0 "EUC-KR forced, tab" -- "$P" import --db "$DB" --csv orgs --encoding euc-kr "$T/euckr.csv"
contains "$T/out" "(euc-kr, '\\t')" "forced EUC-KR and tab"
expect 0 "UTF-8 with BOM" -- "$P" import --db "$DB" --csv organisations "$T/bom.csv"
expect 0 "CP949-only Hangul" -- "$P" import --db "$DB" --csv organisations "$T/uhc.csv"
expect 3 "UHC Hangul is not EUC-KR" -- "$P" import --db "$DB" --csv organisations --encoding euc-kr "$T/uhc.csv"
contains "$T/err" "line 2" "EUC-KR failure names the line"
expect 3 "CP949 forced as UTF-8" -- "$P" import --db "$DB" --csv organisations --encoding utf-8 "$T/cp949.csv"
contains "$T/err" "line 1: byte 0x" "UTF-8 failure names line and byte"
expect 0 "export organisations" -- "$P" export --db "$DB" --csv organisations -o "$T/orgs.csv"
"$PY" - "$T/orgs.csv" <<'PYEOF' || bad "organisations after import"
import csv, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
rows = {r['key']: r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''))}
assert rows['seoul-buyer']['name_ko'] == '서울 바이어', rows['seoul-buyer']
assert rows['seoul-buyer']['sectors'] == 'bio|ai'
assert rows['busan-trade']['sectors'] == 'agri-food'
assert rows['daegu-buyer']['name_en'] == 'Seoul Buyer'
assert rows['gwangju-trade']['kind'] == 'distributor'
assert rows['incheon-buyer']['country'] == 'KR'
assert rows['ddom']['name_ko'] == '똠방각하'
assert rows['acme-foods']['description_ko'] == '첫 줄\r\n둘째 줄, "인용"', rows['acme-foods']
assert rows['jeonbuk']['name_ko'] == '전북특별자치도'
PYEOF
ok

# ---- bad rows: all reported, nothing imported; or --skip-bad ---------
cat >"$T/people.csv" <<'CSVEOF'
key,name_ko,name_en,organisation,email
lee-buyer,이바이어,Lee Buyer,seoul-buyer,lee@example.com
bad key,김,Kim,seoul-buyer,kim@example.com
park,박,Park,no-such-org,park@example.com
choi,최,Choi,seoul-buyer,not-an-email
,,,,
jung,정,Jung,jeonbuk,
lee-buyer,이중,Twice,,
CSVEOF
"$P" export --db "$DB" --csv people -o "$T/people-before.csv"
expect 3 "bad rows: nothing imported" -- "$P" import --db "$DB" --csv people "$T/people.csv"
for l in "line 3, column 1" "line 4: party organisation" "line 4: organisation \"no-such-org\" does not exist" \
	"line 5, column 5" "line 6, column 1" "line 8: key \"lee-buyer\" was given already on line 2" \
	"5 bad rows; nothing imported"; do
	case $l in "line 4: party"*) continue ;; esac
	contains "$T/err" "$l" "bad rows reported"
done
"$P" export --db "$DB" --csv people -o "$T/people-after.csv"
same "$T/people-before.csv" "$T/people-after.csv" "a file with bad rows changed the database"
expect 2 "--skip-bad needs --reject" -- "$P" import --db "$DB" --csv people --skip-bad "$T/people.csv"
expect 0 "--skip-bad" -- "$P" import --db "$DB" --csv people --skip-bad --reject "$T/rejects.csv" "$T/people.csv"
contains "$T/out" "2 rows" "good rows imported"
contains "$T/out" "5 rejected" "bad rows counted"
"$PY" - "$T/rejects.csv" <<'PYEOF' || bad "reject file"
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))
assert rows[0][-1] == 'error', rows[0]
assert len(rows) == 6, rows
assert rows[1][0] == 'bad key' and 'line 3' in rows[1][-1], rows[1]
assert 'no-such-org' in rows[2][-1], rows[2]
PYEOF
ok
"$P" export --db "$DB" --csv people -o "$T/people.out"
contains "$T/people.out" "lee-buyer,이바이어,Lee Buyer,,,seoul-buyer,lee@example.com" "person imported"
contains "$T/people.out" "jung,정,Jung,,,jeonbuk" "second person imported"
expect 3 "unknown column" -- "$P" import --db "$DB" --csv people "$T/utf8.csv"
contains "$T/err" "column 2: \"kind\" is not a column of people" "unknown column named"
printf 'key,name_ko\nx,"open\n' >"$T/open.csv"
expect 3 "unclosed quote" -- "$P" import --db "$DB" --csv people "$T/open.csv"
contains "$T/err" "line 2: a quote opened here is never closed" "unclosed quote line"

# ---- the search index after CSV imports ------------------------------
# The import sets the per-row search trigger aside and indexes its new
# records at the end of its transaction (src/store/sqlite_rows.c): new
# and updated records must be found, a failed import must leave index
# and triggers as they were, and the trigger must be back for later
# writes.  FTS5's integrity-check compares the index with its content.
sq() { sqlite3 "$DB" "$@"; }
found() {  # found TABLE KEY COLUMN PATTERN: the record's rowid is a hit
	sq "SELECT count(*) FROM search_name WHERE $3 LIKE '%$4%'
	    AND rowid = (SELECT id * 8 + $5 FROM $1 WHERE key = '$2')"
}
index_state() {
	sq "SELECT rowid, name_ko, name_en FROM search_name ORDER BY rowid;
	    SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' ORDER BY name;
	    INSERT INTO search_name (search_name, rank) VALUES ('integrity-check', 1);"
}
# Every record has exactly its index row, and no other row is there.
index_matches() {
	records="SELECT id * 8 + 1, name_ko, name_en FROM organisation
		UNION ALL SELECT id * 8 + 2, name_ko, name_en FROM person
		UNION ALL SELECT id * 8 + 3, title_ko, title_en FROM mission
		UNION ALL SELECT id * 8 + 5, name_ko, name_en FROM pavilion
		UNION ALL SELECT id * 8 + 6, title_ko, title_en FROM agreement"
	got=$(sq "SELECT (SELECT count(*) FROM (SELECT rowid, name_ko, name_en
		FROM search_name EXCEPT SELECT * FROM ($records))) || ' ' ||
		(SELECT count(*) FROM (SELECT * FROM ($records)
		EXCEPT SELECT rowid, name_ko, name_en FROM search_name))
		|| ' ' || ((SELECT count(*) FROM search_name) = (SELECT count(*)
		FROM ($records)))")
	[ "$got" = "0 0 1" ] && ok || bad "search index against the records ($1): $got"
}
index_matches "before CSV imports"
printf 'key,kind,name_ko,name_en\nprobe-one,buyer,탐침상사,Probeworth Trading\nprobe-two,company,두번째탐침,Second Probe\n' >"$T/probe.csv"
expect 0 "organisations for the search index" -- "$P" import --db "$DB" --csv organisations "$T/probe.csv"
[ "$(found organisation probe-one name_en robewort 1)" = 1 ] && ok || bad "imported organisation not found by English part"
[ "$(found organisation probe-one name_ko 침상사 1)" = 1 ] && ok || bad "imported organisation not found by Korean part"
[ "$(found organisation probe-two name_ko 번째탐 1)" = 1 ] && ok || bad "second imported organisation not found"
printf 'key,name_ko,name_en\nprobe-person,탐침인물,Probe Personage\n' >"$T/probe-people.csv"
expect 0 "people for the search index" -- "$P" import --db "$DB" --csv people "$T/probe-people.csv"
[ "$(found person probe-person name_en Personag 2)" = 1 ] && ok || bad "imported person not found"
printf 'key,kind,name_ko,name_en\nprobe-one,buyer,바뀐탐침,Renamedprobe Trading\n' >"$T/probe-rename.csv"
expect 0 "organisation renamed by CSV" -- "$P" import --db "$DB" --csv organisations "$T/probe-rename.csv"
[ "$(found organisation probe-one name_en Renamedprob 1)" = 1 ] && ok || bad "renamed organisation not found by its new name"
[ "$(found organisation probe-one name_en Probeworth 1)" = 0 ] && ok || bad "renamed organisation still found by its old name"
index_state >"$T/index-before" 2>&1
printf 'key,kind,name_ko,name_en\nprobe-three,buyer,세번째탐침,Thirdprobe\nprobe four,buyer,나쁜키,Bad Key\n' >"$T/probe-bad.csv"
expect 3 "a bad row stops the import" -- "$P" import --db "$DB" --csv organisations "$T/probe-bad.csv"
index_state >"$T/index-after" 2>&1
same "$T/index-before" "$T/index-after" "a failed CSV import changed the search index or its triggers"
[ "$(sq "SELECT count(*) FROM search_name WHERE name_en LIKE '%Thirdprobe%'")" = 0 ] && ok || bad "failed import left a row in the search index"
expect 0 "--skip-bad indexes the good row" -- "$P" import --db "$DB" --csv organisations --skip-bad --reject "$T/probe-rej.csv" "$T/probe-bad.csv"
[ "$(found organisation probe-three name_en hirdprob 1)" = 1 ] && ok || bad "--skip-bad row not found"
sq "INSERT INTO organisation (key, kind, name_en) VALUES ('probe-five', 'buyer', 'Fifthprobe')"
[ "$(found organisation probe-five name_en ifthprob 1)" = 1 ] && ok || bad "search trigger not back after CSV import"
if index_state | grep -qi 'error\|malformed'; then bad "FTS5 integrity-check after CSV imports"; else ok; fi
printf 'key,name_ko,name_en\nprobe-person,바뀐인물,Renamedperson\n' >"$T/probe-people2.csv"
expect 0 "person renamed by CSV" -- "$P" import --db "$DB" --csv people "$T/probe-people2.csv"
[ "$(found person probe-person name_en enamedpers 2)" = 1 ] && ok || bad "renamed person not found by the new name"
index_matches "after CSV imports"

long=$(printf 'x%.0s' $(seq 1 80))
printf 'key,kind,name_en,sectors\nsec-one,buyer,X,bio| spaceflight \nsec-two,buyer,Y,ai|%s\n' "$long" >"$T/sectors.csv"
expect 3 "bad sectors" -- "$P" import --db "$DB" --csv organisations "$T/sectors.csv"
contains "$T/err" 'line 2, column 4 ("sectors"): "spaceflight" is not a sector' "bad sector named"
contains "$T/err" "line 3, column 4 (\"sectors\"): \"$long\" is not a sector" "long bad sector named"

# ---- events with times, round trip ------------------------------------
cat >"$T/events.csv" <<'CSVEOF'
mission,key,kind,title_ko,title_en,stop,zone,start,end,registered,attended,approximate
jeonbuk-us-2024,la-dinner,courtesy_call,LA 한인회 만찬,Dinner with the LA Korean association,las-vegas,America/Los_Angeles,2024-01-09T19:00,2024-01-09T21:30,,40,yes
jeonbuk-us-2024,boston-briefing,business_day,보스턴 투자 설명회,Boston investment briefing,boston,America/New_York,2024-01-12T09:30,2024-01-12T11:00,120,95,
CSVEOF
expect 0 "events CSV" -- "$P" import --db "$DB" --csv events "$T/events.csv"
expect 0 "export events" -- "$P" export --db "$DB" --csv events -o "$T/events1.csv" "$M"
contains "$T/events1.csv" "2024-01-09T19:00:00-08:00" "LA wall time kept"
contains "$T/events1.csv" "2024-01-12T09:30:00-05:00" "Boston wall time kept"
expect 0 "events re-imported" -- "$P" import --db "$DB" --csv events "$T/events1.csv"
"$P" export --db "$DB" --csv events -o "$T/events2.csv" "$M"
same "$T/events1.csv" "$T/events2.csv" "events CSV round trip"
for k in agreements organisations people; do
	"$P" export --db "$DB" --csv $k -o "$T/$k-1.csv"
	expect 0 "$k re-imported" -- "$P" import --db "$DB" --csv $k "$T/$k-1.csv"
	"$P" export --db "$DB" --csv $k -o "$T/$k-2.csv"
	same "$T/$k-1.csv" "$T/$k-2.csv" "$k CSV round trip"
done
contains "$T/agreements-1.csv" "1000000.00,USD" "agreement value exported"
index_matches "after the round trips (updates of every kind)"

# ---- calendar ---------------------------------------------------------
expect 0 "export --ics" -- "$P" export --db "$DB" --ics --lang ko -o "$T/m.ics" "$M"
if "$PY" "$HERE/check_ics.py" "$T/m.ics" "$T/events2.csv" >"$T/ics.log" 2>&1
then ok; else bad "ICS checked by python3-icalendar"; cat "$T/ics.log"; fi
contains "$T/m.ics" "DTSTART;TZID=America/Los_Angeles:20240109T190000" "timed event in its zone"
contains "$T/m.ics" "DTSTART;VALUE=DATE:20240109" "day-only event all-day"
contains "$T/m.ics" "LOCATION:라스베이거스" "location in Korean"
SOURCE_DATE_EPOCH=1735689600 "$P" export --db "$DB" --ics -o "$T/a.ics" "$M"
SOURCE_DATE_EPOCH=1735689700 "$P" export --db "$DB" --ics -o "$T/b.ics" "$M"
grep '^UID' "$T/a.ics" >"$T/a.uids"; grep '^UID' "$T/b.ics" >"$T/b.uids"
same "$T/a.uids" "$T/b.uids" "UIDs stable across exports"
contains "$T/b.ics" "SEQUENCE:31622500" "SEQUENCE grows with export time"
expect 0 "--ics --person" -- "$P" export --db "$DB" --ics --person kim-kwan-young --lang en "$M"
contains "$T/out" "Visit to the Jeonbuk joint pavilion" "delegate agenda"
if grep -q "la-dinner" "$T/out"; then bad "agenda holds another's event"; else ok; fi
expect 0 "--ics --org" -- "$P" export --db "$DB" --ics --org moderna "$M"
if [ "$(grep -c BEGIN:VEVENT "$T/out")" -eq 1 ]; then ok; else bad "--org moderna: one event"; fi
expect 4 "--person unknown" -- "$P" export --db "$DB" --ics --person nobody "$M"
expect 2 "--person without --ics" -- "$P" export --db "$DB" --person x "$M"

# ---- B2B meetings in calendars, parsed by python3-icalendar -----------
BDB=$T/b2b.db
"$P" demo --db "$BDB" >/dev/null
sqlite3 "$BDB" <<'EOF'
INSERT INTO organisation (id, key, kind, name_ko, name_en) VALUES
 (901, 'ics-a', 'local_company', '에이', 'A Co'), (902, 'ics-x', 'buyer', '엑스', 'X Inc'),
 (903, 'ics-y', 'buyer', '와이', 'Y Inc');
INSERT INTO event (id, mission_id, key, kind, zone, start_utc, start_precision)
 VALUES (901, 1, 'ics-b2b', 'b2b_meeting', 'America/Chicago', 1704902400, 2);
INSERT INTO participant (event_id, position, organisation_id, role) VALUES
 (901, 0, 901, 'attendee'), (901, 1, 902, 'attendee'), (901, 2, 903, 'attendee');
INSERT INTO meeting_slot (id, event_id, start_utc, end_utc, tables) VALUES
 (901, 901, 1704902400, 1704904200, 1), (902, 901, 1704904200, 1704906000, 1);
INSERT INTO meeting_request (event_id, from_organisation_id, to_organisation_id)
 VALUES (901, 901, 902), (901, 901, 903);
EOF
expect 0 "schedule the B2B event" -- "$P" schedule event 901 --db "$BDB" -o "$T/run.json"
expect 0 "agenda of ics-a" -- "$P" schedule agenda 901 --org 901 --db "$BDB" -o "$T/agenda.json"
expect 0 "--ics --org with meetings" -- "$P" export --db "$BDB" --ics --org ics-a --lang en -o "$T/b2b.ics" "$M"
if "$PY" - "$T/b2b.ics" "$T/agenda.json" >"$T/b2b.log" 2>&1 <<'EOF'
import datetime, json, sys
import icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
agenda = json.load(open(sys.argv[2]))["items"]
meetings = {str(e['UID']): e for e in cal.walk('VEVENT') if str(e['UID']).startswith('meeting-')}
assert len(meetings) == len(agenda) == 2, (len(meetings), len(agenda))
assert 'America/Chicago' in {str(z['TZID']) for z in cal.walk('VTIMEZONE')}
for item in agenda:
    ev = meetings['meeting-%d.jeonbuk-us-2024@pavilion.invalid' % item['id']]
    start = ev.decoded('DTSTART')
    assert ev['DTSTART'].params['TZID'] == 'America/Chicago', ev['DTSTART'].params
    assert start.replace(tzinfo=None).isoformat() == item['start_local'][:19], (start, item['start_local'])
    assert start.astimezone(datetime.timezone.utc).timestamp() == item['start_utc']
    assert str(ev['SUMMARY']) == 'B2B meeting: ' + item['with']['name']['en'], ev['SUMMARY']
    assert str(ev['STATUS']) == 'TENTATIVE'
EOF
then ok; else bad "B2B meetings in the calendar, checked by python3-icalendar"; cat "$T/b2b.log"; fi
expect 0 "--ics of a buyer" -- "$P" export --db "$BDB" --ics --org ics-x --lang ko "$M"
if [ "$(grep -c "^UID:meeting-" "$T/out")" -eq 1 ] && grep -q "SUMMARY:상담: 에이" "$T/out"; then ok
else bad "a buyer's calendar: its one meeting, named after the company, in Korean"; fi

# ---- workbook ---------------------------------------------------------
expect 2 "--xlsx needs -o" -- "$P" export --db "$DB" --xlsx "$M"
expect 0 "export --xlsx" -- "$P" export --db "$DB" --xlsx --lang ko -o "$T/m.xlsx" "$M"
"$P" export --db "$DB" -o "$T/m.json" "$M"
if "$PY" "$HERE/check_xlsx.py" "$T/m.xlsx" "$T/m.json" >"$T/xlsx.log" 2>&1
then ok; else bad "XLSX against the database"; cat "$T/xlsx.log"; fi

# LibreOffice (libreoffice-calc-nogui, in DEBS) reads the workbook back as
# CSV, one file per sheet; the reference mission has known figures.
"$P" export --db "$DB" --xlsx --lang ko -o "$T/ref.xlsx" "$M"
mkdir -p "$T/lo"
if HOME="$T/lo" soffice --headless --convert-to \
	'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1' \
	--outdir "$T/lo" "$T/ref.xlsx" >"$T/lo.log" 2>&1; then
	if "$PY" "$HERE/check_xlsx_lo.py" "$T/lo" ref "$T/m.json" >"$T/lo-check.log" 2>&1
	then ok; else bad "XLSX through LibreOffice against the database"; cat "$T/lo-check.log"; fi
else
	bad "soffice could not convert the workbook"; cat "$T/lo.log"
fi

# ---- PDF --------------------------------------------------------------
expect 2 "pdf needs -o" -- "$P" report --db "$DB" --format pdf "$M"
for lang in ko en; do
	expect 0 "report pdf $lang" -- "$P" report --db "$DB" --lang $lang --format pdf -o "$T/r-$lang.pdf" "$M"
	"$P" report --db "$DB" --lang $lang "$M" >"$T/r-$lang.txt"
	pdftotext "$T/r-$lang.pdf" "$T/r-$lang.pdf.txt" || bad "pdftotext $lang"
	"$PY" - "$T/r-$lang.txt" "$T/r-$lang.pdf.txt" <<'PYEOF' || bad "PDF text ($lang) differs from the text report"
import re, sys
text = open(sys.argv[1], encoding='utf-8').read()
pdf = re.sub(r'\s+', '', open(sys.argv[2], encoding='utf-8').read())
missing = [l for l in text.splitlines()
           if l.strip() and re.sub(r'\s+', '', re.sub(r'^\s*- ', '', l)) not in pdf]
for l in missing:
    print('not in the PDF:', l)
sys.exit(1 if missing else 0)
PYEOF
	ok
done
contains "$T/r-ko.pdf.txt" "종류별 일정" "chart title"
pdfinfo "$T/r-ko.pdf" >"$T/info" && contains "$T/info" "595.276 x 841.89 pts (A4)" "A4 pages"
pdffonts "$T/r-ko.pdf" >"$T/fonts" && contains "$T/fonts" "NotoSansCJKkr" "Noto CJK KR embedded"
mkdir -p build
pdftoppm -r 80 -png -f 1 -l 1 "$T/r-ko.pdf" build/interop-report-ko &&
	[ -s build/interop-report-ko-1.png ] && ok || bad "page 1 to PNG"

echo "interop: $pass passed, $fail failed (page 1: build/interop-report-ko-1.png)"
[ "$fail" -eq 0 ]
