"""The answer library: who sees which answers, staleness, saving a section as an answer,
suggestions beside the editor and inserting them, limits and errors."""

import datetime

import pytest
from django.utils import timezone

from consortium.bids import versions
from consortium.bids.models import MAX_SECTION_LENGTH
from consortium.models import Answer, BidSection, BidState, SectionStatus
from tests.bids.library_helpers import (
    answer_url,
    insert_url,
    library_url,
    make_answer,
    save_url,
    section_url,
)
from tests.bids.world import BID_PERSONAS, make_bid_world

pytestmark = pytest.mark.django_db
SIGN_IN = 302
FUTURE = (timezone.localdate() + datetime.timedelta(days=300)).isoformat()


def make_access_personas():
    world = make_bid_world()
    world.answer = make_answer("Our safeguarding policy", organisation=world.partner_org)
    world.shared = make_answer("Data protection", owner=world.staff)
    section = world.sections[1]
    section.status = SectionStatus.APPROVED
    section.save()
    return world


ACCESS_PERSONAS = BID_PERSONAS
EVERYONE_SIGNED_IN = {
    "anonymous": SIGN_IN,
    "non_member": 200,
    "partner": 200,
    "subcontractor": 200,
    "lead": 200,
    "staff": 200,
}
PARTNER_ONLY = {
    "anonymous": SIGN_IN,
    "non_member": 404,
    "partner": 200,
    "subcontractor": 404,
    "lead": 404,
    "staff": 404,
}
SHARED_EDIT = {**EVERYONE_SIGNED_IN, "non_member": 403, "partner": 403}
SHARED_EDIT.update(subcontractor=403, lead=403)
ON_THE_BID = {
    "anonymous": SIGN_IN,
    "non_member": 404,
    "partner": 200,
    "subcontractor": 200,
    "lead": 200,
    "staff": 200,
}
INSERT = {
    "anonymous": SIGN_IN,
    "non_member": 404,
    "partner": 302,
    "subcontractor": 403,
    "lead": 302,
    "staff": 302,
}
ACCESS = [
    ("the answer library", lambda w: library_url(), EVERYONE_SIGNED_IN),
    ("add an answer", lambda w: library_url() + "new/", EVERYONE_SIGNED_IN),
    ("a partner's private answer", lambda w: answer_url(w.answer), PARTNER_ONLY),
    ("change a private answer", lambda w: answer_url(w.answer, "edit"), PARTNER_ONLY),
    ("delete a private answer", lambda w: answer_url(w.answer, "delete"), PARTNER_ONLY),
    (
        "mark a shared answer as reviewed",
        lambda w: ("post", answer_url(w.shared, "reviewed"), {}),
        {**SHARED_EDIT, "staff": 302},
    ),
    ("save a ready section as an answer", lambda w: save_url(w.sections[1]), ON_THE_BID),
    (
        "insert a shared answer into a section",
        lambda w: ("post", insert_url(w.sections[1], w.shared), {}),
        INSERT,
    ),
]


