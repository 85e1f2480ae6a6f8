"""RSS and Atom feeds of news, site-wide and per forum or cluster."""

import datetime

from django.conf import settings
from django.db.models import F, Prefetch
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from wagtail.images.models import Image

from portal.text import PlainTextFeed, as_feed_html

FEED_LENGTH = 20
FEED_TYPES = {"rss": "application/rss+xml", "atom": "application/atom+xml"}


def alternate(title, href, kind):
    """A <link rel="alternate"> for the page head."""
    return {"title": title, "href": href, "type": FEED_TYPES[kind]}


def listing(news_items):
    """News pages with everything a card shows, in a constant number of queries."""
    # The card shows only the forum's and cluster's titles: two columns, not two whole pages.
    return (
        news_items.annotate(forum_title=F("forum__title"), cluster_title=F("cluster__title"))
        .prefetch_related(
            Prefetch("image", queryset=Image.objects.prefetch_renditions()),
            "tagged_items__tag",
        )
        .order_by("-date", "-pk")
    )


def site_name(request):
    """The name readers know the site by: the one in Settings, else WAGTAIL_SITE_NAME."""
    from home.models import SiteSettings

    return SiteSettings.for_request(request).organisation_name or settings.WAGTAIL_SITE_NAME


def channel_title(site, page, group):
    """What a feed reader lists the feed as: "Shoal news", "Shoal: Health Forum news".

    A reader holds feeds from many sites, so the site's name comes first; a forum's or
    cluster's feed adds the group's name, and the site-wide one the news index's title.
    """
    if group:
        return f"{site}: {page.title} news"
    return f"{site} {page.title.lower()}"


class NewsFeed(PlainTextFeed):
    """A feed of the given news items, titled after the site and the page that offers it."""

    def __init__(self, page, items, atom, title, request):
        super().__init__()
        # Addresses are worked out with the request, which keeps Wagtail's site root paths
        # for the whole response (``page.url`` alone reads them from the cache every time).
        self.request = request
        self.page = page
        self.news = items
        self.feed_type = Atom1Feed if atom else Rss201rev2Feed
        self.channel_title = title

    def title(self):
        return self.channel_title

    def link(self):
        return self.page.get_url(self.request)

    def description(self):
        return f"The latest news from {self.page.title}"

    def items(self):
        return listing(self.news)[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Readers show the description (Atom: the summary) as HTML; the summary is plain text.
        return as_feed_html(item.summary)

    def item_link(self, item):
        return item.get_url(self.request)

    def item_guid(self, item):
        return f"urn:uuid:{item.translation_key}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time.min))

    def item_updateddate(self, item):
        return item.last_published_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [tagged.tag.name for tagged in item.tagged_items.all()]


def news_feed(request, page, items, atom, group=False):
    """The feed response; ``group`` is true for a forum's or cluster's own news."""
    title = channel_title(site_name(request), page, group)
    return NewsFeed(page, items, atom, title, request)(request)
