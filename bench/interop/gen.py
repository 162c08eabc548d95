"""gen.py OUTDIR: synthetic data for bench/interop/run.sh.

mission-10k.json  one mission with 10 stops in 5 zones and 10,000 timed
                  events (a venue, two participants each), 200
                  organisations, 50 people, 100 agreements with values;
orgs-1m.csv       1,000,000 organisations as `pavilion import --csv
                  organisations` reads them (English header, Korean
                  names, sectors, UTF-8 without BOM).
"""
import csv
import json
import os
import random
import sys

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
rng = random.Random(6)
ZONES = ['America/Los_Angeles', 'America/Chicago', 'America/New_York',
         'Europe/Berlin', 'Asia/Tokyo']
KINDS = ['buyer', 'distributor', 'company', 'association', 'local_company']
SECTORS = ['bio', 'ai', 'ict', 'mobility', 'agri-food', 'battery']
HANGUL = '가나다라마바사아자차카타파하전북산업무역협회기업'


def hangul(n):
    return ''.join(rng.choice(HANGUL) for _ in range(n))


orgs = [{'key': 'org-%04d' % i, 'kind': rng.choice(KINDS),
         'name': {'ko': hangul(6), 'en': 'Company %d' % i}, 'country': 'US'}
        for i in range(200)]
people = [{'key': 'p-%03d' % i, 'name': {'ko': hangul(3), 'en': 'Person %d' % i},
           'organisation': orgs[i]['key']} for i in range(50)]
venues = [{'key': 'v-%d' % i, 'name': {'ko': hangul(5), 'en': 'Venue %d' % i},
           'country': 'US', 'zone': ZONES[i % 5]} for i in range(10)]
stops = []
events = []
for s in range(10):
    zone = ZONES[s // 2]
    day0 = 1 + s * 2
    stops.append({'key': 's-%d' % s, 'city': {'ko': hangul(4), 'en': 'City %d' % s},
                  'country': 'US', 'zone': zone,
                  'arrive': '2025-03-%02d' % day0, 'depart': '2025-03-%02d' % (day0 + 2)})
    for e in range(1000):
        day = day0 + e // 500
        minute = (e % 500) * 2
        start = '2025-03-%02dT%02d:%02d' % (day, 6 + minute // 60, minute % 60)
        end = '2025-03-%02dT%02d:%02d' % (day, 6 + (minute + 1) // 60, (minute + 1) % 60)
        events.append({'key': 'e-%d-%04d' % (s, e), 'kind': 'b2b_meeting',
                       'title': {'ko': '상담 ' + hangul(8), 'en': 'Meeting %d-%d' % (s, e)},
                       'stop': 's-%d' % s, 'venue': 'v-%d' % s, 'zone': zone,
                       'start': start, 'end': end,
                       'participants': [
                           {'person': people[e % 50]['key'], 'role': 'attendee'},
                           {'organisation': orgs[e % 200]['key'], 'role': 'counterpart'}]})
agreements = [{'key': 'a-%03d' % i, 'kind': 'contract',
               'title': {'ko': '계약 ' + hangul(6), 'en': 'Contract %d' % i},
               'event': events[i * 100]['key'], 'home_role': 'witness',
               'parties': [{'organisation': orgs[i]['key'], 'role': 'buyer'}],
               'value': {'amount': '%d.50' % (1000 * (i + 1)), 'currency': 'USD'}}
              for i in range(100)]
bundle = {'pavilion_bundle': 1, 'organisations': orgs, 'people': people,
          'venues': venues,
          'mission': {'slug': 'bench-10k', 'title': {'ko': '벤치 사절단', 'en': 'Bench mission'},
                      'home_zone': 'Asia/Seoul', 'stops': stops, 'events': events},
          'agreements': agreements}
json.dump(bundle, open(os.path.join(out, 'mission-10k.json'), 'w'), ensure_ascii=False)

with open(os.path.join(out, 'orgs-1m.csv'), 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f)
    w.writerow(['key', 'kind', 'name_ko', 'name_en', 'country', 'city_ko',
                'city_en', 'parent', 'sectors', 'website', 'description_ko',
                'description_en'])
    for i in range(1000000):
        w.writerow(['c-%07d' % i, KINDS[i % 5], hangul(6), 'Company %d' % i,
                    'KR', '전주', 'Jeonju', '',
                    '|'.join(SECTORS[i % 6:i % 6 + 2]),
                    'https://example.com/%d' % i, hangul(20),
                    'Maker of things, number %d' % i])
