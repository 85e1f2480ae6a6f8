"""The bid page, creating and editing bids, sections, comments, history and restore."""

urlpatterns = []
