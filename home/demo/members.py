"""Demo content of the members' area: organisations' details, themes, accounts, listings,
replies, matches, joint-buying schemes and vault documents. All fictional.

Idempotent like the rest of the demo: every object is looked up by a natural key before it
is created, and an organisation is saved again only when one of its demo details differs
(so a second run adds no history). Dates are relative to the day the demo is loaded.

What the demo presents as past was told at the time: the open scheme's opening notice,
the overdue reply's flag and the expiring document's reminder are recorded as sent when
they are created, so the daily jobs run after loading email nobody about them.
"""

import datetime
import io
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfWriter

from consortium.brokerage.rules import is_overdue
from consortium.models import (
    AccountType,
    Area,
    Audience,
    Category,
    Commodity,
    CostBasis,
    DocumentKind,
    HelpKind,
    IncomeBand,
    LegalForm,
    Listing,
    ListingKind,
    ListingReport,
    ListingStatus,
    Match,
    MatchReport,
    MatchSide,
    MatchStatus,
    Membership,
    MembershipStatus,
    Moderation,
    Organisation,
    OrganisationDocument,
    Person,
    Pledge,
    Reply,
    ReplyStatus,
    Role,
    Scheme,
    SchemeStatus,
    SupplierQuote,
    Theme,
    Verdict,
    VolunteerKind,
    Watch,
)
from consortium.organisations.documents import REMINDER_DAYS
from consortium.permissions import BROKERAGE_GROUP

from .community import ORGANISATIONS as COMMUNITY_ORGANISATIONS
from .conversations import load_conversations
from .site import ensure_user

THEMES = [
    "Older people",
    "Children and young people",
    "Carers",
    "Mental health and wellbeing",
    "Food and poverty",
    "Environment",
    "Arts and culture",
    "Advice and rights",
    "Refugees and migrants",
    "Women and girls",
    "Transport and rural life",
    "Digital inclusion",
]

# Organisations beyond the community site's 36: one of each remaining kind of registration.
MORE_ORGANISATIONS = [
    # name, area, short description, legal form, numbers
    (
        "Borders Reading Friends SCIO",
        Area.NORTH,
        "Volunteers who read with children in primary schools along the border.",
        LegalForm.SCIO,
        {"oscr_number": "SC047201"},
    ),
    (
        "Lough Side Family Support",
        Area.WEST,
        "Family support and a parents' group, registered in Northern Ireland.",
        LegalForm.REGISTERED_CHARITY,
        {"ccni_number": "104417"},  # NIC104417, stored as its 6 digits
    ),
    (
        "Glen Road Community Energy CIC",
        Area.RURAL,
        "A community interest company putting solar panels on village halls.",
        LegalForm.CIC,
        {"company_number": "SC612345"},
    ),
    (
        "Ashgrove Almshouse Trust",
        Area.SOUTH,
        "Homes for older people on low incomes since 1870; a charitable company.",
        LegalForm.CHARITABLE_COMPANY,
        {"charity_number": "204117", "company_number": "00123456"},
    ),
    (
        "Fernlea Toddler Group",
        Area.RURAL,
        "A parent-run toddler group in the village hall on Tuesday mornings.",
        LegalForm.UNINCORPORATED,
        {},
    ),
    (
        "Market Town Council",
        Area.TOWN_CENTRE,
        "The town council: grants, allotments and the market square.",
        LegalForm.PUBLIC_BODY,
        {},
    ),
    (
        "Harbour Street Printers Ltd",
        Area.TOWN_CENTRE,
        "A local printer whose staff volunteer through its community programme.",
        LegalForm.BUSINESS,
        {"company_number": "04417002"},
    ),
]

