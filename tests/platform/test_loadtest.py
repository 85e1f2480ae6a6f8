"""make loadtest's own parts: reading locust's CSV, rewriting only its own section of
docs/benchmarks.md (which make bench keeps), and counting lost edits. (The load test itself
runs with make loadtest.)"""

import csv
import json

import pytest
from django.urls import reverse

from consortium.models import DraftDocument
from scripts import loadtest_data, loadtest_pdf
from scripts.loadtest_report import (
    SECTION_START,
    keep_section,
    read_failures,
    read_stats,
    render_section,
    replace_section,
)
from tests.bids.export_world import bid_fixture as bid_fixture
from tests.bids.export_world import download
from tests.bids.export_world import personas_fixture as personas_fixture
from tests.bids.export_world import worker_fixture as worker_fixture
from tests.bids.world import make_bid_world
from tests.personas import client_for

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


class Answer:
    """What locust hands the simulated person: the body as bytes and as text."""

    def __init__(self, response):
        self.content = response.content
        self.text = response.content.decode("latin-1")


@pytest.mark.django_db
def test_a_pdf_downloader_follows_the_being_prepared_page_to_the_pdf(
    p, bid, worker_in_the_background
):
    """The load test's people download as a browser without JavaScript does: the page saying
    the PDF is being prepared is an answer they expect, and its refresh leads to the PDF once
    the background worker has made it. Anything else is a failure."""
    lead = client_for("member", p)
    waiting = Answer(download(lead, bid, "pdf"))

    assert not loadtest_pdf.is_pdf(waiting.content)
    assert loadtest_pdf.problem(waiting) is None
    seconds, url = loadtest_pdf.refresh(waiting.text)
    assert seconds == 3
    [document] = DraftDocument.objects.all()
    assert url == reverse("bids:export_pdf", args=[bid.slug]) + f"?file={document.pk}"
    # Not made yet: the refresh shows the same page again.
    assert loadtest_pdf.refresh(Answer(lead.get(url)).text) == (seconds, url)

    worker_in_the_background()

    ready = Answer(lead.get(url))
    assert loadtest_pdf.is_pdf(ready.content)
    assert loadtest_pdf.problem(ready) is None
    assert loadtest_pdf.refresh(ready.text) is None
    # Any other page (here the bid's) is neither: a failure, with the reason.
    other = Answer(lead.get(bid.get_absolute_url()))
    assert loadtest_pdf.refresh(other.text) is None
    assert loadtest_pdf.problem(other) == (
        "neither the PDF nor the page saying it is being prepared"
    )
