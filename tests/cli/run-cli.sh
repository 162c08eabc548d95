#!/bin/sh
# CLI tests against the real binary ($PAVILION): the reference mission's
# report (golden files and every figure of its outcome section), bundle
# round trips, listing, bad input on every argument and file, exit codes.
set -u
P=${PAVILION:-build/pavilion}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
. tests/cli/common.sh

dump() { sqlite3 "$1" .dump; }

# same_report A B: the two reports are the same but for the record chain's
# head, which names the database's own history (text: its line; JSON: its
# member).
same_report() {
	python3 - "$1" "$2" <<'PY'
import json, sys
def strip(path):
    text = open(path, encoding="utf-8").read()
    if path.endswith(".json"):
        doc = json.loads(text)
        doc.pop("chain", None)
        return json.dumps(doc, ensure_ascii=False, indent=2)
    return "\n".join(l for l in text.splitlines()
                     if not l.startswith(("기록 체인: ", "Record chain: "))).rstrip("\n")
sys.exit(0 if strip(sys.argv[1]) == strip(sys.argv[2]) else 1)
PY
}

DB=$T/demo.db

# ---- usage and help -------------------------------------------------
expect 0 "pavilion --help" -- "$P" --help
contains "$T/out" "Exit status" "top-level help"
for c in demo import export report list show schedule; do
	expect 0 "$c --help" -- "$P" "$c" --help
	contains "$T/out" "usage: pavilion $c" "$c --help"
done
expect 2 "no command" -- "$P"
expect 2 "unknown command" -- "$P" frobnicate
contains "$T/err" 'unknown command "frobnicate"' "unknown command message"
expect 2 "report without mission" -- "$P" report --db "$DB"
expect 2 "report bad language" -- "$P" report --lang jp jeonbuk-us-2024
contains "$T/err" '--lang "jp"' "bad language message"
expect 2 "report bad format" -- "$P" report --format docx jeonbuk-us-2024
expect 2 "list unknown kind" -- "$P" list --db "$DB" widgets
expect 2 "import without file" -- "$P" import --db "$DB"
expect 2 "unknown option" -- "$P" export --colour jeonbuk-us-2024
expect 4 "report on missing database" -- "$P" report --db "$T/none.db" jeonbuk-us-2024
contains "$T/err" "no such database" "missing database message"
[ ! -e "$T/none.db" ] && ok || bad "a read command created a database"

# ---- the demo database and the reference report -----------------------
expect 0 "demo" -- "$P" demo --db "$DB"
contains "$T/out" "jeonbuk-us-2024" "demo output"
expect 0 "demo again replaces" -- "$P" demo --db "$DB"
expect 0 "report ko" -- "$P" report --db "$DB" jeonbuk-us-2024
cp "$T/out" "$T/report-ko.txt"
expect 0 "report en" -- "$P" report --db "$DB" --lang en jeonbuk-us-2024
cp "$T/out" "$T/report-en.txt"
expect 0 "report markdown" -- "$P" report --db "$DB" --lang en --format markdown jeonbuk-us-2024
cp "$T/out" "$T/report-en.md"
expect 0 "report json" -- "$P" report --db "$DB" --lang ko --format json jeonbuk-us-2024
cp "$T/out" "$T/report-ko.json"
for g in report-ko.txt report-en.txt report-en.md report-ko.json; do
	if same_report "tests/golden/$g" "$T/$g"; then ok; else
		bad "golden $g differs"; diff "tests/golden/$g" "$T/$g" | head -20; fi
done

