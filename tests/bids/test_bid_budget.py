"""A bid's budget: who may see and change what of the budget and the partners' pages,
totals worked out from the lines (never private amounts they may not see), the pages'
queries, and the budget and partners panels of the bid page.

Adding, changing and deleting lines: test_bid_budget_lines.py; the partners' page,
due diligence and statements: test_bid_partners.py."""

from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from consortium.bids import budget
from consortium.bids import versions as bids
from consortium.bids.views import budget as budget_views
from consortium.bids.views import partners as partner_views
from consortium.models import (
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    OrganisationDocument,
    PartnerStatement,
    SignOff,
)
from tests.bids.budget_helpers import line_data, url
from tests.bids.world import BID_PERSONAS, add_line, make_bid_world, make_organisation

pytestmark = pytest.mark.django_db


# --- who gets what ------------------------------------------------------------------------------

MEMBERS = {
    "anonymous": 302,
    "non_member": 404,
    "partner": 200,
    "subcontractor": 200,
    "lead": 200,
    "staff": 200,
}
PARTNER_LINE = {**MEMBERS, "subcontractor": 403}
PRIVATE_LINE = {**MEMBERS, "subcontractor": 404}
LEAD_ONLY = {**MEMBERS, "partner": 403, "subcontractor": 403}


def _partner_line(w, **extra):
    return add_line(w.bid, w.partner_org, 5000, **extra)


# For tests/test_members_access.py: these rows use the bid world's people.
ACCESS_PERSONAS = BID_PERSONAS
make_access_personas = make_bid_world

ACCESS = [
    ("a bid's budget", lambda w: url("budget", w.bid), MEMBERS),
    ("adding a budget line", lambda w: url("budget_add", w.bid), MEMBERS),
    (
        "changing a partner's line",
        lambda w: url("budget_edit", w.bid, _partner_line(w).pk),
        PARTNER_LINE,
    ),
    (
        "changing a partner's private line",
        lambda w: url("budget_edit", w.bid, _partner_line(w, is_private=True).pk),
        PRIVATE_LINE,
    ),
    (
        "deleting a partner's line",
        lambda w: url("budget_delete", w.bid, _partner_line(w).pk),
        PARTNER_LINE,
    ),
    ("the partners and due diligence", lambda w: url("partners", w.bid), MEMBERS),
    (
        "a partner's statement",
        lambda w: url("statement_edit", w.bid, w.partner_org.pk),
        PARTNER_LINE,
    ),
    (
        "an outsider's statement",
        lambda w: url("statement_edit", w.bid, w.outsider_org.pk),
        {**MEMBERS, "partner": 404, "subcontractor": 404, "lead": 404, "staff": 404},
    ),
    ("the documents the funder asks for", lambda w: url("required_documents", w.bid), LEAD_ONLY),
    (
        "posting a budget line",
        lambda w: ("post", url("budget_add", w.bid), line_data(w.lead_org)),
        {**MEMBERS, "partner": 200, "subcontractor": 200, "lead": 302, "staff": 302},
    ),
    (
        "a bid that does not exist",
        lambda w: "/bids/no-such-bid/budget/",
        {**dict.fromkeys(BID_PERSONAS, 404), "anonymous": 302},
    ),
]


def request_as(w, persona, target):
    client = w.client(persona)
    if isinstance(target, tuple):
        _, address, data = target
        return client.post(address, data)
    return client.get(target)


