"""The workflow table: every allowed move with its conditions met, refused when they are
not, every other move refused; only the lead and staff move a bid; partners are told."""

import datetime
import itertools
from decimal import Decimal

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from consortium.bids import moves, workflow
from consortium.bids import versions as bids
from consortium.bids.views import workflow as workflow_views
from consortium.bids.workflow import PARTNER, TRANSITIONS, TransitionRefused
from consortium.models import BidState, JointBid, ResponseKind, SignOff, SignOffResponse
from tests.bids.world import BID_PERSONAS, make_bid_world, make_ready

pytestmark = pytest.mark.django_db
S = BidState


@pytest.fixture
def w():
    return make_bid_world()


def at(bid, state):
    JointBid.objects.filter(pk=bid.pk).update(state=state)
    bid.refresh_from_db()
    return bid


def sign_all(w):
    for organisation in [w.lead_org, w.partner_org, w.sub_org]:
        bids.sign_off(w.bid, organisation, w.lead)


def meet_conditions(w, transition):
    """Make the bid satisfy ``transition``'s conditions."""
    make_ready(w.bid)
    if transition.target == S.SUBMITTED:
        sign_all(w)
    if transition.target == S.AWARDED:
        w.bid.amount_awarded = Decimal("50000")
        w.bid.award_date = datetime.date(2026, 11, 1)


def break_condition(w, condition):
    """Make the bid fail ``condition``."""
    if condition is workflow.has_sections:
        w.bid.sections.all().delete()
    elif condition is workflow.sections_ready:
        w.bid.sections.filter(title="Delivery plan").update(status="drafting")
    elif condition is workflow.sections_within_limits:
        w.bid.sections.filter(title="Delivery plan").update(body="word " * 612)
    elif condition is workflow.every_partner_signed:
        SignOff.objects.filter(bid=w.bid, organisation=w.partner_org).delete()
    elif condition is workflow.award_recorded:
        w.bid.amount_awarded = None
    elif condition is workflow.no_partner_declined:
        SignOffResponse.objects.create(
            bid=w.bid,
            organisation=w.partner_org,
            person=w.partner,
            answer=ResponseKind.DECLINED,
            reason="No capacity",
            bid_version=w.bid.version,
        )
    else:  # pragma: no cover - a new condition needs a way to break it here
        raise AssertionError(f"no way to break {condition.__name__}")


# --- the table --------------------------------------------------------------------------------

ALLOWED = [(t.source, t.target) for t in TRANSITIONS]
# The lead's and staff's moves; a partner's own (request changes, decline to take part) are
# tested in test_signoff_requests.py.
LEAD_MOVES = [t for t in TRANSITIONS if PARTNER not in t.who]
PARTNER_PAIRS = {(t.source, t.target) for t in TRANSITIONS if PARTNER in t.who}


@pytest.mark.parametrize(
    "transition", LEAD_MOVES, ids=[f"{t.source}->{t.target}" for t in LEAD_MOVES]
)
@pytest.mark.parametrize("mover", ["lead", "staff"])
def test_lead_and_staff_make_every_allowed_move_when_its_conditions_are_met(w, transition, mover):
    at(w.bid, transition.source)
    meet_conditions(w, transition)
    moves.move(w.bid, transition.target, getattr(w, mover))
    assert JointBid.objects.get(pk=w.bid.pk).state == transition.target


CONDITIONAL = [(t, c) for t in TRANSITIONS for c in t.conditions]


@pytest.mark.parametrize(
    "transition, condition",
    CONDITIONAL,
    ids=[f"{t.source}->{t.target}:{c.__name__}" for t, c in CONDITIONAL],
)
def test_every_allowed_move_is_refused_while_one_of_its_conditions_is_not_met(
    w, transition, condition
):
    at(w.bid, transition.source)
    meet_conditions(w, transition)
    break_condition(w, condition)
    with pytest.raises(TransitionRefused) as refusal:
        moves.move(w.bid, transition.target, w.lead)
    assert str(refusal.value)
    assert JointBid.objects.get(pk=w.bid.pk).state == transition.source


