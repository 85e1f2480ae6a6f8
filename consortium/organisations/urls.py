"""Organisations at /organisations/: the directory, profiles, members and the vault."""

from django.urls import path

from consortium.organisations import org_id_views, vault_views, views

app_name = "organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("register/", views.register, name="register"),
    path(
        "register/org-id/<slug:org_id>/dispute/",
        org_id_views.dispute_org_id,
        name="dispute_org_id",
    ),
    path("<slug:slug>/", views.profile, name="profile"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/documents/", vault_views.documents, name="documents"),
    path("<slug:slug>/documents/add/", vault_views.document_add, name="document_add"),
    path(
        "<slug:slug>/documents/<int:pk>/replace/",
        vault_views.document_replace,
        name="document_replace",
    ),
    path(
        "<slug:slug>/documents/<int:pk>/delete/",
        vault_views.document_delete,
        name="document_delete",
    ),
    path(
        "<slug:slug>/documents/<int:pk>/download/",
        vault_views.document_download,
        name="document_download",
    ),
]
