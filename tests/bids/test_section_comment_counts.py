"""Open comments counted where the writer looks: "2 open comments" on the bid page's task list
and "Open comments on your sections" on the to-do page, each at a constant cost in queries."""

import pytest
from django.db import reset_queries

from consortium.bids import comments
from consortium.models import SectionComment
from tests.bids.section_helpers import bid_url, delivery

pytestmark = pytest.mark.django_db

TODO = "/members/to-do/"


def add_comments(p, section, n, resolved=0):
    for i in range(n):
        thread = SectionComment.objects.create(
            section=section, author=p.lead, body=f"Point {i}", resolved=i < resolved
        )
        comments.reply(thread, p.partner, p.partner_org.pk, "Noted.")


def task_list(page):
    return page.split('id="sections"')[1].split("</ul>")[0]


def test_the_bid_page_says_how_many_comments_are_open_on_each_section(p):
    add_comments(p, delivery(p), 3, resolved=1)
    add_comments(p, p.sections[2], 1)
    page = task_list(p.client("subcontractor").get(bid_url("detail", p)).content.decode())
    delivery_row, risks_row = page.split("Delivery plan")[1], page.split("Risks")[1]
    assert "2 open comments" in delivery_row.split("Risks")[0]
    assert "1 open comment." in risks_row
    assert page.split("Delivery plan")[0].count("open comment") == 0  # the summary has none


def test_the_bid_page_reads_the_same_number_of_queries_however_many_comments(
    p, django_assert_max_num_queries
):
    client = p.client("partner")
    add_comments(p, delivery(p), 1)
    client.get(bid_url("detail", p))
    reset_queries()
    with django_assert_max_num_queries(60) as few:
        client.get(bid_url("detail", p))
    baseline = len(few.captured_queries)
    for section in p.sections:
        add_comments(p, section, 4)
    client.get(bid_url("detail", p))  # new data moves the content generation on: warm again
    reset_queries()
    with django_assert_max_num_queries(baseline):
        page = client.get(bid_url("detail", p)).content.decode()
    assert "5 open comments" in page


def test_the_writer_is_asked_to_look_at_open_comments_on_the_to_do_page(p):
    add_comments(p, delivery(p), 2)
    add_comments(p, p.sections[0], 1, resolved=1)  # the lead's section: all resolved
    partner = p.client("partner").get(TODO).content.decode()
    assert "Open comments on your sections (1)" in partner
    assert bid_url("section", p, delivery(p).pk) + "#comments" in partner
    assert "2 open comments" in partner
    assert "Open comments on your sections" not in p.client("lead").get(TODO).content.decode()
    assert (
        "Open comments on your sections" not in p.client("subcontractor").get(TODO).content.decode()
    )


def test_the_lead_is_asked_about_open_comments_on_a_section_nobody_is_assigned(p):
    add_comments(p, p.sections[2], 1)
    page = p.client("lead").get(TODO).content.decode()
    assert "Open comments on your sections (1)" in page and "Risks" in page
    assert "Open comments on your sections" not in p.client("partner").get(TODO).content.decode()


def test_the_to_do_page_reads_the_same_number_of_queries_however_many_comments(
    p, django_assert_max_num_queries
):
    client = p.client("lead")
    add_comments(p, p.sections[0], 1)
    client.get(TODO)
    reset_queries()
    with django_assert_max_num_queries(60) as few:
        client.get(TODO)
    baseline = len(few.captured_queries)
    for section in p.sections:
        add_comments(p, section, 3)
    client.get(TODO)
    reset_queries()
    with django_assert_max_num_queries(baseline):
        page = client.get(TODO).content.decode()
    assert "Open comments on your sections (2)" in page
