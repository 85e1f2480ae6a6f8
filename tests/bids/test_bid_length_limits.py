"""Joint bids: too long a section, comment, summary or budget line is refused on its form with
its limit, and the saved text stays as it was."""

import pytest

from consortium.bids.models import MAX_SECTION_LENGTH
from consortium.models import BidSection, BudgetLine, SectionComment
from tests.bids.budget_helpers import line_data, url
from tests.bids.section_helpers import bid_url, delivery
from tests.bids.world import add_line, client_for

pytestmark = pytest.mark.django_db

REFUSED = (200, 400)  # the form again, with its error: never a server error


def page_text(response):
    return response.content.decode().replace("&#x27;", "'")


def save_section(client, p, body):
    section = delivery(p)
    version = client.get(bid_url("section", p, section.pk)).context["form"]["version"].value()
    return client.post(
        bid_url("section", p, section.pk),
        {"body": body, "status": "drafting", "version": version},
    )


def test_a_section_over_50000_characters_is_refused_and_the_saved_text_is_kept(p):
    client = client_for("partner", p)
    save_section(client, p, "Advice sessions in six libraries.")
    response = save_section(client, p, "w" * 200_000)
    assert response.status_code in REFUSED
    assert "The section must be 50,000 characters or fewer (it has 200,000)." in page_text(response)
    assert BidSection.objects.get(pk=delivery(p).pk).body == "Advice sessions in six libraries."


def test_a_section_of_exactly_50000_characters_is_saved(p):
    response = save_section(client_for("partner", p), p, "w" * MAX_SECTION_LENGTH)
    assert response.status_code == 302
    assert len(BidSection.objects.get(pk=delivery(p).pk).body) == MAX_SECTION_LENGTH


def test_a_comment_over_3000_characters_is_refused_and_nothing_is_saved(p):
    response = client_for("lead", p).post(
        bid_url("comment", p, delivery(p).pk), {"comment": "c" * 3001}, follow=True
    )
    assert response.status_code in REFUSED
    assert "Your comment must be 3,000 characters or fewer (it has 3,001)." in page_text(response)
    assert not SectionComment.objects.exists()


def test_a_bid_summary_over_5000_characters_is_refused_and_the_bid_is_unchanged(p):
    response = client_for("lead", p).post(
        bid_url("edit", p),
        {"title": "Later Life Advice Network", "summary": "s" * 5001, "version": p.bid.version},
    )
    assert response.status_code in REFUSED
    assert "Summary must be 5,000 characters or fewer (it has 5,001)." in page_text(response)
    p.bid.refresh_from_db()
    assert len(p.bid.summary) <= 5000


def test_a_budget_line_description_over_300_characters_is_refused_and_nothing_is_saved(w):
    response = w.client("lead").post(
        url("budget_add", w.bid), line_data(w.lead_org, description="d" * 301)
    )
    assert response.status_code in REFUSED
    assert "Description must be 300 characters or fewer (it has 301)." in page_text(response)
    assert not BudgetLine.objects.exists()


def test_the_consortium_is_emailed_the_start_of_a_long_comment_and_a_link_to_the_rest(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    comment = "Add the Tuesday clinic. " + "More detail here. " * 160
    with django_capture_on_commit_callbacks(execute=True):
        client_for("lead", p).post(
            bid_url("comment", p, delivery(p).pk), {"comment": comment[:3000]}
        )
    email = next(m for m in mailoutbox if p.partner.email in m.to)
    assert "Add the Tuesday clinic." in email.body
    assert "the rest is on Shoal, at the link below" in email.body
    assert p.bid.get_absolute_url() in email.body
    assert len(email.body) < 2000


# --- the numbers a form carries back -------------------------------------------------------------


def test_a_section_saved_with_a_version_thousands_of_digits_long_is_asked_to_reload(p):
    client = client_for("partner", p)
    section = delivery(p)
    response = client.post(
        bid_url("section", p, section.pk),
        {"body": "Changed", "status": "drafting", "version": "1" * 5000},
    )
    assert response.status_code in REFUSED
    assert "Reload the page" in page_text(response)
    assert BidSection.objects.get(pk=section.pk).body != "Changed"


def test_a_budget_line_saved_with_a_huge_version_is_treated_as_stale_not_an_error(w):
    line = add_line(w.bid, w.partner_org, 5000)
    response = w.client("partner").post(
        url("budget_edit", w.bid, line.pk),
        {
            "organisation": line.organisation_id,
            "category": line.category,
            "description": line.description,
            "year": line.year,
            "amount": "7000",
            "match_funding": "0",
            "version": "9" * 4000,
        },
    )
    assert response.status_code < 500


def test_a_section_chosen_by_an_id_thousands_of_digits_long_is_not_found(p):
    response = client_for("lead", p).post(
        bid_url("sections", p), {"section": "7" * 5000, "action": "up"}
    )
    assert response.status_code == 404
