#!/bin/sh
# CLI tests of the outcome records against the real binary ($PAVILION):
# the fictional sample mission's tiers, conversion and claims in every
# report format and both languages, its bundle round trip, event kinds,
# and `pavilion verify` finding edits made behind pavilion's back with
# the sqlite3 shell, to a record and to the chain itself.
set -u
P=${PAVILION:-build/pavilion}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
# What cairo and fontconfig keep for the process when a PDF is written
# (see the file) is not ours to free.
LSAN_OPTIONS="suppressions=$(pwd)/tests/interop/lsan.supp${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
. tests/cli/common.sh
DB=$T/demo.db
S=sample-vietnam-2025

# ---- the sample mission's figures, both languages ----------------------
expect 0 "demo" -- "$P" demo --db "$DB"
contains "$T/out" "fictional sample mission $S loaded" "demo loads the sample"
expect 0 "verify the demo" -- "$P" verify --db "$DB"
contains "$T/out" "chain intact: " "verify says intact"
expect 0 "report en" -- "$P" report --db "$DB" --lang en "$S"
cp "$T/out" "$T/en.txt"
E=$T/en.txt
contains "$E" "- Events held: signing 1, site visit 1, address at a conference or forum 1, sales promotion 1, export consultation meeting 1" "en every kind of event held"
contains "$E" "- Consultations: 6 by 3 firms with 4 buyers; consulted USD 2,620,000, KRW 150,000,000 (not sales)" "en consulted"
contains "$E" "- Expected: USD 1,044,000, KRW 50,000,000 (5 consultations, 3 firms; not signed)" "en expected"
contains "$E" "- Signed (contracts and purchase orders): 2 by 2 firms, USD 110,000 (during the mission 1, USD 80,000; after it 1, USD 30,000)" "en signed"
contains "$E" "- Realised exports: USD 95,000 (3 shipments or payments by 2 firms); with verified evidence USD 70,000; as of 2025-09-15" "en realised"
contains "$E" "- Conversion (consulted → signed → realised): USD 2,620,000 → USD 110,000 (4.2%) → USD 95,000 (86.4%)" "en conversion"
contains "$E" "  - [Fictional] Gasang Foods: USD 800,000 → USD 80,000 (10.0%) → USD 65,000 (81.3%)" "en conversion per firm"
contains "$E" "  - [Fictional] Gasang Beauty: USD 1,600,000 → USD 30,000 (1.9%) → USD 30,000 (100.0%)" "en conversion per firm 2"
contains "$E" "records back USD 110,000 of the USD 1,124,000 announced as contracts; USD 1,044,000 is recorded as expected, USD 2,620,000 is recorded as consulted" "en unbacked claim"
contains "$E" "records back the USD 2,500,000 announced as consulted (USD 2,620,000 recorded)" "en backed claim"
contains "$E" "  - From consultation: sample-c3" "en agreement names its consultation"
contains "$E" "  - Realised 2025-06-30: USD 40,000 (export declaration 12345-25-0601234X; verified by Park Ga-sang)" "en realisation with evidence"
contains "$E" "Record chain: " "en chain head"
lacks "$E" "Joint pavilions:" "en no pavilion line without a pavilion"
lacks "$E" "Investment events:" "en no investment line without one"
contains "$E" "time not recorded (home time Tue, Mar 11 02:00 – Wed, Mar 12 02:00)" "en a day abroad keeps its home-time span"
expect 0 "report ko" -- "$P" report --db "$DB" "$S"
cp "$T/out" "$T/ko.txt"
K=$T/ko.txt
contains "$K" "- 상담: 6건, 3개사, 바이어 4곳; 상담액 USD 2,620,000, KRW 150,000,000 (판매 아님)" "ko consulted"
contains "$K" "- 계약추진액: USD 1,044,000, KRW 50,000,000 (5건, 3개사; 계약 아님)" "ko expected"
contains "$K" "- 계약 (계약·구매주문): 2건, 2개사, USD 110,000 (현장 1건 USD 80,000; 사후 1건 USD 30,000)" "ko signed"
contains "$K" "- 수출 실적: USD 95,000 (3건, 2개사); 증빙 확인분 USD 70,000; 2025-09-15 기준" "ko realised"
contains "$K" "계약으로 발표된 USD 1,124,000 중 기록이 뒷받침하는 것은 USD 110,000; 계약추진액으로 기록된 것 USD 1,044,000" "ko unbacked claim"
contains "$K" "- 행사: 협약·계약 체결 1, 현장 방문 1, 기조연설·발표 1, 판촉전 1, 수출상담회 1" "ko event kinds"
contains "$K" "기록 체인: 링크 " "ko chain head"
expect 0 "report markdown" -- "$P" report --db "$DB" --lang en --format markdown "$S"
contains "$T/out" "## Outcomes by tier (never added together)" "markdown tiers heading"
contains "$T/out" "## Announced figures against the records" "markdown claims heading"
expect 0 "report json" -- "$P" report --db "$DB" --format json "$S"
cp "$T/out" "$T/r.json"
python3 - "$T/r.json" <<'PY' && ok || bad "report json outcomes"
import json, sys
r = json.load(open(sys.argv[1]))
o = r["outcomes"]
usd = lambda minor: {"currency": "USD", "amount": f"{minor // 100}.{minor % 100:02d}", "minor": minor}
krw = lambda minor: {"currency": "KRW", "amount": str(minor), "minor": minor}
assert (o["consulted"]["count"], o["consulted"]["firms"], o["consulted_buyers"]) == (6, 3, 4), o
for tier in ("consulted", "expected", "signed"):
    assert sorted(o[tier]) == ["count", "firms", "values"], o[tier]