# How the community site's organisations are registered, in turn: every kind is covered.
KINDS = [
    (LegalForm.REGISTERED_CHARITY, lambda i: {"charity_number": str(1100000 + i * 137)}),
    (LegalForm.REGISTERED_CHARITY, lambda i: {"charity_number": str(500000 + i * 91)}),
    (LegalForm.CIO, lambda i: {"charity_number": str(1190000 + i * 53)}),
    (LegalForm.SCIO, lambda i: {"oscr_number": f"SC{40000 + i * 7:06d}"}),
    (LegalForm.REGISTERED_CHARITY, lambda i: {"ccni_number": f"{100100 + i * 11}"}),
    (
        LegalForm.CHARITABLE_COMPANY,
        lambda i: {
            "charity_number": str(1070000 + i * 29),
            "company_number": f"{3000000 + i * 13:08d}",
        },
    ),
    (LegalForm.CIC, lambda i: {"company_number": f"SC{500000 + i * 3}"}),
    (LegalForm.CIC, lambda i: {"company_number": f"{11000000 + i * 17:08d}"}),
    (LegalForm.UNINCORPORATED, lambda i: {}),
]
LOCALITIES = {
    Area.CENTRAL: ("Market Town", "AB1"),
    Area.TOWN_CENTRE: ("Market Town", "AB2"),
    Area.NORTH: ("Foxwell", "AB3"),
    Area.SOUTH: ("Long Meadow", "AB4"),
    Area.EAST: ("Oakfield", "AB5"),
    Area.WEST: ("Sandstone", "AB6"),
    Area.RURAL: ("Fernlea", "AB7"),
    Area.COUNTYWIDE: ("Market Town", "AB8"),
}
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
INCOME_BANDS = [
    IncomeBand.UNDER_10K,
    IncomeBand.UNDER_100K,
    IncomeBand.UNDER_1M,
    IncomeBand.OVER_1M,
]

# The member's organisation (verified, public) and the accounts of the members' area.
MEMBER_ORGANISATION = "Fernlea Good Neighbours"
MEMBER_ACCOUNTS = [
    # username, first, last, organisation, role
    ("member", "Mo", "Mensah", MEMBER_ORGANISATION, Role.ADMIN),
    ("amira", "Amira", "Haddad", "Castle Ward Food Pantry", Role.ADMIN),
    ("tom", "Tom", "Tranter", "Kingfisher Repair Café", Role.MEMBER),
    ("priya", "Priya", "Patel", "Hillside Village Halls Association", Role.ADMIN),
    ("gareth", "Gareth", "Griffiths", "Three Valleys Community Transport", Role.ADMIN),
]
DEMO_ACCOUNTS = [
    ("member", "Organisation admin of Fernlea Good Neighbours (verified), in the members' area"),
    ("volunteer", "An individual volunteer (a resident) offering practical help and befriending"),
    ("amira", "Organisation admin of Castle Ward Food Pantry"),
    ("tom", "Member of Kingfisher Repair Café"),
    ("priya", "Organisation admin of Hillside Village Halls Association (coordinates oil)"),
    ("gareth", "Organisation admin of Three Valleys Community Transport"),
    ("sam", "An individual volunteer through Harbour Street Printers' community programme"),
    ("broker", "Brokerage officers group: the Brokerage menu in the Wagtail admin"),
]


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)


def moment(days):
    """Noon ``days`` days ago (negative: in the future)."""
    day = timezone.localdate() - datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def load_themes():
    themes = {}
    for name in THEMES:
        slug = name.lower().replace(" and ", "-").replace(" ", "-")
        themes[name], _ = Theme.objects.get_or_create(slug=slug, defaults={"name": name})
    return themes


def demo_details(index, organisation):
    legal_form, numbers = KINDS[index % len(KINDS)]
    locality, outward = LOCALITIES[Area(organisation.area)]
    details = {
        "legal_form": legal_form,
        "charity_number": "",
        "oscr_number": "",
        "ccni_number": "",
        "company_number": "",
        **numbers(index),
        "income_band": INCOME_BANDS[index % len(INCOME_BANDS)],
        "locality": locality,
        "postcode": f"{outward} {index % 10}"
        f"{INWARD_LETTERS[index % 20]}{INWARD_LETTERS[(index * 7) % 20]}",
        # Most are verified, some not yet; a few keep their profile to members.
        "verified_on": None if index % 6 == 4 else days_ago(10 + (index * 23) % 330),
        "is_public": index % 13 != 7,
    }
    if organisation.name == MEMBER_ORGANISATION:
        details.update(verified_on=days_ago(40), is_public=True)
    return details


