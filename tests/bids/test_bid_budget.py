"""A bid's budget, partners' statements and due-diligence checklist: partners add their
lines, everyone sees totals worked out from the lines (never private amounts they may not
see), and two people changing the same line never silently overwrite each other."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.bids import budget
from consortium.bids import versions as bids
from consortium.bids.views import budget as budget_views
from consortium.bids.views import partners as partner_views
from consortium.models import (
    BudgetLine,
    ConsortiumMember,
    ConsortiumRole,
    DocumentKind,
    InvitationStatus,
    OrganisationDocument,
    PartnerStatement,
    SignOff,
)
from consortium.organisations import due_diligence
from tests.bids.world import BID_PERSONAS, add_line, make_bid_world, make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_bid_world()


def url(name, bid, *args):
    return reverse(f"bids:{name}", args=[bid.slug, *args])


def line_data(organisation, **extra):
    return {
        "organisation": organisation.pk,
        "category": "staff",
        "description": "Project worker, 2 days a week",
        "year": "1",
        "amount": "12000",
        "match_funding": "",
        **extra,
    }


def edit_data(line, **changes):
    data = {
        "organisation": line.organisation_id,
        "category": line.category,
        "description": line.description,
        "year": line.year,
        "amount": str(line.amount),
        "match_funding": str(line.match_funding),
        "version": line.version,
    }
    if line.is_private:
        data["is_private"] = "on"
    data.update(changes)
    return data


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


# --- adding, changing, deleting -----------------------------------------------------------


def test_partner_adds_a_line_and_the_bid_version_rises_and_sign_offs_are_voided(
    w, django_capture_on_commit_callbacks, mailoutbox
):
    SignOff.objects.create(bid=w.bid, organisation=w.lead_org, bid_version=1, fingerprint="x")
    with django_capture_on_commit_callbacks(execute=True):
        response = w.client("partner").post(
            url("budget_add", w.bid), line_data(w.partner_org, amount="£1,250.50")
        )
    assert response.status_code == 302
    line = BudgetLine.objects.get(bid=w.bid)
    assert line.amount == Decimal("1250.50") and line.organisation == w.partner_org
    w.bid.refresh_from_db()
    assert w.bid.version == 2
    assert SignOff.objects.get().voided_at is not None
    assert any("no longer count" in m.body for m in mailoutbox)


def test_partner_cannot_add_a_line_for_another_partner(w):
    response = w.client("partner").post(url("budget_add", w.bid), line_data(w.lead_org))
    assert response.status_code == 200
    assert "Choose an organisation in the list" in response.content.decode()
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    "amount, error",
    [
        ("-5", "Enter the amount as £0 or more"),
        ("100000000000", "Enter the amount as £100,000,000.00 or less"),
        ("12.345", "no more than 2 decimal places"),
        ("twelve pounds", "Enter the amount as a number of pounds"),
        ("", "Enter the amount"),
        ("NaN", "Enter the amount as a number of pounds"),
    ],
)
def test_bad_amounts_get_a_clear_error_and_nothing_is_saved(w, amount, error):
    response = w.client("lead").post(url("budget_add", w.bid), line_data(w.lead_org, amount=amount))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not BudgetLine.objects.exists()
    w.bid.refresh_from_db()
    assert w.bid.version == 1


def test_a_stale_save_of_a_different_field_is_merged(w):
    line = add_line(w.bid, w.partner_org, 5000)
    opened = edit_data(line)
    first = w.client("lead").post(url("budget_edit", w.bid, line.pk), {**opened, "amount": "6000"})
    assert first.status_code == 302
    second = w.client("partner").post(
        url("budget_edit", w.bid, line.pk), {**opened, "description": "Coordinator"}
    )
    assert second.status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("6000") and line.description == "Coordinator"
    notes = [str(m) for m in get_messages(second.wsgi_request)]
    assert any("both are kept" in n for n in notes)


def test_a_stale_save_of_the_same_field_shows_both_values_and_keeps_what_was_typed(w):
    line = add_line(w.bid, w.partner_org, 5000)
    opened = edit_data(line)
    w.client("lead").post(url("budget_edit", w.bid, line.pk), {**opened, "amount": "6000"})
    clash = w.client("partner").post(
        url("budget_edit", w.bid, line.pk), {**opened, "amount": "7000"}
    )
    assert clash.status_code == 409
    page = clash.content.decode()
    assert "yours “£7,000.00”, theirs “£6,000.00”" in page
    assert 'value="7000"' in page  # what they typed is still in the form
    line.refresh_from_db()
    assert line.amount == Decimal("6000")  # nothing of theirs lost either
    # Saving again from the conflict page (which now carries the current version) keeps it.
    again = w.client("partner").post(
        url("budget_edit", w.bid, line.pk), {**opened, "amount": "7000", "version": line.version}
    )
    assert again.status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("7000")


def test_deleting_a_line_asks_first_then_removes_it_and_raises_the_version(w):
    line = add_line(w.bid, w.partner_org, 5000, description="Van hire")
    client = w.client("partner")
    confirm = client.get(url("budget_delete", w.bid, line.pk))
    assert "Delete “Van hire”?" in confirm.content.decode()
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    done = client.post(url("budget_delete", w.bid, line.pk))
    assert done.status_code == 302
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    w.bid.refresh_from_db()
    assert w.bid.version == 2
    assert line.history.filter(history_type="-").exists()


def test_nobody_changes_the_budget_once_the_bid_is_submitted(w):
    line = add_line(w.bid, w.partner_org, 5000)
    w.bid.state = "submitted"
    w.bid.save()
    assert w.client("lead").get(url("budget_add", w.bid)).status_code == 403
    response = w.client("partner").post(url("budget_edit", w.bid, line.pk), edit_data(line))
    assert response.status_code == 403


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amount=st.one_of(st.text(max_size=30), st.decimals(allow_nan=True).map(str)),
    match=st.text(max_size=20),
    year=st.text(max_size=5),
    description=st.text(max_size=400),
    category=st.sampled_from(["staff", "other", "", "nonsense"]),
)
def test_any_input_to_the_budget_line_form_gets_an_answer_and_loses_nothing(
    w, amount, match, year, description, category
):
    kept = add_line(w.bid, w.lead_org, 900, description="Kept line")
    response = w.client("lead").post(
        url("budget_add", w.bid),
        line_data(
            w.lead_org,
            amount=amount,
            match_funding=match,
            year=year,
            description=description,
            category=category,
        ),
    )
    assert response.status_code in (200, 302)
    assert BudgetLine.objects.filter(pk=kept.pk, amount=Decimal("900")).exists()
    if response.status_code == 302:
        added = BudgetLine.objects.exclude(pk=kept.pk).get()
        assert Decimal("0") <= added.amount <= Decimal("100000000")
        added.delete()
    else:
        assert "There is a problem" in response.content.decode()
    kept.delete()


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


# --- partners and due diligence -----------------------------------------------------------------


def test_partners_page_shows_each_accepted_member_with_its_profile_details(w):
    ConsortiumMember.objects.create(
        consortium=w.consortium, organisation=w.outsider_org, status=InvitationStatus.INVITED
    )
    page = w.client("subcontractor").get(url("partners", w.bid)).content.decode()
    for text in [
        "Brookside Community Trust",
        "Millbank Advice Centre",
        "Hollins Transport Scheme",
        "GB-CHC-1090095",
        "GB-COH-08255580",
        "Charity Commission number: 1090095",
        "£10,000 to £100,000",
        "Subcontractor",
    ]:
        assert text in page, text
    assert "Westgate Arts Collective" not in page  # invited, not accepted


def test_due_diligence_reads_the_vault_held_expired_and_missing_in_one_query(
    w, django_assert_num_queries
):
    import datetime

    today = datetime.date(2026, 11, 24)
    OrganisationDocument.objects.create(
        organisation=w.lead_org,
        kind="insurance",
        title="Cover",
        file="a.pdf",
        expires_on=datetime.date(2027, 3, 31),
    )
    OrganisationDocument.objects.create(
        organisation=w.partner_org,
        kind="insurance",
        title="Old cover",
        file="b.pdf",
        expires_on=datetime.date(2026, 6, 30),
    )
    organisations = [w.lead_org, w.partner_org, w.sub_org]
    with django_assert_num_queries(1):
        checks = due_diligence.checklist(w.bid, organisations, today=today)
    insurance = {org: next(c for c in cs if c.kind == "insurance") for org, cs in checks.items()}
    assert insurance[w.lead_org.pk].text == "Held, in date until 31 March 2027"
    assert insurance[w.partner_org.pk].text == "Expired on 30 June 2026"
    assert insurance[w.sub_org.pk].text == "Missing"


def test_missing_documents_link_to_the_partners_own_documents_page_only_for_its_members(w):
    documents = reverse("organisations:documents", args=[w.partner_org.slug])
    assert documents in w.client("partner").get(url("partners", w.bid)).content.decode()
    assert documents not in w.client("subcontractor").get(url("partners", w.bid)).content.decode()


def test_lead_chooses_the_documents_the_funder_asks_for(w):
    response = w.client("lead").post(
        url("required_documents", w.bid),
        {"documents": ["equality", "insurance"], "opened": "accounts,insurance,safeguarding"},
    )
    assert response.status_code == 302
    w.bid.refresh_from_db()
    assert w.bid.required_documents == ["insurance", "equality"]
    page = w.client("partner").get(url("partners", w.bid)).content.decode()
    assert DocumentKind.EQUALITY.label in page
    assert DocumentKind.SAFEGUARDING.label not in page


def test_two_leads_changing_the_required_documents_at_once_are_told_and_keep_their_ticks(w):
    opened = "accounts,insurance,safeguarding"
    w.client("lead").post(
        url("required_documents", w.bid), {"documents": ["accounts"], "opened": opened}
    )
    clash = w.client("staff").post(
        url("required_documents", w.bid), {"documents": ["equality"], "opened": opened}
    )
    assert clash.status_code == 409
    assert "Someone else changed this list" in clash.content.decode()
    w.bid.refresh_from_db()
    assert w.bid.required_documents == ["accounts"]


def test_a_partner_writes_its_statement_prefilled_from_its_profile(w):
    w.partner_org.short_description = "We run a food pantry."
    w.partner_org.save()
    client = w.client("partner")
    form = client.get(url("statement_edit", w.bid, w.partner_org.pk))
    assert "We run a food pantry." in form.content.decode()
    response = client.post(
        url("statement_edit", w.bid, w.partner_org.pk),
        {
            "role_in_bid": "We host two warm spaces.",
            "delivery_areas": "North",
            "capacity": "",
            "version": "1",
        },
    )
    assert response.status_code == 302
    statement = PartnerStatement.objects.get(bid=w.bid, organisation=w.partner_org)
    assert statement.role_in_bid == "We host two warm spaces."
    w.bid.refresh_from_db()
    assert w.bid.version == 2


def test_two_people_writing_one_statement_merge_different_paragraphs_and_clash_on_the_same(w):
    address = url("statement_edit", w.bid, w.partner_org.pk)
    base = {
        "role_in_bid": "One.\n\nTwo.\n\nThree.",
        "delivery_areas": "North",
        "capacity": "",
        "version": "1",
    }
    w.client("partner").post(address, base)
    opened = {**base, "version": PartnerStatement.objects.get().version}
    w.client("lead").post(address, {**opened, "role_in_bid": "One, better.\n\nTwo.\n\nThree."})
    merged = w.client("partner").post(
        address, {**opened, "role_in_bid": "One.\n\nTwo.\n\nThree, better."}
    )
    assert merged.status_code == 302
    statement = PartnerStatement.objects.get()
    assert statement.role_in_bid == "One, better.\n\nTwo.\n\nThree, better."
    opened = {**base, "role_in_bid": statement.role_in_bid, "version": statement.version}
    w.client("lead").post(address, {**opened, "capacity": "Three staff"})
    clash = w.client("partner").post(address, {**opened, "capacity": "Ten volunteers"})
    assert clash.status_code == 409
    page = clash.content.decode()
    assert "Ten volunteers" in page
    assert "yours “Ten volunteers”, theirs “Three staff”" in page
    assert PartnerStatement.objects.get().capacity == "Three staff"


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
