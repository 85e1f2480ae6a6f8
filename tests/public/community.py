"""Builders for the community site's page tree, shared by the community tests."""

from django.utils import timezone

from home.editorial import require_moderation
from home.models import ClusterMember, ForumMember
from tests.factories import (
    CaseStudyIndexPageFactory,
    ClusterIndexPageFactory,
    ClusterPageFactory,
    EventIndexPageFactory,
    ForumIndexPageFactory,
    ForumPageFactory,
    NewsIndexPageFactory,
    OrganisationFactory,
    make_site,
)

NOW = timezone.now()  # when the tests were collected: events are dated around it


class CommunitySite:
    """The home page with one index page of each kind under it."""

    def __init__(self):
        self.home = make_site()
        self.forums = ForumIndexPageFactory(parent=self.home)
        self.clusters = ClusterIndexPageFactory(parent=self.home)
        self.news = NewsIndexPageFactory(parent=self.home)
        self.case_studies = CaseStudyIndexPageFactory(parent=self.home)
        self.events = EventIndexPageFactory(parent=self.home)
        require_moderation(self.news)
        require_moderation(self.case_studies)

    def forum(self, members=0, **kwargs):
        forum = ForumPageFactory(parent=self.forums, **kwargs)
        add_members(forum, ForumMember, members)
        return forum

    def cluster(self, members=0, **kwargs):
        cluster = ClusterPageFactory(parent=self.clusters, **kwargs)
        add_members(cluster, ClusterMember, members)
        return cluster


def add_members(page, link_model, count):
    organisations = OrganisationFactory.create_batch(count)
    link_model.objects.bulk_create(
        link_model(page=page, organisation=organisation, sort_order=n)
        for n, organisation in enumerate(organisations)
    )
    return organisations
