"""Page types and site settings of the public site."""

from django.db import models
from django.http import Http404
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, PageViewRestriction
from wagtail.search import index

from home.blocks import BodyBlock
from portal.forms import LengthLimitMixin
from portal.repeated import child_page, public, remember
from portal.stemming import Stemmed

HOME_NEWS_COUNT = 3
HOME_EVENTS_COUNT = 3


# Length limits of the text staff type on every page (see docs/operators/limits.md).
SUMMARY_LENGTH = 1000
INTRODUCTION_LENGTH = 2000
RICH_TEXT_LENGTH = 20000

SUMMARY_HELP = (
    "One or two sentences saying what this page is about. Shown on cards and in search "
    "results that link to it, and by search engines and social media."
)


class PageForm(LengthLimitMixin, WagtailAdminPageForm):
    """Every page's edit form: too long a text says its limit as the members' forms do."""


class BasePage(Stemmed, Page):
    """Fields every public page has: a summary and image for listing cards and social sharing.

    The one ``summary`` (on the Content tab) is the card text, the meta description and the
    social media description. Wagtail's own ``search_description`` would be a second place
    to write the same thing, so it is left off the Promote tab; ``seo_title`` stays there.
    """

    summary = models.TextField(blank=True, max_length=SUMMARY_LENGTH, help_text=SUMMARY_HELP)
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media (1200 × 630 pixels is best)",
    )

    content_panels = Page.content_panels + [FieldPanel("summary")]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("slug"), FieldPanel("seo_title")], heading="For search engines"
        ),
        MultiFieldPanel([FieldPanel("show_in_menus")], heading="For site menus"),
        FieldPanel("social_image"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("search_stems"),  # word forms: portal.stemming
    ]
    base_form_class = PageForm

    class Meta:
        abstract = True

    def route(self, request, path_components):
        """Wagtail's routing, with each page on the way found in the cache (``child_page``)."""
        if not path_components:
            return super().route(request, path_components)
        subpage = child_page(self, path_components[0])
        if subpage is None:
            raise Http404
        subpage._cached_parent_obj = self
        return subpage.route(request, path_components[1:])

    def get_view_restrictions(self):
        """Wagtail's view restrictions for this page and its ancestors, asked of the
        database only when one of them has any.

        Which of them are restricted is kept until the content changes (saving a
        restriction moves the content generation on), so an open page costs no query here:
        Wagtail asked two on every page served.
        """
        restricted = remember(
            "restricted-pages", self.pk, compute=self._restricted_page_ids, local=True
        )
        if not restricted:
            return PageViewRestriction.objects.none()
        return PageViewRestriction.objects.filter(page_id__in=restricted)

    def _restricted_page_ids(self):
        return sorted(set(super().get_view_restrictions().values_list("page_id", flat=True)))

    @property
    def sharing_image(self):
        """The image social media previews show: the chosen one, else the page's own image."""
        return self.social_image or getattr(self, "image", None)

    @property
    def card_text(self):
        """The text a card, a search result or a social preview shows: the summary."""
        return self.summary


class HomePage(BasePage):
    """The root of the public site."""

    hero_heading = models.CharField(max_length=120, default="Sharing without merging")
    hero_text = models.TextField(
        blank=True,
        max_length=1000,
        help_text="A sentence or two under the heading, saying what the site is for",
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [
        MultiFieldPanel([FieldPanel("hero_heading"), FieldPanel("hero_text")], heading="Hero"),
        FieldPanel("body"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("body"),
    ]

    parent_page_types = ["wagtailcore.Page"]

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from home import calendars, feeds
        from home.models import EventPage, NewsPage

        # The section cards are the same for everyone until a page changes: read them (one
        # query per page type) once per content generation.
        context["sections"] = remember(
            "home-sections", self.pk, compute=lambda: self.section_cards(request)
        )
        context["latest_news"] = feeds.listing(public(NewsPage.objects.descendant_of(self).live()))[
            :HOME_NEWS_COUNT
        ]
        context["upcoming_events"] = calendars.listing(
            public(EventPage.objects.descendant_of(self).live()).upcoming()
        )[:HOME_EVENTS_COUNT]
        return context

    def section_cards(self, request):
        """Title, address and card text of each top-level page shown in menus."""
        sections = public(self.get_children().live()).in_menu().specific().order_by("path")
        return [
            {"title": page.title, "url": page.get_url(request), "card_text": page.card_text}
            for page in sections
        ]

    def feed_links(self):
        """Advertise the site-wide news feeds and events calendar from the home page."""
        return remember("home-feed-links", self.pk, compute=self._feed_links, local=True)

    def _feed_links(self):
        from home.models import EventIndexPage, NewsIndexPage

        links = []
        for index_class in (NewsIndexPage, EventIndexPage):
            index_page = index_class.objects.child_of(self).live().first()
            if index_page:
                links += index_page.feed_links()
        return links


class StandardPage(BasePage):
    """A page of prose: about us, how to join, the accessibility statement, privacy notice."""

    introduction = models.TextField(
        blank=True, max_length=INTRODUCTION_LENGTH, help_text="Shown large, under the title"
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "home.SurveyPage"]

    class Meta:
        verbose_name = "standard page"
