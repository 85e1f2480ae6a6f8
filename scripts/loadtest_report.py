"""The load test's figures: locust's CSV read into rows, and the section of docs/benchmarks.md
that ``make loadtest`` rewrites (``make bench`` rewrites the rest of the file and keeps it)."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

SECTION_START = "<!-- make loadtest: from here to the end is rewritten by scripts/loadtest.py -->"


@dataclass
class Kind:
    """One kind of request: how many, how many failed, and how fast (milliseconds)."""

    name: str
    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    per_second: float


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0


def read_stats(path):
    """The rows of locust's ``<prefix>_stats.csv``; the "Aggregated" row comes last."""
    kinds = []
    with open(path, newline="") as handle:
        for row in csv.DictReader(handle):
            kinds.append(
                Kind(
                    name=row["Name"] if row["Name"] != "Aggregated" else "all requests",
                    requests=int(_number(row["Request Count"])),
                    failures=int(_number(row["Failure Count"])),
                    p50_ms=_number(row["50%"]),
                    p95_ms=_number(row["95%"]),
                    per_second=_number(row["Requests/s"]),
                )
            )
    return kinds


def read_failures(path):
    """(kind, error, occurrences) from locust's ``<prefix>_failures.csv``."""
    if not Path(path).exists():
        return []
    with open(path, newline="") as handle:
        return [
            (row["Name"], _plain_error(row["Error"]), int(_number(row["Occurrences"])))
            for row in csv.DictReader(handle)
        ]


def _plain_error(text):
    """``CatchResponseError('unexpected 404')`` → ``unexpected 404``."""
    found = re.fullmatch(r"""CatchResponseError\((['"])(.*)\1\)""", text.strip())
    return found.group(2) if found else text


def render_section(header, kinds, notes):
    lines = [SECTION_START, "", "## Load test (make loadtest)", ""]
    lines += [f"- **{label}**: {text}" for label, text in header.items()]
    lines += [
        "",
        "| kind of request | requests | failures | req/s | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|",
    ]
    for kind in kinds:
        lines.append(
            f"| {kind.name} | {kind.requests:,} | {kind.failures:,} | {kind.per_second:.1f} "
            f"| {kind.p50_ms:,.0f} | {kind.p95_ms:,.0f} |"
        )
    lines += [""] + [f"- {note}" for note in notes]
    return "\n".join(lines).rstrip() + "\n"


def keep_section(markdown, path):
    """``markdown`` followed by the load-test section already in ``path``, if there is one."""
    path = Path(path)
    old = path.read_text() if path.exists() else ""
    if SECTION_START not in old:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + old[old.index(SECTION_START) :]


def replace_section(path, section):
    """Write ``section`` over the load-test section of ``path`` (or after what is there)."""
    path = Path(path)
    old = path.read_text() if path.exists() else ""
    if SECTION_START in old:
        old = old[: old.index(SECTION_START)]
    head = old.rstrip("\n")
    path.write_text((head + "\n\n" if head else "") + section)
