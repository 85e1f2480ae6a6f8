"""The members' area: each area's views module carries its own URL patterns."""

from django.urls import include, path

from consortium.bids.views.library import library_urlpatterns
from consortium.members.data_views import organisation_data

urlpatterns = [
    path("members/", include("consortium.members.views")),
    path("organisations/<slug:slug>/data.zip", organisation_data, name="organisation_data"),
    path("organisations/", include("consortium.organisations.urls")),
    path("resources/", include("consortium.brokerage.views")),
    path("joint-buying/", include("consortium.buying.views")),
    path("impact/", include("consortium.impact.views")),
    path("opportunities/", include("consortium.opportunities.urls")),
    path("consortia/", include("consortium.bids.views.consortia")),
    path("bids/", include("consortium.bids.views")),
    path("library/", include((library_urlpatterns, "library"))),
    path("open-data/", include("consortium.impact.open_data")),
]
