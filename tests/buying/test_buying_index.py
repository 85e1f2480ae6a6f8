"""Joint buying: the index of schemes, and the queries of the index and a scheme page as
they grow."""

from decimal import Decimal

import pytest
from django.urls import reverse

from consortium.models import SchemeStatus
from tests.buying.data import add_pledging_organisations, add_quotes, make_scheme
from tests.buying.helpers import detail_url
from tests.personas import client_for

pytestmark = pytest.mark.django_db


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