def load_organisation_details(broker):
    """Give every demo organisation a legal form, numbers, band, place, themes, status."""
    themes = list(load_themes().values())
    for name, area, description, legal_form, numbers in MORE_ORGANISATIONS:
        Organisation.objects.get_or_create(
            name=name,
            defaults={
                "short_description": description,
                "area": area,
                "legal_form": legal_form,
                **numbers,
            },
        )
    extra = {name: (legal_form, numbers) for name, _, _, legal_form, numbers in MORE_ORGANISATIONS}
    organisations = {}
    # Only the demo's own organisations: ones people registered themselves are left alone.
    names = [name for name, _, _ in COMMUNITY_ORGANISATIONS] + list(extra)
    by_name = Organisation.objects.in_bulk(names, field_name="name")
    for index, organisation in enumerate(by_name[name] for name in names):
        details = demo_details(index, organisation)
        if organisation.name in extra:
            legal_form, numbers = extra[organisation.name]
            details.update(
                {
                    "legal_form": legal_form,
                    "charity_number": "",
                    "oscr_number": "",
                    "ccni_number": "",
                    "company_number": "",
                    **numbers,
                }
            )
        changed = {k: v for k, v in details.items() if getattr(organisation, k) != v}
        if changed:
            for field, value in changed.items():
                setattr(organisation, field, value)
            organisation.verified_by = broker if organisation.verified_on else None
            organisation.full_clean()  # normalises the numbers, as staff's form would
            organisation.save()
        if not organisation.themes.exists():
            organisation.themes.set(
                [themes[index % len(themes)], themes[(index * 5 + 3) % len(themes)]]
            )
        organisations[organisation.name] = organisation
    return organisations


def verified_email(user):
    EmailAddress.objects.get_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )


def load_member_accounts(organisations):
    broker_group, _ = Group.objects.get_or_create(name=BROKERAGE_GROUP)
    broker = ensure_user("broker", groups=[broker_group], first_name="Bea", last_name="Broker")
    Person.objects.get_or_create(user=broker)
    verified_email(broker)
    users = {"broker": broker}
    for username, first, last, organisation_name, role in MEMBER_ACCOUNTS:
        organisation = organisations[organisation_name]
        user = ensure_user(username, first_name=first, last_name=last)
        Person.objects.get_or_create(user=user, defaults={"acting_for": organisation})
        Membership.objects.get_or_create(
            user=user,
            organisation=organisation,
            defaults={
                "role": role,
                "status": MembershipStatus.APPROVED,
                "decided_at": moment(200),
                "decided_by": broker,
            },
        )
        verified_email(user)
        users[username] = user
    for username, first, last, kind, employer, areas, helps in [
        (
            "volunteer",
            "Val",
            "Vickers",
            VolunteerKind.RESIDENT,
            "",
            [Area.RURAL, Area.NORTH],
            [HelpKind.PRACTICAL, HelpKind.BEFRIENDING],
        ),
        (
            "sam",
            "Sam",
            "Sutton",
            VolunteerKind.BUSINESS,
            "Harbour Street Printers Ltd",
            [Area.TOWN_CENTRE],
            [HelpKind.SKILLS, HelpKind.EVENTS],
        ),
    ]:
        user = ensure_user(username, first_name=first, last_name=last)
        Person.objects.get_or_create(
            user=user,
            defaults={
                "account_type": AccountType.VOLUNTEER,
                "volunteer_kind": kind,
                "employer": employer,
                "areas": [str(a) for a in areas],
                "help_kinds": [str(h) for h in helps],
            },
        )
        verified_email(user)
        users[username] = user
    # Someone waiting for the member's approval, so the join-request screen has a row.
    waiting = ensure_user("newcomer", first_name="Nia", last_name="Newcombe")
    Person.objects.get_or_create(user=waiting)
    verified_email(waiting)
    Membership.objects.get_or_create(
        user=waiting,
        organisation=organisations[MEMBER_ORGANISATION],
        defaults={"message": "I help run the lunch club and would like to post offers."},
    )
    return users


