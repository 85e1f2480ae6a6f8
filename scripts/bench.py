#!/usr/bin/env python
"""Benchmark Shoal as production serves it (make bench).

In one run, on 127.0.0.1 only, starting and stopping everything it uses:

1. a throwaway PostgreSQL (scripts/with-postgres.sh) and Redis as the cache
   (scripts/with-redis.sh, ``CACHE_URL=$REDIS_URL``);
2. the production recipe (docs/operators/production.md): collectstatic, migrate,
   configure_site under ``portal.settings.production``, then the demo content and
   ``generate_scale_data --scale N``;
3. each page's SQL queries, counted in-process (scripts/bench_pages.py);
4. gunicorn with 2 workers twice: with the whole-page cache off (``PAGE_CACHE=off``), then as
   production runs it (cache on); wrk at concurrency 4 on ``/healthz/``, every public page
   type and the main members' pages (signed in once as a demo account);
5. the bid PDF against WeasyPrint alone (scripts/bench_bid_pdf.py);
6. on the way to SCALE, five pages at 1x and 3x for the chart of cost against data scale
   (scripts/bench_scale.py), drawn into docs/benchmarks-scale.png.

It prints one Markdown table with PASS or MISS for each of issues 9's and 22's targets and
writes it to docs/benchmarks.md. Environment: SCALE (default 1), BENCH_SECONDS (per page and
mode, default 10), BENCH_QUICK=1 (a smoke run: 2 s per page, demo data only unless SCALE is
set).

    .venv/bin/python scripts/bench.py [--seconds 10] [--scale 1] [--no-scale-data] [--quick]
"""

import argparse
import datetime
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_pages import MEMBER  # noqa: E402
from scripts.bench_report import (  # noqa: E402
    AUTOCOMPLETE_ROW,
    NEW_WORDS_ROW,
    PdfResult,
    Report,
    Row,
    render_markdown,
)
from scripts.bench_scale import (  # noqa: E402
    chart_section,
    draw_chart,
    measure_steps,
    points_from_rows,
)
from scripts.bench_server import (  # noqa: E402
    CONNECTIONS,
    PUBLIC_HOST,
    PUBLIC_URL,
    THREADS,
    WORKERS,
    Gunicorn,
    ensure_wrk,
    has_command,
    log,
    manage,
    measure,
    probe,
    sign_in,
)
from scripts.loadtest_report import keep_section  # noqa: E402

INSIDE = "SHOAL_BENCH_SERVICES"  # set once PostgreSQL and Redis are running for this run
# Rows whose every request asks something new from the place names (scripts/wrk_report.lua).
SEARCH_WORDS_ROWS = {NEW_WORDS_ROW, AUTOCOMPLETE_ROW}
NO_SUCH_PAGE = {
    "conversation page": "no conversation of the lead's organisations in the data",
}


def chart_path(output):
    """The chart's PNG beside the report: docs/benchmarks-scale.png."""
    return output.with_name(f"{output.stem}-scale.png")


def run_pages(server, rows, seconds, cookie, folder, mode, audiences):
    results = {}
    for row in rows:
        if row.audience not in audiences or not row.path or row.problem:
            continue
        load = measure(
            server, row, seconds, cookie if row.audience == "members" else None, folder, mode
        )
        results[row.path, row.audience] = load
        if load:
            log(
                f"  {mode:8} {row.name:32} {load.requests_per_second:8.1f} req/s  "
                f"p50 {load.p50_ms:7.1f} ms  p95 {load.p95_ms:7.1f} ms"
            )
    return results


def machine():
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.M)
    cores = len(re.findall(r"^processor\s*:", cpuinfo, re.M))
    memory = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return (
        f"{model.group(1).strip() if model else 'unknown CPU'}, {cores} cores, "
        f"{int(memory.group(1)) / 2**20:.1f} GiB memory"
    )


def load_average():
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


# Generating scale data leaves the machine busy for a while (PostgreSQL writing it out, its
# autovacuum): pages measured then would pay for it. The one-minute load average must fall
# below this before the pages are measured, or the wait ends after QUIET_WAIT seconds.
QUIET_LOAD = 1.0
QUIET_WAIT = 240


def wait_until_quiet(read=load_average, sleep=time.sleep, limit=QUIET_WAIT, step=10):
    """Wait until the one-minute load average is under ``QUIET_LOAD`` (at most ``limit``
    seconds); the seconds waited."""
    waited = 0
    while float(read().split()[0]) >= QUIET_LOAD and waited < limit:
        sleep(step)
        waited += step
    return waited


