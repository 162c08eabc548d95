#!/usr/bin/env python3
"""Writes a programme-scale Pavilion data set as bundles: ten years of
missions sent by several provinces (the missions' home organisations).

    bench/scale/gen.py OUTDIR [--missions 1500] [--seed 1]

OUTDIR/registry.json holds the organisations, people and series;
OUTDIR/m-NNNNN.json one mission each (stops abroad, events with
participants, a joint pavilion, agreements signed at its events with
parties, values, series and follow-ups; consultations at its B2B and
consultation events; realisations of about half its contracts and
purchase orders), repeating the records it refers
to, as every bundle is self-contained.  Everything scales with --missions:
10 organisations, about 27 events and 17 agreements per mission, so 1,500
missions give 15,000 organisations, ~40,000 events and ~25,000
agreements.  Series run per province and country across the ten years,
so each is long (about 125 agreements at 1,500 missions).  The same seed
and size always give the same files.
"""
import argparse
import datetime as dt
import json
import os
import random

PROVINCES = [  # key, ko, en, city ko, city en
    ("gyeonggi", "경기도", "Gyeonggi Province", "수원", "Suwon"),
    ("gangwon", "강원특별자치도", "Gangwon State", "춘천", "Chuncheon"),
    ("chungbuk", "충청북도", "Chungbuk Province", "청주", "Cheongju"),
    ("chungnam", "충청남도", "Chungnam Province", "홍성", "Hongseong"),
    ("jeonbuk", "전북특별자치도", "Jeonbuk State", "전주", "Jeonju"),
    ("jeonnam", "전라남도", "Jeonnam Province", "무안", "Muan"),
    ("gyeongbuk", "경상북도", "Gyeongbuk Province", "안동", "Andong"),
    ("gyeongnam", "경상남도", "Gyeongnam Province", "창원", "Changwon"),
    ("jeju", "제주특별자치도", "Jeju State", "제주", "Jeju"),
    ("busan", "부산광역시", "Busan City", "부산", "Busan"),
]
PLACES = [  # country, zone, city en, city ko
    ("US", "America/Los_Angeles", "Los Angeles", "로스앤젤레스"),
    ("US", "America/New_York", "New York", "뉴욕"),
    ("CA", "America/Toronto", "Toronto", "토론토"),
    ("MX", "America/Mexico_City", "Mexico City", "멕시코시티"),
    ("BR", "America/Sao_Paulo", "São Paulo", "상파울루"),
    ("DE", "Europe/Berlin", "Berlin", "베를린"),
    ("FR", "Europe/Paris", "Paris", "파리"),
    ("GB", "Europe/London", "London", "런던"),
    ("NL", "Europe/Amsterdam", "Amsterdam", "암스테르담"),
    ("PL", "Europe/Warsaw", "Warsaw", "바르샤바"),
    ("JP", "Asia/Tokyo", "Tokyo", "도쿄"),
    ("CN", "Asia/Shanghai", "Shanghai", "상하이"),
    ("VN", "Asia/Ho_Chi_Minh", "Ho Chi Minh City", "호치민"),
    ("TH", "Asia/Bangkok", "Bangkok", "방콕"),
    ("ID", "Asia/Jakarta", "Jakarta", "자카르타"),
    ("SG", "Asia/Singapore", "Singapore", "싱가포르"),
    ("IN", "Asia/Kolkata", "Mumbai", "뭄바이"),
    ("AE", "Asia/Dubai", "Dubai", "두바이"),
    ("SA", "Asia/Riyadh", "Riyadh", "리야드"),
    ("AU", "Australia/Sydney", "Sydney", "시드니"),
]
SECTORS = ["bio", "defence", "mobility", "agri-food", "ict", "ai", "semiconductor",
           "battery", "energy", "hydrogen", "machinery", "chemicals", "cosmetics",
           "healthcare", "content", "logistics", "education"]
FOREIGN_KINDS = ["buyer", "buyer", "distributor", "company", "association", "government",
                 "university", "research_institute"]
EVENT_KINDS = ["business_day", "consultation", "consultation", "b2b_meeting", "signing",
               "courtesy_call", "site_visit", "tech_exchange", "coaching"]
STATUSES = ["signed"] * 4 + ["in_execution"] * 2 + ["fulfilled"] * 2 + ["lapsed", "cancelled"]
CURRENCIES = ["USD"] * 6 + ["EUR", "EUR", "KRW", "JPY", "CNY", "VND"]
KO_HEAD = ["한빛", "대성", "새한", "동방", "우리", "청솔", "푸른", "미래", "태양", "바다", "한울",
           "다온", "라온", "누리", "가온", "세움", "참빛", "온누리", "해솔", "아름"]