assert sorted(o["realised"]) == ["count", "firms", "values", "verified_values"], o["realised"]
assert o["consulted"]["values"] == [usd(262000000), krw(150000000)], o["consulted"]
assert (o["expected"]["count"], o["expected"]["firms"]) == (5, 3)
assert o["expected"]["values"] == [usd(104400000), krw(50000000)]
assert (o["signed"]["count"], o["signed"]["firms"], o["signed"]["values"]) == (2, 2, [usd(11000000)]), o["signed"]
assert o["signed_during"] == {"count": 1, "values": [usd(8000000)]}
assert o["signed_after"] == {"count": 1, "values": [usd(3000000)]}
z = o["realised"]
assert (z["count"], z["firms"], z["values"], z["verified_values"], o["realised_as_of"]) == \
    (3, 2, [usd(9500000)], [usd(7000000)], "2025-09-15"), z
conv = {(c["firm"], c["currency"]): (c["consulted"], c["signed"], c["realised"], c["signed_permille"],
                                     c["realised_permille"]) for c in o["conversion"]}
assert conv[(None, "USD")] == (262000000, 11000000, 9500000, 42, 864), conv
assert conv[("sample-gasang-foods", "USD")] == (80000000, 8000000, 6500000, 100, 813), conv
assert conv[("sample-gasang-beauty", "USD")] == (160000000, 3000000, 3000000, 19, 1000), conv
assert conv[("sample-gasang-machinery", "KRW")] == (150000000, 0, 0, 0, None), conv
c = {k["key"]: k for k in r["claims"]}
assert c["press-2025-03-15"]["backed"] is False and c["press-2025-03-15"]["tier"] == "signed"
assert c["press-2025-03-15"]["claimed"] == usd(112400000) and c["press-2025-03-15"]["recorded"] == usd(11000000)
assert c["council-2025-04-02"]["backed"] is True and c["council-2025-04-02"]["recorded"] == usd(262000000)
assert c["news-2025-10-01"]["backed"] is True and c["news-2025-10-01"]["recorded"] == usd(9500000)
assert r["event_kinds"] == {"signing": 1, "site_visit": 1, "address": 1, "sales_promotion": 1,
                            "export_consultation": 1}, r["event_kinds"]