# Every figure of the reference mission's outcome section, both languages.
K=$T/report-ko.txt
E=$T/report-en.txt
contains "$K" "기간: 5박 7일" "ko nights and days"
contains "$E" "Duration: 5 nights, 7 days" "en nights and days"
contains "$K" "방문: 3개 도시, 3개 시간대" "ko cities"
contains "$E" "Visited: 3 cities in 3 time zones" "en cities"
contains "$K" "MOU 체결: 2건 (전북특별자치도 당사자 1건, 지원·입회 1건)" "ko MOUs"
contains "$E" "MOUs signed: 2 (1 with Jeonbuk State as a party, 1 facilitated)" "en MOUs"
contains "$K" "계약: 1건, USD 1,000,000" "ko contract"
contains "$E" "Contracts: 1 worth USD 1,000,000" "en contract"
contains "$K" "시리즈 3번째 (총 3건; 앞선 협약: 한남체인 (2023), H마트 (2023))" "ko series"
contains "$E" "third of a series of three" "en series"
contains "$E" "after Hannam Chain (2023) and H Mart (2023)" "en series order"
contains "$K" "공동관: 1개, 참가기업 8개사" "ko pavilion"
contains "$E" "Joint pavilions: 1 with 8 companies" "en pavilion"
contains "$K" "투자 행사: 1회, 약 70명 참석" "ko investment event"
contains "$E" "Investment events: 1 with about 70 attendees" "en investment event"
contains "$K" "도시 간 면담: 1회 (플레이노시)" "ko city meeting"
contains "$E" "City-to-city meetings: 1 (City of Plano)" "en city meeting"
contains "$K" "기업 상담: 1회 (모더나)" "ko consultation"
contains "$E" "Corporate consultations: 1 (Moderna)" "en consultation"
contains "$K" "전략 분야: 바이오, 방산, 모빌리티, 농식품" "ko sectors"
contains "$E" "Strategic sectors touched: bio, defence, mobility, agri-food" "en sectors"
contains "$K" "2024년 1월 10일 (수)" "ko date format"
contains "$E" "Wed, Jan 10, 2024" "en date format"
contains "$K" "한국 시간 1월 10일 (수) 17:00 – 1월 11일 (목) 17:00" "ko home time across the date line"
python3 - "$T/report-ko.json" <<'PY' && ok || bad "report json figures"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["duration"]["nights"] == 5 and r["duration"]["days"] == 7, r["duration"]
assert r["duration"]["label"] == "5박 7일"
assert (r["duration"]["first_day"], r["duration"]["last_day"]) == ("2024-01-08", "2024-01-14")
assert len(r["cities"]) == 3 and r["time_zones"] == 3
a = r["agreements"]
assert a["mou"] == 2 and a["mous_party"] == 1 and a["mous_facilitated"] == 1, a
assert a["contract"] == 1
assert a["values"] == [{"currency": "USD", "amount": "1000000.00", "minor": 100000000, "count": 1}], a["values"]
assert [(s["position"], s["count"]) for s in a["series"]] == [(3, 3)], a["series"]
assert r["pavilions"] == {"count": 1, "companies": 8}
assert r["investment_events"] == {"count": 1, "attendance": 70, "approximate": True}
assert r["city_meetings"] == 1 and r["corporate_consultations"] == 1
assert r["sectors"] == ["bio", "defence", "mobility", "agri-food"], r["sectors"]
PY

# ---- export, import, round trip --------------------------------------
expect 0 "export" -- "$P" export --db "$DB" jeonbuk-us-2024
cp "$T/out" "$T/export1.json"
expect 0 "export to a file" -- "$P" export --db "$DB" -o "$T/export-o.json" jeonbuk-us-2024
cmp -s "$T/export1.json" "$T/export-o.json" && ok || bad "export -o differs from stdout"
expect 0 "import the export into a new database" -- "$P" import --db "$T/copy.db" "$T/export1.json"
expect 0 "export the copy" -- "$P" export --db "$T/copy.db" jeonbuk-us-2024
cmp -s "$T/export1.json" "$T/out" && ok || { bad "round trip changed the bundle"; diff "$T/export1.json" "$T/out" | head; }
expect 0 "report from the copy" -- "$P" report --db "$T/copy.db" jeonbuk-us-2024
cp "$T/out" "$T/out.txt" && same_report "$T/report-ko.txt" "$T/out.txt" && ok || bad "report differs after a round trip"
expect 0 "import from standard input" -- sh -c "\"$P\" import --db \"$T/stdin.db\" - < examples/jeonbuk-us-2024.json"
contains "$T/out" "-: jeonbuk-us-2024" "stdin import is reported"
expect 0 "PAVILION_DB picks the database" -- env PAVILION_DB="$DB" "$P" report --lang en jeonbuk-us-2024
cp "$T/out" "$T/out.txt" && same_report "$T/report-en.txt" "$T/out.txt" && ok || bad "PAVILION_DB report differs"

# A mission that exists is a conflict, and nothing changes.
before=$(dump "$DB")
expect 5 "import over an existing mission" -- "$P" import --db "$DB" examples/jeonbuk-us-2024.json
contains "$T/err" 'mission "jeonbuk-us-2024" exists already' "conflict message"
[ "$before" = "$(dump "$DB")" ] && ok || bad "a refused import changed the database"
expect 0 "import --replace" -- "$P" import --db "$DB" --replace examples/jeonbuk-us-2024.json
contains "$T/out" "(replaced)" "replace is reported"
expect 0 "report after replace" -- "$P" report --db "$DB" jeonbuk-us-2024
cp "$T/out" "$T/out.txt" && same_report "$T/report-ko.txt" "$T/out.txt" && ok || bad "report differs after replace"

# A second mission shares registry records and keeps its own figures.
expect 0 "import a second mission" -- "$P" import --db "$DB" tests/bundles/small.json
expect 0 "report of the second mission" -- "$P" report --db "$DB" --lang en gyeonggi-de-2025
contains "$T/out" "4 nights, 6 days" "second mission span"
contains "$T/out" "Contracts: 1 worth EUR 250,000" "second mission value"
expect 0 "the first report is unchanged" -- "$P" report --db "$DB" jeonbuk-us-2024
cp "$T/out" "$T/out.txt" && same_report "$T/report-ko.txt" "$T/out.txt" && ok || bad "a second mission changed the first report"

