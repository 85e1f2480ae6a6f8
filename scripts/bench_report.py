"""The pure parts of ``make bench``: reading wrk's output, judging the targets, writing the table.

No Django, no servers: scripts/bench.py runs the measurements and hands the numbers here;
tests/test_bench.py checks these functions on real wrk output.
"""

import re
from dataclasses import dataclass, field

# Issues 9's and 22's targets (the benchmark prints PASS or MISS for each; it never fails the run).
PUBLIC_MIN_PERCENT = 2.5  # an uncached anonymous page, as a % of /healthz/'s requests/s
MEMBERS_MIN_PERCENT = 2.5  # an uncached members' page (issue 22: the public bar)
MEMBERS_CACHE_ON_MIN_PERCENT = 1.5  # a members' page with the whole-page cache switched on
CACHED_MIN_PERCENT = 40.0  # an anonymous page served from the whole-page cache
MAX_QUERIES = 15  # SQL queries per page, whatever the amount of data
SEARCH_MAX_P95_MS = 100.0
AUTOCOMPLETE_MAX_P95_MS = 50.0
KEPT_PDF_MAX_P95_MS = 50.0  # a bid PDF already made, served from storage (through gunicorn)
PDF_MAX_RATIO = 1.25  # the bid PDF through the view against WeasyPrint alone / minimal CSS
PDF_STORED_MAX_P95_MS = 50.0  # a PDF already made, served from storage (in-process)

# Rows the targets single out by name (scripts/bench_pages.py makes them).
# Every request searches for a new pair of place names (scripts/wrk_report.lua).
NEW_WORDS_ROW = "search, a new pair of words each time"
# Every request asks for suggestions for a place name and the first letters of another.
AUTOCOMPLETE_ROW = "autocomplete, a new prefix"
# The lead's PDF of the bid page's bid, measured after one request has made it.
KEPT_PDF_ROW = "bid PDF, kept from before"
# No cache can answer a question never asked before: these rows keep the uncached floor with
# the cache on instead of the cached target.
NEVER_ASKED_ROWS = {NEW_WORDS_ROW, AUTOCOMPLETE_ROW}

# Printed by scripts/wrk_report.lua's done(): wrk itself prints no 95th percentile.
SUMMARY_LINE = re.compile(r"^shoal-bench (?P<fields>(?:\w+=\S+ ?)+)$", re.M)
REQUESTS_PER_SECOND = re.compile(r"^Requests/sec:\s+(?P<value>[\d.]+)", re.M)
PERCENTILE = re.compile(
    r"^\s+(?P<percent>50|75|90|99)%\s+(?P<value>[\d.]+)(?P<unit>us|ms|s|m)\s*$", re.M
)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(?P<count>\d+)")
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


class WrkOutputError(ValueError):
    """wrk's output lacks a number the benchmark needs."""


@dataclass(frozen=True)
class Load:
    """What wrk measured for one URL."""

    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests: int
    errors: int  # socket errors and responses with a status of 400 or more


def duration_ms(value, unit):
    """wrk's '1.23ms', '512.00us', '1.02s' or '1.50m' in milliseconds."""
    return float(value) * UNIT_MS[unit]


def parse_wrk(output):
    """A :class:`Load` from the output of ``wrk --latency -s scripts/wrk_report.lua``."""
    rate = REQUESTS_PER_SECOND.search(output)
    if not rate:
        raise WrkOutputError("no Requests/sec line in wrk's output")
    summary = SUMMARY_LINE.search(output)
    if not summary:
        raise WrkOutputError("no shoal-bench line: was wrk run with scripts/wrk_report.lua?")
    fields = dict(item.split("=", 1) for item in summary.group("fields").split())
    distribution = {
        int(m.group("percent")): duration_ms(m.group("value"), m.group("unit"))
        for m in PERCENTILE.finditer(output)
    }
    socket_errors = SOCKET_ERRORS.search(output)
    non_2xx = NON_2XX.search(output)
    # The script's figures are exact microseconds; the printed distribution is rounded.
    return Load(
        requests_per_second=float(rate.group("value")),
        p50_ms=int(fields["p50_us"]) / 1000 if "p50_us" in fields else distribution[50],
        p95_ms=int(fields["p95_us"]) / 1000,
        p99_ms=int(fields["p99_us"]) / 1000 if "p99_us" in fields else distribution[99],
        requests=int(fields["requests"]),
        errors=max(
            int(fields.get("errors", 0)),
            (sum(int(n) for n in socket_errors.groups()) if socket_errors else 0)
            + (int(non_2xx.group("count")) if non_2xx else 0),
        ),
    )


