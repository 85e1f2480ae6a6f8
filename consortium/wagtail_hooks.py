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


# --- Impact: the dashboard panel (joint buying and impact helper) ------------------------

from django.template.loader import render_to_string  # noqa: E402
from wagtail import hooks  # noqa: E402
from wagtail.admin.ui.components import Component  # noqa: E402


class ImpactPanel(Component):
    """The impact page's headline figures and monthly chart on the admin dashboard."""

    name = "shoal_impact"
    order = 150

    def render_html(self, parent_context=None):
        from consortium.views.impact import context

        return render_to_string("consortium/impact/admin_panel.html", context())


@hooks.register("construct_homepage_panels")
def add_impact_panel(request, panels):
    panels.append(ImpactPanel())
