"""Offers and needs at /resources/: listings, replies, matches, reports, watches."""

from django.urls import path

from . import availability, browse, conversations, hours, manage, photos, replies, shifts, watches

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
    path("<int:pk>/photos/", photos.manage, name="photos"),
    path("photos/<int:pk>/", photos.image, name="photo"),
    path("photos/<int:pk>/card/", photos.card, name="photo_card"),
    path("photos/<int:pk>/remove/", photos.remove, name="remove_photo"),
    path("photos/<int:pk>/move/", photos.move, name="move_photo"),
    path("<int:pk>/role/", shifts.role, name="role"),
    path("<int:pk>/shifts/", shifts.shifts, name="shifts"),
    path("shifts/<int:pk>/remove/", shifts.remove_shift, name="remove_shift"),
    path("shifts/<int:pk>/sign-up/", shifts.sign_up, name="sign_up"),
    path("sign-ups/<int:pk>/cancel/", shifts.cancel_sign_up, name="cancel_sign_up"),
    *availability.urlpatterns,
    *hours.urlpatterns,
]