@dataclass
class Row:
    """One page of the table: an anonymous (public) page, a members' page or /healthz/."""

    name: str
    path: str
    audience: str  # "public", "members" or "probe"
    queries: int | None = None
    uncached: Load | None = None  # PAGE_CACHE=off
    cached: Load | None = None  # the production default (whole-page cache on)
    problem: str = ""  # why a number is missing, shown in the table
    search_words: str = ""  # set: every request searches a new pair of these words

    @property
    def is_search(self):
        return self.path.startswith("/search/") and not self.is_autocomplete

    @property
    def is_autocomplete(self):
        return self.path.startswith("/search/autocomplete/")


@dataclass(frozen=True)
class PdfResult:
    """The bid PDF through the real view beside WeasyPrint alone on the same HTML and on the
    same words and tables with a minimal stylesheet; and the same PDF served from storage."""

    view_seconds: float
    bare_seconds: float
    view_peak_bytes: int
    bare_peak_bytes: int
    pages: int
    size_bytes: int
    runs: int
    minimal_seconds: float | None = None
    minimal_peak_bytes: int = 0
    stored_p95_ms: float | None = None

    @property
    def ratio(self):
        return self.view_seconds / self.bare_seconds

    @property
    def minimal_ratio(self):
        return self.view_seconds / self.minimal_seconds if self.minimal_seconds else None


@dataclass(frozen=True)
class Verdict:
    target: str
    passed: bool

    def __str__(self):
        return f"{'PASS' if self.passed else 'MISS'} {self.target}"


def percent_of(load, healthz):
    if load is None or healthz is None or not healthz.requests_per_second:
        return None
    return 100 * load.requests_per_second / healthz.requests_per_second


def _probe_verdicts(row):
    """/healthz/: every request of both modes answered 200."""
    loads = [load for load in (row.uncached, row.cached) if load is not None]
    if not loads:
        return []
    failed = sum(load.errors for load in loads)
    if not failed:
        return [Verdict("no errors", True)]
    total = sum(load.requests for load in loads)
    return [Verdict(f"no errors ({failed} of {total} requests failed)", False)]


def _floor(load, healthz, minimum, label=""):
    share = percent_of(load, healthz)
    if share is None:
        return Verdict(f"≥{minimum:g}%{label} (no /healthz/ figure)", False)
    return Verdict(f"≥{minimum:g}%{label} ({share:.2f}%)", share >= minimum)


def _p95(row, limit):
    """The worse 95th percentile of the two modes against ``limit``, if either was measured."""
    measured = [load.p95_ms for load in (row.uncached, row.cached) if load is not None]
    if not measured:
        return []
    worst = max(measured)
    return [Verdict(f"p95 <{limit:g} ms ({worst:.0f} ms)", worst < limit)]


