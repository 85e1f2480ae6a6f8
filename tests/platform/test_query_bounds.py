"""Every page makes at most 16 SQL queries, and the same number however much data there is
(15 until the header counted what waits for a signed-in person).

For each page type (public ones anonymously and as a signed-in member; members' pages as the
person who uses them) the page is requested once to warm the per-process and fragment caches,
as a running server has them, and then measured. Then many more of everything the pages list
is added, and every page is measured again: the counts must not change.
"""

import datetime
from decimal import Decimal

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consortium.models import (
    Audience,
    BidSection,
    BudgetLine,
    ConsortiumRole,
    Membership,
    MembershipStatus,
    Opportunity,
    OpportunityKind,
    OrganisationDocument,
    Role,
    SectionComment,
    Theme,
)
from home.models import (
    CaseStudyOrganisation,
    ClusterMember,
    ClusterNextStep,
    ForumConvenor,
    ForumMember,
)
from tests import personas as members
from tests.bids import world as bid_world
from tests.brokerage.data import make_listing
from tests.buying.data import add_pledging_organisations, make_scheme
from tests.factories import (
    CaseStudyPageFactory,
    EventPageFactory,
    NewsPageFactory,
    OrganisationFactory,
    StandardPageFactory,
    SurveyPageFactory,
    UserFactory,
)
from tests.public.community import CommunitySite, add_members

pytestmark = pytest.mark.django_db

# The most queries any page may make: 15 (issue 9), plus the header's to-do count for a
# signed-in person (one query, issue 20).
MAX_QUERIES = 16
# A bid's page and a section's page also show who is editing, the review states, comment
# threads and the answer library's suggestions (issue 21): still constant as the bid grows.
MAX_BID_QUERIES = 22
# How many more of each thing the second measurement has.
MORE = 11


def count_queries(client, url):
    client.get(url)  # warm per-process and fragment caches, as a running server has them
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(context)


def measure(clients, pages):
    """Queries per (person, address); every page is visited once first, as on a live site.

    A first visit can save something once (the site settings row, a person's record),
    which rightly empties the caches; a running site has long done that.
    """
    for who, url in pages:
        clients[who].get(url)
    return {(who, url): count_queries(clients[who], url) for who, url in pages}


def assert_bounded_and_constant(clients, pages, grow, limit=MAX_QUERIES):
    few = measure(clients, pages)
    grow()
    many = measure(clients, pages)
    report = "\n".join(
        f"{who:>10} {url}: {few[who, url]} queries, {many[who, url]} with more data"
        for who, url in pages
        if few[who, url] != many[who, url] or many[who, url] > limit
    )
    assert not report, f"pages over {limit} queries or growing with the data:\n{report}"


def every(people, urls):
    return [(who, url) for who in people for url in urls]


# The public site ----------------------------------------------------------------------------


def add_news(site, count, image, **fields):
    for _ in range(count):
        story = NewsPageFactory(parent=site.news, image=image, **fields)
        story.tags.add("funding", "volunteering")
        story.save()


def add_events(site, count, **fields):
    for n in range(count):
        start = timezone.now() + datetime.timedelta(days=n + 1)
        EventPageFactory(
            parent=site.events, start=start, end=start + datetime.timedelta(hours=1), **fields
        )


def add_opportunities(count):
    for n in range(count):
        Opportunity.objects.create(
            title=f"Community fund round {Opportunity.objects.count() + n}",
            kind=OpportunityKind.GRANT,
            funder="Westmoor Community Foundation",
            deadline=timezone.now() + datetime.timedelta(days=30 + n),
        )


class PublicSite:
    """One page of every public type, with one of each thing the pages list."""

    def __init__(self):
        self.site = CommunitySite()
        self.image = wagtail_factories.ImageFactory()
        self.about = StandardPageFactory(parent=self.site.home, title="About", show_in_menus=True)
        self.survey = SurveyPageFactory(parent=self.site.home)
        self.forum = self.site.forum(members=1)
        self.cluster = self.site.cluster(members=1)
        self.theme = Theme.objects.create(name="Older people", slug="older-people")
        self.personas = members.make_personas()
        self.organisation = self.personas.organisation
        self.organisation.themes.add(self.theme)
        ForumMember.objects.create(page=self.forum, organisation=self.organisation)
        ClusterMember.objects.create(page=self.cluster, organisation=self.organisation)
        self.scheme = make_scheme(self.organisation)
        self.opportunity = Opportunity.objects.create(
            title="Village halls energy fund",
            kind=OpportunityKind.GRANT,
            funder="Westmoor Community Foundation",
            deadline=timezone.now() + datetime.timedelta(days=30),
        )
        self.listing = make_listing(self.organisation, audience=Audience.PUBLIC)
        self.grow(1)
        self.news_item = self.site.news.get_children().live().last().specific
        self.event = self.site.events.get_children().live().last().specific
        self.case_study = self.site.case_studies.get_children().live().last().specific

    def grow(self, count):
        site = self.site
        add_members(self.forum, ForumMember, count)
        add_members(self.cluster, ClusterMember, count)
        owner = OrganisationFactory()
        for n in range(count):
            ForumConvenor.objects.create(page=self.forum, name=f"Convenor {n}", organisation=owner)
            ClusterNextStep.objects.create(
                page=self.cluster, action="Act", owner=owner, due_date=timezone.localdate()
            )
            site.forum(members=2)
            site.cluster(members=2)
            StandardPageFactory(parent=site.home, show_in_menus=True)
            StandardPageFactory(parent=self.about)
            case_study = CaseStudyPageFactory(parent=site.case_studies, forum=self.forum)
            CaseStudyOrganisation.objects.create(page=case_study, organisation=owner)
            organisation = OrganisationFactory()
            organisation.themes.add(self.theme)
            make_listing(self.organisation, audience=Audience.PUBLIC, title=f"Offer {n}")
            make_listing(organisation, audience=Audience.PUBLIC, title=f"Need {n}")
            make_listing(organisation, audience=Audience.MEMBERS, title=f"Members' need {n}")
        add_news(site, count, self.image, forum=self.forum)
        add_news(site, count, self.image, cluster=self.cluster)
        add_events(site, count, forum=self.forum)
        add_events(site, count, cluster=self.cluster)
        past = timezone.now() - datetime.timedelta(days=30)
        for _ in range(count):
            EventPageFactory(parent=site.events, start=past, end=past + datetime.timedelta(hours=1))
        add_opportunities(count)
        make_scheme(OrganisationFactory(), title=f"Shared IT support {Opportunity.objects.count()}")
        add_pledging_organisations(
            self.scheme, count, start=ForumMember.objects.count(), quantity=Decimal("600")
        )

    def urls(self):
        site = self.site
        return [
            "/",
            self.about.url,
            site.forums.url,
            self.forum.url,
            site.clusters.url,
            self.cluster.url,
            site.news.url,
            site.news.url + "?tag=funding",
            self.news_item.url,
            site.events.url,
            self.event.url,
            site.case_studies.url,
            self.case_study.url,
            self.survey.url,
            "/organisations/",
            f"/organisations/{self.organisation.slug}/",
            "/resources/",
            f"/resources/{self.listing.pk}/",
            "/joint-buying/",
            f"/joint-buying/{self.scheme.slug}/",
            "/opportunities/",
            f"/opportunities/{self.opportunity.slug}/",
            "/impact/",
            site.news.url + "feed/rss/",
            site.news.url + "feed/atom/",
            site.events.url + "ical/",
            self.forum.url + "news/rss/",
            self.cluster.url + "events/ical/",
            "/opportunities/feed/rss/",
            "/sitemap.xml",
        ]


