"""listings: members' area views (see consortium/urls.py)."""

app_name = "listings"
urlpatterns = []
