"""make loadtest's own parts: reading locust's CSV, rewriting only its own section of
docs/benchmarks.md (which make bench keeps), and counting lost edits. (The load test itself
runs with make loadtest.)"""

import csv
import json

import pytest

from scripts import loadtest_data
from scripts.loadtest_report import (
    SECTION_START,
    keep_section,
    read_failures,
    read_stats,
    render_section,
    replace_section,
)
from tests.bids.world import make_bid_world

STATS_COLUMNS = [
    "Type",
    "Name",
    "Request Count",
    "Failure Count",
    "Median Response Time",
    "Average Response Time",
    "Min Response Time",
    "Max Response Time",
    "Average Content Size",
    "Requests/s",
    "Failures/s",
    "50%",
    "66%",
    "75%",
    "80%",
    "90%",
    "95%",
    "98%",
    "99%",
    "99.9%",
    "99.99%",
    "100%",
]
BENCH_TABLE = "# Benchmarks\n\n| page | p50 ms |\n|---|---|\n| home | 66.6 |\n"


def write_csv(path, columns, rows):
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerows(rows)


def stats_row(kind, name, count, failures, p50, p95, per_second):
    return [kind, name, count, failures, p50, 0, 0, 0, 0, per_second, 0, p50, 0, 0, 0, 0, p95]


def test_each_kind_of_request_is_read_with_its_median_and_95th_percentile(tmp_path):
    path = tmp_path / "locust_stats.csv"
    rows = [
        stats_row("GET", "public page", 812, 0, 240, 1100, 13.5),
        stats_row("POST", "save a bid section", 301, 0, 410, 2300, 5.0),
        stats_row("GET", "bid PDF export", 0, 0, "N/A", "N/A", 0),
        stats_row("", "Aggregated", 1113, 0, 260, 1500, 18.5),
    ]
    write_csv(path, STATS_COLUMNS, [row + [0] * 5 for row in rows])

    kinds = read_stats(path)

    assert [kind.name for kind in kinds] == [
        "public page",
        "save a bid section",
        "bid PDF export",
        "all requests",
    ]
    assert (kinds[1].requests, kinds[1].p50_ms, kinds[1].p95_ms) == (301, 410, 2300)
    assert (kinds[2].p50_ms, kinds[2].p95_ms) == (0, 0)  # none made: no figures, no crash


def test_failures_are_read_in_plain_words(tmp_path):
    path = tmp_path / "locust_failures.csv"
    columns = ["Method", "Name", "Error", "Occurrences", "First Seen", "Last Seen"]
    write_csv(
        path,
        columns,
        [
            ["GET", "public page", "CatchResponseError('server error 502')", 3, 0, 0],
            ["POST", "pledge", 'CatchResponseError("unexpected 400")', 1, 0, 0],
        ],
    )

    assert read_failures(path) == [
        ("public page", "server error 502", 3),
        ("pledge", "unexpected 400", 1),
    ]
    assert read_failures(tmp_path / "none.csv") == []


def test_the_load_test_rewrites_its_own_section_and_leaves_the_benchmark_table(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(BENCH_TABLE)
    first = render_section({"Result": "**PASS**"}, [], ["first run"])

    replace_section(path, first)
    replace_section(path, render_section({"Result": "**FAIL**"}, [], ["second run"]))

    text = path.read_text()
    assert text.startswith(BENCH_TABLE)
    assert text.count(SECTION_START) == 1
    assert "second run" in text and "first run" not in text


def test_make_bench_keeps_the_load_test_section_below_its_new_table(tmp_path):
    path = tmp_path / "benchmarks.md"
    path.write_text(BENCH_TABLE)
    replace_section(path, render_section({"Result": "**PASS**"}, [], ["kept"]))

    rewritten = keep_section("# Benchmarks\n\nA new table\n", path)

    assert rewritten.startswith("# Benchmarks\n\nA new table\n")
    assert "| home | 66.6 |" not in rewritten
    assert rewritten.count(SECTION_START) == 1 and "- kept" in rewritten
    assert keep_section("# Only the table\n", tmp_path / "missing.md") == "# Only the table\n"


@pytest.mark.django_db
def test_a_save_acknowledged_but_missing_from_its_section_is_counted_as_lost(tmp_path, capsys):
    world = make_bid_world()
    section = world.sections[0]
    section.body = "Load test, editor 0: started. e0s0r1"
    section.save()
    acks = tmp_path / "acks.json"
    acks.write_text(
        json.dumps(
            {
                "acknowledged": [
                    {"section": section.pk, "token": "e0s0r1", "outcome": "saved"},
                    {"section": section.pk, "token": "e1s0r2", "outcome": "merged"},
                ],
                "conflicts": 0,
            }
        )
    )

    assert loadtest_data.check(acks) == 1

    counts = json.loads(capsys.readouterr().out)
    assert (counts["acknowledged"], counts["saved"], counts["merged"]) == (2, 1, 1)
    assert counts["missing"] == [{"section": section.pk, "token": "e1s0r2", "outcome": "merged"}]
