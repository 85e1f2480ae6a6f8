"""A world whose every typed field already holds one payload, for the tests of what goes
out (exports, feeds, open data, PDF and Word): the bid world of tests/bids/world.py, its
organisations, people, listings, replies, a completed match, a scheme with pledges, an
opportunity with a partner search, and survey answers.

Fields are cut to their model's max_length, as the forms would insist. The NUL byte is
taken out: the forms refuse it (tests/security/test_hostile_member_input.py), and
PostgreSQL could not store it; so are control characters, which the forms drop
(tests/security/test_control_characters.py).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from consortium.models import (
    Audience,
    BudgetLine,
    Category,
    Listing,
    ListingKind,
    ListingReport,
    Match,
    MatchStatus,
    Membership,
    Moderation,
    PartnerSearch,
    PartnerStatement,
    Person,
    Pledge,
    Reply,
    SectionComment,
    SupplierQuote,
)
from portal.text import without_control_characters
from tests.brokerage.data import make_listing
from tests.buying.data import make_scheme
from tests.security.world import make_hostile_world


def fit(model, field, text):
    limit = model._meta.get_field(field).max_length
    return text[:limit] if limit else text


def fill_fields(instance, text, *fields):
    for field in fields:
        setattr(instance, field, fit(type(instance), field, text))
    instance.save()
    return instance


def make_seeded_world(text):
    """Every field below holds ``text``; returns the hostile world with the new objects."""
    text = without_control_characters(text.replace("\x00", ""))  # as the forms store it
    world = make_hostile_world()
    bids = world.bids
    for organisation, suffix in ((bids.lead_org, ""), (bids.partner_org, " (partner)")):
        fill_fields(organisation, text, "short_description", "description", "locality")
        organisation.name = fit(type(organisation), "name", text)[:190] + suffix  # names are unique
        organisation.save()
    fill_fields(bids.consortium, text, "name", "description")
    fill_fields(bids.bid, text, "title", "funder", "programme", "reference", "summary")
    for section in bids.sections:
        fill_fields(section, text, "title", "guidance", "body")
    BudgetLine.objects.create(
        bid=bids.bid,
        organisation=bids.lead_org,
        category="staff",
        description=fit(BudgetLine, "description", text),
        amount=Decimal("1200"),
    )
    PartnerStatement.objects.create(
        bid=bids.bid,
        organisation=bids.partner_org,
        **{
            f: fit(PartnerStatement, f, text) for f in ("role_in_bid", "delivery_areas", "capacity")
        },
    )
    SectionComment.objects.create(
        section=bids.sections[1], author=bids.partner, body=fit(SectionComment, "body", text)
    )
    Membership.objects.filter(user=bids.lead).update(job_title=fit(Membership, "job_title", text))
    Person.objects.filter(user=world.volunteer).update(employer=fit(Person, "employer", text))

    listing = make_listing(
        bids.lead_org,
        kind=ListingKind.NEED,
        category=Category.VOLUNTEERING,
        title=fit(Listing, "title", text),
        description=text,
        unit=fit(Listing, "unit", text),
        audience=Audience.PUBLIC,
        moderation=Moderation.APPROVED,
    )
    reply = Reply.objects.create(
        listing=listing, user=bids.partner, organisation=bids.partner_org, message=text
    )
    Match.objects.create(
        reply=reply,
        listing=listing,
        status=MatchStatus.COMPLETED,
        completed_at=timezone.now() - datetime.timedelta(days=1),
        hours=Decimal("6"),
    )
    ListingReport.objects.create(
        listing=listing, reporter=world.volunteer, reason=fit(ListingReport, "reason", text)
    )

    scheme = make_scheme(bids.partner_org, title="Hostile scheme")
    fill_fields(scheme, text, "title", "description", "unit", "delivery_notes")
    SupplierQuote.objects.create(
        scheme=scheme, supplier=text[:150], unit_price=Decimal("0.70"), chosen=True
    )
    Pledge.objects.create(
        scheme=scheme,
        organisation=bids.lead_org,
        quantity=Decimal("600"),
        delivery_address=text,
        pledged_by=bids.lead,
    )
    fill_fields(
        world.opportunity, text, "title", "funder", "programme", "description", "eligibility"
    )
    PartnerSearch.objects.create(
        opportunity=world.opportunity,
        organisation=bids.lead_org,
        note=fit(PartnerSearch, "note", text),
        created_by=bids.lead,
    )
    world.survey.get_submission_class().objects.create(
        page=world.survey,
        form_data={"your_name": text[:255], "your_ideas": text},
    )
    world.scheme = scheme
    world.listing = listing
    return world
