"""The members' area demo: organisations of every kind, accounts that can sign in,
listings, replies and matches in every state, schemes and vault documents."""

import datetime
import io

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client
from django.utils import timezone

from consortium import permissions
from consortium.bids import versions as bids
from consortium.models import (
    Audience,
    BidSection,
    BidState,
    Category,
    Consortium,
    ConsortiumRole,
    IncomeBand,
    JointBid,
    LegalForm,
    Listing,
    ListingKind,
    Match,
    MatchReport,
    MatchSide,
    MatchStatus,
    Membership,
    Organisation,
    OrganisationDocument,
    Person,
    Pledge,
    Reply,
    ReplyStatus,
    Role,
    Scheme,
    SignOff,
    Theme,
)
from consortium.organisations import identifiers
from consortium.organisations.models import REQUIRED_NUMBERS
from consortium.permissions import BROKERAGE_GROUP

pytestmark = pytest.mark.django_db

COUNTED = [
    Organisation,
    Theme,
    Person,
    Membership,
    Listing,
    Reply,
    Match,
    MatchReport,
    Scheme,
    Pledge,
    OrganisationDocument,
    EmailAddress,
    Organisation.history.model,
    Listing.history.model,
    Consortium,
    JointBid,
    BidSection,
    SignOff,
    JointBid.history.model,
]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("load_demo_content", stdout=io.StringIO())
    first = counts()
    call_command("load_demo_content", stdout=io.StringIO())
    assert counts() == first, "loading the demo a second time changed something"


def test_the_members_demo_is_complete_and_idempotent(demo):
    check_organisations()
    check_accounts()
    check_listings_replies_and_matches()
    check_schemes()
    check_documents()
    check_consortium_and_bids()


def check_organisations():
    organisations = list(Organisation.objects.prefetch_related("themes"))
    assert len(organisations) >= 40
    for organisation in organisations:
        organisation.full_clean()  # valid numbers for its legal form, valid postcode
        required = REQUIRED_NUMBERS.get(organisation.legal_form, ())
        assert not required or any(getattr(organisation, f) for f in required), organisation
        assert organisation.income_band and organisation.locality and organisation.postcode
        assert identifiers.normalise_postcode(organisation.postcode) == organisation.postcode
        assert organisation.themes.exists(), organisation
    numbers = {
        "ccew7": [o for o in organisations if len(o.charity_number) == 7],
        "ccew6": [o for o in organisations if len(o.charity_number) == 6],
        "oscr": [o for o in organisations if o.oscr_number.startswith("SC")],
        "ccni": [o for o in organisations if o.org_id.startswith("GB-NIC-")],
        "leading zeros": [o for o in organisations if o.company_number.startswith("0")],
        "SC company": [o for o in organisations if o.company_number.startswith("SC")],
        "no number": [
            o for o in organisations if o.legal_form == LegalForm.UNINCORPORATED and not o.org_id
        ],
    }
    assert all(numbers.values()), {k: len(v) for k, v in numbers.items()}
    assert {o.legal_form for o in organisations} == set(LegalForm.values)
    assert {o.income_band for o in organisations} == set(IncomeBand.values)
    verified = [o for o in organisations if o.verified_on]
    assert len(verified) > len(organisations) / 2
    assert len(verified) < len(organisations)  # some still to check
    assert all(o.verified_by for o in verified)
    assert 1 <= len([o for o in organisations if not o.is_public]) <= 5
    assert Theme.objects.count() >= 8


def signs_in(username):
    return Client().login(request=HttpRequest(), username=username, password="shoal-demo")


def check_accounts():
    User = get_user_model()
    member = User.objects.get(username="member")
    membership = Membership.objects.get(user=member)
    assert membership.role == Role.ADMIN and membership.status == "approved"
    assert membership.organisation.verified_on is not None
    assert member.person.acting_for == membership.organisation
    volunteer = User.objects.get(username="volunteer").person
    assert volunteer.is_volunteer and volunteer.areas and volunteer.help_kinds
    broker = User.objects.get(username="broker")
    assert broker.groups.filter(name=BROKERAGE_GROUP).exists()
    assert (
        Membership.objects.filter(status="approved").values("organisation").distinct().count() >= 4
    )
    for username in ["member", "volunteer", "broker", "amira", "tom", "sam"]:
        user = User.objects.get(username=username)
        assert EmailAddress.objects.filter(
            user=user, email=user.email, verified=True, primary=True
        ).exists(), username
        assert signs_in(username), username
    broker_client = Client()
    broker_client.login(request=HttpRequest(), username="broker", password="shoal-demo")
    assert "Brokerage" in broker_client.get("/admin/").content.decode()


