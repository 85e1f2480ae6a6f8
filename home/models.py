"""Page types and site settings of the public site."""

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .blocks import BodyBlock


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
    def summary(self):
        """The text a card or a search result shows for this page."""
        return self.listing_summary or self.search_description


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
        context["sections"] = (
            self.get_children().live().public().in_menu().specific().order_by("path")
        )
        return context


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
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = "standard page"


class SocialLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=60, help_text="For example Mastodon, Facebook, LinkedIn")
    url = blocks.URLBlock()

    class Meta:
        icon = "link"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details and social links shown in the footer, edited under Settings."""

    organisation_name = models.CharField(max_length=200, default="Shoal")
    tagline = models.CharField(
        max_length=200, blank=True, default="Small charities, sharing without merging"
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True)
    charity_number = models.CharField(
        max_length=40, blank=True, help_text="Registered charity or company number, if any"
    )
    footer_text = RichTextField(blank=True, features=["bold", "italic", "link"])
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)

    panels = [
        FieldPanel("organisation_name"),
        FieldPanel("tagline"),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("address"),
                FieldPanel("charity_number"),
            ],
            heading="Contact details",
        ),
        FieldPanel("footer_text"),
        FieldPanel("social_links"),
    ]

    class Meta:
        verbose_name = "site settings"
