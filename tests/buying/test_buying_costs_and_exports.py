"""Joint buying: each organisation's share of the cost, and the coordinator's pledges and
delivery list exports."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from consortium.buying import rules as buying
from consortium.models import Organisation, Pledge, SchemeStatus
from tests.buying.data import add_quotes
from tests.buying.helpers import detail_url
from tests.personas import client_for

pytestmark = pytest.mark.django_db


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
    rows = list(csv.reader(io.StringIO(pledges.content.decode("utf-8-sig"))))
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
    rows = list(csv.reader(io.StringIO(delivery.content.decode("utf-8-sig"))))
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