def verdicts(row, healthz_uncached, healthz_cached):
    """Each target that applies to the row, met or missed; never none (a row always ends
    PASS or MISS)."""
    results = []
    if row.audience == "probe":
        results += _probe_verdicts(row)
    elif row.name == KEPT_PDF_ROW:
        # A download, not a page: its bar is its 95th percentile (and its queries).
        pass
    elif row.audience == "public":
        if row.uncached is not None:
            results.append(_floor(row.uncached, healthz_uncached, PUBLIC_MIN_PERCENT))
    elif row.uncached is not None:
        results.append(_floor(row.uncached, healthz_uncached, MEMBERS_MIN_PERCENT))
    if row.audience == "members" and row.name != KEPT_PDF_ROW and row.cached is not None:
        # Never served from the page cache: a floor with the cache switched on too.
        results.append(
            _floor(row.cached, healthz_cached, MEMBERS_CACHE_ON_MIN_PERCENT, " cache on")
        )
    if row.queries is not None and row.audience != "probe":
        results.append(
            Verdict(f"≤{MAX_QUERIES} queries ({row.queries})", row.queries <= MAX_QUERIES)
        )
    if row.audience == "public" and row.cached is not None:
        if row.name in NEVER_ASKED_ROWS:
            results.append(_floor(row.cached, healthz_cached, PUBLIC_MIN_PERCENT, " cache on"))
        else:
            share = percent_of(row.cached, healthz_cached) or 0.0
            results.append(
                Verdict(
                    f"cached ≥{CACHED_MIN_PERCENT:g}% ({share:.1f}%)",
                    share >= CACHED_MIN_PERCENT,
                )
            )
    if row.is_search:
        results += _p95(row, SEARCH_MAX_P95_MS)
    elif row.is_autocomplete:
        results += _p95(row, AUTOCOMPLETE_MAX_P95_MS)
    elif row.name == KEPT_PDF_ROW:
        results += _p95(row, KEPT_PDF_MAX_P95_MS)
    if row.problem:
        results.append(Verdict(row.problem, False))
    if not results:
        results.append(Verdict("not measured", False))
    return results


def pdf_verdict(pdf):
    return Verdict(
        f"≤{PDF_MAX_RATIO:g}× WeasyPrint alone ({pdf.ratio:.2f}×)", pdf.ratio <= PDF_MAX_RATIO
    )


def pdf_minimal_verdict(pdf):
    ratio = pdf.minimal_ratio
    if ratio is None:
        return Verdict("≤1.25× minimal stylesheet (not measured)", False)
    return Verdict(f"≤{PDF_MAX_RATIO:g}× minimal stylesheet ({ratio:.2f}×)", ratio <= PDF_MAX_RATIO)


def pdf_stored_verdict(pdf):
    p95 = pdf.stored_p95_ms
    if p95 is None:
        return Verdict(f"from storage p95 <{PDF_STORED_MAX_P95_MS:g} ms (not measured)", False)
    target = f"from storage p95 <{PDF_STORED_MAX_P95_MS:g} ms ({p95:.0f} ms)"
    return Verdict(target, p95 < PDF_STORED_MAX_P95_MS)


def pdf_verdicts(pdf):
    """Every PDF target, each counted once: the view against both references, and the
    stored copy's p95."""
    return [pdf_verdict(pdf), pdf_minimal_verdict(pdf), pdf_stored_verdict(pdf)]


def pdf_rows(pdf):
    """(name, seconds, peak bytes, verdicts) of the PDF rows; each reference row carries the
    view's comparison with it."""
    rows = [
        ("bid PDF, through the view", pdf.view_seconds, pdf.view_peak_bytes, pdf_verdicts(pdf)),
        ("bid PDF, WeasyPrint alone", pdf.bare_seconds, pdf.bare_peak_bytes, [pdf_verdict(pdf)]),
    ]
    minimal = [pdf_minimal_verdict(pdf)]
    rows.append(
        ("bid PDF, minimal stylesheet", pdf.minimal_seconds, pdf.minimal_peak_bytes, minimal)
    )
    return rows


def _number(value, digits=0):
    return "–" if value is None else f"{value:,.{digits}f}"


def _load_cells(load, healthz, never=""):
    if load is None:
        return [never or "–"] * 4
    return [
        _number(load.requests_per_second, 1 if load.requests_per_second < 100 else 0),
        _number(percent_of(load, healthz), 2),
        _number(load.p50_ms, 1),
        _number(load.p95_ms, 1),
    ]


