"""When the PDF renderer fails: the person is told to try again in a few minutes, their bid
is saved, and the failure is logged for the operator; the next try works."""

import logging

import pytest
from weasyprint import HTML

from consortium.models import JointBid

# The fixtures bid and p (the redundant aliases tell ruff that the imports are wanted),
# and the download helpers.
from tests.bids.export_world import bid_fixture as bid_fixture
from tests.bids.export_world import download, pdf_text, squash
from tests.bids.export_world import personas_fixture as personas_fixture
from tests.personas import client_for
from tests.platform.test_valid_html import validate

pytestmark = pytest.mark.django_db

MESSAGE = "We could not make the PDF just now. Try again in a few minutes; your bid is saved."


def test_a_failing_pdf_render_says_try_again_and_is_logged(p, bid, monkeypatch, caplog, tmp_path):
    def out_of_memory(self, *args, **kwargs):
        raise MemoryError("WeasyPrint ran out of memory")

    monkeypatch.setattr(HTML, "write_pdf", out_of_memory)
    client = client_for("member", p)

    response = download(client, bid, "pdf")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert response["Retry-After"] == "120"
    page = response.content.decode()
    assert MESSAGE in page
    assert "MemoryError" not in page and "Traceback" not in page
    assert f'href="/bids/{bid.slug}/export/pdf/"' in page  # "Try again"
    (tmp_path / "export-failed.html").write_bytes(response.content)
    assert validate(tmp_path) == ""
    record = next(r for r in caplog.records if r.name == "consortium.bids.exports.drafts")
    assert record.levelno == logging.ERROR and record.exc_info[0] is MemoryError
    assert bid.slug in record.getMessage()
    assert JointBid.objects.filter(pk=bid.pk, title=bid.title, version=bid.version).exists()

    # When the renderer works again, so does the same link.
    monkeypatch.undo()
    again = download(client, bid, "pdf")
    assert again.status_code == 200 and again["Content-Type"] == "application/pdf"
    assert squash(bid.title) in pdf_text(again.content)[0]


def test_a_failing_word_export_of_a_past_version_says_so_for_the_word_file(p, bid, monkeypatch):
    def broken(snap):
        raise ValueError("python-docx could not read the template")

    monkeypatch.setattr("consortium.bids.exports.docx.render_docx", broken)

    response = download(client_for("member", p), bid, "docx", version=1)

    assert response.status_code == 503
    page = response.content.decode()
    assert "We could not make the Word file just now." in page
    assert "?version=1" in page
