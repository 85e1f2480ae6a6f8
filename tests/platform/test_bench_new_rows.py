"""make bench's rows for issue 22: questions never asked before, the new members' pages, the
kept bid PDF and /healthz/, each ending PASS or MISS; and wrk_report.lua asking something new
on every request (driven by the real wrk against a server that notes what it was asked)."""

import contextlib
import re
import shutil
from dataclasses import replace
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from home.demo import words
from scripts.bench_report import (
    AUTOCOMPLETE_ROW,
    KEPT_PDF_ROW,
    NEW_WORDS_ROW,
    Report,
    Row,
    parse_wrk,
    render_markdown,
    verdicts,
)
from scripts.bench_server import wrk
from tests.loopback import serving

SAMPLES = Path(__file__).parents[1] / "data" / "wrk"
PLACES = ["Ashby", "Ashwell", "Barnford", "Beckley", "Birchwood", "Bramley", "Brookfield"]


@pytest.fixture(scope="module")
def healthz():
    return parse_wrk((SAMPLES / "healthz.txt").read_text())


def at(load, healthz, percent, p95_ms=None):
    """``load`` at ``percent`` of /healthz/'s throughput (and with ``p95_ms``, if given)."""
    changed = replace(load, requests_per_second=healthz.requests_per_second * percent / 100)
    return changed if p95_ms is None else replace(changed, p95_ms=p95_ms)


def judged(row, healthz):
    return [str(v) for v in verdicts(row, healthz, healthz)]


def test_search_for_new_words_needs_the_public_bar_with_the_cache_on_not_the_cached_target(
    healthz,
):
    page = Row(NEW_WORDS_ROW, "/search/?query=Ashby+Ashwell", "public", queries=6)
    page.uncached = at(healthz, healthz, 2.6, p95_ms=90.0)
    page.cached = at(healthz, healthz, 2.4, p95_ms=95.0)
    assert judged(page, healthz) == [
        "PASS ≥2.5% (2.60%)",
        "PASS ≤15 queries (6)",
        "MISS ≥2.5% cache on (2.40%)",
        "PASS p95 <100 ms (95 ms)",
    ]
    assert not any("cached ≥40%" in verdict for verdict in judged(page, healthz))


def test_autocomplete_for_a_new_prefix_must_answer_within_50_ms_at_the_95th_percentile(healthz):
    page = Row(AUTOCOMPLETE_ROW, "/search/autocomplete/?query=Ashby+Bra", "public", queries=3)
    page.uncached = at(healthz, healthz, 10, p95_ms=49.0)
    page.cached = at(healthz, healthz, 10, p95_ms=30.0)
    results = judged(page, healthz)
    assert results[-1] == "PASS p95 <50 ms (49 ms)"
    assert "PASS ≥2.5% cache on (10.00%)" in results
    assert not any("<100 ms" in verdict or "cached ≥40%" in verdict for verdict in results)
    page.uncached = replace(page.uncached, p95_ms=60.0)
    assert judged(page, healthz)[-1] == "MISS p95 <50 ms (60 ms)"


def test_the_bid_pdf_kept_from_before_must_come_within_50_ms_whatever_its_share(healthz):
    page = Row(KEPT_PDF_ROW, "/bids/riverside/export/pdf/", "members", queries=9)
    page.uncached = at(healthz, healthz, 1, p95_ms=40.0)
    page.cached = at(healthz, healthz, 1, p95_ms=45.0)
    assert judged(page, healthz) == ["PASS ≤15 queries (9)", "PASS p95 <50 ms (45 ms)"]
    page.cached = replace(page.cached, p95_ms=3400.0)
    assert judged(page, healthz)[-1] == "MISS p95 <50 ms (3400 ms)"


def test_healthz_passes_only_when_every_request_answered(healthz):
    probe = Row("/healthz/", "/healthz/", "probe", uncached=healthz, cached=healthz)
    assert judged(probe, healthz) == ["PASS no errors"]
    probe.cached = replace(healthz, errors=3)
    total = 2 * healthz.requests
    assert judged(probe, healthz) == [f"MISS no errors (3 of {total} requests failed)"]


def test_a_conversation_missing_from_the_data_says_so_and_misses(healthz):
    page = Row(
        "conversation page", "", "members", problem="no conversation of the lead's organisations"
    )
    assert judged(page, healthz) == ["MISS no conversation of the lead's organisations"]
    line = next(x for x in render_markdown(Report(rows=[page])).splitlines() if "| conv" in x)
    assert line.startswith("| conversation page | – | – |")


