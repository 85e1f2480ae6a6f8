"""A throwaway web server on 127.0.0.1, for tests that need something real to ask."""

import sys
import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


class QuietServer(ThreadingHTTPServer):
    """A client hanging up mid-request (wrk does at the end of its run) is no error."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)


@contextmanager
def serving(handler):
    """``handler`` (a ``BaseHTTPRequestHandler`` class) served on a free loopback port in a
    thread of its own; the server, stopped and closed afterwards."""
    server = QuietServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
