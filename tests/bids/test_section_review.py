"""Section review: the lead names a reviewer; the writer marks the section ready for review;
the reviewer approves it or returns it with a note (kept as a comment, on a paragraph when
chosen). Without a reviewer the writer marks it approved. A saved change to the text of a
section in review or approved sends it back to drafting. Every move is in the section's
history, and the writer and reviewer are emailed at each hand-over."""

import importlib

import pytest
from django.apps import apps

from consortium import permissions
from consortium.bids import section_review
from consortium.bids.workflow import sections_ready
from consortium.models import BidSection, SectionComment, SectionStatus
from tests.bids.section_helpers import bid_url, delivery

pytestmark = pytest.mark.django_db

TEXT = (
    "We run the advice sessions weekly.\n\nVolunteers drive people to them.\n\nWe report monthly."
)


def reviewed_by(w, section, person, status=SectionStatus.DRAFTING, body=TEXT):
    BidSection.objects.filter(pk=section.pk).update(reviewer=person, status=status, body=body)
    section.refresh_from_db()
    section.bid = w.bid
    return section


def press(w, persona, section, action):
    return w.client(persona).post(bid_url("section_review", w, section.pk), {"action": action})


def give_back(w, persona, section, note="Say which days.", paragraph=""):
    url = bid_url("section_return", w, section.pk)
    return w.client(persona).post(url, {"comment": note, "paragraph": paragraph})


def status_of(section):
    return BidSection.objects.get(pk=section.pk).status


def settings_data(w, section, **changes):
    return {
        "title": section.title,
        "word_limit": section.word_limit or "",
        "assigned_to": section.assigned_to_id or "",
        "due_on": "",
        **changes,
    }


def test_the_lead_names_a_reviewer_from_the_people_of_the_bids_organisations(w):
    url = bid_url("section_settings", w, delivery(w).pk)
    page = w.client("lead").get(url).content.decode()
    assert "Reviewed by" in page and "bid-partner" in page and "bid-lead" in page
    assert "bid-outsider" not in page and "bid-subcontractor" not in page
    response = w.client("lead").post(url, settings_data(w, delivery(w), reviewer=w.lead.pk))
    assert response.status_code == 302
    assert BidSection.objects.get(pk=delivery(w).pk).reviewer == w.lead


def test_naming_someone_outside_the_bid_as_reviewer_gets_a_clear_error(w):
    url = bid_url("section_settings", w, delivery(w).pk)
    data = settings_data(w, delivery(w), reviewer=w.non_member.pk)
    response = w.client("lead").post(url, data)
    assert response.status_code == 200
    assert "Choose a person in one of the bid&#x27;s organisations" in response.content.decode()
    assert BidSection.objects.get(pk=delivery(w).pk).reviewer is None


def test_staff_change_a_sections_settings_but_do_not_name_its_reviewer(w):
    page = w.client("staff").get(bid_url("section_settings", w, delivery(w).pk))
    assert "Reviewed by" not in page.content.decode()
    assert not permissions.can_set_reviewer(w.staff, w.bid)


def test_ready_for_review_then_returned_with_a_comment_then_approved(
    w, django_capture_on_commit_callbacks, mailoutbox
):
    section = reviewed_by(w, delivery(w), w.lead)
    with django_capture_on_commit_callbacks(execute=True):
        assert press(w, "partner", section, "ready").status_code == 302
    assert status_of(section) == SectionStatus.IN_REVIEW
    assert [m.to for m in mailoutbox if "Section to review" in m.subject] == [[w.lead.email]]

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = give_back(w, "lead", section, "Say which days of the week.", paragraph="1")
    assert response.status_code == 302
    assert status_of(section) == SectionStatus.CHANGES_ASKED
    note = SectionComment.objects.get(section=section)
    assert note.author == w.lead and note.body == "Say which days of the week."
    assert note.anchor_text.startswith("We run the advice sessions")
    told = [m for m in mailoutbox if m.subject.startswith("Changes asked")]
    assert [m.to for m in told] == [[w.partner.email]]
    assert "Say which days of the week." in told[0].body
    page = w.client("partner").get(bid_url("section", w, section.pk)).content.decode()
    assert "Say which days of the week." in page and "Changes asked" in page

    press(w, "partner", section, "ready")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        press(w, "lead", section, "approve")
    assert status_of(section) == SectionStatus.APPROVED
    assert [m.to for m in mailoutbox if m.subject.startswith("Approved")] == [[w.partner.email]]

    history = w.client("lead").get(bid_url("section_history", w, section.pk)).content.decode()
    assert "Marked ready for review by bid-partner" in history
    assert "Returned with comments by bid-lead" in history
    assert "Approved by bid-lead" in history