assert r["chain"]["links"] > 0 and len(r["chain"]["head"]) == 64, r["chain"]
PY
# The PDF sets every line of the text report, tiers and claims included.
for lang in ko en; do
	expect 0 "report pdf $lang" -- "$P" report --db "$DB" --lang $lang --format pdf -o "$T/s-$lang.pdf" "$S"
	"$P" report --db "$DB" --lang $lang "$S" >"$T/s-$lang.txt"
	pdftotext "$T/s-$lang.pdf" "$T/s-$lang.pdf.txt" || bad "pdftotext $lang"
	python3 - "$T/s-$lang.txt" "$T/s-$lang.pdf.txt" <<'PY' && ok || bad "the sample's PDF ($lang) lacks lines of its text report"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
pdf = re.sub(r"\s+", "", open(sys.argv[2], encoding="utf-8").read())
missing = [l for l in text.splitlines()
           if l.strip() and re.sub(r"\s+", "", re.sub(r"^\s*- ", "", l)) not in pdf]
for l in missing:
    print("not in the PDF:", l)
sys.exit(1 if missing else 0)
PY
done
contains "$T/s-en.pdf.txt" "records back the USD 2,500,000" "en PDF claim"

# The reference mission: facts only, no consultations or claims.
expect 0 "reference json" -- "$P" report --db "$DB" --format json jeonbuk-us-2024
python3 - "$T/out" <<'PY' && ok || bad "the reference mission has no consultations or claims"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["outcomes"]["consulted"]["count"] == 0 and r["claims"] == [], r["outcomes"]
assert r["outcomes"]["signed"]["count"] == 1 and r["event_kinds"]["site_visit"] == 1, r
PY
expect 0 "reference text" -- "$P" report --db "$DB" --lang en jeonbuk-us-2024
lacks "$T/out" "Outcomes by tier" "the reference mission has no tier section"

# A date-only event where home and local days coincide shows no span.
python3 - tests/bundles/small.json "$T/sameday.json" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
b["mission"]["slug"] = "sameday-2025"
b["mission"]["events"].append({"key": "forum", "kind": "address", "title": {"en": "Pre-departure forum"},
                               "zone": "Asia/Seoul", "start": "2025-05-10"})
b["agreements"] = []
json.dump(b, open(sys.argv[2], "w"))
PY
expect 0 "import a same-day event" -- "$P" import --db "$T/same.db" "$T/sameday.json"
expect 0 "report the same-day event" -- "$P" report --db "$T/same.db" --lang en sameday-2025
contains "$T/out" "Pre-departure forum — time not recorded" "a same-day date-only event"
lacks "$T/out" "time not recorded (home time" "no midnight-to-midnight span at home"

# ---- the bundle round trip -------------------------------------------------
expect 0 "export the sample" -- "$P" export --db "$DB" "$S"
cp "$T/out" "$T/e1.json"
expect 0 "import it into a new database" -- "$P" import --db "$T/copy.db" "$T/e1.json"
expect 0 "export the copy" -- "$P" export --db "$T/copy.db" "$S"
cmp -s "$T/e1.json" "$T/out" && ok || { bad "the sample's round trip changed the bundle"; diff "$T/e1.json" "$T/out" | head; }
expect 0 "import --replace keeps the chain intact" -- "$P" import --db "$T/copy.db" --replace "$T/e1.json"
expect 0 "verify after replace" -- "$P" verify --db "$T/copy.db"
expect 0 "export agreements as CSV" -- "$P" export --db "$T/copy.db" --csv agreements -o "$T/a.csv" "$S"
links_before=$(sqlite3 "$T/copy.db" "SELECT count(*) FROM chain")
expect 0 "import the CSV back" -- "$P" import --db "$T/copy.db" --csv agreements "$T/a.csv"
links_after=$(sqlite3 "$T/copy.db" "SELECT count(*) FROM chain")
[ "$links_after" -gt "$links_before" ] && ok || bad "a CSV import appends no links ($links_before, $links_after)"
expect 0 "verify after a CSV import" -- "$P" verify --db "$T/copy.db"

