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
# Self-contained (its own imports) so that it merges whatever the top of the file becomes.

from wagtail import hooks  # noqa: E402


@hooks.register("register_admin_urls")
def register_organisation_import_url():
    from django.urls import path

    from consortium.admin_imports import ImportOrganisationsView

    return [
        path(
            "organisations/import/",
            ImportOrganisationsView.as_view(),
            name="consortium_import_organisations",
        )
    ]


@hooks.register("register_admin_menu_item")
def register_organisation_import_menu_item():
    from django.urls import reverse
    from wagtail.admin.menu import MenuItem

    from consortium import permissions

    class ImportOrganisationsMenuItem(MenuItem):
        def is_shown(self, request):
            return permissions.can_import_organisations(request.user)

    return ImportOrganisationsMenuItem(
        "Import organisations",
        reverse("consortium_import_organisations"),
        icon_name="upload",
        order=210,
    )