def check_listings_replies_and_matches():
    listings = Listing.objects.all()
    for category in Category.values:
        assert listings.filter(category=category).exists(), category
    for kind in ListingKind.values:
        assert listings.filter(kind=kind).exists()
    for audience in Audience.values:
        assert listings.filter(audience=audience).exists(), audience
    assert listings.filter(public_from__isnull=False, audience=Audience.MEMBERS).exists()
    assert listings.filter(members_from__isnull=False, audience=Audience.GROUP).exists()
    assert listings.filter(moderation="pending").exists()
    assert {r.status for r in Reply.objects.all()} == set(ReplyStatus.values)
    assert {m.status for m in Match.objects.all()} == set(MatchStatus.values)
    completed = Match.objects.filter(status=MatchStatus.COMPLETED)
    year_ago = timezone.now() - datetime.timedelta(days=366)
    assert all(m.completed_at and m.completed_at > year_ago for m in completed)
    months = {(m.completed_at.year, m.completed_at.month) for m in completed}
    assert len(months) >= 6  # spread over the year, so the impact page has a trend
    assert any(m.hours for m in completed) and any(m.kg_reused for m in completed)
    assert any(m.money_value for m in completed) and any(m.items for m in completed)
    # Each side's own report is kept; one match's sides disagree, and the lower counts.
    assert all({r.side for r in m.reports.all()} == set(MatchSide.values) for m in completed)
    (disputed,) = completed.filter(reports_disagree=True)
    assert disputed.hours == min(r.hours for r in disputed.reports.all())


def check_schemes():
    today = timezone.localdate()
    open_schemes = [s for s in Scheme.objects.all() if s.is_open_for_pledges(today)]
    run_by_staff = [s for s in open_schemes if not s.member_run]
    assert len(run_by_staff) == 1  # and one run by a member: tests/public/test_demo_member_schemes
    assert run_by_staff[0].quotes.count() >= 2 and run_by_staff[0].pledges.count() >= 3
    closed = Scheme.objects.get(status="closed")
    assert closed.closes_on < today
    assert closed.chosen_quote() is not None and closed.pledges.exists()


def check_documents():
    member_org = Membership.objects.get(user__username="member").organisation
    documents = OrganisationDocument.objects.filter(organisation=member_org)
    assert documents.count() >= 4
    today = timezone.localdate()
    soon = documents.filter(
        expires_on__gte=today, expires_on__lte=today + datetime.timedelta(days=30)
    )
    assert soon.count() == 1
    # Its reminder went when it came within 30 days, so the daily job does not send it again.
    assert soon.get().reminder_sent_on < today and not documents.expiring().exists()
    for document in documents:
        assert document.file.read().startswith(b"%PDF")


def check_consortium_and_bids():
    """A lead and a partner who sign in, a consortium of six, bids in three states with real
    history."""
    consortium = Consortium.objects.get()
    assert consortium.members.active().count() >= 6
    lead_bid = JointBid.objects.get(title="Riverside: nobody alone")
    assert lead_bid.state == BidState.DRAFT
    User = get_user_model()
    lead, partner = User.objects.get(username="lead"), User.objects.get(username="partner")
    assert signs_in("lead") and signs_in("partner")
    assert permissions.consortium_role(lead, consortium) == ConsortiumRole.LEAD
    assert permissions.consortium_role(partner, consortium) == ConsortiumRole.PARTNER
    assert permissions.can_view_bid(partner, lead_bid)

    states = set(JointBid.objects.values_list("state", flat=True))
    assert {BidState.DRAFT, BidState.AWAITING_SIGN_OFF, BidState.AWARDED} <= states

    # Real history: sections written in several saves, the bid moved through the workflow.
    for bid in JointBid.objects.all():
        assert bid.version > 1
        assert bid.history.count() >= bid.version
    awarded = JointBid.objects.get(state=BidState.AWARDED)
    moves = set(awarded.history.values_list("history_change_reason", flat=True))
    assert {"Awaiting sign-off → Submitted", "Submitted → Awarded"} <= moves
    # Every partner signed the very version that was submitted, and the fingerprint is the
    # content's: nothing changed after signing.
    standing = awarded.sign_offs.filter(voided_at__isnull=True)
    assert standing.count() == consortium.members.active().exclude(role="subcontractor").count()
    assert {s.fingerprint for s in standing} == {bids.fingerprint(awarded)}
    waiting = JointBid.objects.get(state=BidState.AWAITING_SIGN_OFF)
    assert waiting.sign_offs.filter(voided_at__isnull=True).count() == 1
