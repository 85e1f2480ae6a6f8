"""Everything Shoal holds about one person (UK GDPR, the right of access).

:func:`personal_data` gathers it as plain data: a list of sections, each a title and rows of
named values, which the "Download your data" page shows as tables and ``data.json`` gives as
JSON. It goes through every model that points at the user, and names nobody else: where a
record was made with other people (a reply, a sign-off) only this person's part is given.

When a model gains a link to the user model, add it here and to
:mod:`consortium.members.erasure`.
"""

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from consortium.bids.models import (
    AwardRecord,
    BidSection,
    Consortium,
    ConsortiumMember,
    JointBid,
    SectionComment,
    SignOff,
)
from consortium.brokerage.models import ListingReport
from consortium.events import Event
from consortium.members import personal_data_bids as bid_records
from consortium.members import personal_data_brokerage as brokerage
from consortium.members.personal_data_values import name_of as _name
from consortium.members.personal_data_values import plain
from consortium.members.personal_data_values import rows as _rows
from consortium.opportunities.models import Opportunity, PartnerSearch
from consortium.organisations.documents import OrganisationDocument
from consortium.organisations.models import Organisation
from consortium.organisations.org_ids import OrgIdDispute
from consortium.organisations.people import Membership, Person


def personal_data(user):
    """Every section of what Shoal holds about ``user``, in reading order."""
    sections = [
        ("account", "Your account", _account(user)),
        ("email_addresses", "Email addresses", _emails(user)),
        ("profile", "Your profile", _profile(user)),
        ("notification_settings", "Emails you have turned off", _muted(user)),
        ("memberships", "Organisation memberships and roles", _memberships(user)),
        *brokerage.sections(user),
        ("consortia", "Consortia you speak for or started", _consortia(user)),
        ("bids_started", "Joint bids you started", _bids(user)),
        ("bid_sections", "Bid sections you wrote", _sections(user)),
        ("bid_sections_reviewed", "Bid sections you are named to review", _reviewing(user)),
        ("sign_offs", "Sign-offs you gave", _sign_offs(user)),
        ("comments", "Comments you made on bid sections", _comments(user)),
        *bid_records.sections(user),
        ("documents", "Documents you uploaded", _documents(user)),
        ("org_id_disputes", "Org-id disputes you raised", _disputes(user)),
        ("decisions", "Things you decided for others", _decisions(user)),
        ("opportunities", "Funding opportunities and partner searches you added", _opps(user)),
        ("survey_answers", "Survey answers you sent while signed in", _surveys(user)),
        ("sign_in_lockouts", "Failed sign-ins and lockouts", _lockouts(user)),
        ("second_factors", "Second factors (two-factor authentication)", _factors(user)),
        ("history", "Changes you made that Shoal keeps in its history", _history(user)),
    ]
    return {
        "generated_at": plain(timezone.now()),
        "sections": [{"key": key, "title": title, "rows": rows} for key, title, rows in sections],
    }


def _account(user):
    return [
        {
            "Username": user.get_username(),
            "First name": user.first_name,
            "Last name": user.last_name,
            "Email address": user.email,
            "Joined": plain(user.date_joined),
            "Last signed in": plain(user.last_login),
            "Staff groups": [group.name for group in user.groups.all()],
        }
    ]


def _emails(user):
    return _rows(
        EmailAddress.objects.filter(user=user).order_by("email"),
        {
            "Email address": lambda e: e.email,
            "Confirmed": lambda e: e.verified,
            "Main address": lambda e: e.primary,
        },
    )


def _profile(user):
    return _rows(
        Person.objects.filter(user=user).select_related("acting_for"),
        {
            "You use Shoal": lambda p: p.get_account_type_display(),
            "Acting for": lambda p: _name(p.acting_for),
            "You volunteer as": lambda p: p.get_volunteer_kind_display(),
            "Employer": lambda p: p.employer,
            "Areas": lambda p: p.area_labels(),
            "Kinds of help": lambda p: p.help_kind_labels(),
            "Contact by": lambda p: p.get_contact_by_display(),
            "Phone": lambda p: p.phone,
            "Since": lambda p: p.created_at,
        },
    )


def _muted(user):
    person = Person.objects.filter(user=user).first()
    labels = dict(Event.choices)
    return [{"Email": labels.get(value, value)} for value in (person.muted if person else [])]


def _memberships(user):
    return _rows(
        Membership.objects.filter(user=user).select_related("organisation"),
        {
            "Organisation": lambda m: m.organisation.name,
            "Role": lambda m: m.get_role_display(),
            "Membership": lambda m: m.get_status_display(),
            "Job title": lambda m: m.job_title,
            "Why you asked to join": lambda m: m.message,
            "Asked on": lambda m: m.requested_at,
            "Decided on": lambda m: m.decided_at,
        },
    )


def _consortia(user):
    spoken = _rows(
        ConsortiumMember.objects.filter(contacts=user).select_related("consortium", "organisation"),
        {
            "Consortium": lambda m: m.consortium.name,
            "You speak for": lambda m: m.organisation.name,
            "Its role": lambda m: m.get_role_display(),
        },
    )
    started = _rows(
        Consortium.objects.filter(created_by=user),
        {
            "Consortium": lambda c: c.name,
            "You speak for": lambda c: "",
            "Its role": lambda c: "You started it",
        },
    )
    return spoken + started


def _bids(user):
    return _rows(
        JointBid.objects.filter(created_by=user).select_related("consortium"),
        {
            "Bid": lambda b: b.title,
            "Consortium": lambda b: b.consortium.name,
            "Stage": lambda b: b.get_state_display(),
            "Started": lambda b: b.created_at,
        },
    )