def production_env(folder):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"{PUBLIC_HOST},127.0.0.1,testserver",
        "WAGTAILADMIN_BASE_URL": PUBLIC_URL,
        "STATIC_ROOT": str(folder / "static_root"),
        "MEDIA_ROOT": str(folder / "media"),
        "CACHE_URL": os.environ["REDIS_URL"],
    }


def prepare(env, args, folder):
    """The database as measured, and the chart's points at the smaller scales on the way."""
    log("The production recipe: collectstatic, migrate, configure_site...")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "configure_site")
    log("Loading the demo content...")
    manage(env, "load_demo_content")
    if args.no_scale_data:
        return "demo content only", []
    if not has_command(env, "generate_scale_data"):
        raise SystemExit(
            "This branch has no generate_scale_data command yet: run with --no-scale-data."
        )
    # Shorter runs at the smaller scales keep the whole run under half an hour at SCALE=10.
    steps = measure_steps(env, folder, args.scale, max(2, args.seconds // 2), MEMBER)
    log(f"Generating scale-{args.scale} data (generate_scale_data --scale {args.scale})...")
    spent = manage(env, "generate_scale_data", "--scale", str(args.scale), timeout=4 * 3600)
    return f"demo content and scale {args.scale} (generated in {spent / 60:.1f} min)", steps


def bench_pdf(folder, runs):
    output = folder / "pdf.json"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CACHE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bench_bid_pdf.py"),
            "--runs",
            str(runs),
            "--json",
            str(output),
        ],
        cwd=ROOT,
        env=env,
        check=False,  # it exits 1 when the ratio misses its target: the table says so
        stdout=subprocess.DEVNULL,
        timeout=3600,
    )
    return PdfResult(**json.loads(output.read_text()))


def run(args, folder):
    ensure_wrk()
    (folder / "wrk").mkdir()
    load_before = load_average()
    env = production_env(folder)
    data, steps = prepare(env, args, folder)
    log("Counting queries per page (in-process, after a warm-up request)...")
    uncached_probe = probe(env, folder, "off")
    facts = uncached_probe["facts"]
    rows = []
    for page in uncached_probe["pages"]:
        row = Row(page["name"], page["path"] or "", page["audience"], queries=page["queries"])
        if page["name"] in SEARCH_WORDS_ROWS:
            row.search_words = facts["search_words"]
        if page["audience"] == "probe":
            row.queries = None
        if not page["path"]:
            row.problem = NO_SUCH_PAGE.get(page["name"], "no such page in the data")
        elif page.get("problem"):
            row.problem = page["problem"]
        elif page["status"] != 200:
            row.problem = f"answered {page['status']} in-process"
        rows.append(row)

    log(f"Waiting for the machine to be quiet (load average {load_average()})...")
    waited = wait_until_quiet()
    log(f"  waited {waited} s; load average {load_average()}")
    load_measured = load_average()
    servers = []
    try:
        for mode, page_cache in (("uncached", "off"), ("cached", None)):
            log(
                f"gunicorn, {WORKERS} workers, whole-page cache {page_cache or 'on'}; wrk "
                f"-t{THREADS} -c{CONNECTIONS} -d{args.seconds}s per page:"
            )
            server_env = {k: v for k, v in env.items() if k != "PAGE_CACHE"}
            if page_cache:
                server_env["PAGE_CACHE"] = page_cache
            server = Gunicorn(server_env, folder, mode)
            servers.append(server)
            cookie = sign_in(server.port, MEMBER)
            results = run_pages(
                server, rows, args.seconds, cookie, folder, mode, {"probe", "public", "members"}
            )
            for row in rows:
                setattr(row, mode, results.get((row.path, row.audience)))
            server.stop()
    finally:
        for server in servers:
            server.stop()

    pdf = None
    if not args.no_pdf:
        log("The bid PDF against WeasyPrint alone (scripts/bench_bid_pdf.py)...")
        pdf = bench_pdf(folder, args.pdf_runs)
    if args.wrk_output:
        shutil.copytree(folder / "wrk", args.wrk_output, dirs_exist_ok=True)

    redis = subprocess.run(
        ["redis-server", "--version"], capture_output=True, text=True, check=False
    ).stdout
    redis_version = re.search(r"v=(\S+)", redis)
    report = Report(
        header={
            "Date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "Machine": (
                f"{machine()}; load average {load_before} at the start, {load_measured} when "
                f"the pages were first measured, {load_average()} at the end"
            ),
            "Versions": (
                f"Python {facts['python']}, Django {facts['django']}, Wagtail {facts['wagtail']}, "
                f"{facts['database']}, Redis {redis_version.group(1) if redis_version else '?'}"
            ),
            "Data": f"{data}: {facts['data']}",
            "Served": (
                "the operators' guide's production recipe (portal.settings.production, "
                f"collectstatic, whitenoise), gunicorn with {WORKERS} sync workers, "
                "Redis as CACHE_URL"
            ),
            "Load": (
                f"wrk -t{THREADS} -c{CONNECTIONS} -d{args.seconds}s --latency per page and mode "
                f"after a 1 s warm-up, on 127.0.0.1 (wrk shares the machine's cores)"
            ),
            "Modes": (
                "req/s, p50, p95: whole-page cache off (PAGE_CACHE=off); cached: as production "
                "runs (cache on; members' pages signed in as `lead` are never served from it). "
                "% of /healthz/: against /healthz/ in the same mode"
            ),
            "Queries": "SQL queries of the uncached page, counted in-process after a warm-up",
        },
        rows=rows,
        pdf=pdf,
    )
    points = [*steps, points_from_rows(args.scale, rows)] if not args.no_scale_data else []
    if len(points) > 1:
        draw_chart(points, chart_path(args.output))
    report.sections += chart_section(points, chart_path(args.output).name)
    report.notes.append(
        "The new-words search and autocomplete rows ask something never asked before on every "
        "request: no cache can answer them, so they keep the uncached floor (≥2.5%) with the "
        "cache on instead of the cached target (≥40%)."
    )
    if not facts["page_cache"]:
        report.notes.append(
            "This build has no whole-page cache (its settings do not read PAGE_CACHE): "
            "the cached columns measure the same pages again."
        )
    return report


