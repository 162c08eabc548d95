#!/usr/bin/env python3
"""tests/ops/slow_test.py PAVILION WORKDIR: the server keeps answering
while 1,100 slow clients hold connections open.

The slow clients come from five loopback addresses (220 each, under the
per-address limit); each sends a request line, then one header line every
3 s and never finishes (a few send complete headers and drip a body
instead).  Meanwhile /api/health must answer from 127.0.0.1 within 1 s,
every time; and every slow connection must have been closed by the server
once the request deadline (HTTP_REQUEST_SECONDS, 20 s) has passed, with a
few seconds of slack.  A normal client on a kept-alive connection still
gets two replies in a row, and a body sent over 4 s is answered.  Prints "N passed, N failed".
"""
import http.client
import os
import resource
import select
import socket
import subprocess
import sys
import time

from ops import Server, check, finish, fresh_db

PAVILION, WORK = sys.argv[1], sys.argv[2]
DB = os.path.join(WORK, "slow.db")
SLOW_PER_ADDRESS = 220
ADDRESSES = [f"127.0.0.{i}" for i in range(2, 7)]
DRIP_SECONDS = 3
REQUEST_SECONDS = 20          # HTTP_REQUEST_SECONDS in src/http/http.h
SLACK_SECONDS = 6
HEALTH_MAX_SECONDS = 1.0


soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
need = SLOW_PER_ADDRESS * len(ADDRESSES) + 256
if soft != resource.RLIM_INFINITY and soft < need:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(need, hard) if hard != resource.RLIM_INFINITY else need, hard))

fresh_db(PAVILION, DB)
server = Server(PAVILION, DB, os.path.join(WORK, "slow-serve.err"))
port = server.port


def health():
    """Seconds /api/health took, or None when it did not answer 200."""
    t0 = time.monotonic()
    try:
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        c.request("GET", "/api/health")
        r = c.getresponse()
        r.read()
        c.close()
        return time.monotonic() - t0 if r.status == 200 else None
    except OSError:
        return None


# A kept-alive connection answers one request after another.
c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
statuses = []
for _ in range(2):
    c.request("GET", "/api/health")
    r = c.getresponse()
    r.read()
    statuses.append(r.status)
c.close()
check(statuses == [200, 200], f"two requests on one connection: {statuses}")

# A body that takes a few seconds, within the deadline, is answered.
body = b'{"username": "nobody", "password": "not the password"}'
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body))
for k in range(0, len(body), 14):
    time.sleep(1)
    s.sendall(body[k:k + 14])
answer = s.recv(4096)
s.close()
check(answer.startswith(b"HTTP/1.1 4"), f"a body sent over 4 s is answered: {answer[:40]!r}")

# The slow clients.
opened_at = time.monotonic()
slow = []
for address in ADDRESSES:
    for i in range(SLOW_PER_ADDRESS):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.bind((address, 0))
        try:
            s.connect(("127.0.0.1", port))
            if i % 20 == 0:   # complete headers, then a body that never ends
                s.sendall(b"POST /api/session HTTP/1.1\r\nHost: x\r\n"
                          b"Content-Type: application/json\r\nContent-Length: 60000\r\n\r\n{")
            else:
                s.sendall(b"GET /api/health HTTP/1.1\r\nHost: x\r\n")
        except OSError:
            pass
        s.setblocking(False)
        slow.append(s)
check(len(slow) == SLOW_PER_ADDRESS * len(ADDRESSES), f"{len(slow)} slow connections made")

open_ = set(range(len(slow)))
poller = select.poll()
by_fd = {}
for i, s in enumerate(slow):
    poller.register(s, select.POLLIN)
    by_fd[s.fileno()] = i
closed_at = {}
worst = 0.0
answered = asked = 0
deadline = opened_at + REQUEST_SECONDS + SLACK_SECONDS
next_drip = time.monotonic()
while time.monotonic() < deadline and open_:
    now = time.monotonic()
    if now >= next_drip:
        for i in list(open_):
            try:
                slow[i].send(b"X-Slow: 1\r\n" if i % 20 else b" ")
            except OSError:
                pass
        next_drip = now + DRIP_SECONDS
        asked += 1
        took = health()
        if took is not None:
            answered += 1
            worst = max(worst, took)
    # Readable means the server closed it (or answered it: also an end).
    for fd, _ in poller.poll(200):
        i = by_fd[fd]
        poller.unregister(fd)
        s = slow[i]
        try:
            data = s.recv(4096)
        except OSError:
            data = b""
        if not data or data.startswith(b"HTTP/1.1 4") or data.startswith(b"HTTP/1.1 5"):
            open_.discard(i)
            closed_at[i] = time.monotonic() - opened_at

check(asked >= 5 and answered == asked,
      f"/api/health answered {answered} of {asked} times under {len(slow)} slow connections")
check(worst < HEALTH_MAX_SECONDS, f"/api/health took up to {worst:.3f} s (at most {HEALTH_MAX_SECONDS})")
check(not open_, f"{len(open_)} slow connections still open {REQUEST_SECONDS + SLACK_SECONDS} s after they opened")
early = [t for t in closed_at.values() if t < REQUEST_SECONDS - 2]
check(not early, f"{len(early)} slow connections closed before the deadline (idle timeout?)")
print(f"health: {answered}/{asked} answered, worst {worst * 1000:.1f} ms; "
      f"slow connections closed after {min(closed_at.values(), default=0):.1f}..{max(closed_at.values(), default=0):.1f} s")
took = health()
check(took is not None and took < HEALTH_MAX_SECONDS, "/api/health answers after the slow clients are gone")
for s in slow:
    s.close()
server.stop()
finish()
