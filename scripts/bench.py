#!/usr/bin/env python
"""Benchmark Shoal's public pages against /healthz/ (make bench).

Builds a throw-away SQLite database with the demo content, serves it with gunicorn on
127.0.0.1 (two workers, DEBUG off), and times sequential requests to each page type over
one keep-alive connection. Also counts each page's SQL queries in-process. Loopback only;
every loop is bounded.

    .venv/bin/python scripts/bench.py [--requests 50]
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def setup_database(env):
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_content"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )


def page_urls(env):
    """One URL of every public page type, read from the demo database."""
    code = (
        "import django; django.setup()\n"
        "from home.models import *\n"
        "for model in (ForumPage, ClusterPage, NewsPage, CaseStudyPage, EventPage):\n"
        "    print(model.objects.live().first().url)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return [
        "/healthz/",
        "/",
        "/about/",
        "/forums/",
        "/clusters/",
        "/news/",
        "/news/?tag=funding",
        "/case-studies/",
        "/events/",
        "/have-your-say/",
        "/news/feed/rss/",
        "/events/ical/",
        "/search/?query=cluster",
        "/sitemap.xml",
        *output.split(),
    ]


def count_queries(env, urls):
    code = (
        "import django, sys; django.setup()\n"
        "from django.db import connection\n"
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "client = Client()\n"
        "for url in sys.argv[1:]:\n"
        "    client.get(url)\n"
        "    with CaptureQueriesContext(connection) as queries:\n"
        "        client.get(url)\n"
        "    print(url, len(queries))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code, *urls],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return dict(line.rsplit(" ", 1) for line in output.splitlines())


def wait_for(port, deadline):
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("gunicorn did not start")


def time_requests(port, url, count):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        connection.request("GET", url, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        response.read()
        timings.append((time.perf_counter() - started) * 1000)
        if response.status != 200:
            raise SystemExit(f"{url} answered {response.status}")
    connection.close()
    return timings


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50, help="requests per page (max 1000)")
    args = parser.parse_args()
    count = max(5, min(args.requests, 1000))

    with tempfile.TemporaryDirectory(prefix="shoal-bench-") as tmp:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "portal.settings.dev",
            "DEBUG": "false",
            "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3",
            "MEDIA_ROOT": f"{tmp}/media",
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
        }
        print("Loading demo content into a temporary database...", flush=True)
        setup_database(env)
        urls = page_urls(env)
        queries = count_queries(env, urls)
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--log-level",
                "warning",
                # Share no control socket with any other gunicorn on the machine.
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for(port, time.monotonic() + 30)
            for url in urls:
                time_requests(port, url, 3)  # warm up
            results = {url: time_requests(port, url, count) for url in urls}
        finally:
            server.terminate()
            server.wait(timeout=10)

    floor = statistics.median(results["/healthz/"])
    print(f"\n{count} sequential requests per page, one keep-alive connection, 2 workers\n")
    print(f"{'page':<48} {'median ms':>10} {'p95 ms':>8} {'x healthz':>10} {'queries':>8}")
    for url, timings in results.items():
        median = statistics.median(timings)
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"{url:<48} {median:>10.1f} {p95:>8.1f} {median / floor:>10.1f} "
            f"{queries.get(url, '?'):>8}"
        )


if __name__ == "__main__":
    main()
