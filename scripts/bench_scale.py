"""Cost as data grows (issue 22, point 5): five pages' p95 at data scales 1x, 3x and 10x.

``make bench`` at SCALE=N measures the five rows of CHART_ROWS at the smaller scales on the
way (1x and 3x when N is 10 or more; those below N otherwise), each in a copy of the database
made after the demo content and before the scale data (PostgreSQL copies a template database
in seconds), with its own Redis database so that no cached answer crosses scales, and with
a shorter wrk run than the full table's. The scale-N figures are the table's own.

generate_scale_data is not additive (it refuses a database that already holds scale data):
each copy starts from the demo content, so the generated data at 1x and 3x is what a fresh
database at that scale holds.

The pure parts (the table, the alt text, the chart) are tested in tests/platform/.
"""

import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.bench_report import NEW_WORDS_ROW, Row  # noqa: E402

# The rows the chart follows, in the order of its legend.
CHART_ROWS = (
    "home",
    NEW_WORDS_ROW,
    "organisation directory",
    "resources, as a member",
    "bid page",
)
STEPS = (1, 3)  # the smaller scales measured on the way to SCALE
# Lines told apart by marker and dash as well as colour (the chart is read in grey too).
STYLES = [("o", "-"), ("s", "--"), ("^", "-."), ("D", ":"), ("v", (0, (5, 1, 1, 1)))]


@dataclass
class ScalePoint:
    """The chart rows' p95 (ms, whole-page cache off) at one data scale."""

    scale: float
    p95_ms: dict = field(default_factory=dict)  # row name -> ms, or None if not measured


def scale_steps(scale):
    """The scales measured before ``scale``: 1 and 3 below it."""
    return [step for step in STEPS if step < scale]


def scale_label(scale):
    return f"{scale:g}×"


def _ms(value):
    return "–" if value is None else f"{value:,.0f}"


def chart_table(points):
    """The chart's numbers as a Markdown table: a row per page, a column per scale."""
    heading = ["page", *(f"p95 ms at {scale_label(point.scale)}" for point in points)]
    lines = ["| " + " | ".join(heading) + " |", "|" + "---|" * len(heading)]
    for name in CHART_ROWS:
        cells = [name, *(_ms(point.p95_ms.get(name)) for point in points)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def chart_alt(points):
    scales = ", ".join(scale_label(point.scale) for point in points)
    return (
        f"Line chart of the 95th percentile response time in milliseconds, whole-page cache "
        f"off, against data scale ({scales}) for {', '.join(CHART_ROWS)}; "
        "the table below gives the same numbers"
    )


def draw_chart(points, path):
    """The chart as a PNG at ``path``: p95 against data scale, a line per page."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(8, 5), dpi=100)
    scales = [point.scale for point in points]
    for name, (marker, dash) in zip(CHART_ROWS, STYLES, strict=True):
        values = [point.p95_ms.get(name) for point in points]
        shown = [(s, v) for s, v in zip(scales, values, strict=True) if v is not None]
        if shown:
            xs, ys = zip(*shown, strict=True)
            axes.plot(xs, ys, marker=marker, linestyle=dash, linewidth=2, label=name)
    axes.set_xscale("log")
    axes.set_xticks(scales, [scale_label(scale) for scale in scales])
    axes.minorticks_off()
    axes.set_xlabel("data scale (1× is a county: 1,360 organisations, 5,000 listings)")
    axes.set_ylabel("p95 response time (ms)")
    axes.set_ylim(bottom=0, top=max(axes.get_ylim()[1] * 1.1, 1))
    axes.set_title("Cost as data grows: p95 with the whole-page cache off")
    axes.grid(True, alpha=0.3)
    axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize="small")
    figure.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path)
    pyplot.close(figure)


def chart_section(points, image_name):
    """Markdown for the report: the chart and its numbers, or why there is none."""
    lines = ["## Cost as data grows", ""]
    if len(points) < 2:
        return lines + [
            "No chart in this run: it needs scale data (SCALE=1 or more; 1×, 3× and 10× at "
            "SCALE=10).",
        ]
    lines += [
        f"![{chart_alt(points)}]({image_name})",
        "",
        *chart_table(points),
    ]
    return lines


def points_from_rows(scale, rows):
    """The scale-N point from the full table's uncached rows."""
    loads = {row.name: row.uncached for row in rows}
    return ScalePoint(
        scale, {name: loads[name].p95_ms if loads.get(name) else None for name in CHART_ROWS}
    )


# --- measuring at the smaller scales (needs PostgreSQL, Redis, gunicorn and wrk) -----------


def database_url_named(database_url, name):
    return urlsplit(database_url)._replace(path=f"/{name}").geturl()


def redis_url_numbered(redis_url, number):
    return urlsplit(redis_url)._replace(path=f"/{number}").geturl()


def _admin(database_url, *statements):
    import psycopg

    with psycopg.connect(database_url_named(database_url, "postgres"), autocommit=True) as db:
        for statement in statements:
            db.execute(statement)


def copy_database(database_url, name):
    """A copy of DATABASE_URL's database (nothing may be connected to it) named ``name``."""
    source = urlsplit(database_url).path.lstrip("/")
    _admin(
        database_url,
        f'DROP DATABASE IF EXISTS "{name}"',
        f'CREATE DATABASE "{name}" TEMPLATE "{source}"',
    )
    return database_url_named(database_url, name)


def drop_database(database_url):
    name = urlsplit(database_url).path.lstrip("/")
    _admin(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def measure_steps(env, folder, scale, seconds, member):
    """ScalePoints for scale_steps(scale), each in its own copy of the database."""
    from scripts.bench_server import Gunicorn, log, manage, measure, probe, sign_in

    points = []
    for number, step in enumerate(scale_steps(scale), start=1):
        label = f"scale-{step:g}"
        url = copy_database(env["DATABASE_URL"], f"shoal_{label.replace('-', '_')}")
        step_env = {
            **env,
            "DATABASE_URL": url,
            "CACHE_URL": redis_url_numbered(env["CACHE_URL"], number),
            "PAGE_CACHE": "off",
        }
        try:
            log(
                f"Scale {scale_label(step)} for the chart (generate_scale_data --scale {step:g})..."
            )
            manage(step_env, "generate_scale_data", "--scale", f"{step:g}", timeout=3600)
            found = probe(step_env, folder, "off", only=CHART_ROWS, name=label)
            server = Gunicorn(step_env, folder, label)
            try:
                cookie = sign_in(server.port, member)
                point = ScalePoint(step)
                for page in found["pages"]:
                    row = Row(page["name"], page["path"] or "", page["audience"])
                    if row.name == NEW_WORDS_ROW:
                        row.search_words = found["facts"]["search_words"]
                    load = None
                    if row.path and page["status"] == 200:
                        member_cookie = cookie if row.audience == "members" else None
                        load = measure(server, row, seconds, member_cookie, folder, label)
                    point.p95_ms[row.name] = load.p95_ms if load else None
                    log(f"  {label:8} {row.name:40} p95 {_ms(point.p95_ms[row.name])} ms")
            finally:
                server.stop()
        finally:
            drop_database(url)
        points.append(point)
    return points