# Listings: (owner, kind, category, title, description, audience, widening, extra fields)
# widening: (members_from, public_from) as days from today (negative: already widened).
LISTINGS = [
    (
        MEMBER_ORGANISATION,
        ListingKind.NEED,
        Category.VOLUNTEERING,
        "Drivers for the Friday lunch club",
        "Two volunteer drivers to bring six older neighbours to the village hall lunch club.",
        Audience.MEMBERS,
        (None, 7),
        {"quantity": 2, "unit": "drivers"},
    ),
    (
        MEMBER_ORGANISATION,
        ListingKind.OFFER,
        Category.EQUIPMENT,
        "Folding tables and chairs to lend",
        "Twelve folding tables and sixty chairs; collect from Fernlea village hall.",
        Audience.PUBLIC,
        (None, None),
        {"quantity": 72, "unit": "items"},
    ),
    (
        MEMBER_ORGANISATION,
        ListingKind.NEED,
        Category.DOCUMENTS,
        "A lone working policy we can adapt",
        "Our visiting volunteers work alone; we would like to adapt another group's policy.",
        Audience.GROUP,
        (-3, 14),
        {},
    ),
    (
        "Castle Ward Food Pantry",
        ListingKind.OFFER,
        Category.GIVING,
        "Small grants for food clubs",
        "Surplus from our appeal: up to £250 for a community food club's start-up costs.",
        Audience.MEMBERS,
        (None, None),
        {"quantity": 4, "unit": "grants"},
    ),
    (
        "Castle Ward Food Pantry",
        ListingKind.NEED,
        Category.VENUES,
        "A kitchen for Saturday cooking",
        "A clean kitchen for three hours on Saturday mornings to cook 40 meals.",
        Audience.PUBLIC,
        (None, None),
        {"cost_basis": CostBasis.COST_RECOVERY},
    ),
    (
        "Kingfisher Repair Café",
        ListingKind.OFFER,
        Category.SKILLS,
        "PAT testing by a qualified volunteer",
        "Our electrician volunteer can PAT test your hall's appliances once a year.",
        Audience.MEMBERS,
        (None, 10),
        {"quantity": 6, "unit": "visits"},
    ),
    (
        "Kingfisher Repair Café",
        ListingKind.NEED,
        Category.EQUIPMENT,
        "Soldering irons",
        "Two or three soldering irons for our monthly repair sessions.",
        Audience.PUBLIC,
        (None, None),
        {"quantity": 3, "unit": "irons"},
    ),
    (
        "Hillside Village Halls Association",
        ListingKind.OFFER,
        Category.VENUES,
        "Meeting room at Hillside Hall",
        "A meeting room for 20 people, weekday daytimes, with tea and coffee.",
        Audience.GROUP,
        (5, 30),
        {"cost_basis": CostBasis.CHARGED},
    ),
    (
        "Hillside Village Halls Association",
        ListingKind.NEED,
        Category.SKILLS,
        "A treasurer for six months",
        "A shared finance officer, half a day a week, while our treasurer is away.",
        Audience.MEMBERS,
        (None, None),
        {},
    ),
    (
        "Three Valleys Community Transport",
        ListingKind.OFFER,
        Category.VOLUNTEERING,
        "Minibus driver training",
        "Free MiDAS minibus driver training for volunteers of member groups.",
        Audience.PUBLIC,
        (None, None),
        {"quantity": 8, "unit": "places"},
    ),
    (
        "Three Valleys Community Transport",
        ListingKind.NEED,
        Category.GIVING,
        "Match funding for a new minibus",
        "£4,000 of match funding towards a wheelchair-accessible minibus.",
        Audience.MEMBERS,
        (None, None),
        {},
    ),
    (
        "Lantern Arts Collective",
        ListingKind.OFFER,
        Category.DOCUMENTS,
        "Safeguarding policy template",
        "Our safeguarding policy for arts sessions with children, free to adapt.",
        Audience.PUBLIC,
        (None, None),
        {},
    ),
    (
        "Lantern Arts Collective",
        ListingKind.OFFER,
        Category.OTHER,
        "Costume store clear-out",
        "Rails of costumes and props for any group's events; come and choose.",
        Audience.MEMBERS,
        (None, None),
        {},
    ),
    (
        "Open Door Language Café",
        ListingKind.NEED,
        Category.OTHER,
        "Board games for conversation evenings",
        "Simple board games help learners talk; any in good condition welcome.",
        Audience.GROUP,
        (None, None),
        {},
    ),
    (
        "Greenway Community Garden",
        ListingKind.OFFER,
        Category.VOLUNTEERING,
        "Garden volunteers for a day",
        "A team of six gardeners can spend a day tidying your grounds.",
        Audience.MEMBERS,
        (None, None),
        {"quantity": 6, "unit": "volunteers"},
    ),
    (
        "Valley Voices Community Radio",
        ListingKind.NEED,
        Category.SKILLS,
        "Help with our website",
        "A few hours of help moving our website to a simpler platform.",
        Audience.PUBLIC,
        (None, None),
        {},
    ),
]

