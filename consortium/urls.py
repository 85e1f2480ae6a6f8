"""The members' area: each area's views module carries its own URL patterns."""

from django.urls import include, path

urlpatterns = [
    path("members/", include("consortium.views.members")),
    path("organisations/", include("consortium.views.organisations")),
    path("resources/", include("consortium.views.listings")),
    path("joint-buying/", include("consortium.views.buying")),
    path("impact/", include("consortium.views.impact")),
    path("opportunities/", include("consortium.views.opportunities")),
    path("consortia/", include("consortium.views.consortia")),
    path("bids/", include("consortium.views.bids")),
    path("open-data/", include("consortium.views.open_data")),
]
