"""check_xlsx.py WORKBOOK BUNDLE_JSON: reads the workbook's XML parts
directly (an XLSX is a zip of XML) and compares them with the bundle
pavilion exported from the same database: six sheets, each with a frozen
header row and an autofilter; one row per stop, event, organisation and
agreement; organisation names (Korean) intact; agreement values numbers
in their currency's format.  LibreOffice would do this too, but its
install is too heavy for CI, so the XML is checked instead.
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}


def cell_text(c, shared):
    v = c.find('m:v', NS)
    if v is None:
        return None
    return shared[int(v.text)] if c.get('t') == 's' else v.text


def main():
    z = zipfile.ZipFile(sys.argv[1])
    bundle = json.load(open(sys.argv[2], encoding='utf-8'))
    mission = bundle['mission']
    shared = [''.join(t.text or '' for t in si.iter(
        '{%s}t' % NS['m'])) for si in ET.fromstring(
        z.read('xl/sharedStrings.xml')).findall('m:si', NS)]
    styles = ET.fromstring(z.read('xl/styles.xml'))
    numfmts = {n.get('numFmtId'): n.get('formatCode')
               for n in styles.iter('{%s}numFmt' % NS['m'])}
    xfs = styles.find('m:cellXfs', NS).findall('m:xf', NS)
    problems = []
    sheets = []
    for i in range(1, 7):
        root = ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % i))
        rows = root.find('m:sheetData', NS).findall('m:row', NS)
        if root.find('.//m:pane[@state="frozen"]', NS) is None:
            problems.append('sheet %d: no frozen pane' % i)
        if root.find('m:autoFilter', NS) is None:
            problems.append('sheet %d: no autofilter' % i)
        if root.find('m:cols', NS) is None:
            problems.append('sheet %d: no column widths' % i)
        sheets.append([[cell_text(c, shared) for c in r.findall('m:c', NS)]
                       for r in rows])
        if i == 4:
            agreement_rows = rows
    want = [('itinerary', 0, len(mission['stops'])),
            ('events', 1, len(mission['events'])),
            ('organisations', 2, len(bundle['organisations'])),
            ('agreements', 3, len(bundle['agreements']))]
    for name, i, n in want:
        if len(sheets[i]) - 1 != n:
            problems.append('%s: %d rows, database has %d' % (
                name, len(sheets[i]) - 1, n))
    names = {r[2] for r in sheets[2][1:]}
    for o in bundle['organisations']:
        if o['name'].get('ko') and o['name']['ko'] not in names:
            problems.append('organisation %s: Korean name %r missing' % (
                o['key'], o['name']['ko']))
    values = [a for a in bundle['agreements'] if 'value' in a]
    seen = 0
    for r in agreement_rows[1:]:
        for c in r.findall('m:c', NS):
            if not c.get('r', '').startswith('H'):
                continue
            fmt = numfmts.get(xfs[int(c.get('s', 0))].get('numFmtId'), '')
            amount = float(c.find('m:v', NS).text)
            match = [a for a in values
                     if abs(float(a['value']['amount']) - amount) < 0.005 and
                     a['value']['currency'] in fmt]
            if c.get('t') not in (None, 'n') or not match:
                problems.append('agreement value %s (format %r) not in the '
                                'database' % (amount, fmt))
            seen += 1
    if seen != len(values):
        problems.append('%d agreement values, database has %d' % (
            seen, len(values)))
    if not re.search(r'sheet name="[^"]+"', z.read('xl/workbook.xml').decode()):
        problems.append('no sheet names')
    for p in problems:
        print(p)
    print('%d sheets checked, %d problems' % (len(sheets), len(problems)))
    return 1 if problems else 0


sys.exit(main())