@dataclass
class Report:
    """Everything one run measured, and the machine it ran on."""

    header: dict = field(default_factory=dict)  # label -> value, printed above the table
    rows: list = field(default_factory=list)
    pdf: PdfResult | None = None
    notes: list = field(default_factory=list)
    sections: list = field(default_factory=list)  # Markdown lines after the notes (the chart)

    def healthz(self):
        for row in self.rows:
            if row.path == "/healthz/":
                return row
        return Row("/healthz/", "/healthz/", "probe")

    def all_verdicts(self):
        probe = self.healthz()
        found = [v for row in self.rows for v in verdicts(row, probe.uncached, probe.cached)]
        if self.pdf is not None:
            found += pdf_verdicts(self.pdf)
        return found


# What the page says before the figures (written by every run, so kept here).
INTRO = [
    "Written by `make bench` (scripts/bench.py): every page type as production serves it, "
    "measured against `/healthz/`, each row ending PASS or MISS for its targets. "
    "Besides the pages, the table has:",
    "",
    "- **search, a new pair of words each time** and **autocomplete, a new prefix**: every "
    "request asks something nobody asked before (two place names; a place name and the first "
    "3 to 5 letters of another), so no cache can answer. Their targets: p95 under 100 ms "
    "(search) or 50 ms (autocomplete), and at least 2.5% of `/healthz/` with the cache off "
    "and on.",
    "- **to-do page** and **conversation page**: members' pages signed in as `lead` (the "
    "to-do list; the first conversation the lead's organisation takes part in). Members' "
    "pages need 2.5% of `/healthz/` uncached and 1.5% with the cache on.",
    "- **bid PDF, kept from before**: the lead's PDF of the bid page's bid, measured after "
    "one request has made it, so it comes from storage: p95 under 50 ms.",
    "- **/healthz/**: PASS when every one of its requests answered 200.",
    "",
    "Below the table, **Cost as data grows** charts the 95th percentile of five pages "
    "(home, search for new words, the organisation directory, resources as a member, the "
    "bid page) at data scales 1×, 3× and 10×, with the same numbers as a table: a line that "
    "stays flat means the page's cost does not grow with the data.",
]

COLUMNS = [
    "page",
    "path",
    "queries",
    "req/s",
    "% of /healthz/",
    "p50 ms",
    "p95 ms",
    "cached req/s",
    "cached %",
    "cached p50 ms",
    "cached p95 ms",
    "targets",
]


def _cell(text):
    return str(text).replace("|", "\\|")


def render_markdown(report):
    """The whole report as Markdown: the header, one table, the notes."""
    probe = report.healthz()
    lines = ["# Benchmarks", "", *INTRO, ""]
    lines += [f"- **{label}**: {value}" for label, value in report.header.items()]
    lines += ["", "| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in report.rows:
        never = "not cached" if row.audience == "members" else ""
        cells = [
            row.name,
            f"`{row.path}`" if row.path else "–",
            _number(row.queries),
            *_load_cells(row.uncached, probe.uncached),
            *_load_cells(row.cached, probe.cached, never),
            "; ".join(str(v) for v in verdicts(row, probe.uncached, probe.cached)),
        ]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    if report.pdf is not None:
        pdf = report.pdf
        mib = 2**20
        for name, seconds, peak, found in pdf_rows(pdf):
            target = "; ".join(str(v) for v in found)
            cells = [
                f"{name} (median of {pdf.runs}; peak Python memory {peak / mib:.0f} MiB)",
                "–",
                "–",
                _number(1 / seconds if seconds else None, 2),
                "–",
                _number(seconds * 1000 if seconds else None, 0),
                "–",
                "–",
                "–",
                "–",
                "–",
                target,
            ]
            lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    found = report.all_verdicts()
    missed = [v for v in found if not v.passed]
    lines += ["", f"**{len(found) - len(missed)} of {len(found)} targets met.**"]
    if report.notes:
        lines += [""] + [f"- {note}" for note in report.notes]
    if report.sections:
        lines += ["", *report.sections]
    return "\n".join(lines) + "\n"
