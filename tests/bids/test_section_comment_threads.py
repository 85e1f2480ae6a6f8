"""Comments on a bid section: threads of replies, comments on one paragraph that follow it
through edits, and resolving a thread (the section's writer only).

Open-comment counts on the bid page and the to-do page: test_section_comment_counts.py."""

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from consortium.bids import comments
from consortium.bids import versions as bids
from consortium.models import BidSection, SectionComment
from tests.bids.section_helpers import bid_url, delivery
from tests.bids.world import client_for

pytestmark = pytest.mark.django_db

TEXT = (
    "We run advice sessions in six libraries.\n\n"
    "Volunteers drive people to the sessions on Tuesdays.\n\n"
    "Each session ends with a written plan for the person."
)


def write(section, body):
    BidSection.objects.filter(pk=section.pk).update(body=body)
    section.refresh_from_db()


def comment_on(p, section, paragraph, body="Is this still true?", who="lead"):
    client_for(who, p).post(
        bid_url("comment", p, section.pk), {"comment": body, "paragraph": paragraph or ""}
    )
    return SectionComment.objects.latest("pk")


def page_of(p, section, who="partner"):
    return client_for(who, p).get(bid_url("section", p, section.pk)).content.decode()


def place(section):
    threads = comments.threads_of(section)
    return {t.pk: t.paragraph_number for t in threads.every}


# --- the paragraph a comment is on ----------------------------------------------------------


def test_a_comment_is_shown_under_the_paragraph_it_was_made_on(p):
    write(delivery(p), TEXT)
    comment = comment_on(p, delivery(p), 2, "Which Tuesdays?")
    page = page_of(p, delivery(p))
    on_two = page.split('id="paragraph-2-comments"')[1]
    assert "On paragraph 2" in page and "Which Tuesdays?" in on_two
    assert "Volunteers drive people" in on_two.split("Which Tuesdays?")[0]
    assert place(delivery(p)) == {comment.pk: 2}


def test_the_paragraphs_offered_are_named_by_their_first_words(p):
    write(delivery(p), TEXT)
    form = client_for("lead", p).get(bid_url("section", p, delivery(p).pk)).context["comment_form"]
    labels = [label for _, label in form.fields["paragraph"].choices]
    assert labels[0] == "The whole section"
    assert labels[2] == "Paragraph 2: Volunteers drive people to the sessions on Tuesdays."


def test_a_comment_stays_on_its_paragraph_when_paragraphs_are_added_above_it(p):
    write(delivery(p), TEXT)
    comment = comment_on(p, delivery(p), 2)
    write(delivery(p), "A new opening.\n\nAnd another.\n\n" + TEXT)
    assert place(delivery(p)) == {comment.pk: 4}


def test_a_comment_follows_its_paragraph_through_a_small_edit(p):
    write(delivery(p), TEXT)
    comment = comment_on(p, delivery(p), 2)
    write(delivery(p), TEXT.replace("on Tuesdays", "on Tuesdays and Fridays"))
    assert place(delivery(p)) == {comment.pk: 2}


def test_a_comment_whose_paragraph_was_rewritten_quotes_the_words_it_was_on(p):
    write(delivery(p), TEXT)
    comment = comment_on(p, delivery(p), 2, "Who insures the drivers?")
    write(
        delivery(p), TEXT.replace("Volunteers drive people to the sessions on Tuesdays.", "A bus.")
    )
    assert place(delivery(p)) == {comment.pk: None}
    page = page_of(p, delivery(p))
    assert "The paragraph this comment was on has changed or been removed" in page
    assert "“Volunteers drive people to the sessions on Tuesdays.”" in page
    assert "Who insures the drivers?" in page


def test_a_paragraph_number_that_is_not_in_the_text_is_refused_with_a_clear_message(p):
    write(delivery(p), TEXT)
    response = client_for("lead", p).post(
        bid_url("comment", p, delivery(p).pk), {"comment": "Hm", "paragraph": "9"}, follow=True
    )
    assert "Choose a paragraph from the list" in response.content.decode()
    assert not SectionComment.objects.exists()


paragraph = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1
).filter(lambda t: t.strip())


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    before=st.lists(paragraph, max_size=4),
    target=paragraph,
    after=st.lists(paragraph, max_size=4),
    above=st.lists(paragraph, max_size=4),
    below=st.lists(paragraph, max_size=4),
)
def test_an_unchanged_paragraph_keeps_its_comments_whatever_is_inserted_around_it(
    before, target, after, above, below
):
    target = bids.paragraphs(target)
    assume(len(target) == 1)
    (target,) = target
    old = bids.paragraphs(bids.join_paragraphs([*before, target, *after]))
    new = bids.paragraphs(bids.join_paragraphs([*above, *before, target, *after, *below]))
    others = [q for q in old + new if q != target]
    assume(all(comments.normalise(q) != comments.normalise(target) for q in others))
    comment = SectionComment(
        **comments.anchor_fields(bids.join_paragraphs(old), old.index(target) + 1)
    )
    assert new[comments.locate(comment, new)] == target


# --- threads and replies --------------------------------------------------------------------


