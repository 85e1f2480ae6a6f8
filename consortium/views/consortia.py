"""Consortia at /consortia/: creating one, invitations, roles and contacts."""

app_name = "consortia"

urlpatterns = []
