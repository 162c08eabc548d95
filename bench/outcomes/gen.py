#!/usr/bin/env python3
"""bench/outcomes/gen.py OUT.json [SEED]: one mission bundle with 5,000
consultations (200 home firms, 400 buyers, 20 export consultation
meetings), 1,000 contracts from them with one realisation each (half
verified), and 20 claims, for the report benchmark of bench/outcomes."""
import json
import random
import sys

out = sys.argv[1]
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
N_FIRMS, N_BUYERS, N_EVENTS, N_CONS, N_AGREEMENTS = 200, 400, 20, 5000, 1000
orgs = [{"key": "bo-gov", "kind": "government", "name": {"en": "Bench province"}, "country": "KR"}]
orgs += [{"key": f"bo-firm-{i}", "kind": "local_company", "name": {"en": f"Firm {i}", "ko": f"기업 {i}"},
          "country": "KR"} for i in range(N_FIRMS)]
orgs += [{"key": f"bo-buyer-{i}", "kind": "buyer", "name": {"en": f"Buyer {i}"}, "country": "VN"}
         for i in range(N_BUYERS)]
people = [{"key": "bo-officer", "name": {"en": "Officer"}, "organisation": "bo-gov"}]
events = [{"key": f"e{i}", "kind": "export_consultation", "title": {"en": f"Meeting {i}"}, "stop": "hcmc",
           "start": f"2025-03-{10 + i % 4:02d}T{9 + i % 8:02d}:00"} for i in range(N_EVENTS)]
cons = []
for i in range(N_CONS):
    c = {"key": f"bo-c{i}", "event": f"e{i % N_EVENTS}", "firm": f"bo-firm-{rng.randrange(N_FIRMS)}",
         "consulted": {"amount": f"{rng.randrange(1000, 500000)}.00", "currency": rng.choice(["USD", "USD", "EUR"])},
         "likelihood": rng.choice(["high", "medium", "low"])}
    if rng.random() < 0.9:
        c["buyer"] = f"bo-buyer-{rng.randrange(N_BUYERS)}"
    else:
        c["buyer_country"] = rng.choice(["VN", "TH", "ID"])
    if rng.random() < 0.7:
        c["expected"] = {"amount": f"{rng.randrange(100, 100000)}", "currency": "USD"}
    cons.append(c)
agreements = []
for i in range(N_AGREEMENTS):
    c = cons[i * (N_CONS // N_AGREEMENTS)]
    buyer = c.get("buyer", "bo-buyer-0")
    a = {"key": f"bo-a{i}", "kind": "contract", "title": {"en": f"Contract {i}"}, "home_role": "none",
         "parties": [{"organisation": c["firm"], "role": "seller"}, {"organisation": buyer, "role": "buyer"}],
         "value": {"amount": f"{rng.randrange(1000, 100000)}.00", "currency": "USD"}, "consultation": c["key"],
         "realisations": [{"on": f"2025-{6 + i % 6:02d}-15", "value": {"amount": f"{rng.randrange(100, 1000)}.00",
                                                                        "currency": "USD"},
                           "evidence": {"kind": "export_declaration", "reference": f"ED-{i}"}}]}
    if i % 2 == 0:
        a["realisations"][0]["verified_by"] = "bo-officer"
    if i % 3 == 0:
        a["event"] = f"e{i % N_EVENTS}"
        a["event"] = "sign"
    else:
        a["signed_on"] = f"2025-{4 + i % 6:02d}-01"
    agreements.append(a)
claims = [{"key": f"bo-claim-{i}", "tier": ["consulted", "expected", "signed", "realised"][i % 4],
           "value": {"amount": f"{rng.randrange(1, 9) * 1000000}", "currency": "USD"}, "stated_on": "2025-04-01",
           "source": {"title": {"en": f"Press release {i}"}}} for i in range(20)]
bundle = {
    "pavilion_bundle": 1, "organisations": orgs, "people": people, "venues": [], "series": [],
    "mission": {"slug": "bench-outcomes", "title": {"en": "Benchmark mission with 5,000 consultations"},
                "home_zone": "Asia/Seoul", "home_organisation": "bo-gov",
                "stops": [{"key": "out", "city": {"en": "Incheon"}, "country": "KR", "zone": "Asia/Seoul",
                           "home": True, "depart": "2025-03-09T09:00"},
                          {"key": "hcmc", "city": {"en": "Ho Chi Minh City"}, "country": "VN",
                           "zone": "Asia/Ho_Chi_Minh", "arrive": "2025-03-09T12:30", "depart": "2025-03-13T23:00"},
                          {"key": "back", "city": {"en": "Incheon"}, "country": "KR", "zone": "Asia/Seoul",
                           "home": True, "arrive": "2025-03-14T06:30"}],
                "events": events + [{"key": "sign", "kind": "signing", "title": {"en": "Signing"}, "stop": "hcmc",
                                     "start": "2025-03-12T16:00"}],
                "pavilions": []},
    "consultations": cons, "agreements": agreements, "claims": claims,
}
with open(out, "w") as f:
    json.dump(bundle, f, ensure_ascii=False)
