"""The PDF (and Word file) of a bid not yet submitted: made once by the background worker,
then served from storage to readers who see the same, until the bid changes; when it is not
ready within a second or two, a page says it is being prepared and the download follows."""

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.sql.compiler import SQLCompiler
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from consortium.bids import versions as bids
from consortium.bids.exports import drafts
from consortium.models import DraftDocument, DraftStage

# The fixtures bid and p (the redundant aliases tell ruff that the imports are wanted).
from tests.bids.export_world import PRIVATE_LINE, add_people, download, pdf_text, squash
from tests.bids.export_world import bid_fixture as bid_fixture
from tests.bids.export_world import personas_fixture as personas_fixture
from tests.bids.export_world import worker_fixture as worker_fixture
from tests.personas import client_for
from tests.platform.test_valid_html import validate

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """The PDFs made, counted."""
    made = []
    render = drafts.pdf.render_pdf

    def counted(snap):
        made.append(snap.version)
        return render(snap)

    monkeypatch.setattr(drafts.pdf, "render_pdf", counted)
    return made


def signed_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_a_drafts_pdf_asked_for_again_comes_from_storage_not_a_new_rendering(p, bid, renders):
    lead = client_for("member", p)
    first = download(lead, bid, "pdf")
    again = download(lead, bid, "pdf")
    assert first.status_code == again.status_code == 200
    assert again["Content-Type"] == "application/pdf"
    assert again.content == first.content
    assert renders == [1]
    assert 'filename="warm-spaces-for-fernlea-v1.pdf"' in again["Content-Disposition"]
    # Another of the lead's people sees the same lines: the same file.
    assert download(client_for("org_admin", p), bid, "pdf").content == first.content
    assert renders == [1]


def test_a_kept_pdf_is_found_with_sql_worked_out_once_per_process(p, bid, renders, monkeypatch):
    """The bid, the reader's places in the consortium, the stamp and the document are asked
    on every download: their SQL is compiled the first time (``consortium.compiled``) and
    only run after that, and the document is read without joining the bid to sort one row."""
    download(client_for("member", p), bid, "pdf")
    built = []
    as_sql = SQLCompiler.as_sql

    def recorded(compiler, *args, **kwargs):
        sql, params = as_sql(compiler, *args, **kwargs)
        built.append(sql)
        return sql, params

    monkeypatch.setattr(SQLCompiler, "as_sql", recorded)
    with CaptureQueriesContext(connection) as queries:
        again = download(client_for("member", p), bid, "pdf")
    assert again.status_code == 200 and again["Content-Type"] == "application/pdf"
    assert renders == [1]
    tables = ("consortium_jointbid", "consortium_consortiummember", "consortium_draftdocument")
    assert [sql for sql in built if any(table in sql for table in tables)] == []
    [document] = [q["sql"] for q in queries.captured_queries if "draftdocument" in q["sql"]]
    assert "JOIN" not in document


def test_a_partner_is_never_served_the_file_made_for_the_lead(p, bid, renders):
    extra = add_people(p)
    lead_text, _ = pdf_text(download(client_for("member", p), bid, "pdf").content)
    assert squash(PRIVATE_LINE) in lead_text
    sub_text, _ = pdf_text(download(signed_in(extra["subcontractor"]), bid, "pdf").content)
    assert squash(PRIVATE_LINE) not in sub_text
    owner_text, _ = pdf_text(download(client_for("other_member", p), bid, "pdf").content)
    assert squash(PRIVATE_LINE) in owner_text
    assert len(renders) == 3
    assert DraftDocument.objects.filter(bid=bid).count() == 3


def test_when_the_bid_changes_its_pdf_is_made_again_and_old_files_go(p, bid, renders):
    lead = client_for("member", p)
    download(lead, bid, "pdf")
    for _ in range(4):
        bids.content_changed(bid, p.org_admin, "The budget")
        download(lead, bid, "pdf")
    assert renders == [1, 2, 3, 4, 5]
    # Files asked for in the last few minutes are kept, though the bid has moved on: someone
    # may be on the "being prepared" page of one, waiting for it.
    assert DraftDocument.objects.filter(bid=bid).count() == 5
    DraftDocument.objects.update(requested_at=F("requested_at") - drafts.WAITED_FOR)
    download(lead, bid, "pdf", version=4)  # a past version: "as at", a file of its own
    download(lead, bid, "pdf", version=4)
    assert renders == [1, 2, 3, 4, 5, 4]
    # The current version and the past one asked for are kept; the files made while
    # versions 1 to 4 were current, no longer waited for, are removed.
    kept = DraftDocument.objects.filter(bid=bid).values_list("version", "stamp")
    assert sorted(v for v, _ in kept) == [4, 5]
    assert dict(kept)[4] == ""
    # A sign-off changes the document without a new version: made again too.
    bids.sign_off(bid, p.organisation, p.org_admin)
    text, _ = pdf_text(download(lead, bid, "pdf").content)
    assert renders[-1] == 5 and len(renders) == 7
    assert squash(p.organisation.name) in text


def test_a_partner_organisation_renamed_gets_its_new_name_in_the_drafts_pdf(p, bid, renders):
    lead = client_for("member", p)
    download(lead, bid, "pdf")
    partner = p.other_organisation
    partner.name = "Fernlea Good Neighbours"
    partner.save()
    text, _ = pdf_text(download(lead, bid, "pdf").content)
    assert renders == [1, 1]
    assert squash("Fernlea Good Neighbours") in text