def test_returning_a_section_needs_a_note_of_a_sensible_length(w):
    section = reviewed_by(w, delivery(w), w.lead, SectionStatus.IN_REVIEW)
    empty = give_back(w, "lead", section, note="  ")
    assert empty.status_code == 200 and "Enter what needs changing" in empty.content.decode()
    long = give_back(w, "lead", section, note="x" * 3001)
    assert "Your note must be 3,000 characters or fewer" in long.content.decode()
    odd = give_back(w, "lead", section, paragraph="99")
    assert "Choose a paragraph from the list" in odd.content.decode()
    assert status_of(section) == SectionStatus.IN_REVIEW
    assert not SectionComment.objects.exists()


def test_only_the_reviewer_approves_or_returns_a_section(w):
    section = reviewed_by(w, delivery(w), w.lead, SectionStatus.IN_REVIEW)
    assert press(w, "partner", section, "approve").status_code == 403  # the writer
    assert press(w, "subcontractor", section, "approve").status_code == 403
    assert press(w, "staff", section, "approve").status_code == 403
    assert press(w, "non_member", section, "approve").status_code == 404
    assert give_back(w, "partner", section).status_code == 403
    assert give_back(w, "staff", section).status_code == 403
    assert give_back(w, "non_member", section).status_code == 404
    assert status_of(section) == SectionStatus.IN_REVIEW


def test_staff_named_as_reviewer_still_cannot_approve(w):
    section = reviewed_by(w, delivery(w), w.staff, SectionStatus.IN_REVIEW)
    assert not permissions.can_review_section(w.staff, section)
    assert press(w, "staff", section, "approve").status_code == 403


def test_only_the_writer_or_the_lead_marks_a_section_ready_for_review(w):
    section = reviewed_by(w, delivery(w), w.lead)
    assert press(w, "subcontractor", section, "ready").status_code == 403
    assert press(w, "staff", section, "ready").status_code == 403
    assert status_of(section) == SectionStatus.DRAFTING
    assert press(w, "lead", section, "ready").status_code == 302
    assert status_of(section) == SectionStatus.IN_REVIEW


def test_without_a_reviewer_the_writer_marks_the_section_approved(w):
    section = reviewed_by(w, delivery(w), None)
    page = w.client("partner").get(bid_url("section", w, section.pk)).content.decode()
    assert "Mark as approved" in page and "Ready for review" not in page
    assert press(w, "partner", section, "ready").status_code == 403
    assert press(w, "partner", section, "approve").status_code == 302
    assert status_of(section) == SectionStatus.APPROVED


def test_a_section_over_its_word_limit_or_empty_is_not_handed_over(w):
    section = reviewed_by(w, delivery(w), w.lead, body="word " * 501)
    client = w.client("partner")
    response = client.post(bid_url("section_review", w, section.pk), {"action": "ready"})
    follow = client.get(response["Location"]).content.decode()
    assert "1 word over its limit of 500" in follow
    assert status_of(section) == SectionStatus.DRAFTING
    empty = reviewed_by(w, w.sections[2], None, SectionStatus.NOT_STARTED, body="")
    press(w, "lead", empty, "approve")
    assert status_of(empty) == SectionStatus.NOT_STARTED


