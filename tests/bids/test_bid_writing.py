"""Writing a joint bid's sections: saving, word limits, merges, conflicts, comments, and
generated input that never loses the saved text.

Starting a bid, its page and the lead's changes to it: test_bid_sections.py."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.bids import versions as bids
from consortium.models import BidSection, SectionComment, SignOff
from tests.bids.section_helpers import bid_url, delivery
from tests.bids.world import client_for

pytestmark = pytest.mark.django_db


def summary(p):
    return p.sections[0]  # the lead's


# --- writing a section -------------------------------------------------------------------------


def open_section(client, p, section):
    page = client.get(bid_url("section", p, section.pk))
    return page.context["form"]["version"].value()


def save(client, p, section, body, version, status="drafting"):
    return client.post(
        bid_url("section", p, section.pk), {"body": body, "status": status, "version": version}
    )


def test_a_partner_saves_its_section_and_sees_section_saved(p):
    client = client_for("partner", p)
    bid_version = p.bid.version
    version = open_section(client, p, delivery(p))
    response = save(client, p, delivery(p), "We run advice sessions in six libraries.", version)
    assert response.status_code == 302
    assert "Section saved" in client.get(response["Location"]).content.decode()
    section = BidSection.objects.get(pk=delivery(p).pk)
    assert section.body == "We run advice sessions in six libraries."
    assert section.version == int(version) + 1
    p.bid.refresh_from_db()
    assert p.bid.version > bid_version


def test_saving_a_section_voids_the_sign_offs(p):
    SignOff.objects.create(
        bid=p.bid, organisation=p.partner_org, bid_version=p.bid.version, fingerprint="x"
    )
    client = client_for("partner", p)
    save(client, p, delivery(p), "Changed after sign-off.", open_section(client, p, delivery(p)))
    assert SignOff.objects.get().voided_at is not None


def test_the_section_page_has_a_live_word_count_that_works_without_javascript(p):
    page = client_for("partner", p).get(bid_url("section", p, delivery(p).pk)).content.decode()
    assert 'data-module="govuk-character-count"' in page
    assert 'data-maxwords="500"' in page
    assert "You can enter up to 500 words" in page  # shown before (or without) JavaScript


def test_a_partner_reads_but_cannot_change_the_leads_section(p):
    client = client_for("partner", p)
    page = client.get(bid_url("section", p, summary(p).pk)).content.decode()
    assert "<textarea" not in page.split('id="comments"')[0]
    response = save(client, p, summary(p), "Partner's takeover", 1)
    assert response.status_code == 403
    assert BidSection.objects.get(pk=summary(p).pk).body == ""


def test_two_people_editing_different_paragraphs_are_merged(p):
    BidSection.objects.filter(pk=delivery(p).pk).update(body="First.\n\nMiddle.\n\nLast.")
    section = BidSection.objects.get(pk=delivery(p).pk)
    section.save()  # a version on record to merge against
    partner, lead = client_for("partner", p), client_for("lead", p)
    v_partner = open_section(partner, p, section)
    v_lead = open_section(lead, p, section)
    save(lead, p, section, "First, by the lead.\n\nMiddle.\n\nLast.", v_lead)
    response = save(partner, p, section, "First.\n\nMiddle.\n\nLast, by the partner.", v_partner)
    assert response.status_code == 302
    page = partner.get(response["Location"]).content.decode()
    assert "Their changes and yours did not overlap, so both are kept." in page
    assert BidSection.objects.get(pk=section.pk).body == (
        "First, by the lead.\n\nMiddle.\n\nLast, by the partner."
    )


def test_two_people_editing_the_same_paragraph_get_a_conflict_page_and_lose_nothing(p):
    BidSection.objects.filter(pk=delivery(p).pk).update(body="Opening.\n\nShared paragraph.")
    section = BidSection.objects.get(pk=delivery(p).pk)
    section.save()
    partner, lead = client_for("partner", p), client_for("lead", p)
    v_partner = open_section(partner, p, section)
    v_lead = open_section(lead, p, section)
    save(lead, p, section, "Opening.\n\nShared paragraph, the lead's way.", v_lead)
    mine = "Opening.\n\nShared paragraph, the partner's way."
    response = save(partner, p, section, mine, v_partner)

    assert response.status_code == 409
    page = response.content.decode()
    assert "Your changes clash with someone else" in page
    assert "<mark>Shared paragraph, the partner&#x27;s way.</mark>" in page
    assert "<mark>Shared paragraph, the lead&#x27;s way.</mark>" in page
    assert ">Opening.\n\nShared paragraph, the partner&#x27;s way.</textarea>" in page
    current = BidSection.objects.get(pk=section.pk)
    assert current.body == "Opening.\n\nShared paragraph, the lead's way."  # nothing overwritten
    assert f'name="version" value="{current.version}"' in page

    # merged by hand, and saved on top of the current version
    by_hand = "Opening.\n\nShared paragraph, both ways."
    again = save(partner, p, section, by_hand, current.version)
    assert again.status_code == 302
    assert BidSection.objects.get(pk=section.pk).body == by_hand


def test_a_section_over_its_word_limit_is_kept_as_drafting_and_cannot_be_approved(p):
    client = client_for("partner", p)
    version = open_section(client, p, delivery(p))
    too_long = "word " * 510
    assert save(client, p, delivery(p), too_long, version).status_code == 302
    section = BidSection.objects.get(pk=delivery(p).pk)
    assert section.body == too_long.strip() and section.status == "drafting"
    url = bid_url("section_review", p, section.pk)
    response = client.post(url, {"action": "approve"})
    page = client.get(response["Location"]).content.decode()
    assert "The section is 10 words over its limit of 500. Cut it first" in page
    assert BidSection.objects.get(pk=section.pk).status == "drafting"


# --- comments ----------------------------------------------------------------------------------


def test_a_comment_is_shown_under_the_section_and_the_consortium_is_told(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for("lead", p).post(
            bid_url("comment", p, delivery(p).pk), {"comment": "Add the Tuesday clinic."}
        )
    page = client_for("partner", p).get(bid_url("section", p, delivery(p).pk)).content.decode()
    assert "Add the Tuesday clinic." in page and "Brookside Community Trust" in page
    assert any(p.partner.email in m.to and "Tuesday clinic" in m.body for m in mailoutbox)
    assert not any(p.lead.email in m.to for m in mailoutbox)


def test_a_partner_resolves_a_comment_on_its_section(p):
    comment = SectionComment.objects.create(section=delivery(p), author=p.lead, body="Typo")
    client = client_for("partner", p)
    client.post(bid_url("resolve_comment", p, comment.pk))
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_by == p.partner
    assert "Resolved" in client.get(bid_url("section", p, delivery(p).pk)).content.decode()


def test_an_empty_comment_is_refused_with_a_message(p):
    client = client_for("partner", p)
    response = client.post(bid_url("comment", p, delivery(p).pk), {"comment": ""}, follow=True)
    assert "Enter your comment" in response.content.decode()
    assert not SectionComment.objects.exists()


# --- generated input ----------------------------------------------------------------------------

TEXT = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["<script>alert(1)</script>", "\x00", "word " * 600, "\r\n\r\n", ""]),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=TEXT,
    status=st.one_of(st.sampled_from(["not-started", "drafting", "ready"]), st.text(max_size=10)),
    version=st.one_of(st.integers(min_value=-5, max_value=50).map(str), st.text(max_size=5)),
)
def test_generated_section_input_never_fails_and_never_loses_the_saved_text(
    p, body, status, version
):
    section = BidSection.objects.get(pk=delivery(p).pk)
    section.body = "Saved text that must survive."
    section.version += 1
    section.save()
    client = client_for("partner", p)
    response = client.post(
        bid_url("section", p, section.pk), {"body": body, "status": status, "version": version}
    )
    assert response.status_code in (200, 302, 409)
    after = BidSection.objects.get(pk=section.pk)
    if response.status_code != 302:
        assert after.body == "Saved text that must survive."
        assert "govuk-error-summary" in response.content.decode() or response.status_code == 409
    else:
        assert after.version > section.version


def test_two_leads_changing_the_same_detail_get_both_versions_and_keep_their_typing(p):
    colleague_version = p.bid.version
    first = client_for("lead", p).post(
        bid_url("edit", p),
        {"title": "Later Life Advice Network", "funder": "Lottery", "version": p.bid.version},
    )
    assert first.status_code == 302
    second = client_for("staff", p).post(
        bid_url("edit", p),
        {
            "title": "Later Life Advice Network",
            "funder": "Trust fund",
            "version": colleague_version,
        },
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert "Someone else changed the same details while you were editing: funder" in page
    assert "Lottery" in page and 'value="Trust fund"' in page
    p.bid.refresh_from_db()
    assert p.bid.funder == "Lottery"


def test_the_lead_editing_details_while_a_partner_saves_a_section_is_not_refused(p):
    partner = client_for("partner", p)
    save(partner, p, delivery(p), "Written first.", open_section(partner, p, delivery(p)))
    p.bid.refresh_from_db()
    opened = p.bid.version  # a version reached by a section's save, not the bid's own
    save(partner, p, delivery(p), "Written meanwhile.", open_section(partner, p, delivery(p)))
    response = client_for("lead", p).post(
        bid_url("edit", p),
        {"title": "Later Life Advice Network", "funder": "Lottery", "version": opened},
    )
    assert response.status_code == 302
    p.bid.refresh_from_db()
    assert p.bid.funder == "Lottery"


@pytest.mark.parametrize(
    ("mine", "theirs", "merged"),
    [
        # neighbouring paragraphs, one changed by each person
        ("A, mine.\n\nB.\n\nC.", "A.\n\nB, theirs.\n\nC.", "A, mine.\n\nB, theirs.\n\nC."),
        # one added a paragraph at the end, the other changed the first
        ("A, mine.\n\nB.\n\nC.", "A.\n\nB.\n\nC.\n\nD.", "A, mine.\n\nB.\n\nC.\n\nD."),
        # both made the same change
        ("A.\n\nB, same.\n\nC.", "A.\n\nB, same.\n\nC.", "A.\n\nB, same.\n\nC."),
    ],
)
def test_changes_to_different_paragraphs_merge_even_side_by_side(mine, theirs, merged):
    assert bids.merge_text("A.\n\nB.\n\nC.", mine, theirs) == (merged, None)


def test_a_paragraph_both_changed_is_a_clash_with_both_texts():
    text, conflicts = bids.merge_text("A.\n\nB.", "A.\n\nB, mine.", "A.\n\nB, theirs.")
    assert text is None
    assert conflicts == [{"base": "B.", "mine": "B, mine.", "theirs": "B, theirs."}]
