"""The pages for running a scheme are valid HTML, as they answer good and bad input."""

import pytest
from django.urls import reverse

from consortium.models import Pledge
from tests.buying.member_schemes import (
    add_banded_quotes,
    close_window,
    open_scheme,
    pledge_from,
    proposed_scheme,
)
from tests.personas import client_for
from tests.platform.test_valid_html import validate

pytestmark = pytest.mark.django_db


def test_the_pages_for_running_a_scheme_are_valid_html(p, tmp_path):
    proposed = proposed_scheme(p, title="Insurance")
    running = open_scheme(p)
    add_banded_quotes(running)
    Pledge.objects.create(scheme=running, organisation=p.other_organisation, quantity=600)
    short = open_scheme(p, title="Short oil")
    add_banded_quotes(short)
    pledge_from(short, "Askrigg Hall", "3000")
    close_window(short)
    closed = open_scheme(p, title="Closed oil")
    add_banded_quotes(closed)
    Pledge.objects.create(scheme=closed, organisation=p.other_organisation, quantity=6000)
    close_window(closed)
    member = client_for("member", p)

    def url(name, scheme):
        return reverse(f"buying:{name}", args=[scheme.slug])

    answers = {
        "propose": member.get(reverse("buying:propose")),
        "propose with errors": member.post(reverse("buying:propose"), {"title": "<b>"}),
        "edit": member.get(url("edit", proposed)),
        "manage with quotes and pledges": member.get(url("manage", running)),
        "manage with quote errors": member.post(
            url("manage", running), {"supplier": "", "band_1_price": "x"}
        ),
        "decide": member.get(url("decide", short)),
        "decide with errors": member.post(url("decide", short), {"choice": "extend"}),
        "scheme with bands": client_for("other_member", p).get(url("detail", running)),
        "closed scheme with its outcome": client_for("other_member", p).get(url("detail", closed)),
        "index with the propose button": member.get(reverse("buying:index")),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response.status_code in (200, 400), name
        (tmp_path / f"page-{n}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