REFUSED = [
    (a, b) for a, b in itertools.product(S.values, S.values) if a != b and (a, b) not in ALLOWED
]


@pytest.mark.parametrize("source, target", REFUSED, ids=[f"{a}->{b}" for a, b in REFUSED])
def test_every_other_move_is_refused(w, source, target):
    at(w.bid, source)
    make_ready(w.bid)
    with pytest.raises(TransitionRefused, match="cannot become"):
        moves.move(w.bid, target, w.staff)
    assert JointBid.objects.get(pk=w.bid.pk).state == source


# A partner may move a bid awaiting sign-off back only by its own moves (PARTNER_PAIRS).
NOT_THEIRS = [
    (persona, t)
    for persona in ["partner", "subcontractor", "non_member"]
    for t in LEAD_MOVES
    if not (persona == "partner" and (t.source, t.target) in PARTNER_PAIRS)
]


@pytest.mark.parametrize(
    "persona, transition",
    NOT_THEIRS,
    ids=[f"{persona}:{t.source}->{t.target}" for persona, t in NOT_THEIRS],
)
def test_partners_and_outsiders_cannot_move_a_bid(w, persona, transition):
    at(w.bid, transition.source)
    meet_conditions(w, transition)
    with pytest.raises(TransitionRefused, match="Only the lead"):
        moves.move(w.bid, transition.target, w.user(persona))
    lead_moves = [t for t, _ in moves.available(w.bid, w.user(persona)) if PARTNER not in t.who]
    assert lead_moves == []


def test_a_section_over_its_word_limit_blocks_sign_off_with_its_name_and_count(w):
    at(w.bid, S.INTERNAL_REVIEW)
    make_ready(w.bid)
    w.bid.sections.filter(title="Delivery plan").update(body="word " * 612)
    (transition, reasons) = next(
        (t, r) for t, r in moves.available(w.bid, w.lead) if t.target == S.AWAITING_SIGN_OFF
    )
    assert reasons == [
        "These sections are over their word limit: Delivery plan (612 words, limit 500)."
    ]


# --- through the pages --------------------------------------------------------------------------


def move_as(w, persona, target, **extra):
    return w.client(persona).post(
        reverse("bids:move", args=[w.bid.slug]), {"target": target, **extra}
    )


def test_lead_moves_the_bid_on_from_its_page_and_partners_are_told(
    w, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = move_as(w, "lead", S.INTERNAL_REVIEW)
    assert response.status_code == 302 and response["Location"] == w.bid.get_absolute_url()
    assert JointBid.objects.get().state == S.INTERNAL_REVIEW
    told = {m.to[0] for m in mailoutbox}
    assert {w.partner.email, w.subcontractor.email} <= told
    assert "Internal review" in " ".join(m.subject + m.body for m in mailoutbox)


def test_asking_for_sign_off_tells_every_partner_to_sign(
    w, django_capture_on_commit_callbacks, mailoutbox
):
    at(w.bid, S.INTERNAL_REVIEW)
    make_ready(w.bid)
    with django_capture_on_commit_callbacks(execute=True):
        move_as(w, "lead", S.AWAITING_SIGN_OFF)
    assert JointBid.objects.get().state == S.AWAITING_SIGN_OFF
    assert {w.partner.email, w.subcontractor.email, w.lead.email} <= {m.to[0] for m in mailoutbox}
    assert all("sign" in m.subject.lower() for m in mailoutbox)


def test_a_refused_move_comes_back_to_the_bid_page_with_the_reason(w):
    at(w.bid, S.INTERNAL_REVIEW)
    response = move_as(w, "lead", S.AWAITING_SIGN_OFF)
    assert response.status_code == 302 and response["Location"] == w.bid.get_absolute_url()
    notes = [str(m) for m in get_messages(response.wsgi_request)]
    assert notes == ["These sections are not approved: Summary, Delivery plan, Risks."]
    assert JointBid.objects.get().state == S.INTERNAL_REVIEW


@pytest.mark.parametrize("target", ["", "nonsense", S.AWARDED])
def test_a_move_to_nowhere_is_a_message_not_an_error(w, target):
    response = move_as(w, "lead", target)
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)]
    assert JointBid.objects.get().state == S.DRAFT


