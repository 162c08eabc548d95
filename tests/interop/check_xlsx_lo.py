"""check_xlsx_lo.py DIR BASE BUNDLE_JSON: the workbook as LibreOffice reads
it.  DIR holds BASE-<sheet>.csv, one per sheet, from `soffice --headless
--convert-to csv:...` (Korean sheet names); each is compared with the
bundle pavilion exported from the same database: stops, events,
organisations (keys, names, countries, number of sectors), agreements
(keys, titles, values and currencies) and follow-ups.
"""
import csv
import json
import os
import sys


def sheet(name):
    path = os.path.join(sys.argv[1], '%s-%s.csv' % (sys.argv[2], name))
    with open(path, encoding='utf-8', newline='') as f:
        return list(csv.reader(f))[1:]


def main():
    b = json.load(open(sys.argv[3], encoding='utf-8'))
    m = b['mission']
    problems = []

    def expect(what, got, want):
        if got != want:
            problems.append('%s: workbook %r, database %r' % (what, got, want))

    stops = sheet('일정')
    expect('itinerary cities', [r[0] for r in stops],
           [s['city']['ko'] for s in m['stops']])
    expect('itinerary zones', [r[2] for r in stops], [s['zone'] for s in m['stops']])
    events = sheet('행사·참석')
    expect('event titles', [r[4] for r in events],
           [e['title'].get('ko') or e['title'].get('en') for e in m['events']])
    expect('event days', [r[0][:10] for r in events],
           [e['start'][:10] for e in m['events']])
    orgs = {r[0]: r for r in sheet('기관')}
    expect('organisation keys', sorted(orgs), sorted(o['key'] for o in b['organisations']))
    for o in b['organisations']:
        r = orgs.get(o['key'])
        if r is None:
            continue
        expect(o['key'] + ' name_ko', r[2], o['name'].get('ko', ''))
        expect(o['key'] + ' name_en', r[3], o['name'].get('en', ''))
        expect(o['key'] + ' country', r[4], o.get('country', ''))
        expect(o['key'] + ' sectors', len([x for x in r[6].split(', ') if x]),
               len(o.get('sectors', [])))
    agreements = {r[0]: r for r in sheet('협약')}
    expect('agreement keys', sorted(agreements), sorted(a['key'] for a in b['agreements']))
    for a in b['agreements']:
        r = agreements.get(a['key'])
        if r is None:
            continue
        expect(a['key'] + ' title', r[2], a['title'].get('ko', ''))
        if 'value' in a:
            expect(a['key'] + ' value', float(r[7]), float(a['value']['amount']))
            expect(a['key'] + ' currency', r[8], a['value']['currency'])
        else:
            expect(a['key'] + ' value', r[7], '')
    expect('follow-ups', len(sheet('후속 조치')),
           sum(len(a.get('followups', [])) for a in b['agreements']))
    summary = {r[0]: r[1] for r in sheet('성과 요약')}
    expect('nights and days', (summary.get('박'), summary.get('일')), ('5', '7'))
    for p in problems:
        print(p)
    print('LibreOffice: 6 sheets compared, %d problems' % len(problems))
    return 1 if problems else 0


sys.exit(main())
