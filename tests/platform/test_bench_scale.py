"""make bench's chart of cost as data grows: which scales it measures, the chart's numbers as
a table, the alt text, and the PNG drawn with matplotlib."""

from dataclasses import replace
from pathlib import Path

import pytest

from scripts.bench import chart_path
from scripts.bench_report import NEW_WORDS_ROW, Report, Row, parse_wrk, render_markdown
from scripts.bench_scale import (
    CHART_ROWS,
    ScalePoint,
    chart_alt,
    chart_section,
    chart_table,
    database_url_named,
    draw_chart,
    points_from_rows,
    redis_url_numbered,
    scale_steps,
)

SAMPLES = Path(__file__).parents[1] / "data" / "wrk"


def points():
    return [
        ScalePoint(1, {name: 40.0 + i for i, name in enumerate(CHART_ROWS)}),
        ScalePoint(3, {name: 42.0 + i for i, name in enumerate(CHART_ROWS)}),
        ScalePoint(10, {**{name: 45.0 + i for i, name in enumerate(CHART_ROWS)}, "home": None}),
    ]


@pytest.mark.parametrize(
    ("scale", "steps"), [(10, [1, 3]), (20, [1, 3]), (5, [1, 3]), (3, [1]), (1, [])]
)
def test_the_chart_measures_one_and_three_times_on_the_way_to_the_scale_asked_for(scale, steps):
    assert scale_steps(scale) == steps


def test_the_charts_numbers_are_a_table_a_row_per_page_and_a_column_per_scale():
    lines = chart_table(points())
    assert lines[0] == "| page | p95 ms at 1× | p95 ms at 3× | p95 ms at 10× |"
    assert [line.split(" | ")[0].lstrip("| ") for line in lines[2:]] == list(CHART_ROWS)
    assert f"| {NEW_WORDS_ROW} | 41 | 43 | 46 |" in lines
    assert "| home | 40 | 42 | – |" in lines  # not measured at 10×: a dash, not a zero


def test_the_chart_has_alt_text_naming_every_page_and_scale_and_the_table_below_it():
    section = chart_section(points(), "benchmarks-scale.png")
    image = next(line for line in section if line.startswith("!["))
    alt = chart_alt(points())
    assert image == f"![{alt}](benchmarks-scale.png)"
    assert all(name in alt for name in CHART_ROWS)
    assert "1×, 3×, 10×" in alt
    assert section.index(image) < section.index(chart_table(points())[0])


def test_a_run_without_scale_data_says_why_it_has_no_chart():
    section = chart_section([ScalePoint(1)], "benchmarks-scale.png")
    assert not any(line.startswith("![") for line in section)
    assert "No chart in this run" in "\n".join(section)


def test_the_chart_is_drawn_as_a_png(tmp_path):
    path = tmp_path / "docs" / "benchmarks-scale.png"
    draw_chart(points(), path)
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (800, 500)


def test_the_last_point_comes_from_the_full_tables_uncached_figures():
    load = parse_wrk((SAMPLES / "home.txt").read_text())
    rows = [
        Row("home", "/", "public", uncached=load),
        Row("bid page", "/bids/x/", "members", uncached=replace(load, p95_ms=77.0)),
        Row("organisation directory", "/organisations/", "public", problem="answered 500"),
    ]
    point = points_from_rows(10, rows)
    assert point.scale == 10
    assert point.p95_ms["home"] == load.p95_ms
    assert point.p95_ms["bid page"] == 77.0
    assert point.p95_ms["organisation directory"] is None
    assert set(point.p95_ms) == set(CHART_ROWS)


def test_the_report_ends_with_the_chart_section_and_begins_by_saying_what_the_rows_mean():
    report = Report(rows=[], sections=chart_section(points(), "benchmarks-scale.png"))
    markdown = render_markdown(report)
    assert markdown.rstrip().endswith(chart_table(points())[-1])
    assert "## Cost as data grows" in markdown
    intro = markdown[: markdown.index("|")]
    for name in ("autocomplete, a new prefix", "to-do page", "conversation page"):
        assert name in intro
    assert "bid PDF, kept from before" in intro


def test_the_chart_sits_beside_the_report_and_each_scale_has_its_own_database_and_cache():
    assert chart_path(Path("docs/benchmarks.md")) == Path("docs/benchmarks-scale.png")
    url = "postgres://postgres@127.0.0.1:5555/shoal"
    assert (
        database_url_named(url, "shoal_scale_1")
        == "postgres://postgres@127.0.0.1:5555/shoal_scale_1"
    )
    assert redis_url_numbered("redis://127.0.0.1:6000/0", 2) == "redis://127.0.0.1:6000/2"


def test_each_smaller_scale_is_generated_and_measured_in_its_own_copy_then_dropped(
    monkeypatch, tmp_path
):
    import scripts.bench_scale as bench_scale
    import scripts.bench_server as bench_server

    done = []
    monkeypatch.setattr(bench_scale, "copy_database", lambda url, name: done.append(name) or name)
    monkeypatch.setattr(bench_scale, "drop_database", lambda url: done.append(f"drop {url}"))

    def manage(env, *args, timeout):
        done.append(f"{' '.join(args)} in {env['DATABASE_URL']} cache {env['CACHE_URL']}")

    def probe(env, folder, page_cache, only, name):
        assert env["PAGE_CACHE"] == page_cache == "off" and set(only) == set(CHART_ROWS)
        pages = [
            {"name": n, "path": f"/{i}/", "audience": "public", "status": 200}
            for i, n in enumerate(CHART_ROWS)
        ]
        pages[-1]["status"] = 500
        return {"pages": pages, "facts": {"search_words": "Ashby Ashwell"}}

    class Server:
        port = 1

        def __init__(self, env, folder, name):
            done.append(f"serve {name}")

        def stop(self):
            done.append("stop")

    load = parse_wrk((SAMPLES / "home.txt").read_text())

    def measure(server, row, seconds, cookie, folder, mode):
        assert seconds == 5 and (row.search_words != "") == (row.name == NEW_WORDS_ROW)
        return replace(load, p95_ms=float(len(row.path)))

    for name, fake in [
        ("manage", manage),
        ("probe", probe),
        ("Gunicorn", Server),
        ("measure", measure),
        ("sign_in", lambda port, user: "cookie"),
    ]:
        monkeypatch.setattr(bench_server, name, fake)
    monkeypatch.setattr(bench_server, "log", lambda text: None)
    env = {"DATABASE_URL": "postgres://p@h/shoal", "CACHE_URL": "redis://h:1/0"}

    found = bench_scale.measure_steps(env, tmp_path, 10, 5, "lead")

    assert [point.scale for point in found] == [1, 3]
    assert done[:2] == [
        "shoal_scale_1",
        "generate_scale_data --scale 1 in shoal_scale_1 cache redis://h:1/1",
    ]
    assert "generate_scale_data --scale 3 in shoal_scale_3 cache redis://h:1/2" in done
    assert done.count("stop") == 2 and done[-1] == "drop shoal_scale_3"
    assert found[0].p95_ms["home"] == 3.0
    assert found[0].p95_ms["bid page"] is None  # answered 500 in-process: not measured
