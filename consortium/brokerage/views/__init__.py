"""Offers and needs at /resources/: listings, replies, matches, reports, watches."""

from django.urls import path

from . import availability, browse, conversations, hours, manage, replies, watches

app_name = "listings"
urlpatterns = [
    path("", browse.index, name="index"),
    path("new/", manage.create, name="create"),
    path("watches/", watches.watches, name="watches"),
    path("watches/<int:pk>/remove/", watches.remove_watch, name="remove_watch"),
    path("<int:pk>/", browse.detail, name="detail"),
    path("<int:pk>/edit/", manage.edit, name="edit"),
    path("<int:pk>/close/", manage.close, name="close"),
    path("<int:pk>/reply/", replies.reply, name="reply"),
    path("<int:pk>/report/", replies.report, name="report"),
    path("replies/<int:pk>/", replies.answer, name="answer"),
    path("replies/<int:pk>/message/", conversations.send, name="send_message"),
    path("replies/<int:pk>/report/", conversations.report, name="report_conversation"),
    path("messages/<int:pk>/file/", conversations.download, name="message_file"),
    path("matches/<int:pk>/", replies.match, name="match"),
    path("attachments/<int:pk>/", browse.download, name="download"),
    *availability.urlpatterns,
    *hours.urlpatterns,
]
