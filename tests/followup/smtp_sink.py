#!/usr/bin/env python3
"""tests/followup/smtp_sink.py DIR: a real SMTP server (Debian's
python3-aiosmtpd) on 127.0.0.1 with a port chosen by the OS; prints
"listening PORT" and saves each message it receives as DIR/N.eml with its
envelope recipients in DIR/N.rcpt.  Stops on SIGTERM."""
import os
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller

OUT = sys.argv[1]
count = [0]
lock = threading.Lock()


class Saver:
    async def handle_DATA(self, server, session, envelope):
        with lock:
            count[0] += 1
            n = count[0]
        with open(os.path.join(OUT, f"{n}.rcpt"), "w") as f:
            f.write("\n".join(envelope.rcpt_tos))
        with open(os.path.join(OUT, f"{n}.eml"), "wb") as f:
            f.write(envelope.original_content or envelope.content)
        return "250 Message accepted"


probe = socket.socket()
probe.bind(("127.0.0.1", 0))
port = probe.getsockname()[1]
probe.close()
controller = Controller(Saver(), hostname="127.0.0.1", port=port)
controller.start()
print("listening", port, flush=True)
stop = threading.Event()
signal.signal(signal.SIGTERM, lambda *_: stop.set())
stop.wait()
controller.stop()
