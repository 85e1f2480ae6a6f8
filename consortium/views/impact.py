"""impact: members' area views (see consortium/urls.py)."""

app_name = "impact"
urlpatterns = []