@pytest.mark.parametrize("persona", BID_PERSONAS)
@pytest.mark.parametrize("description, build, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_see_of_the_budget(w, persona, description, build, expected):
    response = request_as(w, persona, build(w))
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if persona == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_every_budget_and_partners_url_is_in_the_matrix(w):
    from django.urls import resolve

    covered = set()
    for _, build, _ in ACCESS:
        target = build(w)
        address = target[1] if isinstance(target, tuple) else target
        covered.add(resolve(address).url_name)
    assert {p.name for p in budget_views.urlpatterns + partner_views.urlpatterns} <= covered


# --- totals --------------------------------------------------------------------------------------


def test_totals_per_partner_category_year_and_overall_are_worked_out_from_the_lines(w):
    add_line(w.bid, w.lead_org, "1000.50", category="staff", year=1, match_funding=Decimal("200"))
    add_line(w.bid, w.lead_org, 2000, category="overheads", year=2)
    add_line(w.bid, w.partner_org, 3000, category="staff", year=2, match_funding=Decimal("50"))
    totals = budget.totals(w.bid, w.lead)
    assert [(r.label, r.amount) for r in totals.per_partner] == [
        ("Brookside Community Trust", Decimal("3000.50")),
        ("Millbank Advice Centre", Decimal("3000")),
    ]
    assert [(r.label, r.amount) for r in totals.per_category] == [
        ("Staff", Decimal("4000.50")),
        ("Overheads", Decimal("2000")),
    ]
    assert [(r.label, r.amount) for r in totals.per_year] == [
        ("Year 1", Decimal("1000.50")),
        ("Year 2", Decimal("5000")),
    ]
    assert totals.overall.amount == Decimal("6000.50")
    assert totals.overall.match_funding == Decimal("250")


def test_the_budget_page_shows_pounds_with_thousands_separators(w):
    add_line(w.bid, w.lead_org, "1234567.5")
    page = w.client("partner").get(url("budget", w.bid))
    assert "£1,234,567.50" in page.content.decode()


def test_partner_cannot_see_another_partners_private_lines_or_their_amounts(w):
    add_line(w.bid, w.lead_org, 1000, description="Room hire")
    add_line(w.bid, w.partner_org, 7777, description="Manager's salary", is_private=True)
    page = w.client("subcontractor").get(url("budget", w.bid)).content.decode()
    assert "Room hire" in page
    assert "Manager's salary" not in page and "Manager&#x27;s salary" not in page
    assert "7,777" not in page and "8,777" not in page
    assert "£1,000.00" in page
    assert "includes private lines" in page


def test_owning_partner_lead_and_staff_see_private_lines_in_lines_and_totals(w):
    add_line(w.bid, w.lead_org, 1000, description="Room hire")
    add_line(w.bid, w.partner_org, 7777, description="Managers salary", is_private=True)
    for persona in ["partner", "lead", "staff"]:
        page = w.client(persona).get(url("budget", w.bid)).content.decode()
        assert "Managers salary" in page, persona
        assert "£8,777.00" in page, persona
    lead_page = w.client("lead").get(url("budget", w.bid)).content.decode()
    assert "includes private lines" not in lead_page


@pytest.mark.parametrize("page", ["budget", "partners"])
def test_budget_and_partners_pages_take_the_same_queries_as_lines_and_partners_grow(
    w, page, django_assert_max_num_queries
):
    def grow(n, start):
        for i in range(start, start + n):
            organisation = make_organisation(f"Partner {i}")
            ConsortiumMember.objects.create(
                consortium=w.consortium,
                organisation=organisation,
                role=ConsortiumRole.PARTNER,
                status=InvitationStatus.ACCEPTED,
            )
            PartnerStatement.objects.create(bid=w.bid, organisation=organisation, capacity="x")
            OrganisationDocument.objects.create(
                organisation=organisation, kind="insurance", title="Cover", file="x.pdf"
            )
            for j in range(3):
                add_line(w.bid, organisation, 100 + j, is_private=bool(j % 2), year=j + 1)

    client = w.client("partner")
    grow(2, 0)
    with django_assert_max_num_queries(40) as small:
        assert client.get(url(page, w.bid)).status_code == 200
    grow(20, 10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(url(page, w.bid)).status_code == 200


# --- the bid page's panels --------------------------------------------------------------------


def render_panel(name, w, persona):
    request = RequestFactory().get(w.bid.get_absolute_url())
    request.user = w.user(persona)
    return render_to_string(
        f"consortium/bids/{name}.html",
        {
            "bid": w.bid,
            "request": request,
            "user": request.user,
            "can_edit": True,
            "is_lead": False,
        },
    )


def test_budget_summary_on_the_bid_page_gives_totals_without_private_amounts(w):
    add_line(w.bid, w.lead_org, 1000)
    add_line(w.bid, w.partner_org, 500, is_private=True)
    assert "£1,500.00" in render_panel("_budget_summary", w, "lead")
    sub = render_panel("_budget_summary", w, "subcontractor")
    assert "£1,000.00" in sub and "£1,500.00" not in sub and "£500.00" not in sub
    assert "includes private lines" in sub


def test_partners_summary_counts_missing_documents(w):
    html = render_panel("_partners_summary", w, "partner")
    assert "3 organisations in the consortium" in html
    assert "9 of 9 required documents missing or expired" in html
    assert reverse("bids:partners", args=[w.bid.slug]) in html


def test_content_changed_is_what_voids_sign_offs(w):
    """(The budget views rely on it: a sanity check of the foundation.)"""
    SignOff.objects.create(bid=w.bid, organisation=w.lead_org, bid_version=1, fingerprint="x")
    bids.content_changed(w.bid, w.lead, "The budget")
    assert SignOff.objects.get().voided_reason == "The budget changed after it was signed off."
