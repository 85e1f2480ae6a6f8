"""A throwaway web server on 127.0.0.1, for tests that need something real to ask."""

import threading
from contextlib import contextmanager
from http.server import ThreadingHTTPServer


@contextmanager
def serving(handler):
    """``handler`` (a ``BaseHTTPRequestHandler`` class) served on a free loopback port in a
    thread of its own; the server, stopped and closed afterwards."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
