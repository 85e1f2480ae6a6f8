"""Funding opportunities at /opportunities/: grants and tenders, feeds, partner search."""

app_name = "opportunities"

urlpatterns = []