def parse_args(argv=None):
    quick = os.environ.get("BENCH_QUICK", "") not in {"", "0"}
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--seconds",
        type=int,
        default=int(os.environ.get("BENCH_SECONDS") or (2 if quick else 10)),
        help="wrk's duration per page and mode (1 to 120; BENCH_SECONDS)",
    )
    parser.add_argument(
        "--scale", type=int, default=int(os.environ.get("SCALE") or 1), help="SCALE (1 to 100)"
    )
    parser.add_argument(
        "--no-scale-data",
        action="store_true",
        default=quick and not os.environ.get("SCALE"),
        help="demo content only (BENCH_QUICK=1 implies it unless SCALE is set)",
    )
    parser.add_argument("--no-pdf", action="store_true", help="leave out the bid PDF")
    parser.add_argument("--pdf-runs", type=int, default=1 if quick else 3)
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "benchmarks.md")
    parser.add_argument("--wrk-output", type=Path, help="keep wrk's raw output in this folder")
    parser.add_argument("--quick", action="store_true", default=quick, help="BENCH_QUICK=1")
    args = parser.parse_args(argv)
    given = argv if argv is not None else sys.argv[1:]
    if args.quick:  # --quick on the command line does what BENCH_QUICK=1 does
        if not os.environ.get("BENCH_SECONDS") and "--seconds" not in given:
            args.seconds = 2
        if not os.environ.get("SCALE") and "--scale" not in given:
            args.no_scale_data = True
        if "--pdf-runs" not in given:
            args.pdf_runs = 1
    args.seconds = max(1, min(args.seconds, 120))
    args.scale = max(1, min(args.scale, 100))
    args.pdf_runs = max(1, min(args.pdf_runs, 10))
    return args


def with_services():
    """Run this script again inside a throwaway PostgreSQL and Redis, which stop with it.

    The wrappers and everything they start get a process group of their own; Ctrl+C or
    SIGTERM here is passed on to it as SIGTERM (SIGINT may be ignored there: a shell starts
    background jobs so), so the inner run stops its servers, the wrappers stop PostgreSQL
    and Redis, and every temporary directory goes.
    """
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
        # A second interruption stops everything at once.
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
    folder = Path(tempfile.mkdtemp(prefix="shoal-bench-"))
    started = time.monotonic()
    try:
        report = run(args, folder)
    except KeyboardInterrupt:
        log("Interrupted: servers stopped, temporary files removed.")
        return 130
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    report.notes.append(f"The run took {(time.monotonic() - started) / 60:.1f} minutes.")
    markdown = render_markdown(report)
    print(markdown)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    # The load test's section (make loadtest) stays below the table.
    args.output.write_text(keep_section(markdown, args.output))
    log(f"Written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
