"""The demo shows joint buying run by members: banded quotes, pledges, one scheme waiting for
staff and one waiting for its coordinator's choice; loaded once however often it is loaded."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from consortium.buying import outcomes
from consortium.models import Scheme, SchemeStatus

pytestmark = pytest.mark.django_db


def test_the_demo_has_member_run_schemes_the_member_can_manage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    call_command("load_demo_content", stdout=io.StringIO())
    member_run = Scheme.objects.filter(member_run=True)
    assert {s.status for s in member_run} == {
        SchemeStatus.OPEN,
        SchemeStatus.PROPOSED,
        SchemeStatus.SHORT,
    }
    paper = member_run.get(slug="recycled-printer-paper")
    assert paper.quotes.count() == 2
    assert all(quote.bands.count() >= 2 for quote in paper.quotes.all())
    total = outcomes.total_of(paper)
    assert total == Decimal("24")
    assert outcomes.best_band(paper, total).unit_price == Decimal("21.50")
    client = Client()
    client.force_login(
        get_user_model().objects.get(username="member"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert client.get(reverse("buying:manage", args=[paper.slug])).status_code == 200
    todo = client.get(reverse("members:todo")).content.decode()
    assert reverse("buying:decide", args=["first-aid-training-places"]) in todo
