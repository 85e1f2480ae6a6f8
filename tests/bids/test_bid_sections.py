"""A joint bid and its sections: starting it, its page, and the lead's changes to its
details and sections (who may do what: ACCESS).

Writing the sections, merges, conflicts and comments: test_bid_writing.py."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consortium.models import BidSection, BidTemplate, JointBid, Opportunity, SectionComment
from tests.bids.section_helpers import bid_url, delivery
from tests.bids.world import BID_PERSONAS, client_for, make_bid_world

pytestmark = pytest.mark.django_db

SIGN_IN = 302
IN_IT = {**dict.fromkeys(BID_PERSONAS, 200), "anonymous": SIGN_IN, "non_member": 404}
LEAD_ONLY = {**IN_IT, "partner": 403, "subcontractor": 403}
WRITERS = IN_IT  # read-only for those who may not write, but they may read


def a_comment(p):
    comment, _ = SectionComment.objects.get_or_create(
        section=delivery(p), author=p.partner, defaults={"body": "Is the map up to date?"}
    )
    return comment


def first_record(p):
    return delivery(p).history.earliest("history_date")


ACCESS_PERSONAS = BID_PERSONAS
make_access_personas = make_bid_world

ACCESS = [
    (
        "my bids",
        lambda p: reverse("bids:index"),
        {**dict.fromkeys(BID_PERSONAS, 200), "anonymous": SIGN_IN},
    ),
    (
        "start a bid",
        lambda p: reverse("bids:create") + f"?consortium={p.consortium.slug}",
        {**LEAD_ONLY, "non_member": 403},
    ),
    ("the bid page", lambda p: bid_url("detail", p), IN_IT),
    ("change the bid's details", lambda p: bid_url("edit", p), LEAD_ONLY),
    ("manage the sections", lambda p: bid_url("sections", p), LEAD_ONLY),
    (
        "a section's settings",
        lambda p: bid_url("section_settings", p, delivery(p).pk),
        LEAD_ONLY,
    ),
    ("a section", lambda p: bid_url("section", p, delivery(p).pk), WRITERS),
    (
        "comment on a section",
        lambda p: ("post", bid_url("comment", p, delivery(p).pk), {"comment": "Looks good"}),
        {**IN_IT, **dict.fromkeys(["partner", "subcontractor", "lead", "staff"], 302)},
    ),
    (
        "resolve a comment",
        lambda p: ("post", bid_url("resolve_comment", p, a_comment(p).pk), {}),
        # Only the section's writer (here the partner it is assigned to) resolves.
        {**IN_IT, "partner": 302, "lead": 403, "staff": 403, "subcontractor": 403},
    ),
    (
        "reply to a comment",
        lambda p: (
            "post",
            bid_url("reply_to_comment", p, a_comment(p).pk),
            {f"comment-{a_comment(p).pk}-reply": "Yes"},
        ),
        {**IN_IT, **dict.fromkeys(["partner", "subcontractor", "lead", "staff"], 302)},
    ),
    (
        "reopen a comment",
        lambda p: ("post", bid_url("reopen_comment", p, a_comment(p).pk), {}),
        {**IN_IT, "partner": 302, "lead": 403, "staff": 403, "subcontractor": 403},
    ),
    ("the bid's history", lambda p: bid_url("history", p), IN_IT),
    ("a section's history", lambda p: bid_url("section_history", p, delivery(p).pk), IN_IT),
    (
        "restore a section's version",
        lambda p: bid_url("section_restore", p, delivery(p).pk, first_record(p).history_id),
        {**IN_IT, "subcontractor": 403},
    ),
    (
        "a bid that does not exist",
        lambda p: "/bids/no-such-bid/",
        {**dict.fromkeys(BID_PERSONAS, 404), "anonymous": SIGN_IN},
    ),
]


@pytest.mark.parametrize("persona", BID_PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_see(p, persona, description, url_for, expected):
    target = url_for(p)
    client = client_for(persona, p)
    if isinstance(target, tuple):
        response = client.post(target[1], target[2])
    else:
        response = client.get(target)
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if expected[persona] == SIGN_IN and persona == "anonymous":
        assert "/accounts/login/" in response["Location"]


# --- starting a bid ------------------------------------------------------------------------------


def test_the_lead_starts_a_bid_from_an_opportunity_with_its_details_filled_in(p):
    opportunity = Opportunity.objects.create(
        title="Healthy Ageing Fund",
        kind="grant",
        funder="Northshire Council",
        programme="Prevention",
        reference="HAF-7",
        amount_max=75000,
        deadline=timezone.now() + datetime.timedelta(days=40),
        is_published=True,
    )
    template = BidTemplate.objects.order_by("name").first()
    client = client_for("lead", p)
    form_url = reverse("bids:create") + f"?consortium={p.consortium.slug}&opportunity="
    page = client.get(form_url + opportunity.slug).content.decode()
    assert 'value="Healthy Ageing Fund"' in page and 'value="Northshire Council"' in page
    assert template.description in page  # the radios describe each template

    response = client.post(
        form_url + opportunity.slug,
        {
            "consortium": p.consortium.pk,
            "template": template.pk,
            "title": "Healthy Ageing Fund",
            "funder": "Northshire Council",
            "amount_requested": "75000",
        },
    )
    bid = JointBid.objects.get(title="Healthy Ageing Fund")
    assert response["Location"] == bid.get_absolute_url()
    assert bid.opportunity == opportunity
    assert [s.title for s in bid.sections.order_by("sort_order")] == [
        s.title for s in template.sections.all()
    ]


def test_a_partner_cannot_start_a_bid_for_the_consortium(p):
    response = client_for("partner", p).post(
        reverse("bids:create"),
        {"consortium": p.consortium.pk, "template": BidTemplate.objects.first().pk, "title": "X"},
    )
    assert response.status_code == 403
    assert JointBid.objects.count() == 1


def test_someone_who_leads_no_consortium_is_told_how_to_start_a_bid(p):
    response = client_for("partner", p).get(reverse("bids:create"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "You need to lead a consortium to start a bid" in page
    assert "ask its lead to start the bid" in page
    assert 'name="title"' not in page  # no form they could not use


def test_my_bids_and_the_consortium_page_list_the_bid_for_its_members_only(p):
    for persona in ("partner", "subcontractor", "lead"):
        assert "Later Life Advice Network" in (
            client_for(persona, p).get(reverse("bids:index")).content.decode()
        )
    assert "Later Life Advice Network" not in (
        client_for("non_member", p).get(reverse("bids:index")).content.decode()
    )
    page = client_for("partner", p).get(p.consortium.get_absolute_url()).content.decode()
    assert "Later Life Advice Network" in page and "Draft" in page
    assert "Start a bid" not in page  # only the lead starts bids
    assert (
        "Start a bid" in client_for("lead", p).get(p.consortium.get_absolute_url()).content.decode()
    )


# --- the bid page --------------------------------------------------------------------------------


def test_the_bid_page_lists_sections_as_a_task_list_with_word_counts(p):
    BidSection.objects.filter(pk=delivery(p).pk).update(body="word " * 412, status="drafting")
    BidSection.objects.filter(pk=p.sections[2].pk).update(body="risk " * 250)
    page = client_for("partner", p).get(bid_url("detail", p)).content.decode()
    assert "govuk-task-list" in page
    assert "412 of 500 words" in page
    assert "250 of 200 words" in page and "Over the limit" in page
    assert "Millbank Advice Centre" in page and "Drafting" in page
    assert "Change the bid&#x27;s details" not in page  # the partner is not the lead


def test_the_bid_page_costs_the_same_queries_with_many_sections(p, django_assert_max_num_queries):
    client = client_for("lead", p)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(bid_url("detail", p)).status_code == 200
        return len(queries)

    count()  # the first request warms the caches (site, settings)
    few = count()
    for n in range(30):
        BidSection.objects.create(
            bid=p.bid, title=f"Extra {n}", sort_order=10 + n, assigned_to=p.partner_org
        )
    with django_assert_max_num_queries(few):
        client.get(bid_url("detail", p))
    assert count() == few


# --- the lead's changes to the bid --------------------------------------------------------------


def test_the_lead_changes_the_details_and_the_bid_version_goes_up(p):
    before = p.bid.version
    response = client_for("lead", p).post(
        bid_url("edit", p),
        {"title": "Later Life Advice Network", "funder": "Lottery", "version": before},
    )
    assert response.status_code == 302
    p.bid.refresh_from_db()
    assert p.bid.funder == "Lottery" and p.bid.version > before


def test_the_lead_adds_reorders_renames_and_assigns_sections(
    p, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for("lead", p)
    client.post(bid_url("sections", p), {"add": "1", "title": "Social value"})
    new = BidSection.objects.get(bid=p.bid, title="Social value")
    client.post(bid_url("sections", p), {"section": new.pk, "action": "up"})
    order = list(p.bid.sections.order_by("sort_order").values_list("title", flat=True))
    assert order == ["Summary", "Delivery plan", "Social value", "Risks"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            bid_url("section_settings", p, new.pk),
            {
                "title": "Social value and legacy",
                "word_limit": "400",
                "assigned_to": p.sub_org.pk,
                "due_on": "2027-02-01",
            },
        )
    new.refresh_from_db()
    assert (new.title, new.word_limit, new.assigned_to) == (
        "Social value and legacy",
        400,
        p.sub_org,
    )
    told = [m for m in mailoutbox if p.subcontractor.email in m.to]
    assert told and "Social value and legacy" in told[0].body
    client.post(bid_url("sections", p), {"section": new.pk, "action": "remove"})
    assert not BidSection.objects.filter(pk=new.pk).exists()


def test_a_word_limit_that_is_not_a_number_gets_a_clear_error(p):
    response = client_for("lead", p).post(
        bid_url("section_settings", p, delivery(p).pk), {"title": "Delivery", "word_limit": "lots"}
    )
    assert "Enter the word limit as a whole number, like 500" in response.content.decode()
    assert BidSection.objects.get(pk=delivery(p).pk).title == "Delivery plan"