@pytest.mark.parametrize("description,build,expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_who_may_reach_the_answer_library(description, build, expected):
    world = make_access_personas()
    target = build(world)
    for name in ACCESS_PERSONAS:
        client = world.client(name)
        if isinstance(target, tuple):
            response = client.post(target[1], target[2])
        else:
            response = client.get(target)
        assert response.status_code == expected[name], f"{description}: {name}"


def entry(page, title):
    return page.split(title, 1)[1].split("</li>", 1)[0]


def titles(response):
    return [answer.title for answer in response.context["answers"]]


def test_a_partners_private_answer_is_never_shown_to_other_partners_in_the_consortium(w):
    make_answer("Millbank's safeguarding", organisation=w.partner_org)
    make_answer("Partnership's outcomes", consortium=w.consortium)
    make_answer("Shared: data protection")
    assert titles(w.client("partner").get(library_url())) == [
        "Millbank's safeguarding",
        "Partnership's outcomes",
        "Shared: data protection",
    ]
    assert titles(w.client("lead").get(library_url())) == [
        "Partnership's outcomes",
        "Shared: data protection",
    ]
    assert titles(w.client("non_member").get(library_url())) == ["Shared: data protection"]


def test_a_consortiums_answers_are_hidden_from_organisations_outside_it(w):
    answer = make_answer("Partnership's outcomes", consortium=w.consortium)
    assert w.client("subcontractor").get(answer_url(answer)).status_code == 200
    assert w.client("non_member").get(answer_url(answer)).status_code == 404


def test_a_person_with_no_organisation_finds_no_library(w):
    from tests.factories import UserFactory

    volunteer = UserFactory(username="lone-volunteer")
    client = w.client("anonymous")
    client.force_login(volunteer, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(library_url()).status_code == 404


def test_an_answer_past_its_review_by_date_is_marked_stale(w):
    today = timezone.localdate()
    make_answer("Old finance answer", review_by=today - datetime.timedelta(days=1))
    make_answer("Fresh finance answer", review_by=datetime.date(2099, 3, 3))
    page = w.client("partner").get(library_url()).content.decode()
    assert "Stale" in entry(page, "Old finance answer")
    assert "Review by 3 March 2099" in entry(page, "Fresh finance answer")
    assert "Stale" not in entry(page, "Fresh finance answer")


def test_marking_an_answer_as_reviewed_moves_its_review_by_date_on_twelve_months(w):
    answer = make_answer("Old", organisation=w.partner_org, review_by=datetime.date(2020, 1, 1))
    response = w.client("partner").post(answer_url(answer, "reviewed"), follow=True)
    answer.refresh_from_db()
    today = timezone.localdate()
    assert answer.review_by.year == today.year + 1 and answer.review_by.month == today.month
    assert not answer.is_stale
    assert "marked as reviewed" in response.content.decode()


def test_search_finds_word_forms_and_filters_by_tag_and_library(w):
    make_answer("Volunteering with us", body="Volunteers drive people.", tags=["volunteering"])
    make_answer("Our board", body="Trustees meet monthly.", tags=["governance"])
    make_answer("Private board notes", organisation=w.partner_org, tags=["governance"])
    client = w.client("partner")
    assert titles(client.get(library_url(q="volunteer"))) == ["Volunteering with us"]
    assert titles(client.get(library_url(q="trustee"))) == ["Our board"]
    assert titles(client.get(library_url(tag="governance"))) == ["Our board", "Private board notes"]
    mine = f"organisation-{w.partner_org.pk}"
    assert titles(client.get(library_url(tag="governance", library=mine))) == [
        "Private board notes"
    ]
    assert titles(client.get(library_url(library="shared"))) == [
        "Our board",
        "Volunteering with us",
    ]


def ready(section, body="We check every volunteer with the DBS and train them each year."):
    section.body = body
    section.status = SectionStatus.APPROVED
    section.save()
    return section


def test_a_partner_saves_part_of_a_ready_section_to_their_organisations_library(w):
    section = ready(w.sections[1])
    client = w.client("partner")
    page = client.get(save_url(section))
    assert page.context["form"]["body"].value() == section.body
    assert (
        page.context["form"]["review_by"].value() == Answer._meta.get_field("review_by").default()
    )
    response = client.post(
        save_url(section),
        {
            "title": "DBS checks",
            "body": "We check every volunteer with the DBS.",
            "library": f"organisation-{w.partner_org.pk}",
            "tags": ["safeguarding", "volunteering"],
            "review_by": FUTURE,
        },
    )
    answer = Answer.objects.get()
    assert response.status_code == 302
    assert (answer.organisation, answer.owner, answer.body) == (
        w.partner_org,
        w.partner,
        "We check every volunteer with the DBS.",
    )
    assert answer.tag_labels == ["Safeguarding", "Volunteering"]
    assert answer.history.count() == 1


def test_a_section_still_being_drafted_cannot_be_saved_as_an_answer(w):
    section = w.sections[1]
    assert w.client("partner").get(save_url(section)).status_code == 403
    assert "Save as an answer" not in w.client("partner").get(section_url(section)).content.decode()


def test_any_section_of_a_submitted_bid_can_be_saved_as_an_answer(w):
    w.bid.state = BidState.SUBMITTED
    w.bid.save()
    page = w.client("lead").get(section_url(w.sections[0])).content.decode()
    assert "Save as an answer" in page


@pytest.mark.parametrize(
    "change,error",
    [
        ({"title": ""}, "Enter a title for the answer"),
        ({"body": "x" * (MAX_SECTION_LENGTH + 1)}, "The answer"),
        ({"library": "shared"}, "Choose one of the libraries listed"),
        ({"review_by": "2001-01-01"}, "The review-by date must be in the future"),
        ({"review_by": "3099-01-01"}, "within 5 years"),
        ({"review_by": "soon"}, "Enter the review-by date as a date"),
        ({"tags": ["gossip"]}, "Choose tags from the list"),
    ],
)
def test_a_bad_answer_gets_a_clear_error_on_its_form(w, change, error):
    section = ready(w.sections[1])
    data = {
        "title": "DBS checks",
        "body": "We check.",
        "library": f"organisation-{w.partner_org.pk}",
        "review_by": FUTURE,
        **change,
    }
    response = w.client("partner").post(save_url(section), data)
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not Answer.objects.exists()


def safeguarding_world(w):
    make_answer("Our finances", body="Reserves of six months. Audited accounts.", tags=["finance"])
    make_answer(
        "Keeping people safe",
        body="Our safeguarding lead trains every volunteer; DBS checks for all roles.",
        tags=["safeguarding"],
    )
    make_answer("Volunteers", body="We recruit and train volunteers and keep them safe.")
    return BidSection.objects.create(bid=w.bid, title="Safeguarding", sort_order=4)


def test_a_safeguarding_section_is_offered_the_safeguarding_answer_first(w):
    section = safeguarding_world(w)
    response = w.client("lead").get(section_url(section))
    suggested = [answer.title for answer in response.context["library"]["suggestions"]]
    assert suggested[0] == "Keeping people safe"
    assert "Our finances" not in suggested
    assert "Answers that may fit" in response.content.decode()


def test_suggestions_mark_stale_answers_and_show_at_most_five(w):
    for number in range(7):
        make_answer(
            f"Safeguarding {number}",
            review_by=datetime.date(2020, 1, 1) if number == 0 else None,
        )
    section = BidSection.objects.create(bid=w.bid, title="Safeguarding", sort_order=4)
    response = w.client("lead").get(section_url(section))
    assert len(response.context["library"]["suggestions"]) == 5
    assert "Stale" not in response.content.decode()  # fresh ones come first when equal
    Answer.objects.exclude(title="Safeguarding 0").delete()
    assert "Stale" in w.client("lead").get(section_url(section)).content.decode()


def test_inserting_an_answer_appends_it_and_counts_the_use(w):
    section = safeguarding_world(w)
    section.body = "Our first paragraph."
    section.save()
    answer = Answer.objects.get(title="Keeping people safe")
    response = w.client("lead").post(insert_url(section, answer), follow=True)
    section.refresh_from_db()
    answer.refresh_from_db()
    assert section.body == f"Our first paragraph.\n\n{answer.body}"
    assert answer.times_used == 1
    assert "is added at the end of the section" in response.content.decode()


def test_inserting_keeps_text_typed_and_merges_with_a_save_made_meanwhile(w):
    section = ready(w.sections[0], "First paragraph.\n\nSecond paragraph.\n\nLast paragraph.")
    opened = section.version
    versions.save_with_merge(
        BidSection,
        section.pk,
        opened,
        {
            "body": "First paragraph, changed by someone else.\n\n"
            "Second paragraph.\n\nLast paragraph."
        },
        w.partner,
    )
    answer = make_answer("Shared outcomes", body="We measure outcomes.")
    w.client("lead").post(
        insert_url(section, answer),
        {
            "body": "First paragraph.\n\nSecond paragraph, changed by me.\n\nLast paragraph.",
            "status": "drafting",
            "version": str(opened),
        },
    )
    section.refresh_from_db()
    assert section.body == (
        "First paragraph, changed by someone else.\n\nSecond paragraph, changed by me."
        "\n\nLast paragraph.\n\nWe measure outcomes."
    )


def test_an_insert_that_would_make_the_section_too_long_is_refused_on_its_form(w):
    section = ready(w.sections[2], "x" * (MAX_SECTION_LENGTH - 5))
    answer = make_answer("Long enough", body="A paragraph that does not fit.")
    response = w.client("lead").post(insert_url(section, answer))
    assert response.status_code == 200
    assert response.context["form"].errors["body"]
    answer.refresh_from_db()
    assert answer.times_used == 0
    section.refresh_from_db()
    assert section.body.endswith("x")


def test_another_partners_private_answer_cannot_be_inserted(w):
    answer = make_answer("Millbank only", organisation=w.partner_org)
    response = w.client("lead").post(insert_url(w.sections[0], answer))
    assert response.status_code == 404


def test_the_library_page_costs_the_same_queries_with_more_answers(
    w, django_assert_max_num_queries
):
    client = w.client("partner")
    for number in range(3):
        make_answer(f"Answer {number}", organisation=w.partner_org)
    with django_assert_max_num_queries(40) as few:
        client.get(library_url())
    for number in range(3, 15):
        make_answer(f"Answer {number}", consortium=w.consortium)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(library_url())


def test_a_deleted_answer_keeps_its_history(w):
    answer = make_answer("Going", organisation=w.partner_org)
    w.client("partner").post(answer_url(answer, "delete"))
    assert not Answer.objects.exists()
    assert Answer.history.filter(id=answer.pk, history_type="-").exists()


def test_a_consortiums_answer_is_changed_by_its_owner_and_the_lead_only(w):
    answer = make_answer("Ours", owner=w.partner, consortium=w.consortium)
    data = {"title": "Ours, better", "body": "Better.", "review_by": FUTURE}
    assert w.client("subcontractor").post(answer_url(answer, "edit"), data).status_code == 403
    assert w.client("lead").post(answer_url(answer, "edit"), data).status_code == 302
    assert w.client("partner").post(answer_url(answer, "edit"), data).status_code == 302
    answer.refresh_from_db()
    assert answer.title == "Ours, better"
