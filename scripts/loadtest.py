#!/usr/bin/env python
"""Load-test Shoal as production serves it (make loadtest).

In one run, on 127.0.0.1 only, starting and stopping everything it uses:

1. a throwaway PostgreSQL (scripts/with-postgres.sh) and Redis as the cache
   (scripts/with-redis.sh);
2. the production recipe as make bench runs it (collectstatic, migrate, configure_site under
   ``portal.settings.production``) and the demo content; scripts/loadtest_data.py gives each
   simulated editor a paragraph of the draft bid's sections;
3. gunicorn and, beside it, the background worker (``manage.py db_worker``, which makes the
   bid PDFs), the demo accounts signed in once each through the real sign-in form;
4. locust, headless (scripts/locustfile.py): 50 simulated people for 60 seconds, reading
   public pages, searching, replying to listings, pledging, editing the same bid sections at
   once and downloading the bid as a PDF (through the "being prepared" page when the worker
   has not made it yet, as a browser without JavaScript does);
5. the check that every section save the site acknowledged is in the database.

It writes p50/p95 per kind of request into the load-test section of docs/benchmarks.md and
exits 1 on any server error, any other failed request, or any lost edit.

    .venv/bin/python scripts/loadtest.py [--users 50] [--seconds 60] [--workers 4]
"""

import argparse
import datetime
import importlib.metadata
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench import load_average, machine, production_env  # noqa: E402
from scripts.bench_server import Gunicorn, log, manage, sign_in, stop_process  # noqa: E402
from scripts.loadtest_data import EDITORS, MEMBERS  # noqa: E402
from scripts.loadtest_report import (  # noqa: E402
    read_failures,
    read_stats,
    render_section,
    replace_section,
)

INSIDE = "SHOAL_LOADTEST_SERVICES"  # set once PostgreSQL and Redis are running for this run
# The sync workers wait on the database and on each other's PDFs: more of them than cores.
# A PDF under full load may take long: gunicorn's 30 s limit would kill the worker.
GUNICORN_ARGS = ["--timeout", "180"]


def prepare(env, folder, users):
    log("The production recipe: collectstatic, migrate, configure_site...")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "configure_site")
    log("Loading the demo content...")
    manage(env, "load_demo_content")
    plan = folder / "plan.json"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "loadtest_data.py"), "prepare", plan, str(users)],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=600,
    )
    return plan


class Worker:
    """The background worker as production runs it beside gunicorn: it makes the PDFs."""

    def __init__(self, env, folder):
        self.log_path = folder / "db_worker.log"
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "manage.py", "db_worker", "--interval", "0.5", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def stop(self):
        """Stop it (it finishes the file it is making); whether it was still running."""
        running = stop_process(self.process, timeout=60)
        self.log.close()
        return running


def run_locust(args, port, folder, plan, cookies):
    env = {
        **os.environ,
        "LOADTEST_PLAN": str(plan),
        "LOADTEST_COOKIES": str(cookies),
        "LOADTEST_ACKS": str(folder / "acks.json"),
    }
    command = [
        sys.executable,
        "-m",
        "locust",
        "-f",
        str(ROOT / "scripts" / "locustfile.py"),
        "--headless",
        "--users",
        str(args.users),
        "--spawn-rate",
        str(args.spawn_rate),
        "--run-time",
        f"{args.seconds}s",
        # Let every simulated person finish what they were doing, so that a save under way
        # is either acknowledged or not, never cut off half-way by the load test itself.
        "--stop-timeout",
        "120",
        "--host",
        f"http://127.0.0.1:{port}",
        "--csv",
        str(folder / "locust"),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--exit-code-on-error",
        "0",
    ]
    subprocess.run(command, cwd=ROOT, env=env, check=True, timeout=args.seconds + 600)
    return json.loads((folder / "acks.json").read_text())


