"""Knowing who is writing a section: the writing page says who else has it open, and the
bid page's task list marks sections being edited. A courtesy, never a lock."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from consortium.models import BidSection, SectionPresence
from tests.bids.section_helpers import bid_url, delivery
from tests.bids.world import BID_PERSONAS, client_for, make_bid_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def ruth(w):
    w.partner.first_name, w.partner.last_name = "Ruth", "Rowe"
    w.partner.save()
    return w.partner


def risks(w):
    return w.sections[2]  # unassigned: any partner may write it


def open_writing_page(w, name, section):
    response = w.client(name).get(bid_url("section", w, section.pk))
    assert response.status_code == 200
    return response.content.decode()


def heartbeat(w, name, section):
    return w.client(name).post(bid_url("section_presence", w, section.pk))


def test_the_lead_sees_that_ruth_is_editing_the_section_she_has_open(w, ruth):
    open_writing_page(w, "partner", delivery(w))
    page = open_writing_page(w, "lead", delivery(w))
    assert "Ruth Rowe (Millbank Advice Centre) is editing this section" in page


def test_ruth_is_not_told_that_she_herself_is_editing(w, ruth):
    page = open_writing_page(w, "partner", delivery(w))
    assert "is editing this section" not in page


def test_two_people_at_once_are_both_named(w, ruth):
    open_writing_page(w, "partner", risks(w))
    open_writing_page(w, "subcontractor", risks(w))  # may read the risks, not write them
    open_writing_page(w, "staff", risks(w))
    page = open_writing_page(w, "lead", risks(w))
    assert "Ruth Rowe (Millbank Advice Centre) and bid-staff are editing this section" in page


def test_someone_who_only_reads_the_section_is_not_shown_as_editing_it(w, ruth):
    open_writing_page(w, "subcontractor", delivery(w))
    page = open_writing_page(w, "partner", delivery(w))
    assert "is editing" not in page
    assert not SectionPresence.objects.filter(person=w.subcontractor).exists()


def test_a_reader_sees_who_is_editing_too(w, ruth):
    open_writing_page(w, "partner", delivery(w))
    page = open_writing_page(w, "subcontractor", delivery(w))
    assert "Ruth Rowe (Millbank Advice Centre) is editing this section" in page


def test_someone_not_heard_from_for_a_minute_is_no_longer_shown(w, ruth):
    open_writing_page(w, "partner", delivery(w))
    SectionPresence.objects.update(
        last_seen=SectionPresence.objects.get().last_seen - timedelta(seconds=61)
    )
    assert "is editing" not in open_writing_page(w, "lead", delivery(w))
    heartbeat(w, "partner", delivery(w))
    assert "Ruth Rowe" in open_writing_page(w, "lead", delivery(w))


def test_the_heartbeat_answers_who_else_is_editing(w, ruth):
    open_writing_page(w, "partner", delivery(w))
    response = heartbeat(w, "lead", delivery(w))
    assert response.status_code == 200
    assert response.json() == {
        "editing": ["Ruth Rowe (Millbank Advice Centre)"],
        "message": "Ruth Rowe (Millbank Advice Centre) is editing this section",
    }
    assert heartbeat(w, "partner", delivery(w)).json()["editing"] == [
        "bid-lead (Brookside Community Trust)"
    ]


def test_closing_the_page_says_at_once_that_ruth_has_left(w, ruth):
    open_writing_page(w, "partner", delivery(w))
    left = w.client("partner").post(bid_url("section_left", w, delivery(w).pk))
    assert left.status_code == 204
    assert "is editing" not in open_writing_page(w, "lead", delivery(w))


WRITERS = {
    "anonymous": 302,
    "non_member": 404,
    "subcontractor": 403,
    "partner": 200,
    "lead": 200,
    "staff": 200,
}
ACCESS_PERSONAS = BID_PERSONAS
make_access_personas = make_bid_world
ACCESS = [
    (
        "the heartbeat of a section's writing page",
        lambda w: ("post", bid_url("section_presence", w, delivery(w).pk), {}),
        WRITERS,
    ),
    (
        "leaving a section's writing page",
        lambda w: ("post", bid_url("section_left", w, delivery(w).pk), {}),
        {**WRITERS, "partner": 204, "lead": 204, "staff": 204},
    ),
]


@pytest.mark.parametrize("persona", BID_PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_only_people_who_may_write_the_section_use_the_heartbeat(
    w, persona, description, url_for, expected
):
    _, url, data = url_for(w)
    response = client_for(persona, w).post(url, data)
    assert response.status_code == expected[persona], f"{persona} on {description}"


def test_the_heartbeat_is_sent_not_fetched(w):
    assert (
        w.client("partner").get(bid_url("section_presence", w, delivery(w).pk)).status_code == 405
    )


def test_nobody_is_shown_editing_a_submitted_bid(w, ruth):
    open_writing_page(w, "partner", delivery(w))
    w.bid.state = "submitted"
    w.bid.save()
    assert heartbeat(w, "partner", delivery(w)).status_code == 403


def test_the_bid_page_marks_the_section_ruth_is_editing(w, ruth):
    open_writing_page(w, "partner", delivery(w))
    page = w.client("lead").get(bid_url("detail", w)).content.decode()
    assert page.count("Being edited by") == 1
    assert "Being edited by Ruth Rowe" in page


def test_the_bid_page_costs_the_same_queries_however_many_people_are_editing(w, ruth):
    client = w.client("lead")

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(bid_url("detail", w)).status_code == 200
        return len(queries)

    count()  # warms the caches (site, settings)
    nobody = count()
    for n in range(10):
        extra = BidSection.objects.create(bid=w.bid, title=f"Extra {n}", sort_order=10 + n)
        extra.bid = w.bid
        open_writing_page(w, "partner", extra)
        open_writing_page(w, "staff", extra)
    page = client.get(bid_url("detail", w)).content.decode()
    assert page.count("Being edited by Ruth Rowe and bid-staff") == 10
    assert count() == nobody


def test_the_pages_that_say_who_is_editing_are_valid_html(w, ruth, tmp_path):
    from tests.platform.test_valid_html import validate

    open_writing_page(w, "partner", delivery(w))
    (tmp_path / "section.html").write_text(open_writing_page(w, "lead", delivery(w)))
    bid_page = w.client("lead").get(bid_url("detail", w)).content.decode()
    assert "Being edited by Ruth Rowe" in bid_page
    (tmp_path / "bid.html").write_text(bid_page)
    assert validate(tmp_path) == ""