def test_every_row_of_the_table_ends_with_pass_or_miss(healthz):
    slow = at(healthz, healthz, 1.0, p95_ms=500.0)
    rows = [
        Row("/healthz/", "/healthz/", "probe", uncached=healthz, cached=healthz),
        Row("home", "/", "public", queries=4, uncached=slow, cached=healthz),
        Row(NEW_WORDS_ROW, "/search/?query=A+B", "public", queries=6, uncached=slow, cached=slow),
        Row(AUTOCOMPLETE_ROW, "/search/autocomplete/?query=A+Bra", "public", uncached=slow),
        Row("to-do page", "/members/to-do/", "members", queries=7, uncached=slow, cached=slow),
        Row("conversation page", "", "members", problem="no conversation in the data"),
        Row(KEPT_PDF_ROW, "/bids/x/export/pdf/", "members", queries=5, uncached=slow),
        Row("bid history", "/bids/x/history/", "members"),  # nothing measured, no reason given
    ]
    markdown = render_markdown(Report(rows=rows))
    table = [line for line in markdown.splitlines() if line.startswith("| ")][1:]
    assert len(table) == len(rows)
    for line in table:
        targets = line.rstrip(" |").split(" | ")[-1]
        assert targets, line
        assert all(part.startswith(("PASS ", "MISS ")) for part in targets.split("; ")), line
    assert "MISS not measured" in markdown


# --- wrk_report.lua, driven by wrk -----------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    paths = []

    def do_GET(self):
        self.paths.append(self.path)
        body = b"{}"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def recording():
    """A server that records what wrk asks in ``Recorder.paths``, a new list for each
    server (a late request to an earlier one goes to that one's list). wrk itself comes with
    `make test` (the Makefile's chromium target installs it beside Java)."""
    assert shutil.which("wrk"), "wrk is not installed: `make test` installs it"
    Recorder.paths = []
    with serving(type("OneServersRecorder", (Recorder,), {"paths": Recorder.paths})) as server:
        yield server


@pytest.fixture
def recorder():
    with recording() as server:
        yield server


def test_autocomplete_asks_a_place_and_a_new_prefix_of_another_on_every_request(recorder):
    port = recorder.server_address[1]
    places = [place for place in words.PLACES if place.isalpha()]  # as make bench gives them
    output = wrk(port, "/search/autocomplete/?query=Ashby+Ash", 1, None, " ".join(places), run=1)
    asked = list(Recorder.paths)
    assert parse_wrk(output).requests > 10
    assert len(asked) == len(set(asked)), "a prefix was asked twice"
    shape = re.compile(r"/search/autocomplete/\?query=([A-Za-z]+)\+([A-Za-z]{3,5})")
    for path in asked:
        first, prefix = shape.fullmatch(path).groups()
        assert first in places
        assert any(place.startswith(prefix) for place in places)


def search_pair(k):
    """What the script asks at step ``k`` of its list of pairs (the first word turns fastest)."""
    return f"/search/?query={PLACES[k % 7]}+{PLACES[k // 7 % 7]}"


def test_each_run_and_thread_starts_at_its_own_eighth_of_the_pairs():
    """Four runs (warm-up and measurement, with the page cache off and on) never start on
    the same pairs: what one asked, another would find kept."""
    places = " ".join(PLACES)
    eighth = 49 // 8  # seven words make 49 pairs; each run and thread starts an eighth on
    starts = {}
    for run in (0, 1, 2, 3):
        # A server of its own for each run: on a busy machine, requests of the run before
        # could still be recorded after it ended.
        with recording() as server:
            wrk(server.server_address[1], "/search/?query=Ashby+Ashwell", 1, None, places, run=run)
            starts[run] = Recorder.paths[0]
        assert all(re.fullmatch(r"/search/\?query=[A-Za-z]+\+[A-Za-z]+", p) for p in Recorder.paths)
    # Each thread's two connections first ask the first pairs of its eighth. wrk asks the
    # first thread's script for one request before the run (to check it), so that thread's
    # connections may start one pair later: n is 0 to 2, never past the thread's third pair.
    for run, first in starts.items():
        firsts = {
            search_pair((run * 2 + thread) * eighth + n) for thread in (0, 1) for n in (0, 1, 2)
        }
        assert first in firsts
    assert len(set(starts.values())) == 4