# Replies and matches. (listing title, replier username, reply status, match status or None,
# days ago the match was made, outcome fields)
REPLIES = [
    ("Drivers for the Friday lunch club", "volunteer", ReplyStatus.WAITING, None, 3, {}),
    ("Drivers for the Friday lunch club", "sam", ReplyStatus.DECLINED, None, 20, {}),
    ("Soldering irons", "member", ReplyStatus.WITHDRAWN, None, 15, {}),
    ("A lone working policy we can adapt", "priya", ReplyStatus.WAITING, None, 9, {}),
    (
        "Folding tables and chairs to lend",
        "amira",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        330,
        {"items": 20, "money_value": Decimal("120.00"), "kg_reused": Decimal("95.0")},
    ),
    (
        "Folding tables and chairs to lend",
        "gareth",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        250,
        {"items": 12, "money_value": Decimal("80.00"), "kg_reused": Decimal("60.0")},
    ),
    (
        "Minibus driver training",
        "member",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        210,
        {"hours": Decimal("14.0"), "money_value": Decimal("450.00")},
    ),
    (
        "Small grants for food clubs",
        "member",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        180,
        {"money_value": Decimal("250.00")},
    ),
    (
        "PAT testing by a qualified volunteer",
        "priya",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        150,
        {"hours": Decimal("6.0"), "items": 48, "money_value": Decimal("180.00")},
    ),
    (
        "Garden volunteers for a day",
        "gareth",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        120,
        {"hours": Decimal("42.0"), "kg_reused": Decimal("300.0")},
    ),
    (
        "Safeguarding policy template",
        "member",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        95,
        {"items": 1, "money_value": Decimal("300.00")},
    ),
    (
        "Costume store clear-out",
        "amira",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        60,
        {"items": 35, "kg_reused": Decimal("40.0")},
    ),
    (
        "Help with our website",
        "sam",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        35,
        {"hours": Decimal("9.5"), "money_value": Decimal("400.00")},
    ),
    ("A treasurer for six months", "tom", ReplyStatus.ACCEPTED, MatchStatus.AGREED, 12, {}),
    ("Meeting room at Hillside Hall", "member", ReplyStatus.ACCEPTED, MatchStatus.NO_SHOW, 75, {}),
    (
        "Match funding for a new minibus",
        "amira",
        ReplyStatus.ACCEPTED,
        MatchStatus.CANCELLED,
        100,
        {},
    ),
    (
        "Soldering irons",
        "gareth",
        ReplyStatus.ACCEPTED,
        MatchStatus.COMPLETED,
        8,
        {"items": 2, "kg_reused": Decimal("1.5")},
    ),
]


