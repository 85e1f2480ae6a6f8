"""Erasing a person's account (UK GDPR, the right to erasure): one function for the person's own
"Delete your account" page and for staff carrying out a request from the admin.

The user row is anonymised, not deleted. Replies, pledges, sign-offs, comments and every
history row point at it, and must keep saying what happened (a sign-off of version 12 by
someone at an organisation); deleting the row would cascade into replies and break the
history. So the row keeps its id and loses everything that identifies the person: its
username becomes ``deleted-<id>``, its names become "Deleted user" (so every page that shows
``get_full_name()`` shows that), its email addresses go, its password becomes unusable and it
is made inactive, which also ends every session it had.

What the person alone is about (their profile and its history, watches, survey answers, sign-in
lockout records, queued emails to them, second factors) is deleted.
"""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.db import transaction

from consortium.bids.models import (
    BidState,
    ConsortiumMember,
    ConsortiumRole,
    InvitationStatus,
    JointBid,
    SectionPresence,
)
from consortium.brokerage.models import Watch
from consortium.organisations.people import Membership, MembershipStatus, Person, Role

DELETED_NAME = "Deleted user"
DELETED_USERNAME_PREFIX = "deleted-"
# Bids still being written, signed or decided: someone must still speak for their lead.
LIVE_BID_STATES = [
    BidState.DRAFT,
    BidState.INTERNAL_REVIEW,
    BidState.AWAITING_SIGN_OFF,
    BidState.SUBMITTED,
]


class ErasureRefused(Exception):
    """The account cannot be erased yet; ``reasons`` says what to do first."""

    def __init__(self, reasons):
        super().__init__(" ".join(reasons))
        self.reasons = reasons


@dataclass
class ErasureReport:
    """What was removed, for the staff confirmation message and the logs."""

    email_addresses: int = 0
    memberships_ended: int = 0
    consortium_contacts: int = 0
    watches: int = 0
    survey_answers: int = 0
    lockout_records: int = 0
    queued_emails: int = 0


def is_erased(user):
    """True for an account this module has erased."""
    return bool(
        user
        and user.pk
        and user.get_username() == f"{DELETED_USERNAME_PREFIX}{user.pk}"
        and not user.is_active
    )


def addresses_of(user):
    """Every email address the account has or had on record, lower-cased."""
    found = {user.email.lower()} if user.email else set()
    found |= {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    return sorted(found)


def erasure_blockers(user):
    """Why the account cannot be erased yet, each with what to do first; empty if it can."""
    reasons = []
    for membership in Membership.objects.admins().filter(user=user).select_related("organisation"):
        organisation = membership.organisation
        others = Membership.objects.approved().filter(organisation=organisation).exclude(user=user)
        if others.exists() and not others.filter(role=Role.ADMIN).exists():
            reasons.append(
                f"You are the only admin of {organisation.name}, which has other members. "
                "Make one of them an admin on the organisation's members page first."
            )
    leads = ConsortiumMember.objects.filter(
        role=ConsortiumRole.LEAD, status=InvitationStatus.ACCEPTED, contacts=user
    ).select_related("consortium", "organisation")
    for member in leads:
        live = JointBid.objects.filter(consortium=member.consortium, state__in=LIVE_BID_STATES)
        if live.exists() and not member.contacts.exclude(pk=user.pk).exists():
            titles = ", ".join(f"“{bid.title}”" for bid in live.order_by("title"))
            reasons.append(
                f"You are the only contact of {member.organisation.name}, the lead of "
                f"{member.consortium.name}, which has a live bid ({titles}). Ask another person "
                f"at {member.organisation.name} to become its contact for the consortium, or "
                "withdraw the bid, first."
            )
    return reasons


def erase(user, by=None):
    """Erase ``user``'s personal data, keeping the records of what they did.

    ``by`` is who asked (the person themself or a member of staff), recorded in the history
    rows the erasure writes. Raises :class:`ErasureRefused` when :func:`erasure_blockers`
    finds a reason to wait. Returns an :class:`ErasureReport`.
    """
    reasons = erasure_blockers(user)
    if reasons:
        raise ErasureRefused(reasons)
    by = by or user
    report = ErasureReport()
    with transaction.atomic():
        addresses = addresses_of(user)
        old_username = user.get_username()
        report.lockout_records = _delete_lockout_records([old_username, *addresses])
        report.queued_emails = _delete_queued_emails(addresses)
        report.email_addresses = EmailAddress.objects.filter(user=user).delete()[0]
        report.memberships_ended = _end_memberships(user, by)
        report.consortium_contacts = _leave_consortia(user, by)
        report.watches = Watch.objects.filter(user=user).delete()[0]
        Watch.history.filter(user_id=user.pk).delete()
        report.survey_answers = _delete_survey_answers(user)
        SectionPresence.objects.filter(person=user).delete()  # who had a section open, for a minute
        # The profile first: deleting it writes one more history row, which goes with the rest.
        Person.objects.filter(user=user).delete()
        Person.history.filter(user_id=user.pk).delete()
        _delete_if_installed("mfa", "Authenticator", user=user)
        _delete_if_installed("wagtailusers", "UserProfile", user=user)
        _anonymise(user)
    return report


def _anonymise(user):
    user.username = f"{DELETED_USERNAME_PREFIX}{user.pk}"
    user.first_name = DELETED_NAME
    user.last_name = ""
    user.email = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    # Changes the session hash too, so every session the account had ends.
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()


def _end_memberships(user, by):
    """The person leaves every organisation; what they wrote about themselves goes."""
    ended = 0
    for membership in Membership.objects.filter(user=user):
        membership.role = Role.MEMBER
        membership.job_title = ""
        membership.message = ""
        if membership.status != MembershipStatus.LEFT:
            membership.status = MembershipStatus.LEFT
            ended += 1
        membership._history_user = by
        membership._change_reason = "Account erased"
        membership.save()
    Membership.history.filter(user_id=user.pk).update(job_title="", message="")
    return ended


def _leave_consortia(user, by):
    left = 0
    for member in ConsortiumMember.objects.filter(contacts=user):
        member._history_user = by
        member.contacts.remove(user)
        left += 1
    return left


def _delete_survey_answers(user):
    """Survey answers sent while signed in (the public site's model, named in settings)."""
    label = getattr(settings, "SHOAL_SURVEY_SUBMISSION_MODEL", "")
    if not label:
        return 0
    return apps.get_model(label).objects.filter(user=user).delete()[0]


def _delete_lockout_records(names):
    names = [name for name in names if name]
    removed = 0
    for model_name in ("AccessAttempt", "AccessFailureLog", "AccessLog"):
        model = _model("axes", model_name)
        for name in names if model is not None else []:
            removed += model.objects.filter(username__iexact=name).delete()[0]
    return removed


def _delete_queued_emails(addresses):
    """Emails to the person still in (or kept by) the database task queue."""
    model = _model("django_tasks_database", "DBTaskResult")
    if not addresses or model is None:
        return 0
    doomed = [
        row.pk
        for row in model.objects.filter(task_path__endswith="send_email").only("pk", "args_kwargs")
        if any(address in str(row.args_kwargs).lower() for address in addresses)
    ]
    return model.objects.filter(pk__in=doomed).delete()[0] if doomed else 0


def _model(app_label, model_name):
    """The model, or None when its app is not installed."""
    try:
        return apps.get_model(app_label, model_name)
    except LookupError:
        return None


def _delete_if_installed(app_label, model_name, **lookup):
    model = _model(app_label, model_name)
    return model.objects.filter(**lookup).delete()[0] if model is not None else 0
