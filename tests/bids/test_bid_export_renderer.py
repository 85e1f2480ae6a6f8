"""The PDF renderer of the bid exports: text people typed is printed as text, and the
renderer fetches nothing but the project's own static files and media."""

import pytest

from consortium.bids.exports import pdf
from consortium.bids.exports.snapshot import snapshot

# The fixtures bid and p (the redundant aliases tell ruff that the imports are wanted).
from tests.bids.export_world import bid_fixture as bid_fixture
from tests.bids.export_world import personas_fixture as personas_fixture
from tests.hostile import listener

pytestmark = pytest.mark.django_db


def test_text_people_typed_is_printed_as_text_never_run_as_markup(p, bid):
    bid.title = '<script>alert(1)</script><img src="http://127.0.0.1:9/x.png">'
    bid.save()
    snap = snapshot(bid, p.org_admin)
    html = pdf.render_html(snap)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src="http' not in html


@pytest.fixture
def sentinel_server():
    """A local web server that counts every request made to it."""
    with listener() as found:
        yield found


def test_the_renderer_fetches_nothing_remote_and_no_file_paths(sentinel_server):
    base, hits = sentinel_server
    html = (
        f'<html lang="en-GB"><head><title>T</title>'
        f'<link rel="stylesheet" href="{base}/style.css"></head><body>'
        f'<img src="{base}/tracker.png" alt="">'
        '<img src="file:///etc/passwd" alt="">'
        '<img src="/static/../../../../etc/passwd" alt="">'
        '<img src="/media/../../../etc/passwd" alt="">'
        '<img src="/etc/passwd" alt="">'
        "<p>Hello</p></body></html>"
    )
    fetcher = pdf.RestrictedURLFetcher()
    content = pdf.html_to_pdf(html, fetcher)
    assert content.startswith(b"%PDF")
    assert hits == []
    assert fetcher.fetched == []
    assert f"{base}/tracker.png" in fetcher.refused
    assert f"{base}/style.css" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert pdf.BASE_URL + "etc/passwd" in fetcher.refused  # what "/static/../../etc" becomes


def test_the_renderer_may_read_the_projects_own_static_files():
    html = (
        '<html lang="en-GB"><head><title>T</title></head><body>'
        '<img src="/static/shoal/favicon.svg" alt="Shoal"><p>Hi</p></body></html>'
    )
    from django.contrib.staticfiles import finders

    assert finders.find("shoal/favicon.svg"), "the test needs a static file"
    fetcher = pdf.RestrictedURLFetcher()
    pdf.html_to_pdf(html, fetcher)
    assert fetcher.fetched == [pdf.BASE_URL + "static/shoal/favicon.svg"]


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/a.png",
        "https://169.254.169.254/latest/meta-data/",
        "file:///etc/passwd",
        "https://export.shoal.invalid/etc/passwd",
        "https://export.shoal.invalid/static/../../etc/passwd",
        "https://export.shoal.invalid/static//etc/passwd",
        "https://export.shoal.invalid/media/%2e%2e/%2e%2e/etc/passwd",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_anything_but_static_files_and_media(url):
    with pytest.raises(pdf.Refused):
        pdf.RestrictedURLFetcher.local_path(url)
