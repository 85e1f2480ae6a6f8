"""Events: meetings, webinars and podcasts, with iCalendar feeds."""

import bisect

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from home import calendars
from home.blocks import BodyBlock
from portal.pagination import paginate
from portal.repeated import public, remember

from .pages import INTRODUCTION_LENGTH, SUMMARY_HELP, SUMMARY_LENGTH, BasePage
from .snippets import MeetingFormat

PAST_EVENTS_PER_PAGE = 10
# Upcoming events are paged too (by ?upcoming=N), so a busy county's index stays quick.
UPCOMING_EVENTS_PER_PAGE = 20
UPCOMING_PAGE = "upcoming"


class EventKind(models.TextChoices):
    MEETING = "meeting", "Meeting"
    WEBINAR = "webinar", "Webinar"
    PODCAST = "podcast", "Podcast"
    TRAINING = "training", "Training"
    CONFERENCE = "conference", "Conference"


class EventQuerySet(PageQuerySet):
    def upcoming(self):
        """Events that have not ended yet, soonest first."""
        return self.filter(end__gte=timezone.now()).order_by("start")

    def past(self):
        """Events that have ended, most recent first."""
        return self.filter(end__lt=timezone.now()).order_by("-start")


class EventIndexPage(RoutablePageMixin, BasePage):
    """Upcoming events first, then past events (paginated), with a calendar feed."""

    introduction = models.TextField(blank=True, max_length=INTRODUCTION_LENGTH)
    body = StreamField(BodyBlock(), blank=True)

    content_panels = BasePage.content_panels + [FieldPanel("introduction"), FieldPanel("body")]
    search_fields = BasePage.search_fields + [index.SearchField("introduction")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["home.EventPage"]

    class Meta:
        verbose_name = "event index page"

    def events(self):
        return public(EventPage.objects.child_of(self).live())

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = calendars.listing(self.events())
        upcoming, past = self.counts()
        context["upcoming_events"], _ = paginate(
            request,
            events.upcoming(),
            UPCOMING_EVENTS_PER_PAGE,
            param=UPCOMING_PAGE,
            count=upcoming,
        )
        context["past_events"], _ = paginate(
            request, events.past(), PAST_EVENTS_PER_PAGE, count=past
        )
        return context

    def counts(self, now=None):
        """(upcoming, past): how many events have not ended yet and how many have.

        Counting thousands of events twice on every visit was most of the page's time. The
        events' end times are read once per content generation instead (any publish moves
        it on); which of them are past depends only on the clock.
        """
        ends = remember(
            "event-ends",
            self.pk,
            compute=lambda: sorted(
                end.timestamp() for end in self.events().values_list("end", flat=True)
            ),
            local=True,  # thousands of times: unpickled from the cache, a millisecond a visit
        )
        past = bisect.bisect_left(ends, (now or timezone.now()).timestamp())
        return len(ends) - past, past

    def feed_links(self):
        return [calendars.alternate(f"{self.title} calendar", self.url + "ical/")]

    @path("ical/", name="calendar")
    def calendar(self, request):
        return calendars.calendar_response(request, self, self.events())


class EventPage(RoutablePageMixin, BasePage):
    """A meeting, webinar or podcast. Times are entered and shown in UK time."""

    kind = models.CharField(max_length=20, choices=EventKind.choices, default=EventKind.MEETING)
    start = models.DateTimeField(help_text="UK time")
    end = models.DateTimeField(help_text="UK time")
    meeting_format = models.CharField(
        "format", max_length=20, choices=MeetingFormat.choices, default=MeetingFormat.ONLINE
    )
    venue = models.TextField(
        blank=True, max_length=1000, help_text="Address, for face-to-face or hybrid events"
    )
    join_link = models.URLField(
        blank=True, help_text="The online meeting link. Only signed-in members see it."
    )
    recording_url = models.URLField(
        blank=True, help_text="A video or podcast address, shown once the event is over"
    )
    summary = models.TextField(
        max_length=SUMMARY_LENGTH, help_text=SUMMARY_HELP
    )  # required: calendars need it
    image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    forum = models.ForeignKey(
        "home.ForumPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    cluster = models.ForeignKey(
        "home.ClusterPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    body = StreamField(BodyBlock(), blank=True)

    objects = PageManager.from_queryset(EventQuerySet)()

    content_panels = BasePage.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("meeting_format")]),
        FieldRowPanel([FieldPanel("start"), FieldPanel("end")], heading="When (UK time)"),
        MultiFieldPanel(
            [FieldPanel("venue"), FieldPanel("join_link"), FieldPanel("recording_url")],
            heading="Where",
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("forum"), FieldPanel("cluster")], heading="Related group"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("venue"),
        index.SearchField("body"),
        index.FilterField("start"),
        # Facets of the site search.
        index.FilterField("forum"),
        index.FilterField("cluster"),
    ]
    parent_page_types = ["home.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "event page"
        ordering = ["start"]
        # Upcoming events soonest first and past ones latest first, without sorting them all:
        # the database walks the starts in order and checks each end in the index itself.
        indexes = [models.Index(fields=["start", "end"], name="home_event_start_end_idx")]

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "The end must be after the start"
        if self.meeting_format != MeetingFormat.ONLINE and not self.venue:
            errors["venue"] = "Enter the venue's address for a face-to-face or hybrid event"
        if errors:
            raise ValidationError(errors)

    @property
    def is_past(self):
        return self.end < timezone.now()

    @property
    def is_online(self):
        return self.meeting_format != MeetingFormat.FACE_TO_FACE

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["show_join_link"] = bool(
            self.join_link and request.user.is_authenticated and not self.is_past
        )
        return context

    def feed_links(self):
        return [calendars.alternate(f"{self.title} (add to calendar)", self.url + "ical/")]

    @path("ical/", name="ics")
    def ics(self, request):
        return calendars.calendar_response(request, self, [self], filename=self.slug)
