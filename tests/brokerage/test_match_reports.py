"""A match's figures: each side keeps its own report, impact counts the agreed figure, and
brokerage staff hear when the two sides disagree."""

import html
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.urls import reverse

from consortium.brokerage import rules as brokerage
from consortium.impact import figures as impact
from consortium.models import Match, MatchReport, MatchSide, MatchStatus, Verdict
from tests.brokerage.data import make_listing
from tests.brokerage.helpers import _agreed_match, as_user
from tests.personas import client_for

pytestmark = pytest.mark.django_db


def _report(personas, who, match, **data):
    return as_user(who, personas).post(reverse("listings:match", args=[match.pk]), data)


def _page(personas, who, match):
    response = as_user(who, personas).get(reverse("listings:match", args=[match.pk]))
    return html.unescape(response.content.decode())


@pytest.fixture
def disputed(personas, need, mailoutbox, django_capture_on_commit_callbacks):
    """The issue's match: the poster's side says 4 hours and £150, the replier's 6 and £200."""
    match = _agreed_match(personas, need)
    _report(personas, "member", match, verdict="completed", hours="4", money_value="150")
    with django_capture_on_commit_callbacks(execute=True):
        _report(personas, "other_member", match, verdict="completed", hours="6", money_value="200")
    match.refresh_from_db()
    return match


def test_both_sides_reports_are_kept_with_who_reported_them(personas, disputed):
    owner, responder = (
        MatchReport.objects.get(match=disputed, side=side) for side in MatchSide.values
    )
    assert (owner.hours, owner.money_value, owner.reported_by) == (
        Decimal("4"),
        Decimal("150"),
        personas.member,
    )
    assert (responder.hours, responder.money_value, responder.reported_by) == (
        Decimal("6"),
        Decimal("200"),
        personas.other_member,
    )
    assert disputed.status == MatchStatus.COMPLETED


def test_impact_counts_the_lower_figure_when_the_sides_disagree(personas, disputed):
    assert (disputed.hours, disputed.money_value) == (Decimal("4.0"), Decimal("150.00"))
    totals = impact.totals()
    assert totals.volunteer_hours == Decimal("4") and totals.money_value == Decimal("150")
    page = client_for("anonymous", personas).get(reverse("impact:index")).content.decode()
    assert "£150.00" in page and "£200.00" not in page


def test_the_match_page_shows_both_reports_and_the_rule(personas, disputed):
    page = _page(personas, "other_member", disputed)
    assert "£150.00" in page and "£200.00" in page
    assert "when they differ, the lower of the two" in page
    assert "The two sides differ: the lower figure counts" in page
    assert "The two sides report different figures" in page
    assert f"by {personas.member.get_full_name() or personas.member.username} on" in page


def test_brokerage_staff_are_emailed_when_the_reports_disagree(personas, disputed, mailoutbox):
    told = [m for m in mailoutbox if m.subject.startswith("Match reports disagree")]
    assert [m.to for m in told] == [[personas.staff.email]]
    assert reverse("consortium_match_modeladmin_inspect", args=[disputed.pk]) in told[0].body


def test_staff_find_the_disagreement_in_the_admin_with_both_reports(personas, disputed, need):
    agreed = _agreed_match(personas, need)  # a second match, still waiting: not listed
    staff = client_for("staff", personas)
    listed = staff.get(
        reverse("consortium_match_modeladmin_index"), {"reports_disagree__exact": "1"}
    )
    assert listed.status_code == 200
    assert listed.context["result_count"] == 1
    assert [m.pk for m in listed.context["object_list"]] == [disputed.pk]
    assert agreed.pk != disputed.pk
    menu = staff.get(reverse("wagtailadmin_home")).content.decode()
    assert "Match reports that disagree" in menu
    inspect = staff.get(
        reverse("consortium_match_modeladmin_inspect", args=[disputed.pk])
    ).content.decode()
    assert "Volunteer hours given: 4.0" in inspect and "Volunteer hours given: 6.0" in inspect


def test_a_side_corrects_its_own_figures_and_its_earlier_report_is_kept(
    personas, disputed, mailoutbox
):
    sent = len(mailoutbox)
    response = _report(personas, "member", disputed, hours="6", money_value="200")
    assert response.status_code == 302
    disputed.refresh_from_db()
    assert (disputed.hours, disputed.money_value) == (Decimal("6.0"), Decimal("200.00"))
    assert not disputed.reports_disagree and disputed.status == MatchStatus.COMPLETED
    owner_reports = MatchReport.objects.filter(match=disputed, side=MatchSide.OWNER)
    assert [r.hours for r in owner_reports] == [Decimal("4.0"), Decimal("6.0")]
    assert all(r.verdict == Verdict.COMPLETED for r in owner_reports)
    page = _page(personas, "member", disputed)
    assert "Earlier reports, since corrected (1)" in page and "Both sides reported the same" in page
    assert len(mailoutbox) == sent  # agreeing is not news for staff


