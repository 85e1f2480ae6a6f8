"""Where section review shows: the bid page's task list (each section's state, writer and
reviewer) and the lead's "What blocks sign-off" panel, the to-do page's "Sections to review"
and "Sections returned to you", all at a constant number of queries; the pages are valid
HTML; the demo bid has sections in every state."""

import io

import pytest
from django.core.management import call_command
from django.db import reset_queries
from django.urls import reverse

from consortium.models import BidSection, JointBid, SectionComment, SectionStatus
from tests.bids.section_helpers import bid_url, delivery

pytestmark = pytest.mark.django_db

TODO = reverse("members:todo")


def set_states(w):
    """Summary in review by the partner, delivery plan returned by the lead, risks not started."""
    w.lead.first_name, w.lead.last_name = "Ruth", "Rowe"
    w.lead.save()
    BidSection.objects.filter(pk=w.sections[0].pk).update(
        reviewer=w.partner, status=SectionStatus.IN_REVIEW, body="Our summary."
    )
    BidSection.objects.filter(pk=w.sections[1].pk).update(
        reviewer=w.lead, status=SectionStatus.CHANGES_ASKED, body="Our plan."
    )


def test_the_task_list_shows_each_sections_state_writer_and_reviewer(w):
    set_states(w)
    page = w.client("partner").get(w.bid.get_absolute_url()).content.decode()
    assert '<strong class="govuk-tag govuk-tag--purple">In review</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--orange">Changes asked</strong>' in page
    assert '<strong class="govuk-tag govuk-tag--grey">Not started</strong>' in page
    assert "Reviewed by Ruth Rowe." in page and "Reviewed by bid-partner." in page
    assert "Reviewed by no one." in page and "Millbank Advice Centre" in page
    assert "What blocks sign-off" not in page  # the lead's


def test_the_lead_sees_what_blocks_sign_off_and_why(w):
    set_states(w)
    page = w.client("lead").get(w.bid.get_absolute_url()).content.decode()
    assert "What blocks sign-off" in page
    assert "Summary: In review by bid-partner" in page
    assert "Delivery plan: Changes asked by Ruth Rowe" in page
    assert "Risks: Not started" in page
    w.bid.sections.update(status=SectionStatus.APPROVED)
    page = w.client("lead").get(w.bid.get_absolute_url()).content.decode()
    assert "Every section is approved." in page


def test_the_bid_page_reads_the_same_number_of_queries_however_many_sections(
    w, django_assert_max_num_queries
):
    set_states(w)
    client = w.client("lead")
    client.get(w.bid.get_absolute_url())  # warm the site's remembered menus
    reset_queries()
    with django_assert_max_num_queries(80) as few:
        client.get(w.bid.get_absolute_url())
    baseline = len(few.captured_queries)
    for n in range(8):
        BidSection.objects.create(
            bid=w.bid,
            title=f"Extra {n}",
            sort_order=10 + n,
            reviewer=[w.lead, w.partner][n % 2],
            status=[SectionStatus.IN_REVIEW, SectionStatus.CHANGES_ASKED][n % 2],
            assigned_to=w.partner_org,
        )
    client.get(w.bid.get_absolute_url())
    reset_queries()
    with django_assert_max_num_queries(baseline):
        page = client.get(w.bid.get_absolute_url()).content.decode()
    assert "Extra 7: Changes asked by" in page


def test_the_reviewer_and_the_writer_each_find_their_sections_on_the_to_do_page(w):
    set_states(w)
    partner = w.client("partner").get(TODO).content.decode()
    assert "Sections to review" in partner and "Approve or return with comments" in partner
    assert bid_url("section", w, w.sections[0].pk) + "#review" in partner
    assert "Sections returned to you" in partner
    assert "changes asked by Ruth Rowe" in partner
    assert bid_url("section", w, delivery(w).pk) + "#comments" in partner
    lead = w.client("lead").get(TODO).content.decode()
    assert "Approve or return with comments" not in lead  # the delivery plan is not in review
    assert "Make the changes and mark it ready for review" not in lead


def test_the_to_do_page_reads_the_same_number_of_queries_however_many_sections_wait(
    w, django_assert_max_num_queries
):
    set_states(w)
    client = w.client("partner")
    client.get(TODO)
    reset_queries()
    with django_assert_max_num_queries(60) as few:
        client.get(TODO)
    baseline = len(few.captured_queries)
    for n in range(6):
        BidSection.objects.create(
            bid=w.bid,
            title=f"Extra {n}",
            sort_order=10 + n,
            reviewer=[w.partner, w.lead][n % 2],
            status=[SectionStatus.IN_REVIEW, SectionStatus.CHANGES_ASKED][n % 2],
            assigned_to=w.partner_org,
        )
    client.get(TODO)
    reset_queries()
    with django_assert_max_num_queries(baseline):
        page = client.get(TODO).content.decode()
    assert "Extra 4" in page and "Extra 5" in page


def test_the_review_pages_are_valid_html(w, tmp_path):
    from tests.platform.test_valid_html import validate

    set_states(w)
    BidSection.objects.filter(pk=w.sections[0].pk).update(reviewer=w.lead)
    summary, plan = w.sections[0].pk, delivery(w).pk
    lead, partner = w.client("lead"), w.client("partner")
    give_back = bid_url("section_return", w, summary)
    pages = {
        "bid page for the lead": lead.get(w.bid.get_absolute_url()),
        "section in review, for its reviewer": lead.get(bid_url("section", w, summary)),
        "section returned, for its writer": partner.get(bid_url("section", w, plan)),
        "settings with a reviewer": lead.get(bid_url("section_settings", w, plan)),
        "settings with errors": lead.post(
            bid_url("section_settings", w, plan), {"title": "", "reviewer": "x"}
        ),
        "return with comments": lead.get(give_back),
        "return with errors": lead.post(give_back, {"comment": "", "paragraph": "9"}),
        "to-do page": partner.get(TODO),
    }
    lead.post(give_back, {"comment": "Name the funder.", "paragraph": "1"})
    pages["section history"] = lead.get(bid_url("section_history", w, summary))
    for n, (name, response) in enumerate(pages.items()):
        assert response.status_code == 200, name
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(pages))
    assert validate(tmp_path) == "", index


def test_the_demo_bid_has_sections_in_every_state_and_one_returned_with_a_note(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())
    bid = JointBid.objects.get(title="Riverside: nobody alone")
    reviewed = bid.sections.filter(reviewer__isnull=False)
    assert {s.status for s in reviewed} == set(SectionStatus.values)
    returned = reviewed.get(status=SectionStatus.CHANGES_ASKED)
    note = SectionComment.objects.get(section=returned, author=returned.reviewer)
    assert note.body.startswith("Please say how many people") and note.anchor_text