def test_a_partner_posting_a_move_is_refused(w):
    assert move_as(w, "partner", S.INTERNAL_REVIEW).status_code == 403
    assert JointBid.objects.get().state == S.DRAFT


@pytest.mark.parametrize("source, target", [(S.DRAFT, S.WITHDRAWN), (S.SUBMITTED, S.UNSUCCESSFUL)])
def test_withdrawing_and_recording_as_unsuccessful_ask_for_confirmation_first(w, source, target):
    at(w.bid, source)
    asked = move_as(w, "lead", target)
    assert asked.status_code == 200
    assert "?" in asked.content.decode().split("<h1", 1)[1].split("</h1>")[0]
    assert JointBid.objects.get().state == source
    done = move_as(w, "lead", target, confirmed="yes")
    assert done.status_code == 302
    assert JointBid.objects.get().state == target


def test_recording_the_award_takes_the_amount_and_date_then_moves_to_awarded(w):
    at(w.bid, S.SUBMITTED)
    address = reverse("bids:award", args=[w.bid.slug])
    bad = w.client("lead").post(address, {"amount_awarded": "-1", "award_date": "2099-01-01"})
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "Enter the amount awarded as £0 or more" in page
    assert "today or in the past" in page
    assert JointBid.objects.get().state == S.SUBMITTED
    good = w.client("lead").post(address, {"amount_awarded": "48,500", "award_date": "2026-11-02"})
    assert good.status_code == 302
    bid = JointBid.objects.get()
    assert bid.state == S.AWARDED
    assert bid.amount_awarded == Decimal("48500") and bid.award_date == datetime.date(2026, 11, 2)


def test_the_award_page_is_only_for_submitted_bids(w):
    response = w.client("lead").get(reverse("bids:award", args=[w.bid.slug]))
    assert response.status_code == 302
    assert "cannot become" in str(list(get_messages(response.wsgi_request))[0])


# --- the panel on the bid page -----------------------------------------------------------------


def render_panel(w, persona):
    request = RequestFactory().get(w.bid.get_absolute_url())
    request.user = w.user(persona)
    return render_to_string(
        "consortium/bids/_workflow_panel.html",
        {"bid": w.bid, "request": request, "user": request.user, "can_edit": True, "is_lead": True},
    )


def test_the_panel_shows_the_state_the_lead_moves_and_why_one_is_blocked(w):
    at(w.bid, S.INTERNAL_REVIEW)
    make_ready(w.bid)
    w.bid.sections.filter(title="Delivery plan").update(body="word " * 612)
    html = render_panel(w, "lead")
    assert "govuk-tag--blue" in html and "Internal review" in html
    assert "Return to draft" in html
    assert "Delivery plan (612 words, limit 500)" in html
    assert reverse("bids:move", args=[w.bid.slug]) + "?target=withdrawn" in html


def test_partners_see_the_state_but_no_moves(w):
    html = render_panel(w, "partner")
    assert "Draft" in html
    assert "Send for internal review" not in html
    assert "Only the lead organisation moves the bid on." in html


# --- who gets what ------------------------------------------------------------------------------

MEMBERS = {
    "anonymous": 302,
    "non_member": 404,
    "partner": 200,
    "subcontractor": 200,
    "lead": 200,
    "staff": 200,
}
MOVERS = {**MEMBERS, "partner": 403, "subcontractor": 403}


def _submitted(w):
    return at(w.bid, S.SUBMITTED)


# For tests/test_members_access.py: these rows use the bid world's people.
ACCESS_PERSONAS = BID_PERSONAS
make_access_personas = make_bid_world

