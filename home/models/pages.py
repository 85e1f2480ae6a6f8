"""Page types and site settings of the public site."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.blocks import BodyBlock

HOME_NEWS_COUNT = 3
HOME_EVENTS_COUNT = 3


class BasePage(Page):
    """Fields every public page has: a summary and image for listing cards and social sharing.

    Wagtail's own ``seo_title`` and ``search_description`` sit beside them on the Promote tab.
    """

    listing_summary = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences shown on cards that link to this page. "
        "Defaults to the search description.",
    )
    social_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown when the page is shared on social media (1200 × 630 pixels is best)",
    )

    promote_panels = [
        MultiFieldPanel(Page.promote_panels, heading="Common page configuration"),
        FieldPanel("listing_summary"),
        FieldPanel("social_image"),
    ]

    search_fields = Page.search_fields + [index.SearchField("listing_summary")]

    class Meta:
        abstract = True

    @property
    def sharing_image(self):
        """The image social media previews show: the chosen one, else the page's own image."""
        return self.social_image or getattr(self, "image", None)

    @property
    def card_text(self):
        """The text a card, a search result or a social preview shows for this page."""
        return self.listing_summary or getattr(self, "summary", "") or self.search_description


class HomePage(BasePage):
    """The root of the public site."""

    hero_heading = models.CharField(max_length=120, default="Sharing without merging")
    hero_text = models.TextField(
        blank=True, help_text="A sentence or two under the heading, saying what the site is for"
    )
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [
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

        context["sections"] = (
            self.get_children().live().public().in_menu().specific().order_by("path")
        )
        context["latest_news"] = feeds.listing(
            NewsPage.objects.descendant_of(self).live().public()
        )[:HOME_NEWS_COUNT]
        context["upcoming_events"] = calendars.listing(
            EventPage.objects.descendant_of(self).live().public().upcoming()
        )[:HOME_EVENTS_COUNT]
        return context

    def feed_links(self):
        """Advertise the site-wide news feeds and events calendar from the home page."""
        from home.models import EventIndexPage, NewsIndexPage

        links = []
        for index_class in (NewsIndexPage, EventIndexPage):
            index_page = index_class.objects.child_of(self).live().first()
            if index_page:
                links += index_page.feed_links()
        return links


class StandardPage(BasePage):
    """A page of prose: about us, how to join, the accessibility statement, privacy notice."""

    introduction = models.TextField(blank=True, help_text="Shown large, under the title")
    body = StreamField(BodyBlock(), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage", "home.SurveyPage"]

    class Meta:
        verbose_name = "standard page"