def check_edits(env, folder):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "loadtest_data.py"), "check", folder / "acks.json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if result.returncode not in (0, 1):
        raise SystemExit(f"The check of the edits failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def server_errors(failures):
    return sum(count for _, error, count in failures if "server error" in error)


def run(args, folder):
    load_before = load_average()
    env = production_env(folder)
    plan_path = prepare(env, folder, args.users)
    plan = json.loads(plan_path.read_text())
    if not plan["sections"]:
        raise SystemExit("The draft bid has no section the demo partners may edit.")
    log(
        f"Editing {plan['bid']}: "
        + "; ".join(f"{s['title']} ({', '.join(s['editors'])})" for s in plan["sections"])
    )
    worker = Worker(env, folder)
    server = None
    try:
        server = Gunicorn(env, folder, "load", workers=args.workers, extra_args=GUNICORN_ARGS)
        accounts = sorted(set(MEMBERS) | set(EDITORS) | {"lead", "partner"})
        cookies = {name: sign_in(server.port, name) for name in accounts}
        cookies_path = folder / "cookies.json"
        cookies_path.write_text(json.dumps(cookies))
        log(
            f"locust: {args.users} simulated people for {args.seconds} s against gunicorn "
            f"({args.workers} workers) on 127.0.0.1:{server.port}..."
        )
        acks = run_locust(args, server.port, folder, plan_path, cookies_path)
    finally:
        if server is not None:
            server.stop()
        worker_ran = worker.stop()
    if not worker_ran:
        raise SystemExit(f"The background worker stopped:\n{worker.log_path.read_text()[-3000:]}")
    gunicorn_log = server.log_path.read_text()
    edits = check_edits(env, folder)
    kinds = read_stats(folder / "locust_stats.csv")
    failures = read_failures(folder / "locust_failures.csv")
    errors = server_errors(failures)
    other_failures = sum(count for _, _, count in failures) - errors
    timeouts = gunicorn_log.count("WORKER TIMEOUT")
    lost = len(edits["missing"])
    passed = not (errors or other_failures or lost or timeouts) and edits["acknowledged"] > 0

    total = next((k for k in kinds if k.name == "all requests"), None)
    header = {
        "Date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "Machine": (
            f"{machine()}; load average {load_before} at the start, {load_average()} at the end "
            "(shared with other work: the figures are what this machine gave then)"
        ),
        "Served": (
            f"portal.settings.production, gunicorn with {args.workers} sync workers and the "
            "background worker (manage.py db_worker), PostgreSQL, Redis as CACHE_URL, the demo "
            "content"
        ),
        "Load": (
            f"locust {importlib.metadata.version('locust')} headless (scripts/locustfile.py), "
            f"{args.users} simulated people for {args.seconds} s (started {args.spawn_rate} a "
            "second), on the same machine: visitors reading and searching and members replying "
            "and pledging (1 to 4 s between actions), partners editing the same bid sections "
            "at once (1 to 3 s), partners downloading the bid as a PDF (10 to 30 s), which "
            "the background worker makes while the page saying it is being prepared refreshes "
            "every few seconds"
        ),
        "Result": (
            f"**{'PASS' if passed else 'FAIL'}**: {total.requests if total else 0:,} requests, "
            f"{errors} server errors, {other_failures} other failures, {timeouts} worker "
            f"timeouts; {edits['acknowledged']} section saves acknowledged ({edits['saved']} "
            f"saved, {edits['merged']} merged with another person's save), {lost} lost; "
            f"{acks['conflicts']} saves clashed with another (409: shown to the person, "
            "nothing saved)"
        ),
    }
    notes = [
        "Server errors: responses of 500 or more, or none. Other failures: any answer a person "
        "would not expect (the locustfile says which). Lost: a save answered “saved” or "
        "“merged” whose words are not in the section afterwards.",
    ]
    notes += [f"Failed: {name}: {error} ({count}×)" for name, error, count in failures]
    notes += [f"Lost edit: {edit}" for edit in edits["missing"][:20]]
    section = render_section(header, kinds, notes)
    return section, passed


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50, help="simulated people (default 50)")
    parser.add_argument("--seconds", type=int, default=60, help="how long (default 60)")
    parser.add_argument("--spawn-rate", type=float, default=10, help="people started a second")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    args.users = max(4, min(args.users, 500))
    args.seconds = max(5, min(args.seconds, 3600))
    return args


def with_services():
    """Run this script again inside a throwaway PostgreSQL and Redis, which stop with it
    (as scripts/bench.py does: Ctrl+C stops the servers and removes the temporary files)."""
    child = subprocess.Popen(
        [
            ROOT / "scripts" / "with-postgres.sh",
            ROOT / "scripts" / "with-redis.sh",
            "env",
            f"{INSIDE}=1",
            sys.executable,
            __file__,
            *sys.argv[1:],
        ],
        start_new_session=True,
    )
    interrupted = []

    def forward(signum, frame):
        interrupted.append(signum)
        os.killpg(child.pid, signal.SIGTERM if len(interrupted) == 1 else signal.SIGKILL)

    signal.signal(signal.SIGINT, forward)
    signal.signal(signal.SIGTERM, forward)
    code = child.wait()
    return 130 if interrupted else code


def main():
    args = parse_args()
    if os.environ.get(INSIDE) != "1":
        return with_services()

    def stop(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    folder = Path(tempfile.mkdtemp(prefix="shoal-loadtest-"))
    started = time.monotonic()
    try:
        section, passed = run(args, folder)
    except KeyboardInterrupt:
        log("Interrupted: servers stopped, temporary files removed.")
        return 130
    finally:
        if os.environ.get("LOADTEST_KEEP"):
            log(f"Kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    section += f"- The run took {(time.monotonic() - started) / 60:.1f} minutes.\n"
    print(section)
    replace_section(args.output, section)
    log(f"Written to {args.output}")
    if not passed:
        log("FAIL: see the Result line above.")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
