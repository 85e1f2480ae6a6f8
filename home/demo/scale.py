"""County-scale synthetic data: thousands of organisations, listings, pages and bids.

Everything comes from one ``random.Random(seed)`` and dates are counted from ``today``, so
the same seed, scale and day always give the same rows. Rows are written with
``bulk_create`` (and pages with computed tree paths) because saving them one by one takes
hours at scale 10; the search index is then filled in bulk for every indexed model made.

Generated accounts are called ``scale-…`` and never collide with the demo accounts.
"""

import datetime
import random
import time
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backends
from wagtail.search.index import Indexed, get_indexed_models

from consortium.bids import awards
from consortium.bids.models import AwardRecord, ConsortiumRole, InvitationStatus
from consortium.bids.versions import fingerprint
from consortium.models import (
    Audience,
    BidSection,
    BidState,
    BudgetCategory,
    BudgetLine,
    Category,
    Consortium,
    ConsortiumMember,
    CostBasis,
    IncomeBand,
    JointBid,
    LegalForm,
    Listing,
    ListingKind,
    ListingStatus,
    Match,
    MatchReport,
    MatchSide,
    MatchStatus,
    Membership,
    MembershipStatus,
    Moderation,
    Opportunity,
    OpportunityKind,
    Organisation,
    PartnerStatement,
    Person,
    Reply,
    ReplyStatus,
    Role,
    SectionStatus,
    SignOff,
    Theme,
    Verdict,
)
from consortium.organisations import identifiers
from consortium.organisations.models import Area
from home.models import (
    ClusterIndexPage,
    ClusterMember,
    ClusterPage,
    EventIndexPage,
    EventPage,
    ForumIndexPage,
    ForumMember,
    ForumPage,
    NewsIndexPage,
    NewsPage,
)
from home.models.events import EventKind
from home.models.groups import ClusterKind
from home.models.snippets import MeetingFormat
from portal import caching

from . import words

# What scale 1 holds: a county of 1,360 voluntary and community organisations.
SCALE_1 = {
    "organisations": 1360,
    "forums": 16,
    "clusters": 30,
    "listings": 5000,
    "news": 2000,
    "events": 1000,
    "opportunities": 200,
    "consortia": 200,
    "bids": 300,
}

USERNAME_PREFIX = "scale-"
BATCH = 500
# The database search backend recomputes an average over the whole index after each call to
# add_bulk, so fewer, larger chunks are much faster there (scale 10: 96,000 entries).
INDEX_BATCH = 5000


class AlreadyGenerated(Exception):
    """The database already holds scale data: a second run would add it twice."""


def counts_for(scale):
    """How many of each thing ``scale`` gives (at least one of each)."""
    return {name: max(1, round(n * scale)) for name, n in SCALE_1.items()}


def already_generated():
    return get_user_model().objects.filter(username__startswith=USERNAME_PREFIX).exists()


