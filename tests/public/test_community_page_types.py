"""The public community pages: where each page type lives, that each renders its body,
and the sitemap."""

import pytest
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from home.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    ClusterIndexPage,
    ClusterPage,
    EventIndexPage,
    EventPage,
    ForumIndexPage,
    ForumPage,
    HomePage,
    NewsIndexPage,
    NewsPage,
    StandardPage,
    SurveyPage,
)
from tests.factories import CaseStudyPageFactory, EventPageFactory, NewsPageFactory
from tests.public.community import CommunitySite

pytestmark = pytest.mark.django_db


class PageTreeRulesTests(WagtailPageTestCase):
    """Each page type lives where a reader would look for it."""

    def test_index_pages_live_under_the_home_page(self):
        for index in (
            ForumIndexPage,
            ClusterIndexPage,
            NewsIndexPage,
            CaseStudyIndexPage,
            EventIndexPage,
        ):
            self.assertAllowedParentPageTypes(index, {HomePage})

    def test_each_index_holds_only_its_own_pages(self):
        self.assertAllowedSubpageTypes(ForumIndexPage, {ForumPage})
        self.assertAllowedSubpageTypes(ClusterIndexPage, {ClusterPage})
        self.assertAllowedSubpageTypes(NewsIndexPage, {NewsPage})
        self.assertAllowedSubpageTypes(CaseStudyIndexPage, {CaseStudyPage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})

    def test_leaf_pages_have_no_children(self):
        for leaf in (ForumPage, ClusterPage, NewsPage, CaseStudyPage, EventPage, SurveyPage):
            self.assertAllowedSubpageTypes(leaf, set())

    def test_surveys_live_under_home_or_standard_pages(self):
        self.assertAllowedParentPageTypes(SurveyPage, {HomePage, StandardPage})

    def test_home_page_is_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_every_page_type_routes_and_renders(self):
        site = CommunitySite()
        pages = [
            site.forums,
            site.clusters,
            site.news,
            site.case_studies,
            site.events,
            site.forum(members=2),
            site.cluster(members=2),
            NewsPageFactory(parent=site.news),
            CaseStudyPageFactory(parent=site.case_studies),
            EventPageFactory(parent=site.events),
        ]
        for page in pages:
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)


def test_every_page_type_renders_its_streamfield_body(client, site):
    from tests.factories import SurveyPageFactory

    body = [("heading", {"text": "A heading from the block library", "level": "h2"})]
    pages = [
        site.forums,
        site.clusters,
        site.news,
        site.case_studies,
        site.events,
        site.forum(),
        site.cluster(),
        NewsPageFactory(parent=site.news),
        CaseStudyPageFactory(parent=site.case_studies),
        EventPageFactory(parent=site.events),
        SurveyPageFactory(parent=site.home),
    ]
    for page in pages:
        page.body = body
        page.save_revision().publish()
        html = client.get(page.url).content.decode()
        assert "A heading from the block library</h2>" in html, type(page).__name__


def test_sitemap_lists_every_public_page_type(client, site):
    pages = [
        site.forum(),
        site.cluster(),
        NewsPageFactory(parent=site.news),
        CaseStudyPageFactory(parent=site.case_studies),
        EventPageFactory(parent=site.events),
    ]
    sitemap = client.get("/sitemap.xml").content.decode()
    for page in pages + [site.forums, site.clusters, site.news, site.case_studies, site.events]:
        assert f"{page.url}</loc>" in sitemap


def test_no_page_type_changes_its_sitemap_entry():
    """portal/sitemaps.py reads pages generically, which is only right while this holds."""
    from wagtail.models import Page, get_page_models

    assert [
        model.__name__
        for model in get_page_models()
        if model.get_sitemap_urls is not Page.get_sitemap_urls
    ] == []
