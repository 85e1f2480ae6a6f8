"""members: members' area views (see consortium/urls.py)."""

app_name = "members"
urlpatterns = []