EN_HEAD = ["Hanbit", "Daesung", "Saehan", "Dongbang", "Woori", "Cheongsol", "Pureun", "Mirae",
           "Taeyang", "Bada", "Hanul", "Daon", "Raon", "Nuri", "Gaon", "Seum", "Chambit",
           "Onnuri", "Haesol", "Areum"]
KO_TAIL = {"bio": "바이오", "agri-food": "식품", "cosmetics": "코스메틱", "ict": "정보통신",
           "semiconductor": "반도체", "battery": "배터리", "mobility": "모빌리티",
           "energy": "에너지", "machinery": "기계", "healthcare": "헬스케어"}
EN_TAIL = {"bio": "Bio", "agri-food": "Foods", "cosmetics": "Cosmetics", "ict": "ICT",
           "semiconductor": "Semicon", "battery": "Battery", "mobility": "Mobility",
           "energy": "Energy", "machinery": "Machinery", "healthcare": "Healthcare"}
BUYER_EN = ["Pacific", "Global", "Summit", "Harbor", "Crown", "Atlas", "Evergreen", "Northstar",
            "Sunrise", "Meridian", "Blue Ocean", "Golden Gate", "Silverline", "Unity"]
BUYER_KO = ["퍼시픽", "글로벌", "서밋", "하버", "크라운", "아틀라스", "에버그린", "노스스타",
            "선라이즈", "메리디안", "블루오션", "골든게이트", "실버라인", "유니티"]
BUYER_TAIL = [("Trading", "트레이딩"), ("Retail", "리테일"), ("Distribution", "유통"),
              ("Imports", "수입상사"), ("Markets", "마켓")]


