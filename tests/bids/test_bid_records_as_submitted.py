"""A submitted bid stays as it was sent: handing the lead on, renaming an organisation or the
consortium, or changing the print template afterwards changes nothing in the documents of
that version, and the lead and staff get back the very files kept at submission."""

import hashlib
import logging

import pytest
from django.urls import reverse

from consortium.bids import consortia, moves
from consortium.bids import versions as bids
from consortium.bids.exports import pdf, stored
from consortium.models import (
    BidState,
    ConsortiumMember,
    IncomeBand,
    JointBid,
    Organisation,
    SubmittedDocument,
)
from tests.bids.export_world import docx_text, pdf_text, squash
from tests.bids.world import add_line, make_bid_world, make_ready

pytestmark = pytest.mark.django_db

OLD_LEAD = "Brookside Community Trust"
PRIVATE = "Partner's sessional rates"


@pytest.fixture
def w():
    world = make_bid_world()  # every organisation's income is £10,000 to £100,000
    add_line(world.bid, world.lead_org, 1200, description="Advice coordinator")
    add_line(world.bid, world.partner_org, 2500, description=PRIVATE, is_private=True)
    make_ready(world.bid)
    return world


def submit(w):
    moves.move(w.bid, BidState.INTERNAL_REVIEW, w.lead)
    moves.move(w.bid, BidState.AWAITING_SIGN_OFF, w.lead)
    for organisation in (w.lead_org, w.partner_org):
        bids.sign_off(w.bid, organisation, w.lead)
    moves.move(w.bid, BidState.SUBMITTED, w.lead)
    w.bid.refresh_from_db()


def everything_changes_afterwards(w):
    """The issue's scenario: the lead is handed on, then organisations and the consortium
    are renamed and re-registered."""
    new_lead = ConsortiumMember.objects.get(consortium=w.consortium, organisation=w.partner_org)
    consortia.hand_on(w.consortium, new_lead, w.lead)
    lead = Organisation.objects.get(pk=w.lead_org.pk)
    lead.name, lead.charity_number = "Brookside Renamed", "1999999"
    lead.income_band = IncomeBand.OVER_1M
    lead.save()
    w.consortium.name = "A New Consortium Name"
    w.consortium.save()


def download(w, persona, kind, version=None):
    url = reverse(f"bids:export_{kind}", args=[w.bid.slug])
    return w.client(persona).get(url + (f"?version={version}" if version else ""))


def test_handing_on_the_lead_and_renaming_after_submission_leaves_the_documents_as_sent(w):
    submit(w)  # the files are not kept here (no commit): every document below is rendered
    everything_changes_afterwards(w)

    for persona in ("staff", "subcontractor", "lead"):
        text, _ = pdf_text(download(w, persona, "pdf", version=w.bid.version).content)
        assert squash(f"Lead organisation{OLD_LEAD}") in text, persona
        assert squash("Charity Commission: 1090095") in text
        assert "1999999" not in text and squash("Brookside Renamed") not in text
        assert squash("Brookside Advice Partnership") in text
        assert squash("A New Consortium Name") not in text
        assert squash("£10,000 to £100,000") in text and squash("Over £1 million") not in text

    words, document = docx_text(download(w, "subcontractor", "docx").content)
    assert f"Lead organisation | {OLD_LEAD}" in words
    assert "Brookside Renamed" not in words and "A New Consortium Name" not in words
    partners = document.tables[1]
    roles = {row.cells[0].text: row.cells[1].text for row in partners.rows[1:]}
    assert roles[OLD_LEAD] == "Lead" and roles["Millbank Advice Centre"] == "Partner"
    assert "Charity Commission: 1090095" in words


def test_a_past_version_names_the_organisations_as_they_were_then(w):
    bids.content_changed(w.bid, w.lead, "The budget")  # version 2 begins
    bids.content_changed(w.bid, w.lead, "The budget")  # version 3 begins
    everything_changes_afterwards(w)  # while the bid is at version 3
    text, _ = pdf_text(download(w, "staff", "pdf", version=2).content)
    assert squash(f"Lead organisation{OLD_LEAD}") in text
    assert squash("Brookside Renamed") not in text and "1999999" not in text
    now, _ = pdf_text(download(w, "staff", "pdf").content)
    assert squash("Lead organisationMillbank Advice Centre") in now
    assert squash("Brookside Renamed") in now


def test_the_files_kept_at_submission_are_served_byte_for_byte_whatever_changes(
    w, monkeypatch, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(w)
    kept = {d.format: d for d in SubmittedDocument.objects.filter(bid=w.bid)}
    assert set(kept) == {"pdf", "docx"} and all(d.version == w.bid.version for d in kept.values())
    first = {kind: download(w, "lead", kind).content for kind in kept}
    for kind, body in first.items():
        assert hashlib.sha256(body).hexdigest() == kept[kind].sha256
    text, _ = pdf_text(first["pdf"])
    assert squash(f"{PRIVATE} (Private)") in text  # the funder's copy has every line, marked

    everything_changes_afterwards(w)
    monkeypatch.setattr(pdf, "render_html", lambda snap: "<p>A new print template</p>")
    for persona in ("partner", "staff"):  # the partner who leads now, and staff
        for kind, body in first.items():
            assert download(w, persona, kind).content == body
            assert download(w, persona, kind, version=w.bid.version).content == body

    # The old lead, now a partner that may not see the private line, gets its own rendering.
    mine = download(w, "lead", "docx").content
    assert mine != first["docx"]
    words, _ = docx_text(mine)
    assert PRIVATE not in words and "£2,500" not in words
    assert "1 of 2 budget lines is private to other partners and not shown here." in words


def test_the_export_page_says_the_files_are_kept_and_shows_their_hashes(
    w, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(w)
    url = reverse("bids:export", args=[w.bid.slug])
    page = w.client("lead").get(url).content.decode()
    for document in SubmittedDocument.objects.filter(bid=w.bid):
        assert document.sha256 in page
    assert "exactly as they were made then" in page and "is exactly those files" in page
    partner = w.client("partner").get(url).content.decode()
    assert "made for you when you ask" in partner


def test_a_renderer_failing_at_submission_does_not_stop_it_and_the_files_are_made_later(
    w, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    def broken(snap):
        raise OSError("The PDF renderer fell over")

    monkeypatch.setitem(stored.RENDERERS, "pdf", broken)
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        submit(w)
    assert JointBid.objects.get(pk=w.bid.pk).state == BidState.SUBMITTED
    assert "Could not keep the submitted files" in caplog.text
    assert not SubmittedDocument.objects.filter(bid=w.bid, format="pdf").exists()
    page = w.client("lead").get(reverse("bids:export", args=[w.bid.slug])).content.decode()
    assert "could not be made when the bid was submitted" in page

    monkeypatch.setitem(stored.RENDERERS, "pdf", pdf.render_pdf)
    body = download(w, "lead", "pdf").content
    kept = SubmittedDocument.objects.get(bid=w.bid, format="pdf")
    assert hashlib.sha256(body).hexdigest() == kept.sha256
    assert download(w, "staff", "pdf").content == body


def test_the_bid_page_of_a_submitted_bid_points_to_the_kept_files(w):
    submit(w)
    page = w.client("partner").get(w.bid.get_absolute_url()).content.decode()
    assert "Shoal kept the PDF and Word files of version" in page
    assert reverse("bids:export", args=[w.bid.slug]) + "#as-submitted" in page