def test_a_side_never_changes_the_other_sides_report(personas, disputed):
    _report(personas, "other_member", disputed, hours="1", money_value="1")
    owner = MatchReport.objects.filter(match=disputed, side=MatchSide.OWNER).get()
    assert (owner.hours, owner.money_value) == (Decimal("4.0"), Decimal("150.00"))
    assert MatchReport.objects.filter(match=disputed, side=MatchSide.RESPONDER).count() == 2
    refused = client_for("staff", personas).post(
        reverse("listings:match", args=[disputed.pk]), {"hours": "99"}
    )
    assert refused.status_code == 403
    assert MatchReport.objects.filter(match=disputed).count() == 3


def test_a_correction_with_bad_figures_is_refused_on_the_form(personas, disputed):
    response = _report(personas, "member", disputed, hours="-2")
    assert response.status_code == 400
    assert "Volunteer hours given must be 0 or more" in response.content.decode()
    assert MatchReport.objects.filter(match=disputed).count() == 2


def test_when_only_one_side_gives_a_figure_that_figure_counts_and_the_page_says_so(personas, need):
    match = _agreed_match(personas, need)
    brokerage.confirm_match(match, "owner", Verdict.COMPLETED, {"items": 12})
    brokerage.confirm_match(match, "responder", Verdict.COMPLETED, {"kg_reused": 30})
    match.refresh_from_db()
    assert match.items == 12 and match.kg_reused == 30 and not match.reports_disagree
    page = _page(personas, "member", match)
    assert "Only the poster's side reported this" in page
    assert "Only the replier's side reported this" in page


def test_the_same_figures_from_both_sides_count_once_and_no_one_is_told(
    personas, need, mailoutbox, django_capture_on_commit_callbacks
):
    match = _agreed_match(personas, need)
    with django_capture_on_commit_callbacks(execute=True):
        brokerage.confirm_match(match, "owner", Verdict.COMPLETED, {"hours": 3}, by=None)
        brokerage.confirm_match(match, "responder", Verdict.COMPLETED, {"hours": 3}, by=None)
    assert impact.totals().volunteer_hours == Decimal("3")
    assert not any("disagree" in m.subject for m in mailoutbox)


def test_a_saved_report_is_never_rewritten(personas, need):
    match = _agreed_match(personas, need)
    brokerage.confirm_match(match, "owner", Verdict.COMPLETED, {"hours": 3})
    report = MatchReport.objects.get()
    report.hours = 30
    with pytest.raises(ValueError, match="a correction is a new report"):
        report.save()


def test_existing_single_reports_move_to_the_side_that_made_them(personas, need):
    """Migration 0018: before it, a match held one set of figures, the last side's."""
    migration = importlib.import_module("consortium.migrations.0018_match_reports")
    only_owner = _agreed_match(personas, need)
    Match.objects.filter(pk=only_owner.pk).update(
        owner_verdict=Verdict.COMPLETED, owner_confirmed_at=only_owner.created_at, hours=5
    )
    both = _agreed_match(personas, _another_need(personas))
    Match.objects.filter(pk=both.pk).update(
        status=MatchStatus.COMPLETED,
        owner_verdict=Verdict.COMPLETED,
        owner_confirmed_at=both.created_at,
        responder_verdict=Verdict.COMPLETED,
        responder_confirmed_at=both.created_at.replace(year=both.created_at.year + 1),
        money_value=200,
    )
    unknown = _agreed_match(personas, _another_need(personas))
    Match.objects.filter(pk=unknown.pk).update(items=7)

    migration.split_reports(apps, None)

    def reports(match):
        return {
            (r.side, r.verdict, r.hours, r.money_value, r.items)
            for r in MatchReport.objects.filter(match=match)
        }

    assert reports(only_owner) == {("owner", "completed", Decimal("5.0"), None, None)}
    assert reports(both) == {
        ("responder", "completed", None, Decimal("200.00"), None),
        ("owner", "completed", None, None, None),
    }
    assert reports(unknown) == {("owner", "", None, None, 7)}


def _another_need(personas):
    return make_listing(personas.organisation, title="Another need")


def test_the_match_page_with_both_reports_and_a_correction_is_valid_html(
    personas, disputed, tmp_path
):
    from tests.platform.test_valid_html import validate

    _report(personas, "member", disputed, hours="5", money_value="150")
    answers = {
        "owner, corrected": as_user("member", personas).get(
            reverse("listings:match", args=[disputed.pk])
        ),
        "replier, correction refused": _report(personas, "other_member", disputed, hours="-1"),
    }
    for n, (name, response) in enumerate(answers.items()):
        assert response["Content-Type"].startswith("text/html"), name
        (tmp_path / f"page-{n}.html").write_bytes(response.content)
    assert validate(tmp_path) == ""
