"""What a partner reads before signing off: the bid itself (its PDF for this version), what
changed when the bid moved on while they read it, and, in every copy, which budget lines are
private and how many are left out of theirs (never their amounts)."""

import re

import pytest
from django.urls import reverse

from consortium.bids import versions as bids
from consortium.models import BidSection, BidState, JointBid, SignOff
from tests.bids.export_world import docx_text, pdf_text, squash
from tests.bids.world import add_line, make_bid_world, make_ready

pytestmark = pytest.mark.django_db

PRIVATE = "Advice worker day rate"


@pytest.fixture
def w():
    world = make_bid_world()
    add_line(world.bid, world.lead_org, 1200, description="Advice coordinator")
    add_line(world.bid, world.partner_org, 2675, description=PRIVATE, is_private=True)
    add_line(world.bid, world.sub_org, 300, description="Minibus hire", category="equipment")
    JointBid.objects.filter(pk=world.bid.pk).update(state=BidState.AWAITING_SIGN_OFF)
    world.bid.refresh_from_db()
    make_ready(world.bid)
    return world


def sign_off_url(bid):
    return reverse("bids:sign_off", args=[bid.slug])


def download(w, persona, kind):
    url = reverse(f"bids:export_{kind}", args=[w.bid.slug])
    return w.client(persona).get(f"{url}?version={w.bid.version}").content


def test_a_sign_off_refused_because_the_bid_moved_on_unticks_the_box_and_links_to_the_changes(w):
    section = BidSection.objects.get(bid=w.bid, title="Delivery plan")
    bids.save_with_merge(
        BidSection, section.pk, section.version, {"body": "Drop-in advice on Tuesdays."}, w.lead
    )
    bids.content_changed(w.bid, w.lead, "The section “Delivery plan”")
    client = w.client("partner")
    data = {"version": 1, "confirm": "on", "organisation": w.partner_org.pk}
    response = client.post(sign_off_url(w.bid), data)

    assert response.status_code == 409
    assert not SignOff.objects.filter(bid=w.bid).exists()
    page = response.content.decode()
    box = re.search(r'<input[^>]*name="confirm"[^>]*>', page).group(0)
    assert "checked" not in box
    assert "you read version 1, and it is now version 2" in page
    link = re.search(
        r'<a class="govuk-link" href="([^"]+)">Read what changed since version 1', page
    )
    assert link is not None
    assert link.group(1) == reverse("bids:changes", args=[w.bid.slug]) + "?from=1"

    changes = client.get(link.group(1))
    assert changes.status_code == 200
    text = changes.content.decode()
    assert "Changes from version 1 to version 2" in text
    assert "<ins>Drop-in</ins>" in text and "Delivery plan" in text

    # Ticking the box again signs the current version.
    data["version"] = 2
    assert client.post(sign_off_url(w.bid), data).status_code == 302
    assert SignOff.objects.get(bid=w.bid).bid_version == 2


@pytest.mark.parametrize("query", ["?from=abc", "?from=0", "?from=1", "?from=2&to=1", "?from="])
def test_asking_for_changes_between_versions_the_bid_never_had_is_a_clear_error(w, query):
    response = w.client("partner").get(reverse("bids:changes", args=[w.bid.slug]) + query)
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()


def test_the_changes_page_of_a_bid_at_its_first_version_says_there_is_nothing_to_compare(w):
    response = w.client("partner").get(reverse("bids:changes", args=[w.bid.slug]))
    assert response.status_code == 200
    assert "nothing to compare yet" in response.content.decode()


def test_the_sign_off_page_links_to_this_version_and_says_the_fingerprint_covers_hidden_lines(w):
    page = w.client("subcontractor").get(sign_off_url(w.bid)).content.decode()
    pdf_url = reverse("bids:export_pdf", args=[w.bid.slug]) + f"?version={w.bid.version}"
    assert f'href="{pdf_url}"' in page
    assert "including budget lines private to other partners that you cannot see" in page


def test_the_leads_copy_marks_private_lines_and_a_partners_says_how_many_it_leaves_out(w):
    lead_pdf, _ = pdf_text(download(w, "lead", "pdf"))
    assert squash(f"{PRIVATE} (Private)") in lead_pdf
    assert squash("Minibus hire (Private)") not in lead_pdf
    assert squash("private to other partners and not shown here") not in lead_pdf
    lead_docx, _ = docx_text(download(w, "lead", "docx"))
    assert f"{PRIVATE} (Private)" in lead_docx

    note = "1 of 3 budget lines is private to other partners and not shown here."
    sub_pdf, _ = pdf_text(download(w, "subcontractor", "pdf"))
    assert squash(note) in sub_pdf
    assert squash(PRIVATE) not in sub_pdf and "2,675" not in sub_pdf
    sub_docx, _ = docx_text(download(w, "subcontractor", "docx"))
    assert note in sub_docx
    assert PRIVATE not in sub_docx and "2,675" not in sub_docx


def test_the_sign_off_changes_and_submitted_export_pages_are_valid_html(w, tmp_path):
    from django.utils import timezone

    from tests.platform.test_valid_html import validate

    section = BidSection.objects.get(bid=w.bid, title="Delivery plan")
    bids.save_with_merge(BidSection, section.pk, section.version, {"body": "New words."}, w.lead)
    bids.content_changed(w.bid, w.lead, "The section “Delivery plan”")
    client = w.client("partner")
    refused = {"version": 1, "confirm": "on", "organisation": w.partner_org.pk}
    answers = {
        "sign-off": client.get(sign_off_url(w.bid)),
        "sign-off refused": client.post(sign_off_url(w.bid), refused),
        "changes": client.get(reverse("bids:changes", args=[w.bid.slug]) + "?from=1"),
        "changes error": client.get(reverse("bids:changes", args=[w.bid.slug]) + "?from=x"),
    }
    JointBid.objects.filter(pk=w.bid.pk).update(
        state=BidState.SUBMITTED, submitted_at=timezone.now()
    )
    answers["export as submitted"] = client.get(reverse("bids:export", args=[w.bid.slug]))
    answers["export as submitted, lead"] = w.client("lead").get(
        reverse("bids:export", args=[w.bid.slug])
    )
    for name, response in answers.items():
        assert response.status_code in (200, 400, 409), name
        (tmp_path / f"{name.replace(' ', '-').replace(',', '')}.html").write_bytes(response.content)
    assert validate(tmp_path) == ""