def _sections(user):
    """Each version of a bid section this person saved, from the section's history."""
    rows = (
        BidSection.history.filter(history_user=user)
        .select_related("bid")
        .order_by("bid__title", "sort_order", "version")
    )
    seen, found = set(), []
    for row in rows:
        key = (row.id, row.version)
        if key in seen:
            continue
        seen.add(key)
        found.append(
            {
                "Bid": row.bid.title if row.bid else "",
                "Section": row.title,
                "Section version": row.version,
                "Saved": plain(row.history_date),
                "Text": row.body,
            }
        )
    return found


def _reviewing(user):
    return _rows(
        BidSection.objects.filter(reviewer=user).select_related("bid"),
        {
            "Bid": lambda s: s.bid.title,
            "Section": lambda s: s.title,
            "State": lambda s: s.get_status_display(),
        },
    )


def _sign_offs(user):
    return _rows(
        SignOff.objects.filter(signed_by=user).select_related("bid", "organisation"),
        {
            "Bid": lambda s: s.bid.title,
            "For": lambda s: s.organisation.name,
            "Bid version": lambda s: s.bid_version,
            "Fingerprint (SHA-256)": lambda s: s.fingerprint,
            "Signed": lambda s: s.signed_at,
            "Voided": lambda s: s.voided_at,
        },
    )


def _comments(user):
    return _rows(
        SectionComment.objects.filter(author=user).select_related("section__bid"),
        {
            "Bid": lambda c: c.section.bid.title,
            "Section": lambda c: c.section.title,
            "Comment": lambda c: c.body,
            "Written": lambda c: c.created_at,
        },
    )


def _documents(user):
    return _rows(
        OrganisationDocument.objects.filter(uploaded_by=user).select_related("organisation"),
        {
            "Organisation": lambda d: d.organisation.name,
            "Document": lambda d: d.title,
            "File name": lambda d: d.original_name,
            "Uploaded": lambda d: d.uploaded_at,
        },
    )


def _disputes(user):
    return _rows(
        OrgIdDispute.objects.filter(raised_by=user).select_related("holder"),
        {
            "Org-id": lambda d: d.org_id,
            "Held by": lambda d: _name(d.holder),
            "For": lambda d: d.claimant_name,
            "Why": lambda d: d.reason,
            "Status": lambda d: d.get_status_display(),
            "Raised": lambda d: d.created_at,
        },
    )


def _decisions(user):
    """How many of other people's records name this person as who decided on them."""
    counts = [
        ("Invitations to a consortium you sent", ConsortiumMember.objects.filter(invited_by=user)),
        ("Requests to join you decided", Membership.objects.filter(decided_by=user)),
        ("Organisations you verified", Organisation.objects.filter(verified_by=user)),
        ("Comments you marked resolved", SectionComment.objects.filter(resolved_by=user)),
        ("Reports of listings you resolved", ListingReport.objects.filter(resolved_by=user)),
        ("Org-id disputes you decided", OrgIdDispute.objects.filter(decided_by=user)),
        ("Awards you recorded", AwardRecord.objects.filter(recorded_by=user)),
    ]
    return [
        {"Kind": kind, "How many": number}
        for kind, queryset in counts
        if (number := queryset.count())
    ]


def _opps(user):
    fields = {"What": lambda o: o.title, "Added": lambda o: o.created_at}
    opportunities = _rows(Opportunity.objects.filter(created_by=user), fields)
    searches = _rows(
        PartnerSearch.objects.filter(created_by=user).select_related("opportunity"),
        {
            "What": lambda s: f"Seeking partners for {s.opportunity.title}: {s.note}",
            "Added": lambda s: s.created_at,
        },
    )
    return opportunities + searches


def _surveys(user):
    label = getattr(settings, "SHOAL_SURVEY_SUBMISSION_MODEL", "")
    if not label:
        return []
    model = apps.get_model(label)
    return _rows(
        model.objects.filter(user=user).select_related("page"),
        {
            "Survey": lambda s: s.page.title,
            "Answers": lambda s: s.get_data(),
            "Sent": lambda s: s.submit_time,
        },
    )


def _lockouts(user):
    if not apps.is_installed("axes"):
        return []
    names = {user.get_username().lower()}
    names |= {
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    }
    if user.email:
        names.add(user.email.lower())
    found = []
    for model_name in ("AccessAttempt", "AccessFailureLog"):
        model = apps.get_model("axes", model_name)
        for name in sorted(names):
            found += _rows(
                model.objects.filter(username__iexact=name).order_by("attempt_time"),
                {
                    "Signed in as": lambda a: a.username,
                    "From address": lambda a: a.ip_address,
                    "Browser": lambda a: a.user_agent,
                    "When": lambda a: a.attempt_time,
                },
            )
    return found


def _factors(user):
    try:
        model = apps.get_model("mfa", "Authenticator")
    except LookupError:
        return []
    return _rows(
        model.objects.filter(user=user),
        {"Kind": lambda a: a.get_type_display(), "Added": lambda a: a.created_at},
    )


def _history(user):
    """How many changes, per kind of record, name this person as who made them."""
    counts = []
    for model in apps.get_models():
        if not model.__name__.startswith("Historical"):
            continue
        if "history_user" not in {f.name for f in model._meta.get_fields()}:
            continue
        number = model.objects.filter(history_user=user).count()
        if number:
            kind = model._meta.verbose_name.removeprefix("historical ")
            counts.append({"Kind of record": kind, "Changes": number})
    return sorted(counts, key=lambda row: row["Kind of record"])
