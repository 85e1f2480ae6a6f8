"""Pieces shared by several page types: organisation links, feeds and calendars."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import path
from wagtail.models import Orderable

from home import calendars, feeds
from portal.repeated import public, remember

LATEST_NEWS_COUNT = 5
UPCOMING_EVENTS_COUNT = 5


class OrganisationLink(Orderable):
    """An ordered link from a page to a member organisation (subclassed per page type)."""

    organisation = models.ForeignKey(
        "consortium.Organisation", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        abstract = True

    def __str__(self):
        return str(self.organisation)


class GroupPageMixin:
    """Forum and cluster pages: their members, news and meetings, with feeds of each.

    The concrete page says which field of news and events points at it
    (``group_field``: "forum" or "cluster").
    """

    group_field = None

    def members(self):
        return [
            link.organisation
            for link in self.member_links.select_related("organisation").order_by(
                "sort_order", "organisation__name"
            )
        ]

    def published_news(self):
        from home.models.news import NewsPage

        return public(NewsPage.objects.live()).filter(**{self.group_field: self})

    def published_events(self):
        from home.models.events import EventPage

        return public(EventPage.objects.live()).filter(**{self.group_field: self})

    def upcoming_events(self):
        return self.published_events().upcoming()

    def kept(self, request, name, compute):
        """``compute()``, the same for every visitor until anything is published or changed
        (which moves the content generation on), so kept in the process (``portal.repeated``,
        as for menus): a group's members and news cost a third of its page. A preview shows
        the page as edited, not saved: it is worked out afresh."""
        if getattr(request, "is_preview", False):
            return compute()
        return remember(name, self.pk, compute=compute, local=True)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["members"] = self.kept(request, "group-members", self.members)
        context["latest_news"] = self.kept(
            request,
            "group-news",
            lambda: list(feeds.listing(self.published_news())[:LATEST_NEWS_COUNT]),
        )
        # Upcoming ones change with the time of day: asked every time.
        context["upcoming_events"] = calendars.listing(self.upcoming_events())[
            :UPCOMING_EVENTS_COUNT
        ]
        return context

    def feed_links(self):
        """The alternate links this page advertises in its <head>."""
        return [
            feeds.alternate(f"{self.title}: news (RSS)", self.url + "news/rss/", "rss"),
            feeds.alternate(f"{self.title}: news (Atom)", self.url + "news/atom/", "atom"),
            calendars.alternate(f"{self.title}: events calendar", self.url + "events/ical/"),
        ]

    @path("news/rss/", name="news_rss")
    def news_rss(self, request):
        return feeds.news_feed(request, self, self.published_news(), atom=False, group=True)

    @path("news/atom/", name="news_atom")
    def news_atom(self, request):
        return feeds.news_feed(request, self, self.published_news(), atom=True, group=True)

    @path("events/ical/", name="events_ics")
    def events_ics(self, request):
        return calendars.calendar_response(request, self, self.published_events())
