"""A tiny SMTP server on 127.0.0.1 for tests: it refuses mail (451) or accepts it and keeps
what it received. Enough of RFC 5321 for Django's SMTP backend, no more."""

import contextlib
import socketserver
import threading
from email import message_from_bytes

from tests.servers import free_port


class _Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        server = self.server
        self.reply("220 shoal-test ESMTP")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip()
            verb = command[:4].upper()
            if verb in {"EHLO", "HELO"}:
                self.reply("250 shoal-test")
            elif verb == "MAIL":
                if server.refusing:
                    self.reply("451 4.3.0 Try again later")
                else:
                    recipients = []
                    self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                data = []
                while (chunk := self.rfile.readline()) not in {b".\r\n", b""}:
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                server.received.append((recipients, message_from_bytes(b"".join(data))))
                self.reply("250 OK: queued")
            elif verb == "RSET":
                recipients = []
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class SMTPServer:
    """Listens on ``port`` while started; ``refusing`` makes it answer 451 to every email."""

    def __init__(self):
        self.port = free_port()
        self.refusing = False
        self.received = []  # (recipients, email.message.Message)
        self._server = None

    def start(self, refusing=False):
        self.refusing = refusing
        self._server = _Server(("127.0.0.1", self.port), _Session)
        self._server.refusing = refusing
        self._server.received = self.received
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def refuse(self, refusing=True):
        self.refusing = self._server.refusing = refusing


@contextlib.contextmanager
def smtp_server():
    """An SMTP server that is not yet listening (connections are refused) until started."""
    server = SMTPServer()
    try:
        yield server
    finally:
        server.stop()
