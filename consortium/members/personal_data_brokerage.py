"""The brokerage's part of "Download your data": offers and needs, replies, conversations,
matches, volunteering (availability, shifts, hours) and joint buying. Only this person's part
of a record shared with others is given (see :mod:`consortium.members.personal_data`)."""

from consortium.brokerage.availability import Availability, AvailabilityAsk
from consortium.brokerage.conversations import ConversationReport, Message
from consortium.brokerage.hours import HoursEntry
from consortium.brokerage.models import Listing, ListingReport, Reply, Watch
from consortium.brokerage.outcomes import MatchReport
from consortium.brokerage.photos import ListingPhoto
from consortium.brokerage.shifts import ShiftSignUp
from consortium.buying.models import Pledge, Scheme, SchemeOutcome
from consortium.members.personal_data_values import name_of as _name
from consortium.members.personal_data_values import rows as _rows


def sections(user):
    """(key, title, rows) for each brokerage record that names ``user``, in reading order."""
    return [
        ("listings", "Offers and needs you posted", _listings(user)),
        ("listing_photos", "Photos you added to offers", _photos(user)),
        ("replies", "Replies you sent", _replies(user)),
        ("messages", "Messages you sent about replies", _messages(user)),
        ("conversation_reports", "Conversations you reported", _conversation_reports(user)),
        ("match_reports", "What you reported about matches", _match_reports(user)),
        ("hours", "Hours you logged", _hours(user)),
        ("availability", "When you said you can help", _availability(user)),
        ("volunteer_asks", "Volunteers you asked to help", _asks(user)),
        ("shift_sign_ups", "Shifts you signed up for", _shifts(user)),
        ("watches", "Listings you watch for", _watches(user)),
        ("listing_reports", "Listings you reported", _reports(user)),
        ("schemes_proposed", "Joint-buying schemes you proposed", _proposed(user)),
        ("pledges", "Pledges you made to joint-buying schemes", _pledges(user)),
        ("scheme_decisions", "Joint-buying decisions you made", _scheme_decisions(user)),
    ]


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


def _photos(user):
    return _rows(
        ListingPhoto.objects.filter(uploaded_by=user).select_related("listing"),
        {
            "Offer": lambda p: p.listing.title,
            "Description": lambda p: p.alt_text,
            "Added": lambda p: p.uploaded_at,
        },
    )


def _conversation_reports(user):
    return _rows(
        ConversationReport.objects.filter(reporter=user).select_related("reply__listing"),
        {
            "About the listing": lambda r: r.reply.listing.title,
            "Reason": lambda r: r.reason,
            "Reported": lambda r: r.created_at,
        },
    )


def _match_reports(user):
    return _rows(
        MatchReport.objects.filter(reported_by=user).select_related("match__listing"),
        {
            "Match": lambda r: r.match.listing.title,
            "Outcome": lambda r: r.get_verdict_display(),
            "Hours": lambda r: r.hours,
            "Items": lambda r: r.items,
            "Money value": lambda r: r.money_value,
            "Kilograms": lambda r: r.kg_reused,
            "Reported": lambda r: r.reported_at,
        },
    )


def _hours(user):
    return _rows(
        HoursEntry.objects.filter(logged_by=user).select_related("match__listing"),
        {
            "Match": lambda h: h.match.listing.title,
            "Worked on": lambda h: h.worked_on,
            "Hours": lambda h: h.hours,
            "Note": lambda h: h.note,
            "Logged": lambda h: h.logged_at,
        },
    )


def _availability(user):
    return _rows(
        Availability.objects.filter(user=user),
        {
            "Kinds of help": lambda a: a.help_kind_labels(),
            "Areas": lambda a: a.area_labels(),
            "Online": lambda a: a.online,
            "Postcode district": lambda a: a.postcode_district,
            "Days": lambda a: a.day_labels(),
            "Times of day": lambda a: a.part_labels(),
            "From": lambda a: a.available_from,
            "Until": lambda a: a.available_until,
            "Note": lambda a: a.note,
            "Organisations see your first name": lambda a: a.show_first_name,
            "Status": lambda a: a.get_status_display(),
            "Added": lambda a: a.created_at,
        },
    )


def _asks(user):
    return _rows(
        AvailabilityAsk.objects.filter(asked_by=user).select_related("organisation"),
        {
            "For": lambda a: _name(a.organisation),
            "Message": lambda a: a.message,
            "Answer": lambda a: a.get_status_display(),
            "Asked": lambda a: a.created_at,
        },
    )


def _shifts(user):
    return _rows(
        ShiftSignUp.objects.filter(user=user).select_related("shift__role__listing"),
        {
            "Need": lambda s: s.shift.role.listing.title,
            "Date": lambda s: s.shift.date,
            "From": lambda s: s.shift.starts_at,
            "Until": lambda s: s.shift.ends_at,
            "Signed up": lambda s: s.created_at,
            "Cancelled": lambda s: s.cancelled_at,
        },
    )


def _scheme_decisions(user):
    return _rows(
        SchemeOutcome.objects.filter(decided_by=user).select_related("scheme"),
        {
            "Scheme": lambda o: o.scheme.title,
            "Supplier": lambda o: o.supplier,
            "Unit price": lambda o: o.unit_price,
            "Went ahead short of the minimum": lambda o: o.went_ahead_short,
            "Decided": lambda o: o.recorded_at,
        },
    )


def _proposed(user):
    return _rows(
        Scheme.objects.filter(proposed_by=user).select_related("coordinator"),
        {
            "Scheme": lambda s: s.title,
            "For": lambda s: s.coordinator.name,
            "Status": lambda s: s.get_status_display(),
            "Proposed": lambda s: s.created_at,
        },
    )
