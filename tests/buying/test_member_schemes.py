"""Joint buying run by members: a member proposes, staff approve, the coordinator posts
banded quotes, and at the close the best band the total reaches sets everyone's share."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from consortium.buying import outcomes, proposals
from consortium.buying import rules as buying
from consortium.models import Pledge, PriceBand, SchemeOutcome, SchemeStatus, SupplierQuote
from tests.buying.data import add_quotes, make_scheme
from tests.buying.member_schemes import (
    add_banded_quotes,
    close_window,
    open_scheme,
    pledge_from,
    proposed_scheme,
)

pytestmark = pytest.mark.django_db


def _subjects(mailoutbox):
    return [m.subject for m in mailoutbox]


# Proposing and approval --------------------------------------------------------------------


def test_a_proposed_scheme_waits_for_staff_and_they_are_told(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        scheme = proposed_scheme(p)
    assert scheme.status == SchemeStatus.PROPOSED
    assert scheme.member_run and scheme.coordinator == p.organisation
    assert not scheme.is_open_for_pledges(scheme.opens_on)
    staff_mail = [m for m in mailoutbox if m.to == [p.staff.email]]
    assert staff_mail[0].subject == (
        "A joint-buying scheme waits for approval: Heating oil for village halls"
    )


def test_approval_opens_the_scheme_on_its_date_and_the_proposer_is_emailed(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    scheme = proposed_scheme(p)
    with django_capture_on_commit_callbacks(execute=True):
        proposals.approve(scheme, p.staff, "Looks good")
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.OPEN
    assert not scheme.is_open_for_pledges()  # it opens in two days
    assert scheme.is_open_for_pledges(scheme.opens_on)
    mail = [m for m in mailoutbox if m.to == [p.member.email]][0]
    assert mail.subject == "Your joint-buying scheme is approved: Heating oil for village halls"
    assert "Looks good" in mail.body


def test_a_turned_down_scheme_needs_a_reason_which_the_proposer_reads(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    scheme = proposed_scheme(p)
    with pytest.raises(proposals.SchemeRefused, match="Say why"):
        proposals.reject(scheme, p.staff, "  ")
    with django_capture_on_commit_callbacks(execute=True):
        proposals.reject(scheme, p.staff, "Ask two suppliers first")
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.REJECTED
    mail = [m for m in mailoutbox if m.to == [p.member.email]][0]
    assert "not approved" in mail.subject
    assert "Ask two suppliers first" in mail.body


def test_a_scheme_cannot_be_approved_twice_or_after_its_window_ended(p):
    scheme = proposed_scheme(p)
    proposals.approve(scheme, p.staff)
    with pytest.raises(proposals.SchemeRefused, match="open for pledges now"):
        proposals.approve(scheme, p.staff)
    late = proposed_scheme(p, title="Last winter's oil")
    late.closes_on = timezone.localdate() - datetime.timedelta(days=1)
    late.save()
    with pytest.raises(proposals.SchemeRefused, match="change its dates"):
        proposals.approve(late, p.staff)


def test_changing_an_approved_scheme_before_it_opens_sends_it_back_to_staff(p):
    scheme = proposed_scheme(p)
    proposals.approve(scheme, p.staff)
    scheme.refresh_from_db()
    changed = {name: getattr(scheme, name) for name in proposals.DETAILS}
    changed["target_total"] = Decimal("8000")
    saved = proposals.edit(scheme, p.member, changed, proposals.version_of(scheme))
    assert saved.status == SchemeStatus.PROPOSED
    assert saved.target_total == Decimal("8000")


def test_two_people_changing_a_scheme_at_once_do_not_overwrite_each_other(p):
    scheme = proposed_scheme(p)
    seen = proposals.version_of(scheme)
    first = {name: getattr(scheme, name) for name in proposals.DETAILS}
    proposals.edit(scheme, p.member, {**first, "unit": "kilolitres"}, seen)
    with pytest.raises(proposals.StaleScheme):
        proposals.edit(scheme, p.org_admin, {**first, "title": "Oil"}, seen)
    scheme.refresh_from_db()
    assert (scheme.title, scheme.unit) == ("Heating oil for village halls", "kilolitres")


def test_two_schemes_with_the_same_name_get_their_own_addresses(p):
    first, second = proposed_scheme(p), proposed_scheme(p)
    assert first.slug != second.slug
    assert proposed_scheme(p, title="Propose").slug != "propose"


# Price bands at the close -------------------------------------------------------------------


@pytest.mark.parametrize(
    "total, supplier, price",
    [
        ("5000", "Dales Fuels", "0.70"),  # Dales' 5,000 band beats County's 2,000 band
        ("8000", "County Oil", "0.66"),  # County's 8,000 band is now the cheapest
        ("12000", "Dales Fuels", "0.62"),
    ],
)
def test_the_lowest_price_among_the_bands_the_total_reaches_applies(p, total, supplier, price):
    scheme = open_scheme(p)
    add_banded_quotes(scheme)
    pledge_from(scheme, "Aysgarth Village Hall", total)
    close_window(scheme)
    outcome = SchemeOutcome.objects.get(scheme=scheme)
    assert (outcome.supplier, outcome.unit_price, outcome.total) == (
        supplier,
        Decimal(price),
        Decimal(total),
    )
    assert scheme.status == SchemeStatus.CLOSED
    assert scheme.chosen_quote().supplier == supplier


def test_each_pledger_is_emailed_their_share_quantity_times_the_price(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    scheme = open_scheme(p)
    add_banded_quotes(scheme)
    Pledge.objects.create(scheme=scheme, organisation=p.other_organisation, quantity=600)
    pledge_from(scheme, "Askrigg Hall", "4400")
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        close_window(scheme)
    mail = [m for m in mailoutbox if m.to == [p.other_member.email]]
    assert [m.subject for m in mail] == ["Your share of Heating oil for village halls"]
    assert "£420.00" in mail[0].body  # 600 litres x £0.70 (the 5,000 band)
    assert "£0.70 per unit" in mail[0].body
    shares = {s.pledge.organisation.name: s.cost for s in buying.shares(scheme)}
    assert shares == {
        "Askrigg Hall": Decimal("3080.00"),
        "Quarry Hill Youth Club": Decimal("420.00"),
    }


def test_the_recorded_outcome_never_changes_when_quotes_change_afterwards(p):
    scheme = open_scheme(p)
    dales, county = add_banded_quotes(scheme)
    pledge_from(scheme, "Aysgarth Village Hall", "6000")
    close_window(scheme)
    PriceBand.objects.filter(quote=dales).update(unit_price=Decimal("9"))
    proposals.remove_quote(dales)
    close_window(scheme)  # the jobs run again the next day
    scheme.refresh_from_db()
    outcome = scheme.outcome
    assert (outcome.supplier, outcome.unit_price) == ("Dales Fuels", Decimal("0.70"))
    assert scheme.price_per_unit() == Decimal("0.70")
    assert SchemeOutcome.objects.count() == 1


# Short of the minimum ----------------------------------------------------------------------


def _short_scheme(p, mailoutbox=None, total="3000"):
    scheme = open_scheme(p)
    add_banded_quotes(scheme)
    Pledge.objects.create(scheme=scheme, organisation=p.other_organisation, quantity=600)
    pledge_from(scheme, "Askrigg Hall", str(Decimal(total) - 600))
    return scheme


def test_a_total_short_of_the_minimum_waits_for_the_coordinators_choice(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    scheme = _short_scheme(p)
    with django_capture_on_commit_callbacks(execute=True):
        close_window(scheme)
    assert scheme.status == SchemeStatus.SHORT
    assert not SchemeOutcome.objects.exists()
    coordinator_mail = [m for m in mailoutbox if m.to == [p.member.email]]
    assert coordinator_mail[0].subject.startswith("Choose what happens")
    assert not [m for m in mailoutbox if m.to == [p.other_member.email]]


def test_the_coordinator_can_go_ahead_at_a_higher_band_the_total_reaches(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    scheme = close_window(_short_scheme(p))
    reachable = outcomes.reachable_bands(scheme, Decimal("3000"))
    assert [(b.quote.supplier, b.unit_price) for b in reachable] == [
        ("County Oil", Decimal("0.7500")),
        ("Dales Fuels", Decimal("0.8000")),
    ]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcome = outcomes.go_ahead(scheme, reachable[0].pk, p.member)
    assert outcome.went_ahead_short and outcome.unit_price == Decimal("0.75")
    mail = [m for m in mailoutbox if m.to == [p.other_member.email]][0]
    assert "£450.00" in mail.body and "chose to go ahead" in mail.body
    with pytest.raises(outcomes.ChoiceRefused, match="already chosen"):
        outcomes.cancel(scheme, p.member)


def test_a_band_the_total_does_not_reach_cannot_be_chosen(p):
    scheme = close_window(_short_scheme(p))
    out_of_reach = PriceBand.objects.get(from_quantity=10000)
    with pytest.raises(outcomes.ChoiceRefused, match="prices the total reaches"):
        outcomes.go_ahead(scheme, out_of_reach.pk, p.member)


def test_extending_the_window_reopens_pledges_and_tells_the_pledgers(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    scheme = close_window(_short_scheme(p))
    today = timezone.localdate()
    with pytest.raises(outcomes.ChoiceRefused, match="in the future"):
        outcomes.extend(scheme, today, p.member)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcomes.extend(scheme, today + datetime.timedelta(days=14), p.member)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.OPEN and scheme.is_open_for_pledges()
    mail = [m for m in mailoutbox if m.to == [p.other_member.email]][0]
    assert mail.subject == "More time to pledge: Heating oil for village halls"


def test_cancelling_tells_the_pledgers_nothing_is_ordered(
    p, django_capture_on_commit_callbacks, mailoutbox
):
    scheme = close_window(_short_scheme(p))
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        outcomes.cancel(scheme, p.member)
    scheme.refresh_from_db()
    assert scheme.status == SchemeStatus.CANCELLED
    mail = [m for m in mailoutbox if m.to == [p.other_member.email]][0]
    assert mail.subject == "Cancelled: Heating oil for village halls"
    assert "owes nothing" in mail.body


def test_a_total_that_reaches_no_band_waits_even_above_the_minimum(p):
    scheme = open_scheme(p)
    proposals.add_quote(scheme, "Bulk Only Ltd", [(Decimal("50000"), Decimal("0.5"))])
    pledge_from(scheme, "Askrigg Hall", "6000")
    assert close_window(scheme).status == SchemeStatus.SHORT


# Staff-run schemes are as they were ------------------------------------------------------


def test_a_staff_run_scheme_closes_with_its_chosen_quote_as_before(p):
    scheme = make_scheme(p.organisation)
    add_quotes(scheme)
    Pledge.objects.create(scheme=scheme, organisation=p.other_organisation, quantity=600)
    close_window(scheme)
    assert scheme.status == SchemeStatus.CLOSED
    assert not SchemeOutcome.objects.exists()
    assert buying.shares(scheme)[0].cost == Decimal("392.58")  # 600 x £0.6543
    assert SupplierQuote.objects.filter(chosen=True).count() == 1