# Matches whose replier's side reported other figures than the poster's side: impact counts
# the lower (the poster's, in REPLIES), and brokerage staff see them under "Match reports that
# disagree".
REPLIER_REPORTED = {"Garden volunteers for a day": {"hours": Decimal("48.0")}}


def overdue_since(reply):
    """Noon of the day a waiting reply became overdue, or None if it is not overdue yet:
    the daily job flagged it (and told the owner and staff) then."""
    now = timezone.now()
    if not is_overdue(reply, now):
        return None
    days = (timezone.localdate(now) - timezone.localdate(reply.created_at)).days
    return min(now, next(moment(d) for d in range(days, -1, -1) if is_overdue(reply, moment(d))))


def load_listings(organisations, users):
    listings = {}
    today = timezone.localdate()
    for owner, kind, category, title, description, audience, widening, extra in LISTINGS:
        organisation = organisations[owner]
        poster = next(
            (users[u] for u, _, _, org, _ in MEMBER_ACCOUNTS if org == owner and u in users),
            None,
        )
        members_from, public_from = widening
        listing, created = Listing.objects.get_or_create(
            organisation=organisation,
            title=title,
            defaults={
                "kind": kind,
                "category": category,
                "description": description,
                "posted_by": poster,
                "area": organisation.area,
                "audience": audience,
                "members_from": today + datetime.timedelta(days=members_from)
                if members_from is not None
                else None,
                "public_from": today + datetime.timedelta(days=public_from)
                if public_from is not None
                else None,
                "available_from": today - datetime.timedelta(days=30),
                "available_until": today + datetime.timedelta(days=90)
                if kind == ListingKind.OFFER
                else None,
                **extra,
            },
        )
        listings[title] = listing
    # A new organisation's first listing waits for staff; another is reported.
    pending, _ = Listing.objects.get_or_create(
        organisation=organisations["Fernlea Toddler Group"],
        title="Baby clothes and toys to give away",
        defaults={
            "kind": ListingKind.OFFER,
            "category": Category.OTHER,
            "description": "Bags of clean baby clothes (0-2 years) and toys.",
            "area": Area.RURAL,
            "audience": Audience.PUBLIC,
            "moderation": Moderation.PENDING,
        },
    )
    listings[pending.title] = pending
    ListingReport.objects.get_or_create(
        listing=listings["Costume store clear-out"],
        reporter=users["tom"],
        defaults={"reason": "The photos show a brand name; is this an advert?"},
    )
    return listings


