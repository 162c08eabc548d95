"""tests/ops/ops.py: what the tests of tests/ops share: checks counted
into the closing "N passed, N failed" line, a fresh database, and
`pavilion serve` on 127.0.0.1 with a port chosen by the OS."""
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from harness import check, finish  # noqa: E402,F401  (shared by the tests of tests/ops)


def fresh_db(pavilion, path):
    """A new database holding the demo mission at path."""
    for f in (path, path + "-wal", path + "-shm"):
        if os.path.exists(f):
            os.remove(f)
    subprocess.run([pavilion, "demo", "--db", path], check=True, capture_output=True)


class Server:
    """`pavilion serve` on db; stderr goes to err_path, checked by stop()."""

    def __init__(self, pavilion, db, err_path):
        self.err_path = err_path
        self.err = open(err_path, "w")
        self.proc = subprocess.Popen([pavilion, "serve", "--listen", "127.0.0.1:0", "--db", db],
                                     stdout=subprocess.PIPE, stderr=self.err, text=True)
        line = self.proc.stdout.readline()
        if not line.startswith("listening on http://127.0.0.1:"):
            raise SystemExit(f"server did not start: {line!r}")
        self.port = int(line.rsplit(":", 1)[1])

    def stop(self):
        self.proc.terminate()
        check(self.proc.wait(timeout=60) == 0, "server stops cleanly")
        self.err.close()
        text = open(self.err_path).read()
        check("ERROR: AddressSanitizer" not in text and "ERROR: LeakSanitizer" not in text,
              f"no sanitizer report from the server: {text[-2000:]}")
