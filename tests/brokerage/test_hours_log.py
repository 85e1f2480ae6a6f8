"""The hours log of a match: both sides record hours, entries are never changed (a correction
replaces an entry), and impact counts the log or the reports' hours, never both."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from consortium.brokerage import hours as log
from consortium.impact import figures as impact
from consortium.models import Category, HoursEntry
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import _agreed_match, as_user

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.localdate() - datetime.timedelta(days=1)


@pytest.fixture
def match(personas, need):
    return _agreed_match(personas, need)


def _log(personas, who, match, **data):
    values = {"worked_on": YESTERDAY.isoformat(), "hours": "2", "note": ""}
    values.update(data)
    return as_user(who, personas).post(reverse("listings:hours_log", args=[match.pk]), values)


def _complete(personas, match, **figures):
    for who in ("member", "other_member"):
        as_user(who, personas).post(
            reverse("listings:match", args=[match.pk]), {"verdict": "completed", **figures}
        )
    match.refresh_from_db()


def test_both_sides_log_hours_and_the_lower_total_counts(personas, match):
    _log(personas, "member", match, hours="2.5")
    _log(personas, "member", match, hours="1.25", note="Packing")
    _log(personas, "other_member", match, hours="3")
    match.refresh_from_db()
    assert match.hours == Decimal("3.00")  # poster's side 3.75, replier's side 3: the lower
    page = as_user("member", personas).get(reverse("listings:hours_log", args=[match.pk]))
    text = page.content.decode()
    assert "3.75 hours" in text and "the lower total counts" in text and "Packing" in text


def test_impact_counts_the_log_instead_of_the_reports_hours_never_both(personas, match):
    _log(personas, "member", match, hours="5")
    _log(personas, "other_member", match, hours="5")
    _complete(personas, match, hours="20")
    assert match.hours == Decimal("5")
    assert impact.totals().volunteer_hours == Decimal("5")


def test_without_a_log_the_reports_hours_count_as_before(personas, match):
    _complete(personas, match, hours="4")
    assert impact.totals().volunteer_hours == Decimal("4")


def test_hours_logged_after_completion_still_feed_impact(personas, match):
    _complete(personas, match, hours="4")
    _log(personas, "other_member", match, hours="6.5")
    assert impact.totals().volunteer_hours == Decimal("6.5")


def test_a_correction_replaces_an_entry_which_is_kept_but_no_longer_counts(personas, match):
    _log(personas, "member", match, hours="8")
    wrong = HoursEntry.objects.get()
    response = _log(personas, "member", match, hours="3", replaces=str(wrong.pk))
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.hours == Decimal("3")
    assert HoursEntry.objects.count() == 2
    page = as_user("member", personas).get(reverse("listings:hours_log", args=[match.pk]))
    assert "<del>8</del>" in page.content.decode()


def test_an_entry_is_never_changed(personas, match):
    _log(personas, "member", match)
    entry = HoursEntry.objects.get()
    entry.hours = Decimal("9")
    with pytest.raises(ValueError, match="never changed"):
        entry.save()


def test_a_side_cannot_correct_the_other_sides_entry(personas, match):
    _log(personas, "member", match, hours="8")
    theirs = HoursEntry.objects.get()
    _log(personas, "other_member", match, hours="2")
    response = _log(personas, "other_member", match, hours="1", replaces=str(theirs.pk))
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError):
        log.log_hours(match, "responder", personas.other_member, YESTERDAY, 1, replaces=theirs)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"hours": "0.1"}, "Hours must be 0.25 or more"),
        ({"hours": "25"}, "Hours must be 24 or less"),
        ({"hours": "-3"}, "Hours must be 0.25 or more"),
        ({"hours": "two"}, "Enter the hours as a number"),
        ({"hours": "1.125"}, "at most two decimal places"),
        ({"hours": ""}, "Enter the hours"),
        ({"worked_on": "2099-01-01"}, "today or in the past"),
        ({"worked_on": "not a date"}, "Enter a real date"),
        ({"note": "x" * 501}, "500"),
    ],
)
def test_bad_hours_get_a_clear_error_on_the_form(personas, match, fields, message):
    response = _log(personas, "member", match, **fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not HoursEntry.objects.exists()


def test_only_the_two_sides_log_and_only_on_matches_where_time_is_given(personas, need):
    match = _agreed_match(personas, need)
    assert _log(personas, "volunteer", match).status_code == 404
    assert _log(personas, "staff", match).status_code == 403  # staff read, never log
    tables = make_listing(personas.organisation, category=Category.EQUIPMENT, title="Tables")
    lent = _agreed_match(personas, tables)
    assert _log(personas, "member", lent).status_code == 403
    page = as_user("member", personas).get(reverse("listings:match", args=[lent.pk]))
    assert reverse("listings:hours_log", args=[lent.pk]) not in page.content.decode()
    page = as_user("member", personas).get(reverse("listings:match", args=[match.pk]))
    assert reverse("listings:hours_log", args=[match.pk]) in page.content.decode()


def test_the_hours_log_page_is_valid_html_full_and_with_errors(personas, match, tmp_path):
    from tests.platform.test_valid_html import validate

    _log(personas, "member", match, hours="8", note="Sorting")
    _log(personas, "member", match, hours="3", replaces=str(HoursEntry.objects.get().pk))
    _log(personas, "other_member", match, hours="2")
    url = reverse("listings:hours_log", args=[match.pk])
    answers = {
        "full log": as_user("member", personas).get(url),
        "with errors": _log(personas, "other_member", match, hours="99"),
        "staff": as_user("staff", personas).get(url),
    }
    for n, response in enumerate(answers.values()):
        (tmp_path / f"page-{n:03}.html").write_bytes(response.content)
    index = "\n".join(f"page-{n:03}.html: {name}" for n, name in enumerate(answers))
    assert validate(tmp_path) == "", index