# ---- bad bundles: clear message, exit 3 or 6, database unchanged ---------
before=$(dump "$DB")
for f in tests/bundles/bad/*.json; do
	want=$(cat "${f%.json}.expect")
	"$P" import --db "$DB" "$f" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -eq 3 ] && grep -qF -- "$want" "$T/err" && grep -qF -- "$f" "$T/err"; then ok; else
		bad "$f: exit $rc, message: $(cat "$T/err")"; fi
done
[ "$before" = "$(dump "$DB")" ] && ok || bad "a bad bundle changed the database"
expect 6 "unreadable file" -- "$P" import --db "$DB" "$T/missing.json"
contains "$T/err" "missing.json: cannot open" "unreadable file message"
# With several files, the good ones go in and the bad one is reported.
expect 3 "mixed files" -- "$P" import --db "$T/mixed.db" tests/bundles/bad/bad-zone.json tests/bundles/small.json
contains "$T/out" "gyeonggi-de-2025" "good file of a mixed import"

# ---- list and show ------------------------------------------------------
expect 0 "list organisations" -- "$P" list --db "$T/copy.db" organisations
[ "$(tail -n +2 "$T/out" | wc -l)" -eq 13 ] && ok || bad "13 organisations expected"
awk 'NR > 1 { print $2 }' "$T/out" > "$T/keys"
[ "$(grep -n '^google$' "$T/keys" | cut -d: -f1)" -lt "$(grep -n '^home-shopping-world$' "$T/keys" | cut -d: -f1)" ] \
	&& ok || bad "Korean collation order (구글 before 홈쇼핑월드)"
expect 0 "list organisations in English order" -- "$P" list --db "$T/copy.db" --lang en organisations
awk 'NR > 1 { print $2 }' "$T/out" | head -1 | grep -qx city-of-plano && ok || bad "English order starts with City of Plano"
for k in people missions venues series agreements events stops pavilions followups; do
	expect 0 "list $k" -- "$P" list --db "$T/copy.db" "$k"
done
expect 0 "list events of a mission" -- "$P" list --db "$T/copy.db" --mission jeonbuk-us-2024 events
[ "$(tail -n +2 "$T/out" | wc -l)" -eq 8 ] && ok || bad "8 events expected"
head -2 "$T/out" | tail -1 | grep -q "jeonbuk-us-2024/ces-pavilion" && ok || bad "events in time order"
expect 0 "show mission" -- "$P" show --db "$T/copy.db" mission jeonbuk-us-2024
contains "$T/out" "events: 8" "mission event count"
contains "$T/out" "sectors: bio, defence, mobility" "mission sectors"
expect 0 "show mission by id" -- "$P" show --db "$T/copy.db" missions 1
expect 0 "show organisation" -- "$P" show --db "$T/copy.db" organisation world-okta-la
contains "$T/out" "parent: world-okta" "organisation parent"
expect 0 "show event" -- "$P" show --db "$T/copy.db" event jeonbuk-us-2024/business-day
contains "$T/out" "attended: 70" "event attendance"
expect 0 "show agreement" -- "$P" show --db "$T/copy.db" agreement home-shopping-world-contract-2024
contains "$T/out" "value_minor: 100000000" "agreement value"
contains "$T/out" "series: us-sales-channels" "agreement series"
expect 0 "show series" -- "$P" show --db "$T/copy.db" series us-sales-channels
contains "$T/out" "agreements: jeonbuk-hannam-chain-2023, jeonbuk-h-mart-2023, home-shopping-world-contract-2024" "series order"
expect 0 "list pavilions of a mission" -- "$P" list --db "$T/copy.db" --mission jeonbuk-us-2024 pavilions
contains "$T/out" "jeonbuk-us-2024/ces-2024-jeonbuk" "pavilion key"
expect 0 "show pavilion" -- "$P" show --db "$T/copy.db" pavilion jeonbuk-us-2024/ces-2024-jeonbuk
contains "$T/out" "exhibitors: 8" "pavilion exhibitors"
contains "$T/out" "exhibitors_unnamed: 8" "pavilion unnamed exhibitors"
contains "$T/out" "event: ces-pavilion" "pavilion event"
expect 0 "import a mission with a follow-up" -- "$P" import --db "$T/copy.db" tests/bundles/small.json
expect 0 "list follow-ups" -- "$P" list --db "$T/copy.db" followups
contains "$T/out" "acme-euro-2025#1" "follow-up key"
contains "$T/out" "2025-07-01" "follow-up due date"
expect 0 "show follow-up" -- "$P" show --db "$T/copy.db" followup "acme-euro-2025#1"
contains "$T/out" "owner: lee" "follow-up owner"
expect 4 "show follow-up without number" -- "$P" show --db "$T/copy.db" followup acme-euro-2025
contains "$T/err" "AGREEMENT#NUMBER" "follow-up naming hint"
expect 4 "show missing record" -- "$P" show --db "$T/copy.db" organisation nobody
contains "$T/err" 'no organisations "nobody"' "missing record message"
expect 4 "report of a missing mission" -- "$P" report --db "$T/copy.db" nowhere-2030
expect 4 "export of a missing mission" -- "$P" export --db "$T/copy.db" nowhere-2030

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