# ---- verify finds edits behind pavilion's back ---------------------------------
head=$(sed -n 's/^chain intact: .*, head \([0-9a-f]*\) at .*/\1/p' "$T/out")
expect 0 "verify --head with the printed head" -- "$P" verify --db "$T/copy.db" --head "$head"
expect 3 "verify --head with a head the chain never had" -- "$P" verify --db "$T/copy.db" --head "$(printf '%064d' 7)"
contains "$T/err" "no link has the head" "unknown head message"
expect 2 "verify --head malformed" -- "$P" verify --db "$T/copy.db" --head xyz
expect 2 "verify takes no arguments" -- "$P" verify --db "$T/copy.db" extra
expect 4 "verify a missing database" -- "$P" verify --db "$T/none.db"

# The shell lacks the chain's hash function, so with the triggers in
# place an edit is refused outright.
cp "$DB" "$T/t0.db"
before=$(sqlite3 "$T/t0.db" .dump)
sqlite3 "$T/t0.db" "UPDATE agreement SET value_minor = 900000000 WHERE key = 'sample-foods-saigon-2025'" 2>"$T/err" \
	&& bad "a shell edit went through the triggers" || ok
contains "$T/err" "pavilion_chain_hash" "the shell edit names the missing function"
[ "$before" = "$(sqlite3 "$T/t0.db" .dump)" ] && ok || bad "a refused shell edit changed the database"

# A contract's value changed with the triggers dropped.
cp "$DB" "$T/t1.db"
id=$(sqlite3 "$T/t1.db" "SELECT id FROM agreement WHERE key = 'sample-foods-saigon-2025'")
last=$(sqlite3 "$T/t1.db" "SELECT max(seq) FROM chain WHERE kind = 'agreement' AND record_id = $id")
sqlite3 "$T/t1.db" "DROP TRIGGER chain_agreement_update; UPDATE agreement SET value_minor = 900000000 WHERE id = $id"
expect 3 "verify finds a changed contract value" -- "$P" verify --db "$T/t1.db"
contains "$T/err" "chain: agreement $id differs from its last chained state (link $last)" "changed record named"

# A chain row edited to match: its hash no longer does.
cp "$DB" "$T/t2.db"
seq=$(sqlite3 "$T/t2.db" "SELECT min(seq) FROM chain WHERE kind = 'realisation'")
rid=$(sqlite3 "$T/t2.db" "SELECT record_id FROM chain WHERE seq = $seq")
sqlite3 "$T/t2.db" "UPDATE chain SET state = replace(state, '4000000', '9000000') WHERE seq = $seq"
expect 3 "verify finds an edited link" -- "$P" verify --db "$T/t2.db"
contains "$T/err" "chain: link $seq (realisation $rid) is broken" "edited link named"

# A link removed from the middle.
cp "$DB" "$T/t3.db"
sqlite3 "$T/t3.db" "DELETE FROM chain WHERE seq = 5"
expect 3 "verify finds a missing link" -- "$P" verify --db "$T/t3.db"
contains "$T/err" "chain: link 5 is missing" "missing link named"

# A record deleted, and one added, with the triggers dropped.
cp "$DB" "$T/t4.db"
cid=$(sqlite3 "$T/t4.db" "SELECT id FROM consultation WHERE key = 'sample-c5'")
sqlite3 "$T/t4.db" "DROP TRIGGER chain_consultation_delete; DELETE FROM consultation WHERE id = $cid"
expect 3 "verify finds a deleted consultation" -- "$P" verify --db "$T/t4.db"
contains "$T/err" "chain: consultation $cid is gone, but its last link" "deleted record named"
cp "$DB" "$T/t5.db"
sqlite3 "$T/t5.db" "DROP TRIGGER chain_claim_insert; INSERT INTO claim (mission_id, key, tier, value_minor, value_currency, stated_on) SELECT id, 'forged', 'signed', 1, 'USD', '2025-01-01' FROM mission WHERE slug = '$S'"
cl=$(sqlite3 "$T/t5.db" "SELECT id FROM claim WHERE key = 'forged'")
expect 3 "verify finds a record added behind its back" -- "$P" verify --db "$T/t5.db"
contains "$T/err" "chain: claim $cl is not in the chain" "added record named"

echo "outcomes cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