class ScaleData:
    def __init__(self, scale, seed=1, today=None, log=None):
        self.counts = counts_for(scale)
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.now = timezone.make_aware(datetime.datetime.combine(self.today, datetime.time(12, 0)))
        self.log = log or (lambda message: None)
        self.made = {}  # model -> list of primary keys made, for the search index

    # --- text -------------------------------------------------------------------------------

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def sentence(self, subject=None):
        subject = subject or f"{self.pick(words.PLACES)} {self.pick(words.ORGANISATION_KINDS)}"
        return (
            f"{subject} {self.pick(words.ACTIVITIES)} for "
            f"{self.pick(words.BENEFICIARIES)} {self.pick(words.PHRASES)}."
        )

    def paragraph(self, n=3, subject=None):
        return " ".join(self.sentence(subject) for _ in range(n))

    def fill(self, template):
        return template.format(
            place=self.pick(words.PLACES),
            kind=self.pick(words.ORGANISATION_KINDS),
            theme=self.pick(words.THEMES).lower(),
            beneficiaries=self.pick(words.BENEFICIARIES),
        )

    def uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def body(self, paragraphs=2):
        return [
            {"type": "paragraph", "value": f"<p>{self.paragraph()}</p>", "id": str(self.uuid())}
            for _ in range(paragraphs)
        ]

    def moment(self, days_from, days_to):
        """An aware time between ``days_from`` and ``days_to`` days from today."""
        minutes = self.rng.randrange(days_from * 1440, days_to * 1440)
        return self.now + datetime.timedelta(minutes=minutes)

    # --- running ----------------------------------------------------------------------------

    def run(self):
        if already_generated():
            raise AlreadyGenerated
        stages = [
            ("themes and organisations", self.organisations),
            ("accounts and memberships", self.accounts),
            ("forums and clusters", self.groups),
            ("listings, replies and matches", self.listings),
            ("news", self.news),
            ("events", self.events),
            ("opportunities", self.opportunities),
            ("consortia and bids", self.consortia),
        ]
        total = time.monotonic()
        with transaction.atomic():
            for name, stage in stages:
                started = time.monotonic()
                made = stage()
                self.log(f"{name}: {made} ({time.monotonic() - started:.1f} s)")
            started = time.monotonic()
            indexed = self.index()
            self.log(f"search index: {indexed} entries ({time.monotonic() - started:.1f} s)")
            caching.invalidate()
        self.log(f"done in {time.monotonic() - total:.1f} s")

    def remember(self, model, objs):
        self.made.setdefault(model, []).extend(obj.pk for obj in objs)
        return objs

    # --- organisations and people -------------------------------------------------------------

    def organisations(self):
        themes = []
        for name in words.THEMES:
            theme = Theme.objects.filter(name__iexact=name).first()
            if theme is None:
                theme, _ = Theme.objects.get_or_create(slug=slugify(name), defaults={"name": name})
            themes.append(theme)
        self.themes = themes
        taken = set(Organisation.objects.values_list("name", flat=True))
        taken_slugs = set(Organisation.objects.values_list("slug", flat=True))
        names = [
            f"{place} {kind}{suffix}"
            for place in words.PLACES
            for kind in words.ORGANISATION_KINDS
            for suffix in words.ORGANISATION_SUFFIXES
        ]
        self.rng.shuffle(names)
        names = [n for n in names if n not in taken and slugify(n) not in taken_slugs]
        n = self.counts["organisations"]
        while len(names) < n:  # beyond scale 15 or so: number the names
            names += [f"{name} {len(names) // 1000 + 2}" for name in names[: n - len(names)]]
        forms = list(LegalForm)
        areas = list(Area)
        bands = list(IncomeBand)
        orgs = []
        # A registration number belongs to one organisation (org-ids are unique).
        held = set(Organisation.objects.values_list("charity_number", flat=True))
        held |= set(Organisation.objects.values_list("company_number", flat=True))

        def unheld(draw):
            number = draw()
            while number in held:
                number = draw()
            held.add(number)
            return number

        for name in names[:n]:
            form = self.pick(forms)
            numbers = {"charity_number": "", "company_number": ""}
            if form in (LegalForm.REGISTERED_CHARITY, LegalForm.CIO):
                numbers["charity_number"] = unheld(
                    lambda: str(1_100_000 + self.rng.randrange(99_999))
                )
            if form in (LegalForm.CIC, LegalForm.CHARITABLE_COMPANY):
                numbers["company_number"] = unheld(lambda: f"{self.rng.randrange(10_000_000):08d}")
            place = name.split(" ")[0]
            org = Organisation(
                name=name,
                slug=slugify(name)[:200],
                legal_form=form,
                org_id=identifiers.org_id(**numbers),
                income_band=self.pick(bands),
                short_description=self.sentence(name)[:200],
                description=self.paragraph(4, name),
                website=f"https://{slugify(name)[:50]}.example.org/",
                area=self.pick(areas),
                locality=place,
                postcode=f"SH{self.rng.randrange(1, 30)} {self.rng.randrange(1, 10)}"
                f"{self.pick('ABDEFGHJLNPQRSTUWXYZ')}{self.pick('ABDEFGHJLNPQRSTUWXYZ')}",
                is_public=self.rng.random() < 0.95,
                verified_on=self.today - datetime.timedelta(days=self.rng.randrange(700))
                if self.rng.random() < 0.6
                else None,
                **numbers,
            )
            orgs.append(org)
        Organisation.objects.bulk_create(orgs, batch_size=BATCH)
        self.orgs = self.remember(Organisation, orgs)
        through = Organisation.themes.through
        links = []
        for org in orgs:
            for theme in self.rng.sample(themes, self.rng.randint(1, 3)):
                links.append(through(organisation_id=org.pk, theme_id=theme.pk))
        through.objects.bulk_create(links, batch_size=BATCH)
        return f"{len(orgs)} organisations, {len(links)} theme links"

    def accounts(self):
        User = get_user_model()
        users, people, plan = [], [], []
        for i, org in enumerate(self.orgs):
            for j in range(self.rng.choice((1, 2, 2, 3))):
                first, last = self.pick(words.FIRST_NAMES), self.pick(words.LAST_NAMES)
                username = f"{USERNAME_PREFIX}{i + 1}-{j + 1}"
                users.append(
                    User(
                        username=username,
                        email=f"{username}@example.org",
                        first_name=first,
                        last_name=last,
                        password="!",  # unusable: nobody signs in as generated people
                        date_joined=self.now,
                    )
                )
                plan.append((org, Role.ADMIN if j == 0 else Role.MEMBER))
        User.objects.bulk_create(users, batch_size=BATCH)
        memberships = []
        self.admins = {}
        self.members = {}
        for user, (org, role) in zip(users, plan, strict=True):
            status = MembershipStatus.APPROVED
            if role == Role.MEMBER and self.rng.random() < 0.1:
                status = MembershipStatus.REQUESTED
            memberships.append(
                Membership(
                    user=user,
                    organisation=org,
                    role=role,
                    status=status,
                    job_title=self.pick(["Chair", "Coordinator", "Treasurer", "Volunteer"]),
                    decided_at=self.now if status == MembershipStatus.APPROVED else None,
                )
            )
            people.append(Person(user=user, acting_for=org))
            if role == Role.ADMIN:
                self.admins[org.pk] = user
            self.members.setdefault(org.pk, []).append(user)
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        Person.objects.bulk_create(people, batch_size=BATCH)
        return f"{len(users)} accounts and memberships"

    # --- pages --------------------------------------------------------------------------------

    def index_page(self, model, slug, title):
        """The site's index page of this type, made (and published) if the site has none."""
        page = model.objects.first()
        if page:
            return page
        root = Site.objects.get(is_default_site=True).root_page
        page = model(title=title, slug=slug, show_in_menus=True)
        root.add_child(instance=page)
        page.save_revision().publish()
        return page

    def add_pages(self, parent, pages):
        """Insert live pages under ``parent`` in bulk, with the tree paths treebeard would give.

        Saving a page the usual way takes tens of milliseconds (locks, revisions, signals);
        here the Page rows go in with ``bulk_create`` and the specific rows after them.
        """
        parent = Page.objects.get(pk=parent.pk)
        last = parent.get_last_child()
        step = Page._str2int(last.path[-Page.steplen :]) + 1 if last else 1
        model = type(pages[0])
        content_type = ContentType.objects.get_for_model(model)
        bases = []
        for i, page in enumerate(pages):
            page.path = Page._get_path(parent.path, parent.depth + 1, step + i)
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{page.slug}/"
            page.locale_id = parent.locale_id
            page.content_type = content_type
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.translation_key = self.uuid()
            page.last_published_at = page.first_published_at
            bases.append(
                Page(**{f.attname: getattr(page, f.attname) for f in Page._meta.concrete_fields})
            )
        for chunk in range(0, len(bases), BATCH):
            Page.objects.bulk_create(bases[chunk : chunk + BATCH])
        for page, base in zip(pages, bases, strict=True):
            page.pk = page.page_ptr_id = base.pk
        # Django's bulk_create refuses multi-table models, so the specific rows go in through
        # the same batched insert it uses, with the fields of the specific table only.
        model.objects.all()._batched_insert(pages, model._meta.local_concrete_fields, BATCH)
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        return self.remember(model, pages)

    def published(self, days_ago_max):
        return self.now - datetime.timedelta(minutes=self.rng.randrange(days_ago_max * 1440))

    def groups(self):
        forum_index = self.index_page(ForumIndexPage, "forums", "Forums of Interest")
        cluster_index = self.index_page(ClusterIndexPage, "clusters", "Clusters")
        forums = []
        for i in range(self.counts["forums"]):
            theme = words.THEMES[i % len(words.THEMES)]
            beneficiaries = self.pick(words.BENEFICIARIES)
            title = f"{theme} forum {i + 1}" if i >= len(words.THEMES) else f"{theme} forum"
            forums.append(
                ForumPage(
                    title=title,
                    slug=f"{slugify(title)}-{i + 1}",
                    first_published_at=self.published(900),
                    summary=f"Member organisations working with {beneficiaries}.",
                    theme=theme,
                    beneficiaries=f"{beneficiaries.capitalize()} across the county.",
                    introduction=self.paragraph(2),
                    body=self.body(2),
                )
            )
        self.forums = self.add_pages(forum_index, forums)
        clusters = []
        kinds = list(ClusterKind)
        formats = list(MeetingFormat)
        for i in range(self.counts["clusters"]):
            place, theme = self.pick(words.PLACES), self.pick(words.THEMES)
            title = f"{place} {theme.lower()} cluster"
            clusters.append(
                ClusterPage(
                    title=title,
                    slug=f"{slugify(title)}-{i + 1}",
                    first_published_at=self.published(900),
                    summary=self.sentence()[:250],
                    kind=self.pick(kinds),
                    theme=theme,
                    introduction=self.paragraph(2),
                    facilitator=f"{self.pick(words.FIRST_NAMES)} {self.pick(words.LAST_NAMES)}",
                    meeting_pattern="Every other month",
                    meeting_format=self.pick(formats),
                    shared_priorities=self.paragraph(2),
                    outcomes=self.paragraph(1),
                    body=self.body(1),
                )
            )
        self.clusters = self.add_pages(cluster_index, clusters)
        forum_members = []
        for forum in self.forums:
            size = min(len(self.orgs), self.rng.randint(8, 40))
            for order, org in enumerate(self.rng.sample(self.orgs, size)):
                forum_members.append(ForumMember(page=forum, organisation=org, sort_order=order))
        ForumMember.objects.bulk_create(forum_members, batch_size=BATCH)
        cluster_members = []
        for cluster in self.clusters:
            size = min(len(self.orgs), self.rng.randint(3, 8))
            for order, org in enumerate(self.rng.sample(self.orgs, size)):
                cluster_members.append(
                    ClusterMember(page=cluster, organisation=org, sort_order=order)
                )
        ClusterMember.objects.bulk_create(cluster_members, batch_size=BATCH)
        return (
            f"{len(self.forums)} forums, {len(self.clusters)} clusters, "
            f"{len(forum_members) + len(cluster_members)} memberships"
        )

    def news(self):
        index = self.index_page(NewsIndexPage, "news", "News")
        pages = []
        for i in range(self.counts["news"]):
            title = self.fill(self.pick(words.NEWS_TOPICS))
            published = self.published(1100)
            pages.append(
                NewsPage(
                    title=title,
                    slug=f"{slugify(title)[:80]}-{i + 1}",
                    first_published_at=published,
                    date=timezone.localdate(published),
                    author=f"{self.pick(words.FIRST_NAMES)} {self.pick(words.LAST_NAMES)}",
                    summary=self.sentence(),
                    forum=self.pick(self.forums) if self.rng.random() < 0.4 else None,
                    cluster=self.pick(self.clusters) if self.rng.random() < 0.2 else None,
                    body=self.body(3),
                )
            )
        return f"{len(self.add_pages(index, pages))} news items"

    def events(self):
        index = self.index_page(EventIndexPage, "events", "Events")
        kinds, formats = list(EventKind), list(MeetingFormat)
        pages = []
        for i in range(self.counts["events"]):
            title = self.fill(self.pick(words.EVENT_TOPICS))
            start = self.moment(-500, 200).replace(minute=0, second=0)
            meeting_format = self.pick(formats)
            pages.append(
                EventPage(
                    title=title,
                    slug=f"{slugify(title)[:80]}-{i + 1}",
                    first_published_at=min(start, self.now) - datetime.timedelta(days=30),
                    kind=self.pick(kinds),
                    start=start,
                    end=start + datetime.timedelta(hours=self.rng.choice((1, 2, 3, 6))),
                    meeting_format=meeting_format,
                    venue=""
                    if meeting_format == MeetingFormat.ONLINE
                    else f"Community Centre, {self.pick(words.PLACES)}",
                    join_link="https://meet.example.org/shoal"
                    if meeting_format != MeetingFormat.FACE_TO_FACE
                    else "",
                    summary=self.sentence(),
                    forum=self.pick(self.forums) if self.rng.random() < 0.4 else None,
                    cluster=self.pick(self.clusters) if self.rng.random() < 0.2 else None,
                    body=self.body(2),
                )
            )
        return f"{len(self.add_pages(index, pages))} events"

    # --- offers and needs ---------------------------------------------------------------------

    def listings(self):
        kinds, categories = list(ListingKind), list(Category)
        audiences, statuses = list(Audience), list(ListingStatus)
        listings = []
        for i in range(self.counts["listings"]):
            org = self.pick(self.orgs)
            category = categories[i % len(categories)]
            title = self.fill(self.pick(words.LISTING_TOPICS[category]))
            audience = audiences[(i // len(categories)) % len(audiences)]
            starts = self.today - datetime.timedelta(days=self.rng.randrange(365))
            moderation = Moderation.APPROVED
            if self.rng.random() < 0.05:
                moderation = self.pick([Moderation.PENDING, Moderation.REJECTED])
            listings.append(
                Listing(
                    kind=kinds[i % 2],
                    category=category,
                    title=title[:150],
                    slug=slugify(title)[:160],
                    description=self.paragraph(3, org.name),
                    organisation=org,
                    posted_by=self.admins[org.pk],
                    area=org.area,
                    available_from=starts,
                    available_until=starts + datetime.timedelta(days=self.rng.randrange(30, 400)),
                    cost_basis=self.pick(list(CostBasis)),
                    quantity=self.rng.randint(1, 20) if category == Category.EQUIPMENT else None,
                    unit="items" if category == Category.EQUIPMENT else "",
                    status=statuses[self.rng.randrange(len(statuses))]
                    if self.rng.random() < 0.4
                    else ListingStatus.OPEN,
                    audience=audience,
                    members_from=starts + datetime.timedelta(days=14)
                    if audience == Audience.GROUP and self.rng.random() < 0.5
                    else None,
                    public_from=starts + datetime.timedelta(days=28)
                    if audience != Audience.PUBLIC and self.rng.random() < 0.3
                    else None,
                    moderation=moderation,
                    last_activity_at=self.moment(-365, 0),
                )
            )
        Listing.objects.bulk_create(listings, batch_size=BATCH)
        self.remember(Listing, listings)
        replies = []
        reply_statuses = list(ReplyStatus)
        for listing in listings:
            for _ in range(self.rng.choice((0, 0, 1, 1, 2, 3))):
                org = self.pick(self.orgs)
                if org.pk == listing.organisation_id:
                    continue
                status = self.pick(reply_statuses)
                replies.append(
                    Reply(
                        listing=listing,
                        user=self.admins[org.pk],
                        organisation=org,
                        message=self.sentence(org.name),
                        status=status,
                        answered_at=self.moment(-300, 0)
                        if status in (ReplyStatus.ACCEPTED, ReplyStatus.DECLINED)
                        else None,
                    )
                )
        Reply.objects.bulk_create(replies, batch_size=BATCH)
        match_statuses = list(MatchStatus)
        matches = []
        for reply in replies:
            if reply.status != ReplyStatus.ACCEPTED:
                continue
            status = self.pick(match_statuses)
            done = status == MatchStatus.COMPLETED
            matches.append(
                Match(
                    reply=reply,
                    listing=reply.listing,
                    status=status,
                    owner_confirmed_at=reply.answered_at if done else None,
                    responder_confirmed_at=reply.answered_at if done else None,
                    owner_verdict="completed" if done else "",
                    responder_verdict="completed" if done else "",
                    hours=Decimal(self.rng.randint(1, 40)) if done else None,
                    completed_at=reply.answered_at if done else None,
                )
            )
        Match.objects.bulk_create(matches, batch_size=BATCH)
        # Each side's own report of a completed match, with the same figures.
        MatchReport.objects.bulk_create(
            [
                MatchReport(
                    match=match,
                    side=side,
                    verdict=Verdict.COMPLETED,
                    hours=match.hours,
                    reported_by=None,
                    reported_at=match.completed_at,
                )
                for match in matches
                if match.status == MatchStatus.COMPLETED
                for side in MatchSide
            ],
            batch_size=BATCH,
        )
        return f"{len(listings)} listings, {len(replies)} replies, {len(matches)} matches"

    # --- funding and bids ---------------------------------------------------------------------

    def opportunities(self):
        taken = set(Opportunity.objects.values_list("slug", flat=True))
        opportunities = []
        for i in range(self.counts["opportunities"]):
            funder, programme = self.pick(words.FUNDERS), self.pick(words.PROGRAMMES)
            theme = self.pick(words.THEMES)
            title = f"{programme}: {theme.lower()}"
            slug = f"{slugify(title)}-{i + 1}"
            if slug in taken:
                slug = f"{slug}-scale"
            low = self.rng.choice((500, 1000, 5000, 10000, 20000))
            opportunities.append(
                Opportunity(
                    title=title,
                    slug=slug,
                    kind=OpportunityKind.TENDER if i % 4 == 0 else OpportunityKind.GRANT,
                    funder=funder,
                    programme=programme,
                    reference=f"{slugify(funder)[:6].upper()}-{2026 + i % 2}-{i + 1:04d}",
                    description=self.paragraph(3),
                    amount_min=Decimal(low),
                    amount_max=Decimal(low * self.rng.choice((2, 5, 10))),
                    deadline=self.moment(-120, 240),
                    eligibility=f"Groups working with {self.pick(words.BENEFICIARIES)}.",
                    area=self.pick(list(Area)),
                    link=f"https://{slugify(funder)[:40]}.example.org/{slug}/",
                    suits_small=self.rng.random() < 0.5,
                    suits_vcse=self.rng.random() < 0.8,
                )
            )
        Opportunity.objects.bulk_create(opportunities, batch_size=BATCH)
        self.opps = self.remember(Opportunity, opportunities)
        return f"{len(opportunities)} opportunities"

    def consortia(self):
        taken = set(Consortium.objects.values_list("name", flat=True))
        consortia, plans = [], []
        for i in range(self.counts["consortia"]):
            name = (
                f"{self.pick(words.PLACES)} {self.pick(words.THEMES).lower()} "
                f"{self.pick(words.CONSORTIUM_WORDS)} {i + 1}"
            )
            if name in taken:
                name += " (county)"
            lead = self.pick(self.orgs)
            consortia.append(
                Consortium(
                    name=name,
                    slug=slugify(name)[:200],
                    description=self.paragraph(2),
                    created_by=self.admins[lead.pk],
                )
            )
            others = [o for o in self.rng.sample(self.orgs, min(7, len(self.orgs))) if o != lead]
            plans.append((lead, others[: self.rng.randint(2, 5)]))
        Consortium.objects.bulk_create(consortia, batch_size=BATCH)
        members = []
        for consortium, (lead, partners) in zip(consortia, plans, strict=True):
            members.append(
                ConsortiumMember(
                    consortium=consortium,
                    organisation=lead,
                    role=ConsortiumRole.LEAD,
                    status=InvitationStatus.ACCEPTED,
                    invited_at=self.now,
                    expires_on=self.today + datetime.timedelta(days=14),
                    responded_at=self.now,
                )
            )
            for org in partners:
                status = self.pick(
                    [InvitationStatus.ACCEPTED] * 4
                    + [InvitationStatus.INVITED, InvitationStatus.DECLINED]
                )
                members.append(
                    ConsortiumMember(
                        consortium=consortium,
                        organisation=org,
                        role=self.pick(
                            [ConsortiumRole.PARTNER] * 3 + [ConsortiumRole.SUBCONTRACTOR]
                        ),
                        status=status,
                        invited_by=self.admins[lead.pk],
                        invited_at=self.moment(-200, -10),
                        expires_on=self.today + datetime.timedelta(days=self.rng.randint(-5, 14)),
                        responded_at=None if status == InvitationStatus.INVITED else self.now,
                    )
                )
        ConsortiumMember.objects.bulk_create(members, batch_size=BATCH)
        contacts = ConsortiumMember.contacts.through
        contacts.objects.bulk_create(
            [
                contacts(consortiummember_id=m.pk, user_id=self.admins[m.organisation_id].pk)
                for m in members
            ],
            batch_size=BATCH,
        )
        accepted = {}
        for m in members:
            if m.status == InvitationStatus.ACCEPTED:
                accepted.setdefault(m.consortium_id, []).append(m.organisation)
        made = self.bids(consortia, accepted)
        return f"{len(consortia)} consortia, {len(members)} members; {made}"

    def bids(self, consortia, accepted):
        states = list(BidState)
        bids = []
        for i in range(self.counts["bids"]):
            consortium = consortia[i % len(consortia)]
            opportunity = self.pick(self.opps)
            state = states[i % len(states)]
            title = f"{self.pick(words.THEMES)} in {self.pick(words.PLACES)}: year {i % 3 + 1}"
            lead = accepted[consortium.pk][0]
            awarded = state == BidState.AWARDED
            bids.append(
                JointBid(
                    consortium=consortium,
                    opportunity=opportunity,
                    title=title,
                    slug=f"{slugify(title)}-{i + 1}",
                    funder=opportunity.funder,
                    programme=opportunity.programme,
                    reference=f"SHOAL-{i + 1:05d}",
                    deadline=opportunity.deadline,
                    amount_requested=opportunity.amount_max,
                    start_date=self.today + datetime.timedelta(days=self.rng.randrange(30, 200)),
                    duration_months=self.rng.choice((12, 24, 36)),
                    summary=self.paragraph(2),
                    area=self.pick(list(Area)),
                    state=state,
                    version=self.rng.randint(1, 6),
                    amount_awarded=opportunity.amount_max if awarded else None,
                    award_date=self.today - datetime.timedelta(days=10) if awarded else None,
                    submitted_at=self.moment(-90, -1)
                    if state in (BidState.SUBMITTED, BidState.AWARDED, BidState.UNSUCCESSFUL)
                    else None,
                    created_by=self.admins[lead.pk],
                )
            )
        JointBid.objects.bulk_create(bids, batch_size=BATCH)
        # What the open data publishes: each award fixed as recorded (consortium.bids.awards).
        AwardRecord.objects.bulk_create(
            [
                awards.build(bid, accepted[bid.consortium_id][0], recorded_at=self.now)
                for bid in bids
                if bid.state == BidState.AWARDED
            ],
            batch_size=BATCH,
        )
        statuses = list(SectionStatus)
        sections, lines, statements = [], [], []
        per_bid = {}
        for bid in bids:
            partners = accepted[bid.consortium_id]
            mine = per_bid[bid.pk] = ([], [], [])
            for order, title in enumerate(self.rng.sample(words.SECTION_TITLES, 5)):
                section = BidSection(
                    bid=bid,
                    title=title,
                    guidance="Say what difference the work will make, in plain words.",
                    body="\n\n".join(self.paragraph(3) for _ in range(3)),
                    sort_order=order,
                    word_limit=500,
                    assigned_to=self.pick(partners),
                    status=self.pick(statuses),
                    version=self.rng.randint(1, 4),
                    updated_by=self.admins[partners[0].pk],
                )
                sections.append(section)
                mine[0].append(section)
            for j in range(self.rng.randint(4, 10)):
                org = self.pick(partners)
                line = BudgetLine(
                    bid=bid,
                    organisation=org,
                    category=self.pick(list(BudgetCategory)),
                    description=f"{self.pick(words.SECTION_TITLES)} ({org.name})"[:300],
                    year=j % 3 + 1,
                    amount=Decimal(self.rng.randrange(500, 40_000)),
                    match_funding=Decimal(self.rng.randrange(0, 2_000)),
                    is_private=self.rng.random() < 0.2,
                )
                lines.append(line)
                mine[1].append(line)
            for org in partners:
                statement = PartnerStatement(
                    bid=bid,
                    organisation=org,
                    role_in_bid=self.sentence(org.name),
                    delivery_areas=org.locality,
                    capacity=self.sentence(org.name),
                )
                statements.append(statement)
                mine[2].append(statement)
        BidSection.objects.bulk_create(sections, batch_size=BATCH)
        BudgetLine.objects.bulk_create(lines, batch_size=BATCH)
        PartnerStatement.objects.bulk_create(statements, batch_size=BATCH)
        history = self.section_history(sections)
        sign_offs = []
        for bid in bids:
            if bid.state not in (
                BidState.AWAITING_SIGN_OFF,
                BidState.SUBMITTED,
                BidState.AWARDED,
                BidState.UNSUCCESSFUL,
            ):
                continue
            mine = per_bid[bid.pk]
            print_ = fingerprint(bid, sections=mine[0], lines=mine[1], statements=mine[2])
            partners = accepted[bid.consortium_id]
            if bid.state == BidState.AWAITING_SIGN_OFF:
                partners = partners[: max(1, len(partners) // 2)]
            for org in partners:
                sign_offs.append(
                    SignOff(
                        bid=bid,
                        organisation=org,
                        signed_by=self.admins[org.pk],
                        signed_at=self.moment(-60, -1),
                        bid_version=bid.version,
                        fingerprint=print_,
                    )
                )
        SignOff.objects.bulk_create(sign_offs, batch_size=BATCH)
        return (
            f"{len(bids)} bids, {len(sections)} sections ({history} history rows), "
            f"{len(lines)} budget lines, {len(statements)} statements, {len(sign_offs)} sign-offs"
        )

    def section_history(self, sections):
        """A few earlier versions of each section, as django-simple-history records them."""
        Historical = BidSection.history.model
        fields = [f.attname for f in BidSection._meta.concrete_fields]
        rows = []
        for section in sections:
            values = {name: getattr(section, name) for name in fields}
            paragraphs = section.body.split("\n\n")
            for version in range(1, self.rng.randint(2, 4) + 1):
                row = Historical(**values)
                row.version = version
                row.body = "\n\n".join(paragraphs[:version])
                row.history_date = self.moment(-120, -1)
                row.history_type = "+" if version == 1 else "~"
                row.history_change_reason = "Section created" if version == 1 else "Section edited"
                row.history_user_id = section.updated_by_id
                rows.append(row)
        Historical.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    # --- search -------------------------------------------------------------------------------

    def index(self):
        """Add every indexed row made here to each search backend, in chunks."""
        total = 0
        indexed = set(get_indexed_models())
        for model, pks in self.made.items():
            if model not in indexed or not issubclass(model, Indexed):
                continue
            for backend in get_search_backends(with_auto_update=False):
                for start in range(0, len(pks), INDEX_BATCH):
                    chunk = list(
                        model.get_indexed_objects().filter(pk__in=pks[start : start + INDEX_BATCH])
                    )
                    backend.add_bulk(model, chunk)
            total += len(pks)
        return total