ACCESS = [
    (
        "the confirm page of a move",
        lambda w: reverse("bids:move", args=[w.bid.slug]) + "?target=withdrawn",
        MOVERS,
    ),
    (
        "posting a move",
        lambda w: (
            "post",
            reverse("bids:move", args=[w.bid.slug]),
            {"target": "withdrawn", "confirmed": "yes"},
        ),
        {**MOVERS, "lead": 302, "staff": 302},
    ),
    ("recording the award", lambda w: reverse("bids:award", args=[_submitted(w).slug]), MOVERS),
    ("signing off", lambda w: reverse("bids:sign_off", args=[w.bid.slug]), MEMBERS),
    ("the sign-off record", lambda w: reverse("bids:sign_offs", args=[w.bid.slug]), MEMBERS),
]


@pytest.mark.parametrize("persona", BID_PERSONAS)
@pytest.mark.parametrize("description, build, expected", ACCESS, ids=[a[0] for a in ACCESS])
def test_each_person_gets_what_they_may_of_the_workflow(w, persona, description, build, expected):
    target = build(w)
    client = w.client(persona)
    if isinstance(target, tuple):
        response = client.post(target[1], target[2])
    else:
        response = client.get(target)
    assert response.status_code == expected[persona], f"{persona} on {description}"
    if persona == "anonymous":
        assert "/accounts/login/" in response["Location"]


def test_every_workflow_url_is_in_the_matrix(w):
    from django.urls import resolve

    covered = set()
    for _, build, _ in ACCESS:
        target = build(w)
        covered.add(
            resolve(target[1] if isinstance(target, tuple) else target.split("?")[0]).url_name
        )
    assert {p.name for p in workflow_views.urlpatterns} <= covered


# --- deadline reminders -------------------------------------------------------------------------


def test_deadline_reminders_go_7_days_and_1_day_before_once_each(
    w, django_capture_on_commit_callbacks, mailoutbox
):
    deadline = datetime.datetime(2026, 12, 15, 12, 0, tzinfo=datetime.UTC)
    JointBid.objects.filter(pk=w.bid.pk).update(deadline=deadline)

    def run_on(day):
        mailoutbox.clear()
        with (
            time_machine.travel(
                datetime.datetime(2026, 12, day, 9, 0, tzinfo=datetime.UTC), tick=False
            ),
            django_capture_on_commit_callbacks(execute=True),
        ):
            call_command("send_bid_reminders")
        return [m.subject for m in mailoutbox]

    assert run_on(7) == []  # 8 days away
    week = run_on(8)
    assert week and all("deadline in 7 days" in s for s in week)
    assert {w.lead.email, w.partner.email, w.subcontractor.email} <= {m.to[0] for m in mailoutbox}
    assert run_on(8) == []  # once
    assert run_on(10) == []
    day = run_on(14)
    assert day and all("deadline in 1 day" in s for s in day)
    assert run_on(14) == []
    assert run_on(16) == []  # past


def test_no_reminders_for_bids_already_submitted_or_finished(w, mailoutbox):
    soon = timezone.now() + datetime.timedelta(days=3)
    JointBid.objects.filter(pk=w.bid.pk).update(deadline=soon, state=S.SUBMITTED)
    call_command("send_bid_reminders")
    assert mailoutbox == []


def test_a_moved_deadline_gets_its_own_reminder(w, django_capture_on_commit_callbacks, mailoutbox):
    start = timezone.now()

    def run_with_deadline_in(days):
        deadline = start + datetime.timedelta(days=days)
        JointBid.objects.filter(pk=w.bid.pk).update(deadline=deadline)
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_bid_reminders")
        return len(mailoutbox)

    first = run_with_deadline_in(5)
    assert first
    assert run_with_deadline_in(5) == first  # the same deadline: not again
    assert run_with_deadline_in(6) == 2 * first  # a new deadline: its own reminder
