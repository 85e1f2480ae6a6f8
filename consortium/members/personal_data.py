"""Everything Shoal holds about one person (UK GDPR, the right of access).

:func:`personal_data` gathers it as plain data: a list of sections, each a title and rows of
named values, which the "Download your data" page shows as tables and ``data.json`` gives as
JSON. It goes through every model that points at the user, and names nobody else: where a
record was made with other people (a reply, a sign-off) only this person's part is given.

When a model gains a link to the user model, add it here and to
:mod:`consortium.members.erasure`.
"""

import datetime
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.apps import apps
from django.conf import settings
from django.utils import timezone

from consortium.bids.models import (
    BidSection,
    Consortium,
    ConsortiumMember,
    JointBid,
    SectionComment,
    SignOff,
)
from consortium.brokerage.conversations import Message
from consortium.brokerage.models import Listing, ListingReport, Reply, Watch
from consortium.buying.models import Pledge
from consortium.events import Event
from consortium.opportunities.models import Opportunity, PartnerSearch
from consortium.organisations.documents import OrganisationDocument
from consortium.organisations.people import Membership, Person


def plain(value):
    """A value JSON can hold, spelt the same on the page and in the file."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime.datetime):
        return (
            timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    return str(value)


def _rows(queryset, fields):
    """``fields`` maps a heading to a function of one object."""
    return [{name: plain(get(obj)) for name, get in fields.items()} for obj in queryset]


def _name(obj):
    return str(obj) if obj is not None else ""


def personal_data(user):
    """Every section of what Shoal holds about ``user``, in reading order."""
    sections = [
        ("account", "Your account", _account(user)),
        ("email_addresses", "Email addresses", _emails(user)),
        ("profile", "Your profile", _profile(user)),
        ("notification_settings", "Emails you have turned off", _muted(user)),
        ("memberships", "Organisation memberships and roles", _memberships(user)),
        ("listings", "Offers and needs you posted", _listings(user)),
        ("replies", "Replies you sent", _replies(user)),
        ("messages", "Messages you sent about replies", _messages(user)),
        ("watches", "Listings you watch for", _watches(user)),
        ("listing_reports", "Listings you reported", _reports(user)),
        ("pledges", "Pledges you made to joint-buying schemes", _pledges(user)),
        ("consortia", "Consortia you speak for or started", _consortia(user)),
        ("bids_started", "Joint bids you started", _bids(user)),
        ("bid_sections", "Bid sections you wrote", _sections(user)),
        ("sign_offs", "Sign-offs you gave", _sign_offs(user)),
        ("comments", "Comments you made on bid sections", _comments(user)),
        ("documents", "Documents you uploaded", _documents(user)),
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


def _listings(user):
    return _rows(
        Listing.objects.filter(posted_by=user)
        .select_related("organisation")
        .order_by("-created_at"),
        {
            "Title": lambda x: x.title,
            "Offer or need": lambda x: x.get_kind_display(),
            "For": lambda x: _name(x.organisation),
            "Status": lambda x: x.get_status_display(),
            "Description": lambda x: x.description,
            "Posted": lambda x: x.created_at,
        },
    )


def _replies(user):
    return _rows(
        Reply.objects.filter(user=user).select_related("listing", "organisation"),
        {
            "To the listing": lambda r: r.listing.title,
            "For": lambda r: _name(r.organisation),
            "Message": lambda r: r.message,
            "Status": lambda r: r.get_status_display(),
            "Sent": lambda r: r.created_at,
        },
    )


def _messages(user):
    return _rows(
        Message.objects.filter(author=user).select_related("reply__listing"),
        {
            "About the listing": lambda m: m.reply.listing.title,
            "Message": lambda m: m.text,
            "File": lambda m: m.original_name,
            "Sent": lambda m: m.created_at,
        },
    )


def _watches(user):
    return _rows(
        Watch.objects.filter(user=user),
        {
            "Offers or needs": lambda w: w.get_kind_display() if w.kind else "Both",
            "Category": lambda w: w.get_category_display() if w.category else "Any",
            "Area": lambda w: w.get_area_display() if w.area else "Any",
            "Since": lambda w: w.created_at,
        },
    )


def _reports(user):
    return _rows(
        ListingReport.objects.filter(reporter=user).select_related("listing"),
        {
            "Listing": lambda r: r.listing.title,
            "Reason": lambda r: r.reason,
            "Reported": lambda r: r.created_at,
        },
    )


def _pledges(user):
    return _rows(
        Pledge.objects.filter(pledged_by=user).select_related("scheme", "organisation"),
        {
            "Scheme": lambda p: p.scheme.title,
            "For": lambda p: _name(p.organisation),
            "Quantity": lambda p: p.quantity,
            "Delivery address": lambda p: p.delivery_address,
            "Pledged": lambda p: p.created_at,
            "Withdrawn": lambda p: p.withdrawn_at,
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
