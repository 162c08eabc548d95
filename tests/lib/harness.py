"""tests/lib/harness.py: what the Python tests against the real binary
share: checks counted into the closing "N passed, N failed" line, the CLI
on one database, `pavilion serve` on 127.0.0.1 with a port chosen by the
OS, and HTTP requests whose responses are logged for check_openapi.mjs."""
import http.client
import json
import os
import signal
import subprocess
import sys

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL:", what, flush=True)


def finish():
    """Prints the closing line and exits non-zero on any failure."""
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


class Pavilion:
    """The binary on one database."""

    def __init__(self, binary, db):
        self.binary, self.db = binary, db

    def run(self, *args, stdin=None, ok=True):
        """Runs a subcommand; ok: a non-zero exit stops the test."""
        r = subprocess.run([self.binary, *args, "--db", self.db], input=stdin, capture_output=True, text=True)
        if ok and r.returncode != 0:
            raise SystemExit(f"pavilion {' '.join(args)}: {r.stderr}")
        return r


class Server:
    """`pavilion serve` on the database; its errors go to WORK/serve.err."""

    def __init__(self, pavilion, work, *extra):
        self.proc = subprocess.Popen([pavilion.binary, "serve", "--listen", "127.0.0.1:0", "--db", pavilion.db,
                                      *extra], stdout=subprocess.PIPE,
                                     stderr=open(os.path.join(work, "serve.err"), "a"), text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("listening on http://127.0.0.1:"):
            raise SystemExit(f"server did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])

    def stop(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)
        return self.proc.wait(timeout=60)


class Client:
    """Requests to a server; every response is logged to RESPONSES as a
    line of JSON for check_openapi.mjs."""

    def __init__(self, server, responses):
        self.server, self.responses = server, responses

    def request(self, method, path, body=None, token=None, headers=None, raw=None, content_type=None, log=True):
        """(status, parsed JSON body or None, response with .payload)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        h = dict(headers or {})
        if token:
            h["Authorization"] = "Bearer " + token
        data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
        if data is not None:
            h["Content-Type"] = content_type or "application/json"
        try:
            conn.request(method, path, body=data, headers=h)
            r = conn.getresponse()
            payload = r.read()
        except (BrokenPipeError, ConnectionResetError):
            # A server may answer 413 and close before the whole body is sent.
            r = conn.getresponse()
            payload = r.read()
        conn.close()
        text = payload.decode("utf-8", "replace")
        if log:
            self.responses.write(json.dumps({"method": method, "path": path, "status": r.status,
                                             "content_type": r.getheader("Content-Type"), "body": text}) + "\n")
        try:
            doc = json.loads(text) if text else None
        except ValueError:
            doc = None
        r.payload = payload
        return r.status, doc, r
