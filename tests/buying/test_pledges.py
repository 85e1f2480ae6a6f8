"""Joint buying: the scheme page, and members pledging, changing and withdrawing, with
generated input."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.buying import rules as buying
from consortium.models import Person, Pledge, SchemeStatus
from tests.buying.data import add_quotes
from tests.buying.helpers import detail_url
from tests.personas import client_for, make_member

pytestmark = pytest.mark.django_db


def pledge_as(client, scheme, quantity, version=None, **extra):
    if version is None:
        page = client.get(detail_url(scheme))
        version = page.context["form"]["version"].value()
    return client.post(
        detail_url(scheme), {"quantity": quantity, "version": version, "pledge": "1", **extra}
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


def test_a_delivery_address_over_500_characters_is_refused_and_nothing_is_saved(p, scheme):
    response = pledge_as(client_for("member", p), scheme, "600", delivery_address="a" * 501)
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert "The delivery address must be 500 characters or fewer (it has 501)." in html
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