def registry(n_orgs, r):
    """Organisations 0..9 are the provinces; then local companies (a
    province each, id % 10) and foreign organisations alternate."""
    orgs, people = [], []
    for i, (key, ko, en, cko, cen) in enumerate(PROVINCES):
        orgs.append({"key": key, "kind": "government", "name": {"ko": ko, "en": en},
                     "country": "KR", "city": {"ko": cko, "en": cen},
                     "sectors": r.sample(SECTORS, 4)})
        for p in range(5):
            people.append({"key": f"{key}-staff-{p}", "name": {"ko": f"{ko[:2]} 담당관 {p}",
                                                               "en": f"{en} officer {p}"},
                           "title": {"ko": "주무관", "en": "officer"}, "organisation": key})
    locals_by_province = [[] for _ in PROVINCES]
    foreign_by_country = {}
    for i in range(len(PROVINCES), n_orgs):
        if i % 2 == 0:
            prov = (i // 2) % len(PROVINCES)
            sector = r.choice(list(KO_TAIL))
            h = r.randrange(len(KO_HEAD))
            o = {"key": f"co-{i}", "kind": "local_company",
                 "name": {"ko": f"{KO_HEAD[h]}{KO_TAIL[sector]} {i}",
                          "en": f"{EN_HEAD[h]} {EN_TAIL[sector]} {i}"},
                 "country": "KR", "city": {"ko": PROVINCES[prov][3], "en": PROVINCES[prov][4]},
                 "sectors": [sector] + r.sample(SECTORS, 1)}
            if i % 6 == 0:
                o["products"] = [{"name": {"ko": f"{KO_TAIL[sector]} 제품", "en": f"{EN_TAIL[sector]} product"},
                                  "hs_code": "%04d" % (1000 + i % 8000)}]
            locals_by_province[prov].append(o["key"])
        else:
            country, zone, cen, cko = PLACES[(i // 2) % len(PLACES)]
            b = r.randrange(len(BUYER_EN))
            t = r.randrange(len(BUYER_TAIL))
            o = {"key": f"fo-{i}", "kind": FOREIGN_KINDS[i % len(FOREIGN_KINDS)],
                 "name": {"ko": f"{BUYER_KO[b]} {BUYER_TAIL[t][1]} {cko} {i}",
                          "en": f"{BUYER_EN[b]} {BUYER_TAIL[t][0]} {cen} {i}"},
                 "country": country, "city": {"ko": cko, "en": cen},
                 "sectors": r.sample(SECTORS, 2)}
            foreign_by_country.setdefault(country, []).append(o["key"])
        orgs.append(o)
    series = []
    for key, ko, en, _, _ in PROVINCES:
        for country in sorted({p[0] for p in PLACES}):
            series.append({"key": f"s-{key}-{country.lower()}",
                           "name": {"ko": f"{ko} {country} 협력", "en": f"{en} {country} partnership"}})
    return orgs, people, series, locals_by_province, foreign_by_country


def stamp(day, hour, minute):
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


def mission(m, n_missions, r, orgs_by_key, people, locals_by_province, foreign_by_country):
    prov = m % len(PROVINCES)
    pkey, pko, pen = PROVINCES[prov][0], PROVINCES[prov][1], PROVINCES[prov][2]
    # Ten years, 2015 to 2024, the missions spread evenly with a little jitter.
    start = dt.date(2015, 1, 5) + dt.timedelta(days=m * 3640 // n_missions + r.randrange(3))
    places = r.sample(PLACES, r.randint(1, 3))
    sectors = r.sample(SECTORS, 2)
    stops = [{"key": "out", "city": {"ko": "인천", "en": "Incheon"}, "country": "KR",
              "zone": "Asia/Seoul", "home": True, "depart": start.isoformat()}]
    day = start + dt.timedelta(days=1)
    legs = []
    for s, (country, zone, cen, cko) in enumerate(places):
        nights = r.randint(2, 3)
        stop = {"key": f"s{s}", "city": {"ko": cko, "en": cen}, "country": country, "zone": zone,
                "arrive": day.isoformat(), "depart": (day + dt.timedelta(days=nights)).isoformat()}
        stops.append(stop)
        legs.append((stop, day, nights, country))
        day += dt.timedelta(days=nights)
    stops.append({"key": "back", "city": {"ko": "인천", "en": "Incheon"}, "country": "KR",
                  "zone": "Asia/Seoul", "home": True, "arrive": (day + dt.timedelta(days=1)).isoformat()})
    refs = {pkey}
    n_events = r.randint(10, 44)
    events = []
    local_pool = locals_by_province[prov]
    firms = r.sample(local_pool, min(len(local_pool), r.randint(4, 10)))
    refs.update(firms)
    for e in range(n_events):
        stop, d0, nights, country = legs[e % len(legs)]
        when = d0 + dt.timedelta(days=r.randrange(nights))
        hour = 9 + r.randrange(8)
        buyer = r.choice(foreign_by_country[country])
        firm = r.choice(firms)
        refs.update((buyer, firm))
        kind = "joint_pavilion" if e == 0 else EVENT_KINDS[(e + m) % len(EVENT_KINDS)]
        ev = {"key": f"e{e}", "kind": kind,
              "title": {"ko": f"{stop['city']['ko']} {pko[:2]} 행사 {e + 1}",
                        "en": f"{pen} event {e + 1} in {stop['city']['en']}"},
              "stop": stop["key"], "start": stamp(when, hour, 0), "end": stamp(when, hour + 1, 30),
              "sectors": [r.choice(sectors)],
              "participants": [{"organisation": pkey, "role": "host"},
                               {"organisation": firm, "role": "attendee"},
                               {"organisation": buyer, "role": "counterpart"}]}
        if e % 3 == 0:
            ev["attendance"] = {"registered": 20 + e, "attended": 15 + e}
        events.append(ev)
    agreements = []
    staff = [p["key"] for p in people if p["organisation"] == pkey]
    for k in range(r.randint(5, 29)):
        e = r.randrange(n_events)
        ev = events[e]
        firm, buyer = ev["participants"][1]["organisation"], ev["participants"][2]["organisation"]
        country = orgs_by_key[buyer]["country"]
        kind = ["mou", "loi", "contract", "purchase_order"][r.randrange(4)]
        ag = {"key": f"a-{m}-{k}", "kind": kind,
              "title": {"ko": f"{orgs_by_key[firm]['name']['ko']} - {orgs_by_key[buyer]['name']['ko']} {kind.upper()}",
                        "en": f"{orgs_by_key[firm]['name']['en']} and {orgs_by_key[buyer]['name']['en']} {kind.upper()}"},
              "event": ev["key"], "home_role": "party" if kind == "mou" else "facilitator",
              "parties": [{"organisation": firm, "role": "seller"},
                          {"organisation": buyer, "role": "buyer"}],
              "status": r.choice(STATUSES), "sectors": ev["sectors"]}
        if kind == "mou":
            ag["parties"] = [{"organisation": pkey, "role": "party"},
                             {"organisation": buyer, "role": "party"}]
        else:
            currency = r.choice(CURRENCIES)
            amount = r.randint(1, 400) * (10000 if currency in ("USD", "EUR") else
                                          1000000 if currency in ("KRW", "VND") else 100000)
            ag["value"] = {"amount": str(amount), "currency": currency}
        if r.random() < 0.6:
            ag["series"] = f"s-{pkey}-{country.lower()}"
        signed = dt.date.fromisoformat(ev["start"][:10])
        fus = []
        for f in range(1 + (r.random() < 0.35)):
            due = signed + dt.timedelta(days=90 * (f + 1) + r.randrange(30))
            fu = {"description": {"ko": ["샘플 발송", "가격 협상", "선적 확인"][f % 3],
                                  "en": ["Send samples", "Negotiate prices", "Confirm shipment"][f % 3]},
                  "due_on": due.isoformat(), "owner": r.choice(staff)}
            if due < dt.date(2024, 10, 1) and r.random() < 0.7:
                fu["done_on"] = (due - dt.timedelta(days=r.randrange(20))).isoformat()
            fus.append(fu)
        ag["followups"] = fus
        agreements.append(ag)
    series_keys = sorted({a["series"] for a in agreements if "series" in a})
    return {"pavilion_bundle": 1,
            "organisations": [orgs_by_key[k] for k in sorted(refs)],
            "people": [p for p in people if p["organisation"] == pkey],
            "series": [{"key": s, "name": SERIES_BY_KEY[s]["name"]} for s in series_keys],
            "mission": {"slug": "m-%05d" % m,
                        "title": {"ko": f"{start.year} {pko} {'·'.join(p[3] for p in places)} 통상사절단",
                                  "en": f"{start.year} {pen} trade mission to {', '.join(p[2] for p in places)}"},
                        "home_zone": "Asia/Seoul", "home_organisation": pkey, "sectors": sectors,
                        "delegation": [{"person": staff[0], "role": "leader"}],
                        "stops": stops, "events": events,
                        "pavilions": [{"key": "p", "event": "e0",
                                       "show": {"ko": "무역 전시회", "en": "Trade show"},
                                       "name": {"ko": f"{pko} 공동관", "en": f"{pen} pavilion"},
                                       "exhibitors": [{"organisation": f} for f in firms[:4]]}]},
            "agreements": agreements}


def amount_in(currency, r):
    return str(r.randint(1, 300) * (10000 if currency in ("USD", "EUR") else
                                    1000000 if currency in ("KRW", "VND") else 100000))


def outcomes(m, seed, events, agreements):
    """The mission's consultations (about one per B2B meeting or
    consultation event) and realisations (about half the contracts and
    purchase orders, one or two each), from their own random stream so
    that the rest of the data set does not change with them."""
    r = random.Random(f"{seed}-outcomes-{m}")
    consultations = []
    for ev in events:
        if ev["kind"] not in ("b2b_meeting", "consultation"):
            continue
        currency = r.choice(CURRENCIES)
        c = {"key": f"c-{m}-{ev['key']}", "event": ev["key"],
             "firm": ev["participants"][1]["organisation"],
             "buyer": ev["participants"][2]["organisation"],
             "consulted": {"amount": amount_in(currency, r), "currency": currency},
             "likelihood": r.choice(["high", "medium", "low"])}
        if r.random() < 0.7:
            other = currency if r.random() < 0.8 else r.choice(CURRENCIES)
            c["expected"] = {"amount": amount_in(other, r), "currency": other}
        consultations.append(c)
    starts = {ev["key"]: ev["start"][:10] for ev in events}
    for ag in agreements:
        if ag["kind"] not in ("contract", "purchase_order") or r.random() < 0.5:
            continue
        signed = dt.date.fromisoformat(starts[ag["event"]])
        ag["realisations"] = [
            {"on": (signed + dt.timedelta(days=60 + 120 * i + r.randrange(60))).isoformat(),
             "value": {"amount": amount_in(ag["value"]["currency"], r), "currency": ag["value"]["currency"]}}
            for i in range(1 + (r.random() < 0.4))]
    return consultations


SERIES_BY_KEY = {}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("outdir")
    p.add_argument("--missions", type=int, default=1500)
    p.add_argument("--seed", type=int, default=1)
    args = p.parse_args()
    if args.missions < 10:
        p.error("--missions: at least 10 (one per province)")
    r = random.Random(args.seed)
    os.makedirs(args.outdir, exist_ok=True)
    orgs, people, series, locals_by_province, foreign_by_country = registry(10 * args.missions, r)
    SERIES_BY_KEY.update((s["key"], s) for s in series)
    orgs_by_key = {o["key"]: o for o in orgs}
    with open(os.path.join(args.outdir, "registry.json"), "w") as f:
        json.dump({"pavilion_bundle": 1, "organisations": orgs, "people": people, "series": series},
                  f, ensure_ascii=False)
    for m in range(args.missions):
        b = mission(m, args.missions, r, orgs_by_key, people, locals_by_province, foreign_by_country)
        b["consultations"] = outcomes(m, args.seed, b["mission"]["events"], b["agreements"])
        with open(os.path.join(args.outdir, "m-%05d.json" % m), "w") as f:
            json.dump(b, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
