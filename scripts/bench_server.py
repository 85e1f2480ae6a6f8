"""The benchmark's moving parts: a gunicorn server under production settings, signing in, and
wrk driving a page (used by scripts/bench.py)."""

import http.client
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_report import KEPT_PDF_ROW, parse_wrk  # noqa: E402

PUBLIC_HOST = "portal.example.org"
PUBLIC_URL = f"https://{PUBLIC_HOST}"
# Every request looks as if it came through the TLS-terminating proxy the recipe expects.
PROXY_HEADERS = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
WORKERS = 2
WRK_TIMEOUT = 10  # seconds; wrk's default of 2 s would count a slow page as failed
THREADS, CONNECTIONS = 2, 4
MEMBER_PASSWORD = "shoal-demo"  # every demo account's (README and docs/demo.md)
WRK_SCRIPT = ROOT / "scripts" / "wrk_report.lua"


def log(text):
    print(text, file=sys.stderr, flush=True)


def sudo_if_needed():
    return [] if os.geteuid() == 0 else ["sudo"]


def ensure_wrk():
    if shutil.which("wrk"):
        return
    log("Installing wrk from Debian's packages...")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo_if_needed(), "apt-get", "update", "-qq"], check=True, timeout=600)
    subprocess.run(
        [*sudo_if_needed(), "apt-get", "install", "-y", "-qq", "wrk"],
        check=True,
        env=env,
        timeout=900,
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, timeout=3600):
    started = time.monotonic()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=timeout,
    )
    return time.monotonic() - started


def has_command(env, name):
    result = subprocess.run(
        [sys.executable, "manage.py", "help", "--commands"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return name in result.stdout.split()


def request(port, path, *, method="GET", headers=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers={**PROXY_HEADERS, **(headers or {})})
        response = connection.getresponse()
        return response, response.read()
    finally:
        connection.close()


class Gunicorn:
    """gunicorn as the production recipe runs it, with 2 workers (or ``workers``), on a free
    loopback port."""

    def __init__(self, env, folder, name, workers=WORKERS, extra_args=()):
        self.port = free_port()
        self.log_path = folder / f"gunicorn-{name}.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "portal.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                # Share no control socket with any other gunicorn on the machine.
                "--no-control-socket",
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 90
        while True:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped:\n{self.log_path.read_text()[-3000:]}")
            try:
                if request(self.port, "/healthz/")[0].status == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise SystemExit(f"gunicorn did not answer:\n{self.log_path.read_text()[-3000:]}")
            time.sleep(0.2)

    def stop(self):
        stop_process(self.process, timeout=30)
        self.log.close()


def stop_process(process, timeout):
    """Ask ``process`` to stop (SIGTERM), killing it after ``timeout`` seconds; whether it
    was still running."""
    running = process.poll() is None
    if running:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    return running


def sign_in(port, username):
    """Sign in through the real login form once; the cookies to send with wrk."""
    response, body = request(port, "/accounts/login/")
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    jar = {name: morsel.value for name, morsel in cookies.items()}
    response, _ = request(
        port,
        "/accounts/login/",
        method="POST",
        body=urlencode(
            {"csrfmiddlewaretoken": token, "login": username, "password": MEMBER_PASSWORD}
        ),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            "Referer": f"{PUBLIC_URL}/accounts/login/",
            "Origin": PUBLIC_URL,
        },
    )
    for header in response.headers.get_all("Set-Cookie") or []:
        cookies.load(header)
    jar = {name: morsel.value for name, morsel in cookies.items() if morsel.value}
    if response.status != 302 or "sessionid" not in jar:
        raise SystemExit(f"Could not sign in as {username!r} (status {response.status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


def wrk(port, path, seconds, cookie=None, search_words="", run=0):
    """wrk's output; with ``search_words``, every request asks ``path`` (a search or, under
    /search/autocomplete/, autocomplete) something new from them (scripts/wrk_report.lua)."""
    headers = {**PROXY_HEADERS, **({"Cookie": cookie} if cookie else {})}
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency"]
    command += ["--timeout", f"{WRK_TIMEOUT}s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    command += ["-s", str(WRK_SCRIPT), f"http://127.0.0.1:{port}{path}"]
    env = {
        **os.environ,
        "SHOAL_SEARCH_WORDS": search_words,
        "SHOAL_SEARCH_RUN": str(run),
        "SHOAL_SEARCH_PATH": path.split("?")[0] + "?query=",
        "SHOAL_SEARCH_PREFIX": "1" if path.startswith("/search/autocomplete/") else "",
    }
    result = subprocess.run(
        command, capture_output=True, text=True, check=True, timeout=seconds + 60, env=env
    )
    return result.stdout


def probe(env, folder, page_cache, only=(), name=""):
    """Pages to measure and their query counts, from scripts/bench_pages.py (``only`` those
    rows, if given)."""
    output = folder / f"pages-{name or page_cache}.json"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_pages.py"),
            str(output),
            PUBLIC_HOST,
            *only,
        ],
        cwd=ROOT,
        env={**env, "PAGE_CACHE": page_cache},
        check=True,
        stdout=subprocess.DEVNULL,
        timeout=1800,
    )
    return json.loads(output.read_text())


def measure(server, row, seconds, cookie, folder, mode):
    """wrk on one page after a warm-up; the Load, or the reason there is none."""
    response, _ = request(server.port, row.path, headers={"Cookie": cookie} if cookie else {})
    if response.status != 200:
        row.problem = f"answered {response.status} ({mode})"
        return None
    content_type = response.getheader("Content-Type", "")
    if row.name == KEPT_PDF_ROW and content_type != "application/pdf":
        row.problem = f"answered {content_type or 'no content type'}, not the PDF ({mode})"
        return None
    words = row.search_words
    # The cached pass asks other words than the uncached one: an answer kept from the first
    # pass (the search keeps its answers in both) would make a "new" search an old one.
    first_run = 2 if mode == "cached" else 0
    wrk(server.port, row.path, 1, cookie, words, run=first_run)  # warm both workers
    output = wrk(server.port, row.path, seconds, cookie, words, run=first_run + 1)
    slug = re.sub(r"[^a-z0-9]+", "-", row.name.lower()).strip("-")
    (folder / "wrk" / f"{mode}-{slug}.txt").write_text(output)
    load = parse_wrk(output)
    if not load.requests:
        row.problem = f"no request finished in {seconds} s ({mode})"
        return None
    if load.errors:
        row.problem = f"{load.errors} of {load.requests} requests failed ({mode})"
    return load
