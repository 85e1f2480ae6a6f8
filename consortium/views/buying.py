"""buying: members' area views (see consortium/urls.py)."""

app_name = "buying"
urlpatterns = []