def test_approving_twice_says_the_section_moved_on(w):
    section = reviewed_by(w, delivery(w), w.lead, SectionStatus.IN_REVIEW)
    client = w.client("lead")
    url = bid_url("section_review", w, section.pk)
    client.post(url, {"action": "approve"})
    again = client.post(url, {"action": "approve"})
    page = client.get(again["Location"]).content.decode()
    assert "The section is approved now: reload the page" in page
    with pytest.raises(section_review.ReviewRefused, match="approved now"):
        section_review.approve(section, w.lead)


def save(w, persona, section, body):
    section.refresh_from_db()
    data = {"body": body, "version": section.version}
    return w.client(persona).post(bid_url("section", w, section.pk), data)


@pytest.mark.parametrize("status", [SectionStatus.APPROVED, SectionStatus.IN_REVIEW])
def test_a_saved_change_sends_an_approved_or_in_review_section_back_to_drafting(w, status):
    section = reviewed_by(w, delivery(w), w.lead, status)
    page = w.client("partner").get(bid_url("section", w, section.pk)).content.decode()
    assert "Saving a change to its text puts it back to drafting" in page
    assert save(w, "partner", section, TEXT).status_code == 302  # no change: stays
    assert status_of(section) == status
    assert save(w, "partner", section, TEXT + "\n\nAnd yearly.").status_code == 302
    assert status_of(section) == SectionStatus.DRAFTING
    history = w.client("lead").get(bid_url("section_history", w, section.pk)).content.decode()
    assert "Back to drafting: the text changed while" in history


def test_the_first_saved_text_starts_drafting_and_changes_asked_stays_until_handed_back(w):
    section = w.sections[2]
    section.bid = w.bid
    save(w, "lead", section, "A first line.")
    assert status_of(section) == SectionStatus.DRAFTING
    asked = reviewed_by(w, delivery(w), w.lead, SectionStatus.CHANGES_ASKED)
    save(w, "partner", asked, TEXT + "\n\nTuesdays and Thursdays.")
    assert status_of(asked) == SectionStatus.CHANGES_ASKED


def test_taking_the_reviewer_away_puts_a_section_in_review_back_to_drafting(w):
    section = reviewed_by(w, delivery(w), w.lead, SectionStatus.IN_REVIEW)
    url = bid_url("section_settings", w, section.pk)
    w.client("lead").post(url, settings_data(w, section, reviewer=""))
    assert status_of(section) == SectionStatus.DRAFTING


def test_sign_off_waits_for_every_section_to_be_approved_and_names_the_others(w):
    BidSection.objects.filter(pk=w.sections[0].pk).update(status=SectionStatus.APPROVED)
    BidSection.objects.filter(pk=w.sections[1].pk).update(status=SectionStatus.IN_REVIEW)
    assert sections_ready(w.bid) == "These sections are not approved: Delivery plan, Risks."
    w.bid.sections.update(status=SectionStatus.APPROVED)
    assert sections_ready(w.bid) is None


def test_only_an_approved_section_may_be_saved_to_the_answer_library(w):
    section = reviewed_by(w, delivery(w), w.lead, SectionStatus.IN_REVIEW)
    assert not permissions.can_save_as_answer(w.partner, section)
    section.status = SectionStatus.APPROVED
    assert permissions.can_save_as_answer(w.partner, section)


def test_sections_marked_ready_before_review_existed_count_as_approved(w):
    migration = importlib.import_module("consortium.migrations.0030_section_review")
    BidSection.objects.filter(pk=delivery(w).pk).update(status="ready")
    migration.ready_to_approved(apps, None)
    assert status_of(delivery(w)) == SectionStatus.APPROVED
    assert status_of(w.sections[0]) == SectionStatus.NOT_STARTED


def test_the_reviewers_download_names_the_sections_they_review(w):
    from consortium.members.personal_data import personal_data

    reviewed_by(w, delivery(w), w.lead, SectionStatus.IN_REVIEW)
    data = {s["key"]: s["rows"] for s in personal_data(w.lead)["sections"]}
    assert data["bid_sections_reviewed"] == [
        {"Bid": w.bid.title, "Section": "Delivery plan", "State": "In review"}
    ]
