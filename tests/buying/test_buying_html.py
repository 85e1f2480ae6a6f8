"""The joint-buying and impact pages are valid HTML, as they answer good and bad input."""

from decimal import Decimal

import pytest
from django.urls import reverse

from consortium.models import Pledge, SchemeStatus
from tests.buying.data import add_quotes, make_match, make_scheme
from tests.personas import client_for, make_personas
from tests.platform.test_valid_html import validate

pytestmark = pytest.mark.django_db


def test_joint_buying_and_impact_pages_are_valid_html(tmp_path):
    p = make_personas()
    scheme = make_scheme(p.organisation)
    add_quotes(scheme)
    closed = make_scheme(p.organisation, title="Autumn oil", status=SchemeStatus.CLOSED)
    add_quotes(closed)
    Pledge.objects.create(scheme=closed, organisation=p.other_organisation, quantity=Decimal("600"))
    make_match(p.organisation, p.other_organisation, hours=Decimal("3"))
    member = client_for("member", p)
    detail = reverse("buying:detail", args=[scheme.slug])
    answers = {
        "index": member.get(reverse("buying:index")),
        "scheme with the pledge form": member.get(detail),
        "scheme for the public": client_for("anonymous", p).get(detail),
        "pledge with errors": member.post(
            detail, {"quantity": "1", "delivery_address": "<b>", "version": "new"}
        ),
        "closed scheme with shares": member.get(reverse("buying:detail", args=[closed.slug])),
        "impact": member.get(reverse("impact:index")),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response.status_code == 200, name
        (tmp_path / f"page-{n}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
