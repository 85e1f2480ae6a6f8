"""A bid's budget lines: partners add, change and delete their lines, bad amounts get a
clear error, and two people changing the same line never silently overwrite each other."""

from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from consortium.models import BudgetLine, SignOff
from tests.bids.budget_helpers import line_data, url
from tests.bids.world import add_line

pytestmark = pytest.mark.django_db


def edit_data(line, **changes):
    data = {
        "organisation": line.organisation_id,
        "category": line.category,
        "description": line.description,
        "year": line.year,
        "amount": str(line.amount),
        "match_funding": str(line.match_funding),
        "version": line.version,
    }
    if line.is_private:
        data["is_private"] = "on"
    data.update(changes)
    return data


# --- adding, changing, deleting -----------------------------------------------------------


def test_partner_adds_a_line_and_the_bid_version_rises_and_sign_offs_are_voided(
    w, django_capture_on_commit_callbacks, mailoutbox
):
    SignOff.objects.create(bid=w.bid, organisation=w.lead_org, bid_version=1, fingerprint="x")
    with django_capture_on_commit_callbacks(execute=True):
        response = w.client("partner").post(
            url("budget_add", w.bid), line_data(w.partner_org, amount="£1,250.50")
        )
    assert response.status_code == 302
    line = BudgetLine.objects.get(bid=w.bid)
    assert line.amount == Decimal("1250.50") and line.organisation == w.partner_org
    w.bid.refresh_from_db()
    assert w.bid.version == 2
    assert SignOff.objects.get().voided_at is not None
    assert any("no longer count" in m.body for m in mailoutbox)


def test_partner_cannot_add_a_line_for_another_partner(w):
    response = w.client("partner").post(url("budget_add", w.bid), line_data(w.lead_org))
    assert response.status_code == 200
    assert "Choose an organisation in the list" in response.content.decode()
    assert not BudgetLine.objects.exists()


@pytest.mark.parametrize(
    "amount, error",
    [
        ("-5", "Enter the amount as £0 or more"),
        ("100000000000", "Enter the amount as £100,000,000.00 or less"),
        ("12.345", "no more than 2 decimal places"),
        ("twelve pounds", "Enter the amount as a number of pounds"),
        ("", "Enter the amount"),
        ("NaN", "Enter the amount as a number of pounds"),
        ("£1,2,3", "Enter the amount with commas only between thousands"),
        ("12,50", "Enter the amount with commas only between thousands"),
        ("1,2500", "Enter the amount with commas only between thousands"),
        ("1 2 3", "Enter the amount with commas only between thousands"),
        ("1,250 000", "Enter the amount with commas only between thousands"),
    ],
)
def test_bad_amounts_get_a_clear_error_and_nothing_is_saved(w, amount, error):
    response = w.client("lead").post(url("budget_add", w.bid), line_data(w.lead_org, amount=amount))
    assert response.status_code == 200
    assert error in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not BudgetLine.objects.exists()
    w.bid.refresh_from_db()
    assert w.bid.version == 1


@pytest.mark.parametrize(
    "typed, saved",
    [("£1,250.50", "1250.50"), ("1,234,567", "1234567"), ("12 500", "12500"), ("£ 950", "950")],
)
def test_amounts_typed_with_thousands_separators_are_read_as_pounds(w, typed, saved):
    response = w.client("lead").post(url("budget_add", w.bid), line_data(w.lead_org, amount=typed))
    assert response.status_code == 302
    assert BudgetLine.objects.get().amount == Decimal(saved)


def test_a_stale_save_of_a_different_field_is_merged(w):
    line = add_line(w.bid, w.partner_org, 5000)
    opened = edit_data(line)
    first = w.client("lead").post(url("budget_edit", w.bid, line.pk), {**opened, "amount": "6000"})
    assert first.status_code == 302
    second = w.client("partner").post(
        url("budget_edit", w.bid, line.pk), {**opened, "description": "Coordinator"}
    )
    assert second.status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("6000") and line.description == "Coordinator"
    notes = [str(m) for m in get_messages(second.wsgi_request)]
    assert any("both are kept" in n for n in notes)


def test_a_stale_save_of_the_same_field_shows_both_values_and_keeps_what_was_typed(w):
    line = add_line(w.bid, w.partner_org, 5000)
    opened = edit_data(line)
    w.client("lead").post(url("budget_edit", w.bid, line.pk), {**opened, "amount": "6000"})
    clash = w.client("partner").post(
        url("budget_edit", w.bid, line.pk), {**opened, "amount": "7000"}
    )
    assert clash.status_code == 409
    page = clash.content.decode()
    assert "yours “£7,000.00”, theirs “£6,000.00”" in page
    assert 'value="7000"' in page  # what they typed is still in the form
    line.refresh_from_db()
    assert line.amount == Decimal("6000")  # nothing of theirs lost either
    # Saving again from the conflict page (which now carries the current version) keeps it.
    again = w.client("partner").post(
        url("budget_edit", w.bid, line.pk), {**opened, "amount": "7000", "version": line.version}
    )
    assert again.status_code == 302
    line.refresh_from_db()
    assert line.amount == Decimal("7000")


def test_deleting_a_line_asks_first_then_removes_it_and_raises_the_version(w):
    line = add_line(w.bid, w.partner_org, 5000, description="Van hire")
    client = w.client("partner")
    confirm = client.get(url("budget_delete", w.bid, line.pk))
    assert "Delete “Van hire”?" in confirm.content.decode()
    assert BudgetLine.objects.filter(pk=line.pk).exists()
    done = client.post(url("budget_delete", w.bid, line.pk))
    assert done.status_code == 302
    assert not BudgetLine.objects.filter(pk=line.pk).exists()
    w.bid.refresh_from_db()
    assert w.bid.version == 2
    assert line.history.filter(history_type="-").exists()


def test_nobody_changes_the_budget_once_the_bid_is_submitted(w):
    line = add_line(w.bid, w.partner_org, 5000)
    w.bid.state = "submitted"
    w.bid.save()
    assert w.client("lead").get(url("budget_add", w.bid)).status_code == 403
    response = w.client("partner").post(url("budget_edit", w.bid, line.pk), edit_data(line))
    assert response.status_code == 403


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    amount=st.one_of(st.text(max_size=30), st.decimals(allow_nan=True).map(str)),
    match=st.text(max_size=20),
    year=st.text(max_size=5),
    description=st.text(max_size=400),
    category=st.sampled_from(["staff", "other", "", "nonsense"]),
)
def test_any_input_to_the_budget_line_form_gets_an_answer_and_loses_nothing(
    w, amount, match, year, description, category
):
    kept = add_line(w.bid, w.lead_org, 900, description="Kept line")
    response = w.client("lead").post(
        url("budget_add", w.bid),
        line_data(
            w.lead_org,
            amount=amount,
            match_funding=match,
            year=year,
            description=description,
            category=category,
        ),
    )
    assert response.status_code in (200, 302)
    assert BudgetLine.objects.filter(pk=kept.pk, amount=Decimal("900")).exists()
    if response.status_code == 302:
        added = BudgetLine.objects.exclude(pk=kept.pk).get()
        assert Decimal("0") <= added.amount <= Decimal("100000000")
        added.delete()
    else:
        assert "There is a problem" in response.content.decode()
    kept.delete()
