"""Member-run schemes over HTTP: who reaches each page (the ACCESS matrix), the forms'
errors, the staff's approval queue and the coordinator's to-do item."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from consortium.buying import proposals
from consortium.models import Scheme, SchemeOutcome, SchemeStatus
from tests.buying.member_schemes import (
    add_banded_quotes,
    close_window,
    details,
    open_scheme,
    pledge_from,
    proposed_scheme,
)
from tests.personas import PERSONAS, client_for

pytestmark = pytest.mark.django_db


def _short_scheme(p):
    scheme = open_scheme(p, title="Short oil")
    add_banded_quotes(scheme)
    pledge_from(scheme, "Askrigg Hall", "3000")
    return close_window(scheme)


def _remove_quote_url(p):
    quote = add_banded_quotes(open_scheme(p, title="Quoted oil"))[0]
    return reverse("buying:remove_quote", args=[quote.scheme.slug, quote.pk])


RUNNERS = {
    "anonymous": 302,
    "volunteer": 403,
    "other_member": 403,
    "member": 200,
    "org_admin": 200,
    "staff": 403,
}
UNPUBLISHED_RUNNERS = {**RUNNERS, "volunteer": 404, "other_member": 404}
PROPOSERS = {**RUNNERS, "other_member": 200}
POST_ONLY = {**dict.fromkeys(PERSONAS, 405), "anonymous": 302}
ADMIN_SIGN_IN = 302
STAFF_ONLY = {**dict.fromkeys(PERSONAS, ADMIN_SIGN_IN), "staff": 200}
STAFF_POST_ONLY = {**STAFF_ONLY, "staff": 405}

ACCESS = [
    ("propose a scheme", lambda p: reverse("buying:propose"), PROPOSERS),
    (
        "change a proposed scheme",
        lambda p: reverse("buying:edit", args=[proposed_scheme(p).slug]),
        UNPUBLISHED_RUNNERS,
    ),
    (
        "manage an open scheme",
        lambda p: reverse("buying:manage", args=[open_scheme(p).slug]),
        RUNNERS,
    ),
    (
        "choose what happens to a short scheme",
        lambda p: reverse("buying:decide", args=[_short_scheme(p).slug]),
        RUNNERS,
    ),
    (
        "remove a quote (a button)",
        _remove_quote_url,
        POST_ONLY,
    ),
    (
        "schemes waiting for approval",
        lambda p: reverse("consortium_staff:scheme_moderation"),
        STAFF_ONLY,
    ),
    (
        "approve a scheme (a button)",
        lambda p: reverse("consortium_staff:approve_scheme", args=[proposed_scheme(p).pk]),
        STAFF_POST_ONLY,
    ),
    (
        "turn down a scheme (a button)",
        lambda p: reverse("consortium_staff:reject_scheme", args=[proposed_scheme(p).pk]),
        STAFF_POST_ONLY,
    ),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("description, url_for, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_reaches_only_the_scheme_pages_they_may(
    p, persona, description, url_for, expected
):
    response = client_for(persona, p).get(url_for(p))
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if expected[persona] == 302:
        assert "login/" in response["Location"]


def _form(**overrides):
    values = {k: str(v) for k, v in details().items()}
    values.update(overrides)
    return values


def test_a_member_proposes_a_scheme_that_staff_then_see_waiting(p):
    response = client_for("member", p).post(reverse("buying:propose"), _form())
    scheme = Scheme.objects.get()
    assert response["Location"] == reverse("buying:manage", args=[scheme.slug])
    assert (scheme.status, scheme.coordinator, scheme.proposed_by) == (
        SchemeStatus.PROPOSED,
        p.organisation,
        p.member,
    )
    staff = client_for("staff", p)
    assert (
        "Heating oil for village halls"
        in staff.get(reverse("consortium_staff:scheme_moderation")).content.decode()
    )
    dashboard = staff.get("/admin/").content.decode()
    assert "<span>1 waiting</span> for approval" in dashboard
    # The public does not see it until it is approved.
    assert (
        "Heating oil"
        not in client_for("anonymous", p).get(reverse("buying:index")).content.decode()
    )


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("target_total", "lots", "Enter a number, like 500 or 12.5"),
        ("minimum_order", "9000", "The minimum per organisation cannot be more than the total"),
        ("closes_on", "2000-01-01", "The closing date must be the same as or after opening"),
        ("opens_on", "2000-01-01", "The opening date must be today or in the future"),
        ("title", "<script>x</script>", "Enter plain text, without HTML tags"),
        ("delivery_area", "", "Enter the delivery area"),
    ],
)
def test_bad_details_are_refused_on_the_form_with_a_clear_error(p, field, value, message):
    response = client_for("member", p).post(reverse("buying:propose"), _form(**{field: value}))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Scheme.objects.exists()


def test_staff_approve_and_turn_down_from_the_queue(p, django_capture_on_commit_callbacks):
    first, second = proposed_scheme(p), proposed_scheme(p, title="Insurance")
    staff = client_for("staff", p)
    with django_capture_on_commit_callbacks(execute=True):
        staff.post(reverse("consortium_staff:approve_scheme", args=[first.pk]), {"note": ""})
        refused = staff.post(reverse("consortium_staff:reject_scheme", args=[second.pk]), {})
        staff.post(
            reverse("consortium_staff:reject_scheme", args=[second.pk]), {"note": "Too broad"}
        )
    assert refused.status_code == 302
    first.refresh_from_db(), second.refresh_from_db()
    assert (first.status, second.status) == (SchemeStatus.OPEN, SchemeStatus.REJECTED)
    assert second.review_note == "Too broad"


def test_a_stale_change_is_refused_and_what_was_typed_is_kept(p):
    scheme = proposed_scheme(p)
    seen = proposals.version_of(scheme)
    proposals.edit(scheme, p.org_admin, {**details(), "unit": "kilolitres"}, seen)
    response = client_for("member", p).post(
        reverse("buying:edit", args=[scheme.slug]), _form(title="Oil for halls", version=seen)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else at your organisation changed this scheme" in page
    assert 'value="Oil for halls"' in page
    scheme.refresh_from_db()
    assert scheme.title == "Heating oil for village halls"


def test_the_coordinator_posts_a_quote_with_bands_and_bad_bands_are_explained(p):
    scheme = open_scheme(p)
    member = client_for("member", p)
    manage = reverse("buying:manage", args=[scheme.slug])
    bad = member.post(
        manage,
        {"supplier": "Dales", "band_1_from": "0", "band_1_price": "cheap", "band_2_price": "0.7"},
    )
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "Enter the price as a number, like 1000 or 0.65" in page
    assert "Enter the total band 2 starts from (0 for any)" in page
    good = member.post(
        manage,
        {
            "supplier": "Dales Fuels",
            "band_1_from": "0",
            "band_1_price": "£0.80",
            "band_2_from": "5,000",
            "band_2_price": "0.70",
        },
    )
    assert good.status_code == 302
    quote = scheme.quotes.get()
    assert [(str(b.from_quantity), str(b.unit_price)) for b in quote.bands.all()] == [
        ("0.00", "0.8000"),
        ("5000.00", "0.7000"),
    ]
    assert (
        "£0.70"
        in client_for("other_member", p)
        .get(reverse("buying:detail", args=[scheme.slug]))
        .content.decode()
    )


def test_the_coordinator_chooses_to_go_ahead_on_the_page_and_it_is_recorded(p):
    scheme = _short_scheme(p)
    member = client_for("member", p)
    decide = reverse("buying:decide", args=[scheme.slug])
    missing = member.post(decide, {"choice": "go-ahead"})
    assert missing.status_code == 400
    assert "Choose the price to go ahead at" in missing.content.decode()
    band = scheme.quotes.get(supplier="County Oil").bands.get(from_quantity=2000)
    done = member.post(decide, {"choice": "go-ahead", "band": str(band.pk)})
    assert done.status_code == 302
    outcome = SchemeOutcome.objects.get(scheme=scheme)
    assert (outcome.supplier, str(outcome.unit_price)) == ("County Oil", "0.7500")
    assert member.get(decide).status_code == 403  # decided once, for good


def test_extending_needs_a_future_date(p):
    scheme = _short_scheme(p)
    member = client_for("member", p)
    decide = reverse("buying:decide", args=[scheme.slug])
    today = timezone.localdate()
    past = member.post(decide, {"choice": "extend", "closes_on": str(today)})
    assert "The new closing date must be in the future" in past.content.decode()
    later = today + datetime.timedelta(days=10)
    member.post(decide, {"choice": "extend", "closes_on": str(later)})
    scheme.refresh_from_db()
    assert (scheme.status, scheme.closes_on) == (SchemeStatus.OPEN, later)


def test_a_short_scheme_is_on_its_coordinators_to_do_list_only(p):
    scheme = _short_scheme(p)
    decide = reverse("buying:decide", args=[scheme.slug])
    assert decide in client_for("org_admin", p).get(reverse("members:todo")).content.decode()
    assert decide not in client_for("other_member", p).get(reverse("members:todo")).content.decode()


def test_the_to_do_page_reads_the_same_queries_however_many_schemes_wait(
    p, django_assert_max_num_queries
):
    from django.db import reset_queries

    _short_scheme(p)
    member = client_for("member", p)
    member.get(reverse("members:todo"))
    reset_queries()
    with django_assert_max_num_queries(60) as few:
        member.get(reverse("members:todo"))
    baseline = len(few.captured_queries)
    for n in range(4):
        scheme = open_scheme(p, title=f"More oil {n}")
        pledge_from(scheme, f"Hall {n}", "100")
        close_window(scheme)
    member.get(reverse("members:todo"))
    reset_queries()
    with django_assert_max_num_queries(baseline):
        page = member.get(reverse("members:todo")).content.decode()
    assert "More oil 3" in page
