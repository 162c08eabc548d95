"""check_ics.py CALENDAR EVENTS_CSV: the independent check of an exported
calendar.  Parses CALENDAR with python3-icalendar (Debian's) and checks
every event of EVENTS_CSV (pavilion export --csv events) is in it once,
under its stable UID, with the same local start and zone; day-only
events must be all-day (VALUE=DATE).  Prints what differs; exit 1 if any.
"""
import csv
import datetime
import sys

import icalendar


def main():
    cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
    zones = {str(tz['TZID']) for tz in cal.walk('VTIMEZONE')}
    by_uid = {}
    for ev in cal.walk('VEVENT'):
        uid = str(ev['UID'])
        if uid in by_uid:
            print('repeated UID', uid)
            return 1
        by_uid[uid] = ev
    problems = 0
    with open(sys.argv[2], encoding='utf-8-sig', newline='') as f:
        rows = list(csv.DictReader(f))
    for row in rows:
        uid = '%s.%s@pavilion.invalid' % (row['key'], row['mission'])
        ev = by_uid.get(uid)
        if ev is None:
            print('missing event', uid)
            problems += 1
            continue
        start = ev.decoded('DTSTART')
        want = row['start']
        if len(want) == 10:
            ok = (type(start) is datetime.date and start.isoformat() == want)
        else:
            tzid = ev['DTSTART'].params.get('TZID')
            ok = (isinstance(start, datetime.datetime) and
                  start.strftime('%Y-%m-%dT%H:%M:%S') == want[:19] and
                  tzid == row['zone'] and tzid in zones and
                  start.utcoffset() == datetime.timedelta(
                      hours=int(want[19:22]), minutes=int(want[19] + want[23:25])))
        if not ok:
            print('event %s: start %r (TZID %s), wanted %s in %s' % (
                uid, start, ev['DTSTART'].params.get('TZID'), want, row['zone']))
            problems += 1
    print('%d events checked, %d problems, zones %s' % (
        len(rows), problems, ' '.join(sorted(zones))))
    return 1 if problems or not rows else 0


sys.exit(main())
