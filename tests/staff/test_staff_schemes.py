"""Brokerage staff in the Wagtail admin: joint-buying schemes with their supplier quotes."""

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.staff.helpers import history_url, inspect_url

pytestmark = pytest.mark.django_db


# --- schemes with their supplier quotes, edited inline -------------------------------------


def scheme_with_quotes(coordinator):
    from consortium.models import Scheme, SupplierQuote

    scheme = Scheme.objects.create(
        title="Winter heating oil",
        coordinator=coordinator,
        commodity="heating-oil",
        unit="litres",
        target_total=20000,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate() + timezone.timedelta(days=20),
        status="open",
    )
    dale = SupplierQuote.objects.create(
        scheme=scheme, supplier="Dale Fuels", unit_price="0.61", chosen=True
    )
    coop = SupplierQuote.objects.create(
        scheme=scheme, supplier="County Oil Co-operative", unit_price="0.59"
    )
    return scheme, dale, coop


def scheme_form(scheme, quotes):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    return nested_form_data(
        {
            "title": scheme.title,
            "coordinator": scheme.coordinator_id,
            "commodity": scheme.commodity,
            "description": "",
            "unit": scheme.unit,
            "minimum_order": "0",
            "target_total": "20000",
            "opens_on": scheme.opens_on.isoformat(),
            "closes_on": scheme.closes_on.isoformat(),
            "unit_price": "",
            "delivery_notes": "",
            "status": scheme.status,
            "quotes": inline_formset(quotes, initial=len([q for q in quotes if "id" in q])),
        }
    )


def test_staff_edit_a_schemes_quotes_inline_and_change_the_chosen_one(staff_client, personas):
    scheme, dale, coop = scheme_with_quotes(personas.organisation)
    edit = reverse("consortium_scheme_modeladmin_edit", args=[scheme.pk])
    page = staff_client.get(edit).content.decode()
    assert "Supplier quotes" in page and "County Oil Co-operative" in page
    response = staff_client.post(
        edit,
        scheme_form(
            scheme,
            [
                {"id": coop.pk, "supplier": coop.supplier, "unit_price": "0.59", "chosen": "on"},
                {"id": dale.pk, "supplier": dale.supplier, "unit_price": "0.61"},
                {"supplier": "Valley Heating", "unit_price": "0.65"},
            ],
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    got = [(q.supplier, q.chosen) for q in scheme.quotes.order_by("unit_price")]
    assert got == [
        ("County Oil Co-operative", True),
        ("Dale Fuels", False),
        ("Valley Heating", False),
    ]


def test_two_chosen_quotes_are_refused_with_a_clear_error(staff_client, personas):
    scheme, dale, coop = scheme_with_quotes(personas.organisation)
    edit = reverse("consortium_scheme_modeladmin_edit", args=[scheme.pk])
    response = staff_client.post(
        edit,
        scheme_form(
            scheme,
            [
                {"id": coop.pk, "supplier": coop.supplier, "unit_price": "0.59", "chosen": "on"},
                {"id": dale.pk, "supplier": dale.supplier, "unit_price": "0.61", "chosen": "on"},
            ],
        ),
    )
    assert response.status_code == 200
    assert "Choose one supplier quote at most" in response.content.decode()
    dale.refresh_from_db()
    coop.refresh_from_db()
    assert dale.chosen and not coop.chosen


def test_a_schemes_page_lists_its_quotes_and_links_to_its_history(staff_client, personas):
    scheme, dale, coop = scheme_with_quotes(personas.organisation)
    page = staff_client.get(inspect_url("scheme", scheme.pk))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Dale Fuels" in text and "County Oil Co-operative" in text
    assert history_url(scheme) in text