def load_replies_and_matches(listings, users):
    for title, username, status, match_status, days, outcome in REPLIES:
        listing = listings[title]
        user = users[username]
        person = user.person
        organisation = None if person.is_volunteer else person.acting_for
        reply, created = Reply.objects.get_or_create(
            listing=listing,
            user=user,
            defaults={
                "organisation": organisation,
                "message": "We can help with this. When would suit you?",
                "status": status,
                "answered_at": None if status == ReplyStatus.WAITING else moment(days),
            },
        )
        if created:
            reply.created_at = moment(days + 2)
            Reply.objects.filter(pk=reply.pk).update(
                created_at=reply.created_at, overdue_flagged_at=overdue_since(reply)
            )
        if match_status is None:
            continue
        match, created = Match.objects.get_or_create(
            reply=reply,
            defaults={"listing": listing, "status": match_status, **outcome},
        )
        if created:
            done = match_status in (MatchStatus.COMPLETED, MatchStatus.NO_SHOW)
            Match.objects.filter(pk=match.pk).update(
                created_at=moment(days),
                completed_at=moment(days - 5) if done else None,
                owner_confirmed_at=moment(days - 5) if done else None,
                responder_confirmed_at=moment(days - 5)
                if match_status == MatchStatus.COMPLETED
                else None,
                owner_verdict=(
                    Verdict.COMPLETED if match_status == MatchStatus.COMPLETED else Verdict.NO_SHOW
                )
                if done
                else "",
                responder_verdict=Verdict.COMPLETED
                if match_status == MatchStatus.COMPLETED
                else "",
                reports_disagree=title in REPLIER_REPORTED,
            )
            load_match_reports(match, match_status, outcome, moment(days - 5))
    # Listings whose match is done are no longer open.
    for title, _, _, match_status, _, _ in REPLIES:
        if match_status in (MatchStatus.COMPLETED, MatchStatus.AGREED):
            listing = listings[title]
            if listing.kind == ListingKind.NEED and listing.status == ListingStatus.OPEN:
                Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.MATCHED)


def load_match_reports(match, match_status, outcome, when):
    """Each side's own report of a finished match: the poster's side (the listing's poster)
    and the replier's side, with the same figures unless REPLIER_REPORTED says otherwise."""
    if match_status not in (MatchStatus.COMPLETED, MatchStatus.NO_SHOW):
        return
    listing, reply = match.listing, match.reply
    completed = match_status == MatchStatus.COMPLETED
    MatchReport.objects.create(
        match=match,
        side=MatchSide.OWNER,
        verdict=Verdict.COMPLETED if completed else Verdict.NO_SHOW,
        reported_by=listing.posted_by,
        reported_at=when,
        **outcome,
    )
    if completed:
        MatchReport.objects.create(
            match=match,
            side=MatchSide.RESPONDER,
            verdict=Verdict.COMPLETED,
            reported_by=reply.user,
            reported_at=when + datetime.timedelta(hours=2),
            **{**outcome, **REPLIER_REPORTED.get(listing.title, {})},
        )


def load_watches(users):
    Watch.objects.get_or_create(
        user=users["volunteer"], kind=ListingKind.NEED, category=Category.VOLUNTEERING, area=""
    )
    Watch.objects.get_or_create(
        user=users["member"], kind=ListingKind.OFFER, category=Category.EQUIPMENT, area=Area.RURAL
    )


