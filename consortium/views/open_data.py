"""Awarded bids as open data: 360Giving JSON and CSV."""

app_name = "open_data"

urlpatterns = []