def test_a_pdf_not_ready_in_time_shows_its_progress_then_downloads(
    p, bid, worker_in_the_background, tmp_path
):
    lead = client_for("member", p)
    waiting = download(lead, bid, "pdf")

    assert waiting.status_code == 200
    assert waiting["Content-Type"].startswith("text/html")
    assert waiting["Cache-Control"] == "private, no-store"
    page = waiting.content.decode()
    assert "Your PDF is being prepared" in page
    assert 'role="status"' in page and 'aria-live="polite"' in page
    assert "10% done" in page and "Waiting for its turn" in page
    [document] = DraftDocument.objects.filter(bid=bid)
    url = reverse("bids:export_pdf", args=[bid.slug]) + f"?file={document.pk}"
    # Without JavaScript, the page refreshes to the download of the file asked for.
    assert f'<meta http-equiv="refresh" content="3; url={url}">' in page
    (tmp_path / "export-preparing.html").write_bytes(waiting.content)
    assert validate(tmp_path) == ""

    status_url = reverse("bids:export_pdf_status", args=[bid.slug]) + f"?file={document.pk}"
    assert f'data-status-url="{status_url}"' in page
    status = lead.get(status_url).json()
    assert status == {
        "stage": "queued",
        "label": "Waiting for its turn",
        "percent": 10,
        "ready": False,
        "failed": False,
        "download_url": url,
    }
    assert DraftDocument.objects.filter(bid=bid).count() == 1  # asked once, queued once

    worker_in_the_background()

    assert lead.get(status_url).json()["ready"] is True
    ready = lead.get(url)
    assert ready.status_code == 200 and ready["Content-Type"] == "application/pdf"
    assert squash(bid.title) in pdf_text(ready.content)[0]


def test_the_file_asked_for_comes_even_while_partners_go_on_editing_the_bid(
    p, bid, worker_in_the_background
):
    """Each save is a new version: a refresh that asked for the current version again would
    queue a newer file each time, and the person would wait for ever. The "being prepared"
    page names the file asked for, and its refresh serves that file: the bid as it was when
    the person asked."""
    lead = client_for("member", p)
    download(lead, bid, "pdf")
    [asked] = DraftDocument.objects.filter(bid=bid)
    url = reverse("bids:export_pdf", args=[bid.slug]) + f"?file={asked.pk}"
    for _ in range(3):  # partners save while the worker is busy
        bids.content_changed(bid, p.org_admin, "The budget")
        waiting = lead.get(url)
        assert "Your PDF is being prepared" in waiting.content.decode()
    assert DraftDocument.objects.filter(bid=bid).count() == 1  # nothing new was queued

    worker_in_the_background()

    ready = lead.get(url)
    assert ready["Content-Type"] == "application/pdf"
    assert 'filename="warm-spaces-for-fernlea-v1.pdf"' in ready["Content-Disposition"]
    # Asking afresh (no file named) gets the bid as it is now.
    download(lead, bid, "pdf")
    assert DraftDocument.objects.filter(bid=bid, version=4).exists()


def test_a_file_named_in_the_address_is_served_only_to_readers_who_see_what_it_holds(
    p, bid, worker_in_the_background
):
    """A subcontractor does not see the lead's private budget lines: naming the lead's file
    in the address gets them their own file, never the lead's."""
    extra = add_people(p)
    download(client_for("member", p), bid, "pdf")
    [leads] = DraftDocument.objects.filter(bid=bid)
    worker_in_the_background()
    sub = signed_in(extra["subcontractor"])
    answer = sub.get(reverse("bids:export_pdf", args=[bid.slug]) + f"?file={leads.pk}")
    assert "Your PDF is being prepared" in answer.content.decode()
    [theirs] = DraftDocument.objects.filter(bid=bid).exclude(pk=leads.pk)
    assert theirs.audience != leads.audience
    worker_in_the_background()
    text, _ = pdf_text(sub.get(reverse("bids:export_pdf", args=[bid.slug])).content)
    assert squash(PRIVATE_LINE) not in text
    # A number that is no file, or not a number at all: the reader's own file, no error.
    for junk in ("999999", "abc", "9" * 40):
        answer = sub.get(reverse("bids:export_pdf", args=[bid.slug]) + f"?file={junk}")
        assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"


def test_a_file_the_worker_could_not_make_says_so_and_try_again_makes_it_afresh(
    p, bid, worker_in_the_background, monkeypatch
):
    def broken(snap):
        raise MemoryError("WeasyPrint ran out of memory")

    def work_queued():  # what the worker does with each queued file
        for document in DraftDocument.objects.filter(stage=DraftStage.QUEUED):
            drafts.make_draft.func(document.pk, p.member.pk)

    working = drafts.pdf.render_pdf
    monkeypatch.setattr(drafts.pdf, "render_pdf", broken)
    lead = client_for("member", p)
    download(lead, bid, "pdf")
    work_queued()
    status_url = reverse("bids:export_pdf_status", args=[bid.slug])
    assert lead.get(status_url).json()["failed"] is True

    failed = download(lead, bid, "pdf")
    assert failed.status_code == 503
    assert "We could not make the PDF just now" in failed.content.decode()

    monkeypatch.setattr(drafts.pdf, "render_pdf", working)
    download(lead, bid, "pdf")  # "Try again": queued afresh
    assert DraftDocument.objects.get(bid=bid).stage == DraftStage.QUEUED
    work_queued()
    assert download(lead, bid, "pdf")["Content-Type"] == "application/pdf"


def test_the_status_of_a_bid_you_cannot_see_is_not_found_and_a_bad_version_is_refused(p, bid):
    status_url = reverse("bids:export_pdf_status", args=[bid.slug])
    assert client_for("volunteer", p).get(status_url).status_code == 404
    assert client_for("anonymous", p).get(status_url).status_code == 302
    refused = client_for("member", p).get(status_url, {"version": "99"})
    assert refused.status_code == 400
    assert refused.json() == {"error": "Not a file you can download"}
