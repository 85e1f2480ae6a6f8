"""Joint buying: members pledge to schemes, see their share of the cost, and the
coordinator downloads the pledges and the delivery list."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.buying import rules as buying
from consortium.models import Organisation, Person, Pledge, SchemeStatus
from tests.buying.data import add_pledging_organisations, add_quotes, make_scheme
from tests.personas import PERSONAS, client_for, make_member, make_personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def p():
    return make_personas()


@pytest.fixture
def scheme(p):
    return make_scheme(p.organisation)


def detail_url(scheme):
    return reverse("buying:detail", args=[scheme.slug])


def pledge_as(client, scheme, quantity, version=None, **extra):
    if version is None:
        page = client.get(detail_url(scheme))
        version = page.context["form"]["version"].value()
    return client.post(
        detail_url(scheme), {"quantity": quantity, "version": version, "pledge": "1", **extra}
    )


# --- who gets what ---------------------------------------------------------------------------


def _open_scheme(p):
    return make_scheme(p.organisation)


def _draft_scheme(p):
    return make_scheme(p.organisation, title="Insurance next year", status=SchemeStatus.DRAFT)


ALL_200 = dict.fromkeys(PERSONAS, 200)
COORDINATOR_ONLY = {
    "anonymous": 302,
    "volunteer": 403,
    "other_member": 403,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}
DRAFT = {
    "anonymous": 404,
    "volunteer": 404,
    "other_member": 404,
    "member": 200,
    "org_admin": 200,
    "staff": 200,
}

ACCESS = [
    ("the joint-buying index", lambda p: reverse("buying:index"), ALL_200),
    ("an open scheme", lambda p: detail_url(_open_scheme(p)), ALL_200),
    ("a draft scheme", lambda p: detail_url(_draft_scheme(p)), DRAFT),
    (
        "the pledges export",
        lambda p: reverse("buying:export_pledges", args=[_open_scheme(p).slug]),
        COORDINATOR_ONLY,
    ),
    (
        "the delivery list export",
        lambda p: reverse("buying:export_delivery", args=[_open_scheme(p).slug]),
        COORDINATOR_ONLY,
    ),
    (
        "a draft scheme's pledges export",
        lambda p: reverse("buying:export_pledges", args=[_draft_scheme(p).slug]),
        DRAFT,
    ),
    (
        "a scheme that does not exist",
        lambda p: "/joint-buying/no-such-scheme/",
        dict.fromkeys(PERSONAS, 404),
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_see(p, persona, description, url_for, expected):
    response = client_for(persona, p).get(url_for(p))
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if expected[persona] == 302:
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize(
    "persona, expected", [("anonymous", 302), ("volunteer", 403), ("staff", 403)]
)
def test_only_people_acting_for_an_organisation_can_pledge(p, scheme, persona, expected):
    response = client_for(persona, p).post(
        detail_url(scheme), {"quantity": "600", "version": "new", "pledge": "1"}
    )
    assert response.status_code == expected
    assert not Pledge.objects.exists()


# --- the index -----------------------------------------------------------------------------


def test_open_schemes_come_first_with_an_accessible_progress_bar(client, p):
    closed = make_scheme(p.other_organisation, title="Autumn oil", status=SchemeStatus.CLOSED)
    scheme = make_scheme(p.organisation)
    add_pledging_organisations(scheme, 3, quantity=Decimal("800"))
    make_scheme(p.organisation, title="Secret draft", status=SchemeStatus.DRAFT)

    html = client.get(reverse("buying:index")).content.decode()

    assert (
        html.index(scheme.title)
        < html.index("Closed, ordered and delivered")
        < html.index(closed.title)
    )
    assert "2,400 of 10,000 litres (24%)" in html
    assert (
        '<progress class="shoal-progress govuk-!-margin-bottom-4" max="100" value="24" '
        f'aria-labelledby="progress-{scheme.pk}">' in html
    )
    assert "style=" not in html.split("<main")[1]
    assert "Secret draft" not in html


def test_the_coordinator_sees_their_draft_in_the_list(p):
    make_scheme(p.organisation, title="Secret draft", status=SchemeStatus.DRAFT)
    assert "Secret draft" in client_for("member", p).get(reverse("buying:index")).content.decode()
    assert (
        "Secret draft"
        not in client_for("other_member", p).get(reverse("buying:index")).content.decode()
    )


# --- the scheme page -------------------------------------------------------------------------


def test_the_scheme_page_shows_quotes_with_the_chosen_one_marked(client, scheme):
    add_quotes(scheme)
    html = client.get(detail_url(scheme)).content.decode()
    assert 'County Oil Ltd <strong class="govuk-tag govuk-tag--green">Chosen</strong>' in html
    assert "Vale Fuels" in html and "£0.71" in html
    assert "£0.6543 per unit (litres)" in html
    assert "Minimum order per organisation" in html and "500 litres" in html


def test_a_member_pledges_changes_and_withdraws(p, scheme):
    client = client_for("member", p)
    response = pledge_as(client, scheme, "750")
    assert response.status_code == 302
    assert Pledge.objects.get().quantity == Decimal("750")
    page = client.get(detail_url(scheme)).content.decode()
    assert "Fernlea Food Bank has pledged 750 litres." in page
    assert 'value="750"' in page  # the form starts from the pledge, ready to change
    assert "750 of 10,000 litres (8%)" in page

    assert pledge_as(client, scheme, "1200").status_code == 302
    assert Pledge.objects.get().quantity == Decimal("1200")

    version = client.get(detail_url(scheme)).context["form"]["version"].value()
    response = client.post(detail_url(scheme), {"withdraw": "1", "version": version})
    assert response.status_code == 302
    assert Pledge.objects.get().withdrawn_at is not None
    page = client.get(detail_url(scheme)).content.decode()
    assert "Fernlea Food Bank has not pledged to this scheme." in page
    assert "0 of 10,000 litres (0%)" in page


@pytest.mark.parametrize(
    "quantity, message",
    [
        ("499", "The minimum order is 500 litres per organisation"),
        ("0", "Enter a number of litres greater than 0"),
        ("-20", "Enter a number of litres greater than 0"),
        ("5000000", "Enter 1,000,000 litres or fewer; contact the coordinator for more"),
        ("lots", "Enter the quantity as a number, like 500 or 12.5"),
        ("", "Enter how much your organisation wants"),
        ("1e400", "Enter a smaller quantity"),
    ],
)
def test_a_bad_quantity_gets_a_clear_error_and_keeps_the_pledge(p, scheme, quantity, message):
    client = client_for("member", p)
    pledge_as(client, scheme, "600")
    response = pledge_as(client, scheme, quantity)
    assert response.status_code == 200
    html = response.content.decode()
    assert "govuk-error-summary" in html and message in html
    assert Pledge.objects.get().quantity == Decimal("600")


def test_script_in_the_delivery_address_is_refused_with_a_clear_error(p, scheme):
    client = client_for("member", p)
    response = pledge_as(client, scheme, "600", delivery_address="<script>alert(1)</script>")
    html = response.content.decode()
    assert "Enter the address as plain text, without HTML tags such as &lt;script&gt;" in html
    assert "<script>alert(1)" not in html
    assert not Pledge.objects.exists()


def test_pledges_are_refused_once_the_scheme_has_closed(p, scheme):
    client = client_for("member", p)
    pledge_as(client, scheme, "600")
    version = client.get(detail_url(scheme)).context["form"]["version"].value()
    after = timezone.now() + datetime.timedelta(days=25)
    with time_machine.travel(after, tick=False):
        client = client_for("member", p)  # a fresh sign-in: sessions expire sooner
        response = pledge_as(client, scheme, "900", version=version)
        html = response.content.decode()
        withdrawal = client.post(detail_url(scheme), {"withdraw": "1", "version": version})
    closes = f"{scheme.closes_on:%-d %B %Y}"
    assert f"Pledges for this scheme closed on {closes}, so it can no longer be changed." in html
    assert "Pledges for this scheme closed on" in withdrawal.content.decode()
    assert "Enter how much" not in withdrawal.content.decode()
    assert 'value="600"' in withdrawal.content.decode()
    pledge = Pledge.objects.get()
    assert pledge.quantity == Decimal("600") and pledge.withdrawn_at is None


def test_pledges_are_refused_once_the_coordinator_has_ordered(p, scheme):
    client = client_for("member", p)
    pledge_as(client, scheme, "600")
    version = client.get(detail_url(scheme)).context["form"]["version"].value()
    scheme.status = SchemeStatus.ORDERED
    scheme.save()
    html = pledge_as(client, scheme, "900", version=version).content.decode()
    assert "This scheme is ordered, so pledges can no longer be made, changed or withdrawn." in html
    assert Pledge.objects.get().quantity == Decimal("600")


def test_a_stale_change_by_a_colleague_is_refused_and_what_they_typed_kept(p, scheme):
    colleague = client_for("org_admin", p)
    member = client_for("member", p)
    pledge_as(member, scheme, "600")
    colleague_version = colleague.get(detail_url(scheme)).context["form"]["version"].value()
    stale_version = member.get(detail_url(scheme)).context["form"]["version"].value()
    assert pledge_as(colleague, scheme, "800", version=colleague_version).status_code == 302

    response = pledge_as(member, scheme, "650", version=stale_version)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone else at your organisation changed this pledge while you were editing it" in html
    assert "it is now 800 litres" in html
    assert 'value="650"' in html
    assert Pledge.objects.get().quantity == Decimal("800")
    # Submitting again on purpose goes through.
    again = response.context["form"]["version"].value()
    assert pledge_as(member, scheme, "650", version=again).status_code == 302
    assert Pledge.objects.get().quantity == Decimal("650")


def test_two_first_pledges_at_once_do_not_overwrite_each_other(p, scheme):
    colleague, member = client_for("org_admin", p), client_for("member", p)
    assert pledge_as(colleague, scheme, "700", version="new").status_code == 302
    response = pledge_as(member, scheme, "900", version="new")
    assert response.status_code == 409
    assert Pledge.objects.get().quantity == Decimal("700")


# --- shares of the cost ----------------------------------------------------------------------


def test_share_of_cost_is_rounded_to_pence():
    assert buying.share_of_cost(Decimal("333.33"), Decimal("0.6543")) == Decimal("218.10")
    assert buying.share_of_cost(Decimal("1"), Decimal("0.005")) == Decimal("0.01")
    assert buying.share_of_cost(Decimal("10"), None) is None


def test_after_the_close_members_and_the_coordinator_see_shares_of_the_cost(p, scheme):
    add_quotes(scheme)  # chosen quote: £0.6543 a litre
    Pledge.objects.create(scheme=scheme, organisation=p.organisation, quantity=Decimal("1000"))
    Pledge.objects.create(
        scheme=scheme, organisation=p.other_organisation, quantity=Decimal("333.33")
    )
    open_page = client_for("other_member", p).get(detail_url(scheme)).content.decode()
    assert "share of the cost" not in open_page

    scheme.status = SchemeStatus.CLOSED
    scheme.save()

    theirs = client_for("other_member", p).get(detail_url(scheme)).content.decode()
    assert "Your organisation's share of the cost" in theirs
    assert "£218.10" in theirs
    assert "£654.30" not in theirs  # another organisation's share stays private

    coordinator = client_for("member", p).get(detail_url(scheme)).content.decode()
    assert "Each organisation's share of the cost" in coordinator
    assert "£654.30" in coordinator and "£218.10" in coordinator
    assert "£872.40" in coordinator  # the total

    anonymous = client_for("anonymous", p).get(detail_url(scheme)).content.decode()
    assert "£218.10" not in anonymous


def test_the_schemes_own_unit_price_wins_over_the_chosen_quote(p, scheme):
    add_quotes(scheme)
    scheme.unit_price = Decimal("0.60")
    scheme.status = SchemeStatus.CLOSED
    scheme.save()
    Pledge.objects.create(scheme=scheme, organisation=p.organisation, quantity=Decimal("1000"))
    assert "£600.00" in client_for("member", p).get(detail_url(scheme)).content.decode()


# --- exports ---------------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_like_cells_are_made_text(prefix):
    assert buying.csv_safe(f"{prefix}SUM(A1)") == f"'{prefix}SUM(A1)"
    assert buying.csv_safe("Fernlea") == "Fernlea"


def test_exports_neutralise_spreadsheet_formulas(p, scheme):
    add_quotes(scheme)
    hostile = Organisation.objects.create(name='=HYPERLINK("http://evil.example","Click")')
    Pledge.objects.create(
        scheme=scheme,
        organisation=hostile,
        quantity=Decimal("600"),
        delivery_address="@SUM(1+1)",
    )
    Pledge.objects.create(scheme=scheme, organisation=p.other_organisation, quantity=Decimal("500"))
    client = client_for("member", p)

    pledges = client.get(reverse("buying:export_pledges", args=[scheme.slug]))
    assert pledges["Content-Type"].startswith("text/csv")
    assert "attachment" in pledges["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(pledges.content.decode())))
    assert rows[0][:6] == [
        "Organisation",
        "Org-id",
        "Quantity",
        "Unit",
        "Unit price (£)",
        "Share of cost (£)",
    ]
    names = [row[0] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example","Click")' in names
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    quarry = next(row for row in rows if row[0] == "Quarry Hill Youth Club")
    assert quarry[1] == "GB-COH-08255580" and quarry[5] == "327.15"

    delivery = client.get(reverse("buying:export_delivery", args=[scheme.slug]))
    rows = list(csv.reader(io.StringIO(delivery.content.decode())))
    assert [
        '\'=HYPERLINK("http://evil.example","Click")',
        "600.00",
        "litres",
        "'@SUM(1+1)",
        "",
        "",
    ] in rows


def test_withdrawn_pledges_are_left_out_of_the_exports(p, scheme):
    Pledge.objects.create(
        scheme=scheme,
        organisation=p.other_organisation,
        quantity=Decimal("500"),
        withdrawn_at=timezone.now(),
    )
    text = (
        client_for("member", p)
        .get(reverse("buying:export_pledges", args=[scheme.slug]))
        .content.decode()
    )
    assert "Quarry Hill Youth Club" not in text


# --- jobs ------------------------------------------------------------------------------------


def run_jobs_on(day, capture, times=1):
    moment = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        for _ in range(times):
            with capture(execute=True):
                call_command("run_buying_jobs", stdout=io.StringIO())


def test_members_are_told_when_a_scheme_opens_and_before_it_closes_once(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    capture = django_capture_on_commit_callbacks
    start = datetime.date(2027, 1, 4)
    scheme = make_scheme(
        p.organisation,
        opens_on=start,
        closes_on=datetime.date(2027, 1, 20),
        status=SchemeStatus.OPEN,
    )
    members = {
        "member-persona@example.org",
        "org-admin-persona@example.org",
        "other-member-persona@example.org",
    }

    run_jobs_on(datetime.date(2027, 1, 3), capture, times=1)
    assert mailoutbox == []  # not open yet

    run_jobs_on(datetime.date(2027, 1, 4), capture, times=2)
    opened = [m for m in mailoutbox if m.subject == "Joint buying now open: Winter heating oil"]
    assert {m.to[0] for m in opened} == members and len(opened) == 3
    assert f"/joint-buying/{scheme.slug}/" in opened[0].body
    assert "The minimum order is 500 litres per organisation." in opened[0].body

    mailoutbox.clear()
    run_jobs_on(datetime.date(2027, 1, 16), capture, times=1)
    assert mailoutbox == []  # 4 days before: too early

    run_jobs_on(datetime.date(2027, 1, 17), capture, times=2)
    closing = [
        m
        for m in mailoutbox
        if m.subject == "Joint buying closes on 20 January: Winter heating oil"
    ]
    assert len(closing) == 3 and len(mailoutbox) == 3
    assert "close at the end of Wednesday 20 January 2027" in closing[0].body
    scheme.refresh_from_db()
    assert scheme.closing_reminder_sent_on == datetime.date(2027, 1, 17)


def test_people_who_muted_scheme_emails_are_not_told(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    Person.objects.filter(user=p.member).update(muted=["scheme-opened"])
    make_scheme(p.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        buying.run_jobs()
    assert "member-persona@example.org" not in {m.to[0] for m in mailoutbox}
    assert "org-admin-persona@example.org" in {m.to[0] for m in mailoutbox}


def test_schemes_past_their_window_are_closed_by_the_job(p):
    scheme = make_scheme(p.organisation)
    later = make_scheme(p.organisation, title="Spring oil")
    with time_machine.travel(scheme.closes_on + datetime.timedelta(days=1), tick=False):
        report = buying.run_jobs()
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CLOSED
    assert report.closed == [scheme] or {s.pk for s in report.closed} == {scheme.pk, later.pk}


def test_the_jobs_also_run_as_a_background_task(p):
    scheme = make_scheme(
        p.organisation, closes_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    result = buying.run_buying_jobs.enqueue()
    assert result.return_value["closed"] == 1
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CLOSED


# --- query counts ----------------------------------------------------------------------------


def _queries(client, url, django_assert_max_num_queries, limit):
    client.get(url)
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_index_and_a_scheme_page_cost_the_same_queries_as_they_grow(
    p, django_assert_max_num_queries
):
    scheme = make_scheme(p.organisation)
    add_quotes(scheme)
    scheme.status = SchemeStatus.CLOSED
    scheme.save()
    client = client_for("member", p)
    index, page = reverse("buying:index"), detail_url(scheme)

    add_pledging_organisations(scheme, 3)
    for n in range(2):
        make_scheme(p.other_organisation, title=f"Scheme {n}")
    few = (
        _queries(client, index, django_assert_max_num_queries, 15),
        _queries(client, page, django_assert_max_num_queries, 20),
    )

    add_pledging_organisations(scheme, 40, start=3)
    for n in range(2, 30):
        make_scheme(p.other_organisation, title=f"Scheme {n}")
    many = (
        _queries(client, index, django_assert_max_num_queries, 15),
        _queries(client, page, django_assert_max_num_queries, 20),
    )
    assert few == many


# --- generated input -------------------------------------------------------------------------

TEXT = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "=HYPERLINK(1)",
            "\x00",
            "9" * 40,
            "NaN",
            "-Infinity",
            "1e999999",
            "0.001",
        ]
    ),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    quantity=st.one_of(TEXT, st.decimals(allow_nan=True, allow_infinity=True).map(str)),
    address=TEXT,
)
def test_generated_pledge_input_never_fails_and_never_loses_the_pledge(
    p, scheme, quantity, address
):
    client = client_for("member", p)
    Pledge.objects.update_or_create(
        scheme=scheme,
        organisation=p.organisation,
        defaults={"quantity": Decimal("600"), "withdrawn_at": None},
    )
    version = buying.version_of(Pledge.objects.get())
    response = client.post(
        detail_url(scheme),
        {"quantity": quantity, "delivery_address": address, "version": version, "pledge": "1"},
    )
    assert response.status_code in (200, 302)
    pledge = Pledge.objects.get()
    assert pledge.withdrawn_at is None
    if response.status_code == 200:
        assert pledge.quantity == Decimal("600")
        assert "govuk-error-summary" in response.content.decode()
    else:
        assert pledge.quantity >= scheme.minimum_order


def test_a_member_of_two_organisations_pledges_for_the_one_they_act_for(p, scheme):
    make_member("second-hat", p.other_organisation)
    user = p.member
    from consortium.models import Membership, MembershipStatus

    Membership.objects.create(
        user=user, organisation=p.other_organisation, status=MembershipStatus.APPROVED
    )
    Person.objects.filter(user=user).update(acting_for=p.other_organisation)
    pledge_as(client_for("member", p), scheme, "600")
    assert Pledge.objects.get().organisation == p.other_organisation
