"""organisations: members' area views (see consortium/urls.py)."""

app_name = "organisations"
urlpatterns = []
