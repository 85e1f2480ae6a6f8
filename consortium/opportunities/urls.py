"""Funding opportunities at /opportunities/: the list, each opportunity, seeking partners,
and the feeds."""

from django.urls import path

from consortium.opportunities import feeds, views

app_name = "opportunities"

urlpatterns = [
    path("", views.index, name="index"),
    path("feed/rss/", feeds.OpenOpportunitiesFeed(), name="rss"),
    path("feed/deadlines.ics", feeds.deadlines_calendar, name="ical"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/seek-partners/", views.seek, name="seek"),
]
