"""The members' area views, one module per area; each module holds its own urlpatterns."""
