"""Offers and needs: generated bad input never breaks the listing, reply, report or match forms."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.brokerage import rules as brokerage
from consortium.models import Listing, MatchStatus, Reply, Verdict
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import _agreed_match, as_user, listing_form

pytestmark = pytest.mark.django_db


# --- Bad input never breaks a form ------------------------------------------------------------

TEXT = st.text(max_size=300)
FORM_VALUES = st.one_of(
    TEXT, st.integers(min_value=-(10**12), max_value=10**12).map(str), st.dates().map(str)
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.dictionaries(st.sampled_from(list(listing_form())), FORM_VALUES))
def test_generated_input_never_breaks_the_listing_forms(personas, data):
    existing = make_listing(personas.organisation, title="Keep me")
    client = as_user("member", personas)
    before = Listing.objects.count()
    created = client.post(reverse("listings:create"), {**listing_form(), **data})
    assert created.status_code in (302, 400)
    assert Listing.objects.count() == before + (1 if created.status_code == 302 else 0)
    edited = client.post(reverse("listings:edit", args=[existing.pk]), {**listing_form(), **data})
    assert edited.status_code in (302, 400, 409)
    existing.refresh_from_db()
    if edited.status_code != 302:
        assert existing.title == "Keep me"
    Listing.objects.all().delete()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(message=TEXT, offer=FORM_VALUES, reason=TEXT)
def test_generated_input_never_breaks_the_reply_and_report_forms(personas, message, offer, reason):
    need = make_listing(personas.organisation)
    earlier = Reply.objects.create(listing=need, user=personas.volunteer, message="Earlier reply")
    response = as_user("other_member", personas).post(
        reverse("listings:reply", args=[need.pk]), {"message": message, "offer": offer}
    )
    assert response.status_code in (302, 400)
    assert Reply.objects.filter(pk=earlier.pk, message="Earlier reply").exists()
    report = as_user("volunteer", personas).post(
        reverse("listings:report", args=[need.pk]), {"reason": reason}
    )
    assert report.status_code in (302, 400)
    Listing.objects.all().delete()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    verdict=st.one_of(st.sampled_from(["completed", "no-show"]), TEXT),
    values=st.dictionaries(
        st.sampled_from(["hours", "items", "money_value", "kg_reused"]),
        st.one_of(
            st.decimals(allow_nan=True, allow_infinity=True).map(str),
            st.integers(min_value=-(10**15), max_value=10**15).map(str),
            TEXT,
        ),
    ),
)
def test_generated_input_never_breaks_the_match_form(personas, verdict, values):
    need = make_listing(personas.organisation)
    match = _agreed_match(personas, need)
    brokerage.confirm_match(match, "owner", Verdict.COMPLETED, {"hours": 3})
    response = as_user("other_member", personas).post(
        reverse("listings:match", args=[match.pk]), {"verdict": verdict, **values}
    )
    assert response.status_code in (302, 400)
    match.refresh_from_db()
    assert match.owner_confirmed_at and match.owner_verdict == Verdict.COMPLETED
    if response.status_code == 400:
        assert match.hours == 3 and match.status == MatchStatus.AGREED
    Listing.objects.all().delete()
