"""Site-wide settings edited in the admin under Settings."""

import copy

from django.db import models
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Site

from .snippets import AdminForm


class SocialLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(max_length=60, help_text="For example Mastodon, Facebook, LinkedIn")
    url = blocks.URLBlock()

    class Meta:
        icon = "link"


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details, social links and legal pages shown in the footer, edited under Settings."""

    base_form_class = AdminForm

    organisation_name = models.CharField(max_length=200, default="Shoal")
    tagline = models.CharField(
        max_length=200, blank=True, default="Small charities, sharing without merging"
    )
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    address = models.TextField(blank=True, max_length=500)
    charity_number = models.CharField(
        max_length=40, blank=True, help_text="Registered charity or company number, if any"
    )
    footer_text = RichTextField(blank=True, max_length=2000, features=["bold", "italic", "link"])
    social_links = StreamField([("link", SocialLinkBlock())], blank=True)
    privacy_notice = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from the footer of every page and from every survey",
    )
    accessibility_statement = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Linked from the footer of every page",
    )

    # The footer shows both links on every page: fetch them with the settings, in one query.
    select_related = ["privacy_notice", "accessibility_statement"]

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
        MultiFieldPanel(
            [FieldPanel("privacy_notice"), FieldPanel("accessibility_statement")],
            heading="Legal pages",
        ),
    ]

    class Meta:
        verbose_name = "site settings"

    @classmethod
    def for_request(cls, request):
        """The settings for the request's site, from the cache until any content changes.

        Every page shows them (header, footer, titles), so they are read from the database
        once per content generation (``portal.repeated``), not on every request. The admin
        edits them through ``for_site``, which still reads the database.
        """
        from portal.repeated import remember

        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            # A copy: the process's kept settings are shared by its requests.
            site_settings = copy.copy(
                remember(
                    "site-settings",
                    site.pk if site else None,
                    compute=lambda: cls._read(site),
                    local=True,
                )
            )
            site_settings._request = request
            setattr(request, attr_name, site_settings)
        return getattr(request, attr_name)

    @classmethod
    def _read(cls, site):
        """The site's saved settings, else the defaults (saved when first edited in the admin).

        Unlike ``for_site`` this never writes: showing a page changes nothing, so it does not
        move the content generation on.
        """
        if not site:
            return cls()
        found = cls.base_queryset().filter(site=site).first()
        return found if found is not None else cls(site=site)