def test_a_reply_shows_under_the_comment_and_tells_the_person_it_answers(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    write(delivery(p), TEXT)
    comment = comment_on(p, delivery(p), 1, "Which libraries?")
    with django_capture_on_commit_callbacks(execute=True):
        client_for("partner", p).post(
            bid_url("reply_to_comment", p, comment.pk), {f"comment-{comment.pk}-reply": "All six."}
        )
    reply = SectionComment.objects.latest("pk")
    assert reply.parent == comment
    thread = page_of(p, delivery(p), "subcontractor").split(f'id="comment-{comment.pk}"')[1]
    assert thread.index("Which libraries?") < thread.index("All six.")
    assert [m.to for m in mailoutbox] == [[p.lead.email]]
    assert "replied to your comment" in mailoutbox[0].body and "All six." in mailoutbox[0].body


def test_a_reply_to_a_reply_joins_the_thread_and_tells_that_replys_author(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    comment = comment_on(p, delivery(p), None, "Check the costs.")
    answer = comments.reply(comment, p.partner, p.partner_org.pk, "Checked.")
    with django_capture_on_commit_callbacks(execute=True):
        client_for("subcontractor", p).post(
            bid_url("reply_to_comment", p, answer.pk),
            {f"comment-{answer.pk}-reply": "Thanks both."},
        )
    assert SectionComment.objects.latest("pk").parent == comment
    assert [m.to for m in mailoutbox] == [[p.partner.email]]


@pytest.mark.parametrize(
    "text, message",
    [("", "Enter your reply"), ("x" * 3001, "Your reply must be 3,000 characters or fewer")],
)
def test_an_empty_or_too_long_reply_is_refused_with_a_clear_message(p, text, message):
    comment = comment_on(p, delivery(p), None)
    response = client_for("partner", p).post(
        bid_url("reply_to_comment", p, comment.pk),
        {f"comment-{comment.pk}-reply": text},
        follow=True,
    )
    assert message in response.content.decode()
    assert SectionComment.objects.count() == 1


# --- resolving ------------------------------------------------------------------------------


def resolve(p, who, comment):
    return client_for(who, p).post(bid_url("resolve_comment", p, comment.pk))


def test_only_the_organisation_writing_the_section_resolves_its_comments(p):
    comment = comment_on(p, delivery(p), None, "Typo in line 2")
    assert resolve(p, "lead", comment).status_code == 403  # the author, but not the writer
    assert resolve(p, "subcontractor", comment).status_code == 403
    assert resolve(p, "partner", comment).status_code == 302
    comment.refresh_from_db()
    assert comment.resolved and comment.resolved_by == p.partner and comment.resolved_at


def test_the_lead_resolves_comments_on_a_section_nobody_is_assigned(p):
    risks = p.sections[2]
    comment = comment_on(p, risks, None, who="partner")
    assert resolve(p, "partner", comment).status_code == 403
    assert resolve(p, "lead", comment).status_code == 302


def test_a_resolved_thread_folds_away_but_can_still_be_read_and_reopened(p):
    comment = comment_on(p, delivery(p), None, "Typo in line 2")
    resolve(p, "partner", comment)
    page = page_of(p, delivery(p))
    folded = page.split(f'id="comment-{comment.pk}"')[1].split("</details>")
    assert "<details" in folded[0] and "Resolved: comment by" in folded[0]
    assert "Typo in line 2" in page and "Reopen" in page
    assert "Reopen" not in page_of(p, delivery(p), "lead")
    assert client_for("lead", p).post(bid_url("reopen_comment", p, comment.pk)).status_code == 403
    client_for("partner", p).post(bid_url("reopen_comment", p, comment.pk))
    comment.refresh_from_db()
    assert not comment.resolved and comment.resolved_by is None


def test_the_section_history_lists_comments_and_who_resolved_them(p):
    open_one = comment_on(p, delivery(p), None, "Add the Tuesday clinic.")
    done = comment_on(p, delivery(p), None, "Typo in line 2")
    resolve(p, "partner", done)
    page = client_for("subcontractor", p).get(bid_url("section_history", p, delivery(p).pk))
    page = page.content.decode()
    assert f"#comment-{open_one.pk}" in page and f"#comment-{done.pk}" in page
    assert "Resolved by bid-partner" in page or "Resolved by " + p.partner.get_full_name() in page
    assert "Open" in page


def test_someone_outside_the_consortium_gets_not_found_for_every_comment_action(p):
    comment = comment_on(p, delivery(p), None)
    client = client_for("non_member", p)
    for name, args, data in [
        ("comment", [delivery(p).pk], {"comment": "Hello"}),
        ("reply_to_comment", [comment.pk], {f"comment-{comment.pk}-reply": "Hello"}),
        ("resolve_comment", [comment.pk], {}),
        ("reopen_comment", [comment.pk], {}),
    ]:
        assert client.post(bid_url(name, p, *args), data).status_code == 404, name
    assert SectionComment.objects.count() == 1


def test_the_section_and_its_history_with_every_kind_of_thread_are_valid_html(p, tmp_path):
    from tests.platform.test_valid_html import validate

    write(delivery(p), TEXT)
    on_two = comment_on(p, delivery(p), 2, "Which Tuesdays?")
    comments.reply(on_two, p.partner, p.partner_org.pk, "Every Tuesday.")
    resolve(p, "partner", comment_on(p, delivery(p), 1, "Six or seven?"))
    comment_on(p, delivery(p), 3, "Written by whom?")
    comment_on(p, delivery(p), None, "Good section.")
    write(delivery(p), TEXT.replace("Each session ends with a written plan", "A plan"))
    answers = {
        "writer": page_of(p, delivery(p), "partner"),
        "reader": page_of(p, delivery(p), "subcontractor"),
        "history": client_for("lead", p)
        .get(bid_url("section_history", p, delivery(p).pk))
        .content.decode(),
        "bid page": client_for("lead", p).get(bid_url("detail", p)).content.decode(),
    }
    assert 'href="#paragraph-2-comments"' in answers["reader"]
    for n, page in enumerate(answers.values()):
        (tmp_path / f"page-{n:03}.html").write_text(page)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
