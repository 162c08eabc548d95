#!/usr/bin/env python3
"""tests/web/pick.py DB [SEARCH]: the records the scale browser tests and
the browser benchmark open, and the figures the pages must show, read
straight from the SQLite file (independently of the server), as JSON.

- org: the organisation party to the most agreements, with that count;
- mission: the mission with the most events, with its event count;
- meetings: the B2B or business-day event with the most participants;
- search: SEARCH (default 바이오), how many organisations' Korean or
  English names and how many agreements' titles contain it;
- missions, agreements: counts; most_agreements: the most agreements of
  one mission; by_status: agreements per status with their values per
  currency (minor units).
"""
import json
import sqlite3
import sys


def one(db, sql, *args):
    row = db.execute(sql, args).fetchone()
    return row if row else (None,) * 8


def main():
    path = sys.argv[1]
    term = sys.argv[2] if len(sys.argv) > 2 else "바이오"
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    org = one(db, "SELECT organisation_id, count(DISTINCT agreement_id) AS n FROM agreement_party"
                  " GROUP BY organisation_id ORDER BY n DESC, organisation_id LIMIT 1")
    mission = one(db, "SELECT mission_id, count(*) AS n FROM event GROUP BY mission_id"
                      " ORDER BY n DESC, mission_id LIMIT 1")
    meetings = one(db, "SELECT e.id, count(p.position) AS n FROM event e"
                       " LEFT JOIN participant p ON p.event_id = e.id"
                       " WHERE e.kind IN ('b2b_meeting', 'business_day')"
                       " GROUP BY e.id ORDER BY n DESC, e.id LIMIT 1")
    like = "%" + term + "%"
    found = one(db, "SELECT count(*) FROM organisation WHERE name_ko LIKE ? OR name_en LIKE ?",
                like, like)[0]
    titled = one(db, "SELECT count(*) FROM agreement WHERE title_ko LIKE ? OR title_en LIKE ?",
                 like, like)[0]
    by_status = {}
    for status, n in db.execute("SELECT status, count(*) FROM agreement GROUP BY status"):
        by_status[status] = {"count": n, "values": {}}
    for status, currency, total in db.execute(
            "SELECT status, currency, sum(value_minor) FROM agreement"
            " WHERE value_minor IS NOT NULL GROUP BY status, currency"):
        by_status[status]["values"][currency] = total
    out = {
        "org": {"id": org[0], "agreements": org[1]},
        "mission": {"id": mission[0], "events": mission[1]},
        "meetings": {"id": meetings[0], "participants": meetings[1]},
        "search": {"q": term, "found": found, "agreements": titled},
        "missions": one(db, "SELECT count(*) FROM mission")[0],
        "most_agreements": one(db, "SELECT count(*) AS n FROM agreement WHERE mission_id IS NOT NULL"
                                   " GROUP BY mission_id ORDER BY n DESC LIMIT 1")[0],
        "agreements": one(db, "SELECT count(*) FROM agreement")[0],
        "by_status": by_status,
    }
    json.dump(out, sys.stdout, ensure_ascii=False)
    print()


if __name__ == "__main__":
    main()