def test_every_public_page_makes_at_most_16_queries_for_visitors_and_members_however_much_content(
    client,
):
    public = PublicSite()
    clients = {
        "anonymous": client,
        "member": members.client_for("member", public.personas),
    }
    assert_bounded_and_constant(clients, every(clients, public.urls()), lambda: public.grow(MORE))


# The members' area ---------------------------------------------------------------------------


def test_every_members_page_makes_at_most_16_queries_however_many_documents_members_and_listings():
    public = PublicSite()
    personas = public.personas
    organisation = personas.organisation
    slug = organisation.slug

    def grow():
        for n in range(MORE):
            members.make_member(f"extra-member-{n}", organisation)
            Membership.objects.create(
                user=UserFactory(),
                organisation=organisation,
                role=Role.MEMBER,
                status=MembershipStatus.REQUESTED,
            )
            OrganisationDocument.objects.create(
                organisation=organisation, kind="insurance", title=f"Cover {n}", file=f"{n}.pdf"
            )
            make_listing(organisation, title=f"Our need {n}")
        public.grow(MORE)

    clients = {
        "org_admin": members.client_for("org_admin", personas),
        "member": members.client_for("member", personas),
    }
    pages = every(
        ["member", "org_admin"],
        [
            "/members/",
            "/members/notifications/",
            "/resources/",
            "/resources/watches/",
            f"/joint-buying/{public.scheme.slug}/",
        ],
    ) + every(
        ["org_admin"],
        [
            f"/organisations/{slug}/edit/",
            f"/organisations/{slug}/members/",
            f"/organisations/{slug}/documents/",
        ],
    )
    assert_bounded_and_constant(clients, pages, grow)


# Consortia and joint bids ----------------------------------------------------------------------


def test_every_bid_page_makes_at_most_22_queries_however_many_partners_sections_and_lines():
    people = bid_world.make_bid_world()
    bid = people.bid
    section = people.sections[1]

    def add_lines(organisation, count):
        for n in range(count):
            BudgetLine.objects.create(
                bid=bid,
                organisation=organisation,
                category="staff",
                description=f"Coordinator hours {n}",
                year=n % 3 + 1,
                amount=Decimal("1000.50"),
                is_private=bool(n % 2),
            )

    def grow():
        for n in range(MORE):
            organisation = bid_world.make_organisation(
                f"Partner {n}", charity_number=f"12000{n:02d}"
            )
            bid_world.join(people.consortium, organisation, ConsortiumRole.PARTNER)
            add_lines(organisation, 2)
            BidSection.objects.create(bid=bid, title=f"Part {n}", sort_order=10 + n)
            SectionComment.objects.create(
                section=section, author=people.lead, organisation=people.lead_org, body="?"
            )
            OrganisationDocument.objects.create(
                organisation=people.partner_org,
                kind="insurance",
                title=f"Cover {n}",
                file=f"{n}.pdf",
            )
        add_lines(people.partner_org, MORE)
        section.body = "Who does what, where and when. " * 20
        section.save()

    add_lines(people.lead_org, 1)
    add_lines(people.partner_org, 1)
    clients = {who: bid_world.client_for(who, people) for who in ("lead", "partner")}
    base = f"/bids/{bid.slug}/"
    urls = [
        "/bids/",
        base,
        base + "history/",
        base + f"sections/{section.pk}/",
        base + f"sections/{section.pk}/history/",
        base + "budget/",
        base + "partners/",
        base + "sign-offs/",
        "/consortia/",
        f"/consortia/{people.consortium.slug}/",
    ]
    assert_bounded_and_constant(clients, every(clients, urls), grow, limit=MAX_BID_QUERIES)
