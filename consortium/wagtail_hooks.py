"""Staff manage member organisations in the Wagtail admin (full history kept)."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from consortium.models import Organisation


class OrganisationViewSet(SnippetViewSet):
    model = Organisation
    icon = "group"
    menu_label = "Organisations"
    menu_order = 200
    add_to_admin_menu = True
    list_display = ["name", "area", "website", "updated_at"]
    list_filter = ["area"]
    search_fields = ["name", "short_description"]
    ordering = ["name"]


register_snippet(OrganisationViewSet)


# --- Organisations: import a membership list (feat/organisations) ------------------------
# Self-contained: staff import organisations from CSV or Excel with a preview.

from django.urls import path as _import_path, reverse as _import_reverse  # noqa: E402
from wagtail import hooks as _import_hooks  # noqa: E402
from wagtail.admin.menu import MenuItem as _ImportMenuItem  # noqa: E402

from consortium import permissions as _import_permissions  # noqa: E402
from consortium.admin_imports import ImportOrganisationsView  # noqa: E402


@_import_hooks.register("register_admin_urls")
def register_organisation_import_url():
    return [
        _import_path(
            "organisations/import/",
            ImportOrganisationsView.as_view(),
            name="consortium_import_organisations",
        )
    ]


class _ImportOrganisationsMenuItem(_ImportMenuItem):
    def is_shown(self, request):
        return _import_permissions.can_import_organisations(request.user)


@_import_hooks.register("register_admin_menu_item")
def register_organisation_import_menu_item():
    return _ImportOrganisationsMenuItem(
        "Import organisations",
        _import_reverse("consortium_import_organisations"),
        icon_name="upload",
        order=210,
    )