def load_schemes(organisations, users):
    today = timezone.localdate()
    oil, _ = Scheme.objects.get_or_create(
        slug="winter-heating-oil",
        defaults={
            "title": "Winter heating oil",
            "coordinator": organisations["Hillside Village Halls Association"],
            "commodity": Commodity.HEATING_OIL,
            "description": "Village halls and community buildings order kerosene together "
            "for a better price per litre.",
            "unit": "litres",
            "minimum_order": Decimal("500"),
            "target_total": Decimal("20000"),
            "opens_on": today - datetime.timedelta(days=10),
            "closes_on": today + datetime.timedelta(days=20),
            "delivery_notes": "Delivered in the first week after the window closes.",
            "status": SchemeStatus.OPEN,
            # Members were told ten days ago, when it opened.
            "opening_notice_sent_on": today - datetime.timedelta(days=10),
        },
    )
    for supplier, price in [("Dale Fuels", "0.6120"), ("County Oil Co-operative", "0.5980")]:
        SupplierQuote.objects.get_or_create(
            scheme=oil, supplier=supplier, defaults={"unit_price": Decimal(price)}
        )
    dbs, _ = Scheme.objects.get_or_create(
        slug="dbs-checks-spring",
        defaults={
            "title": "DBS checks, spring round",
            "coordinator": organisations["Three Valleys Community Transport"],
            "commodity": Commodity.DBS_CHECKS,
            "description": "Enhanced DBS checks for volunteers, processed together.",
            "unit": "checks",
            "minimum_order": Decimal("1"),
            "target_total": Decimal("60"),
            "opens_on": today - datetime.timedelta(days=90),
            "closes_on": today - datetime.timedelta(days=30),
            "status": SchemeStatus.CLOSED,
            "opening_notice_sent_on": today - datetime.timedelta(days=90),
            "closing_reminder_sent_on": today - datetime.timedelta(days=33),
        },
    )
    for supplier, price, chosen in [
        ("Checks Direct", "52.0000", False),
        ("Umbrella Screening CIC", "44.5000", True),
        ("County Council HR", "49.0000", False),
    ]:
        SupplierQuote.objects.get_or_create(
            scheme=dbs, supplier=supplier, defaults={"unit_price": Decimal(price), "chosen": chosen}
        )
    for scheme, pledges in [
        (
            oil,
            [
                ("Hillside Village Halls Association", "3000", "priya"),
                (MEMBER_ORGANISATION, "1200", "member"),
                ("Old Mill Community Association", "2500", None),
                ("Quarry Hill Neighbourhood Centre", "1800", None),
            ],
        ),
        (
            dbs,
            [
                ("Three Valleys Community Transport", "12", "gareth"),
                (MEMBER_ORGANISATION, "6", "member"),
                ("Castle Ward Food Pantry", "9", "amira"),
            ],
        ),
    ]:
        for name, quantity, username in pledges:
            Pledge.objects.get_or_create(
                scheme=scheme,
                organisation=organisations[name],
                defaults={
                    "quantity": Decimal(quantity),
                    "pledged_by": users.get(username),
                    "delivery_address": f"{name}\nMarket Town",
                },
            )


def demo_pdf(title):
    """A real one-page PDF (a blank A4 page titled ``title``), one that would pass the vault's
    upload checks, so the vault's downloads open in the demo."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def load_documents(organisations, users):
    organisation = organisations[MEMBER_ORGANISATION]
    today = timezone.localdate()
    for kind, title, expires_in in [
        (DocumentKind.SAFEGUARDING, "Safeguarding policy 2026", 300),
        (DocumentKind.INSURANCE, "Public liability insurance certificate", 18),
        (DocumentKind.ACCOUNTS, "Accounts for the year to March 2026", None),
        (DocumentKind.CONSTITUTION, "Constitution (adopted 2019)", None),
        (DocumentKind.DATA_PROTECTION, "Data protection policy", 200),
    ]:
        if OrganisationDocument.objects.filter(organisation=organisation, title=title).exists():
            continue
        filename = title.lower().replace(" ", "-").replace("(", "").replace(")", "") + ".pdf"
        pdf = demo_pdf(title)
        expires_on = today + datetime.timedelta(days=expires_in) if expires_in else None
        # One already within 30 days of expiring was reminded about when it came within them.
        reminded_on = expires_on and expires_on - datetime.timedelta(days=REMINDER_DAYS)
        document = OrganisationDocument(
            organisation=organisation,
            kind=kind,
            title=title,
            original_name=filename,
            content_type="application/pdf",
            size=len(pdf),
            expires_on=expires_on,
            reminder_sent_on=reminded_on if reminded_on and reminded_on <= today else None,
            uploaded_by=users["member"],
        )
        document.file.save(filename, ContentFile(pdf), save=False)
        document.save()


def load_members():
    """Organisations' details, accounts, listings, replies, matches, schemes, documents."""
    broker_group, _ = Group.objects.get_or_create(name=BROKERAGE_GROUP)
    broker = ensure_user("broker", groups=[broker_group], first_name="Bea", last_name="Broker")
    organisations = load_organisation_details(broker)
    users = load_member_accounts(organisations)
    listings = load_listings(organisations, users)
    load_replies_and_matches(listings, users)
    load_conversations(users)
    load_watches(users)
    load_schemes(organisations, users)
    load_documents(organisations, users)
