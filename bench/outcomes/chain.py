#!/usr/bin/env python3
"""bench/outcomes/chain.py DB LINKS: appends LINKS links to the hash chain
of DB (a pavilion database, e.g. from `pavilion demo`) by writing claims
of its first mission through the schema's own triggers.  The triggers
call pavilion_chain_hash, registered here with the same canonical form
as src/store/sqlite_chain.c (SHA-256 over the previous hash, number,
time, kind, id, each followed by a newline, then the state), so `pavilion
verify` must find the result intact: a second implementation checks the
first."""
import hashlib
import sqlite3
import sys

db, links = sys.argv[1], int(sys.argv[2])


def chain_hash(prev, seq, at, kind, record_id, state):
    h = hashlib.sha256()
    for part in (prev or "", str(seq), str(at), kind or "", str(record_id)):
        h.update(part.encode() + b"\n")
    if state is not None:
        h.update(state.encode())
    return h.hexdigest()


con = sqlite3.connect(db)
con.create_function("pavilion_chain_hash", 6, chain_hash, deterministic=True)
mission = con.execute("SELECT min(id) FROM mission").fetchone()[0]
have = con.execute("SELECT count(*) FROM chain").fetchone()[0]
con.execute("BEGIN")
con.executemany("INSERT INTO claim (mission_id, key, tier, value_minor, value_currency, stated_on)"
                " VALUES (?, ?, 'signed', ?, 'USD', '2025-01-01')",
                ((mission, f"bench-{i}", 100 * i) for i in range(max(0, links - have))))
con.commit()
print(con.execute("SELECT count(*) FROM chain").fetchone()[0], "links")
