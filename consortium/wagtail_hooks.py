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
